"""The reporting API: cost overviews and milestones as JSON, scoped by the permission layer."""

from datetime import date
from decimal import Decimal

import pytest
from freezegun import freeze_time

from samen.accounts.roles import Role
from samen.regions.models import AllocationKey
from samen.regions.tests.factories import AllocationKeyFactory

from .factories import MilestoneFactory, ProgrammeFactory


@pytest.fixture
def aanjager(seed_region):
    key = AllocationKeyFactory(region=seed_region, kind=AllocationKey.Kind.POPULATION)
    return ProgrammeFactory(
        region=seed_region,
        name="Aanjager",
        budgeting="total",
        amount=Decimal("170000"),
        starts_on=date(2019, 7, 1),
        ends_on=date(2021, 12, 31),
        allocation_key=key,
    )


def test_programme_costs_are_the_seed_figures_as_decimal_strings(seed_region, aanjager, client_as):
    client = client_as(Role.COUNCIL_MEMBER, seed_region.municipalities.get(cbs_code="GM0946"))
    data = client.get(f"/api/v1/programmes/{aanjager.uuid}/costs").json()
    assert data["total"] == "170000.00"
    assert [y["amount"] for y in data["years"]] == ["34000.00", "68000.00", "68000.00"]
    weert = next(row for row in data["rows"] if row["cbs_code"] == "GM0988")
    assert [y["amount"] for y in weert["years"]] == ["19345.00", "38690.00", "38690.00"]
    assert weert["total"] == "96725.00"
    assert weert["share_percentage"] == "56.9"
    assert data["actuals_state"] == "none"


def test_programme_list_is_scoped_to_the_users_region(
    seed_region, other_region, aanjager, client_as, django_assert_max_num_queries
):
    ProgrammeFactory(region=other_region)
    client = client_as(Role.CONTROLLER, seed_region)
    with django_assert_max_num_queries(15):
        data = client.get("/api/v1/programmes").json()
    assert [p["name"] for p in data["results"]] == ["Aanjager"]


def test_programme_of_another_region_is_a_404(other_region, seed_region, client_as):
    programme = ProgrammeFactory(region=other_region)
    client = client_as(Role.CONTROLLER, seed_region)
    assert client.get(f"/api/v1/programmes/{programme.uuid}/costs").status_code == 404


def test_partners_do_not_read_costs(seed_region, aanjager, client_as):
    client = client_as(Role.PARTNER, seed_region)
    assert client.get("/api/v1/programmes").status_code == 403


@freeze_time("2021-08-15")
def test_milestones_carry_their_derived_status_and_filter_on_overdue(
    seed_region, client_as, django_assert_max_num_queries
):
    MilestoneFactory(region=seed_region, title="Quick scan juli", due_on=date(2021, 7, 31))
    MilestoneFactory(
        region=seed_region,
        title="Quick scan april/mei",
        college_on=date(2021, 5, 25),
    )
    MilestoneFactory(
        region=seed_region,
        title="Eerste uitvoeringsjaar",
        window_starts_on=date(2022, 1, 1),
        due_on=date(2022, 2, 28),
    )
    client = client_as(Role.CONTROLLER, seed_region)
    with django_assert_max_num_queries(15):
        data = client.get("/api/v1/milestones").json()
    statuses = {m["title"]: m["status"] for m in data["results"]}
    assert statuses == {
        "Quick scan juli": "overdue",
        "Quick scan april/mei": "done",
        "Eerste uitvoeringsjaar": "planned",
    }
    overdue = client.get("/api/v1/milestones", {"status": "overdue"}).json()
    assert [m["title"] for m in overdue["results"]] == ["Quick scan juli"]
    planned = client.get("/api/v1/milestones", {"status": "planned"}).json()
    assert [m["title"] for m in planned["results"]] == ["Eerste uitvoeringsjaar"]
