"""Quick scan (issue 8 E): before/after around a change, with known answers."""

from datetime import date
from decimal import Decimal

import pytest

from samen.accounts.roles import Role
from samen.reporting import dashboards
from samen.reporting.kpis import participation as participation_kpis
from samen.reporting.quickscan import quick_scan, windows

pytestmark = pytest.mark.skipif(
    not participation_kpis.is_available(), reason="participation not migrated yet"
)
CHANGE = date(2021, 1, 1)  # the new local execution started (seed 004)


def test_windows_are_equally_long_on_both_sides():
    before, after = windows(CHANGE, 4)
    assert (before.start, before.end) == (date(2020, 9, 1), date(2020, 12, 31))
    assert (after.start, after.end) == (date(2021, 1, 1), date(2021, 4, 30))


@pytest.fixture
def outflow_rose(seed_region):
    """Weert: 20 on benefit before (2 to work), 20 after (6 to work)."""
    from samen.participation.models import BenefitEpisode
    from samen.participation.tests.factories import DossierFactory

    weert = seed_region.municipalities.get(cbs_code="GM0988")
    for number in range(20):
        dossier = DossierFactory(municipality=weert)
        if number < 2:  # left for work before the change
            ended, reason = date(2020, 11, 15), "work"
        elif number < 8:  # left for work after the change
            ended, reason = date(2021, 3, 1), "work"
        else:
            ended, reason = None, ""
        BenefitEpisode.objects.create(
            dossier=dossier,
            kind="bijstand",
            started_on=date(2019, 1, 1),
            ended_on=ended,
            end_reason=reason,
        )
    return weert


def test_outflow_before_and_after(outflow_rose):
    scan = quick_scan(dashboards.municipality_scope(outflow_rose), CHANGE, 4)
    row = scan.table.rows[0]
    assert row[0].startswith("Uitstroom naar werk")
    # Before: 20 on benefit, 2 to work ("<10", and the share with it); after: 18 on benefit
    # (the two who left before the change are gone), 6 to work.
    assert [str(v) for v in row[1:4]] == ["20", "<10", "<10"]
    assert [str(v) for v in row[4:7]] == ["18", "<10", "<10"]
    assert str(row[7]) == "<10"


def test_exact_shares_and_change_when_numbers_allow(seed_region):
    from samen.participation.models import BenefitEpisode
    from samen.participation.tests.factories import DossierFactory

    weert = seed_region.municipalities.get(cbs_code="GM0988")
    for number in range(60):
        ended, reason = None, ""
        if number < 10:
            ended, reason = date(2020, 10, 1), "work"
        elif number < 30:
            ended, reason = date(2021, 2, 1), "work"
        BenefitEpisode.objects.create(
            dossier=DossierFactory(municipality=weert),
            kind="bijstand",
            started_on=date(2019, 1, 1),
            ended_on=ended,
            end_reason=reason,
        )
    scan = quick_scan(dashboards.municipality_scope(weert), CHANGE, 4, "Nieuwe uitvoering")
    assert scan.table.rows[0][1:] == [
        60,
        10,
        Decimal("16.7"),
        50,
        20,
        Decimal("40.0"),
        Decimal("23.3"),
    ]
    assert scan.chart is not None


def test_quick_scan_page_api_and_download(outflow_rose, seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    query = {"change_on": "2021-01-01", "months": "4", "description": "Nieuwe uitvoering"}
    page = client.get(f"/rapportage/gemeente/{outflow_rose.uuid}/quickscan/", query)
    content = page.content.decode()
    assert "Nieuwe uitvoering" in content and "<table" in content
    csv = client.get(f"/rapportage/{seed_region.uuid}/quickscan/", {**query, "format": "csv"})
    assert "Uitstroom naar werk" in csv.content.decode("utf-8-sig")
    api = client.get(f"/api/v1/quick-scans/municipalities/{outflow_rose.uuid}", query).json()
    assert api["table"]["rows"][0]["base_before"] == 20
    assert api["table"]["rows"][0]["count_before"] == "<10"
    bad = client.get(f"/api/v1/quick-scans/regions/{seed_region.uuid}", {"months": "99"})
    assert bad.status_code == 400
