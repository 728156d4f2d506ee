"""Measurements from an export: the participation ladder as one rung, Positieve Gezondheid and the
Zelfredzaamheid-Matrix as a score per dimension or domain, each in a column of its own."""

import pytest

from samen.migration.models import ImportRowResult
from samen.participation.models import HealthAssessment, LadderAssessment, SelfRelianceAssessment

from .conftest import counts
from .hostile import BSNS, person
from .test_import import export

pytestmark = pytest.mark.django_db

HEALTH = {
    "lichaamsfuncties": 7,
    "mentaal_welbevinden": 6,
    "zingeving": 8,
    "kwaliteit_van_leven": 6,
    "meedoen": 4,
    "dagelijks_functioneren": 7,
}


def measurement(bsn, instrument, day="01-03-2024", **scores):
    return {"bsn": bsn, "instrument": instrument, "datum": day, **scores}


def run_measurements(run_export, tmp_path, rows):
    bsns = sorted({row["bsn"] for row in rows})
    return run_export(export(tmp_path, personen=[person(b) for b in bsns], metingen=rows))


def reasons(run, line):
    return " | ".join(ImportRowResult.objects.get(run=run, sheet="metingen", line=line).reasons)


def test_the_three_instruments_become_their_measurements(run_export, tmp_path, case_worker):
    run = run_measurements(
        run_export,
        tmp_path,
        [
            measurement(BSNS[0], "participatieladder", trede_of_score=3),
            measurement(BSNS[0], "Positieve Gezondheid", **HEALTH),
            measurement(BSNS[1], "ZRM", financien=2, huisvesting=4, sociaal_netwerk=3),
        ],
    )
    assert counts(run)["metingen"] == (3, 3, 0, 0, 0)
    health = HealthAssessment.objects.get(dossier__resident__bsn=BSNS[0])
    assert [score for _code, _label, score in health.scores()] == list(HEALTH.values())
    assert health.filled_in == HealthAssessment.FilledIn.TOGETHER
    matrix = SelfRelianceAssessment.objects.get(dossier__resident__bsn=BSNS[1])
    assert matrix.scores == {"finances": 2, "housing": 4, "social_network": 3}
    assert LadderAssessment.objects.get(dossier__resident__bsn=BSNS[0]).confirmed_rung == 3


def test_the_same_scores_again_are_unchanged_and_other_scores_correct_them(
    run_export, tmp_path, case_worker
):
    rows = [
        measurement(BSNS[0], "pg", **HEALTH),
        measurement(BSNS[0], "zrm", financien=2),
    ]
    run_measurements(run_export, tmp_path / "first", rows)
    again = run_measurements(run_export, tmp_path / "again", rows)
    assert counts(again)["metingen"] == (2, 0, 0, 2, 0)
    changed = [
        measurement(BSNS[0], "pg", **{**HEALTH, "meedoen": 6}),
        measurement(BSNS[0], "zrm", financien=3, justitie=5),
    ]
    corrected = run_measurements(run_export, tmp_path / "corrected", changed)
    assert counts(corrected)["metingen"] == (2, 0, 2, 0, 0)
    assert HealthAssessment.objects.get().participation == 6
    assert SelfRelianceAssessment.objects.get().scores == {"finances": 3, "justice": 5}


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            measurement(BSNS[0], "positieve_gezondheid", **{**HEALTH, "zingeving": ""}),
            "Positieve Gezondheid vraagt een score voor elk onderdeel; leeg: zingeving",
        ),
        (
            measurement(BSNS[0], "positieve_gezondheid", **{**HEALTH, "meedoen": 11}),
            "meedoen: Positieve Gezondheid scoort van 0 tot en met 10, niet 11",
        ),
        (
            measurement(BSNS[0], "zrm", trede_of_score=3),
            "trede_of_score hoort leeg te zijn bij Zelfredzaamheid-Matrix",
        ),
        (
            measurement(BSNS[0], "zrm"),
            "Zelfredzaamheid-Matrix vraagt een score voor ten minste één domein",
        ),
        (
            measurement(BSNS[0], "zrm", huisvesting=0),
            "huisvesting: Zelfredzaamheid-Matrix scoort van 1 tot en met 5, niet 0",
        ),
        (
            measurement(BSNS[0], "participatieladder", trede_of_score=4, financien=3),
            "bij Participatieladder horen de kolommen financien niet",
        ),
        (measurement(BSNS[0], "participatieladder"), "trede_of_score is leeg"),
        (
            measurement(BSNS[0], "zrm", lichaamsfuncties=7, financien=2),
            "bij Zelfredzaamheid-Matrix horen de kolommen lichaamsfuncties niet",
        ),
    ],
)
def test_a_measurement_that_does_not_fit_its_instrument_is_rejected_with_the_reason(
    run_export, tmp_path, case_worker, row, reason
):
    run = run_measurements(run_export, tmp_path, [row])
    assert counts(run)["metingen"] == (1, 0, 0, 0, 1)
    assert reason in reasons(run, 2)
    assert not HealthAssessment.objects.exists()
    assert not SelfRelianceAssessment.objects.exists()
