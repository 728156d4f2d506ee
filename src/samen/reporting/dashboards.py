"""Dashboards per municipality and per region: five sections of tables, each with its chart.

``build_section`` turns the KPI counts of one source module into ``Table`` objects and passes each
through ``suppression.suppress`` — the single point where small numbers are hidden — before
anything (page, chart, CSV, XLSX, API, council letter) sees it. A section whose source module is
not there yet says so ("nog niet beschikbaar") instead of showing made-up figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from . import charts
from .kpis import grants as grants_kpis
from .kpis import matching as matching_kpis
from .kpis import network as network_kpis
from .kpis import participation as participation_kpis
from .kpis.sources import model
from .periods import Period, long_date
from .suppression import suppress
from .tables import AVERAGE, COUNT, MONEY, PERSONS, SHARE, Column, Table, average, share

SECTIONS = {
    "work": gettext_lazy("Werk"),
    "participation": gettext_lazy("Meedoen"),
    "switching": gettext_lazy("Switchen"),
    "network": gettext_lazy("Netwerk"),
    "experiments": gettext_lazy("Experimenten"),
}


@dataclass
class Scope:
    """A dashboard's subject: one municipality, or all municipalities of a region."""

    region: object
    municipalities: list
    municipality: object = None  # set for a municipality's dashboard

    @property
    def ids(self) -> list[int]:
        return [m.pk for m in self.municipalities]

    @property
    def label(self) -> str:
        if self.municipality is not None:
            return _("gemeente %(name)s") % {"name": self.municipality.name}
        return _("regio %(name)s") % {"name": self.region.name}

    @property
    def slug(self) -> str:
        return (self.municipality or self.region).name


@dataclass
class Figure:
    table: Table
    chart_spec: charts.ChartSpec | None = None
    chart: SafeString | None = None


@dataclass
class Section:
    key: str
    title: str
    available: bool = True
    unavailable: list[str] = field(default_factory=list)  # parts not (yet) available, in Dutch
    notes: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [figure.table for figure in self.figures]


def region_scope(region) -> Scope:
    return Scope(region=region, municipalities=list(region.municipalities.order_by("name")))


def municipality_scope(municipality) -> Scope:
    return Scope(
        region=municipality.region, municipalities=[municipality], municipality=municipality
    )


def build_section(key: str, scope: Scope, period: Period, *, with_charts: bool = True) -> Section:
    """One section of the dashboard, its tables already suppressed."""
    section = Section(key=key, title=str(SECTIONS[key]))
    BUILDERS[key](section, scope, period)
    for number, figure in enumerate(section.figures):
        figure.table = suppress(figure.table)
        if with_charts and figure.chart_spec is not None:
            figure.chart = charts.bar_chart(figure.table, figure.chart_spec, f"{key}-{number}")
    return section


def build_dashboard(scope: Scope, period: Period, keys=None, **kwargs) -> list[Section]:
    return [build_section(key, scope, period, **kwargs) for key in (keys or SECTIONS)]


# --- helpers ----------------------------------------------------------------------------------


def _municipality_rows(scope: Scope, values) -> tuple[list[list], list[list]]:
    """Rows per municipality of ``values(municipality) -> list`` and, for a region, a total row
    of the columns' sums (``None`` where a column cannot be summed)."""
    rows = [[m.name, *values(m)] for m in scope.municipalities]
    if scope.municipality is not None:
        return rows, []
    width = len(rows[0]) if rows else 0
    footer = [_("Totaal regio")]
    for index in range(1, width):
        column = [row[index] for row in rows]
        footer.append(sum(column) if all(isinstance(v, int) for v in column) else None)
    return rows, [footer]


def _unavailable(section: Section, what: str) -> None:
    section.unavailable.append(
        _("%(what)s: nog niet beschikbaar — de module die deze gegevens levert is er (nog) niet.")
        % {"what": what}
    )


# --- work -------------------------------------------------------------------------------------


def _work(section: Section, scope: Scope, period: Period) -> None:
    if not participation_kpis.is_available():
        section.available = False
        _unavailable(section, _("Uitkeringen en uitstroom"))
    else:
        figures = participation_kpis.benefit_figures(scope.ids, period.start, period.end)
        _outflow_table(section, scope, period, figures)
        _duration_table(section, scope, period, figures)
    if not matching_kpis.is_available():
        _unavailable(section, _("Plaatsingen via matching"))
        return
    placed = matching_kpis.placements(scope.ids, period.start, period.end)
    rows, footer = _municipality_rows(scope, lambda m: [placed.get(m.pk, 0)])
    section.figures.append(
        Figure(
            Table(
                key="plaatsingen",
                title=_("Plaatsingen via matching, %(period)s") % {"period": period.label},
                columns=[
                    Column("municipality", _("Gemeente")),
                    Column("placed", _("Geplaatst"), PERSONS),
                ],
                rows=rows,
                footer=footer,
                totals_in_footer=bool(footer),
            ),
            charts.ChartSpec("municipality", ("placed",)),
        )
    )


