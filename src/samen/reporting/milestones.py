"""Decision milestones (besluitvormingsmomenten): derived status, calendar and worklist.

A milestone's status is never typed in. It follows from today, its window (``window_starts_on`` –
``due_on``) and the dates on which the bodies that must deal with it (college, committee, council)
did so:

- ``cancelled``  – vervallen (with a reason);
- ``done``       – every body that must deal with it has a date;
- ``overdue``    – past ``due_on`` and not done (on the controller's worklist);
- ``in_progress``– at least one body has dealt with it, the window is still open;
- ``due``        – the window is open (today between the start and the due date);
- ``planned``    – the window has not opened yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Milestone
from .periods import add_months, month_end

PLANNED, DUE, IN_PROGRESS, OVERDUE, DONE, CANCELLED = (
    "planned",
    "due",
    "in_progress",
    "overdue",
    "done",
    "cancelled",
)
STATUS_LABELS = {
    PLANNED: _("gepland"),
    DUE: _("nu aan de orde"),
    IN_PROGRESS: _("in behandeling"),
    OVERDUE: _("te laat"),
    DONE: _("afgerond"),
    CANCELLED: _("vervallen"),
}
BODY_LABELS = {"college": _("college"), "committee": _("commissie"), "council": _("raad")}


@dataclass(frozen=True)
class BodyStep:
    code: str
    label: str
    handled_on: date | None


def steps_of(milestone: Milestone) -> list[BodyStep]:
    """The bodies that deal with the milestone, in order, with the date each did so."""
    steps = []
    for code, flag, date_field in Milestone.BODIES:
        if getattr(milestone, flag):
            label = BODY_LABELS[code]
            if code == "committee" and milestone.committee_name:
                label = milestone.committee_name
            steps.append(BodyStep(code, str(label), getattr(milestone, date_field)))
    return steps


def status_of(milestone: Milestone, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if milestone.cancelled_on:
        return CANCELLED
    steps = steps_of(milestone)
    handled = [step for step in steps if step.handled_on]
    if steps and len(handled) == len(steps):
        return DONE
    if today > milestone.due_on:
        return OVERDUE
    if handled:
        return IN_PROGRESS
    if today >= milestone.window_starts_on:
        return DUE
    return PLANNED


def days_overdue(milestone: Milestone, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return max(0, (today - milestone.due_on).days) if status_of(milestone, today) == OVERDUE else 0


def completed_on(milestone: Milestone) -> date | None:
    dates = [step.handled_on for step in steps_of(milestone)]
    return max(dates) if dates and all(dates) else None


def when_text(milestone: Milestone) -> str:
    """'april/mei 2021' as the source says it, or the window in words."""
    if milestone.when_label:
        return milestone.when_label
    from .periods import long_date

    if milestone.window_starts_on == milestone.due_on:
        return long_date(milestone.due_on)
    return f"{long_date(milestone.window_starts_on)} – {long_date(milestone.due_on)}"


def deciders_text(milestone: Milestone) -> str:
    return ", ".join(step.label for step in steps_of(milestone))


def overdue_filter(today: date) -> Q:
    """The SQL side of ``status_of(...) == OVERDUE`` (for lists and counts without a loop)."""
    not_done = (
        Q(by_college=True, college_on__isnull=True)
        | Q(by_committee=True, committee_on__isnull=True)
        | Q(by_council=True, council_on__isnull=True)
    )
    return Q(cancelled_on__isnull=True, due_on__lt=today) & not_done


def overdue(milestones: QuerySet, today: date | None = None) -> QuerySet:
    """The overdue milestones of a (scoped) queryset, oldest due date first."""
    today = today or timezone.localdate()
    return milestones.filter(overdue_filter(today)).order_by("due_on", "title")


def upcoming(milestones: QuerySet, start: date, months: int = 6) -> QuerySet:
    """Milestones not done and not cancelled whose window touches the months from ``start``."""
    end = add_months(start, months)
    return (
        milestones.filter(cancelled_on__isnull=True, window_starts_on__lte=end, due_on__gte=start)
        .exclude(_done_filter())
        .order_by("due_on", "title")
    )


def _done_filter() -> Q:
    return (
        (Q(by_college=False) | Q(college_on__isnull=False))
        & (Q(by_committee=False) | Q(committee_on__isnull=False))
        & (Q(by_council=False) | Q(council_on__isnull=False))
    )


def quarterly_windows(first: date, last: date) -> list[tuple[str, date, date]]:
    """("kwartaal 1 2020", start, end) for every calendar quarter from ``first`` up to ``last``.

    Seed 004's "informeren over voortgang: doorlopend per kwartaal" becomes one milestone per
    quarter of the project period, each due at the end of its quarter.
    """
    windows = []
    start = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while start <= last:
        end = month_end(start.year, start.month + 2)
        quarter = (start.month - 1) // 3 + 1
        windows.append((f"kwartaal {quarter} {start.year}", start, end))
        start = add_months(start, 3)
    return windows


@dataclass
class CalendarRow:
    milestone: Milestone
    status: str
    status_label: str
    steps: list[BodyStep]
    when: str
    days_overdue: int


def calendar_rows(milestones, today: date | None = None) -> list[CalendarRow]:
    """The calendar as rows with their derived status (``milestones`` already scoped)."""
    today = today or timezone.localdate()
    rows = []
    for milestone in milestones:
        status = status_of(milestone, today)
        rows.append(
            CalendarRow(
                milestone=milestone,
                status=status,
                status_label=str(STATUS_LABELS[status]),
                steps=steps_of(milestone),
                when=when_text(milestone),
                days_overdue=days_overdue(milestone, today),
            )
        )
    return rows


def as_known_on(milestone: Milestone, day: date) -> Milestone:
    """A copy of ``milestone`` as it stood on ``day``: later handling dates are not yet known.

    A council letter dated in July 2021 lists what was still to be decided then, even when the
    council decided it in November.
    """
    from copy import copy

    known = copy(milestone)
    for _code, _flag, date_field in Milestone.BODIES:
        handled = getattr(known, date_field)
        if handled and handled > day:
            setattr(known, date_field, None)
    if known.cancelled_on and known.cancelled_on > day:
        known.cancelled_on = None
    return known


def decisions_ahead(milestones, day: date, months: int = 6) -> list[CalendarRow]:
    """What the councils should know on ``day``: milestones overdue then, or due in the months
    after, not done and not cancelled as known on that day (``milestones`` already scoped)."""
    horizon = add_months(day, months)
    rows = []
    for milestone in milestones:
        known = as_known_on(milestone, day)
        status = status_of(known, day)
        if status in (DONE, CANCELLED) or known.window_starts_on > horizon:
            continue
        rows.append(calendar_rows([known], day)[0])
    return sorted(rows, key=lambda row: (row.milestone.due_on, row.milestone.title))
