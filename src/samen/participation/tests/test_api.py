"""The participation API: same services, same rules, same access log."""

import uuid
from datetime import date

import pytest

from samen.accounts.roles import Role
from samen.audit.models import AccessLog
from samen.conftest import login_verified
from samen.participation.models import Arrangement, Resident

from .factories import ArrangementFactory, DossierFactory

API = "/api/v1"
NEW = {
    "municipality": "GM0988",
    "bsn": "12345672",
    "given_names": "Fatima",
    "surname": "El Amrani",
    "date_of_birth": "1990-02-03",
    "street": "Markt",
    "house_number": "3",
    "postal_code": "6001 AB",
    "city": "Weert",
}


def test_register_resident_and_refuse_a_duplicate_with_a_link(cw_client, weert):
    response = cw_client.post(f"{API}/residents", NEW, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["bsn_masked"] == "******672" and "bsn" not in body
    duplicate = cw_client.post(f"{API}/residents", NEW, content_type="application/json")
    assert duplicate.status_code == 409
    assert duplicate.json()["existing_dossier"].endswith(f"/api/v1/dossiers/{body['dossier']}")


def test_register_refuses_a_wrong_bsn_and_another_municipality(cw_client):
    wrong = cw_client.post(
        f"{API}/residents", {**NEW, "bsn": "111222334"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "elfproef" in str(wrong.json())
    other = cw_client.post(
        f"{API}/residents", {**NEW, "municipality": "GM0946"}, content_type="application/json"
    )
    assert other.status_code == 400
    assert not Resident.objects.exists()


def test_list_masks_and_logs_within_the_query_budget(
    cw_client, dossier, django_assert_max_num_queries
):
    for _ in range(20):
        DossierFactory(municipality=dossier.municipality)
    AccessLog.objects.all().delete()
    with django_assert_max_num_queries(15):
        body = cw_client.get(f"{API}/residents").json()
    assert body["count"] == 21 and "111222333" not in str(body)
    assert AccessLog.objects.count() == 21
    with django_assert_max_num_queries(15):
        assert cw_client.get(f"{API}/dossiers").json()["count"] == 21


def test_search_and_reveal_by_post(cw_client, dossier):
    found = cw_client.post(
        f"{API}/residents/search", {"query": "111222333"}, content_type="application/json"
    )
    assert [r["reference"] for r in found.json()] == [dossier.resident.reference]
    revealed = cw_client.post(
        f"{API}/residents/{dossier.resident.uuid}/reveal-bsn",
        {"purpose": "identity"},
        content_type="application/json",
    )
    assert revealed.json() == {"bsn": "111222333"}
    assert AccessLog.objects.filter(purpose="BSN ingezien: controle identiteit").count() == 1


def test_the_dossier_in_one_read(cw_client, dossier, django_assert_max_num_queries):
    ArrangementFactory(dossier=dossier)
    with django_assert_max_num_queries(20):
        body = cw_client.get(f"{API}/dossiers/{dossier.uuid}").json()
    assert body["resident"]["bsn_masked"] == "******333"
    assert {p["kind"] for p in body["pillars"]} == {"work", "participation", "income"}
    assert body["arrangements"][0]["ladder_rung"] == 3


def test_switch_through_the_api(cw_client, dossier):
    current = ArrangementFactory(dossier=dossier, kind="daycare", started_on=date(2019, 3, 4))
    data = {
        "current": str(current.uuid),
        "kind": "sheltered_work",
        "provider_name": "Houtwerkplaats",
        "started_on": "2021-01-04",
        "reason": "Stap naar beschut werk",
    }
    refused = cw_client.post(
        f"{API}/dossiers/{dossier.uuid}/switch", data, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["rules"] == [
        "sheltered_work_needs_uwv_advice"
    ]
    key = str(uuid.uuid4())
    for _ in range(2):  # the same request twice (Idempotency-Key): one switch
        done = cw_client.post(
            f"{API}/dossiers/{dossier.uuid}/switch",
            {**data, "uwv_advice_on": "2020-11-20"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert done.status_code == 201
    assert done.json()["switched_from"] == str(current.uuid)
    assert Arrangement.objects.filter(dossier=dossier).count() == 2


def test_measurements_through_the_api(cw_client, dossier):
    ladder = cw_client.post(
        f"{API}/dossiers/{dossier.uuid}/ladder-assessments",
        {
            "assessed_on": "2024-03-01",
            "answers": {
                "paid_work": "yes",
                "paid_work_support": "yes",
                "unpaid_work": "no",
                "organised_activities": "yes",
                "social_contacts": "yes",
                "wish": "stay",
                "hours": "up_to_20",
                "lasting_support": "yes",
                "barriers": "no",
            },
        },
        content_type="application/json",
    )
    assert ladder.status_code == 201 and ladder.json()["confirmed_rung"] == 5
    bad = cw_client.post(
        f"{API}/dossiers/{dossier.uuid}/ladder-assessments",
        {"assessed_on": "2024-03-01", "answers": {"paid_work": "misschien"}},
        content_type="application/json",
    )
    assert bad.status_code == 400
    health = cw_client.post(
        f"{API}/dossiers/{dossier.uuid}/health-assessments",
        {
            "assessed_on": "2024-03-01",
            "body_functions": 6,
            "mental_wellbeing": 7,
            "meaningfulness": 7,
            "quality_of_life": 6,
            "participation": 8,
            "daily_functioning": 7,
        },
        content_type="application/json",
    )
    assert health.status_code == 201
    zrm = cw_client.post(
        f"{API}/dossiers/{dossier.uuid}/self-reliance-assessments",
        {"assessed_on": "2024-03-01", "scores": {"finances": 3, "justice": 5}},
        content_type="application/json",
    )
    assert zrm.status_code == 201
    timeline = cw_client.get(f"{API}/dossiers/{dossier.uuid}/measurements").json()["timeline"]
    assert {entry["kind"] for entry in timeline} == {"ladder", "health", "self_reliance"}


def test_versioned_writes_answer_409_on_a_stale_version(cw_client, dossier):
    ok = cw_client.put(
        f"{API}/dossiers/{dossier.uuid}/plan",
        {"agreed_goals": "Ritme", "actions": "", "version": 1},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = cw_client.put(
        f"{API}/dossiers/{dossier.uuid}/plan",
        {"agreed_goals": "Anders", "actions": "", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    pillar = cw_client.patch(
        f"{API}/dossiers/{dossier.uuid}/pillars/work",
        {"status": "active", "version": 1},
        content_type="application/json",
    )
    assert pillar.status_code == 200 and pillar.json()["status"] == "active"


def test_income_and_the_reuse_rule(cw_client, dossier):
    cw_client.post(
        f"{API}/dossiers/{dossier.uuid}/income",
        {
            "kind": "bijstand",
            "started_on": "2020-01-01",
            "ended_on": "2023-05-31",
            "end_reason": "work",
        },
        content_type="application/json",
    )
    cw_client.post(
        f"{API}/dossiers/{dossier.uuid}/income",
        {"kind": "bijstand", "started_on": "2024-02-01"},
        content_type="application/json",
    )
    reuse = cw_client.get(f"{API}/dossiers/{dossier.uuid}/income").json()["reuse"]
    assert reuse == {
        "left_for_work_on": "2023-05-31",
        "window_ends_on": "2024-05-31",
        "returned_on": "2024-02-01",
    }


def test_talent_profile_and_consent_for_a_partner(
    cw_client, client, dossier, organisation, make_user, seed_region
):
    from django.test import Client

    from samen.network.models import OrganisationMember

    profile = cw_client.put(
        f"{API}/dossiers/{dossier.uuid}/talent-profile",
        {
            "talents": ["houtbewerking", "afspraken-nakomen"],
            "ambitions": "Meubelmaker",
            "motivation": "",
            "hours_per_week": 12,
            "limitations": ["pace"],
            "version": 1,
        },
        content_type="application/json",
    )
    assert profile.status_code == 200, profile.content
    consent = cw_client.post(
        f"{API}/dossiers/{dossier.uuid}/consents",
        {"organisation": str(organisation.uuid), "shared": ["talents", "hours"], "form": "digital"},
        content_type="application/json",
    ).json()
    partner = make_user(Role.PARTNER, seed_region)
    OrganisationMember.objects.create(organisation=organisation, user=partner)
    partner_client = login_verified(Client(), partner)
    shared = partner_client.get(f"{API}/shared-profiles/{consent['pseudonym']}").json()
    assert shared["hours_per_week"] == 12 and sorted(shared["talents"]) == [
        "Afspraken nakomen",
        "Houtbewerking",
    ]
    assert shared["ambitions"] is None and "Verbeek" not in str(shared)
    cw_client.post(f"{API}/dossiers/{dossier.uuid}/consents/{consent['uuid']}/withdraw")
    assert partner_client.get(f"{API}/shared-profiles/{consent['pseudonym']}").status_code == 404
    assert partner_client.get(f"{API}/shared-profiles").json() == []


def test_the_talent_vocabulary_is_open_to_every_role(client_as):
    body = client_as(Role.PARTNER).get(f"{API}/talents?category=digital").json()
    assert body and all(t["category"] == "digital" for t in body)


@pytest.mark.parametrize(
    "path",
    [
        "contact-moments",
        "income",
        "arrangements",
        "target-group",
        "measurements",
        "talent-profile",
        "plan",
        "consents",
    ],
)
def test_every_part_endpoint_answers(cw_client, dossier, path):
    assert cw_client.get(f"{API}/dossiers/{dossier.uuid}/{path}").status_code == 200


def test_the_partner_list_logs_every_profile_within_the_query_budget(
    weert, organisation, make_user, seed_region, django_assert_max_num_queries
):
    from django.test import Client

    from samen.network.models import OrganisationMember
    from samen.participation import services

    partner = make_user(Role.PARTNER, seed_region)
    OrganisationMember.objects.create(organisation=organisation, user=partner)
    for _ in range(12):
        services.give_consent(
            DossierFactory(municipality=weert),
            organisation=organisation,
            shared=["talents", "ladder", "arrangement"],
            form="written",
            given_on=date(2024, 1, 1),
            actor=None,
        )
    client = login_verified(Client(), partner)
    AccessLog.objects.all().delete()
    with django_assert_max_num_queries(15):
        body = client.get(f"{API}/shared-profiles").json()
    assert len(body) == 12
    assert AccessLog.objects.filter(purpose=services.PURPOSE_PARTNER).count() == 12
