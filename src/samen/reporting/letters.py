"""The raadsinformatiebrief (council letter): compose, render to PDF, finalise and archive.

Seed 000: "Raadsleden worden hiervoor twee keer per jaar geïnformeerd middels een
raadsinformatiebrief". The letter goes from one college (its letterhead) to the councils of the
region and holds: the 2022 goal (seed 003), progress per action line from the frozen half-yearly
reports, the experiments and the budget, the KPIs (suppressed, with charts and tables) and the
decisions ahead. The controller writes the introduction and edits the texts; finalising freezes
the letter: its content (``snapshot``), the PDF and the PDF's SHA-256 are stored, and from then on
the stored file is served — a final letter is never rendered again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.regions.policies import get_policy

from . import charts, costs, dashboards, milestones
from .kpis import network as network_kpis
from .models import CouncilLetter, Milestone, Programme
from .periods import Period, parse_period
from .policies import LETTERHEAD_LINE, SIGNATORY
from .tables import Column, Suppressed, Table, json_cell

#: Seed 003 (and 000): the stip op de horizon.
GOAL_2022 = (
    "In 2022 zorgen wij ervoor dat iedereen: meetelt, meedoet en naar eigen kracht bijdraagt. "
    "Alle talenten komen tot ontwikkeling; voor het individu en voor de samenleving."
)
GOAL_POINTS = ("Meetelt;", "Meedoet;", "Naar eigen kracht bijdraagt.")
KPI_SECTIONS = ("work", "participation", "switching", "network")
TRAFFIC_LIGHTS = {
    "green": "groen – op koers",
    "orange": "oranje – aandacht nodig",
    "red": "rood – loopt vast",
}
LINE_STATUSES = {"active": "actief", "paused": "gepauzeerd", "ended": "beëindigd"}


class LetterError(Exception):
    """The letter cannot be changed or finalised; the message is fit to show to the user."""


# --- tables in and out of the snapshot --------------------------------------------------------


def table_to_dict(table: Table) -> dict:
    def cells(rows):
        return [[json_cell(v, c) for v, c in zip(row, table.columns, strict=True)] for row in rows]

    return {
        "key": table.key,
        "title": table.title,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
        "rows": cells(table.rows),
        "footer": cells(table.footer),
        "note": table.note,
        "suppressed_cells": table.suppressed_cells,
    }


def table_from_dict(data: dict) -> Table:
    columns = [Column(c["key"], c["label"], c["kind"]) for c in data["columns"]]

    def value(raw, column):
        if raw in ("<10", "x"):
            return Suppressed(raw)
        if raw is None or column.kind == "text" or isinstance(raw, int):
            return raw
        return Decimal(raw)

    def cells(rows):
        return [[value(v, c) for v, c in zip(row, columns, strict=True)] for row in rows]

    return Table(
        key=data["key"],
        title=data["title"],
        columns=columns,
        rows=cells(data["rows"]),
        footer=cells(data["footer"]),
        note=data["note"],
        suppressed_cells=data["suppressed_cells"],
    )


def _figure(table: Table, spec: charts.ChartSpec | None) -> dict:
    return {
        "table": table_to_dict(table),
        "chart": {"label": spec.label, "values": list(spec.values)} if spec else None,
    }


# --- composing --------------------------------------------------------------------------------


def default_subject(region, period: Period) -> str:
    return _("Voortgang %(region)s – %(period)s") % {"region": region.name, "period": period.label}


def default_introduction(region, period: Period) -> str:
    return _(
        "Zoals toegezegd informeren wij u twee keer per jaar over de voortgang van %(region)s. "
        "Deze brief gaat over het %(period)s: wat de actielijnen hebben bereikt, hoe de "
        "experimenteerruimte is ingezet, wat de cijfers laten zien en welke besluiten eraan komen."
    ) % {"region": region.name, "period": period.label}


def compose(letter: CouncilLetter) -> dict:
    """Everything the letter shows, computed now, as JSON-safe data (the snapshot on finalising)."""
    region, municipality = letter.region, letter.municipality
    period = parse_period(letter.period)
    scope = dashboards.region_scope(region)
    sections = []
    for key in KPI_SECTIONS:
        section = dashboards.build_section(key, scope, period, with_charts=False)
        sections.append(_section_dict(section))
    experiments = _section_dict(
        dashboards.build_section("experiments", scope, period, with_charts=False)
    )
    return {
        "letterhead": {
            "municipality": municipality.name,
            "line": get_policy(municipality, LETTERHEAD_LINE, letter.letter_date),
        },
        "addressees": [m.name for m in scope.municipalities],
        "region": region.name,
        "date": letter.letter_date.isoformat(),
        "subject": letter.subject,
        "period": {
            "code": period.code,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "introduction": letter.introduction,
        "goal": {"text": GOAL_2022, "points": list(GOAL_POINTS)},
        "action_lines": _action_lines(region, period),
        "experiments": experiments,
        "costs": _costs(region),
        "kpis": sections,
        "decisions": _decisions(region, letter.letter_date),
        "decisions_text": letter.decisions_text,
        "closing": letter.closing,
        "signatory": get_policy(municipality, SIGNATORY, letter.letter_date),
        "composed_at": timezone.now().isoformat(),
    }


def _section_dict(section: dashboards.Section) -> dict:
    return {
        "key": section.key,
        "title": section.title,
        "available": section.available,
        "unavailable": section.unavailable,
        "notes": section.notes,
        "figures": [_figure(f.table, f.chart_spec) for f in section.figures],
    }


def _action_lines(region, period: Period) -> list[dict]:
    if not network_kpis.is_available():
        return []
    rows = network_kpis.frozen_reports(region.pk, period.start, period.end)
    for row in rows:
        row["status_label"] = LINE_STATUSES.get(row["status"], row["status"])
        report = row["report"]
        if report:
            report["traffic_light_label"] = TRAFFIC_LIGHTS.get(report["traffic_light"], "")
            report["period_start"] = (
                report["period_start"].isoformat() if report["period_start"] else None
            )
            report["period_end"] = (
                report["period_end"].isoformat() if report["period_end"] else None
            )
            report["submitted_at"] = (
                timezone.localtime(report["submitted_at"]).date().isoformat()
                if report["submitted_at"]
                else None
            )
    return rows


def _costs(region) -> list[dict]:
    programmes = Programme.objects.filter(region=region).select_related("allocation_key__region")
    result = []
    for overview in costs.cost_overviews(programmes.order_by("name")):
        table = costs.budget_table(overview)
        spec = charts.ChartSpec("municipality", tuple(f"y{y}" for y in overview.years))
        figures = [_figure(table, spec)]
        actuals = costs.actuals_table(overview)
        if actuals is not None:
            figures.append(_figure(actuals, None))
        result.append(
            {
                "name": overview.programme.name,
                "decision": overview.programme.decision_reference,
                "figures": figures,
            }
        )
    return result


def _decisions(region, day: date) -> list[dict]:
    rows = milestones.decisions_ahead(
        Milestone.objects.filter(region=region).select_related("municipality"), day
    )
    return [
        {
            "title": row.milestone.title,
            "municipality": row.milestone.municipality.name if row.milestone.municipality else "",
            "when": row.when,
            "due_on": row.milestone.due_on.isoformat(),
            "who": ", ".join(step.label for step in row.steps),
            "status": row.status_label,
        }
        for row in rows
    ]


# --- rendering --------------------------------------------------------------------------------


@dataclass
class RenderedFigure:
    table: Table
    chart: object


def _figures(figures: list[dict], prefix: str) -> list[RenderedFigure]:
    result = []
    for number, figure in enumerate(figures):
        table = table_from_dict(figure["table"])
        chart = None
        if figure["chart"]:
            spec = charts.ChartSpec(figure["chart"]["label"], tuple(figure["chart"]["values"]))
            chart = charts.bar_chart(table, spec, f"{prefix}-{number}")
        result.append(RenderedFigure(table, chart))
    return result


def render_context(content: dict, *, draft: bool) -> dict:
    """The template context for a letter's content (live for a draft, a snapshot when final)."""
    return {
        "content": content,
        "draft": draft,
        "letter_date": date.fromisoformat(content["date"]),
        "period_start": date.fromisoformat(content["period"]["start"]),
        "period_end": date.fromisoformat(content["period"]["end"]),
        "addressees": _join(content["addressees"]),
        "experiments": {
            **content["experiments"],
            "rendered": _figures(content["experiments"]["figures"], "exp"),
        },
        "costs": [
            {**programme, "rendered": _figures(programme["figures"], f"cost{n}")}
            for n, programme in enumerate(content["costs"])
        ],
        "kpis": [
            {**section, "rendered": _figures(section["figures"], f"kpi-{section['key']}")}
            for section in content["kpis"]
        ],
    }


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " " + _("en") + " " + names[-1]


