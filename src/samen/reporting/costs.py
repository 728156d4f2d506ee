"""Cost overview: a programme's budget split per municipality and year, next to what was spent.

The split follows seed 000's tables: first the budget per calendar year (a total over the running
time in proportion to the months of each year in it — € 170.000 from July 2019 to December 2021 is
6, 12 and 12 months: € 34.000, € 68.000, € 68.000), then each year's amount over the municipalities
with the programme's allocation key (largest remainder, whole euros). A municipality's total is the
sum of its years, so rows and columns both add up to the programme's total exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from samen.regions.services import Allocation, allocate_with_key, split_amount

from .kpis import grants as grants_kpis
from .models import Programme
from .tables import MONEY, NUMBER, SHARE, TEXT, Column, Table

ZERO = Decimal("0")


def months_per_year(programme: Programme) -> dict[int, int]:
    """How many calendar months of each year fall in the running time (started months count)."""
    months = {}
    for year in programme.years:
        first = programme.starts_on.month if year == programme.starts_on.year else 1
        last = programme.ends_on.month if year == programme.ends_on.year else 12
        months[year] = last - first + 1
    return months


def amounts_per_year(programme: Programme) -> dict[int, Decimal]:
    """The budget of each calendar year of the programme."""
    if programme.budgeting == Programme.Budgeting.PER_YEAR:
        return dict.fromkeys(programme.years, programme.amount)
    weights = {year: Decimal(n) for year, n in months_per_year(programme).items()}
    return split_amount(programme.amount, weights)


@dataclass
class CostRow:
    municipality: object
    weight: Decimal
    share_percentage: Decimal
    amounts: dict[int, Decimal]
    actuals: dict[int, grants_kpis.LedgerFigures | None] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)

    def actual_total(self, attribute: str) -> Decimal | None:
        figures = [a for a in self.actuals.values() if a is not None]
        if not figures:
            return None
        return sum((getattr(a, attribute) for a in figures), ZERO)


@dataclass
class CostOverview:
    programme: Programme
    years: list[int]
    year_amounts: dict[int, Decimal]
    rows: list[CostRow]
    key_label: str
    reference_date: object
    #: "linked" (the scheme's ledger is read), "none" (no scheme linked), "unavailable" (the grants
    #: module or the scheme is not there).
    actuals_state: str

    @property
    def total(self) -> Decimal:
        return sum(self.year_amounts.values(), ZERO)

    def column_total(self, year: int) -> Decimal:
        return sum((row.amounts[year] for row in self.rows), ZERO)

    @property
    def has_actuals(self) -> bool:
        return self.actuals_state == "linked"

    def actual_column_total(self, year: int, attribute: str) -> Decimal | None:
        figures = [row.actuals.get(year) for row in self.rows]
        figures = [f for f in figures if f is not None]
        if not figures:
            return None
        return sum((getattr(f, attribute) for f in figures), ZERO)

    def actual_grand_total(self, attribute: str) -> Decimal | None:
        totals = [row.actual_total(attribute) for row in self.rows]
        totals = [t for t in totals if t is not None]
        return sum(totals, ZERO) if totals else None


def cost_overview(programme: Programme, *, _split_cache: dict | None = None) -> CostOverview:
    """The split of one programme per municipality and year, with the ledger's actuals if linked."""
    year_amounts = amounts_per_year(programme)
    key_split = _key_split(programme, _split_cache)
    weights = {line.municipality: line.weight for line in key_split.lines}
    per_year = {year: split_amount(amount, weights) for year, amount in year_amounts.items()}
    ledger, state = _actuals(programme)
    rows = []
    for line in key_split.lines:
        municipality = line.municipality
        rows.append(
            CostRow(
                municipality=municipality,
                weight=line.weight,
                share_percentage=line.share_percentage,
                amounts={year: per_year[year][municipality] for year in year_amounts},
                actuals={
                    year: ledger.get((year, municipality.pk)) if ledger is not None else None
                    for year in year_amounts
                },
            )
        )
    return CostOverview(
        programme=programme,
        years=list(year_amounts),
        year_amounts=year_amounts,
        rows=rows,
        key_label=key_split.key_label,
        reference_date=key_split.reference_date,
        actuals_state=state,
    )