def _outflow_table(section, scope, period, figures) -> None:
    def values(m):
        f = figures.get(m.pk, {})
        on, out = f.get("on_benefit", 0), f.get("outflow", 0)
        return [on, out, share(out, on)]

    rows, footer = _municipality_rows(scope, values)
    if footer:
        footer[0][3] = share(footer[0][2], footer[0][1])
    section.figures.append(
        Figure(
            Table(
                key="uitstroom",
                title=_("Uitstroom uit de uitkering naar werk, %(period)s")
                % {"period": period.label},
                columns=[
                    Column("municipality", _("Gemeente")),
                    Column("on_benefit", _("Inwoners met uitkering"), PERSONS),
                    Column("outflow", _("Uitgestroomd naar werk"), PERSONS),
                    Column("share", _("Aandeel"), SHARE, basis=("on_benefit", "outflow")),
                ],
                rows=rows,
                footer=footer,
                totals_in_footer=bool(footer),
            ),
            charts.ChartSpec("municipality", ("share",)),
        )
    )


def _duration_table(section, scope, period, figures) -> None:
    counts = {
        code: sum(figures.get(m.pk, {}).get(code, 0) for m in scope.municipalities)
        for code, *_rest in participation_kpis.DURATION_BANDS
    }
    total = sum(counts.values())
    rows = [
        [label, counts[code], share(counts[code], total)]
        for code, label, *_rest in participation_kpis.DURATION_BANDS
    ]
    section.figures.append(
        Figure(
            Table(
                key="uitkeringsduur",
                title=_("Duur in de uitkering op %(date)s") % {"date": long_date(period.end)},
                columns=[
                    Column("band", _("Duur")),
                    Column("persons", _("Inwoners"), PERSONS),
                    Column("share", _("Aandeel"), SHARE, basis=("persons",)),
                ],
                rows=rows,
                footer=[[_("Totaal"), total, share(total, total)]],
                totals_in_footer=True,
            ),
            charts.ChartSpec("band", ("persons",)),
        )
    )


# --- taking part ------------------------------------------------------------------------------


def _participation(section: Section, scope: Scope, period: Period) -> None:
    if not participation_kpis.is_available():
        section.available = False
        _unavailable(section, _("Participatieladder en Positieve Gezondheid"))
        return
    from samen.participation.instruments import HEALTH_DIMENSIONS, RUNGS

    distribution, movement = participation_kpis.ladder_figures(scope.ids, period.end, (6, 12))
    counts = {rung: sum(distribution.get(m, {}).get(rung, 0) for m in scope.ids) for rung in RUNGS}
    total = sum(counts.values())
    section.figures.append(
        Figure(
            Table(
                key="ladder",
                title=_("Verdeling over de participatieladder op %(date)s")
                % {"date": long_date(period.end)},
                columns=[
                    Column("rung", _("Trede")),
                    Column("persons", _("Inwoners"), PERSONS),
                    Column("share", _("Aandeel"), SHARE, basis=("persons",)),
                ],
                rows=[
                    [f"{rung}. {label}", counts[rung], share(counts[rung], total)]
                    for rung, label in RUNGS.items()
                ],
                footer=[[_("Totaal"), total, share(total, total)]],
                totals_in_footer=True,
            ),
            charts.ChartSpec("rung", ("persons",)),
        )
    )
    rows = []
    for months in (6, 12):
        summed = {
            key: sum(movement.get(m, {}).get(months, {}).get(key, 0) for m in scope.ids)
            for key in ("measured", "up", "down")
        }
        rows.append(
            [
                _("in %(months)s maanden") % {"months": months},
                summed["measured"],
                summed["up"],
                share(summed["up"], summed["measured"]),
                summed["down"],
                share(summed["down"], summed["measured"]),
            ]
        )
    section.figures.append(
        Figure(
            Table(
                key="ladderbeweging",
                title=_("Beweging op de participatieladder tot %(date)s")
                % {"date": long_date(period.end)},
                columns=[
                    Column("span", _("Termijn")),
                    Column("measured", _("Gemeten"), PERSONS),
                    Column("up", _("Ten minste 1 trede omhoog"), PERSONS),
                    Column("up_share", _("Aandeel omhoog"), SHARE, basis=("measured", "up")),
                    Column("down", _("Omlaag"), PERSONS),
                    Column("down_share", _("Aandeel omlaag"), SHARE, basis=("measured", "down")),
                ],
                rows=rows,
                note=_(
                    "Inwoners met een bevestigde trede op de einddatum én zoveel maanden eerder."
                ),
            ),
            charts.ChartSpec("span", ("up_share", "down_share")),
        )
    )
    sums = participation_kpis.health_sums(scope.ids, period.start, period.end)
    n = sum(sums.get(m, {}).get("n", 0) for m in scope.ids)
    section.figures.append(
        Figure(
            Table(
                key="positieve-gezondheid",
                title=_("Positieve Gezondheid: gemiddelde score (0–10), %(period)s")
                % {"period": period.label},
                columns=[
                    Column("dimension", _("Dimensie")),
                    Column("n", _("Gemeten inwoners"), PERSONS),
                    Column("average", _("Gemiddelde"), AVERAGE, basis=("n",)),
                ],
                rows=[
                    [
                        str(label),
                        n,
                        average(sum(sums.get(m, {}).get(code, 0) for m in scope.ids), n),
                    ]
                    for code, label in HEALTH_DIMENSIONS
                ],
                note=_("Per inwoner de laatste meting in de periode."),
            ),
            charts.ChartSpec("dimension", ("average",)),
        )
    )


# --- switching --------------------------------------------------------------------------------


def _switching(section: Section, scope: Scope, period: Period) -> None:
    if not participation_kpis.is_available():
        section.available = False
        _unavailable(section, _("Wissels tussen regelingen"))
        return
    Arrangement = model("participation.Arrangement")
    flows = participation_kpis.switches(scope.ids, period.start, period.end)
    kinds = [k for k in Arrangement.Kind.values if any(k in pair for pair in flows)]
    labels = dict(Arrangement.Kind.choices)
    rows = []
    for source in kinds:
        cells = [flows.get((source, target), 0) for target in kinds]
        rows.append([str(labels[source]), *cells, sum(cells)])
    footer = []
    if rows:
        totals = [sum(row[i] for row in rows) for i in range(1, len(kinds) + 2)]
        footer = [[_("Totaal"), *totals]]
    columns = [
        Column("from", _("Van \\ naar")),
        *[Column(f"to_{k}", str(labels[k]), PERSONS) for k in kinds],
        Column("total", _("Totaal"), PERSONS),
    ]
    section.figures.append(
        Figure(
            Table(
                key="wissels",
                title=_("Wissels tussen regelingen (van → naar), %(period)s")
                % {"period": period.label},
                columns=columns,
                rows=rows,
                footer=footer,
                totals_in_footer=bool(footer),
                row_totals=True,
            ),
            charts.ChartSpec("from", ("total",)) if rows else None,
        )
    )
    returns = participation_kpis.returns_to_benefit(scope.ids, period.start, period.end)

    def values(m):
        f = returns.get(m.pk, {})
        out, back = f.get("outflow", 0), f.get("returned", 0)
        return [out, back, share(back, out)]

    rows, footer = _municipality_rows(scope, values)
    if footer:
        footer[0][3] = share(footer[0][2], footer[0][1])
    section.figures.append(
        Figure(
            Table(
                key="terugkeer",
                title=_(
                    "Terug in de uitkering binnen 12 maanden na uitstroom naar werk in %(period)s"
                )
                % {"period": period.label},
                columns=[
                    Column("municipality", _("Gemeente")),
                    Column("outflow", _("Uitgestroomd naar werk"), PERSONS),
                    Column("returned", _("Binnen 12 maanden terug"), PERSONS),
                    Column("share", _("Aandeel terug"), SHARE, basis=("outflow", "returned")),
                ],
                rows=rows,
                footer=footer,
                totals_in_footer=bool(footer),
                note=_("Stand van vandaag: voor recente uitstroom zijn de 12 maanden nog niet om."),
            ),
            charts.ChartSpec("municipality", ("share",)),
        )
    )


# --- network ----------------------------------------------------------------------------------


def _network(section: Section, scope: Scope, period: Period) -> None:
    if not network_kpis.is_available():
        section.available = False
        _unavailable(section, _("Actielijnen en platformbijeenkomsten"))
        return
    ActionLine = model("actionlines.ActionLine")
    region_id = scope.region.pk
    if scope.municipality is not None:
        section.notes.append(
            _("Actielijnen en bijeenkomsten zijn van de hele regio %(region)s.")
            % {"region": scope.region.name}
        )
    by_status = network_kpis.lines_by_status(region_id, period.end)
    rows = [[str(label), by_status.get(code, 0)] for code, label in ActionLine.Status.choices]
    section.figures.append(
        Figure(
            Table(
                key="actielijnen",
                title=_("Actielijnen naar status op %(date)s") % {"date": long_date(period.end)},
                columns=[Column("status", _("Status")), Column("lines", _("Actielijnen"), COUNT)],
                rows=rows,
                footer=[[_("Totaal"), sum(r[1] for r in rows)]],
            ),
            charts.ChartSpec("status", ("lines",)),
        )
    )
    meetings = network_kpis.meetings_held(region_id, period.start, period.end)
    rows = [
        [
            _("Halfjaarrapportages ingediend"),
            network_kpis.reports_submitted(region_id, period.start, period.end),
        ],
        [
            _("Actielijnen met rapportage te laat (op %(date)s)") % {"date": long_date(period.end)},
            network_kpis.reports_overdue(region_id, period.end),
        ],
        [
            _("Actieve partnerorganisaties"),
            network_kpis.partners_active(region_id, period.start, period.end),
        ],
        [_("Platformbijeenkomsten gehouden"), meetings["meetings"]],
        [_("Aanwezige organisaties (opgeteld over de bijeenkomsten)"), meetings["attendances"]],
    ]
    section.figures.append(
        Figure(
            Table(
                key="netwerk",
                title=_("Het netwerk in %(period)s") % {"period": period.label},
                columns=[Column("what", _("Wat")), Column("count", _("Aantal"), COUNT)],
                rows=rows,
                note=_(
                    "Actief: gecommitteerd aan een lopende actielijn of aanwezig bij een "
                    "platformbijeenkomst in de periode."
                ),
            ),
            charts.ChartSpec("what", ("count",)),
        )
    )


# --- experiments ------------------------------------------------------------------------------


def _experiments(section: Section, scope: Scope, period: Period) -> None:
    if not grants_kpis.applications_available():
        section.available = False
        _unavailable(section, _("Aanvragen, besluiten en budget van de experimenten"))
        return
    region_id = scope.region.pk
    figures = grants_kpis.applications(region_id, period.start, period.end)
    if scope.municipality is not None:
        section.notes.append(
            _("Aanvragen en besluiten zijn van de regeling(en) van de hele regio %(region)s.")
            % {"region": scope.region.name}
        )
    section.figures.append(
        Figure(
            Table(
                key="aanvragen",
                title=_("Aanvragen en besluiten, %(period)s") % {"period": period.label},
                columns=[
                    Column("what", _("Wat")),
                    Column("count", _("Aantal"), COUNT),
                    Column("amount", _("Bedrag"), MONEY),
                ],
                rows=[
                    [_("Aanvragen ingediend"), figures["submitted"], None],
                    [_("Toegekend (geheel of deels)"), figures["awards"], figures["awarded"]],
                    [_("Afgewezen"), figures["refusals"], None],
                ],
            ),
            charts.ChartSpec("what", ("count",)),
        )
    )
    years = range(period.start.year, period.end.year + 1)
    ledger = grants_kpis.ledger_by_municipality(region_id, years, scope.ids)
    rows = [
        [
            f"{r['municipality']} {r['year']}",
            r["scheme"],
            r["available"],
            r["committed"],
            r["paid"],
            r["free"],
        ]
        for r in ledger
    ]
    footer = []
    if rows:
        footer = [
            [_("Totaal"), "", *[sum((row[i] for row in rows), Decimal(0)) for i in range(2, 6)]]
        ]
    section.figures.append(
        Figure(
            Table(
                key="budget",
                title=_("Budget per gemeente en jaar"),
                columns=[
                    Column("municipality_year", _("Gemeente en jaar")),
                    Column("scheme", pgettext("subsidie", "Regeling")),
                    Column("available", _("Beschikbaar"), MONEY),
                    Column("committed", _("Verplicht"), MONEY),
                    Column("paid", _("Betaald"), MONEY),
                    Column("free", _("Vrij"), MONEY),
                ],
                rows=rows,
                footer=footer,
                note=_(
                    "Uit het budgetgrootboek; verplicht is na vrijval, betaald na terugbetaling."
                ),
            ),
            charts.ChartSpec("municipality_year", ("committed", "paid", "free")) if rows else None,
        )
    )


BUILDERS = {
    "work": _work,
    "participation": _participation,
    "switching": _switching,
    "network": _network,
    "experiments": _experiments,
}
