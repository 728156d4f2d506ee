"""KPI queries on the participation module: benefits, the ladder, Positieve Gezondheid, switches.

Every function returns counts (plain ints, or integer sums) per municipality id, computed in SQL
with one or two aggregate queries; no person ever leaves these functions. Suppression of small
numbers happens later, on the tables built from these counts (``suppression``).

Definitions (used in the dashboards, the council letter and the quick scan alike):

- *on benefit in a period*: a resident with a benefit episode (bijstand, IOAW, IOAZ) that overlaps
  the period;
- *outflow to work*: a benefit episode that ended in the period with end reason "work";
- *duration on benefit*: for episodes running on a day, the time since they started;
- *ladder position on a day*: the confirmed rung of the latest ladder assessment on or before that
  day, for dossiers not closed on that day;
- *movement over N months*: for dossiers with a known rung both on the day and N months earlier,
  whether the rung went up (≥ 1) or down;
- *Positieve Gezondheid*: per dossier the latest measurement in the period, averaged per dimension;
- *switch*: an arrangement that started in the period as the successor of another (``switched_from``);
- *return to benefit within 12 months*: after an outflow to work in the period, a new benefit
  episode that started within 365 days after the end.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)

from ..periods import add_months
from .sources import available, model

MODELS = (
    "participation.Dossier",
    "participation.BenefitEpisode",
    "participation.LadderAssessment",
    "participation.HealthAssessment",
    "participation.Arrangement",
)
HEALTH_DIMENSIONS = (
    "body_functions",
    "mental_wellbeing",
    "meaningfulness",
    "quality_of_life",
    "participation",
    "daily_functioning",
)
#: Duration bands on benefit: (code, label, at least months, less than months).
DURATION_BANDS = (
    ("lt6", "korter dan 6 maanden", 0, 6),
    ("6to12", "6 tot 12 maanden", 6, 12),
    ("1to2", "1 tot 2 jaar", 12, 24),
    ("2to5", "2 tot 5 jaar", 24, 60),
    ("ge5", "5 jaar of langer", 60, None),
)
RETURN_WINDOW = timedelta(days=365)


def is_available() -> bool:
    return available(*MODELS)


def _episodes(municipality_ids):
    Episode = model("participation.BenefitEpisode")
    return Episode.objects.filter(dossier__municipality__in=municipality_ids).exclude(
        kind=Episode.Kind.NONE
    )


def benefit_figures(municipality_ids, start: date, end: date) -> dict[int, dict[str, int]]:
    """One aggregate over the benefit episodes, per municipality:

    - ``on_benefit``: residents with a benefit that overlaps [start, end];
    - ``outflow``: residents whose benefit ended in [start, end] because they went to work;
    - one count per duration band (``DURATION_BANDS``) of the residents on benefit on ``end``.
    """
    Episode = model("participation.BenefitEpisode")
    running_at_end = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=end))
    aggregates = {
        "on_benefit": Count(
            "dossier",
            distinct=True,
            filter=Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start)),
        ),
        "outflow": Count(
            "dossier",
            distinct=True,
            filter=Q(ended_on__range=(start, end), end_reason=Episode.EndReason.WORK),
        ),
    }
    for code, _label, at_least, less_than in DURATION_BANDS:
        band = running_at_end & Q(started_on__lte=add_months(end, -at_least))
        if less_than is not None:
            band &= Q(started_on__gt=add_months(end, -less_than))
        aggregates[code] = Count("dossier", distinct=True, filter=band)
    rows = (
        _episodes(municipality_ids)
        .filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values("dossier__municipality")
        .annotate(**aggregates)
    )
    return {row.pop("dossier__municipality"): row for row in rows}


def _open_on(day: date):
    """Dossiers not closed on ``day``. Not filtered on ``opened_on``: imported dossiers carry
    their earlier measurements but open on the import date."""
    Dossier = model("participation.Dossier")
    return Dossier.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def _rung_on(day: date):
    """The confirmed rung of the dossier's latest ladder assessment on or before ``day``."""
    Ladder = model("participation.LadderAssessment")
    latest = Ladder.objects.filter(dossier=OuterRef("pk"), assessed_on__lte=day).order_by(
        "-assessed_on", "-id"
    )
    return Subquery(latest.values("confirmed_rung")[:1])


def _rung_combinations(municipality_ids, days: dict[str, date]):
    """Rows (municipality, rung on each of ``days``..., count) grouped in SQL.

    Each rung is a correlated subquery in the SELECT list only: grouping by select position (as
    Django does on PostgreSQL and SQLite) evaluates it once per dossier, where a filter or an
    aggregate over the annotation would repeat the subquery for every reference.
    """
    annotations = {name: _rung_on(day) for name, day in days.items()}
    return (
        _open_on(max(days.values()))
        .filter(municipality__in=municipality_ids)
        .annotate(**annotations)
        .values("municipality", *annotations)
        .annotate(n=Count("pk"))
        .order_by()
    )


