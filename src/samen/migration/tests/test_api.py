"""The read API of import runs: same rules as the pages."""

import pytest
from rest_framework.test import APIClient

from samen.accounts.roles import Role
from samen.conftest import login_verified
from samen.migration.models import ImportRowResult, Outcome

from .factories import ImportRunFactory, with_results


@pytest.fixture
def api_as(make_user):
    def login(role, scope):
        client = APIClient()
        login_verified(client, make_user(role, scope))
        return client

    return login


def test_list_and_detail_with_counts_per_sheet(api_as, gm1509, django_assert_max_num_queries):
    run = with_results(ImportRunFactory(municipality=gm1509))
    for _ in range(5):
        with_results(ImportRunFactory(municipality=gm1509))
    client = api_as(Role.ADMIN, gm1509)
    with django_assert_max_num_queries(15):
        listing = client.get("/api/v1/import-runs/")
    assert listing.status_code == 200 and listing.json()["count"] == 6
    detail = client.get(f"/api/v1/import-runs/{run.uuid}/").json()
    assert detail["municipality"] == "GM1509"
    assert detail["sheets"] == [
        {
            "name": "personen",
            "source_label": "",
            "details": "",
            "rows_read": 3,
            "empty_lines": 1,
            "created": 2,
            "updated": 0,
            "unchanged": 0,
            "rejected": 1,
            "warnings": 0,
            "balanced": True,
            "notices": [],
        }
    ]
    assert "export_file" not in detail and "summary" not in detail


def test_rows_that_need_attention(api_as, gm1509):
    run = with_results(ImportRunFactory(municipality=gm1509))
    ImportRowResult.objects.create(
        run=run, sheet="voorzieningen", line=4, outcome=Outcome.CREATED, warnings=["let op"]
    )
    client = api_as(Role.ADMIN, gm1509)
    rejected = client.get(f"/api/v1/import-runs/{run.uuid}/rows/").json()["results"]
    assert rejected == [
        {
            "sheet": "personen",
            "line": 5,
            "outcome": "r",
            "reasons": ["BSN 123456780 voldoet niet aan de 11-proef"],
            "warnings": [],
        }
    ]
    warned = client.get(f"/api/v1/import-runs/{run.uuid}/rows/?outcome=warning").json()["results"]
    assert [(r["sheet"], r["line"]) for r in warned] == [("voorzieningen", 4)]
    assert (
        client.get(f"/api/v1/import-runs/{run.uuid}/rows/?sheet=metingen").json()["results"] == []
    )
    assert "raw" not in rejected[0]  # the row as delivered (with its BSN) is only in the download


def test_other_municipality_is_a_404_and_other_roles_a_403(api_as, gm1509, seed_region):
    run = with_results(ImportRunFactory(municipality=gm1509))
    weert_admin = api_as(Role.ADMIN, seed_region.municipalities.get(cbs_code="GM0988"))
    assert weert_admin.get("/api/v1/import-runs/").json()["count"] == 0
    assert weert_admin.get(f"/api/v1/import-runs/{run.uuid}/").status_code == 404
    assert weert_admin.get(f"/api/v1/import-runs/{run.uuid}/rows/").status_code == 404
    case_worker = api_as(Role.CASE_WORKER, gm1509)
    assert case_worker.get("/api/v1/import-runs/").status_code == 403
    assert case_worker.get(f"/api/v1/import-runs/{run.uuid}/").status_code == 403
    assert APIClient().get("/api/v1/import-runs/").status_code == 403


def test_the_api_is_read_only(api_as, gm1509):
    run = with_results(ImportRunFactory(municipality=gm1509))
    client = api_as(Role.ADMIN, gm1509)
    assert client.post("/api/v1/import-runs/", {}).status_code == 405
    assert client.delete(f"/api/v1/import-runs/{run.uuid}/").status_code == 405
