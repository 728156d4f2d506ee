"""The match workflow: declared transitions, required data, guards, people confirming, placement."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samen.accounts.roles import Role
from samen.matching import services, workflow
from samen.matching.models import Match, WorkOpportunity
from samen.participation.models import Arrangement
from samen.participation.switching import SwitchRefused

from .factories import DossierFactory, MatchFactory, consent, with_profile

State = Match.State


@pytest.fixture
def match(dossier, opportunity):
    return MatchFactory(dossier=dossier, opportunity=opportunity)


def step(match, name, actor, **data):
    match.refresh_from_db()
    return workflow.apply(match, name, actor=actor, expected_version=match.version, data=data)


def test_the_machine_is_declared_in_one_place():
    edges = {(s, t.target) for t in workflow.TRANSITIONS.values() for s in t.sources}
    assert edges == {
        (State.PROPOSED, State.DISCUSSED),
        (State.DISCUSSED, State.INTRODUCED),
        (State.INTRODUCED, State.PLACED),
        (State.PLACED, State.ENDED),
        (State.PROPOSED, State.DECLINED),
        (State.DISCUSSED, State.DECLINED),
        (State.INTRODUCED, State.DECLINED),
    }
    assert all(t.permission == "matching.confirm_match" for t in workflow.TRANSITIONS.values())


def test_the_whole_way_from_proposal_to_ended(match, case_worker):
    consent(match.dossier, match.opportunity.organisation)
    step(match, "discuss", case_worker)
    step(match, "introduce", case_worker)
    placed_on = timezone.localdate() - timedelta(days=30)
    step(match, "place", case_worker, placed_on=placed_on)
    ended = step(
        match,
        "end",
        case_worker,
        ended_on=timezone.localdate(),
        end_reason="next_step",
        reason="Door naar regulier werk",
    )
    assert ended.state == State.ENDED and ended.placed_on == placed_on
    assert [e.to_state for e in ended.events.order_by("at", "pk")] == [
        State.DISCUSSED,
        State.INTRODUCED,
        State.PLACED,
        State.ENDED,
    ]
    assert all(e.by == case_worker for e in ended.events.all())


def test_a_step_that_does_not_start_from_the_current_state_is_refused(match, case_worker):
    with pytest.raises(workflow.TransitionNotAllowed):
        step(match, "place", case_worker, placed_on=date(2024, 1, 1))
    with pytest.raises(workflow.TransitionNotAllowed):
        step(match, "end", case_worker, ended_on=date(2024, 1, 1), end_reason="other")


def test_declining_says_by_whom_and_why(match, case_worker):
    with pytest.raises(ValidationError) as error:
        step(match, "decline", case_worker, reason="Te ver reizen")
    assert "declined_by" in error.value.message_dict
    declined = step(match, "decline", case_worker, declined_by="resident", reason="Te ver reizen")
    assert declined.state == State.DECLINED and declined.declined_by == "resident"
    assert declined.events.last().note == "Te ver reizen"
    with pytest.raises(workflow.TransitionNotAllowed):
        step(declined, "discuss", case_worker)


def test_ending_needs_date_and_reason_and_not_before_the_placement(match, case_worker):
    Match.objects.filter(pk=match.pk).update(state=State.PLACED, placed_on=date(2024, 3, 1))
    with pytest.raises(ValidationError):
        step(match, "end", case_worker, ended_on=date(2024, 4, 1))
    with pytest.raises(workflow.TransitionNotAllowed):
        step(match, "end", case_worker, ended_on=date(2024, 2, 1), end_reason="other")


def test_introducing_needs_the_residents_consent_for_the_organisation(match, case_worker):
    step(match, "discuss", case_worker)
    with pytest.raises(workflow.TransitionNotAllowed) as error:
        step(match, "introduce", case_worker)
    assert "toestemming" in str(error.value)
    consent(match.dossier, match.opportunity.organisation)
    assert step(match, "introduce", case_worker).state == State.INTRODUCED


def test_placing_needs_a_free_place(match, case_worker, weert):
    other = with_profile(
        DossierFactory(municipality=weert), talent_codes=["afspraken-nakomen"], hours=20
    )
    MatchFactory(dossier=other, opportunity=match.opportunity, state=State.PLACED)
    Match.objects.filter(pk=match.pk).update(state=State.INTRODUCED)
    with pytest.raises(workflow.TransitionNotAllowed) as error:
        step(match, "place", case_worker, placed_on=date(2024, 5, 1))
    assert "bezet" in str(error.value)


def test_nobody_but_a_case_worker_of_the_municipality_takes_a_step(
    match, make_user, seed_region, nederweert
):
    for user in (
        make_user(Role.ADMIN, seed_region),
        make_user(Role.PARTNER, seed_region),
        make_user(Role.CASE_WORKER, nederweert),
    ):
        with pytest.raises(PermissionDenied):
            step(match, "discuss", user)
    match.refresh_from_db()
    assert match.state == State.PROPOSED


def test_a_stale_version_is_refused_so_a_double_click_does_nothing(match, case_worker):
    version = match.version
    workflow.apply(match, "discuss", actor=case_worker, expected_version=version)
    with pytest.raises(workflow.ConcurrentStep):
        workflow.apply(
            match,
            "decline",
            actor=case_worker,
            expected_version=version,
            data={"declined_by": "resident", "reason": "x"},
        )
    match.refresh_from_db()
    assert match.state == State.DISCUSSED and match.events.count() == 1


# --- Placement and the arrangement in the dossier ------------------------------------------------


def placed_with_switch(match, case_worker, placed_on, acknowledge=False):
    Match.objects.filter(pk=match.pk).update(state=State.INTRODUCED)
    match.refresh_from_db()
    hook = services.placement_switch(actor=case_worker, acknowledge_warnings=acknowledge)
    return workflow.apply(
        match,
        "place",
        actor=case_worker,
        expected_version=match.version,
        data={"placed_on": placed_on},
        on_placed=hook,
    )


def test_placement_switches_the_running_arrangement_carrying_data_along(match, case_worker):
    current = Arrangement.objects.create(
        dossier=match.dossier,
        kind=Arrangement.Kind.WORK_DAYCARE,
        started_on=date(2023, 1, 2),
        hours_per_week=12,
        uwv_advice_on=date(2022, 11, 1),
        uwv_advice_reference="UWV-123",
    )
    placed = placed_with_switch(match, case_worker, date(2024, 6, 3))
    new = placed.arrangement
    current.refresh_from_db()
    assert current.ended_on == date(2024, 6, 2)
    assert new.switched_from == current
    assert new.kind == Arrangement.Kind.REGULAR
    assert new.provider == match.opportunity.organisation
    assert new.hours_per_week == 20  # the resident's hours, within the place's 16–24
    assert new.uwv_advice_reference == "UWV-123"
    assert "Orderpicker" in current.end_reason


def test_placement_without_a_running_arrangement_starts_one(match, case_worker):
    placed = placed_with_switch(match, case_worker, date(2024, 6, 3))
    assert placed.arrangement.kind == Arrangement.Kind.REGULAR
    assert placed.arrangement.switched_from is None


def test_a_refused_switch_rolls_the_whole_step_back(case_worker, dossier, weert):
    from .factories import WorkOpportunityFactory

    wsw = WorkOpportunityFactory(municipality=weert, kind=WorkOpportunity.Kind.WSW)
    match = MatchFactory(dossier=dossier, opportunity=wsw)
    with pytest.raises(SwitchRefused):
        placed_with_switch(match, case_worker, date(2024, 6, 3))
    match.refresh_from_db()
    assert match.state == State.INTRODUCED and match.arrangement is None
    assert not dossier.arrangements.exists()


def test_switch_warnings_need_acknowledgement(case_worker, dossier, weert):
    from .factories import WorkOpportunityFactory

    guarantee = WorkOpportunityFactory(municipality=weert, kind=WorkOpportunity.Kind.JOB_GUARANTEE)
    match = MatchFactory(dossier=dossier, opportunity=guarantee)
    with pytest.raises(SwitchRefused) as refusal:
        placed_with_switch(match, case_worker, date(2024, 6, 3))
    assert refusal.value.needs_acknowledgement
    placed = placed_with_switch(match, case_worker, date(2024, 6, 3), acknowledge=True)
    assert placed.arrangement.kind == Arrangement.Kind.JOB_GUARANTEE