def ladder_figures(
    municipality_ids, on: date, spans: tuple[int, ...] = (6, 12)
) -> tuple[dict[int, dict[int, int]], dict[int, dict[int, dict[str, int]]]]:
    """The ladder distribution on ``on`` and the movement over ``spans`` months, from one query.

    Distribution: {municipality id: {rung: open dossiers}}. Movement: {municipality id: {months:
    {"measured", "up", "down"}}}: "measured" are the open dossiers with a rung both on ``on`` and
    ``months`` earlier; "up" those whose rung went up by at least one; "down" went down.
    """
    days = {"rung_now": on, **{f"rung_{m}": add_months(on, -m) for m in spans}}
    distribution: dict[int, dict[int, int]] = defaultdict(dict)
    movement: dict[int, dict[int, dict[str, int]]] = {}
    for row in _rung_combinations(municipality_ids, days):
        now, municipality = row["rung_now"], row["municipality"]
        if now is None:
            continue
        per_rung = distribution[municipality]
        per_rung[now] = per_rung.get(now, 0) + row["n"]
        figures = movement.setdefault(
            municipality, {m: {"measured": 0, "up": 0, "down": 0} for m in spans}
        )
        for months in spans:
            before = row[f"rung_{months}"]
            if before is None:
                continue
            figures[months]["measured"] += row["n"]
            if now > before:
                figures[months]["up"] += row["n"]
            elif now < before:
                figures[months]["down"] += row["n"]
    return dict(distribution), movement


def ladder_distribution(municipality_ids, on: date) -> dict[int, dict[int, int]]:
    """Open dossiers per confirmed rung on ``on`` ({municipality id: {rung: count}})."""
    return ladder_figures(municipality_ids, on, ())[0]


def ladder_movement(
    municipality_ids, on: date, spans: tuple[int, ...] = (6, 12)
) -> dict[int, dict[int, dict[str, int]]]:
    """Only the movement part of ``ladder_figures``."""
    return ladder_figures(municipality_ids, on, spans)[1]


def health_sums(municipality_ids, start: date, end: date) -> dict[int, dict[str, int]]:
    """Per municipality the number of residents measured in [start, end] ("n") and, per
    dimension, the sum of their latest scores (averages are taken later, exactly, in Decimal)."""
    Health = model("participation.HealthAssessment")
    in_period = Health.objects.filter(assessed_on__range=(start, end))
    latest_id = in_period.filter(dossier=OuterRef("dossier")).order_by("-assessed_on", "-id")
    rows = (
        in_period.filter(dossier__municipality__in=municipality_ids)
        .filter(pk=Subquery(latest_id.values("pk")[:1]))
        .values("dossier__municipality")
        .annotate(n=Count("pk"), **{code: Sum(code) for code in HEALTH_DIMENSIONS})
    )
    return {
        row["dossier__municipality"]: {
            "n": row["n"],
            **{code: row[code] or 0 for code in HEALTH_DIMENSIONS},
        }
        for row in rows
    }


def switches(municipality_ids, start: date, end: date) -> dict[tuple[str, str], int]:
    """Residents who switched from one arrangement kind to another in [start, end]."""
    Arrangement = model("participation.Arrangement")
    rows = (
        Arrangement.objects.filter(
            dossier__municipality__in=municipality_ids,
            switched_from__isnull=False,
            started_on__range=(start, end),
        )
        .values("switched_from__kind", "kind")
        .annotate(n=Count("dossier", distinct=True))
    )
    return {(row["switched_from__kind"], row["kind"]): row["n"] for row in rows}


def returns_to_benefit(municipality_ids, start: date, end: date) -> dict[int, dict[str, int]]:
    """Of the outflows to work in [start, end]: how many ("outflow") and how many residents had
    a new benefit within 365 days after leaving ("returned")."""
    Episode = model("participation.BenefitEpisode")
    later = (
        Episode.objects.filter(dossier=OuterRef("dossier"))
        .exclude(kind=Episode.Kind.NONE)
        .filter(started_on__gt=OuterRef("ended_on"))
        .filter(started_on__lte=OuterRef("return_deadline"))
    )
    rows = (
        _episodes(municipality_ids)
        .filter(ended_on__range=(start, end), end_reason=Episode.EndReason.WORK)
        .annotate(
            return_deadline=ExpressionWrapper(
                F("ended_on") + RETURN_WINDOW, output_field=DateField()
            )
        )
        .annotate(returned=Exists(later))
        .values("dossier__municipality")
        .annotate(
            outflow=Count("dossier", distinct=True),
            back=Count("dossier", distinct=True, filter=Q(returned=True)),
        )
    )
    return {
        row["dossier__municipality"]: {"outflow": row["outflow"], "returned": row["back"]}
        for row in rows
    }
