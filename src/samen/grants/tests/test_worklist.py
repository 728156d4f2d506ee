"""The worklist per role, and who may see what at all (the public only the register)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from samen.accounts.roles import Role
from samen.grants import services
from samen.grants.models import Application

from .factories import OrganisationMemberFactory, advised, complete_draft, staff, submitted

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def sections(user):
    return {
        section.title: [item.application for item in section.items]
        for section in services.worklist(user)
    }


def test_steering_member_sees_what_to_score_but_not_what_they_are_tied_to(
    scheme, facilitator, member
):
    mine, _ = submitted(scheme)
    tied_to, _ = submitted(scheme)
    for application in (mine, tied_to):
        services.accept(application, facilitator)
    OrganisationMemberFactory(organisation=tied_to.organisation, user=member)
    to_score = sections(member)["Te beoordelen"]
    assert mine in to_score and tied_to not in to_score


def test_decision_maker_does_not_get_objections_against_own_decisions(
    scheme, decision_maker, facilitator
):
    application, _ = advised(scheme)
    services.decide(application, decision_maker, outcome="refusal", reasons="Nee.")
    services.send_decision(application, decision_maker)
    services.register_objection(application, facilitator, received_on=TODAY(), grounds="Oneens.")
    assert application not in sections(decision_maker)["Bezwaren"]
    colleague = staff(Role.DECISION_MAKER, scheme.region)
    item = next(i for s in services.worklist(colleague) if s.title == "Bezwaren" for i in s.items)
    assert (
        item.application == application
        and item.due_on == application.objections.get().decision_due_on
    )


def test_controller_sees_advances_to_pay_with_their_due_date(scheme, decision_maker, controller):
    application, _ = advised(scheme)
    services.decide(
        application, decision_maker, outcome="award", amount=Decimal("5000"), reasons="Ja."
    )
    decision = services.send_decision(application, decision_maker)
    item = next(
        i for s in services.worklist(controller) if s.title == "Voorschot betalen" for i in s.items
    )
    assert item.application == application and item.due_on == decision.payment_due_on


def test_partner_sees_own_drafts_remedies_and_reports_only(scheme, facilitator):
    draft, partner = complete_draft(scheme)
    other_draft, _ = complete_draft(scheme)
    incomplete, _ = submitted(scheme, partner=partner, organisation=draft.organisation)
    remedy = services.request_remedy(incomplete, facilitator, message="Begroting mist.")
    mine = sections(partner)
    assert draft in mine["Concepten"] and other_draft not in mine["Concepten"]
    item = next(i for s in services.worklist(partner) if s.title == "Aanvullen" for i in s.items)
    assert item.application == incomplete and item.due_on == remedy.due_on


def test_overdue_items_are_flagged(scheme, facilitator):
    application, _ = submitted(scheme)
    Application.objects.filter(pk=application.pk).update(
        decision_due_on=TODAY() - timedelta(days=3)
    )
    item = next(
        i
        for s in services.worklist(facilitator)
        if s.title == "Beslistermijn verstreken"
        for i in s.items
    )
    assert item.overdue(TODAY()) and not item.overdue(TODAY() - timedelta(days=4))


def test_expired_remedy_reaches_the_decision_maker_with_the_set_aside_deadline(
    scheme, facilitator, decision_maker
):
    from samen.grants import deadlines

    application, _ = submitted(scheme)
    remedy = services.request_remedy(
        application, facilitator, message="Ontbreekt.", on=TODAY() - timedelta(days=30)
    )
    item = next(
        i
        for s in services.worklist(decision_maker)
        if s.title.startswith("Hersteltermijn verstreken")
        for i in s.items
    )
    assert item.application == application and item.due_on == deadlines.set_aside_due(remedy.due_on)


def test_the_public_sees_only_the_register(client, scheme):
    application, _ = submitted(scheme)
    assert client.get("/subsidies/register/").status_code == 200
    assert client.get("/api/v1/grant-register/").status_code == 200
    for url in (
        "/subsidies/",
        f"/subsidies/aanvragen/{application.uuid}/",
        "/subsidies/werklijst/",
        f"/subsidies/regelingen/{scheme.uuid}/budget/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"], url
    for url in ("/api/v1/grant-applications/", "/api/v1/grant-ledger/", "/api/v1/grant-decisions/"):
        assert client.get(url).status_code == 403, url


def test_register_csv_neutralises_formulas(client, scheme, decision_maker):
    application, _ = advised(scheme)
    Application.objects.filter(pk=application.pk).update(title='=HYPERLINK("http://x")')
    services.decide(
        application, decision_maker, outcome="award", amount=Decimal("5000"), reasons="Ja."
    )
    services.send_decision(application, decision_maker)
    csv = client.get("/subsidies/register/?format=csv").content.decode()
    assert "'=HYPERLINK" in csv