def render_html(content: dict, *, draft: bool) -> str:
    return render_to_string("reporting/letter/pdf.html", render_context(content, draft=draft))


def render_pdf(content: dict, *, draft: bool) -> bytes:
    """The letter as PDF (WeasyPrint is imported here, not at start-up: it loads Pango)."""
    import logging

    # WeasyPrint reports every step (also while importing) at INFO; only warnings belong in the log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint

    return weasyprint.HTML(string=render_html(content, draft=draft)).write_pdf()


def draft_pdf(letter: CouncilLetter) -> bytes:
    """A draft rendered from today's figures, marked CONCEPT on every page."""
    if letter.is_final:
        raise LetterError(_("Deze brief is definitief; gebruik het gearchiveerde bestand."))
    return render_pdf(compose(letter), draft=True)


# --- finalising and the archive ----------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def finalise(letter: CouncilLetter, user, expected_version: int | None = None) -> CouncilLetter:
    """Freeze the letter: store its content, its PDF and the PDF's hash, once.

    The row is locked, so two controllers pressing the button at once produce one archived
    letter; a second call on a final letter changes nothing.
    """
    with transaction.atomic():
        locked = CouncilLetter.objects.select_for_update().get(pk=letter.pk)
        if locked.is_final:
            return locked
        if expected_version is not None and locked.version != expected_version:
            raise LetterError(
                _(
                    "De brief is intussen gewijzigd. Bekijk de nieuwe tekst en maak hem dan definitief."
                )
            )
        content = compose(locked)
        pdf = render_pdf(content, draft=False)
        locked.snapshot = content
        locked.pdf_sha256 = sha256(pdf)
        name = f"raadsinformatiebrief-{locked.period}-{locked.municipality.name}.pdf"
        locked.pdf.save(name, ContentFile(pdf), save=False)
        locked.status = CouncilLetter.Status.FINAL
        locked.finalised_at = timezone.now()
        locked.finalised_by = user
        locked.version += 1
        locked.save()
    return locked


def archived_pdf(letter: CouncilLetter) -> bytes:
    """The stored PDF of a final letter, checked against its hash."""
    if not letter.is_final:
        raise LetterError(_("Deze brief is nog een concept."))
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    if sha256(data) != letter.pdf_sha256:
        raise LetterError(
            _("Het gearchiveerde bestand klopt niet meer met de vastgelegde controlewaarde.")
        )
    return data
