"""Every step of the lifecycle and its guards, through the real services."""

import io
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pypdf
import pytest
from django.core import mail
from django.utils import timezone

from samen.accounts.roles import Role
from samen.accounts.tests.factories import MembershipFactory, UserFactory
from samen.grants import deadlines, ledger, services, workflow
from samen.grants.models import (
    Application,
    BudgetYear,
    Decision,
    GrantScheme,
    LedgerEntry,
    Objection,
    Payment,
    TransitionLog,
)
from samen.grants.states import State
from samen.grants.workflow import TransitionNotAllowed

from .factories import (
    OrganisationMemberFactory,
    advised,
    complete_draft,
    make_partner,
    scored,
    staff,
    submitted,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
THIS_YEAR = date.today().year


def pdf_text(decision) -> str:
    with decision.document.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def steps(application):
    return list(
        TransitionLog.objects.filter(application=application).values_list("transition", flat=True)
    )


# --- The machine itself ---------------------------------------------------------------------------


def test_every_transition_names_a_declared_permission_and_real_states():
    from samen.accounts.permissions import RULES

    for transition in workflow.TRANSITIONS.values():
        assert transition.permission in RULES, transition.name
        assert all(isinstance(state, State) for state in transition.sources)
        assert transition.name in services.ACTIONS or transition.name == "submit"


def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(scheme, facilitator):
    application, _ = complete_draft(scheme)
    with pytest.raises(TransitionNotAllowed) as error:
        services.accept(application, facilitator)
    assert "status 'Concept'" in error.value.messages[0]
    application.refresh_from_db()
    assert application.status == State.CONCEPT and not steps(application)


def test_a_role_without_the_permission_is_refused(scheme, controller):
    application, _ = submitted(scheme)
    with pytest.raises(TransitionNotAllowed) as error:
        services.accept(application, controller)
    assert "rol" in error.value.messages[0]


# --- Drafts and submission ------------------------------------------------------------------------


def test_same_client_token_makes_one_draft(scheme):
    partner, organisation = make_partner(scheme)
    token = uuid.uuid4()
    first, created = services.create_draft(scheme, organisation, partner, client_token=token)
    second, created_again = services.create_draft(scheme, organisation, partner, client_token=token)
    assert first == second and created and not created_again
    assert Application.objects.count() == 1


def test_a_partner_cannot_apply_for_someone_elses_organisation(scheme):
    partner, _ = make_partner(scheme)
    _, other_organisation = make_partner(scheme)
    with pytest.raises(services.GrantError):
        services.create_draft(scheme, other_organisation, partner)


def test_concurrent_draft_edits_do_not_overwrite_each_other(scheme):
    application, partner = complete_draft(scheme)
    stale_version = application.version
    services.update_draft(
        application, partner, services.DraftData(fields={"title": "Eerste"}), version=stale_version
    )
    with pytest.raises(services.StaleVersion):
        services.update_draft(
            application,
            partner,
            services.DraftData(fields={"title": "Tweede"}),
            version=stale_version,
        )
    application.refresh_from_db()
    assert application.title == "Eerste"


def test_submit_starts_the_clock_sends_a_receipt_and_is_idempotent(
    scheme, django_capture_on_commit_callbacks
):
    application, partner = complete_draft(scheme)
    with django_capture_on_commit_callbacks(execute=True):
        submitted_app, created = services.submit(application, partner)
    again, created_again = services.submit(application, partner)
    application.refresh_from_db()
    assert created and not created_again and again.pk == application.pk
    assert application.status == State.SUBMITTED
    assert application.received_on == TODAY()
    assert application.decision_due_on == deadlines.period_end(TODAY(), weeks=8)
    assert application.reference == f"SUB-{THIS_YEAR}-{application.pk:05d}"
    assert application.budget_year == THIS_YEAR
    assert steps(application) == ["submit"]
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert "Ontvangstbevestiging" in receipt.subject
    assert application.decision_due_on.strftime("%d-%m-%Y") in receipt.body
    assert set(receipt.to) == {"petra@example.nl", partner.email}


def test_an_incomplete_draft_cannot_be_submitted(scheme):
    partner, organisation = make_partner(scheme)
    application, _ = services.create_draft(scheme, organisation, partner)
    with pytest.raises(TransitionNotAllowed) as error:
        services.submit(application, partner)
    text = " ".join(error.value.messages)
    assert "gedeelde waarde" in text and "begrotingsregel" in text and "gevraagde bedrag" in text


def test_requested_amount_must_fit_the_scheme_and_the_budget(scheme):
    application, partner = complete_draft(scheme, amount=Decimal("30000"))
    problems = services.submission_problems(application)
    assert any("tussen" in p for p in problems)


def test_only_the_applicant_submits(scheme):
    application, _ = complete_draft(scheme)
    stranger, _ = make_partner(scheme)
    with pytest.raises(TransitionNotAllowed) as error:
        services.submit(application, stranger)
    assert "namens de aanvragende organisatie" in " ".join(error.value.messages)


def test_a_closed_scheme_takes_no_applications(scheme):
    application, partner = complete_draft(scheme)
    GrantScheme.objects.filter(pk=scheme.pk).update(closes_on=TODAY() - timedelta(days=1))
    application.scheme.refresh_from_db()
    with pytest.raises(TransitionNotAllowed) as error:
        services.submit(application, partner)
    assert "staat open" in " ".join(error.value.messages)


def test_withdraw_before_the_decision_only(scheme):
    application, partner = submitted(scheme)
    services.withdraw(application, partner, note="Toch niet.")
    application.refresh_from_db()
    assert application.status == State.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        services.withdraw(application, partner)


# --- Completeness ---------------------------------------------------------------------------------


def test_remedy_request_stops_the_clock_and_the_answer_restarts_it(
    scheme, facilitator, django_capture_on_commit_callbacks
):
    application, partner = submitted(scheme)
    received = application.received_on
    requested_on = received + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        remedy = services.request_remedy(
            application, facilitator, message="De begroting mist.", on=requested_on
        )
    application.refresh_from_db()
    assert application.status == State.INCOMPLETE
    assert remedy.due_on == deadlines.remedy_due(requested_on, 2)
    assert application.decision_due_on == deadlines.period_end(
        received, weeks=8, suspended_days=(remedy.due_on - requested_on).days
    )
    assert any("Verzoek om aanvulling" in m.subject for m in mail.outbox)

    answered_on = requested_on + timedelta(days=5)
    services.supply_information(
        application, partner, answer="Begroting toegevoegd.", on=answered_on
    )
    application.refresh_from_db()
    assert application.status == State.SUBMITTED
    assert application.decision_due_on == deadlines.period_end(received, weeks=8, suspended_days=4)


def test_set_aside_only_after_the_remedy_period_and_with_a_letter(
    scheme, facilitator, decision_maker
):
    application, _ = submitted(scheme)
    remedy = services.request_remedy(application, facilitator, message="Handtekening ontbreekt.")
    with pytest.raises(TransitionNotAllowed) as error:
        services.set_aside(application, decision_maker)
    assert "hersteltermijn loopt nog" in " ".join(error.value.messages)
    decision = services.set_aside(application, decision_maker, on=remedy.due_on + timedelta(days=1))
    application.refresh_from_db()
    assert application.status == State.SET_ASIDE
    assert decision.kind == Decision.Kind.SET_ASIDE and decision.document
    assert "buiten behandeling" in pdf_text(decision)
    assert decision.objection_period_ends_on == deadlines.objection_period_end(
        remedy.due_on + timedelta(days=1)
    )


def test_supplying_information_needs_an_open_request(scheme, facilitator):
    application, partner = submitted(scheme)
    services.request_remedy(application, facilitator, message="Iets ontbreekt.")
    services.supply_information(application, partner)
    application.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.supply_information(application, partner)


def test_postpone_once_and_only_before_the_due_date(scheme, decision_maker):
    application, _ = submitted(scheme)
    original = application.decision_due_on
    services.postpone(application, decision_maker, weeks=4, reason="Stuurgroep vergadert later.")
    application.refresh_from_db()
    assert application.status == State.SUBMITTED
    assert application.decision_due_on == deadlines.period_end(application.received_on, weeks=12)
    assert application.decision_due_on > original
    with pytest.raises(TransitionNotAllowed):
        services.postpone(application, decision_maker, weeks=2, reason="Nog eens.")


# --- Scorecard and advice -------------------------------------------------------------------------


def test_a_member_tied_to_the_applicant_must_recuse(scheme, facilitator, member):
    application, _ = submitted(scheme)
    services.accept(application, facilitator)
    application.refresh_from_db()
    OrganisationMemberFactory(organisation=application.organisation, user=member)
    with pytest.raises(services.GrantError) as error:
        scored(application, [member])
    assert "verschoont zich" in str(error.value)
    assert workflow.may_score(application, member)


def test_a_recused_member_cannot_score(scheme, facilitator, member):
    application, _ = submitted(scheme)
    services.accept(application, facilitator)
    application.refresh_from_db()
    services.recuse(application, member, reason="Bestuurslid bij de aanvrager.")
    with pytest.raises(services.GrantError):
        scored(application, [member])


def test_every_score_needs_a_justification_and_knock_out_cannot_be_not_applicable(
    scheme, facilitator, member
):
    application, _ = submitted(scheme)
    services.accept(application, facilitator)
    application.refresh_from_db()
    c1, c2, c3 = application.scheme.criteria.all()
    with pytest.raises(services.GrantError) as error:
        services.save_review(
            application,
            member,
            view="Goed.",
            scores={
                c1.pk: services.ScoreInput(4, False, ""),
                c2.pk: services.ScoreInput(None, True, "n.v.t."),
                c3.pk: services.ScoreInput(9, False, "Te hoog."),
            },
            submit=True,
        )
    text = str(error.value)
    assert "Onderbouw" in text and "knock-out" in text and "0 tot en met 5" in text


def test_advice_needs_enough_reviews_and_follows_the_knock_out(scheme, facilitator, member):
    GrantScheme.objects.filter(pk=scheme.pk).update(minimum_reviews=2)
    application, _ = submitted(scheme)
    services.accept(application, facilitator)
    application.refresh_from_db()
    scored(application, [member], values=(5, 1, 5))
    with pytest.raises(TransitionNotAllowed) as error:
        services.establish_advice(application, facilitator)
    assert "1 van de minimaal 2" in " ".join(error.value.messages)
    scored(application, [staff(Role.STEERING_MEMBER, scheme.region)], values=(5, 2, 5))
    advice = services.establish_advice(
        application, facilitator, remarks="Conflict met actielijn 3."
    )
    assert advice.outcome == "negative" and advice.knock_out_failed
    # means 5, 1.5 and 5 with equal weights: 3.83 of 5 = 76.67% — above the threshold, still negative
    assert advice.score_percentage == Decimal("76.67")
    assert len(advice.member_views) == 2


def test_not_applicable_scores_do_not_lower_the_advice(scheme, facilitator, member):
    application, _ = submitted(scheme)
    services.accept(application, facilitator)
    application.refresh_from_db()
    c1, c2, c3 = application.scheme.criteria.all()
    services.save_review(
        application,
        member,
        view="Prima.",
        scores={
            c1.pk: services.ScoreInput(4, False, "Ja."),
            c2.pk: services.ScoreInput(4, False, "Geen conflict."),
            c3.pk: services.ScoreInput(None, True, "Niet te beoordelen."),
        },
        submit=True,
    )
    advice = services.establish_advice(application, facilitator)
    assert advice.score_percentage == Decimal("80.00") and advice.outcome == "positive"


# --- Decisions under mandate ----------------------------------------------------------------------


def test_award_commits_budget_by_key_and_is_logged_with_the_mandate(scheme, decision_maker):
    application, _ = advised(scheme)
    decision = services.decide(
        application, decision_maker, outcome="award", amount=Decimal("5000"), reasons="Past goed."
    )
    application.refresh_from_db()
    assert application.status == State.DECIDED and decision.kind == Decision.Kind.AWARD
    year = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)
    assert year.committed == Decimal("5000") and ledger.discrepancies(year) == []
    entries = LedgerEntry.objects.filter(application=application, kind="commitment")
    assert {e.municipality.cbs_code: e.amount for e in entries} == {
        "GM1706": Decimal("1178"),
        "GM0946": Decimal("977"),
        "GM0988": Decimal("2845"),
    }
    log = TransitionLog.objects.get(application=application, transition="decide")
    assert log.role == Role.DECISION_MAKER and log.mandate_reference == "Mandaatbesluit test"
    assert log.actor == decision_maker and log.effective_on == TODAY()


