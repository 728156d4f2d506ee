"""Domain logic of the subsidy lifecycle (no HTTP): drafts, steps, scorecard, money, objections.

Every step that changes an application's status goes through ``workflow.perform`` (lock, check,
record). Functions raise ``GrantError`` or ``workflow.TransitionNotAllowed`` (or
``ledger.LedgerError``) with messages in Dutch that views and API show as they are.
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_DOWN, Decimal

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import deadlines, ledger, scoring, workflow
from .models import (
    ZERO,
    AccountabilityReport,
    Advice,
    Answer,
    Application,
    Attachment,
    BudgetLine,
    Decision,
    GrantScheme,
    Objection,
    Payment,
    Recusal,
    RemedyRequest,
    Review,
    Score,
    Settlement,
)
from .rules import is_applicant, visible_applications
from .states import AWAITING_DECISION, EDITABLE, State

CENT = Decimal("0.01")


_quiet: ContextVar[bool] = ContextVar("grants_quiet", default=False)


@contextmanager
def quietly():
    """Register past events without mailing anyone (demo data, migration of a paper archive)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _notify(callback) -> None:
    """Send mail once the transaction has committed (never for a step that was rolled back)."""
    if not _quiet.get():
        transaction.on_commit(callback)


class GrantError(Exception):
    """A request that cannot be honoured; the message is fit to show to the user (Dutch)."""


class StaleVersion(GrantError):
    """Someone else saved in between: the caller must reload instead of overwriting."""


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _moment(on: date | None):
    """The time of a step: now, or noon of ``on`` when a past event is registered afterwards."""
    if on is None or on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(on, time(12, 0)))


# --- Drafts -------------------------------------------------------------------------------------

DRAFT_FIELDS = (
    "title",
    "description",
    "expected_results",
    "contact_name",
    "contact_email",
    "contact_phone",
    "action_line",
    "project_start",
    "project_end",
    "requested_amount",
)


def organisations_for(user, scheme: GrantScheme):
    """The organisations in the scheme's region that ``user`` may apply for."""
    from samen.network.models import Organisation

    return Organisation.objects.filter(region=scheme.region, members__user=user).order_by("name")


def create_draft(
    scheme, organisation, user, *, client_token=None, **fields
) -> tuple[Application, bool]:
    """Start an application (concept). A repeated request with the same ``client_token`` returns
    the draft the first one made instead of a second one (double submit, retried API call)."""
    if not user.has_perm("grants.apply", scheme):
        raise GrantError(_("U kunt geen subsidie aanvragen."))
    if (
        organisation.region_id != scheme.region_id
        or not organisations_for(user, scheme).filter(pk=organisation.pk).exists()
    ):
        raise GrantError(_("U kunt alleen aanvragen namens een organisatie waarvoor u optreedt."))
    if client_token is not None:
        existing = Application.objects.filter(client_token=client_token).first()
        if existing is not None:
            return existing, False
    defaults = {name: value for name, value in fields.items() if name in DRAFT_FIELDS}
    defaults.setdefault("title", _("Nieuwe aanvraag"))
    defaults.setdefault("contact_name", user.get_full_name())
    defaults.setdefault("contact_email", user.email)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                scheme=scheme,
                organisation=organisation,
                created_by=user,
                client_token=client_token,
                **defaults,
            )
    except IntegrityError:
        # The same token raced in from a parallel request: that one's draft is the answer.
        return Application.objects.get(client_token=client_token), False
    return application, True


@dataclass
class DraftData:
    """What the applicant fills in; ``None`` for a part means: leave it as it is."""

    fields: dict = field(default_factory=dict)
    editor: str = ""  # token of the edit page (its own earlier autosaves are not a conflict)
    values: list | None = None
    answers: dict | None = None  # question id -> text
    budget_lines: list[dict] | None = None  # description, amount, co_financing, co_financier


def update_draft(application, user, data: DraftData, *, version: int) -> Application:
    """Save the applicant's changes (autosave included) if nobody saved in between."""
    if not is_applicant(user, application) or not user.has_perm("grants.apply", application):
        raise GrantError(_("U kunt deze aanvraag niet wijzigen."))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status not in EDITABLE:
            raise GrantError(_("Deze aanvraag is ingediend en kan niet meer worden gewijzigd."))
        own_page = bool(data.editor) and data.editor == locked.last_editor
        if locked.version != version and not own_page:
            raise StaleVersion(
                _(
                    "Deze aanvraag is intussen door iemand anders opgeslagen. Laad de pagina "
                    "opnieuw; uw wijzigingen zijn niet opgeslagen."
                )
            )
        for name, value in data.fields.items():
            if name in DRAFT_FIELDS:
                setattr(locked, name, value)
        locked.version += 1
        locked.last_editor = data.editor[:32]
        locked.save()
        if data.values is not None:
            locked.values.set(
                [v for v in data.values if getattr(v, "region_id", None) == locked.scheme.region_id]
            )
        if data.answers is not None:
            _save_answers(locked, data.answers)
        if data.budget_lines is not None:
            locked.budget_lines.all().delete()
            BudgetLine.objects.bulk_create(
                BudgetLine(application=locked, position=index, **line)
                for index, line in enumerate(data.budget_lines)
            )
    application.version = locked.version
    return locked


def _save_answers(application, answers: dict) -> None:
    questions = {q.pk: q for q in application.scheme.questions.all()}
    for question_id, text in answers.items():
        if int(question_id) in questions:
            Answer.objects.update_or_create(
                application=application,
                question=questions[int(question_id)],
                defaults={"text": text or ""},
            )


