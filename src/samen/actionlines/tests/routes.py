"""Expected status per role for every route of the action lines module (walked by core's test)."""

from datetime import date

from django.utils import timezone

from samen.accounts.tests.factories import UserFactory
from samen.actionlines.models import Initiative
from samen.actionlines.rules import FACILITATORS
from samen.core.tests.routes import API_ANON, everyone, only

from .factories import ActionLineFactory, InitiativeFactory, MeetingFactory, ProgressReportFactory

LINE_ROUTES = {
    "line-detail",
    "line-update",
    "line-status",
    "line-people",
    "line-roles",
    "line-follow",
}


def url_kwargs(name, region):
    short = name.split(":")[-1]
    if (
        short in LINE_ROUTES
        or short == "report-create"
        or name.startswith("actionline-")
        and name.endswith(("detail", "status", "leads", "commitments", "roles", "follow"))
    ):
        return {"uuid": ActionLineFactory(region=region).uuid}
    if (
        short.startswith("report-")
        or name.startswith("progressreport-")
        and not name.endswith("list")
    ):
        return {"uuid": ProgressReportFactory(action_line=ActionLineFactory(region=region)).uuid}
    if short.startswith("meeting-") or name.startswith("platformmeeting-"):
        if name.endswith(("list", "create", "suggestion")):
            return {}
        meeting = MeetingFactory(region=region, date=timezone.localdate())
        return {"uuid": meeting.uuid}
    if short.startswith("initiative-") or name.startswith("initiative-"):
        if name.endswith(("list", "create")):
            return {}
        initiative = InitiativeFactory(region=region)
        if short == "initiative-convert":
            initiative.status = Initiative.Status.ACCEPTED
            initiative.decided_at, initiative.decided_by = timezone.now(), UserFactory()
            initiative.save()
        return {"uuid": initiative.uuid}
    if name == "actionlinefollow-detail":
        return {"action_line": ActionLineFactory(region=region, start_date=date(2020, 1, 1)).uuid}
    return {}


facilitators = only(FACILITATORS)
not_allowed = everyone(ok=405)  # a POST-only route asked with GET
api_everyone = everyone(anonymous=API_ANON)
api_not_allowed = everyone(ok=405, anonymous=API_ANON)
nobody_in_the_walk = everyone(ok=403)  # e.g. leads only: the walking user leads nothing

EXPECTED = {
    # Web pages
    "actionlines:line-list": everyone(),
    "actionlines:line-create": facilitators,
    "actionlines:line-detail": everyone(),
    "actionlines:line-update": facilitators,
    "actionlines:line-status": facilitators,
    "actionlines:line-people": facilitators,
    "actionlines:line-roles": facilitators,
    "actionlines:line-follow": not_allowed,
    "actionlines:notifications": everyone(),
    "actionlines:completeness": facilitators,
    "actionlines:report-create": nobody_in_the_walk,
    "actionlines:report-detail": everyone(),
    "actionlines:report-edit": nobody_in_the_walk,
    "actionlines:report-submit": not_allowed,
    "actionlines:meeting-list": everyone(),
    "actionlines:meeting-create": facilitators,
    "actionlines:meeting-detail": everyone(),
    "actionlines:meeting-update": facilitators,
    "actionlines:meeting-agenda": only(FACILITATORS, ok=405),
    "actionlines:meeting-record": facilitators,
    "actionlines:meeting-decision": facilitators,
    "actionlines:meeting-follow-up": facilitators,
    "actionlines:initiative-list": everyone(),
    "actionlines:initiative-create": everyone(),
    "actionlines:initiative-detail": everyone(),
    "actionlines:initiative-edit": nobody_in_the_walk,  # the proposer only
    "actionlines:initiative-check": facilitators,
    "actionlines:initiative-decide": facilitators,
    "actionlines:initiative-convert": facilitators,
    "actionlines:initiative-grant": not_allowed,  # POST only
    # API
    "actionline-list": api_everyone,
    "actionline-detail": api_everyone,
    "actionline-change-status": api_not_allowed,
    "actionline-leads": api_not_allowed,
    "actionline-commitments": api_not_allowed,
    "actionline-municipality-roles": api_not_allowed,
    "actionline-follow": api_not_allowed,
    "progressreport-list": api_everyone,
    "progressreport-detail": api_everyone,
    "progressreport-submit": api_not_allowed,
    "actionlinefollow-list": api_everyone,
    "actionlinefollow-detail": api_not_allowed,
    "platformmeeting-list": api_everyone,
    "platformmeeting-detail": api_everyone,
    "platformmeeting-suggestion": only(FACILITATORS, anonymous=API_ANON),
    "platformmeeting-fix-agenda": api_not_allowed,
    "platformmeeting-record": api_not_allowed,
    "platformmeeting-decisions": api_not_allowed,
    "platformmeeting-follow-ups": api_not_allowed,
    "initiative-list": api_everyone,
    "initiative-detail": api_everyone,
    "initiative-checks": api_not_allowed,
    "initiative-decision": api_not_allowed,
    "initiative-action-line": api_not_allowed,
    "initiative-grant-application": api_not_allowed,
    "actionline-completeness-list": only(FACILITATORS, anonymous=API_ANON),
}
