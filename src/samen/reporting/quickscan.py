"""Quick scan: a one-page before/after evaluation around a change (seed 004: quick scans in
April/May and July 2021, after the new local execution started on 1 January 2021).

The same number of months before and after the day of the change are compared on the
dashboards' definitions (``kpis.participation``, ``kpis.matching``): outflow to work, movement on
the participation ladder and placements, each as a count and as a share of its base. The table
goes through the same suppression as every other table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from . import charts
from .dashboards import Scope
from .kpis import matching as matching_kpis
from .kpis import participation as participation_kpis
from .periods import Period, add_months, date_range, long_date
from .suppression import suppress
from .tables import NUMBER, PERSONS, SHARE, Column, Table, share


@dataclass
class QuickScan:
    scope: Scope
    change_on: date
    months: int
    description: str
    before: Period
    after: Period
    table: Table | None
    chart: object
    unavailable: list[str]


def windows(change_on: date, months: int) -> tuple[Period, Period]:
    """``months`` before the change (up to the day before) and ``months`` from the change on."""
    before = date_range(add_months(change_on, -months), change_on - timedelta(days=1))
    after = date_range(change_on, add_months(change_on, months) - timedelta(days=1))
    return before, after


def _figures(scope: Scope, window: Period, months: int) -> dict[str, tuple[int, int]]:
    """(base, count) per measure in one window, summed over the scope's municipalities."""
    ids = scope.ids
    benefits = participation_kpis.benefit_figures(ids, window.start, window.end)
    on_benefit = sum(f.get("on_benefit", 0) for f in benefits.values())
    outflow = sum(f.get("outflow", 0) for f in benefits.values())
    movement = participation_kpis.ladder_movement(ids, window.end, (months,))
    measured = sum(m[months]["measured"] for m in movement.values())
    up = sum(m[months]["up"] for m in movement.values())
    down = sum(m[months]["down"] for m in movement.values())
    result = {
        "outflow": (on_benefit, outflow),
        "up": (measured, up),
        "down": (measured, down),
    }
    if matching_kpis.is_available():
        placed = matching_kpis.placements(ids, window.start, window.end)
        result["placed"] = (on_benefit, sum(placed.values()))
    return result


MEASURES = {
    "outflow": (
        "Uitstroom naar werk",
        "van de inwoners met een uitkering",
    ),
    "placed": ("Geplaatst via matching", "van de inwoners met een uitkering"),
    "up": ("Ten minste 1 trede omhoog op de participatieladder", "van de gemeten inwoners"),
    "down": ("Omlaag op de participatieladder", "van de gemeten inwoners"),
}


def quick_scan(scope: Scope, change_on: date, months: int, description: str = "") -> QuickScan:
    """Compare ``months`` before and after ``change_on`` for the scope."""
    before, after = windows(change_on, months)
    if not participation_kpis.is_available():
        return QuickScan(
            scope,
            change_on,
            months,
            description,
            before,
            after,
            None,
            None,
            [_("De gegevens over uitkeringen en de participatieladder zijn nog niet beschikbaar.")],
        )
    figures_before = _figures(scope, before, months)
    figures_after = _figures(scope, after, months)
    rows = []
    for key, (label, base_label) in MEASURES.items():
        if key not in figures_before:
            continue
        base_b, n_b = figures_before[key]
        base_a, n_a = figures_after[key]
        share_b, share_a = share(n_b, base_b), share(n_a, base_a)
        change = share_a - share_b if share_a is not None and share_b is not None else None
        rows.append([f"{label} ({base_label})", base_b, n_b, share_b, base_a, n_a, share_a, change])
    table = Table(
        key="quickscan",
        title=_("Quick scan %(scope)s: %(months)s maanden vóór en na %(date)s")
        % {"scope": scope.label, "months": months, "date": long_date(change_on)},
        columns=[
            Column("measure", _("Maat")),
            Column("base_before", _("Basis vóór"), PERSONS),
            Column("count_before", _("Aantal vóór"), PERSONS),
            Column("share_before", _("Aandeel vóór"), SHARE, basis=("base_before", "count_before")),
            Column("base_after", _("Basis na"), PERSONS),
            Column("count_after", _("Aantal na"), PERSONS),
            Column("share_after", _("Aandeel na"), SHARE, basis=("base_after", "count_after")),
            Column(
                "change",
                _("Verschil (procentpunt)"),
                NUMBER,
                basis=("base_before", "count_before", "base_after", "count_after"),
            ),
        ],
        rows=rows,
        note=_(
            "Vóór: %(before)s. Na: %(after)s. Ladder: trede aan het eind van de periode vergeleken "
            "met %(months)s maanden eerder."
        )
        % {"before": before.label, "after": after.label, "months": months},
    )
    table = suppress(table)
    chart = charts.bar_chart(
        table, charts.ChartSpec("measure", ("share_before", "share_after")), "quickscan-chart"
    )
    return QuickScan(scope, change_on, months, description, before, after, table, chart, [])
