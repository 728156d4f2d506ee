"""The web flows: a partner applies, staff take the steps, files stay private, lists stay cheap."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from samen.accounts.roles import Role
from samen.conftest import login_verified
from samen.grants import ledger, services
from samen.grants.models import (
    Application,
    Attachment,
    BudgetYear,
    GrantScheme,
    Review,
    TransitionLog,
)
from samen.grants.states import State

from .factories import (
    OrganisationMemberFactory,
    SharedValueFactory,
    advised,
    complete_draft,
    make_partner,
    staff,
    submitted,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def as_user(client, user):
    return login_verified(client, user)


def draft_post(application, **overrides):
    value = SharedValueFactory(region=application.scheme.region)
    question = application.scheme.questions.first()
    data = {
        "version": application.version,
        "title": "Buurtkamer voor talent",
        "description": "Een plek waar inwoners laten zien wat ze kunnen.",
        "expected_results": "Dertig inwoners doen mee.",
        "values": [value.pk],
        "action_line": "",
        "project_start": timezone.localdate().isoformat(),
        "project_end": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "contact_name": "Petra Proef",
        "contact_email": "petra@example.nl",
        "contact_phone": "",
        "requested_amount": "4.500",
        f"question_{question.pk}": "Wijkteam en bibliotheek.",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "40",
        "lines-0-description": "Huur",
        "lines-0-amount": "3.000",
        "lines-0-co_financing": "",
        "lines-0-co_financier": "",
        "lines-1-description": "Begeleiding",
        "lines-1-amount": "2.500,00",
        "lines-1-co_financing": "1.000",
        "lines-1-co_financier": "Woningcorporatie",
    }
    data.update(overrides)
    return data


# --- Applying ------------------------------------------------------------------------------------


def test_partner_starts_one_draft_even_when_posting_twice(client, scheme):
    partner, organisation = make_partner(scheme)
    as_user(client, partner)
    page = client.get(f"/subsidies/regelingen/{scheme.uuid}/aanvragen/")
    assert page.status_code == 200 and organisation.name in page.content.decode()
    data = {
        "organisation": organisation.pk,
        "title": "Talentenmarkt",
        "client_token": str(uuid.uuid4()),
    }
    first = client.post(f"/subsidies/regelingen/{scheme.uuid}/aanvragen/", data)
    second = client.post(f"/subsidies/regelingen/{scheme.uuid}/aanvragen/", data)
    application = Application.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == f"/subsidies/aanvragen/{application.uuid}/bewerken/"
    )
    assert application.status == State.CONCEPT and application.created_by == partner


def test_partner_fills_in_and_submits_once(client, scheme, django_capture_on_commit_callbacks):
    application, partner = complete_draft(scheme)
    as_user(client, partner)
    response = client.post(
        f"/subsidies/aanvragen/{application.uuid}/bewerken/", draft_post(application, submit="1")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/subsidies/aanvragen/{application.uuid}/stap/submit/"
    application.refresh_from_db()
    assert application.requested_amount == Decimal("4500.00")
    assert [(line.amount, line.co_financing) for line in application.budget_lines.all()] == [
        (Decimal("3000.00"), Decimal("0.00")),
        (Decimal("2500.00"), Decimal("1000.00")),
    ]
    confirm = client.get(response["Location"])
    assert confirm.status_code == 200 and "Dit kan nu niet" not in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/subsidies/aanvragen/{application.uuid}/stap/submit/", {})
    again = client.post(f"/subsidies/aanvragen/{application.uuid}/stap/submit/", {}, follow=True)
    application.refresh_from_db()
    assert first.status_code == 302 and application.status == State.SUBMITTED
    assert "was al ingediend" in again.content.decode()
    assert TransitionLog.objects.filter(application=application, transition="submit").count() == 1
    assert len([m for m in mail.outbox if "Ontvangstbevestiging" in m.subject]) == 1


def test_saving_after_an_autosave_keeps_the_budget_lines(client, scheme):
    application, partner = complete_draft(scheme)
    as_user(client, partner)
    data = draft_post(application, editor="c" * 32)
    client.post(f"/subsidies/aanvragen/{application.uuid}/opslaan/", data)
    client.post(f"/subsidies/aanvragen/{application.uuid}/bewerken/", data)
    application.refresh_from_db()
    assert [line.description for line in application.budget_lines.all()] == ["Huur", "Begeleiding"]


def test_submitting_an_incomplete_application_lists_what_is_missing(client, scheme):
    partner, organisation = make_partner(scheme)
    application, _ = services.create_draft(scheme, organisation, partner)
    as_user(client, partner)
    page = client.get(f"/subsidies/aanvragen/{application.uuid}/stap/submit/").content.decode()
    assert "Dit kan nu niet" in page and "begrotingsregel" in page


def test_bad_input_is_shown_in_dutch_and_keeps_what_was_typed(client, scheme):
    application, partner = complete_draft(scheme)
    as_user(client, partner)
    response = client.post(
        f"/subsidies/aanvragen/{application.uuid}/bewerken/",
        draft_post(application, requested_amount="-5", project_end="2000-01-01"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "mag niet negatief zijn" in content and "eindigt voordat het begint" in content
    assert 'value="Buurtkamer voor talent"' in content
    application.refresh_from_db()
    assert application.title == "Talentenmarkt in de wijk"


def test_autosave_saves_the_draft_and_never_overwrites_a_newer_version(client, scheme):
    application, partner = complete_draft(scheme)
    as_user(client, partner)
    url = f"/subsidies/aanvragen/{application.uuid}/opslaan/"
    saved = client.post(url, draft_post(application, title="Autosave 1"), HTTP_HX_REQUEST="true")
    application.refresh_from_db()
    assert saved.status_code == 200 and "Concept opgeslagen" in saved.content.decode()
    assert application.title == "Autosave 1"
    assert (
        f'value="{application.version}"' in saved.content.decode()
        and 'hx-swap-oob="true"' in saved.content.decode()
    )
    stale = client.post(
        url, draft_post(application, title="Oud tabblad", version=application.version - 1)
    )
    application.refresh_from_db()
    assert stale.status_code == 409 and "Niet opgeslagen" in stale.content.decode()
    assert application.title == "Autosave 1"


def test_a_page_racing_its_own_autosave_is_no_conflict(client, scheme):
    application, partner = complete_draft(scheme)
    as_user(client, partner)
    opened_at = application.version
    page = {"editor": "a" * 32}
    client.post(
        f"/subsidies/aanvragen/{application.uuid}/opslaan/",
        draft_post(application, title="Getypt", **page),
    )
    # The save button posts the version the page had before its own autosave came back.
    response = client.post(
        f"/subsidies/aanvragen/{application.uuid}/bewerken/",
        draft_post(application, title="Opgeslagen", version=opened_at, **page),
    )
    application.refresh_from_db()
    assert response.status_code == 302 and application.title == "Opgeslagen"
    other_tab = client.post(
        f"/subsidies/aanvragen/{application.uuid}/bewerken/",
        draft_post(application, title="Ander tabblad", version=opened_at, editor="b" * 32),
    )
    application.refresh_from_db()
    assert other_tab.status_code == 409 and application.title == "Opgeslagen"


def test_html_in_text_fields_is_shown_as_text(client, scheme):
    application, partner = complete_draft(scheme)
    Application.objects.filter(pk=application.pk).update(description="<script>alert(1)</script>")
    page = (
        as_user(client, partner).get(f"/subsidies/aanvragen/{application.uuid}/").content.decode()
    )
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


# --- Privacy -------------------------------------------------------------------------------------


def test_a_partner_never_sees_another_partners_application(client, scheme):
    application, _ = submitted(scheme)
    other, _ = make_partner(scheme)
    as_user(client, other)
    for url in (
        f"/subsidies/aanvragen/{application.uuid}/",
        f"/subsidies/aanvragen/{application.uuid}/bewerken/",
        f"/subsidies/aanvragen/{application.uuid}/stap/withdraw/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/subsidies/aanvragen/{application.uuid}/stap/withdraw/", {}).status_code
        == 404
    )
    assert application.title not in client.get("/subsidies/").content.decode()
    application.refresh_from_db()
    assert application.status == State.SUBMITTED


def test_staff_of_another_region_do_not_see_the_application(client, scheme, other_region):
    application, _ = submitted(scheme)
    as_user(client, staff(Role.FACILITATOR, other_region))
    assert client.get(f"/subsidies/aanvragen/{application.uuid}/").status_code == 404


def test_attachments_are_type_checked_and_served_only_to_who_may_see_them(
    client, scheme, facilitator
):
    application, partner = complete_draft(scheme)
    as_user(client, partner)
    url = f"/subsidies/aanvragen/{application.uuid}/bijlagen/"
    client.post(
        url,
        {"title": "Begroting", "file": SimpleUploadedFile("begroting.pdf", PDF, "application/pdf")},
    )
    fake = client.post(
        url,
        {"title": "Nep", "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")},
        follow=True,
    )
    exe = client.post(
        url,
        {"title": "Exe", "file": SimpleUploadedFile("tool.exe", b"MZ", "application/octet-stream")},
        follow=True,
    )
    assert "past niet bij" in fake.content.decode() and "Toegestaan" in exe.content.decode()
    attachment = Attachment.objects.get()
    assert (
        attachment.content_type == "application/pdf" and attachment.original_name == "begroting.pdf"
    )
    assert "begroting" not in attachment.file.name  # stored under a random name
    download = client.get(f"/subsidies/bijlagen/{attachment.uuid}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (
        download["Content-Disposition"].startswith("attachment")
        and download["X-Content-Type-Options"] == "nosniff"
    )
    other, _ = make_partner(scheme)
    assert as_user(client, other).get(f"/subsidies/bijlagen/{attachment.uuid}/").status_code == 404
    assert (
        as_user(client, facilitator).get(f"/subsidies/bijlagen/{attachment.uuid}/").status_code
        == 200
    )


def test_too_big_an_attachment_is_refused(client, scheme, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 10)
    application, partner = complete_draft(scheme)
    response = as_user(client, partner).post(
        f"/subsidies/aanvragen/{application.uuid}/bijlagen/",
        {"title": "Groot", "file": SimpleUploadedFile("groot.pdf", PDF, "application/pdf")},
        follow=True,
    )
    assert "groter dan" in response.content.decode() and not Attachment.objects.exists()


# --- Staff steps ---------------------------------------------------------------------------------


def test_facilitator_asks_for_more_and_the_clock_stops(client, scheme, facilitator):
    application, _ = submitted(scheme)
    as_user(client, facilitator)
    response = client.post(
        f"/subsidies/aanvragen/{application.uuid}/stap/request_remedy/",
        {"message": "De begroting ontbreekt."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == State.INCOMPLETE
    page = client.get(f"/subsidies/aanvragen/{application.uuid}/").content.decode()
    assert "Aanvullen uiterlijk" in page and "de beslistermijn staat stil" in page


def test_a_step_that_is_not_allowed_explains_why(client, scheme, controller):
    application, _ = submitted(scheme)
    page = (
        as_user(client, controller)
        .get(f"/subsidies/aanvragen/{application.uuid}/stap/accept/")
        .content.decode()
    )
    assert "Dit kan nu niet" in page and "rol" in page
    assert (
        as_user(client, controller)
        .get(f"/subsidies/aanvragen/{application.uuid}/stap/bogus/")
        .status_code
        == 404
    )


def test_steering_member_scores_and_a_tied_member_is_turned_away(
    client, scheme, facilitator, member
):
    application, _ = submitted(scheme)
    services.accept(application, facilitator)
    c1, c2, c3 = scheme.criteria.all()
    as_user(client, member)
    response = client.post(
        f"/subsidies/aanvragen/{application.uuid}/beoordelen/",
        {
            f"score_{c1.pk}": "4",
            f"justification_{c1.pk}": "Past bij de stip.",
            f"score_{c2.pk}": "5",
            f"justification_{c2.pk}": "Geen conflict.",
            f"score_{c3.pk}": "na",
            f"justification_{c3.pk}": "Niet te beoordelen.",
            "view": "Steun.",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    review = Review.objects.get(reviewer=member)
    assert review.submitted_at and review.scores.get(criterion=c3).not_applicable

    tied = staff(Role.STEERING_MEMBER, scheme.region)
    OrganisationMemberFactory(organisation=application.organisation, user=tied)
    as_user(client, tied)
    page = client.get(f"/subsidies/aanvragen/{application.uuid}/beoordelen/").content.decode()
    assert "verschoont zich" in page
    refused = client.post(
        f"/subsidies/aanvragen/{application.uuid}/beoordelen/",
        {f"score_{c1.pk}": "5", f"justification_{c1.pk}": "Top.", "view": "Top.", "submit": "1"},
    )
    assert refused.status_code == 200 and not Review.objects.filter(reviewer=tied).exists()


def test_decision_maker_awards_and_the_applicant_downloads_the_letter(
    client, scheme, decision_maker
):
    application, partner = advised(scheme)
    as_user(client, decision_maker)
    form = client.get(f"/subsidies/aanvragen/{application.uuid}/stap/decide/").content.decode()
    assert "Advies van de stuurgroep" in form and "Nog vrij onder het plafond" in form
    response = client.post(
        f"/subsidies/aanvragen/{application.uuid}/stap/decide/",
        {
            "outcome": "award",
            "amount": "4.000",
            "reasons": "Vernieuwend; deels omdat de huur hoog is.",
            "conditions": "",
        },
    )
    assert response.status_code == 302
    decision = application.decisions.get()
    assert decision.kind == "partial" and decision.amount == Decimal("4000.00")
    as_user(client, partner)
    assert client.get(f"/subsidies/besluiten/{decision.uuid}/").status_code == 404  # not sent yet
    as_user(client, decision_maker)
    client.post(f"/subsidies/aanvragen/{application.uuid}/stap/send_decision/", {})
    as_user(client, partner)
    letter = client.get(f"/subsidies/besluiten/{decision.uuid}/")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert b"".join(letter.streaming_content).startswith(b"%PDF")
    other, _ = make_partner(scheme)
    assert as_user(client, other).get(f"/subsidies/besluiten/{decision.uuid}/").status_code == 404


def test_an_award_above_the_ceiling_shows_the_message_and_changes_nothing(
    client, scheme, decision_maker
):
    ledger.set_ceiling(scheme, timezone.localdate().year, Decimal("1000"), "Raadsbesluit")
    application, _ = advised(scheme)
    response = as_user(client, decision_maker).post(
        f"/subsidies/aanvragen/{application.uuid}/stap/decide/",
        {"outcome": "award", "amount": "5000", "reasons": "Goed.", "conditions": ""},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "€ 1.000,00 vrij" in content
    application.refresh_from_db()
    assert application.status == State.ADVISED and not application.decisions.exists()


# --- Budget --------------------------------------------------------------------------------------


def test_ledger_page_shows_the_split_and_takes_a_carry_over(client, scheme, controller):
    year = timezone.localdate().year
    as_user(client, controller)
    page = client.get(f"/subsidies/regelingen/{scheme.uuid}/budget/").content.decode()
    assert "€ 23.563,00" in page and "€ 56.897,00" in page and "€ 100.000,00" in page
    response = client.post(
        f"/subsidies/regelingen/{scheme.uuid}/budget/overhevelen/",
        {
            "from_year": year,
            "amount": "10.000",
            "council_decision": "Raadsbesluit overheveling",
            "council_decision_date": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    assert "overgeheveld" in response.content.decode()
    assert BudgetYear.objects.get(scheme=scheme, year=year + 1).free == Decimal("10000")
    missing = client.post(
        f"/subsidies/regelingen/{scheme.uuid}/budget/overhevelen/",
        {"from_year": year, "amount": "1", "council_decision": "", "council_decision_date": ""},
        follow=True,
    )
    assert "Raadsbesluit" in missing.content.decode()
    assert BudgetYear.objects.get(scheme=scheme, year=year).carried_out == Decimal("10000")


def test_a_partner_cannot_see_the_ledger(client, scheme):
    partner, _ = make_partner(scheme)
    assert (
        as_user(client, partner).get(f"/subsidies/regelingen/{scheme.uuid}/budget/").status_code
        == 403
    )


def test_controller_defines_a_scheme_with_its_scorecard(client, seed_region):
    from samen.regions.models import AllocationKey

    key = AllocationKey.objects.create(region=seed_region, name="Inwoners", kind="population")
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    as_user(client, staff(Role.CONTROLLER, seed_region))
    data = {
        "region": str(seed_region.uuid),
        "name": "Nieuwe regeling",
        "issuing_municipality": weert.pk,
        "opens_on": "2027-01-01",
        "closes_on": "2027-12-31",
        "decision_period_weeks": "8",
        "remedy_period_weeks": "2",
        "payment_term_weeks": "6",
        "report_period_weeks": "13",
        "charging": "key",
        "allocation_key": key.pk,
        "charge_municipality": "",
        "minimum_amount": "500",
        "maximum_amount": "10.000",
        "advance_percentage": "80",
        "scale_max": "5",
        "positive_threshold": "60",
        "minimum_reviews": "2",
        "conditions": "",
        "description": "",
        "legal_basis": "",
        "issuing_department": "",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-number": "1",
        "criteria-0-title": "Vernieuwend",
        "criteria-0-weight": "2",
        "criteria-0-pass_mark": "3",
        "criteria-0-knock_out": "on",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/subsidies/regelingen/nieuw/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    scheme = GrantScheme.objects.get(name="Nieuwe regeling")
    assert scheme.maximum_amount == Decimal("10000") and scheme.criteria.get().knock_out
    assert scheme.decision_period_weeks == 8


# --- Worklist and register -----------------------------------------------------------------------


def test_worklist_flags_overdue_decisions(client, scheme, facilitator):
    application, _ = submitted(scheme)
    Application.objects.filter(pk=application.pk).update(
        decision_due_on=timezone.localdate() - timedelta(days=1)
    )
    page = as_user(client, facilitator).get("/subsidies/werklijst/").content.decode()
    assert "Beslistermijn verstreken" in page and "(verlopen)" in page and application.title in page


def test_public_register_without_login_and_without_personal_data(client, scheme, decision_maker):
    application, _ = advised(scheme)
    services.decide(
        application, decision_maker, outcome="award", amount=Decimal("5000"), reasons="Goed."
    )
    services.send_decision(application, decision_maker)
    page = client.get("/subsidies/register/").content.decode()
    assert (
        application.organisation.name in page and application.title in page and "€ 5.000,00" in page
    )
    assert "Petra" not in page and "petra@example.nl" not in page
    csv = client.get("/subsidies/register/?format=csv").content.decode()
    assert application.organisation.name in csv and "5000,00" in csv


# --- Query counts --------------------------------------------------------------------------------


@pytest.fixture
def many_applications(scheme, decision_maker):
    applications = [submitted(scheme)[0] for _ in range(3)]
    partner = applications[0].created_by
    for _ in range(25):
        complete_draft(scheme, partner=partner, organisation=applications[0].organisation)
    application, _ = advised(scheme)
    services.decide(
        application, decision_maker, outcome="award", amount=Decimal("5000"), reasons="Goed."
    )
    services.send_decision(application, decision_maker)
    return partner


@pytest.mark.parametrize(
    "role",
    [Role.FACILITATOR, Role.STEERING_MEMBER, Role.DECISION_MAKER, Role.CONTROLLER, Role.ADMIN],
)
def test_list_pages_stay_within_fifteen_queries(
    client, scheme, many_applications, role, django_assert_max_num_queries
):
    as_user(client, staff(role, scheme.region))
    for url in (
        "/subsidies/",
        "/subsidies/werklijst/",
        "/subsidies/regelingen/",
        "/subsidies/register/",
        f"/subsidies/regelingen/{scheme.uuid}/budget/",
    ):
        with django_assert_max_num_queries(15):
            response = client.get(url)
        assert response.status_code in (200, 403), url


def test_partner_list_pages_stay_within_fifteen_queries(
    client, scheme, many_applications, django_assert_max_num_queries
):
    as_user(client, many_applications)
    for url in ("/subsidies/", "/subsidies/werklijst/", "/subsidies/regelingen/"):
        with django_assert_max_num_queries(15):
            response = client.get(url)
        assert response.status_code == 200
    assert response.status_code == 200