def submission_problems(application) -> list[str]:
    """What is still missing before the application can be submitted (empty: complete)."""
    scheme, problems = application.scheme, []
    required = {
        "title": _("een titel"),
        "description": _("een omschrijving"),
        "expected_results": _("de beoogde resultaten"),
        "contact_name": _("een contactpersoon"),
        "contact_email": _("het e-mailadres van de contactpersoon"),
    }
    missing = [label for name, label in required.items() if not getattr(application, name)]
    if missing:
        problems.append(_("Vul nog in: %(fields)s.") % {"fields": ", ".join(missing)})
    if not application.values.exists():
        problems.append(_("Kies ten minste één gedeelde waarde die het experiment versterkt."))
    if not (application.project_start and application.project_end):
        problems.append(_("Vul de periode van het experiment in."))
    elif application.project_end < application.project_start:
        problems.append(_("Het experiment eindigt voordat het begint."))
    amount = application.requested_amount
    if amount is None:
        problems.append(_("Vul het gevraagde bedrag in."))
    elif not scheme.minimum_amount <= amount <= scheme.maximum_amount:
        problems.append(
            _("Het gevraagde bedrag ligt niet tussen %(min)s en %(max)s.")
            % {"min": ledger.euro(scheme.minimum_amount), "max": ledger.euro(scheme.maximum_amount)}
        )
    lines = list(application.budget_lines.all())
    if not lines:
        problems.append(_("Voeg ten minste één begrotingsregel toe."))
    elif amount is not None:
        uncovered = sum((line.amount - line.co_financing for line in lines), ZERO)
        if amount > uncovered:
            problems.append(
                _(
                    "Het gevraagde bedrag (%(amount)s) is hoger dan de kosten min de "
                    "cofinanciering (%(uncovered)s)."
                )
                % {"amount": ledger.euro(amount), "uncovered": ledger.euro(uncovered)}
            )
    answered = {a.question_id for a in application.answers.all() if a.text.strip()}
    open_questions = [q.text for q in scheme.questions.all() if q.required and q.pk not in answered]
    if open_questions:
        problems.append(
            _("Beantwoord nog: %(questions)s") % {"questions": "; ".join(open_questions)}
        )
    return problems


# --- Attachments --------------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
OFFICE_ZIP = b"PK\x03\x04"
#: extension -> (content type, magic bytes at the start, member a zip must contain)
ALLOWED_FILES = {
    ".pdf": ("application/pdf", b"%PDF-", None),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n", None),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff", None),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff", None),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        OFFICE_ZIP,
        "[Content_Types].xml",
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        OFFICE_ZIP,
        "[Content_Types].xml",
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", OFFICE_ZIP, "mimetype"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", OFFICE_ZIP, "mimetype"),
}