def cost_overviews(programmes: Iterable[Programme]) -> list[CostOverview]:
    """Overviews of several programmes; programmes that share a key load its weights once."""
    cache: dict = {}
    return [cost_overview(programme, _split_cache=cache) for programme in programmes]


def _key_split(programme: Programme, cache: dict | None) -> Allocation:
    # The weights (and the shares in %) come from the foundation's allocation, split once on the
    # programme's amount; each year is then split with the same weights.
    key = programme.allocation_key
    if cache is not None and key.pk in cache:
        return cache[key.pk]
    allocation = allocate_with_key(key, Decimal(100))
    if cache is not None:
        cache[key.pk] = allocation
    return allocation


def _actuals(programme: Programme):
    if programme.grant_scheme_uuid is None:
        return None, "none"
    ledger = grants_kpis.ledger_by_year_and_municipality(programme.grant_scheme_uuid)
    if not ledger and not grants_kpis.scheme_exists(programme.grant_scheme_uuid):
        return None, "unavailable"
    return ledger or {}, "linked"


# --- As tables (for pages, downloads, API, the council letter) -------------------------------


def budget_table(overview: CostOverview) -> Table:
    """Seed 000's layout: inhabitants, %, one column per year, total; a total row below."""
    programme = overview.programme
    columns = [
        Column("municipality", _("Gemeente")),
        Column(
            "weight", _("Aantal inwoners") if _by_population(overview) else _("Gewicht"), NUMBER
        ),
        Column("share", _("%"), SHARE),
        *[Column(f"y{year}", str(year), MONEY) for year in overview.years],
        Column("total", _("Totaal"), MONEY),
    ]
    rows = [
        [
            row.municipality.name,
            row.weight,
            row.share_percentage,
            *[row.amounts[year] for year in overview.years],
            row.total,
        ]
        for row in overview.rows
    ]
    footer = [
        [
            _("Totaal"),
            None,
            None,
            *[overview.column_total(year) for year in overview.years],
            overview.total,
        ]
    ]
    return Table(
        key=f"kosten-{programme.uuid}",
        title=_("Overzicht kosten %(name)s per gemeente (in €)") % {"name": programme.name},
        columns=columns,
        rows=rows,
        footer=footer,
    )


def actuals_table(overview: CostOverview) -> Table | None:
    """Budget, committed and paid per municipality and year, from the grants ledger."""
    if not overview.has_actuals:
        return None
    columns = [Column("municipality", _("Gemeente")), Column("year", _("Jaar"), TEXT)]
    columns += [
        Column("budget", _("Begroot (verdeling)"), MONEY),
        Column("available", _("Beschikbaar (grootboek)"), MONEY),
        Column("committed", _("Verplicht"), MONEY),
        Column("paid", _("Betaald"), MONEY),
        Column("free", _("Vrij"), MONEY),
    ]
    rows = []
    for row in overview.rows:
        for year in overview.years:
            figures = row.actuals.get(year)
            rows.append(
                [
                    row.municipality.name,
                    str(year),
                    row.amounts[year],
                    figures.available if figures else None,
                    figures.committed if figures else None,
                    figures.paid if figures else None,
                    figures.free if figures else None,
                ]
            )
    footer = [
        [
            _("Totaal"),
            "",
            overview.total,
            overview.actual_grand_total("available"),
            overview.actual_grand_total("committed"),
            overview.actual_grand_total("paid"),
            overview.actual_grand_total("free"),
        ]
    ]
    return Table(
        key=f"realisatie-{overview.programme.uuid}",
        title=_("Realisatie %(name)s per gemeente en jaar (in €)")
        % {"name": overview.programme.name},
        columns=columns,
        rows=rows,
        footer=footer,
        note=_("Uit het budgetgrootboek van de gekoppelde subsidieregeling."),
    )


def _by_population(overview: CostOverview) -> bool:
    from samen.regions.models import AllocationKey

    return overview.programme.allocation_key.kind == AllocationKey.Kind.POPULATION
