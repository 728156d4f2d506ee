"""Legal deadlines of the subsidy lifecycle, computed (never typed in).

Periods follow the Awb: a period of N weeks that starts with an event (receipt, dispatch) runs from
the day after the event and ends at the end of the same weekday N weeks later (Awb 6:8 for the
objection period; the same reckoning for the decision period of Awb 4:13). A statutory period that
ends on a Saturday, Sunday or public holiday ends on the next working day instead (Algemene
termijnenwet, art. 1); a period of at least three days always contains two working days (art. 2).

Public holidays are computed for any year: the days of Atw art. 3(1), Good Friday (art. 3(2)), and
the days the Crown equates with them by decree every three years (art. 3(3)). For those decrees this
module follows the standing practice, checked against the decrees for 2017–2019, 2023–2025 and
2026–2028: the Friday after Ascension Day; the Friday after New Year's Day, King's Day or Boxing
Day on a Thursday; the Monday before New Year's Day or Christmas Day on a Tuesday (not before
King's Day: 2027 has none). 5 May gets no bridge day. The decree in the Staatscourant prevails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

ONE_DAY = timedelta(days=1)

#: Awb 6:7: the objection period is six weeks.
OBJECTION_PERIOD_WEEKS = 6
#: Awb 7:10(1): a decision on an objection within six weeks (without an advisory committee) ...
OBJECTION_DECISION_WEEKS = 6
#: ... which the body may postpone once by at most six weeks (Awb 7:10(3)).
OBJECTION_EXTENSION_WEEKS = 6
#: Awb 4:5(4): a decision to set an application aside within four weeks after the remedy period.
SET_ASIDE_DECISION_WEEKS = 4
#: Awb 4:87(1): payment within six weeks after the decision was announced (scheme may differ).
DEFAULT_PAYMENT_TERM_WEEKS = 6
#: Awb 4:13(2): at the latest eight weeks when no period is set.
DEFAULT_DECISION_PERIOD_WEEKS = 8


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """The day the monarch's birthday is celebrated: 27 April (Saturday 26 when the 27th is a
    Sunday) from 2014; before that Queen's Day, 30 April (Saturday 29 when a Sunday)."""
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    return day - ONE_DAY if day.weekday() == 6 else day


