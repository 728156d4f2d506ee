"""Charts as inline SVG, drawn on the server from a (suppressed) ``Table``.

Each chart is an image with a title and a description for screen readers, and is always shown
with its data table (the table is the accessible version; the chart repeats it visually). Colours
are SVG presentation attributes, not style attributes, so the site's CSP (no inline styles) allows
them; the same markup renders in WeasyPrint for the council letter. Suppressed cells get no bar,
only their marker ("<10"), so a chart never shows more than its table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .tables import Suppressed, Table, format_cell

#: Colours with at least 3:1 contrast to white (WCAG 1.4.11), distinguishable in grey scale.
PALETTE = ["#01689b", "#e17000", "#39870c", "#a90061", "#673278", "#8f5b00"]
WIDTH = 680
LABEL_WIDTH = 220
VALUE_WIDTH = 90
BAR_HEIGHT = 16
GAP = 10
TOP = 8


@dataclass(frozen=True)
class ChartSpec:
    """Which table columns a chart draws: one label column, one or more value columns."""

    label: str
    values: tuple[str, ...]


def _number(value) -> Decimal | None:
    if value is None or isinstance(value, Suppressed):
        return None
    try:
        return Decimal(value)
    except (TypeError, ValueError, ArithmeticError):
        return None


def _truncate(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(table: Table, spec: ChartSpec, chart_id: str) -> SafeString | None:
    """Horizontal (grouped) bars, one group per row of ``table``.

    None when there is nothing to draw (no rows, or every value suppressed): the table alone
    then says everything there is to say.
    """
    label_index = table.column_index(spec.label)
    series = [
        (table.column_index(key), table.columns[table.column_index(key)]) for key in spec.values
    ]
    numbers = [_number(row[i]) for row in table.rows for i, _c in series]
    if all(number is None for number in numbers):
        return None
    top = max((n for n in numbers if n is not None), default=Decimal(0))
    top = top if top > 0 else Decimal(1)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    group_height = len(series) * BAR_HEIGHT + GAP
    legend_height = 22 if len(series) > 1 else 0
    height = TOP + len(table.rows) * group_height + legend_height + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="samen-chart" id="{chart_id}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(table.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_("Staafdiagram; de cijfers staan in de tabel bij deze grafiek."))}</desc>',
    ]
    for row_number, row in enumerate(table.rows):
        y = TOP + row_number * group_height
        label = str(row[label_index])
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + len(series) * BAR_HEIGHT / 2 + 4}" '
            f'text-anchor="end" fill="#1a1a1a">{escape(_truncate(label))}</text>'
        )
        for series_number, (index, column) in enumerate(series):
            value = row[index]
            bar_y = y + series_number * BAR_HEIGHT
            number = _number(value)
            length = 0 if number is None or number <= 0 else float(number / top) * plot
            colour = PALETTE[series_number % len(PALETTE)]
            if length:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y + 1}" width="{length:.1f}" '
                    f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR_HEIGHT - 4}" '
                f'fill="#1a1a1a">{escape(format_cell(value, column))}</text>'
            )
    if len(series) > 1:
        y = height - legend_height + 4
        x = LABEL_WIDTH
        for series_number, (_index, column) in enumerate(series):
            colour = PALETTE[series_number % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
            parts.append(
                f'<text x="{x + 16}" y="{y + 10}" fill="#1a1a1a">{escape(column.label)}</text>'
            )
            x += 28 + 7 * len(column.label)
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 2}" x2="{LABEL_WIDTH}" '
        f'y2="{TOP + len(table.rows) * group_height - GAP + 2}" stroke="#535353" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
