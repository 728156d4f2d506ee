"""The pages: every user flow as the role that uses it, scoping, the access log, query counts."""

import uuid

import pytest
from django.urls import reverse

from samen.accounts.roles import Role
from samen.audit.models import AccessLog
from samen.conftest import login_verified
from samen.matching.models import AssignmentRun, EvaluationRun, Match, WorkOpportunity
from samen.participation.models import Talent

from .factories import (
    DossierFactory,
    MatchFactory,
    OrganisationMemberFactory,
    WorkOpportunityFactory,
    consent,
    with_profile,
)


@pytest.fixture
def partner(make_user, seed_region, organisation):
    user = make_user(Role.PARTNER, seed_region, full_name="Pim Partner")
    OrganisationMemberFactory(organisation=organisation, user=user)
    return user


@pytest.fixture
def partner_client(client, partner):
    login_verified(client, partner)
    return client


def opportunity_data(organisation, municipality, **overrides):
    data = {
        "title": "Medewerker groenonderhoud",
        "organisation": organisation.pk,
        "municipality": municipality.pk,
        "kind": "learn_work",
        "tasks": "Snoeien, maaien en vegen in de wijk.",
        "talents_asked": [Talent.objects.get(code="afspraken-nakomen").pk],
        "talents_taught": [Talent.objects.get(code="zelfstandig-werken").pk],
        "hours_min": 12,
        "hours_max": 24,
        "core_demands": ["standing"],
        "other_demands": ["climate"],
        "offers_job_coach": "on",
        "places": 2,
        "open_until": "",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# --- Work opportunities ---------------------------------------------------------------------------


def test_partner_posts_work_for_own_organisation_once(partner_client, organisation, weert):
    data = opportunity_data(organisation, weert)
    url = reverse("matching:opportunity-create")
    assert partner_client.get(url).status_code == 200
    response = partner_client.post(url, data)
    assert response.status_code == 302
    partner_client.post(url, data)  # the same form again
    opportunity = WorkOpportunity.objects.get()
    assert opportunity.kind == "learn_work" and opportunity.places == 2
    assert [t.code for t in opportunity.talents_taught.all()] == ["zelfstandig-werken"]
    assert opportunity.core_demands == ["standing"]
    detail = partner_client.get(reverse("matching:opportunity-detail", args=[opportunity.uuid]))
    assert "Medewerker groenonderhoud" in detail.text and "Zelfstandig werken" in detail.text


def test_partner_cannot_post_for_an_organisation_it_does_not_belong_to(
    partner_client, seed_region, weert
):
    from samen.network.tests.factories import OrganisationFactory

    foreign = OrganisationFactory(region=seed_region)
    response = partner_client.post(
        reverse("matching:opportunity-create"), opportunity_data(foreign, weert)
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not WorkOpportunity.objects.exists()


def test_bad_input_gets_clear_dutch_errors(partner_client, organisation, weert):
    data = opportunity_data(
        organisation, weert, hours_min=30, hours_max=10, other_demands=["standing"]
    )
    response = partner_client.post(reverse("matching:opportunity-create"), data)
    errors = response.context["form"].errors
    assert "onder het minimum" in errors["hours_max"][0]
    assert "niet allebei" in errors["other_demands"][0]


def test_concurrent_edits_do_not_silently_overwrite(
    partner_client, opportunity, organisation, weert
):
    url = reverse("matching:opportunity-update", args=[opportunity.uuid])
    data = opportunity_data(
        organisation, weert, version=opportunity.version, status="open", title="Nieuw"
    )
    WorkOpportunity.objects.filter(pk=opportunity.pk).update(version=opportunity.version + 1)
    response = partner_client.post(url, data)
    assert response.status_code == 200
    assert "Iemand anders" in response.text
    opportunity.refresh_from_db()
    assert opportunity.title == "Orderpicker"


def test_partner_edits_and_closes_own_work(partner_client, opportunity, organisation, weert):
    url = reverse("matching:opportunity-update", args=[opportunity.uuid])
    data = opportunity_data(organisation, weert, version=opportunity.version, status="closed")
    assert partner_client.post(url, data).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == "closed" and opportunity.version == 2


def test_a_partner_of_another_organisation_cannot_edit(client, make_user, seed_region, opportunity):
    login_verified(client, make_user(Role.PARTNER, seed_region))
    assert (
        client.get(reverse("matching:opportunity-update", args=[opportunity.uuid])).status_code
        == 403
    )


def test_opportunity_list_filters_and_counts_queries(
    partner_client, organisation, weert, django_assert_max_num_queries
):
    for n in range(12):
        WorkOpportunityFactory(municipality=weert, organisation=organisation, title=f"Werk {n}")
    WorkOpportunityFactory(municipality=weert, title="Vrijwilliger", kind="volunteering")
    url = reverse("matching:opportunity-list")
    with django_assert_max_num_queries(15):
        response = partner_client.get(url)
    assert response.status_code == 200 and "Werk 11" in response.text
    assert "Vrijwilliger" in partner_client.get(url, {"kind": "volunteering"}).text
    assert "Vrijwilliger" not in partner_client.get(url, {"mine": "1"}).text


def test_another_regions_work_is_a_404(client, make_user, other_region, opportunity):
    login_verified(client, make_user(Role.PARTNER, other_region))
    assert (
        client.get(reverse("matching:opportunity-detail", args=[opportunity.uuid])).status_code
        == 404
    )


# --- Ranking for a resident -----------------------------------------------------------------------


def test_case_worker_sees_explained_ranking_and_the_read_is_logged(cw_client, dossier, opportunity):
    url = reverse("matching:resident-ranking", args=[dossier.uuid])
    response = cw_client.get(url)
    assert response.status_code == 200
    assert "Orderpicker" in response.text
    assert "Talenten die passen" in response.text
    log = AccessLog.objects.get(subject_reference=dossier.resident.reference)
    assert log.actor == cw_client.user and "matching" in log.purpose


def test_ranking_query_count(cw_client, dossier, weert, django_assert_max_num_queries):
    for n in range(15):
        WorkOpportunityFactory(municipality=weert, title=f"Werk {n}", asked=["afspraken-nakomen"])
    with django_assert_max_num_queries(15):
        assert (
            cw_client.get(reverse("matching:resident-ranking", args=[dossier.uuid])).status_code
            == 200
        )


def test_ranking_filters_from_the_form(cw_client, dossier, weert):
    WorkOpportunityFactory(municipality=weert, title="Vrijwillig", kind="volunteering")
    WorkOpportunityFactory(municipality=weert, title="Betaald")
    url = reverse("matching:resident-ranking", args=[dossier.uuid])
    response = cw_client.get(url, {"kind": "volunteering"})
    assert "Vrijwillig" in response.text and "Betaald" not in response.text


def test_another_municipalitys_resident_is_a_404(client, make_user, nederweert, dossier):
    login_verified(client, make_user(Role.CASE_WORKER, nederweert))
    assert client.get(reverse("matching:resident-ranking", args=[dossier.uuid])).status_code == 404
    assert not AccessLog.objects.exists()


def test_case_worker_proposes_from_the_ranking(cw_client, dossier, opportunity):
    url = reverse("matching:match-propose", args=[dossier.uuid])
    response = cw_client.post(url, {"opportunity": opportunity.uuid, "source": "ranking"})
    match = Match.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "matching:match-detail", args=[match.uuid]
    )
    assert match.created_by == cw_client.user and match.state == Match.State.PROPOSED


def test_proposing_a_blocked_pair_shows_why(cw_client, dossier, weert):
    guarantee = WorkOpportunityFactory(municipality=weert, kind="job_guarantee")
    url = reverse("matching:match-propose", args=[dossier.uuid])
    response = cw_client.post(url, {"opportunity": guarantee.uuid}, follow=True)
    assert "doelgroepregister" in response.text
    assert not Match.objects.exists()


# --- Ranking for an opportunity -------------------------------------------------------------------


def test_case_worker_sees_candidates_by_name(cw_client, dossier, opportunity):
    response = cw_client.get(reverse("matching:opportunity-candidates", args=[opportunity.uuid]))
    assert response.status_code == 200 and "Maarten Verbeek" in response.text
    assert AccessLog.objects.filter(subject_reference=dossier.resident.reference).exists()


def test_partner_sees_only_consenting_residents_under_a_pseudonym(
    partner_client, opportunity, dossier, weert, organisation
):
    consenting = with_profile(
        DossierFactory(municipality=weert, given_names="Sanne", surname="Smit"),
        talent_codes=["afspraken-nakomen"],
        hours=16,
    )
    given = consent(consenting, organisation, shared=["talents"])
    response = partner_client.get(
        reverse("matching:opportunity-candidates", args=[opportunity.uuid])
    )
    assert response.status_code == 200
    assert given.pseudonym in response.text
    assert "Sanne" not in response.text and "Smit" not in response.text
    assert "Maarten" not in response.text  # no consent: not listed at all
    assert "eigen gemeente" not in response.text  # where someone lives is not shared
    log = AccessLog.objects.get()
    assert log.subject_reference == consenting.resident.reference and "toestemming" in log.purpose


# --- Matches --------------------------------------------------------------------------------------


def test_match_steps_from_the_page(cw_client, dossier, opportunity):
    match = MatchFactory(dossier=dossier, opportunity=opportunity)
    detail = reverse("matching:match-detail", args=[match.uuid])
    page = cw_client.get(detail)
    assert "Besproken met de inwoner" in page.text and "AVG" in page.text
    url = reverse("matching:match-transition", args=[match.uuid])
    cw_client.post(url, {"transition": "discuss", "version": match.version})
    match.refresh_from_db()
    assert match.state == Match.State.DISCUSSED
    response = cw_client.post(url, {"transition": "decline", "version": match.version}, follow=True)
    assert "door wie" in response.text
    match.refresh_from_db()
    assert match.state == Match.State.DISCUSSED
    cw_client.post(
        url,
        {
            "transition": "decline",
            "version": match.version,
            "declined_by": "partner",
            "reason": "Plek vervuld",
        },
    )
    match.refresh_from_db()
    assert match.state == Match.State.DECLINED and match.declined_by == "partner"


def test_a_double_submitted_step_is_taken_once(cw_client, dossier, opportunity):
    match = MatchFactory(dossier=dossier, opportunity=opportunity)
    url = reverse("matching:match-transition", args=[match.uuid])
    data = {"transition": "discuss", "version": match.version}
    cw_client.post(url, data)
    response = cw_client.post(url, data, follow=True)
    assert "Iemand anders" in response.text
    assert match.events.count() == 1


def test_placing_from_the_page_starts_the_arrangement(cw_client, dossier, opportunity):
    match = MatchFactory(dossier=dossier, opportunity=opportunity, state=Match.State.INTRODUCED)
    url = reverse("matching:match-transition", args=[match.uuid])
    cw_client.post(
        url,
        {
            "transition": "place",
            "version": match.version,
            "placed_on": "2024-06-03",
            "start_arrangement": "on",
        },
    )
    match.refresh_from_db()
    assert match.state == Match.State.PLACED and match.arrangement.kind == "regular"


def test_match_list_shows_own_municipality_only_with_few_queries(
    cw_client, dossier, weert, nederweert, django_assert_max_num_queries
):
    for _ in range(8):
        MatchFactory(dossier=with_profile(DossierFactory(municipality=weert)))
    elsewhere = MatchFactory(dossier=DossierFactory(municipality=nederweert, surname="Elders"))
    with django_assert_max_num_queries(15):
        response = cw_client.get(reverse("matching:match-list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 8
    assert "Elders" not in response.text
    assert cw_client.get(reverse("matching:match-detail", args=[elsewhere.uuid])).status_code == 404


# --- Rounds ----------------------------------------------------------------------------------------


def test_round_from_start_to_adopted_proposal(
    cw_client, dossier, opportunity, weert, django_assert_max_num_queries
):
    start = reverse("matching:round-start")
    form = cw_client.get(start)
    assert "Gemeente Weert" in form.text and "Hele regio" not in form.text
    response = cw_client.post(
        start, {"area": f"m:{weert.uuid}", "submission_token": str(uuid.uuid4())}
    )
    run = AssignmentRun.objects.get()
    assert response.url == reverse("matching:round-detail", args=[run.uuid])
    assert run.status == AssignmentRun.Status.DONE
    with django_assert_max_num_queries(15):
        page = cw_client.get(response.url)
    assert "Orderpicker" in page.text and "Maarten Verbeek" in page.text
    progress = cw_client.get(reverse("matching:round-progress", args=[run.uuid]))
    assert "klaar" in progress.text.lower() and "every 2s" not in progress.text
    proposal = run.proposals.get()
    cw_client.post(reverse("matching:proposal-adopt", args=[proposal.uuid]))
    assert Match.objects.get().proposal == proposal
    with django_assert_max_num_queries(15):
        assert cw_client.get(reverse("matching:round-list")).status_code == 200


def test_a_running_round_is_polled(cw_client, seed_region, weert):
    run = AssignmentRun.objects.create(
        region=seed_region, municipality=weert, status="running", progress=40
    )
    response = cw_client.get(reverse("matching:round-detail", args=[run.uuid]))
    assert 'hx-trigger="every 2s"' in response.text and 'value="40"' in response.text


# --- Quality --------------------------------------------------------------------------------------


def test_admin_measures_quality_on_the_benchmark(client, make_user, seed_region):
    login_verified(client, make_user(Role.ADMIN, seed_region))
    url = reverse("matching:evaluation")
    response = client.post(
        url, {"source": "benchmark", "residents": 300, "opportunities": 120, "k": 5}
    )
    assert response.status_code == 302
    run = EvaluationRun.objects.get()
    assert set(run.results) >= {"samen", "random", "popularity", "rules", "talent_overlap"}
    page = client.get(url)
    assert "NDCG@k" in page.text and "willekeurig" in page.text


def test_controller_reads_quality_but_does_not_run_it(client, make_user, seed_region):
    login_verified(client, make_user(Role.CONTROLLER, seed_region))
    url = reverse("matching:evaluation")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"source": "benchmark", "residents": 300, "opportunities": 120, "k": 5}
    )
    assert response.status_code == 403
    assert not EvaluationRun.objects.exists()
