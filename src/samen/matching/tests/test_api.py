"""The API: the same flows and the same rules as the pages."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from samen.accounts.roles import Role
from samen.audit.models import AccessLog
from samen.matching.models import AssignmentRun, EvaluationRun, Match, WorkOpportunity

from .factories import (
    DossierFactory,
    MatchFactory,
    OrganisationMemberFactory,
    WorkOpportunityFactory,
    consent,
    with_profile,
)


@pytest.fixture
def api_as(make_user):
    def login(role, scope, **kwargs):
        user = make_user(role, scope, **kwargs)
        client = APIClient()
        client.force_authenticate(user)
        client.user = user
        return client

    return login


@pytest.fixture
def cw_api(api_as, weert):
    return api_as(Role.CASE_WORKER, weert)


@pytest.fixture
def partner_api(api_as, seed_region, organisation):
    client = api_as(Role.PARTNER, seed_region)
    OrganisationMemberFactory(organisation=organisation, user=client.user)
    return client


def test_partner_posts_updates_and_closes_work(partner_api, organisation, weert):
    payload = {
        "title": "Productiemedewerker",
        "organisation": str(organisation.uuid),
        "municipality": weert.cbs_code,
        "kind": "paid",
        "tasks": "Onderdelen monteren aan de lopende band.",
        "talents_asked": ["nauwkeurig-werken"],
        "talents_taught": ["zelfstandig-werken"],
        "core_demands": ["standing"],
        "hours_min": 20,
        "hours_max": 32,
        "offers_job_coach": True,
        "places": 3,
    }
    response = partner_api.post("/api/v1/work-opportunities", payload, format="json")
    assert response.status_code == 201, response.data
    uuid, version = response.data["uuid"], response.data["version"]
    assert response.data["talents_asked"] == ["nauwkeurig-werken"]
    stale = partner_api.patch(
        f"/api/v1/work-opportunities/{uuid}", {"places": 4, "version": version + 5}, format="json"
    )
    assert stale.status_code == 409
    closed = partner_api.patch(
        f"/api/v1/work-opportunities/{uuid}",
        {"status": "closed", "version": version},
        format="json",
    )
    assert closed.status_code == 200 and closed.data["version"] == version + 1
    assert WorkOpportunity.objects.get().status == "closed"


def test_validation_errors_are_clear(partner_api, organisation, weert):
    payload = {
        "title": "x",
        "organisation": str(organisation.uuid),
        "municipality": weert.cbs_code,
        "kind": "paid",
        "tasks": "x",
        "hours_min": 30,
        "hours_max": 10,
    }
    response = partner_api.post("/api/v1/work-opportunities", payload, format="json")
    assert response.status_code == 400 and "hours_max" in response.data


def test_partner_cannot_post_for_someone_elses_organisation(
    api_as, seed_region, organisation, weert
):
    stranger = api_as(Role.PARTNER, seed_region)
    payload = {
        "title": "x",
        "organisation": str(organisation.uuid),
        "municipality": weert.cbs_code,
        "kind": "paid",
        "tasks": "x",
        "hours_min": 8,
        "hours_max": 10,
    }
    assert stranger.post("/api/v1/work-opportunities", payload, format="json").status_code == 403


def test_work_with_matches_is_closed_not_deleted(cw_api, opportunity, dossier):
    MatchFactory(dossier=dossier, opportunity=opportunity)
    assert cw_api.delete(f"/api/v1/work-opportunities/{opportunity.uuid}").status_code == 409


def test_list_scoping_and_filters(
    api_as, other_region, opportunity, weert, django_assert_max_num_queries
):
    for _ in range(5):
        WorkOpportunityFactory(municipality=weert, kind="volunteering", asked=["afspraken-nakomen"])
    outsider = api_as(Role.PARTNER, other_region)
    assert outsider.get("/api/v1/work-opportunities").data["count"] == 0
    insider = api_as(Role.FACILITATOR, weert.region)
    with django_assert_max_num_queries(15):
        response = insider.get("/api/v1/work-opportunities?kind=volunteering")
    assert response.data["count"] == 5


def test_resident_ranking_api(cw_api, dossier, opportunity):
    response = cw_api.get(f"/api/v1/resident-rankings/{dossier.uuid}?include_blocked=true")
    assert response.status_code == 200
    first = response.data["results"][0]
    assert first["opportunity"]["title"] == "Orderpicker"
    assert any("Talenten die passen" in line["text"] for line in first["explanation"])
    assert AccessLog.objects.filter(subject_reference=dossier.resident.reference).count() == 1
    assert first["open_match"] is None
    match = MatchFactory(dossier=dossier, opportunity=opportunity)
    again = cw_api.get(f"/api/v1/resident-rankings/{dossier.uuid}").data["results"][0]
    assert again["open_match"] == str(match.uuid)


def test_resident_ranking_of_another_municipality_is_a_404(api_as, nederweert, dossier):
    client = api_as(Role.CASE_WORKER, nederweert)
    assert client.get(f"/api/v1/resident-rankings/{dossier.uuid}").status_code == 404


def test_candidates_api_by_name_and_by_pseudonym(
    cw_api, partner_api, opportunity, dossier, organisation
):
    by_name = cw_api.get(f"/api/v1/work-opportunities/{opportunity.uuid}/candidates")
    assert by_name.status_code == 200 and by_name.data[0]["name"] == "Maarten Verbeek"
    assert partner_api.get(f"/api/v1/work-opportunities/{opportunity.uuid}/candidates").data == []
    given = consent(dossier, organisation, shared=["talents"])
    rows = partner_api.get(f"/api/v1/work-opportunities/{opportunity.uuid}/candidates").data
    assert rows[0]["pseudonym"] == given.pseudonym
    assert rows[0]["name"] == "" and rows[0]["dossier"] is None
    assert {line["topic"] for line in rows[0]["explanation"]} <= {"talent", "learning", "support"}


def test_match_flow_through_the_api(cw_api, dossier, opportunity, organisation):
    created = cw_api.post(
        "/api/v1/matches",
        {"dossier": str(dossier.uuid), "opportunity": str(opportunity.uuid)},
        format="json",
    )
    assert created.status_code == 201
    uuid, version = created.data["uuid"], created.data["version"]
    url = f"/api/v1/matches/{uuid}/transition"
    assert (
        cw_api.post(url, {"transition": "discuss", "version": version}, format="json").status_code
        == 200
    )
    again = cw_api.post(url, {"transition": "discuss", "version": version}, format="json")
    assert again.status_code == 409
    refused = cw_api.post(url, {"transition": "introduce", "version": version + 1}, format="json")
    assert refused.status_code == 400 and "toestemming" in str(refused.data)
    consent(dossier, organisation)
    cw_api.post(url, {"transition": "introduce", "version": version + 1}, format="json")
    placed = cw_api.post(
        url,
        {
            "transition": "place",
            "version": version + 2,
            "placed_on": "2024-06-03",
            "start_arrangement": True,
        },
        format="json",
    )
    assert placed.status_code == 200, placed.data
    assert placed.data["state"] == "placed" and placed.data["arrangement"] is not None
    assert [e["to_state"] for e in placed.data["events"]] == [
        "proposed",
        "discussed",
        "introduced",
        "placed",
    ]


def test_only_case_workers_take_steps(api_as, seed_region, dossier, opportunity):
    match = MatchFactory(dossier=dossier, opportunity=opportunity)
    admin = api_as(Role.ADMIN, seed_region)
    assert admin.get(f"/api/v1/matches/{match.uuid}").status_code == 200
    response = admin.post(
        f"/api/v1/matches/{match.uuid}/transition",
        {"transition": "discuss", "version": 1},
        format="json",
    )
    assert response.status_code == 403


def test_match_list_is_scoped_and_cheap(cw_api, weert, nederweert, django_assert_max_num_queries):
    for _ in range(6):
        MatchFactory(dossier=with_profile(DossierFactory(municipality=weert)))
    MatchFactory(dossier=DossierFactory(municipality=nederweert))
    with django_assert_max_num_queries(15):
        response = cw_api.get("/api/v1/matches")
    assert response.data["count"] == 6


def test_round_through_the_api(cw_api, dossier, opportunity, weert, seed_region):
    response = cw_api.post(
        "/api/v1/assignment-runs", {"municipality": weert.cbs_code}, format="json"
    )
    assert response.status_code == 201 and response.data["status"] == "done"
    run = AssignmentRun.objects.get()
    proposals = cw_api.get(f"/api/v1/assignment-runs/{run.uuid}/proposals").data["results"]
    assert proposals[0]["resident_name"] == "Maarten Verbeek"
    adopted = cw_api.post("/api/v1/matches", {"proposal": proposals[0]["uuid"]}, format="json")
    assert adopted.status_code == 201 and adopted.data["source"] == "round"
    region_wide = cw_api.post(
        "/api/v1/assignment-runs", {"region": str(seed_region.uuid)}, format="json"
    )
    assert region_wide.status_code in (400, 403)


def test_evaluations_are_read_by_admins_and_controllers(api_as, seed_region):
    EvaluationRun.objects.create(source="benchmark", results={"samen": {"mrr": 0.4}}, k=10)
    for role, status in [(Role.ADMIN, 200), (Role.CONTROLLER, 200), (Role.PARTNER, 403)]:
        response = api_as(role, seed_region).get("/api/v1/matching-evaluations")
        assert response.status_code == status
    assert api_as(Role.ADMIN, seed_region).get("/api/v1/matching-evaluations").data["count"] == 1


def test_an_end_date_in_the_future_is_refused(cw_api, dossier, opportunity):
    match = MatchFactory(
        dossier=dossier,
        opportunity=opportunity,
        state=Match.State.PLACED,
        placed_on=date(2024, 1, 1),
    )
    response = cw_api.post(
        f"/api/v1/matches/{match.uuid}/transition",
        {
            "transition": "end",
            "version": match.version,
            "ended_on": "2999-01-01",
            "end_reason": "other",
        },
        format="json",
    )
    assert response.status_code == 400 and "toekomst" in str(response.data)