def test_partial_award_and_refusal(scheme, decision_maker):
    partial_app, _ = advised(scheme)
    partial = services.decide(
        partial_app, decision_maker, outcome="award", amount=Decimal("3000"), reasons="Deels."
    )
    assert partial.kind == Decision.Kind.PARTIAL
    refused_app, _ = advised(scheme)
    refusal = services.decide(
        refused_app, decision_maker, outcome="refusal", reasons="Niet vernieuwend."
    )
    assert refusal.kind == Decision.Kind.REFUSAL and refusal.amount == 0
    assert not LedgerEntry.objects.filter(application=refused_app).exists()


def test_decisions_need_reasons_and_sane_amounts(scheme, decision_maker):
    application, _ = advised(scheme)
    for kwargs in (
        {"outcome": "award", "amount": Decimal("5000"), "reasons": " "},
        {"outcome": "award", "amount": Decimal("5000.01"), "reasons": "Meer dan gevraagd."},
        {"outcome": "award", "amount": Decimal("0"), "reasons": "Niets."},
        {"outcome": "maybe", "reasons": "Twijfel."},
    ):
        with pytest.raises(services.GrantError):
            services.decide(application, decision_maker, **kwargs)
    application.refresh_from_db()
    assert application.status == State.ADVISED and not application.decisions.exists()