@lru_cache(maxsize=512)
def statutory_holidays(year: int) -> dict[date, str]:
    """The 'algemeen erkende feestdagen' of Atw art. 3(1) and Good Friday (art. 3(2))."""
    easter = easter_sunday(year)
    days: dict[date, str] = {}
    for day, name in [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - 2 * ONE_DAY, "Goede Vrijdag"),
        (easter + ONE_DAY, "Tweede Paasdag"),
        (kings_day(year), "Koningsdag"),
        (date(year, 5, 5), "Bevrijdingsdag"),
        (easter + 39 * ONE_DAY, "Hemelvaartsdag"),
        (easter + 50 * ONE_DAY, "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ]:
        # Two feasts can fall on one day (Ascension Day on 5 May in 2016).
        days[day] = f"{days[day]} en {name}" if day in days else name
    return days


@lru_cache(maxsize=512)
def equated_days(year: int) -> dict[date, str]:
    """Days equated with a public holiday by royal decree (Atw art. 3(3)), by standing practice."""
    days = {}
    ascension = easter_sunday(year) + 39 * ONE_DAY
    days[ascension + ONE_DAY] = "Vrijdag na Hemelvaartsdag"
    # (holiday, name, bridge on Tuesday: the Monday before, bridge on Thursday: the Friday after)
    bridges = [
        (date(year, 1, 1), "Nieuwjaarsdag", True, True),
        (date(year + 1, 1, 1), "Nieuwjaarsdag", True, False),  # Monday 31 December
        (kings_day(year), "Koningsdag", False, True),
        (date(year, 12, 25), "Eerste Kerstdag", True, False),
        (date(year, 12, 26), "Tweede Kerstdag", False, True),
    ]
    for holiday, name, monday_before, friday_after in bridges:
        if holiday.weekday() == 1 and monday_before:
            days[holiday - ONE_DAY] = f"Maandag voor {name}"
        elif holiday.weekday() == 3 and friday_after:
            days[holiday + ONE_DAY] = f"Vrijdag na {name}"
    return {day: name for day, name in days.items() if day.year == year}


def non_working_reason(day: date) -> str | None:
    """Why ``day`` is not a working day under the Atw, or None when it is one."""
    if day.weekday() == 5:
        return "zaterdag"
    if day.weekday() == 6:
        return "zondag"
    return statutory_holidays(day.year).get(day) or equated_days(day.year).get(day)


def is_working_day(day: date) -> bool:
    return non_working_reason(day) is None


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def extend_end(start: date, naive_end: date) -> date:
    """Apply the Algemene termijnenwet to a period running from ``start`` (exclusive) to ``naive_end``.

    Art. 1: an end on a Saturday, Sunday or holiday moves to the next working day. Art. 2: a period
    of at least three days is extended until it contains at least two working days.
    """
    end = next_working_day(naive_end)
    if (naive_end - start).days >= 3:
        while _working_days_between(start, end) < 2:
            end = next_working_day(end + ONE_DAY)
    return end


def _working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    count, day = 0, start + ONE_DAY
    while day <= end:
        count += is_working_day(day)
        day += ONE_DAY
    return count


def period_end(event: date, *, weeks: int = 0, days: int = 0, suspended_days: int = 0) -> date:
    """Last day of a period of ``weeks``/``days`` that starts the day after ``event``.

    ``suspended_days`` are added before the Algemene termijnenwet is applied (Awb 4:15: the clock
    stops while the applicant is given time to complete the application).
    """
    if weeks < 0 or days < 0 or suspended_days < 0:
        raise ValueError("A period cannot be negative.")
    naive = event + timedelta(weeks=weeks, days=days + suspended_days)
    return extend_end(event, naive) if naive > event else naive


@dataclass(frozen=True)
class Suspension:
    """A stop of the decision clock (Awb 4:15(1)(a)): a request to complete the application."""

    requested_on: date
    due_on: date
    answered_on: date | None = None

    def days(self, today: date | None = None) -> int:
        """Days the clock stands still: from the day after the request until the day the
        application was completed ("tot de dag waarop": that day itself runs again), or through
        the last day of the remedy period when it passed unused. Still open: until today."""
        if self.answered_on is not None:
            return max(0, (self.answered_on - self.requested_on).days - 1)
        if today is not None and today <= self.due_on:
            return max(0, (today - self.requested_on).days)
        return max(0, (self.due_on - self.requested_on).days)


def decision_due(
    received_on: date,
    weeks: int,
    suspensions: list[Suspension] | tuple[Suspension, ...] = (),
    *,
    postponed_weeks: int = 0,
    today: date | None = None,
) -> date:
    """The day by which a decision on an application must be made (Awb 4:13, 4:14, 4:15)."""
    stopped = sum(s.days(today) for s in suspensions)
    return period_end(received_on, weeks=weeks + postponed_weeks, suspended_days=stopped)


def objection_period_end(dispatched_on: date) -> date:
    """Last day to lodge an objection: six weeks from the day after dispatch (Awb 6:7, 6:8)."""
    return period_end(dispatched_on, weeks=OBJECTION_PERIOD_WEEKS)


def objection_decision_due(objection_period_ends_on: date, *, extended: bool = False) -> date:
    """Decision on an objection: six weeks from the day after the objection period ended, plus six
    weeks when postponed (Awb 7:10(1) and (3))."""
    weeks = OBJECTION_DECISION_WEEKS + (OBJECTION_EXTENSION_WEEKS if extended else 0)
    return period_end(objection_period_ends_on, weeks=weeks)


def remedy_due(requested_on: date, weeks: int) -> date:
    """Last day of a remedy period (hersteltermijn, Awb 4:5(1))."""
    return period_end(requested_on, weeks=weeks)


def set_aside_due(remedy_ended_on: date) -> date:
    """A decision not to process the application within four weeks after the remedy period (Awb 4:5(4))."""
    return period_end(remedy_ended_on, weeks=SET_ASIDE_DECISION_WEEKS)


def payment_due(announced_on: date, weeks: int = DEFAULT_PAYMENT_TERM_WEEKS) -> date:
    """Payment term after a decision is announced (Awb 4:87(1); a scheme may set another, 4:52(2))."""
    return period_end(announced_on, weeks=weeks)


def report_due(project_ends_on: date, weeks: int) -> date:
    """Last day to submit the accountability report, as the scheme prescribes."""
    return period_end(project_ends_on, weeks=weeks)
