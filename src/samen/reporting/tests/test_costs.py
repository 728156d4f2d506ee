"""Cost overview (issue 8 A): seed 000's two tables to the euro, and the split's invariants."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.regions.models import AllocationKey
from samen.regions.tests.factories import AllocationKeyFactory
from samen.reporting import costs
from samen.reporting.models import Programme

from .factories import ProgrammeFactory

# Seed 000, "Overzicht kosten aanjager per gemeente (in €)" and "... experimenteerruimte ...".
AANJAGER = {
    "Cranendonck": ([8011, 16023, 16023], 40057),
    "Nederweert": ([6644, 13287, 13287], 33218),
    "Weert": ([19345, 38690, 38690], 96725),
}
AANJAGER_YEARS = [34000, 68000, 68000]
EXPERIMENTEERRUIMTE = {
    "Cranendonck": ([23563, 23563, 23563], 70689),
    "Nederweert": ([19540, 19540, 19540], 58620),
    "Weert": ([56897, 56897, 56897], 170691),
}
SHARES = {"Cranendonck": Decimal("23.6"), "Nederweert": Decimal("19.5"), "Weert": Decimal("56.9")}


@pytest.fixture
def seed_key(seed_region):
    return AllocationKeyFactory(
        region=seed_region,
        name="Aanjager en experimenteerruimte 2019-2021",
        kind=AllocationKey.Kind.POPULATION,
        reference_date=date(2019, 1, 1),
    )


def aanjager(region, key):
    return ProgrammeFactory(
        region=region,
        name="Aanjager",
        budgeting=Programme.Budgeting.TOTAL,
        amount=Decimal("170000"),
        starts_on=date(2019, 7, 1),
        ends_on=date(2021, 12, 31),
        allocation_key=key,
    )


def experimenteerruimte(region, key):
    return ProgrammeFactory(
        region=region,
        name="Experimenteerruimte",
        budgeting=Programme.Budgeting.PER_YEAR,
        amount=Decimal("100000"),
        allocation_key=key,
    )


def assert_table(overview, expected, year_totals):
    assert overview.years == [2019, 2020, 2021]
    by_name = {row.municipality.name: row for row in overview.rows}
    assert set(by_name) == set(expected)
    for name, (per_year, total) in expected.items():
        row = by_name[name]
        assert [row.amounts[y] for y in overview.years] == [Decimal(a) for a in per_year]
        assert row.total == Decimal(total)
        assert row.share_percentage == SHARES[name]
    assert [overview.column_total(y) for y in overview.years] == [Decimal(a) for a in year_totals]
    assert overview.total == sum(Decimal(a) for a in year_totals)


def test_aanjager_reproduces_seed_000_to_the_euro(seed_region, seed_key):
    overview = costs.cost_overview(aanjager(seed_region, seed_key))
    assert_table(overview, AANJAGER, AANJAGER_YEARS)
    assert overview.total == Decimal("170000")


def test_experimenteerruimte_reproduces_seed_000_to_the_euro(seed_region, seed_key):
    overview = costs.cost_overview(experimenteerruimte(seed_region, seed_key))
    assert_table(overview, EXPERIMENTEERRUIMTE, [100000, 100000, 100000])
    assert overview.total == Decimal("300000")


def test_weerts_share_of_both_programmes_is_the_seeds_267416(seed_region, seed_key):
    # "het aandeel van de gemeente Weert in deze kosten (in totaal € 267.416)"
    overviews = costs.cost_overviews(
        [aanjager(seed_region, seed_key), experimenteerruimte(seed_region, seed_key)]
    )
    weert = sum(r.total for o in overviews for r in o.rows if r.municipality.name == "Weert")
    assert weert == Decimal("267416")


def test_total_budget_is_split_over_the_years_by_months(seed_region, seed_key):
    programme = aanjager(seed_region, seed_key)
    assert costs.months_per_year(programme) == {2019: 6, 2020: 12, 2021: 12}
    assert costs.amounts_per_year(programme) == {
        2019: Decimal("34000"),
        2020: Decimal("68000"),
        2021: Decimal("68000"),
    }


def test_budget_table_has_the_seeds_layout(seed_region, seed_key):
    table = costs.budget_table(costs.cost_overview(aanjager(seed_region, seed_key)))
    assert [c.label for c in table.columns] == [
        "Gemeente",
        "Aantal inwoners",
        "%",
        "2019",
        "2020",
        "2021",
        "Totaal",
    ]
    assert table.rows[0][:3] == ["Cranendonck", Decimal(20500), Decimal("23.6")]
    assert table.footer[0][3:] == [Decimal(34000), Decimal(68000), Decimal(68000), Decimal(170000)]


def test_without_a_linked_scheme_there_are_no_actuals(seed_region, seed_key):
    overview = costs.cost_overview(experimenteerruimte(seed_region, seed_key))
    assert overview.actuals_state == "none"
    assert costs.actuals_table(overview) is None


def test_a_scheme_that_does_not_exist_is_reported_unavailable(seed_region, seed_key):
    programme = experimenteerruimte(seed_region, seed_key)
    programme.grant_scheme_uuid = "0b0e9a36-1d56-4c8a-9f6c-6b2f8f0f2a11"
    overview = costs.cost_overview(programme)
    assert overview.actuals_state == "unavailable"


def test_two_programmes_with_one_key_load_the_key_once(
    seed_region, seed_key, django_assert_max_num_queries
):
    programmes = [aanjager(seed_region, seed_key), experimenteerruimte(seed_region, seed_key)]
    for programme in programmes:
        programme.allocation_key = seed_key  # as select_related delivers it
    with django_assert_max_num_queries(3):
        costs.cost_overviews(programmes)


@settings(max_examples=40, deadline=None)
@given(
    amount=st.integers(min_value=0, max_value=10_000_000),
    start_month=st.integers(min_value=1, max_value=12),
    years=st.integers(min_value=1, max_value=4),
    per_year=st.booleans(),
)
@pytest.mark.django_db
def test_rows_and_columns_always_add_up_to_the_total(amount, start_month, years, per_year):
    from samen.regions.tests.factories import (
        MunicipalityFactory,
        PopulationFigureFactory,
        RegionFactory,
    )

    region = RegionFactory(name="Hypothese")
    if not region.municipalities.exists():
        for inhabitants in (20500, 17000, 49500, 1234):
            PopulationFigureFactory(
                municipality=MunicipalityFactory(region=region), inhabitants=inhabitants
            )
    key = AllocationKey.objects.get_or_create(
        region=region, name="inwoners", defaults={"kind": AllocationKey.Kind.POPULATION}
    )[0]
    programme = Programme(
        region=region,
        name="p",
        budgeting=Programme.Budgeting.PER_YEAR if per_year else Programme.Budgeting.TOTAL,
        amount=Decimal(amount),
        starts_on=date(2020, start_month, 1),
        ends_on=date(2020 + years - 1, 12, 31),
        allocation_key=key,
    )
    overview = costs.cost_overview(programme)
    grand = Decimal(amount) * (years if per_year else 1)
    assert overview.total == grand
    assert sum(row.total for row in overview.rows) == grand
    for year in overview.years:
        assert overview.column_total(year) == overview.year_amounts[year]
        assert all(
            row.amounts[year] == row.amounts[year].to_integral_value() for row in overview.rows
        )
