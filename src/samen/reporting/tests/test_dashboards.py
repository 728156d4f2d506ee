"""Dashboard pages and API (issue 8 C): sections, charts with tables, downloads, scope, queries."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from samen.accounts.roles import Role
from samen.reporting import dashboards
from samen.reporting.kpis import participation as participation_kpis
from samen.reporting.periods import parse_period

needs_participation = pytest.mark.skipif(
    not participation_kpis.is_available(), reason="participation not migrated yet"
)


@pytest.fixture
def many_outflows(seed_region):
    """Weert: 40 residents on benefit in 2021-H1, 12 of whom went to work (30,0%)."""
    if not participation_kpis.is_available():
        return None
    from samen.participation.models import BenefitEpisode
    from samen.participation.tests.factories import DossierFactory

    weert = seed_region.municipalities.get(cbs_code="GM0988")
    for number in range(40):
        dossier = DossierFactory(municipality=weert)
        BenefitEpisode.objects.create(
            dossier=dossier,
            kind="bijstand",
            started_on=date(2020, 1, 1),
            ended_on=date(2021, 4, 1) if number < 12 else None,
            end_reason="work" if number < 12 else "",
        )
    return weert


def test_the_page_loads_each_section_separately(seed_region, client_as):
    client = client_as(Role.COUNCIL_MEMBER, seed_region.municipalities.get(cbs_code="GM0946"))
    response = client.get(f"/rapportage/{seed_region.uuid}/dashboard/", {"period": "2021-H1"})
    content = response.content.decode()
    assert response.status_code == 200
    for key in dashboards.SECTIONS:
        assert f'hx-get="?period=2021-H1&amp;section={key}"' in content
    assert "eerste halfjaar 2021" in content


@needs_participation
@pytest.mark.parametrize("key", list(dashboards.SECTIONS))
def test_each_section_has_a_table_for_every_chart_within_15_queries(
    key, seed_region, many_outflows, client_as, django_assert_max_num_queries
):
    client = client_as(Role.CONTROLLER, seed_region)
    with django_assert_max_num_queries(15):
        response = client.get(
            f"/rapportage/{seed_region.uuid}/dashboard/",
            {"period": "2021-H1", "section": key},
            HTTP_HX_REQUEST="true",
        )
    content = response.content.decode()
    assert "<html" not in content
    assert content.count("<svg") <= content.count("<table")
    assert content.count("<table") >= 1 or "nog niet beschikbaar" in content


@needs_participation
def test_municipality_dashboard_shows_exact_figures_above_the_threshold(
    seed_region, many_outflows, client_as
):
    client = client_as(Role.CASE_WORKER, many_outflows)
    response = client.get(
        f"/rapportage/gemeente/{many_outflows.uuid}/dashboard/",
        {"period": "2021-H1", "section": "work"},
    )
    content = response.content.decode()
    assert (
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data" data-column="on_benefit">40</td>'
        in content
    )
    assert "30,0%" in content


@needs_participation
def test_region_dashboard_suppresses_small_municipalities_everywhere(
    seed_region, many_outflows, client_as
):
    client = client_as(Role.CONTROLLER, seed_region)
    url = f"/rapportage/{seed_region.uuid}/dashboard/"
    page = client.get(url, {"period": "2021-H1", "section": "work"}).content.decode()
    assert 'data-suppressed="true"' in page
    csv = client.get(url, {"period": "2021-H1", "format": "csv"}).content.decode("utf-8-sig")
    assert "Cranendonck;<10;<10;<10" in csv
    assert "Weert;40;12;30,0" in csv
    workbook = load_workbook(
        io.BytesIO(client.get(url, {"period": "2021-H1", "format": "xlsx"}).content)
    )
    sheet = workbook.worksheets[0]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["Weert"][:2] == (40, 12)
    assert rows["Cranendonck"][:2] == ("<10", "<10")
    data = client.get(
        f"/api/v1/dashboards/regions/{seed_region.uuid}", {"period": "2021-H1", "section": "work"}
    ).json()
    outflow = data["sections"][0]["tables"][0]
    by_name = {row["municipality"]: row for row in outflow["rows"]}
    assert by_name["Weert"] == {
        "municipality": "Weert",
        "on_benefit": 40,
        "outflow": 12,
        "share": "30.0",
    }
    assert by_name["Nederweert"]["on_benefit"] == "<10"


def test_another_municipality_is_a_404_for_a_municipal_role(seed_region, client_as):
    nederweert = seed_region.municipalities.get(cbs_code="GM0946")
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    client = client_as(Role.COUNCIL_MEMBER, nederweert)
    assert client.get(f"/rapportage/gemeente/{weert.uuid}/dashboard/").status_code == 404
    assert client.get(f"/api/v1/dashboards/municipalities/{weert.uuid}").status_code == 404
    assert client.get(f"/rapportage/gemeente/{nederweert.uuid}/dashboard/").status_code == 200
    # The region's aggregate is open to a council member of one of its municipalities.
    assert client.get(f"/api/v1/dashboards/regions/{seed_region.uuid}").status_code == 200


def test_partners_and_residents_see_no_dashboards(seed_region, client_as):
    for role in (Role.PARTNER, Role.RESIDENT):
        client = client_as(role, seed_region)
        assert client.get(f"/rapportage/{seed_region.uuid}/dashboard/").status_code == 403
        assert client.get(f"/api/v1/dashboards/regions/{seed_region.uuid}").status_code == 403


def test_a_bad_period_is_explained_in_dutch(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    page = client.get(f"/rapportage/{seed_region.uuid}/dashboard/", {"period": "2021-H3"})
    assert "is geen periode" in page.content.decode()
    api = client.get(f"/api/v1/dashboards/regions/{seed_region.uuid}", {"period": "2021-H3"})
    assert api.status_code == 400


def test_api_dashboard_of_one_section_stays_within_15_queries(
    seed_region, client_as, django_assert_max_num_queries
):
    client = client_as(Role.STEERING_MEMBER, seed_region)
    for key in dashboards.SECTIONS:
        with django_assert_max_num_queries(15):
            response = client.get(
                f"/api/v1/dashboards/regions/{seed_region.uuid}",
                {"period": "2021-H1", "section": key},
            )
        assert response.status_code == 200
        assert response.json()["sections"][0]["key"] == key


def test_a_section_whose_module_is_missing_says_so(seed_region, monkeypatch):
    from samen.reporting.kpis import grants as grants_kpis

    monkeypatch.setattr(grants_kpis, "applications_available", lambda: False)
    section = dashboards.build_section(
        "experiments", dashboards.region_scope(seed_region), parse_period("2021-H1")
    )
    assert not section.available and not section.figures
    assert "nog niet beschikbaar" in section.unavailable[0]
