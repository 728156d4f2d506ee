"""Figures from the grants module: the budget ledger and the applications (experiments).

Only aggregates are read; the ledger's running totals (``BudgetShare``) already hold the sums per
scheme, year and municipality, so no journal entry is summed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .sources import available, model

LEDGER_MODELS = ("grants.GrantScheme", "grants.BudgetYear", "grants.BudgetShare")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LedgerFigures:
    """One municipality's part of one scheme-year: what is available, committed, paid and free."""

    available: Decimal
    committed: Decimal  # committed minus released
    paid: Decimal  # paid minus repaid
    free: Decimal


def ledger_available() -> bool:
    return available(*LEDGER_MODELS)


def scheme_exists(scheme_uuid) -> bool:
    if scheme_uuid is None or not ledger_available():
        return False
    return model("grants.GrantScheme").objects.filter(uuid=scheme_uuid).exists()


def ledger_by_year_and_municipality(scheme_uuid) -> dict[tuple[int, int], LedgerFigures] | None:
    """{(year, municipality id): figures} of one scheme; None when there is no ledger to read."""
    if scheme_uuid is None or not ledger_available():
        return None
    shares = model("grants.BudgetShare").objects.filter(budget_year__scheme__uuid=scheme_uuid)
    rows = shares.values_list(
        "budget_year__year",
        "municipality_id",
        "ceiling",
        "carried_in",
        "carried_out",
        "committed",
        "released",
        "paid",
        "repaid",
    )
    result = {}
    for year, municipality_id, ceiling, c_in, c_out, committed, released, paid, repaid in rows:
        budget = ceiling + c_in - c_out
        net_committed = committed - released
        result[(year, municipality_id)] = LedgerFigures(
            available=budget,
            committed=net_committed,
            paid=paid - repaid,
            free=budget - net_committed,
        )
    return result


APPLICATION_MODELS = ("grants.Application", "grants.Decision", *LEDGER_MODELS)


def applications_available() -> bool:
    return available(*APPLICATION_MODELS)


def applications(region_id, start, end) -> dict[str, object]:
    """Applications submitted in [start, end]; decisions taken in it: awards (with the amount
    awarded) and refusals. Counts of applications (organisations), never of residents."""
    from datetime import datetime, time

    from django.db.models import Count, Q, Sum
    from django.utils import timezone

    Application = model("grants.Application")
    Decision = model("grants.Decision")
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end, time.max))
    submitted = Application.objects.filter(
        scheme__region_id=region_id, submitted_at__range=(since, until)
    ).count()
    awarding = [Decision.Kind.AWARD, Decision.Kind.PARTIAL]
    decisions = Decision.objects.filter(
        application__scheme__region_id=region_id,
        decided_at__range=(since, until),
        revoked_at__isnull=True,
    ).aggregate(
        awards=Count("pk", filter=Q(kind__in=awarding)),
        awarded=Sum("amount", filter=Q(kind__in=awarding)),
        refusals=Count("pk", filter=Q(kind=Decision.Kind.REFUSAL)),
    )
    return {
        "submitted": submitted,
        "awards": decisions["awards"],
        "awarded": decisions["awarded"] or ZERO,
        "refusals": decisions["refusals"],
    }


def ledger_by_municipality(region_id, years, municipality_ids) -> list[dict]:
    """Per scheme, year and municipality of the region: available, committed, paid and free."""
    shares = (
        model("grants.BudgetShare")
        .objects.filter(
            budget_year__scheme__region_id=region_id,
            budget_year__year__in=list(years),
            municipality_id__in=list(municipality_ids),
        )
        .select_related("budget_year__scheme", "municipality")
        .order_by("budget_year__scheme__name", "budget_year__year", "municipality__name")
    )
    return [
        {
            "scheme": share.budget_year.scheme.name,
            "year": share.budget_year.year,
            "municipality": share.municipality.name,
            "available": share.available,
            "committed": share.committed_net,
            "paid": share.paid_net,
            "free": share.free,
        }
        for share in shares
    ]
