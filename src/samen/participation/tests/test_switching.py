"""Simpel Switchen: one transaction, no gap, history and reason kept, the declared rules."""

from datetime import date, timedelta
from uuid import uuid4

import pytest

from samen.participation import switching
from samen.participation.models import Arrangement, TargetGroupRegistration
from samen.participation.switching import Draft, SwitchRefused

from .factories import ArrangementFactory, TargetGroupRegistrationFactory

Kind = Arrangement.Kind


def draft(dossier, kind, started_on, **extra):
    return Draft(
        dossier=dossier, kind=kind, started_on=started_on, provider_name="Werkplaats", **extra
    )


@pytest.fixture
def daycare(dossier):
    return ArrangementFactory(dossier=dossier, kind=Kind.DAYCARE, started_on=date(2019, 3, 4))


def test_a_switch_ends_the_current_the_day_before_and_keeps_history(daycare, case_worker):
    new = switching.switch_arrangement(
        daycare,
        draft(daycare.dossier, Kind.WORK_DAYCARE, date(2020, 9, 1)),
        reason="Wil een stap zetten richting werk",
        actor=case_worker,
    )
    daycare.refresh_from_db()
    assert daycare.ended_on == date(2020, 8, 31)
    assert new.started_on - daycare.ended_on == timedelta(days=1)  # no gap, no overlap
    assert daycare.end_reason == "Wil een stap zetten richting werk"
    assert new.switched_from == daycare
    assert daycare.dossier.arrangements.count() == 2  # nothing lost


def test_sheltered_work_needs_a_uwv_advice(daycare, case_worker):
    with pytest.raises(SwitchRefused) as refused:
        switching.switch_arrangement(
            daycare,
            draft(daycare.dossier, Kind.SHELTERED_WORK, date(2021, 1, 4)),
            reason="Beschut werk",
            actor=case_worker,
        )
    assert [r.code for r in refused.value.outcome.blocks] == ["sheltered_work_needs_uwv_advice"]
    assert "UWV" in refused.value.messages[0]
    daycare.refresh_from_db()
    assert daycare.ended_on is None  # refused: nothing changed

    new = switching.switch_arrangement(
        daycare,
        draft(
            daycare.dossier, Kind.SHELTERED_WORK, date(2021, 1, 4), uwv_advice_on=date(2020, 11, 20)
        ),
        reason="Beschut werk",
        actor=case_worker,
    )
    assert new.kind == Kind.SHELTERED_WORK and new.uwv_advice_on == date(2020, 11, 20)


def test_nobody_enters_the_wsw_anew_since_2015(daycare, case_worker):
    with pytest.raises(SwitchRefused) as refused:
        switching.switch_arrangement(
            daycare,
            draft(daycare.dossier, Kind.WSW, date(2020, 1, 6)),
            reason="x",
            actor=case_worker,
        )
    assert refused.value.outcome.blocks[0].code == "no_new_wsw_entrants"
    with pytest.raises(SwitchRefused):
        switching.start_arrangement(draft(daycare.dossier, Kind.WSW, date(2016, 1, 4)), actor=None)


def test_old_wsw_rights_allow_a_return(dossier, case_worker):
    # Recording a Wsw job from before 2015 is allowed, and so is the return to it later.
    old = switching.start_arrangement(draft(dossier, Kind.WSW, date(2010, 5, 1)), actor=case_worker)
    regular = switching.switch_arrangement(
        old,
        draft(dossier, Kind.REGULAR, date(2017, 1, 2)),
        reason="Regulier werk",
        actor=case_worker,
    )
    back = switching.switch_arrangement(
        regular, draft(dossier, Kind.WSW, date(2019, 2, 1)), reason="Terugkeer", actor=case_worker
    )
    assert back.kind == Kind.WSW


def test_a_job_guarantee_without_register_asks_for_acknowledgement(daycare, case_worker):
    job = draft(daycare.dossier, Kind.JOB_GUARANTEE, date(2022, 3, 1))
    with pytest.raises(SwitchRefused) as refused:
        switching.switch_arrangement(daycare, job, reason="Garantiebaan", actor=case_worker)
    assert refused.value.needs_acknowledgement
    assert "doelgroepregister" in refused.value.messages[0]
    new = switching.switch_arrangement(
        daycare, job, reason="Garantiebaan", actor=case_worker, acknowledge_warnings=True
    )
    assert new.kind == Kind.JOB_GUARANTEE