def test_without_a_mandate_there_is_no_decision(scheme):
    application, _ = advised(scheme)
    user = UserFactory()
    MembershipFactory(
        user=user,
        role=Role.DECISION_MAKER,
        region=scheme.region,
        municipality=None,
        mandate_reference="",
    )
    with pytest.raises(TransitionNotAllowed) as error:
        services.decide(application, user, outcome="refusal", reasons="Nee.")
    assert "mandaat" in " ".join(error.value.messages)


def test_an_award_above_the_ceiling_is_refused_with_a_clear_message(scheme, decision_maker):
    ledger.set_ceiling(scheme, THIS_YEAR, Decimal("4000"), "Raadsbesluit verlaging")
    application, _ = advised(scheme)
    with pytest.raises(ledger.BudgetExceeded) as error:
        services.decide(
            application, decision_maker, outcome="award", amount=Decimal("5000"), reasons="Goed."
        )
    assert "€ 4.000,00 vrij" in str(error.value)
    application.refresh_from_db()
    assert application.status == State.ADVISED and not application.decisions.exists()


def test_sending_the_decision_makes_the_pdf_and_starts_the_periods(
    scheme, decision_maker, django_capture_on_commit_callbacks
):
    application, _ = advised(scheme)
    services.decide(
        application, decision_maker, outcome="award", amount=Decimal("4500"), reasons="Past goed."
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.send_decision(application, decision_maker)
    application.refresh_from_db()
    assert application.status == State.SENT
    assert decision.sent_on == TODAY()
    assert decision.objection_period_ends_on == deadlines.objection_period_end(TODAY())
    assert decision.payment_due_on == deadlines.payment_due(TODAY(), 6)
    assert application.report_due_on == deadlines.report_due(application.project_end, 13)
    text = pdf_text(decision)
    assert (
        "4.500,00" in text and "Namens het college van burgemeester en wethouders van Weert" in text
    )
    assert "Mandaatbesluit test" in text and "zes weken" in text and "6:7" in text
    letter = [m for m in mail.outbox if "Besluit op uw aanvraag" in m.subject][0]
    assert letter.attachments and letter.attachments[0][2] == "application/pdf"


# --- Money after the decision ---------------------------------------------------------------------


def awarded_and_sent(scheme, decision_maker, amount=Decimal("5000")):
    application, partner = advised(scheme)
    services.decide(application, decision_maker, outcome="award", amount=amount, reasons="Goed.")
    services.send_decision(application, decision_maker)
    application.refresh_from_db()
    return application, partner


def test_advance_by_the_scheme_rule(scheme, decision_maker, controller):
    application, _ = awarded_and_sent(scheme, decision_maker)
    payment = services.pay_advance(application, controller)
    assert payment.amount == Decimal("4000.00") and payment.kind == Payment.Kind.ADVANCE
    assert ledger.application_figures(application).total_paid == Decimal("4000")
    application.refresh_from_db()
    assert application.status == State.ADVANCE_PAID
    with pytest.raises(TransitionNotAllowed):
        services.pay_advance(application, controller)


def test_no_advance_when_the_scheme_has_none(scheme, decision_maker, controller):
    GrantScheme.objects.filter(pk=scheme.pk).update(advance_percentage=0)
    application, partner = awarded_and_sent(scheme, decision_maker)
    with pytest.raises(TransitionNotAllowed) as error:
        services.pay_advance(application, controller)
    assert "geen voorschot" in " ".join(error.value.messages)
    services.submit_report(application, partner, results="Gedaan.", actual_costs=Decimal("5000"))


def test_lower_settlement_releases_budget_and_reclaims_the_overpayment(
    scheme, decision_maker, controller
):
    application, partner = awarded_and_sent(scheme, decision_maker)
    services.pay_advance(application, controller)
    services.submit_report(
        application, partner, results="Vijftien inwoners.", actual_costs=Decimal("3500")
    )
    settlement = services.settle(
        application, decision_maker, amount=Decimal("3500"), reasons="Minder kosten gemaakt."
    )
    assert settlement.released == Decimal("1500")
    assert settlement.recovery == Decimal("500") and settlement.balance_due == 0
    assert settlement.recovery_due_on == deadlines.payment_due(TODAY(), 6)
    year = BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)
    assert year.free == Decimal("96500") and year.released == Decimal("1500")
    text = pdf_text(settlement.decision)
    assert "3.500,00" in text and "terug" in text

    application.refresh_from_db()
    with pytest.raises(TransitionNotAllowed) as error:
        services.close(application, controller)
    assert "terugbetaald" in " ".join(error.value.messages)
    repayment = services.register_settlement_payment(application, controller)
    assert repayment.kind == Payment.Kind.REPAYMENT and repayment.amount == Decimal("500")
    assert ledger.application_figures(application).total_paid == Decimal("3500")
    services.close(application, controller)
    application.refresh_from_db()
    assert application.status == State.CLOSED
    assert ledger.discrepancies(BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)) == []


