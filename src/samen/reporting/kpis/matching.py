"""KPI queries on the matching module: placements of residents on work opportunities."""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from .sources import available, model

MODELS = ("matching.Match", "participation.Dossier")


def is_available() -> bool:
    return available(*MODELS)


def placements(municipality_ids, start: date, end: date) -> dict[int, int]:
    """Residents placed (``placed_on`` in [start, end]) through a match, per municipality.

    A placement that has ended since still counts for the period in which it started.
    """
    Match = model("matching.Match")
    rows = (
        Match.objects.filter(
            dossier__municipality__in=municipality_ids,
            placed_on__range=(start, end),
        )
        .values("dossier__municipality")
        .annotate(n=Count("dossier", distinct=True))
    )
    return {row["dossier__municipality"]: row["n"] for row in rows}
