"""Geometry for the two SVG charts (drawn by templates, each next to its data table).

- The ladder chart: the confirmed rung and the growth potential at each measurement, and the rung
  the running arrangements stand for over time (so a switch shows as a step).
- The spider chart of Positieve Gezondheid: six axes 0–10, the latest measurement and the one before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from .instruments import HEALTH_DIMENSIONS, HIGHEST_RUNG, LOWEST_RUNG, RUNGS
from .switching import ARRANGEMENT_RUNG


@dataclass
class LadderChart:
    width: int = 680
    height: int = 300
    left: int = 250
    right: int = 20
    top: int = 20
    bottom: int = 40
    gridlines: list = field(default_factory=list)  # (y, label)
    ticks: list = field(default_factory=list)  # (x, label)
    confirmed_points: list = field(default_factory=list)  # (x, y, date, rung)
    confirmed_path: str = ""
    potential_points: list = field(default_factory=list)
    potential_path: str = ""
    arrangement_path: str = ""
    switches: list = field(default_factory=list)  # (x, label)
    empty: bool = True

    @property
    def plot_bottom(self):
        return self.height - self.bottom

    @property
    def plot_right(self):
        return self.width - self.right


def _rung_steps(arrangements, start: date, end: date) -> list[tuple[date, int | None]]:
    """(day, rung) each time the highest running arrangement changes, from ``start`` to ``end``."""
    days = {start}
    for a in arrangements:
        days.add(a.started_on)
        if a.ended_on:
            days.add(a.ended_on + timedelta(days=1))
    steps, previous = [], object()
    for day in sorted(d for d in days if start <= d <= end):
        running = [ARRANGEMENT_RUNG[a.kind] for a in arrangements if a.is_active_on(day)]
        rung = max(running) if running else None
        if rung != previous:
            steps.append((day, rung))
            previous = rung
    return steps


def ladder_chart(assessments, arrangements, *, today: date) -> LadderChart:
    """Place measurements and the arrangement steps on a time axis (oldest left)."""
    chart = LadderChart()
    assessments = sorted(assessments, key=lambda a: (a.assessed_on, a.created_at))
    arrangements = list(arrangements)
    days = [a.assessed_on for a in assessments] + [a.started_on for a in arrangements]
    if not days:
        return chart
    chart.empty = False
    start, end = min(days), max(max(days), today)
    span = max((end - start).days, 1)
    plot_width = chart.plot_right - chart.left
    plot_height = chart.plot_bottom - chart.top

    def x(day: date) -> float:
        return round(chart.left + (day - start).days / span * plot_width, 1)

    def y(rung: int) -> float:
        return round(
            chart.plot_bottom - (rung - LOWEST_RUNG) / (HIGHEST_RUNG - LOWEST_RUNG) * plot_height, 1
        )

    chart.gridlines = [(y(rung), f"{rung}. {label}") for rung, label in RUNGS.items()]
    chart.ticks = [(x(date(year, 1, 1)), str(year)) for year in range(start.year + 1, end.year + 1)]
    chart.confirmed_points = [
        (x(a.assessed_on), y(a.confirmed_rung), a.assessed_on, a.confirmed_rung)
        for a in assessments
    ]
    chart.potential_points = [
        (x(a.assessed_on), y(a.potential_rung), a.assessed_on, a.potential_rung)
        for a in assessments
    ]
    chart.confirmed_path = _step_path(chart.confirmed_points, x(end))
    chart.potential_path = _step_path(chart.potential_points, x(end))
    steps = [(x(day), y(rung)) for day, rung in _rung_steps(arrangements, start, end) if rung]
    chart.arrangement_path = _step_path(steps, x(end))
    chart.switches = [
        (x(a.started_on), str(a.get_kind_display())) for a in arrangements if a.switched_from_id
    ]
    return chart


def _step_path(points, x_end: float) -> str:
    """An SVG path that holds each value until the next point, then to ``x_end``."""
    if not points:
        return ""
    x0, y0 = points[0][0], points[0][1]
    parts = [f"M {x0} {y0}"]
    for point in points[1:]:
        parts.append(f"H {point[0]} V {point[1]}")
    parts.append(f"H {x_end}")
    return " ".join(parts)


@dataclass
class SpiderChart:
    size: int = 420
    center: float = 210
    radius: float = 130
    axes: list = field(default_factory=list)  # (x2, y2, label_x, label_y, anchor, label)
    rings: list = field(default_factory=list)  # (points, value)
    current: str = ""
    previous: str = ""
    current_points: list = field(default_factory=list)


def _angle(index: int, count: int) -> float:
    return -math.pi / 2 + 2 * math.pi * index / count  # first axis straight up, clockwise


def _polygon(values, chart: SpiderChart) -> str:
    count = len(values)
    points = []
    for index, value in enumerate(values):
        r = chart.radius * value / 10
        angle = _angle(index, count)
        points.append(
            f"{chart.center + r * math.cos(angle):.1f},{chart.center + r * math.sin(angle):.1f}"
        )
    return " ".join(points)


def spider_chart(current, previous=None) -> SpiderChart:
    """The six dimensions of Positieve Gezondheid for ``current`` (and ``previous`` if any)."""
    chart = SpiderChart()
    count = len(HEALTH_DIMENSIONS)
    for index, (_code, label) in enumerate(HEALTH_DIMENSIONS):
        angle = _angle(index, count)
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        chart.axes.append(
            (
                round(chart.center + chart.radius * cos, 1),
                round(chart.center + chart.radius * sin, 1),
                round(chart.center + (chart.radius + 14) * cos, 1),
                round(
                    chart.center
                    + (chart.radius + 14) * sin
                    + (4 if abs(cos) >= 0.2 else (-4 if sin < 0 else 14)),
                    1,
                ),
                anchor,
                label,
            )
        )
    chart.rings = [(_polygon([value] * count, chart), value) for value in (2, 4, 6, 8, 10)]
    if current is not None:
        values = [getattr(current, code) for code, _l in HEALTH_DIMENSIONS]
        chart.current = _polygon(values, chart)
        chart.current_points = [
            tuple(float(c) for c in point.split(",")) for point in chart.current.split()
        ]
    if previous is not None:
        chart.previous = _polygon(
            [getattr(previous, code) for code, _l in HEALTH_DIMENSIONS], chart
        )
    return chart
