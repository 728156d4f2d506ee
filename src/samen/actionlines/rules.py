"""Rows of the permission table for the actionlines module, and the object-level predicates.

The table (``RULES``) says which roles may do what in a region. What roles cannot express lives in
the predicates below — "is a lead of this line", "proposed this initiative" — and views, API and
admin all ask these same functions.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from samen.accounts.roles import ALL_ROLES, Role
from samen.accounts.rules import ADMIN_ONLY, crud

#: The aanjager keeps the lines, meetings and the check of initiatives; the administrator too.
FACILITATORS = frozenset({Role.FACILITATOR, Role.ADMIN})
NOBODY: frozenset = frozenset()


def _read_only(app_model: str, view=ALL_ROLES) -> dict:
    return crud(app_model, view=view, write=NOBODY)


RULES: dict = {
    **crud("actionlines.actionline", view=ALL_ROLES, write=FACILITATORS),
    "actionlines.delete_actionline": ADMIN_ONLY,  # lines end, they are not deleted
    **crud("actionlines.actionlinelead", view=ALL_ROLES, write=FACILITATORS),
    **crud("actionlines.commitment", view=ALL_ROLES, write=FACILITATORS),
    **crud("actionlines.municipalityrole", view=ALL_ROLES, write=FACILITATORS),
    # Status changes are written by the status machine only (workflow.LINE_TRANSITIONS).
    **_read_only("actionlines.statuschange"),
    # Any role may hold a lead; ``may_report_on`` narrows posting to the line's own leads.
    **crud("actionlines.progressreport", view=ALL_ROLES, write=ALL_ROLES),
    "actionlines.delete_progressreport": NOBODY,  # reports are history
    **_read_only("actionlines.reportversion"),  # versions are frozen or edited via the report
    **crud("actionlines.follow", view=ALL_ROLES, write=ALL_ROLES),
    **_read_only("actionlines.notification"),
    "actionlines.view_completeness": FACILITATORS,
    # Platform meetings: everyone in the region reads them; the aanjager prepares and records them.
    **crud("actionlines.meeting", view=ALL_ROLES, write=FACILITATORS),
    **crud("actionlines.agendaitem", view=ALL_ROLES, write=NOBODY),
    **crud("actionlines.meetingdecision", view=ALL_ROLES, write=FACILITATORS),
    **crud("actionlines.followup", view=ALL_ROLES, write=FACILITATORS),
    # Initiatives: anyone logged in proposes; the aanjager checks the criteria and decides.
    **crud("actionlines.initiative", view=ALL_ROLES, write=FACILITATORS),
    "actionlines.add_initiative": ALL_ROLES,
    "actionlines.delete_initiative": ADMIN_ONLY,
    **crud("actionlines.valuefit", view=ALL_ROLES, write=FACILITATORS),
    **crud("actionlines.criterioncheck", view=ALL_ROLES, write=FACILITATORS),
    "actionlines.assess_initiative": FACILITATORS,
    "actionlines.decide_initiative": FACILITATORS,
}


def _logged_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_lead(user, line) -> bool:
    """True when ``user`` is one of the line's leads ("trekkers")."""
    if not _logged_in(user) or line is None:
        return False
    return line.lead_links.filter(user=user).exists()


def may_report_on(user, line) -> bool:
    """Only the line's own leads post its reports and updates, and not on an ended line."""
    from .models import ActionLine

    return (
        _logged_in(user)
        and line.status != ActionLine.Status.ENDED
        and user.has_perm("actionlines.add_progressreport", line)
        and is_lead(user, line)
    )


def may_edit_report(user, report) -> bool:
    """Editing a report (a draft, or a new version of a submitted one) is for the line's leads."""
    return may_report_on(user, report.action_line)


def may_manage_line(user, line) -> bool:
    """Status, leads, commitments and municipality roles: the aanjager (and administrator)."""
    return _logged_in(user) and user.has_perm("actionlines.change_actionline", line)


def may_edit_initiative(user, initiative) -> bool:
    """The proposer may change their proposal until the aanjager decides on it."""
    from .models import Initiative

    return (
        _logged_in(user)
        and initiative.proposer_id == user.pk
        and initiative.status == Initiative.Status.PROPOSED
    )


def may_request_grant(user, initiative) -> bool:
    """The proposer turns their accepted initiative into a draft subsidy application, on behalf of
    the organisation they proposed it for (the grants module asks membership again)."""
    from .models import Initiative

    return (
        _logged_in(user)
        and initiative.proposer_id == user.pk
        and initiative.status == Initiative.Status.ACCEPTED
        and initiative.organisation_id is not None
    )


def reports_visible_to(user, reports: QuerySet) -> QuerySet:
    """Reports with a submitted version for everyone; reports still in draft only for the leads."""
    from .models import ActionLineLead

    if not _logged_in(user):
        return reports.none()
    leads = ActionLineLead.objects.filter(action_line=OuterRef("action_line"), user=user)
    return reports.filter(Q(first_submitted_at__isnull=False) | Exists(leads))


def versions_visible_to(user, versions: QuerySet) -> QuerySet:
    """Submitted versions for everyone; a draft version only for the line's leads."""
    from .models import ActionLineLead, ReportVersion

    if not _logged_in(user):
        return versions.none()
    leads = ActionLineLead.objects.filter(action_line=OuterRef("report__action_line"), user=user)
    return versions.filter(Q(state=ReportVersion.State.SUBMITTED) | Exists(leads))
