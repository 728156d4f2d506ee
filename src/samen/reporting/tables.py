"""The one shape every figure in reporting takes: a table of columns and rows.

Pages, charts, CSV, XLSX, the API and the council letter all read the same ``Table``; small-number
suppression is applied to it once (``suppression.suppress``) before any of them sees it, so no
output can show what another hides.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

#: Kinds of column. ``persons`` counts residents (suppressed below the threshold); ``count`` counts
#: things that are not persons (action lines, applications) and is never suppressed.
TEXT, PERSONS, COUNT, SHARE, AVERAGE, MONEY, NUMBER = (
    "text",
    "persons",
    "count",
    "share",
    "average",
    "money",
    "number",
)
NUMERIC_KINDS = {PERSONS, COUNT, SHARE, AVERAGE, MONEY, NUMBER}


@dataclass(frozen=True)
class Suppressed:
    """A value withheld to protect privacy. ``"<10"``: fewer than 10 residents; ``"x"``: withheld
    so that it cannot be worked out from a total and the other cells."""

    marker: str

    def __str__(self):
        return self.marker


BELOW_THRESHOLD = Suppressed("<10")
COMPLEMENTARY = Suppressed("x")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    #: For a share or average: the persons columns it is computed from. When one of them is
    #: suppressed in a row, this value is too (a share of "<10" would give the count away).
    basis: tuple[str, ...] = ()

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    footer: list[list] = field(default_factory=list)
    note: str = ""
    #: Rows and footer add up per persons column (the footer is their total): complementary
    #: suppression then protects a lone suppressed cell in a column.
    totals_in_footer: bool = False
    #: For a cross table (from → to): the last column of each row is the row's total.
    row_totals: bool = False
    suppressed_cells: int = 0

    def column_index(self, key: str) -> int:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def column_values(self, key: str, *, footer: bool = False) -> list:
        index = self.column_index(key)
        return [row[index] for row in (self.footer if footer else self.rows)]

    def as_records(self, rows=None) -> list[dict]:
        """Rows as dicts keyed by column key (for the API and the letter's snapshot)."""
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in (self.rows if rows is None else rows)]

    def copy(self) -> Table:
        return replace(
            self, rows=[list(r) for r in self.rows], footer=[list(r) for r in self.footer]
        )


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` with one decimal (half up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average(total, count: int, places: str = "0.1") -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


# --- Presentation (Dutch) --------------------------------------------------------------------


def _group(digits: str) -> str:
    negative = digits.startswith("-")
    digits = digits.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ("-" if negative else "") + ".".join(groups)


def format_number(value: Decimal | int, places: int = 0) -> str:
    """1234567.5 -> '1.234.567,5' (Dutch thousands and decimal separators)."""
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _sep, fraction = f"{number:f}".partition(".")
    return _group(whole) + (f",{fraction}" if fraction else "")


def format_money(value: Decimal) -> str:
    """€ 8.011 for whole euros, € 8.011,50 with cents."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return f"€ {format_number(value, places)}"


def format_cell(value, column: Column) -> str:
    """How a cell reads on a page or in the letter."""
    if value is None:
        return "–"
    if isinstance(value, Suppressed):
        return value.marker
    if column.kind == MONEY:
        return format_money(value)
    if column.kind == SHARE:
        return f"{format_number(value, 1)}%"
    if column.kind == AVERAGE:
        return format_number(value, 1)
    if column.kind in (PERSONS, COUNT):
        return format_number(value)
    if column.kind == NUMBER:
        places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 1
        return format_number(value, places)
    return str(value)


def plain_cell(value, column: Column) -> str:
    """How a cell reads in a CSV for Dutch spreadsheets: no thousands separator, decimal comma."""
    if value is None:
        return ""
    if isinstance(value, Suppressed):
        return value.marker
    if column.numeric:
        return f"{Decimal(value):f}".replace(".", ",")
    return str(value)


def json_cell(value, column: Column):
    """How a cell reads in the API: ints as numbers, decimals as exact strings, markers as text."""
    if value is None:
        return None
    if isinstance(value, Suppressed):
        return value.marker
    if column.kind in (PERSONS, COUNT) and isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value if isinstance(value, int | str | bool) else str(value)