def test_full_settlement_pays_the_balance(scheme, decision_maker, controller):
    application, partner = awarded_and_sent(scheme, decision_maker)
    services.pay_advance(application, controller)
    services.submit_report(
        application, partner, results="Alles gedaan.", actual_costs=Decimal("6000")
    )
    settlement = services.settle(
        application, decision_maker, amount=Decimal("5000"), reasons="Conform verlening."
    )
    assert settlement.balance_due == Decimal("1000") and settlement.released == 0
    payment = services.register_settlement_payment(application, controller)
    assert payment.kind == Payment.Kind.BALANCE and payment.amount == Decimal("1000")
    with pytest.raises(services.GrantError):
        services.register_settlement_payment(application, controller)


def test_settling_above_the_award_is_refused(scheme, decision_maker, controller):
    application, partner = awarded_and_sent(scheme, decision_maker)
    services.submit_report(
        application, partner, results="Meer gedaan.", actual_costs=Decimal("9000")
    )
    with pytest.raises(services.GrantError):
        services.settle(application, decision_maker, amount=Decimal("5000.01"), reasons="Meer.")


def test_only_an_award_gets_a_report(scheme, decision_maker):
    application, partner = advised(scheme)
    services.decide(application, decision_maker, outcome="refusal", reasons="Nee.")
    services.send_decision(application, decision_maker)
    with pytest.raises(TransitionNotAllowed):
        services.submit_report(application, partner, results="x", actual_costs=Decimal(1))


