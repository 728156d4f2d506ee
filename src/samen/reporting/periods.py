"""Reporting periods: "2021-H1", "2021-Q3", "2021-05", "2021" or an explicit date range."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _


class PeriodError(ValueError):
    """The period cannot be read; the message is fit to show to the user."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    code: str

    @property
    def label(self) -> str:
        """The period in words, as a council letter names it."""
        if re.fullmatch(r"\d{4}-H[12]", self.code):
            half = _("eerste halfjaar") if self.code.endswith("1") else _("tweede halfjaar")
            return f"{half} {self.code[:4]}"
        if re.fullmatch(r"\d{4}-Q[1-4]", self.code):
            return _("kwartaal %(q)s %(year)s") % {"q": self.code[-1], "year": self.code[:4]}
        if re.fullmatch(r"\d{4}-\d{2}", self.code):
            return f"{MONTHS[int(self.code[5:])]} {self.code[:4]}"
        if re.fullmatch(r"\d{4}", self.code):
            return self.code
        return _("%(start)s tot en met %(end)s") % {
            "start": long_date(self.start),
            "end": long_date(self.end),
        }

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def long_date(day: date) -> str:
    """The day written out in the active language: "31 mei 2021" in Dutch, "31 May 2021" in English."""
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clipped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def parse_period(code: str) -> Period:
    """Read a period code; raises ``PeriodError`` with a Dutch message when it is not one."""
    text = (code or "").strip().upper()
    if match := re.fullmatch(r"(\d{4})-H([12])", text):
        year, half = int(match[1]), int(match[2])
        return Period(date(year, 6 * half - 5, 1), month_end(year, 6 * half), text)
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        year, quarter = int(match[1]), int(match[2])
        return Period(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), text)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return Period(date(year, month, 1), month_end(year, month), text)
    if match := re.fullmatch(r"(\d{4})", text):
        year = int(match[1])
        return Period(date(year, 1, 1), date(year, 12, 31), text)
    raise PeriodError(
        _(
            "'%(code)s' is geen periode. Gebruik bijvoorbeeld 2021-H1 (halfjaar), 2021-Q2 "
            "(kwartaal), 2021-05 (maand) of 2021 (jaar)."
        )
        % {"code": code}
    )


def date_range(start: date, end: date) -> Period:
    """An explicit range (both days included)."""
    if end < start:
        raise PeriodError(_("De einddatum ligt vóór de begindatum."))
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def half_year_of(day: date) -> Period:
    return parse_period(f"{day.year}-H{1 if day.month <= 6 else 2}")


def previous_half_year(day: date) -> Period:
    """The last complete half-year before ``day`` (what a council letter written today covers)."""
    current = half_year_of(day)
    return half_year_of(add_months(current.start, -1))
