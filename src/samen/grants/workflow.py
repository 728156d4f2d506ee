"""The lifecycle of an application as one declared state machine.

Each ``Transition`` names the states it leaves from, the state it goes to, the permission (and so
the roles, see ``rules.RULES``) that may take it, and its guards: functions that return a Dutch
message when the step is not allowed now. ``perform`` is the only way a status changes: it locks
the application row, re-checks state, permission and guards on the locked row, lets the service do
its work and records the step (who, role, mandate, when) in ``TransitionLog`` — all in one
transaction. Views, API and admin never compare statuses themselves; they ask ``allowed`` and
``blockers``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samen.accounts.roles import Role

from . import rules
from .states import AWAITING_DECISION, WITHDRAWABLE, State


class TransitionNotAllowed(Exception):
    """The step cannot be taken; ``messages`` say why, in Dutch, fit to show to the user."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


Guard = Callable[..., "str | None"]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[State, ...]
    target: State | None  # None: the service chooses (e.g. the outcome of an objection)
    permission: str
    guards: tuple[Guard, ...] = ()
    needs_mandate: bool = False
    applicant_only: bool = False  # a partner may take it only for their own organisation
    help_text: str = ""
    kwargs: dict = field(default_factory=dict)


# --- Guards: each returns None when fine, else the reason in Dutch -------------------------------


def _applicant(application, user, **context):
    if not rules.is_applicant(user, application):
        return _("Alleen wie namens de aanvragende organisatie optreedt, kan dit doen.")
    return None


def _applicant_unless_staff(application, user, **context):
    if user.has_perm("grants.view_all_applications", application):
        return None
    return _applicant(application, user)


def _complete_for_submission(application, user, **context):
    from .services import submission_problems

    problems = submission_problems(application)
    return " ".join(problems) if problems else None


def _scheme_open(application, user, *, on, **context):
    today = on
    scheme = application.scheme
    if not scheme.opens_on <= today <= scheme.closes_on:
        return _("De regeling staat open van %(start)s tot en met %(end)s.") % {
            "start": scheme.opens_on.strftime("%d-%m-%Y"),
            "end": scheme.closes_on.strftime("%d-%m-%Y"),
        }
    return None


def _open_remedy_request(application, user, **context):
    if not application.remedy_requests.filter(answered_on__isnull=True).exists():
        return _("Er staat geen verzoek om aanvulling open.")
    return None


def _remedy_period_passed_unanswered(application, user, *, on, **context):
    open_request = application.remedy_requests.filter(answered_on__isnull=True).last()
    if open_request is None:
        return _("Er staat geen verzoek om aanvulling open.")
    if on <= open_request.due_on:
        return _("De hersteltermijn loopt nog tot en met %(date)s.") % {
            "date": open_request.due_on.strftime("%d-%m-%Y")
        }
    return None


def _enough_reviews(application, user, **context):
    done = application.reviews.filter(submitted_at__isnull=False).count()
    needed = application.scheme.minimum_reviews
    if done < needed:
        return _("Er zijn %(done)s van de minimaal %(needed)s beoordelingen ingediend.") % {
            "done": done,
            "needed": needed,
        }
    return None


def may_score(application, user, **context):
    if rules.is_tied_to_applicant(user, application):
        return _(
            "U bent verbonden aan de aanvragende organisatie en verschoont zich: u beoordeelt "
            "deze aanvraag niet."
        )
    if application.recusals.filter(member=user).exists():
        return _("U hebt zich voor deze aanvraag verschoond.")
    return None


def _current_decision_is_award(application, user, **context):
    decision = application.current_decision
    if decision is None or not decision.is_award:
        return _("Er is geen subsidie verleend.")
    return None


def _advance_due(application, user, **context):
    if application.scheme.advance_percentage <= 0:
        return _("Deze regeling kent geen voorschot.")
    if application.payments.filter(kind="advance").exists():
        return _("Het voorschot is al betaald.")
    return _current_decision_is_award(application, user)


def _refusal_or_set_aside_past_objection_period(application, user, *, on, **context):
    decision = application.current_decision
    if decision is not None and decision.is_award:
        return _("Een verleende subsidie wordt gesloten na de vaststelling.")
    if decision is None or decision.objection_period_ends_on is None:
        return _("Het besluit is nog niet verzonden.")
    if on <= decision.objection_period_ends_on:
        return _("De bezwaartermijn loopt nog tot en met %(date)s.") % {
            "date": decision.objection_period_ends_on.strftime("%d-%m-%Y")
        }
    return None


def _settled_and_paid(application, user, **context):
    from .services import outstanding_balance

    balance = outstanding_balance(application)
    if balance > 0:
        return _("Er moet nog € %(amount)s worden betaald.") % {"amount": balance}
    if balance < 0:
        return _("Er moet nog € %(amount)s worden terugbetaald.") % {"amount": -balance}
    return None


def _contested_decision(application, user, **context):
    from .services import contestable_decision

    decision = contestable_decision(application)
    if decision is None:
        return _("Er is geen verzonden besluit waartegen bezwaar kan worden gemaakt.")
    return None


