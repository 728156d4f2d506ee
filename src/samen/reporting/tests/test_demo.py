"""The reporting demo data (issue 8 F): seed 000's tables, seed 004's milestones, two letters."""

import io
import re
from datetime import date
from decimal import Decimal

from django.core.management import call_command

from samen.regions.models import Region
from samen.reporting import costs, demo, letters, milestones
from samen.reporting.models import CouncilLetter, Milestone, Programme


def test_demo_shows_the_seed_tables_milestones_and_letters(db, client, make_user):
    call_command("load_demo", stdout=io.StringIO())
    samen = Region.objects.get(name="Samen aan de slag")
    tables = {
        p.name: costs.cost_overview(p)
        for p in Programme.objects.filter(region=samen).select_related("allocation_key")
    }
    aanjager, experiments = tables["Aanjager"], tables["Experimenteerruimte"]
    rows = {row.municipality.name: row for row in aanjager.rows}
    assert [rows["Cranendonck"].amounts[y] for y in (2019, 2020, 2021)] == [8011, 16023, 16023]
    assert [rows["Nederweert"].amounts[y] for y in (2019, 2020, 2021)] == [6644, 13287, 13287]
    assert [rows["Weert"].amounts[y] for y in (2019, 2020, 2021)] == [19345, 38690, 38690]
    assert [r.total for r in aanjager.rows] == [40057, 33218, 96725]
    assert [aanjager.column_total(y) for y in (2019, 2020, 2021)] == [34000, 68000, 68000]
    assert aanjager.total == Decimal("170000")
    assert [r.total for r in experiments.rows] == [70689, 58620, 170691]
    assert {experiments.column_total(y) for y in (2019, 2020, 2021)} == {100000}
    assert experiments.total == Decimal("300000")

    oude = Region.objects.get(name="Oude IJsselstreek")
    seed_004 = Milestone.objects.filter(region=oude)
    titles = set(seed_004.values_list("title", flat=True))
    for title in (
        "Startnotitie vaststellen",
        "Uitvoeringsprincipes vaststellen",
        "Implementatieplan vaststellen",
        "Jaarplan 2021 vaststellen",
        "Evaluatie: quick scan (april/mei 2021)",
        "Evaluatie: quick scan (juli 2021)",
        "Evaluatie: eerste uitvoeringsjaar",
        "Informeren over voortgang (kwartaal 1 2020)",
    ):
        assert title in titles
    overdue = set(milestones.overdue(seed_004).values_list("title", flat=True))
    assert "Evaluatie: quick scan (juli 2021)" in overdue
    assert "Startnotitie vaststellen" not in overdue

    final = CouncilLetter.objects.get(region=samen, period="2021-H1")
    draft = CouncilLetter.objects.get(region=samen, period="2021-H2")
    assert final.is_final and not draft.is_final
    assert letters.sha256(letters.archived_pdf(final)) == final.pdf_sha256

    # Idempotent: loading again changes nothing that was archived.
    sha = final.pdf_sha256
    demo.load({"regions": {r.name: r for r in Region.objects.all()}})
    assert CouncilLetter.objects.filter(region=samen).count() == 2
    assert CouncilLetter.objects.get(pk=final.pk).pdf_sha256 == sha
    assert Programme.objects.filter(region=samen).count() == 2
    assert (
        milestones.status_of(
            Milestone.objects.get(title="Startnotitie vaststellen"), date(2026, 1, 1)
        )
        == milestones.DONE
    )


def test_demo_dashboard_of_a_municipality_shows_real_figures(db, client):
    """The participation demo has enough residents that the council member's own (and the
    smallest) demo municipality sees figures on the dashboard, not "<10" everywhere."""
    from samen.accounts.demo import load as load_accounts
    from samen.accounts.models import User
    from samen.conftest import login_verified
    from samen.participation import demo as participation_demo
    from samen.regions.demo import load as load_regions
    from samen.regions.models import Municipality

    context = {}
    load_regions(context)
    load_accounts(context)
    participation_demo.load(context)
    nederweert = Municipality.objects.get(cbs_code="GM0946")
    client = login_verified(client, User.objects.get(email="raadslid@samen.demo"))

    # The default period: the last complete half-year.
    data = client.get(f"/api/v1/dashboards/municipalities/{nederweert.uuid}").json()
    cells = {}
    for section in data["sections"]:
        for table in section["tables"]:
            persons = [c["key"] for c in table["columns"] if c["kind"] == "persons"]
            cells[table["key"]] = [
                row[k] for row in table["rows"] + table["footer"] for k in persons
            ]
    shown = {key: [v for v in values if isinstance(v, int)] for key, values in cells.items()}
    outflow = data["sections"][0]["tables"][0]["rows"][0]
    assert isinstance(outflow["on_benefit"], int) and outflow["on_benefit"] >= 100
    assert isinstance(outflow["outflow"], int) and isinstance(outflow["share"], str)
    assert len(shown["uitkeringsduur"]) == len(cells["uitkeringsduur"])  # every duration band
    assert len(shown["ladder"]) >= 6
    assert shown["ladderbeweging"] and shown["positieve-gezondheid"]
    every = [v for values in cells.values() for v in values]
    assert sum(isinstance(v, int) for v in every) >= 30

    page = client.get(
        f"/rapportage/gemeente/{nederweert.uuid}/dashboard/", {"section": "participation"}
    ).content.decode()
    # Rungs of the ladder with their number of residents, as the council member reads them.
    assert len(re.findall(r'data-column="persons">\d+</td>', page)) >= 6