def test_refusal_closes_only_after_the_objection_period(scheme, decision_maker, controller):
    application, _ = advised(scheme)
    services.decide(application, decision_maker, outcome="refusal", reasons="Nee.")
    decision = services.send_decision(application, decision_maker)
    with pytest.raises(TransitionNotAllowed) as error:
        services.close(application, controller)
    assert "bezwaartermijn loopt nog" in " ".join(error.value.messages)
    services.close(
        application, controller, on=decision.objection_period_ends_on + timedelta(days=1)
    )
    application.refresh_from_db()
    assert application.status == State.CLOSED


# --- Objections ----------------------------------------------------------------------------------


def test_objection_deadline_and_the_original_decision_maker_may_not_decide_it(
    scheme, decision_maker, facilitator
):
    application, _ = advised(scheme)
    services.decide(application, decision_maker, outcome="refusal", reasons="Niet additioneel.")
    decision = services.send_decision(application, decision_maker)
    objection = services.register_objection(
        application, facilitator, received_on=TODAY(), grounds="Wel additioneel."
    )
    assert objection.period_ends_on == decision.objection_period_ends_on
    assert objection.decision_due_on == deadlines.objection_decision_due(
        decision.objection_period_ends_on
    )
    assert objection.is_timely
    application.refresh_from_db()
    assert application.status == State.OBJECTION

    with pytest.raises(TransitionNotAllowed) as error:
        services.decide_objection(
            application, decision_maker, outcome="unfounded", reasons="Blijft."
        )
    assert "10:3" in " ".join(error.value.messages)

    services.extend_objection(
        application, staff(Role.DECISION_MAKER, scheme.region), reason="Hoorzitting."
    )
    objection.refresh_from_db()
    assert objection.extended and objection.decision_due_on == deadlines.objection_decision_due(
        objection.period_ends_on, extended=True
    )
    with pytest.raises(TransitionNotAllowed):
        services.extend_objection(
            application, staff(Role.DECISION_MAKER, scheme.region), reason="Nog eens."
        )

    other = staff(Role.DECISION_MAKER, scheme.region)
    services.decide_objection(
        application, other, outcome="unfounded", reasons="Het besluit blijft in stand."
    )
    application.refresh_from_db()
    objection.refresh_from_db()
    assert application.status == State.SENT and objection.outcome == "unfounded"
    assert objection.mandate_reference == "Mandaatbesluit test"


