"""python src/manage.py import_dossiers: summary, report, resume after Ctrl-C, refusals."""

import io

import pytest
from django.core.management import CommandError, call_command

from samen.accounts.roles import Role
from samen.migration import handlers
from samen.migration.models import ImportRun
from samen.participation.models import BenefitEpisode, Resident

from .conftest import EXAMPLES
from .hostile import BSNS, person, write_folder

EXAMPLE = str(EXAMPLES / "laborijn-export")


def run_command(*args, **options):
    out = io.StringIO()
    call_command("import_dossiers", *args, stdout=out, no_progress=True, **options)
    return out.getvalue()


def test_dry_run_with_report(gm1509, tmp_path, case_worker):
    report = tmp_path / "report.csv"
    out = run_command(EXAMPLE, municipality="GM1509", dry_run=True, report=str(report))
    assert "Proefimport (er is niets in de dossiers geschreven)" in out
    assert (
        "personen           gelezen      14 = zou aanmaken 8 + zou bijwerken 0 + ongewijzigd 0 + afgewezen 6"
        in out
    )
    assert out.count("klopt;") == 5
    assert "kolom 'Opmerking' is onbekend en niet ingelezen" in out
    assert "Rapport per rij (40 rijen)" in out
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "blad;rij;uitkomst;redenen;waarschuwingen"
    assert len(lines) == 41
    assert not Resident.objects.exists()
    run = ImportRun.objects.get()
    assert run.started_by is None and run.started_by_name.startswith("commandoregel (")


def test_import_twice_and_the_second_time_nothing_changes(gm1509, admin, tmp_path, case_worker):
    first = run_command(EXAMPLE, municipality="gm1509", user=admin.email, source="Laborijn")
    assert "Import laborijn-export voor Oude IJsselstreek: klaar" in first
    second = run_command(
        EXAMPLE, municipality="GM1509", user=admin.email, rejected=str(tmp_path / "afgewezen.zip")
    )
    assert "gelezen      14 = aangemaakt 0 + bijgewerkt 0 + ongewijzigd 8 + afgewezen 6" in second
    assert (tmp_path / "afgewezen.zip").exists()
    assert ImportRun.objects.filter(started_by=admin).count() == 2


def test_ctrl_c_then_the_same_command_continues(gm1509, admin, tmp_path, monkeypatch):
    folder = write_folder(
        tmp_path / "export",
        {
            "personen": [person(bsn) for bsn in BSNS[:3]],
            "uitkeringen": [
                {"bsn": bsn, "soort": "bijstand", "startdatum": "01-01-2020"} for bsn in BSNS[:3]
            ],
        },
    )
    original = handlers.BenefitsHandler.decide
    calls = {"n": 0}

    def interrupted(self, valid):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self, valid)

    monkeypatch.setattr(handlers.BenefitsHandler, "decide", interrupted)
    with pytest.raises(CommandError) as caught:
        run_command(str(folder), municipality="GM1509", user=admin.email, batch_size=1)
    assert caught.value.returncode == 130
    assert "Start dezelfde opdracht opnieuw" in str(caught.value)
    assert BenefitEpisode.objects.count() == 1
    monkeypatch.undo()
    out = run_command(str(folder), municipality="GM1509", user=admin.email, batch_size=1)
    assert "Hervat de onderbroken import" in out
    assert "uitkeringen        gelezen       3 = aangemaakt 3" in out
    assert BenefitEpisode.objects.count() == 3
    assert ImportRun.objects.count() == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"municipality": "GM9999"}, "Gemeente GM9999 bestaat niet"),
        (
            {"municipality": "GM1509", "user": "niemand@example.nl"},
            "bestaat niet of is niet actief",
        ),
        ({"municipality": "GM1509", "batch_size": 0}, "--batch-size"),
        ({"municipality": "GM1509", "mapping": "/nowhere.csv"}, "bestaat niet"),
    ],
)
def test_refusals(gm1509, options, message):
    with pytest.raises(CommandError, match=message):
        run_command(EXAMPLE, **options)


def test_only_an_administrator_may_be_named(gm1509, make_user):
    case_worker = make_user(Role.CASE_WORKER, gm1509)
    with pytest.raises(CommandError, match="Alleen een functioneel beheerder"):
        run_command(EXAMPLE, municipality="GM1509", user=case_worker.email)


def test_an_unreadable_export_fails_with_its_reason(gm1509, tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    with pytest.raises(CommandError, match="oud Excel-bestand"):
        run_command(str(path), municipality="GM1509", dry_run=True)
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED
