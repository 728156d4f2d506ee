"""The API: the same flows and the same rules as the web pages."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from samen.accounts.roles import Role
from samen.conftest import login_verified
from samen.grants import services
from samen.grants.models import Application
from samen.grants.states import State

from .factories import SharedValueFactory, advised, complete_draft, make_partner, staff, submitted

pytestmark = pytest.mark.django_db
API = "/api/v1"


def as_user(client, user):
    return login_verified(client, user)


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", **headers)


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def test_partner_creates_fills_and_submits_through_the_api(client, scheme):
    partner, organisation = make_partner(scheme)
    as_user(client, partner)
    key = str(uuid.uuid4())
    body = {
        "scheme": str(scheme.uuid),
        "organisation": str(organisation.uuid),
        "title": "Via de API",
    }
    created = post(client, f"{API}/grant-applications/", body, HTTP_IDEMPOTENCY_KEY=key)
    repeated = post(client, f"{API}/grant-applications/", body, HTTP_IDEMPOTENCY_KEY=key)
    assert created.status_code == 201 and repeated.status_code == 200
    assert created.json()["uuid"] == repeated.json()["uuid"] and Application.objects.count() == 1
    draft = created.json()
    value = SharedValueFactory(region=scheme.region)
    question = scheme.questions.get()
    changes = {
        "version": draft["version"],
        "description": "Samen koken met talent.",
        "expected_results": "Tien maaltijden per week.",
        "contact_name": "Api Aanvrager",
        "contact_email": "api@example.nl",
        "values": [str(value.uuid)],
        "project_start": timezone.localdate().isoformat(),
        "project_end": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "requested_amount": "2500.00",
        "budget_lines": [
            {
                "description": "Keuken",
                "amount": "3000.00",
                "co_financing": "500.00",
                "co_financier": "Fonds",
            }
        ],
        "answers": [{"question": question.pk, "text": "De buurtvereniging."}],
    }
    updated = patch(client, f"{API}/grant-applications/{draft['uuid']}/", changes)
    assert updated.status_code == 200, updated.json()
    assert (
        updated.json()["requested_amount"] == "2500.00"
        and "submit" in updated.json()["allowed_transitions"]
    )
    stale = patch(
        client,
        f"{API}/grant-applications/{draft['uuid']}/",
        {"version": draft["version"], "title": "Oud"},
    )
    assert stale.status_code == 409
    submitted_once = post(
        client, f"{API}/grant-applications/{draft['uuid']}/transitions/", {"transition": "submit"}
    )
    submitted_twice = post(
        client, f"{API}/grant-applications/{draft['uuid']}/transitions/", {"transition": "submit"}
    )
    assert submitted_once.status_code == 200 and submitted_once.json()["status"] == "submitted"
    assert (
        submitted_twice.status_code == 200
        and submitted_twice.json()["reference"] == submitted_once.json()["reference"]
    )
    assert submitted_once.json()["decision_due_on"]


def test_another_partner_gets_404_everywhere(client, scheme):
    application, _ = submitted(scheme)
    other, _ = make_partner(scheme)
    as_user(client, other)
    url = f"{API}/grant-applications/{application.uuid}/"
    assert client.get(url).status_code == 404
    assert patch(client, url, {"version": 1, "title": "Overgenomen"}).status_code == 404
    assert post(client, f"{url}transitions/", {"transition": "withdraw"}).status_code == 404
    assert client.get(f"{API}/grant-applications/").json()["count"] == 0
    application.refresh_from_db()
    assert application.status == State.SUBMITTED and application.title != "Overgenomen"


def test_staff_walk_an_application_to_an_award_through_the_api(
    client, scheme, facilitator, member, decision_maker
):
    application, partner = submitted(scheme)
    url = f"{API}/grant-applications/{application.uuid}/transitions/"
    as_user(client, facilitator)
    assert post(client, url, {"transition": "accept"}).json()["status"] == "in_review"
    as_user(client, member)
    review = post(
        client,
        f"{API}/grant-reviews/",
        {
            "application": str(application.uuid),
            "view": "Goed plan.",
            "submit": True,
            "scores": [
                {"criterion": 1, "value": 4, "justification": "Past."},
                {"criterion": 2, "value": 4, "justification": "Geen conflict."},
                {"criterion": 3, "not_applicable": True, "justification": "Onbekend."},
            ],
        },
    )
    assert review.status_code == 201, review.json()
    assert [s["not_applicable"] for s in review.json()["scores"]] == [False, False, True]
    assert client.get(f"{API}/grant-reviews/").json()["count"] == 1
    as_user(client, facilitator)
    assert post(client, url, {"transition": "establish_advice"}).json()["status"] == "advised"
    as_user(client, decision_maker)
    refused_amount = post(
        client, url, {"transition": "decide", "data": {"outcome": "award", "reasons": "Goed."}}
    )
    assert refused_amount.status_code == 400 and "amount" in refused_amount.json()
    decided = post(
        client,
        url,
        {
            "transition": "decide",
            "data": {"outcome": "award", "amount": "4000.00", "reasons": "Goed."},
        },
    )
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    sent = post(client, url, {"transition": "send_decision"})
    assert sent.json()["status"] == "sent"
    ledger = client.get(f"{API}/grant-ledger/?scheme={scheme.uuid}").json()["results"][0]
    assert ledger["committed"] == "4000.00" and ledger["free"] == "96000.00"
    assert {s["municipality"]: s["committed"] for s in ledger["shares"]} == {
        "GM1706": "942.00",
        "GM0946": "782.00",
        "GM0988": "2276.00",
    }
    as_user(client, partner)
    decisions = client.get(f"{API}/grant-decisions/").json()
    assert decisions["count"] == 1 and decisions["results"][0]["kind"] == "partial"
    assert decisions["results"][0]["document"].endswith(
        f"/subsidies/besluiten/{decisions['results'][0]['uuid']}/"
    )


def test_steps_that_are_not_allowed_answer_400_with_reasons(client, scheme, controller):
    application, _ = submitted(scheme)
    as_user(client, controller)
    url = f"{API}/grant-applications/{application.uuid}/transitions/"
    response = post(client, url, {"transition": "accept"})
    assert response.status_code == 400 and "rol" in response.json()["detail"]
    assert post(client, url, {"transition": "teleport"}).status_code == 400


def test_award_above_the_ceiling_is_refused_through_the_api(client, scheme, decision_maker):
    from samen.grants import ledger

    ledger.set_ceiling(scheme, timezone.localdate().year, Decimal("2000"), "Raadsbesluit")
    application, _ = advised(scheme)
    as_user(client, decision_maker)
    response = post(
        client,
        f"{API}/grant-applications/{application.uuid}/transitions/",
        {
            "transition": "decide",
            "data": {"outcome": "award", "amount": "5000", "reasons": "Goed."},
        },
    )
    assert response.status_code == 400 and "€ 2.000,00 vrij" in response.json()["detail"]


def test_partners_cannot_read_reviews_or_the_ledger(client, scheme):
    partner, _ = make_partner(scheme)
    as_user(client, partner)
    assert client.get(f"{API}/grant-reviews/").status_code == 403
    assert client.get(f"{API}/grant-ledger/").status_code == 403
    assert client.get(f"{API}/grant-schemes/").json()["count"] == 1


def test_unsent_decisions_stay_hidden_from_the_applicant(client, scheme, decision_maker):
    application, partner = advised(scheme)
    services.decide(application, decision_maker, outcome="refusal", reasons="Nee.")
    assert as_user(client, partner).get(f"{API}/grant-decisions/").json()["count"] == 0
    assert as_user(client, decision_maker).get(f"{API}/grant-decisions/").json()["count"] == 1


def test_public_register_needs_no_login_and_has_no_personal_data(client, scheme, decision_maker):
    application, _ = advised(scheme)
    services.decide(
        application, decision_maker, outcome="award", amount=Decimal("5000"), reasons="Goed."
    )
    services.send_decision(application, decision_maker)
    response = client.get(f"{API}/grant-register/")
    assert response.status_code == 200
    entry = response.json()["results"][0]
    assert set(entry) == {"year", "organisation", "title", "scheme", "amount"}
    assert entry["amount"] == "5000.00" and entry["organisation"] == application.organisation.name


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.DECISION_MAKER, Role.CONTROLLER])
def test_api_lists_stay_within_fifteen_queries(client, scheme, role, django_assert_max_num_queries):
    for _ in range(5):
        submitted(scheme)
    complete_draft(scheme)
    as_user(client, staff(role, scheme.region))
    for url in (
        "grant-applications/",
        "grant-schemes/",
        "grant-decisions/",
        "grant-ledger/",
        "grant-register/",
    ):
        with django_assert_max_num_queries(15):
            response = client.get(f"{API}/{url}")
        assert response.status_code in (200, 403)
