"""KPI queries on the network and action lines: lines by status, reports, partners, meetings.

These count lines, reports, organisations and meetings — not residents — so they are never
suppressed. Action lines and platform meetings belong to the region, so the figures are
region-wide also on a municipality's dashboard.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..periods import add_months
from .sources import available, model

MODELS = (
    "network.Organisation",
    "actionlines.ActionLine",
    "actionlines.StatusChange",
    "actionlines.Commitment",
    "actionlines.ProgressReport",
    "actionlines.Meeting",
)
#: As in the action-lines module: a line owes a half-yearly report every six months.
REPORT_INTERVAL_MONTHS = 6


def is_available() -> bool:
    return available(*MODELS)


def _aware(day: date, *, end: bool = False) -> datetime:
    moment = datetime.combine(day, time.max if end else time.min)
    return timezone.make_aware(moment)


def _lines_on(region_id, on: date):
    """Lines of the region that had started on ``on``, with their status on that day.

    The status is reconstructed from the recorded status changes: the last change on or before
    the day, else the status the first later change started from, else today's status.
    """
    ActionLine = model("actionlines.ActionLine")
    StatusChange = model("actionlines.StatusChange")
    changes = StatusChange.objects.filter(action_line=OuterRef("pk"))
    last_before = changes.filter(changed_on__lte=on).order_by("-changed_on", "-id")
    first_after = changes.filter(changed_on__gt=on).order_by("changed_on", "id")
    return ActionLine.objects.filter(region_id=region_id, start_date__lte=on).annotate(
        status_on=Coalesce(
            Subquery(last_before.values("to_status")[:1]),
            Subquery(first_after.values("from_status")[:1]),
            "status",
        )
    )


def lines_by_status(region_id, on: date) -> dict[str, int]:
    """{status: number of lines} on ``on``."""
    rows = _lines_on(region_id, on).values("status_on").annotate(n=Count("pk"))
    return {row["status_on"]: row["n"] for row in rows}


def reports_overdue(region_id, on: date) -> int:
    """Active lines on ``on`` without a half-yearly report submitted in the six months before
    (lines younger than six months are not yet due)."""
    ProgressReport = model("actionlines.ProgressReport")
    ActionLine = model("actionlines.ActionLine")
    cutoff = add_months(on, -REPORT_INTERVAL_MONTHS)
    recent = ProgressReport.objects.filter(
        action_line=OuterRef("pk"),
        kind=ProgressReport.Kind.HALF_YEARLY,
        first_submitted_at__gte=_aware(cutoff),
        first_submitted_at__lte=_aware(on, end=True),
    )
    return (
        _lines_on(region_id, on)
        .filter(status_on=ActionLine.Status.ACTIVE, start_date__lte=cutoff)
        .exclude(Exists(recent))
        .count()
    )


def reports_submitted(region_id, start: date, end: date) -> int:
    """Half-yearly reports first submitted in [start, end]."""
    ProgressReport = model("actionlines.ProgressReport")
    return ProgressReport.objects.filter(
        action_line__region_id=region_id,
        kind=ProgressReport.Kind.HALF_YEARLY,
        first_submitted_at__range=(_aware(start), _aware(end, end=True)),
    ).count()


def partners_active(region_id, start: date, end: date) -> int:
    """Organisations committed to a line that ran in the period, or at a meeting in the period."""
    Organisation = model("network.Organisation")
    Commitment = model("actionlines.Commitment")
    Meeting = model("actionlines.Meeting")
    committed = Commitment.objects.filter(
        organisation=OuterRef("pk"), since__lte=end, action_line__start_date__lte=end
    ).exclude(action_line__end_date__lt=start)
    attended = Meeting.attending_organisations.through.objects.filter(
        organisation=OuterRef("pk"), meeting__date__range=(start, end)
    )
    return (
        Organisation.objects.filter(region_id=region_id)
        .filter(Exists(committed) | Exists(attended))
        .count()
    )


def meetings_held(region_id, start: date, end: date) -> dict[str, int]:
    """Platform meetings in [start, end] and the organisations present (counted per meeting)."""
    Meeting = model("actionlines.Meeting")
    meetings = Meeting.objects.filter(region_id=region_id, date__range=(start, end))
    figures = meetings.aggregate(
        meetings=Count("pk", distinct=True),
        attendances=Coalesce(Count("attending_organisations"), Value(0)),
    )
    return {"meetings": figures["meetings"], "attendances": figures["attendances"]}


def line_titles(region_id, on: date) -> list[tuple[str, str]]:
    """(title, status on ``on``) of the region's lines, for the council letter."""
    return list(_lines_on(region_id, on).order_by("title").values_list("title", "status_on"))


def frozen_reports(region_id, start: date, end: date) -> list[dict]:
    """Per line of the region (status on ``end``): its half-yearly report about the period, as
    the latest *submitted* (frozen) version — a draft never reaches a council letter."""
    ProgressReport = model("actionlines.ProgressReport")
    ReportVersion = model("actionlines.ReportVersion")
    lines = list(_lines_on(region_id, end).order_by("title"))
    reports = ProgressReport.objects.filter(
        action_line__in=lines,
        kind=ProgressReport.Kind.HALF_YEARLY,
        first_submitted_at__isnull=False,
        period_start__lte=end,
        period_end__gte=start,
    ).order_by("action_line_id", "-period_end", "-id")
    latest_report = {}
    for report in reports:
        latest_report.setdefault(report.action_line_id, report)
    versions = ReportVersion.objects.filter(
        report__in=latest_report.values(), state=ReportVersion.State.SUBMITTED
    ).order_by("report_id", "-number")
    latest_version = {}
    for version in versions:
        latest_version.setdefault(version.report_id, version)
    result = []
    for line in lines:
        report = latest_report.get(line.pk)
        version = latest_version.get(report.pk) if report else None
        result.append(
            {
                "title": line.title,
                "status": line.status_on,
                "report": None
                if version is None
                else {
                    "period_start": report.period_start,
                    "period_end": report.period_end,
                    "version": version.number,
                    "traffic_light": version.traffic_light,
                    "summary": version.summary,
                    "results": version.results,
                    "needed": version.needed,
                    "next_steps": version.next_steps,
                    "submitted_at": version.submitted_at,
                },
            }
        )
    return result