def test_founded_objection_against_a_refusal_returns_to_a_new_decision(
    scheme, decision_maker, facilitator
):
    application, _ = advised(scheme)
    services.decide(application, decision_maker, outcome="refusal", reasons="Nee.")
    services.send_decision(application, decision_maker)
    services.register_objection(
        application, facilitator, received_on=TODAY(), grounds="Ten onrechte."
    )
    services.decide_objection(
        application,
        staff(Role.DECISION_MAKER, scheme.region),
        outcome="founded",
        reasons="Terecht.",
    )
    application.refresh_from_db()
    assert application.status == State.ADVISED
    assert application.decisions.get().revoked_at is not None
    services.decide(
        application, decision_maker, outcome="award", amount=Decimal("2000"), reasons="Na bezwaar."
    )


def test_founded_objection_against_an_award_releases_the_commitment(
    scheme, decision_maker, facilitator
):
    application, _ = awarded_and_sent(scheme, decision_maker)
    services.register_objection(application, facilitator, received_on=TODAY(), grounds="Te laag.")
    services.decide_objection(
        application,
        staff(Role.DECISION_MAKER, scheme.region),
        outcome="founded",
        reasons="Opnieuw.",
    )
    assert ledger.application_figures(application).total_committed == 0
    assert BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR).free == Decimal("100000")