def _not_the_original_decision_maker(application, user, **context):
    objection = application.objections.filter(outcome="pending").select_related("decision").first()
    if objection is None:
        return _("Er is geen bezwaar in behandeling.")
    if rules.took_decision(user, objection.decision):
        return _(
            "U nam het bestreden besluit zelf onder mandaat; een ander beslist op het bezwaar "
            "(Awb 10:3, derde lid)."
        )
    return None


def _objection_not_yet_extended(application, user, **context):
    objection = application.objections.filter(outcome="pending").first()
    if objection is None:
        return _("Er is geen bezwaar in behandeling.")
    if objection.extended:
        return _("De beslissing op het bezwaar is al eens verdaagd (Awb 7:10, derde lid).")
    return None


def _not_postponed_and_before_due(application, user, *, on, **context):
    if application.postponed_weeks:
        return _("De beslissing is al verdaagd.")
    if application.decision_due_on and on > application.decision_due_on:
        return _("De beslistermijn is al verstreken; verdagen kan alleen daarvoor (Awb 4:14).")
    return None


def _closable(application, user, **context):
    if application.status == State.SETTLED:
        return _settled_and_paid(application, user)
    return _refusal_or_set_aside_past_objection_period(application, user, **context)


# --- The machine ---------------------------------------------------------------------------------

S = State
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit",
            gettext_lazy("Indienen"),
            (S.CONCEPT,),
            S.SUBMITTED,
            "grants.submit_application",
            guards=(_scheme_open, _complete_for_submission),
            applicant_only=True,
            help_text=gettext_lazy(
                "U ontvangt een ontvangstbevestiging; de beslistermijn gaat lopen."
            ),
        ),
        Transition(
            "withdraw",
            gettext_lazy("Aanvraag intrekken"),
            WITHDRAWABLE,
            S.WITHDRAWN,
            "grants.withdraw_application",
            applicant_only=True,
        ),
        Transition(
            "request_remedy",
            gettext_lazy("Om aanvulling vragen"),
            (S.SUBMITTED, S.IN_REVIEW),
            S.INCOMPLETE,
            "grants.check_completeness",
            help_text=gettext_lazy(
                "De beslistermijn staat stil tot de aanvulling binnen is (Awb 4:15)."
            ),
        ),
        Transition(
            "supply_information",
            gettext_lazy("Aanvulling insturen"),
            (S.INCOMPLETE,),
            S.SUBMITTED,
            "grants.supply_information",
            guards=(_open_remedy_request,),
            applicant_only=True,
        ),
        Transition(
            "set_aside",
            gettext_lazy("Buiten behandeling stellen"),
            (S.INCOMPLETE,),
            S.SET_ASIDE,
            "grants.decide_application",
            guards=(_remedy_period_passed_unanswered,),
            needs_mandate=True,
            help_text=gettext_lazy(
                "Awb 4:5: de aanvraag is niet binnen de hersteltermijn aangevuld."
            ),
        ),
        Transition(
            "accept",
            gettext_lazy("Volledig: in behandeling nemen"),
            (S.SUBMITTED,),
            S.IN_REVIEW,
            "grants.check_completeness",
        ),
        Transition(
            "postpone",
            gettext_lazy("Beslissing verdagen"),
            AWAITING_DECISION,
            None,
            "grants.decide_application",
            guards=(_not_postponed_and_before_due,),
            needs_mandate=True,
            help_text=gettext_lazy(
                "Awb 4:14: meld voor het einde van de beslistermijn wanneer u beslist."
            ),
        ),
        Transition(
            "establish_advice",
            gettext_lazy("Advies vaststellen"),
            (S.IN_REVIEW,),
            S.ADVISED,
            "grants.establish_advice",
            guards=(_enough_reviews,),
        ),
        Transition(
            "decide",
            gettext_lazy("Besluiten"),
            (S.ADVISED,),
            S.DECIDED,
            "grants.decide_application",
            needs_mandate=True,
        ),
        Transition(
            "send_decision",
            gettext_lazy("Beschikking verzenden"),
            (S.DECIDED,),
            S.SENT,
            "grants.send_decision",
            help_text=gettext_lazy("Maakt de beschikking (PDF) en stuurt haar naar de aanvrager."),
        ),
        Transition(
            "pay_advance",
            gettext_lazy("Voorschot betaald"),
            (S.SENT,),
            S.ADVANCE_PAID,
            "grants.register_payment",
            guards=(_advance_due,),
        ),
        Transition(
            "submit_report",
            gettext_lazy("Verantwoording indienen"),
            (S.SENT, S.ADVANCE_PAID),
            S.REPORT_RECEIVED,
            "grants.submit_report",
            guards=(_current_decision_is_award,),
            applicant_only=True,
        ),
        Transition(
            "settle",
            gettext_lazy("Subsidie vaststellen"),
            (S.REPORT_RECEIVED,),
            S.SETTLED,
            "grants.decide_application",
            needs_mandate=True,
            help_text=gettext_lazy(
                "Lager vaststellen laat budget vrijvallen; te veel betaald wordt teruggevorderd."
            ),
        ),
        Transition(
            "register_settlement_payment",
            gettext_lazy("Betaling of terugbetaling vastleggen"),
            (S.SETTLED,),
            S.SETTLED,
            "grants.register_payment",
        ),
        Transition(
            "close",
            gettext_lazy("Dossier sluiten"),
            (S.SETTLED, S.SENT, S.SET_ASIDE),
            S.CLOSED,
            "grants.close_application",
            guards=(_closable,),
        ),
        Transition(
            "object",
            gettext_lazy("Bezwaar registreren"),
            (S.SENT, S.ADVANCE_PAID, S.SET_ASIDE, S.SETTLED),
            S.OBJECTION,
            "grants.register_objection",
            guards=(_applicant_unless_staff, _contested_decision),
            help_text=gettext_lazy(
                "Bezwaar binnen zes weken na verzending van het besluit (Awb 6:7)."
            ),
        ),
        Transition(
            "extend_objection",
            gettext_lazy("Beslissing op bezwaar verdagen"),
            (S.OBJECTION,),
            S.OBJECTION,
            "grants.decide_objection",
            guards=(_objection_not_yet_extended,),
            needs_mandate=True,
        ),
        Transition(
            "decide_objection",
            gettext_lazy("Beslissen op bezwaar"),
            (S.OBJECTION,),
            None,
            "grants.decide_objection",
            guards=(_not_the_original_decision_maker,),
            needs_mandate=True,
        ),
    ]
}


