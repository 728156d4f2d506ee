"""From dossiers and opportunities in the database to rankings, proposals and rounds."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samen.accounts.roles import Role
from samen.matching import services
from samen.matching.models import AssignmentRun, Match, WorkOpportunity
from samen.participation.models import Arrangement, Dossier, TargetGroupRegistration
from samen.participation.tests.factories import LadderAssessmentFactory

from .factories import (
    DossierFactory,
    MatchFactory,
    WorkOpportunityFactory,
    consent,
    with_profile,
)


def resident(municipality, **profile):
    profile.setdefault("talent_codes", ["afspraken-nakomen"])
    profile.setdefault("hours", 20)
    return with_profile(DossierFactory(municipality=municipality), **profile)


# --- Loading ---------------------------------------------------------------------------------------


def test_load_residents_reads_profile_rights_and_ladder_in_three_queries(weert):
    dossiers = [resident(weert) for _ in range(3)]
    with_profile(
        dossiers[1], talent_codes=["nauwkeurig-werken"], hours=None, limitations=["lifting"]
    )
    TargetGroupRegistration.objects.create(
        dossier=dossiers[0],
        status=TargetGroupRegistration.Status.REGISTERED,
        per_date=date(2024, 1, 1),
    )
    Arrangement.objects.create(
        dossier=dossiers[2],
        kind=Arrangement.Kind.WSW,
        started_on=date(2010, 3, 1),
        uwv_advice_on=date(2009, 12, 1),
    )
    LadderAssessmentFactory(dossier=dossiers[1], current_rung=3, potential_rung=4, confirmed_rung=3)
    qs = Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        data = services.load_residents(qs)
    assert len(queries) == 3
    assert data.in_register == [True, False, False]
    assert data.wsw_rights == [False, False, True]
    assert data.uwv_advice == [False, False, True]
    assert data.current_rung[1] == 3 and data.potential_rung[1] == 4
    assert data.current_rung[2] == 5  # from the running Wsw arrangement
    assert data.limitations[1] == {services.LIMITATION_INDEX["lifting"]}
    assert str(data.hours[1]) == "nan"


def test_load_opportunities_counts_free_places(weert):
    opportunity = WorkOpportunityFactory(municipality=weert, places=3, asked=["afspraken-nakomen"])
    MatchFactory(opportunity=opportunity, dossier=resident(weert), state=Match.State.PLACED)
    MatchFactory(
        opportunity=opportunity,
        dossier=resident(weert),
        state=Match.State.DECLINED,
        declined_by="resident",
    )
    data = services.load_opportunities(WorkOpportunity.objects.filter(pk=opportunity.pk))
    assert data.free_places == [2]
    assert len(data.asked[0]) == 1


# --- Ranking for a resident ------------------------------------------------------------------------


def test_ranking_puts_the_best_fit_first_and_explains_it(dossier, opportunity, weert):
    WorkOpportunityFactory(
        municipality=weert, title="Kok", asked=["hygienisch-werken"], hours_min=16
    )
    ranking = services.rank_opportunities(dossier)
    assert [r.opportunity.title for r in ranking][:1] == ["Orderpicker"]
    best = ranking[0]
    assert 0 < best.score <= 100
    text = " ".join(line["text"] for line in best.lines)
    assert "Afspraken nakomen en Nauwkeurig werken" in text
    assert "Zelfstandig werken" in text  # asked, missing, but taught there


def test_ranking_hides_garantiebaan_without_doelgroepregister_unless_asked(dossier, weert):
    WorkOpportunityFactory(
        municipality=weert, kind=WorkOpportunity.Kind.JOB_GUARANTEE, title="Garantiebaan"
    )
    assert services.rank_opportunities(dossier) == []
    shown = services.rank_opportunities(dossier, services.OpportunityFilters(include_blocked=True))
    assert shown[0].blocked
    assert "doelgroepregister" in shown[0].summary
    TargetGroupRegistration.objects.create(
        dossier=dossier, status=TargetGroupRegistration.Status.REGISTERED, per_date=date(2024, 5, 1)
    )
    assert [r.opportunity.title for r in services.rank_opportunities(dossier)] == ["Garantiebaan"]


def test_ranking_filters_on_kind_municipality_and_hours(dossier, weert, nederweert):
    WorkOpportunityFactory(municipality=weert, title="Betaald", hours_min=12, hours_max=20)
    WorkOpportunityFactory(
        municipality=nederweert,
        title="Vrijwillig",
        kind=WorkOpportunity.Kind.VOLUNTEERING,
        hours_min=8,
        hours_max=12,
    )
    WorkOpportunityFactory(municipality=weert, title="Lang", hours_min=24, hours_max=32)

    def titles(**kwargs):
        return sorted(
            r.opportunity.title
            for r in services.rank_opportunities(dossier, services.OpportunityFilters(**kwargs))
        )

    assert titles() == ["Betaald", "Lang", "Vrijwillig"]
    assert titles(kinds=("volunteering",)) == ["Vrijwillig"]
    assert titles(municipality=nederweert) == ["Vrijwillig"]
    assert titles(max_hours=16) == ["Betaald", "Vrijwillig"]


def test_ranking_stays_in_the_residents_region(dossier, other_region):
    far = other_region.municipalities.get()
    WorkOpportunityFactory(municipality=far, title="Ver weg")
    assert (
        services.rank_opportunities(dossier, services.OpportunityFilters(include_blocked=True))
        == []
    )


def test_closed_and_expired_opportunities_are_not_ranked(dossier, weert):
    WorkOpportunityFactory(municipality=weert, status=WorkOpportunity.Status.CLOSED)
    WorkOpportunityFactory(municipality=weert, open_until=date(2020, 1, 1))
    assert services.rank_opportunities(dossier) == []


def test_municipality_weights_change_the_order(dossier, weert, nederweert):
    from samen.regions.models import PolicySetting

    WorkOpportunityFactory(
        municipality=weert, title="Dichtbij", asked=["afspraken-nakomen", "hygienisch-werken"]
    )
    WorkOpportunityFactory(
        municipality=nederweert, title="Verder", asked=["afspraken-nakomen", "nauwkeurig-werken"]
    )
    assert services.rank_opportunities(dossier)[0].opportunity.title == "Verder"
    # Weert decides that distance matters more than talents (a policy choice, seed 002).
    for key, value in [("matching.weight_region", "5"), ("matching.weight_talent", "0")]:
        PolicySetting.objects.create(
            municipality=weert, key=key, value=value, valid_from=date(2020, 1, 1)
        )
    assert services.rank_opportunities(dossier)[0].opportunity.title == "Dichtbij"


# --- Ranking for an opportunity --------------------------------------------------------------------


def test_case_worker_candidates_are_only_residents_of_own_municipality(
    case_worker, opportunity, dossier, nederweert
):
    resident(nederweert)
    dossiers = services.candidate_dossiers_for_case_worker(case_worker, opportunity)
    candidates = services.rank_candidates(opportunity, dossiers)
    assert [c.dossier for c in candidates] == [dossier]


def test_partner_candidates_are_consenting_residents_under_pseudonyms(opportunity, dossier, weert):
    other = resident(weert, talent_codes=["afspraken-nakomen", "nauwkeurig-werken"])
    given = consent(other, opportunity.organisation, shared=["talents"])
    candidates = services.rank_candidates_for_partner(opportunity)
    assert [c.pseudonym for c in candidates] == [given.pseudonym]
    topics = {line["topic"] for line in candidates[0].lines}
    assert topics <= {"talent", "learning", "support"}


def test_withdrawn_consent_hides_the_resident_from_the_partner(opportunity, dossier):
    given = consent(dossier, opportunity.organisation)
    given.withdrawn_on = date(2024, 6, 1)
    given.save()
    assert services.rank_candidates_for_partner(opportunity) == []


# --- Proposing ------------------------------------------------------------------------------------


def test_propose_match_keeps_score_and_explanation_and_records_who(
    case_worker, dossier, opportunity
):
    match = services.propose_match(
        dossier, opportunity, actor=case_worker, source=Match.Source.RANKING
    )
    assert match.state == Match.State.PROPOSED
    assert match.score > 0 and match.explanation
    event = match.events.get()
    assert event.by == case_worker and event.to_state == Match.State.PROPOSED
    again = services.propose_match(
        dossier, opportunity, actor=case_worker, source=Match.Source.RANKING
    )
    assert again == match and Match.objects.count() == 1


def test_propose_match_refuses_a_blocked_pair(case_worker, dossier, weert):
    sheltered = WorkOpportunityFactory(municipality=weert, kind=WorkOpportunity.Kind.SHELTERED_WORK)
    with pytest.raises(ValidationError) as error:
        services.propose_match(dossier, sheltered, actor=case_worker, source=Match.Source.RANKING)
    assert "UWV" in str(error.value)


def test_only_a_case_worker_of_the_municipality_proposes(
    make_user, nederweert, dossier, opportunity
):
    stranger = make_user(Role.CASE_WORKER, nederweert)
    with pytest.raises(PermissionDenied):
        services.propose_match(dossier, opportunity, actor=stranger, source=Match.Source.RANKING)


# --- The round -------------------------------------------------------------------------------------


def test_round_respects_places_and_skips_residents_with_an_open_match(
    case_worker, seed_region, weert
):
    popular = WorkOpportunityFactory(
        municipality=weert, places=2, asked=["afspraken-nakomen"], title="Populair"
    )
    WorkOpportunityFactory(municipality=weert, places=1, asked=["afspraken-nakomen"], title="Ander")
    people = [resident(weert) for _ in range(5)]
    MatchFactory(dossier=people[0], opportunity=popular)  # in progress: not in the round
    run = services.start_round(region=seed_region, municipality=weert, actor=case_worker)
    services.execute_round(run)
    run.refresh_from_db()
    assert run.status == AssignmentRun.Status.DONE and run.progress == 100
    assert run.resident_count == 4
    assert run.place_count == 2  # one of Populair's two places is taken by the open match
    proposals = list(run.proposals.select_related("opportunity"))
    assert len(proposals) == 2
    loads = {p.opportunity.title: 0 for p in proposals}
    for p in proposals:
        loads[p.opportunity.title] += 1
    assert loads == {"Populair": 1, "Ander": 1}
    assert people[0].pk not in {p.dossier_id for p in proposals}
    assert all(p.explanation for p in proposals)


def test_round_token_makes_a_double_submit_harmless(case_worker, seed_region, weert):
    import uuid

    token = uuid.uuid4()
    first = services.start_round(
        region=seed_region, municipality=weert, actor=case_worker, token=token
    )
    second = services.start_round(
        region=seed_region, municipality=weert, actor=case_worker, token=token
    )
    assert first == second


def test_a_municipal_case_worker_cannot_start_a_round_for_the_whole_region(
    case_worker, seed_region
):
    with pytest.raises((ValidationError, PermissionDenied)):
        services.start_round(region=seed_region, municipality=None, actor=case_worker)


def test_adopting_a_proposal_makes_a_match_once(
    case_worker, seed_region, weert, opportunity, dossier
):
    run = services.start_round(region=seed_region, municipality=weert, actor=case_worker)
    services.execute_round(run)
    proposal = run.proposals.get()
    match = services.adopt_proposal(proposal, actor=case_worker)
    assert match.source == Match.Source.ROUND and match.proposal == proposal
    assert services.adopt_proposal(proposal, actor=case_worker) == match


def test_a_failing_round_is_marked_failed(case_worker, seed_region, weert, monkeypatch):
    run = services.start_round(region=seed_region, municipality=weert, actor=case_worker)

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(services, "load_residents", broken)
    with pytest.raises(RuntimeError):
        services.execute_round(run)
    run.refresh_from_db()
    assert run.status == AssignmentRun.Status.FAILED and "kapot" in run.error