def test_founded_objection_against_a_settlement_undoes_it(
    scheme, decision_maker, facilitator, controller
):
    application, partner = awarded_and_sent(scheme, decision_maker)
    services.submit_report(application, partner, results="Gedaan.", actual_costs=Decimal("3000"))
    services.settle(application, decision_maker, amount=Decimal("3000"), reasons="Lager.")
    services.register_objection(
        application, partner, received_on=TODAY(), grounds="Kosten waren hoger."
    )
    services.decide_objection(
        application, staff(Role.DECISION_MAKER, scheme.region), outcome="founded", reasons="Klopt."
    )
    application.refresh_from_db()
    assert application.status == State.REPORT_RECEIVED and application.current_settlement is None
    assert ledger.application_figures(application).total_committed == Decimal("5000")
    services.settle(
        application, decision_maker, amount=Decimal("5000"), reasons="Opnieuw vastgesteld."
    )
    assert ledger.discrepancies(BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)) == []


def test_a_late_objection_is_registered_but_marked_late(scheme, decision_maker, facilitator):
    application, _ = advised(scheme)
    services.decide(application, decision_maker, outcome="refusal", reasons="Nee.")
    decision = services.send_decision(application, decision_maker, on=TODAY() - timedelta(days=60))
    objection = services.register_objection(
        application, facilitator, received_on=TODAY(), grounds="Te laat."
    )
    assert not objection.is_timely and objection.period_ends_on == decision.objection_period_ends_on


def test_a_stranger_cannot_lodge_an_objection(scheme, decision_maker):
    application, _ = advised(scheme)
    services.decide(application, decision_maker, outcome="refusal", reasons="Nee.")
    services.send_decision(application, decision_maker)
    stranger, _ = make_partner(scheme)
    with pytest.raises(TransitionNotAllowed):
        services.register_objection(
            application, stranger, received_on=TODAY(), grounds="Ik wil ook."
        )
    assert not Objection.objects.exists()


def test_the_full_journey_visits_every_declared_step(
    scheme, facilitator, member, decision_maker, controller
):
    """One application through the main path, others through the side paths: together they take
    every transition of the machine at least once."""
    seen = set()
    # main path with a remedy, a postponement, an advance, a lower settlement and a recovery
    application, partner = submitted(scheme)
    services.request_remedy(application, facilitator, message="Begroting ontbreekt.")
    services.supply_information(application, partner)
    services.postpone(application, decision_maker, weeks=2, reason="Drukte.")
    services.accept(application, facilitator)
    application.refresh_from_db()
    scored(application, [member])
    services.establish_advice(application, facilitator)
    services.decide(
        application, decision_maker, outcome="award", amount=Decimal("5000"), reasons="Goed."
    )
    services.send_decision(application, decision_maker)
    services.pay_advance(application, controller)
    services.submit_report(application, partner, results="Gedaan.", actual_costs=Decimal("3000"))
    services.settle(application, decision_maker, amount=Decimal("3000"), reasons="Lager.")
    services.register_objection(application, partner, received_on=TODAY(), grounds="Hoger graag.")
    services.extend_objection(
        application, staff(Role.DECISION_MAKER, scheme.region), reason="Hoorzitting."
    )
    services.decide_objection(
        application, staff(Role.DECISION_MAKER, scheme.region), outcome="unfounded", reasons="Nee."
    )
    services.register_settlement_payment(application, controller)
    services.close(application, controller)
    seen |= set(steps(application))
    # side paths
    withdrawn, partner2 = submitted(scheme)
    services.withdraw(withdrawn, partner2)
    seen |= set(steps(withdrawn))
    aside, _ = submitted(scheme)
    remedy = services.request_remedy(aside, facilitator, message="Ontbreekt.")
    services.set_aside(aside, decision_maker, on=remedy.due_on + timedelta(days=1))
    seen |= set(steps(aside))
    assert seen == set(workflow.TRANSITIONS)
    assert ledger.discrepancies(BudgetYear.objects.get(scheme=scheme, year=THIS_YEAR)) == []