def test_no_warning_when_the_register_says_yes(daycare, case_worker):
    TargetGroupRegistrationFactory(dossier=daycare.dossier)
    outcome = switching.check(draft(daycare.dossier, Kind.JOB_GUARANTEE, date(2022, 3, 1)))
    assert outcome.allowed and not outcome.warnings


def test_a_switch_never_touches_the_target_group_register(daycare, case_worker):
    registration = TargetGroupRegistrationFactory(
        dossier=daycare.dossier,
        status=TargetGroupRegistration.Status.REGISTERED,
        per_date=date(2018, 5, 1),
    )
    switching.switch_arrangement(
        daycare,
        draft(daycare.dossier, Kind.REGULAR, date(2022, 1, 3)),
        reason="Regulier werk zonder ondersteuning",
        actor=case_worker,
    )
    rows = list(
        daycare.dossier.target_group_registrations.values_list("status", "per_date", "source")
    )
    assert rows == [(registration.status, date(2018, 5, 1), "UWV")]


def test_a_switch_date_must_lie_after_the_start(daycare, case_worker):
    with pytest.raises(SwitchRefused) as refused:
        switching.switch_arrangement(
            daycare,
            draft(daycare.dossier, Kind.VOLUNTEERING, daycare.started_on),
            reason="x",
            actor=case_worker,
        )
    assert refused.value.outcome.blocks[0].code == "switch_after_start"


def test_an_arrangement_is_switched_only_once(daycare, case_worker):
    switching.switch_arrangement(
        daycare,
        draft(daycare.dossier, Kind.VOLUNTEERING, date(2020, 1, 6)),
        reason="x",
        actor=case_worker,
    )
    with pytest.raises(SwitchRefused) as refused:
        switching.switch_arrangement(
            daycare,
            draft(daycare.dossier, Kind.EDUCATION, date(2020, 1, 7)),
            reason="y",
            actor=case_worker,
        )
    assert refused.value.outcome.blocks[0].code == "current_still_running"


def test_the_same_form_submitted_twice_switches_once(daycare, case_worker):
    token = uuid4()
    first = switching.switch_arrangement(
        daycare,
        draft(daycare.dossier, Kind.VOLUNTEERING, date(2020, 1, 6)),
        reason="x",
        actor=case_worker,
        token=token,
    )
    again = switching.switch_arrangement(
        daycare,
        draft(daycare.dossier, Kind.VOLUNTEERING, date(2020, 1, 6)),
        reason="x",
        actor=case_worker,
        token=token,
    )
    assert again == first
    assert daycare.dossier.arrangements.count() == 2


def test_wage_subsidy_asks_for_a_wage_value_assessment(dossier):
    outcome = switching.check(
        draft(
            dossier,
            Kind.REGULAR_SUPPORTED,
            date(2023, 1, 2),
            support=Arrangement.Support.WAGE_SUBSIDY,
        )
    )
    assert [r.code for r in outcome.warnings] == ["wage_subsidy_needs_wage_value"]


def test_ending_without_successor(daycare):
    ended = switching.end_arrangement(daycare, ended_on=date(2020, 6, 30), reason="Verhuisd")
    assert ended.ended_on == date(2020, 6, 30)
    with pytest.raises(ValueError):
        switching.end_arrangement(daycare, ended_on=date(2018, 1, 1), reason="x")


def test_suggested_rung_is_the_highest_running_arrangement(dossier):
    ArrangementFactory(dossier=dossier, kind=Kind.DAYCARE, started_on=date(2021, 1, 1))
    ArrangementFactory(
        dossier=dossier,
        kind=Kind.SHELTERED_WORK,
        started_on=date(2021, 1, 4),
        uwv_advice_on=date(2020, 12, 1),
    )
    arrangements = list(dossier.arrangements.all())
    assert switching.suggested_rung(arrangements, date(2021, 1, 2)) == 3
    assert switching.suggested_rung(arrangements, date(2021, 2, 1)) == 5
    assert switching.suggested_rung(arrangements, date(2020, 1, 1)) is None


def test_every_kind_has_a_rung():
    assert set(switching.ARRANGEMENT_RUNG) == set(Kind)