# --- Roles and mandate ---------------------------------------------------------------------------


def acting_membership(user, permission: str, application):
    """The membership through which ``user`` holds ``permission`` for ``application``."""
    from samen.accounts.permissions import _membership_covers, roles_for

    region_id = application.scheme.region_id
    allowed = roles_for(permission)
    for membership in user.active_memberships:
        if membership.role in allowed and _membership_covers(membership, region_id, None):
            return membership
    return None


def mandate_of(user, application) -> str:
    """The mandate under which ``user`` decides for this application's scheme ('' when none)."""
    membership = acting_membership(user, "grants.decide_application", application)
    return membership.mandate_reference.strip() if membership else ""


# --- Asking and performing -----------------------------------------------------------------------


def blockers(application, user, name: str, **context) -> list[str]:
    """Why ``user`` cannot take step ``name`` now (empty: allowed).

    ``context["on"]`` is the day the step takes effect (default today), for guards about periods.
    """
    context["on"] = context.get("on") or timezone.localdate()
    transition = TRANSITIONS[name]
    if application.status not in transition.sources:
        return [
            _("Dit kan niet als de aanvraag de status '%(status)s' heeft.")
            % {"status": State(application.status).label}
        ]
    if not user.has_perm(transition.permission, application):
        return [_("U hebt niet de rol die hiervoor nodig is.")]
    problems = []
    if transition.applicant_only and (problem := _applicant(application, user)):
        problems.append(problem)
    if transition.needs_mandate and not user.is_superuser and not mandate_of(user, application):
        problems.append(_("Hiervoor is een mandaat nodig; uw rol vermeldt geen mandaatbesluit."))
    for guard in transition.guards:
        if problem := guard(application, user, **context):
            problems.append(problem)
    return problems


def allowed(application, user) -> list[Transition]:
    """The steps ``user`` can take on ``application`` now (for buttons and the API)."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if application.status in transition.sources
        and user.has_perm(transition.permission, application)
        and not blockers(application, user, transition.name)
    ]


@dataclass
class Step:
    """Handed to the service inside ``perform``: the locked application and where it goes."""

    application: object
    transition: Transition
    target: State | None
    note: str = ""
    on: object = None


@contextmanager
def perform(application, name: str, user, *, note: str = "", on=None, **context):
    """Take step ``name``: lock, check, let the caller do the work, then record the step.

    Usage::

        with workflow.perform(application, "decide", user) as step:
            ...  # work on step.application (the locked, fresh row); may set step.target

    ``on`` is the day the step takes legal effect (default today; a back office may register a
    letter received earlier). Raises ``TransitionNotAllowed`` (nothing is changed) when the step is
    not allowed.
    """
    from .models import Application, TransitionLog

    transition = TRANSITIONS[name]
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("scheme")
            .get(pk=application.pk)
        )
        problems = blockers(locked, user, name, on=on, **context)
        if problems:
            raise TransitionNotAllowed(problems)
        step = Step(
            application=locked, transition=transition, target=transition.target, note=note, on=on
        )
        from_state = locked.status
        yield step
        if step.target is None:
            raise RuntimeError(f"Transition {name} needs a target from its service.")
        locked.status = step.target
        locked.version += 1
        locked.save()
        membership = acting_membership(user, transition.permission, locked)
        TransitionLog.objects.create(
            application=locked,
            transition=name,
            from_state=from_state,
            to_state=step.target,
            actor=user,
            actor_name=user.get_full_name() or user.email,
            role=membership.role if membership else (Role.ADMIN if user.is_superuser else ""),
            mandate_reference=mandate_of(user, locked) if transition.needs_mandate else "",
            effective_on=on,
            note=step.note,
        )
    application.status = locked.status
    application.version = locked.version
