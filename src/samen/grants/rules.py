"""Rows of the permission table for the grants module (merged in samen.accounts.permissions), and
the object-level relations that roles cannot express: "is the applicant", "is tied to the applicant",
"took the contested decision". Views, API and admin all use these; nothing checks ownership itself.

Models are imported inside the functions: this module is read while the settings load.
"""

from samen.accounts.roles import Role
from samen.accounts.rules import BUDGET_WRITERS, GOVERNANCE, crud

R = Role

#: Staff who handle applications and see every application of their region.
CASE_HANDLERS = frozenset(
    {R.FACILITATOR, R.STEERING_MEMBER, R.DECISION_MAKER, R.CONTROLLER, R.ADMIN}
)
#: Partners apply; they see only their own organisations' applications (``visible_applications``).
APPLICANTS = frozenset({R.PARTNER})
SCHEME_READERS = GOVERNANCE | APPLICANTS
NOBODY: frozenset = frozenset()

RULES: dict = {
    # Schemes and their scorecards and forms: controllers and administrators keep them.
    **crud("grants.grantscheme", view=SCHEME_READERS, write=BUDGET_WRITERS),
    **crud("grants.criterion", view=SCHEME_READERS, write=BUDGET_WRITERS),
    **crud("grants.question", view=SCHEME_READERS, write=BUDGET_WRITERS),
    # The ledger is read by governance roles; it is written only through the ledger services.
    **crud("grants.budgetyear", view=GOVERNANCE, write=NOBODY),
    **crud("grants.budgetshare", view=GOVERNANCE, write=NOBODY),
    **crud("grants.ledgerentry", view=GOVERNANCE, write=NOBODY),
    **crud("grants.carryover", view=GOVERNANCE, write=NOBODY),
    "grants.view_ledger": GOVERNANCE,
    "grants.manage_budget": BUDGET_WRITERS,
    # Applications and everything in them change only through the workflow.
    **crud("grants.application", view=CASE_HANDLERS | APPLICANTS, write=NOBODY),
    "grants.view_all_applications": CASE_HANDLERS,
    **crud(
        "grants.review",
        view=frozenset({R.STEERING_MEMBER, R.FACILITATOR, R.DECISION_MAKER, R.ADMIN}),
        write=NOBODY,
    ),
    **crud("grants.decision", view=CASE_HANDLERS | APPLICANTS, write=NOBODY),
    **crud("grants.payment", view=CASE_HANDLERS | APPLICANTS, write=NOBODY),
    **crud("grants.objection", view=CASE_HANDLERS | APPLICANTS, write=NOBODY),
    "grants.view_worklist": CASE_HANDLERS | APPLICANTS,
    # The steps of the lifecycle (see workflow.TRANSITIONS).
    "grants.apply": APPLICANTS,
    "grants.submit_application": APPLICANTS,
    "grants.withdraw_application": APPLICANTS,
    "grants.supply_information": APPLICANTS,
    "grants.submit_report": APPLICANTS,
    "grants.check_completeness": frozenset({R.FACILITATOR}),
    "grants.score_application": frozenset({R.STEERING_MEMBER}),
    "grants.establish_advice": frozenset({R.FACILITATOR, R.STEERING_MEMBER}),
    "grants.decide_application": frozenset({R.DECISION_MAKER}),
    "grants.send_decision": frozenset({R.DECISION_MAKER, R.FACILITATOR}),
    "grants.register_payment": frozenset({R.CONTROLLER}),
    "grants.close_application": frozenset({R.CONTROLLER, R.DECISION_MAKER}),
    "grants.register_objection": frozenset({R.FACILITATOR, R.DECISION_MAKER, R.ADMIN}) | APPLICANTS,
    "grants.decide_objection": frozenset({R.DECISION_MAKER}),
}


def organisation_ids_of(user):
    """The organisations ``user`` speaks for (network.OrganisationMember), as a subquery."""
    from samen.network.models import OrganisationMember

    return OrganisationMember.objects.filter(user=user).values("organisation_id")


def is_applicant(user, application) -> bool:
    """``user`` speaks for the organisation that applied."""
    from samen.network.models import OrganisationMember

    if not (user and user.is_authenticated):
        return False
    return OrganisationMember.objects.filter(
        user=user, organisation_id=application.organisation_id
    ).exists()


#: A steering member tied to the applicant organisation must recuse (conflict of interest).
is_tied_to_applicant = is_applicant


def took_decision(user, decision) -> bool:
    """``user`` took ``decision`` under mandate, so may not decide the objection (Awb 10:3(3))."""
    return decision is not None and decision.decided_by_id == getattr(user, "pk", None)


def can_view_application(user, application) -> bool:
    """Staff of the application's region, or someone who speaks for the applicant."""
    if user.has_perm("grants.view_all_applications", application):
        return True
    return user.has_perm("grants.view_application", application) and is_applicant(user, application)


def visible_applications(user, queryset=None):
    """The applications ``user`` may see, as one query: the whole region for case handlers,
    only their own organisations' applications for partners. Others' applications are absent
    (so a detail page or API call for them is a 404)."""
    from samen.accounts.permissions import scope_queryset

    from .models import Application

    queryset = Application.objects.all() if queryset is None else queryset
    staff = scope_queryset(user, queryset, "grants.view_all_applications")
    own = scope_queryset(user, queryset, "grants.view_application").filter(
        organisation_id__in=organisation_ids_of(user)
    )
    return staff | own


def visible_related(user, queryset, path: str = "application"):
    """Rows hanging off an application (decisions, payments, ...) that ``user`` may see."""
    from .models import Application

    return queryset.filter(**{f"{path}__in": visible_applications(user, Application.objects.all())})