def check_upload(upload) -> str:
    """The content type of an acceptable upload; raises GrantError for a wrong type or size.

    The type is read from the file's first bytes (and, for office files, its zip directory), not
    taken from the name or the browser's claim.
    """
    name = upload.name or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in ALLOWED_FILES:
        raise GrantError(
            _("Dit soort bestand kan niet worden toegevoegd. Toegestaan: %(types)s.")
            % {"types": ", ".join(sorted(e.lstrip(".") for e in ALLOWED_FILES))}
        )
    if upload.size == 0:
        raise GrantError(_("Het bestand is leeg."))
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise GrantError(
            _("Het bestand is groter dan %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // 1024 // 1024}
        )
    content_type, magic, zip_member = ALLOWED_FILES[extension]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic or (zip_member and not _zip_has(upload, zip_member)):
        raise GrantError(
            _("De inhoud van het bestand past niet bij '%(ext)s'.") % {"ext": extension.lstrip(".")}
        )
    return content_type


def _zip_has(upload, member: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def add_attachment(application, user, upload, *, title: str, kind=Attachment.Kind.APPLICATION):
    """Store an uploaded file privately with the application (only the applicant adds files)."""
    if not is_applicant(user, application):
        raise GrantError(_("Alleen de aanvrager kan bestanden toevoegen."))
    allowed_states = {
        Attachment.Kind.APPLICATION: EDITABLE,
        Attachment.Kind.REMEDY: (State.INCOMPLETE,),
        Attachment.Kind.REPORT: (State.SENT, State.ADVANCE_PAID),
        Attachment.Kind.OBJECTION: (
            State.SENT,
            State.ADVANCE_PAID,
            State.SET_ASIDE,
            State.SETTLED,
            State.OBJECTION,
        ),
    }
    if application.status not in allowed_states[kind]:
        raise GrantError(_("In deze fase kan dit soort bijlage niet worden toegevoegd."))
    content_type = check_upload(upload)
    attachment = Attachment(
        application=application,
        kind=kind,
        title=(title or upload.name)[:200],
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


# --- Submission and completeness ----------------------------------------------------------------


def _budget_year_for(application, received_on: date) -> int:
    """The scheme year whose ceiling the application falls under: the year of receipt, kept within
    the years the scheme has a budget for (Awb 4:25: the ceiling of the period of the application)."""
    years = sorted(application.scheme.budget_years.values_list("year", flat=True))
    if not years:
        return received_on.year
    return min(max(received_on.year, years[0]), years[-1])


def refresh_decision_due(application) -> date | None:
    """Recompute the decision due date from receipt, clock stops and postponement."""
    if application.received_on is None:
        return None
    suspensions = [
        deadlines.Suspension(r.requested_on, r.due_on, r.answered_on)
        for r in application.remedy_requests.all()
    ]
    application.decision_due_on = deadlines.decision_due(
        application.received_on,
        application.scheme.decision_period_weeks,
        suspensions,
        postponed_weeks=application.postponed_weeks,
    )
    Application.objects.filter(pk=application.pk).update(
        decision_due_on=application.decision_due_on
    )
    return application.decision_due_on


def submit(application, user, *, on: date | None = None) -> tuple[Application, bool]:
    """Submit the draft: receipt date, decision clock, reference, receipt e-mail.

    Idempotent: submitting an application that this organisation already submitted returns it
    unchanged (``False``), so a double click or a retried request never makes a second one.
    """
    on = _today(on)
    try:
        with workflow.perform(application, "submit", user, on=on) as step:
            app = step.application
            app.submitted_at = _moment(on)
            app.received_on = on
            app.budget_year = _budget_year_for(app, on)
            app.reference = f"SUB-{on.year}-{app.pk:05d}"
            app.save()
            refresh_decision_due(app)
            _notify(lambda: send_receipt(app.pk))
    except workflow.TransitionNotAllowed:
        # The row lock decided: if it was already submitted, this is the same submission again.
        current = Application.objects.get(pk=application.pk)
        if current.submitted_at and current.status != State.CONCEPT and is_applicant(user, current):
            return current, False
        raise
    return step.application, True


def send_receipt(application_id: int) -> None:
    """Ontvangstbevestiging: date of receipt and the decision due date, to contact and submitter."""
    application = Application.objects.select_related("scheme", "created_by").get(pk=application_id)
    recipients = sorted({application.contact_email, application.created_by.email} - {""})
    body = _(
        "Geachte %(name)s,\n\n"
        "Op %(received)s hebben wij uw aanvraag '%(title)s' (kenmerk %(reference)s) voor de "
        "%(scheme)s ontvangen.\n\n"
        "Wij beslissen uiterlijk op %(due)s. Als wij u vragen de aanvraag aan te vullen, "
        "schuift deze datum op met de tijd die u daarvoor krijgt (Awb 4:15).\n\n"
        "Met vriendelijke groet,\n%(body)s"
    ) % {
        "name": application.contact_name,
        "received": application.received_on.strftime("%d-%m-%Y"),
        "title": application.title,
        "reference": application.reference,
        "scheme": application.scheme.name,
        "due": application.decision_due_on.strftime("%d-%m-%Y"),
        "body": application.scheme.issuing_body,
    }
    EmailMessage(
        subject=_("Ontvangstbevestiging aanvraag %(reference)s")
        % {"reference": application.reference},
        body=body,
        to=recipients,
    ).send()


def withdraw(application, user, *, note: str = "", on: date | None = None):
    """The applicant withdraws the application (before a decision)."""
    with workflow.perform(application, "withdraw", user, note=note, on=on) as step:
        pass
    return step.application


def request_remedy(application, user, *, message: str, on: date | None = None) -> RemedyRequest:
    """Ask the applicant to complete the application; the clock stops (Awb 4:5, 4:15)."""
    if not message.strip():
        raise GrantError(_("Schrijf op wat er ontbreekt."))
    on = _today(on)
    with workflow.perform(application, "request_remedy", user, note=message, on=on) as step:
        app = step.application
        remedy = RemedyRequest.objects.create(
            application=app,
            message=message,
            requested_by=user,
            requested_on=on,
            due_on=deadlines.remedy_due(on, app.scheme.remedy_period_weeks),
        )
        refresh_decision_due(app)
        _notify(lambda: _send_remedy_request(remedy.pk))
    return remedy


def _send_remedy_request(remedy_id: int) -> None:
    remedy = RemedyRequest.objects.select_related("application__scheme").get(pk=remedy_id)
    application = remedy.application
    EmailMessage(
        subject=_("Verzoek om aanvulling aanvraag %(reference)s")
        % {"reference": application.reference},
        body=_(
            "Geachte %(name)s,\n\nUw aanvraag is nog niet volledig:\n\n%(message)s\n\n"
            "Vul de aanvraag uiterlijk op %(due)s aan. Doet u dat niet, dan kunnen wij de aanvraag "
            "buiten behandeling stellen (Awb 4:5). Tot de aanvulling binnen is, staat de "
            "beslistermijn stil.\n\nMet vriendelijke groet,\n%(body)s"
        )
        % {
            "name": application.contact_name,
            "message": remedy.message,
            "due": remedy.due_on.strftime("%d-%m-%Y"),
            "body": application.scheme.issuing_body,
        },
        to=[application.contact_email] if application.contact_email else [],
    ).send()


def supply_information(application, user, *, answer: str = "", on: date | None = None):
    """The applicant has completed the application: the clock runs again."""
    on = _today(on)
    with workflow.perform(application, "supply_information", user, note=answer, on=on) as step:
        app = step.application
        remedy = app.remedy_requests.filter(answered_on__isnull=True).last()
        remedy.answered_on = on
        remedy.answer = answer
        remedy.save()
        refresh_decision_due(app)
    return step.application


def accept(application, user, *, note: str = "", on: date | None = None):
    """The facilitator finds the application complete: it goes to the steering group."""
    with workflow.perform(application, "accept", user, note=note, on=on) as step:
        pass
    return step.application


def postpone(application, user, *, weeks: int, reason: str, on: date | None = None):
    """Tell the applicant the decision takes longer, with a new date (Awb 4:14(1))."""
    if not 1 <= int(weeks) <= 26:
        raise GrantError(_("Verdaag met 1 tot 26 weken."))
    if not reason.strip():
        raise GrantError(_("Noem de reden van de verdaging."))
    with workflow.perform(application, "postpone", user, note=reason, on=on) as step:
        app = step.application
        app.postponed_weeks = int(weeks)
        app.postponement_reason = reason
        app.save()
        refresh_decision_due(app)
        step.target = State(app.status)
    return step.application


# --- Scorecard ----------------------------------------------------------------------------------


def recuse(application, user, *, reason: str) -> Recusal:
    """A steering member declares a conflict of interest and does not score this application."""
    if not user.has_perm("grants.score_application", application):
        raise GrantError(_("Alleen stuurgroepleden verschonen zich."))
    recusal, _created = Recusal.objects.get_or_create(
        application=application,
        member=user,
        defaults={"reason": reason or _("Belangenverstrengeling")},
    )
    Review.objects.filter(application=application, reviewer=user).delete()
    return recusal


@dataclass
class ScoreInput:
    value: int | None
    not_applicable: bool
    justification: str


def save_review(
    application, user, *, view: str, scores: dict, submit: bool, version: int | None = None, on=None
) -> Review:
    """Save a steering member's scorecard (``scores``: criterion id -> ScoreInput).

    Every criterion needs a justification; "not applicable" is allowed except on a knock-out
    criterion. A member tied to the applicant organisation cannot score (recusal).
    """
    # Scoring happens while the application is in review; the permission is the member's own.
    if application.status != State.IN_REVIEW:
        raise GrantError(_("Deze aanvraag wordt nu niet beoordeeld."))
    if not user.has_perm("grants.score_application", application):
        raise GrantError(_("Alleen stuurgroepleden beoordelen aanvragen."))
    if problem := workflow.may_score(application, user):
        raise GrantError(problem)
    criteria = {c.pk: c for c in application.scheme.criteria.all()}
    errors = _score_errors(criteria, scores, application.scheme.scale_max, require_all=submit)
    if submit and not view.strip():
        errors.append(_("Geef uw zienswijze op de aanvraag als geheel."))
    if errors:
        raise GrantError(" ".join(errors))
    with transaction.atomic():
        review, created = Review.objects.select_for_update().get_or_create(
            application=application, reviewer=user, defaults={"view": view}
        )
        if not created and version is not None and review.version != version:
            raise StaleVersion(
                _("U hebt deze beoordeling intussen elders opgeslagen. Laad de pagina opnieuw.")
            )
        if review.submitted_at and not created:
            raise GrantError(_("U hebt uw beoordeling al ingediend."))
        review.view = view
        review.version += 0 if created else 1
        review.submitted_at = _moment(on) if submit else None
        review.save()
        for criterion_id, score in scores.items():
            Score.objects.update_or_create(
                review=review,
                criterion=criteria[int(criterion_id)],
                defaults={
                    "value": None if score.not_applicable else score.value,
                    "not_applicable": score.not_applicable,
                    "justification": score.justification,
                },
            )
    return review


def _score_errors(criteria: dict, scores: dict, scale_max: int, *, require_all: bool) -> list[str]:
    errors = []
    for criterion_id, score in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            errors.append(_("Onbekend criterium."))
            continue
        if score.not_applicable and criterion.knock_out:
            errors.append(
                _("'%(c)s' is een knock-outcriterium en kan niet 'niet van toepassing' zijn.")
                % {"c": criterion.title}
            )
        if not score.not_applicable and (score.value is None or not 0 <= score.value <= scale_max):
            errors.append(
                _("Geef '%(c)s' een score van 0 tot en met %(max)s.")
                % {"c": criterion.title, "max": scale_max}
            )
        if not score.justification.strip():
            errors.append(_("Onderbouw uw score op '%(c)s'.") % {"c": criterion.title})
    if require_all:
        missing = [c.title for pk, c in criteria.items() if pk not in {int(k) for k in scores}]
        if missing:
            errors.append(_("Scoor ook: %(c)s.") % {"c": "; ".join(missing)})
    return errors


def scorecard(application) -> scoring.Scorecard:
    """The aggregated scorecard of all submitted reviews."""
    scheme = application.scheme
    criteria = [
        scoring.CriterionSpec(c.pk, c.title, c.weight, c.knock_out, c.pass_mark)
        for c in scheme.criteria.all()
    ]
    scores = [
        scoring.ScoreValue(s.criterion_id, None if s.not_applicable else s.value)
        for s in Score.objects.filter(
            review__application=application, review__submitted_at__isnull=False
        )
    ]
    return scoring.aggregate(
        criteria, scores, scale_max=scheme.scale_max, threshold=scheme.positive_threshold
    )


def establish_advice(
    application,
    user,
    *,
    remarks: str = "",
    recommended_amount: Decimal | None = None,
    on: date | None = None,
) -> Advice:
    """Fix the steering group's advice from the submitted scorecards and the members' views."""
    with workflow.perform(application, "establish_advice", user, note=remarks, on=on) as step:
        app = step.application
        card = scorecard(app)
        if card.positive is None:
            raise GrantError(
                _("Er is geen enkel criterium gescoord; een advies is nog niet mogelijk.")
            )
        reviews = app.reviews.filter(submitted_at__isnull=False).select_related("reviewer")
        advice = Advice.objects.create(
            application=app,
            outcome=Advice.Outcome.POSITIVE if card.positive else Advice.Outcome.NEGATIVE,
            score_percentage=card.total_percentage,
            knock_out_failed=card.knock_out_failed,
            scorecard=[
                {
                    "criterion": row.criterion.title,
                    "weight": str(row.criterion.weight),
                    "knock_out": row.criterion.knock_out,
                    "mean": None if row.mean is None else str(row.mean),
                    "applicable": row.applicable,
                    "not_applicable": row.not_applicable,
                    "knocked_out": row.knocked_out,
                }
                for row in card.rows
            ],
            member_views=[{"member": r.reviewer.get_full_name(), "view": r.view} for r in reviews],
            recused=[
                {"member": r.member.get_full_name(), "reason": r.reason}
                for r in app.recusals.select_related("member")
            ],
            recommended_amount=recommended_amount,
            remarks=remarks,
            established_by=user,
            established_at=_moment(step.on),
        )
    return advice


# --- Decisions ----------------------------------------------------------------------------------


def decide(
    application,
    user,
    *,
    outcome: str,
    amount: Decimal | None = None,
    reasons: str,
    conditions: str = "",
    on: date | None = None,
) -> Decision:
    """Decide under mandate: award (fully or partly) or refuse, with reasons.

    An award commits the amount on the ledger of the application's budget year, split by the
    scheme's key; when it does not fit under the ceiling, nothing is decided and the message says
    how much is free (Awb 4:25).
    """
    if not reasons.strip():
        raise GrantError(_("Een besluit moet worden gemotiveerd (Awb 3:46)."))
    with workflow.perform(application, "decide", user, note=reasons, on=on) as step:
        app = step.application
        scheme = app.scheme
        if outcome == "award":
            amount = Decimal(amount or 0)
            if amount <= 0:
                raise GrantError(_("Vul het te verlenen bedrag in."))
            if amount > app.requested_amount:
                raise GrantError(_("U kunt niet meer verlenen dan is aangevraagd."))
            if amount > scheme.maximum_amount:
                raise GrantError(
                    _("Het maximumbedrag van de regeling is %(max)s.")
                    % {"max": ledger.euro(scheme.maximum_amount)}
                )
            kind = Decision.Kind.AWARD if amount == app.requested_amount else Decision.Kind.PARTIAL
        elif outcome == "refusal":
            kind, amount = Decision.Kind.REFUSAL, ZERO
        else:
            raise GrantError(_("Kies verlenen of weigeren."))
        decision = Decision.objects.create(
            application=app,
            kind=kind,
            amount=amount,
            reasons=reasons,
            conditions=conditions or scheme.conditions,
            decided_by=user,
            decided_at=_moment(step.on),
            mandate_reference=workflow.mandate_of(user, app) or _("(beheerder)"),
            issuing_body=scheme.issuing_body,
        )
        if decision.is_award:
            ledger.commit(app, amount, decision=decision, user=user, note=app.reference or "")
    return decision


def _dispatch(decision, user, on: date) -> None:
    """Date, deadlines, PDF and e-mail of a decision letter."""
    from .pdf import store_decision_pdf

    decision.sent_on = on
    decision.objection_period_ends_on = deadlines.objection_period_end(on)
    store_decision_pdf(decision)
    decision.save()
    _notify(lambda: send_decision_letter(decision.pk))


def send_decision(application, user, *, on: date | None = None) -> Decision:
    """Make the beschikking (PDF) and send it; the objection period and payment term start."""
    on = _today(on)
    with workflow.perform(application, "send_decision", user, on=on) as step:
        app = step.application
        decision = app.decisions.filter(sent_on__isnull=True, revoked_at__isnull=True).first()
        if decision.is_award:
            if app.scheme.advance_percentage > 0:
                decision.payment_due_on = deadlines.payment_due(on, app.scheme.payment_term_weeks)
            app.report_due_on = deadlines.report_due(
                app.project_end, app.scheme.report_period_weeks
            )
            app.save()
        _dispatch(decision, user, on)
    return decision


def send_decision_letter(decision_id: int) -> None:
    decision = Decision.objects.select_related(
        "application__scheme", "application__created_by"
    ).get(pk=decision_id)
    application = decision.application
    message = EmailMessage(
        subject=_("Besluit op uw aanvraag %(reference)s") % {"reference": application.reference},
        body=_(
            "Geachte %(name)s,\n\nIn de bijlage vindt u ons besluit op uw aanvraag '%(title)s'. "
            "U kunt het ook downloaden in Samen.\n\nMet vriendelijke groet,\n%(body)s"
        )
        % {
            "name": application.contact_name,
            "title": application.title,
            "body": decision.issuing_body,
        },
        to=sorted({application.contact_email, application.created_by.email} - {""}),
    )
    if decision.document:
        with decision.document.open("rb") as handle:
            message.attach(f"besluit-{application.reference}.pdf", handle.read(), "application/pdf")
    message.send()


def set_aside(application, user, *, reasons: str = "", on: date | None = None) -> Decision:
    """Not completed in time: the application is set aside by decision (Awb 4:5), letter included."""
    on = _today(on)
    with workflow.perform(application, "set_aside", user, note=reasons, on=on) as step:
        app = step.application
        remedy = app.remedy_requests.filter(answered_on__isnull=True).last()
        decision = Decision.objects.create(
            application=app,
            kind=Decision.Kind.SET_ASIDE,
            reasons=reasons
            or _(
                "Wij hebben u op %(asked)s gevraagd de aanvraag uiterlijk op %(due)s aan te vullen. "
                "Dat is niet gebeurd. Daarom stellen wij de aanvraag buiten behandeling (Awb 4:5)."
            )
            % {
                "asked": remedy.requested_on.strftime("%d-%m-%Y"),
                "due": remedy.due_on.strftime("%d-%m-%Y"),
            },
            decided_by=user,
            decided_at=_moment(on),
            mandate_reference=workflow.mandate_of(user, app) or _("(beheerder)"),
            issuing_body=app.scheme.issuing_body,
        )
        _dispatch(decision, user, on)
    return decision


# --- Money --------------------------------------------------------------------------------------


def advance_amount(application) -> Decimal:
    """The advance by the scheme's rule: its percentage of the award, rounded down to the cent."""
    decision = application.current_decision
    if decision is None or not decision.is_award:
        return ZERO
    share = decision.amount * application.scheme.advance_percentage / Decimal(100)
    return share.quantize(CENT, rounding=ROUND_DOWN)


def pay_advance(application, user, *, paid_on: date | None = None) -> Payment:
    """Register that the advance (voorschot) was paid; books it on the ledger."""
    paid_on = _today(paid_on)
    with workflow.perform(application, "pay_advance", user, on=paid_on) as step:
        app = step.application
        amount = advance_amount(app)
        decision = app.current_decision
        payment = Payment.objects.create(
            application=app,
            kind=Payment.Kind.ADVANCE,
            amount=amount,
            due_on=decision.payment_due_on,
            paid_on=paid_on,
            registered_by=user,
            note=_("Voorschot %(pct)s%%") % {"pct": app.scheme.advance_percentage.normalize()},
        )
        ledger.pay(app, amount, user=user, note=app.reference or "")
    return payment


def submit_report(
    application,
    user,
    *,
    results: str,
    actual_costs: Decimal,
    co_financing_received: Decimal = ZERO,
    on: date | None = None,
) -> AccountabilityReport:
    """The recipient accounts for the subsidy; this is the request to settle (Awb 4:44)."""
    if not results.strip():
        raise GrantError(_("Beschrijf de bereikte resultaten."))
    on = _today(on)
    with workflow.perform(application, "submit_report", user, on=on) as step:
        app = step.application
        report = AccountabilityReport.objects.create(
            application=app,
            results=results,
            actual_costs=actual_costs,
            co_financing_received=co_financing_received,
            submitted_by=user,
            submitted_at=_moment(on),
            settlement_due_on=deadlines.period_end(on, weeks=app.scheme.decision_period_weeks),
        )
    return report


def settle(
    application, user, *, amount: Decimal, reasons: str, on: date | None = None
) -> Settlement:
    """Settle the subsidy (vaststelling). Settling lower than awarded releases budget; what was
    paid above the settled amount is reclaimed (terugvordering, Awb 4:57) within the payment term."""
    if not reasons.strip():
        raise GrantError(_("Een besluit moet worden gemotiveerd (Awb 3:46)."))
    on = _today(on)
    with workflow.perform(application, "settle", user, note=reasons, on=on) as step:
        app = step.application
        figures = ledger.application_figures(app)
        committed, paid = figures.total_committed, figures.total_paid
        amount = Decimal(amount)
        if amount < 0:
            raise GrantError(_("Het bedrag mag niet negatief zijn."))
        if amount > committed:
            raise GrantError(
                _("U kunt niet hoger vaststellen dan is verleend (%(awarded)s).")
                % {"awarded": ledger.euro(committed)}
            )
        decision = Decision.objects.create(
            application=app,
            kind=Decision.Kind.SETTLEMENT,
            amount=amount,
            reasons=reasons,
            decided_by=user,
            decided_at=_moment(on),
            mandate_reference=workflow.mandate_of(user, app) or _("(beheerder)"),
            issuing_body=app.scheme.issuing_body,
        )
        released = committed - amount
        ledger.release(
            app, released, decision=decision, user=user, note=_("Vaststelling lager dan verleend")
        )
        due = deadlines.payment_due(on, app.scheme.payment_term_weeks)
        settlement = Settlement.objects.create(
            application=app,
            decision=decision,
            amount=amount,
            released=released,
            balance_due=max(amount - paid, ZERO),
            recovery=max(paid - amount, ZERO),
            recovery_due_on=due if paid > amount else None,
        )
        decision.payment_due_on = due if amount != paid else None
        _dispatch(decision, user, on)
    return settlement


def outstanding_balance(application) -> Decimal:
    """Settled minus paid: positive still to pay, negative still to be paid back."""
    settlement = application.current_settlement
    if settlement is None:
        return ZERO
    return settlement.amount - ledger.application_figures(application).total_paid


def register_settlement_payment(application, user, *, paid_on: date | None = None) -> Payment:
    """Register the final payment, or the repayment of what was reclaimed, after the settlement."""
    paid_on = _today(paid_on)
    with workflow.perform(application, "register_settlement_payment", user, on=paid_on) as step:
        app = step.application
        balance = outstanding_balance(app)
        if balance == 0:
            raise GrantError(_("Er staat niets meer open."))
        kind, parts = ledger.settle_payments(app, user=user, note=app.reference or "")
        payment = Payment.objects.create(
            application=app,
            kind=Payment.Kind.BALANCE if balance > 0 else Payment.Kind.REPAYMENT,
            amount=abs(balance),
            due_on=app.current_settlement.decision.payment_due_on,
            paid_on=paid_on,
            registered_by=user,
        )
    return payment


def close(application, user, *, note: str = "", on: date | None = None):
    with workflow.perform(application, "close", user, note=note, on=on) as step:
        pass
    return step.application


# --- Objections ---------------------------------------------------------------------------------


def contestable_decision(application) -> Decision | None:
    """The sent decision an objection in the current state would be against."""
    wanted = {
        State.SENT: (Decision.Kind.AWARD, Decision.Kind.PARTIAL, Decision.Kind.REFUSAL),
        State.ADVANCE_PAID: (Decision.Kind.AWARD, Decision.Kind.PARTIAL),
        State.SET_ASIDE: (Decision.Kind.SET_ASIDE,),
        State.SETTLED: (Decision.Kind.SETTLEMENT,),
    }.get(State(application.status))
    if not wanted:
        return None
    return (
        application.decisions.filter(
            kind__in=wanted, sent_on__isnull=False, revoked_at__isnull=True
        )
        .order_by("-decided_at")
        .first()
    )


def register_objection(application, user, *, received_on: date, grounds: str) -> Objection:
    """Register an objection with its date of receipt; its deadlines are computed (Awb 6:7, 7:10)."""
    if not grounds.strip():
        raise GrantError(_("Vermeld de gronden van het bezwaar (Awb 6:5)."))
    if received_on > timezone.localdate():
        raise GrantError(_("De datum van ontvangst ligt in de toekomst."))
    with workflow.perform(application, "object", user, note=grounds, on=received_on) as step:
        app = step.application
        decision = contestable_decision(app)
        objection = Objection.objects.create(
            application=app,
            decision=decision,
            received_on=received_on,
            grounds=grounds,
            registered_by=user,
            period_ends_on=decision.objection_period_ends_on,
            decision_due_on=deadlines.objection_decision_due(decision.objection_period_ends_on),
            previous_status=app.status,
        )
        app.status_before_objection = app.status
        app.save()
    return objection


def extend_objection(application, user, *, reason: str, on: date | None = None) -> Objection:
    """Postpone the decision on the objection by six weeks, once (Awb 7:10(3))."""
    if not reason.strip():
        raise GrantError(_("Noem de reden van de verdaging."))
    with workflow.perform(application, "extend_objection", user, note=reason, on=on) as step:
        objection = step.application.objections.get(outcome=Objection.Outcome.PENDING)
        objection.extended = True
        objection.extension_reason = reason
        objection.decision_due_on = deadlines.objection_decision_due(
            objection.period_ends_on, extended=True
        )
        objection.save()
    return objection


def decide_objection(
    application, user, *, outcome: str, reasons: str, on: date | None = None
) -> Objection:
    """Decide on the objection — never by whoever took the contested decision (Awb 10:3(3)).

    Unfounded or inadmissible: the application returns to where it was. Founded: the contested
    decision is revoked and taken again — an award's commitment is released (the application goes
    back to 'advised'), a set-aside application is handled after all, a settlement is undone.
    """
    if outcome not in {o.value for o in Objection.Outcome} - {Objection.Outcome.PENDING}:
        raise GrantError(_("Kies de uitkomst van het bezwaar."))
    if not reasons.strip():
        raise GrantError(_("Een beslissing op bezwaar moet worden gemotiveerd (Awb 7:12)."))
    with workflow.perform(application, "decide_objection", user, note=reasons, on=on) as step:
        app = step.application
        objection = app.objections.select_related("decision").get(outcome=Objection.Outcome.PENDING)
        objection.outcome = outcome
        objection.reasons = reasons
        objection.decided_by = user
        objection.decided_at = _moment(on)
        objection.mandate_reference = workflow.mandate_of(user, app)
        objection.save()
        step.target = State(objection.previous_status)
        if outcome == Objection.Outcome.FOUNDED:
            step.target = _revoke_contested(app, objection.decision, user, reasons)
        app.status_before_objection = ""
        app.save()
    return objection


def _revoke_contested(application, decision, user, reasons) -> State:
    decision.revoked_at = timezone.now()
    decision.revoked_reason = reasons
    decision.save()
    note = _("Bezwaar gegrond: %(reference)s") % {"reference": application.reference}
    if decision.kind == Decision.Kind.SETTLEMENT:
        settlement = decision.settlement
        if application.payments.filter(
            kind__in=[Payment.Kind.BALANCE, Payment.Kind.REPAYMENT]
        ).exists():
            raise GrantError(
                _(
                    "Na de vaststelling is al betaald of terugbetaald; stel opnieuw vast in plaats van te herroepen."
                )
            )
        released = {}
        for entry in decision.ledger_entries.filter(kind="release").select_related("municipality"):
            released[entry.municipality] = released.get(entry.municipality, ZERO) + entry.amount
        ledger.recommit(application, released, decision=decision, user=user, note=note)
        settlement.annulled_at = timezone.now()
        settlement.save()
        return State.REPORT_RECEIVED
    if decision.kind == Decision.Kind.SET_ASIDE:
        return State.IN_REVIEW
    if decision.is_award:
        if application.payments.exists():
            raise GrantError(
                _("Er is al een voorschot betaald; wijzig de subsidie bij de vaststelling.")
            )
        ledger.release_all(application, decision=decision, user=user, note=note)
    return State.ADVISED


# --- Worklist -----------------------------------------------------------------------------------


@dataclass
class WorkItem:
    application: Application
    task: str
    due_on: date | None

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


WORKLIST_LIMIT = 50


@dataclass
class WorkSection:
    title: str
    items: list[WorkItem]
    more: bool = False  # there are more than ``WORKLIST_LIMIT``


def worklist(user, today: date | None = None) -> list[WorkSection]:
    """What each of the user's roles has to do now, with due dates; overdue items are flagged."""
    from samen.accounts.roles import Role

    today = _today(today)
    base = visible_applications(user).select_related("scheme", "organisation")
    roles = set(user.roles) if not user.is_superuser else set(Role)
    sections: list[WorkSection] = []

    def add(title, queryset, task, due):
        # One query per section: fetch one more than shown to know whether there is more.
        rows = list(queryset[: WORKLIST_LIMIT + 1])
        items = [WorkItem(app, task, due(app)) for app in rows[:WORKLIST_LIMIT]]
        sections.append(WorkSection(title, items, more=len(rows) > WORKLIST_LIMIT))

    if roles & {Role.FACILITATOR, Role.DECISION_MAKER}:
        add(
            _("Beslistermijn verstreken"),
            base.filter(status__in=AWAITING_DECISION, decision_due_on__lt=today).exclude(
                status=State.INCOMPLETE
            ),
            _("beslissen"),
            lambda a: a.decision_due_on,
        )
    if Role.FACILITATOR in roles:
        add(
            _("Volledigheid controleren"),
            base.filter(status=State.SUBMITTED).order_by("received_on"),
            _("controleren"),
            lambda a: a.decision_due_on,
        )
        add(
            _("Advies vaststellen"),
            base.filter(status=State.IN_REVIEW).order_by("decision_due_on"),
            _("advies"),
            lambda a: a.decision_due_on,
        )
        add(
            _("Beschikking verzenden"),
            base.filter(status=State.DECIDED),
            _("verzenden"),
            lambda a: a.decision_due_on,
        )
    if Role.STEERING_MEMBER in roles:
        mine = Review.objects.filter(reviewer=user, submitted_at__isnull=False).values(
            "application_id"
        )
        recused = Recusal.objects.filter(member=user).values("application_id")
        from .rules import organisation_ids_of

        add(
            _("Te beoordelen"),
            base.filter(status=State.IN_REVIEW)
            .exclude(pk__in=mine)
            .exclude(pk__in=recused)
            .exclude(organisation_id__in=organisation_ids_of(user))
            .order_by("decision_due_on"),
            _("scoren"),
            lambda a: a.decision_due_on,
        )
    if Role.DECISION_MAKER in roles:
        add(
            _("Te besluiten"),
            base.filter(status=State.ADVISED).order_by("decision_due_on"),
            _("besluiten"),
            lambda a: a.decision_due_on,
        )
        expired = RemedyRequest.objects.filter(answered_on__isnull=True, due_on__lt=today).values(
            "application_id"
        )
        incomplete = base.filter(status=State.INCOMPLETE, pk__in=expired).prefetch_related(
            "remedy_requests"
        )
        add(
            _("Hersteltermijn verstreken: buiten behandeling stellen?"),
            incomplete,
            _("buiten behandeling"),
            lambda a: deadlines.set_aside_due(max(r.due_on for r in a.remedy_requests.all())),
        )
        add(
            _("Vast te stellen"),
            base.filter(status=State.REPORT_RECEIVED).select_related("report"),
            _("vaststellen"),
            lambda a: a.report.settlement_due_on,
        )
        add(
            _("Bezwaren"),
            base.filter(status=State.OBJECTION)
            .exclude(objections__decision__decided_by=user)
            .prefetch_related("objections"),
            _("beslissen op bezwaar"),
            lambda a: min(
                (o.decision_due_on for o in a.objections.all() if o.outcome == "pending"),
                default=None,
            ),
        )
    if Role.CONTROLLER in roles:
        add(
            _("Voorschot betalen"),
            base.filter(status=State.SENT, scheme__advance_percentage__gt=0)
            .filter(decisions__kind__in=["award", "partial"], decisions__revoked_at__isnull=True)
            .prefetch_related("decisions")
            .distinct(),
            _("voorschot"),
            lambda a: a.current_decision.payment_due_on if a.current_decision else None,
        )
        add(
            _("Betalen of terugontvangen na vaststelling"),
            base.filter(status=State.SETTLED)
            .filter(
                Q(settlements__balance_due__gt=0) | Q(settlements__recovery__gt=0),
                settlements__annulled_at__isnull=True,
            )
            .exclude(payments__kind__in=["balance", "repayment"])
            .prefetch_related("settlements__decision")
            .distinct(),
            _("betaling"),
            lambda a: a.current_settlement.decision.payment_due_on,
        )
    if Role.PARTNER in roles:
        own = base.filter(organisation_id__in=_own_organisations(user))
        add(
            _("Concepten"),
            own.filter(status=State.CONCEPT),
            _("afmaken en indienen"),
            lambda a: a.scheme.closes_on,
        )
        add(
            _("Aanvullen"),
            own.filter(status=State.INCOMPLETE).prefetch_related("remedy_requests"),
            _("aanvullen"),
            lambda a: max(
                (r.due_on for r in a.remedy_requests.all() if r.answered_on is None), default=None
            ),
        )
        add(
            _("Verantwoording indienen"),
            own.filter(status__in=[State.SENT, State.ADVANCE_PAID], report_due_on__isnull=False),
            _("verantwoorden"),
            lambda a: a.report_due_on,
        )
    return sections


def _own_organisations(user):
    from .rules import organisation_ids_of

    return organisation_ids_of(user)


# --- Public register ----------------------------------------------------------------------------


def public_register():
    """Awarded subsidies for the public register: organisation, title, amount, year. Only
    decisions that were sent and still stand; no contact details or other personal data."""
    return (
        Decision.objects.filter(
            kind__in=[Decision.Kind.AWARD, Decision.Kind.PARTIAL],
            sent_on__isnull=False,
            revoked_at__isnull=True,
        )
        .select_related("application__organisation", "application__scheme")
        .only(
            "uuid",
            "amount",
            "sent_on",
            "kind",
            "application__title",
            "application__budget_year",
            "application__reference",
            "application__organisation__name",
            "application__scheme__name",
        )
        .order_by("-application__budget_year", "application__organisation__name", "pk")
    )


# --- One entry point per step, for the views and the API ---------------------------------------

ACTIONS = {
    "withdraw": withdraw,
    "request_remedy": request_remedy,
    "supply_information": supply_information,
    "set_aside": set_aside,
    "accept": accept,
    "postpone": postpone,
    "establish_advice": establish_advice,
    "decide": decide,
    "send_decision": send_decision,
    "pay_advance": pay_advance,
    "submit_report": submit_report,
    "settle": settle,
    "register_settlement_payment": register_settlement_payment,
    "close": close,
    "object": register_objection,
    "extend_objection": extend_objection,
    "decide_objection": decide_objection,
}


def perform_action(name: str, application, user, **data):
    """Run step ``name`` with the cleaned form data; ``submit`` has its own idempotent entry."""
    if name == "submit":
        return submit(application, user)[0]
    return ACTIONS[name](application, user, **data)


def content_file(data: bytes, name: str) -> ContentFile:
    return ContentFile(data, name=name)
