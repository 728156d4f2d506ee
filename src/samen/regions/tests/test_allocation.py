"""Domain rules of the allocation keys (verdeelsleutels), including the seeds' tables."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.regions.models import AllocationKey
from samen.regions.services import (
    AllocationError,
    allocate,
    parse_amount,
    share_percentage,
    split_amount,
)

from .factories import AllocationKeyFactory, MunicipalityFactory, PopulationFigureFactory

SEED_POPULATION = {"Cranendonck": 20500, "Nederweert": 17000, "Weert": 49500}


@pytest.mark.parametrize(
    "total, expected",
    [
        # Seed 000: experimenteerruimte per year and the aanjager in 2019, 2020 and over 2019-2021.
        (100000, {"Cranendonck": 23563, "Nederweert": 19540, "Weert": 56897}),
        (34000, {"Cranendonck": 8011, "Nederweert": 6644, "Weert": 19345}),
        (68000, {"Cranendonck": 16023, "Nederweert": 13287, "Weert": 38690}),
    ],
)
def test_population_split_reproduces_seed_tables(total, expected):
    weights = {name: Decimal(n) for name, n in SEED_POPULATION.items()}
    parts = split_amount(Decimal(total), weights)
    assert parts == {name: Decimal(amount) for name, amount in expected.items()}


def test_equal_split_of_orientation_budget_over_two_municipalities():
    # Seed 002: EUR 137,250 "evenredig verdeeld over de twee deelnemende gemeenten".
    assert split_amount(Decimal(137250), {"Nederweert": Decimal(1), "Weert": Decimal(1)}) == {
        "Nederweert": Decimal(68625),
        "Weert": Decimal(68625),
    }


def test_shares_match_the_seed_percentages():
    total = sum(SEED_POPULATION.values())
    shares = {name: share_percentage(n, total) for name, n in SEED_POPULATION.items()}
    assert shares == {
        "Cranendonck": Decimal("23.6"),
        "Nederweert": Decimal("19.5"),
        "Weert": Decimal("56.9"),
    }


def test_total_with_cents_is_split_in_cents():
    parts = split_amount(Decimal("100.01"), {"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)})
    assert sum(parts.values()) == Decimal("100.01")
    assert sorted(parts.values()) == [Decimal("33.33"), Decimal("33.34"), Decimal("33.34")]


def test_remainder_ties_go_to_larger_weight_then_first():
    parts = split_amount(Decimal(1), {"a": Decimal(1), "b": Decimal(1)})
    assert parts == {"a": Decimal(1), "b": Decimal(0)}


@pytest.mark.parametrize(
    "weights, message",
    [
        ({}, "geen gemeenten"),
        ({"a": Decimal(0)}, "nul"),
        ({"a": Decimal(-1), "b": Decimal(2)}, "negatief"),
    ],
)
def test_split_refuses_unusable_weights(weights, message):
    with pytest.raises(AllocationError, match=message):
        split_amount(Decimal(100), weights)


amounts = st.decimals(
    min_value=0, max_value=Decimal("1e11"), places=2, allow_nan=False, allow_infinity=False
)
weight_maps = st.dictionaries(
    st.text(min_size=1, max_size=5),
    st.integers(min_value=0, max_value=10_000_000).map(Decimal),
    min_size=1,
    max_size=30,
).filter(lambda w: sum(w.values()) > 0)


@given(total=amounts, weights=weight_maps)
def test_parts_always_add_up_exactly_and_stay_within_one_unit_of_the_quota(total, weights):
    parts = split_amount(total, weights)
    assert sum(parts.values()) == total
    unit = Decimal(1) if total == total.to_integral_value() else Decimal("0.01")
    total_weight = sum(weights.values())
    for key, part in parts.items():
        quota = total * weights[key] / total_weight
        assert part >= 0
        assert abs(part - quota) < unit
        assert part % unit == 0


@given(total=amounts, weights=weight_maps)
def test_a_larger_weight_never_gets_less(total, weights):
    parts = split_amount(total, weights)
    for a in weights:
        for b in weights:
            if weights[a] > weights[b]:
                assert parts[a] >= parts[b]


@pytest.mark.parametrize(
    "raw, expected",
    [("100000", "100000.00"), ("34000.50", "34000.50"), (" 12 ", "12.00"), ("0", "0.00")],
)
def test_parse_amount_accepts_plain_decimals(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("100.000", "100000.00"),
        ("1.234,50", "1234.50"),
        ("€ 34.000", "34000.00"),
        ("12,5", "12.50"),
    ],
)
def test_parse_amount_reads_dutch_notation_from_forms(raw, expected):
    assert parse_amount(raw, dutch_notation=True) == Decimal(expected)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "Vul een bedrag in"),
        ("abc", "geen bedrag"),
        ("1e5", "geen bedrag"),
        ("NaN", "geen bedrag"),
        ("-5", "negatief"),
        ("1.234", "twee decimalen"),
        ("10000000000000", "te groot"),
    ],
)
def test_parse_amount_rejects_bad_input_with_a_clear_message(raw, message):
    with pytest.raises(AllocationError, match=message):
        parse_amount(raw)


def test_allocate_by_population_uses_the_region_figures(seed_region):
    result = allocate(seed_region, Decimal(100000), "population")
    assert [(line.municipality.name, line.amount) for line in result.lines] == [
        ("Cranendonck", Decimal(23563)),
        ("Nederweert", Decimal(19540)),
        ("Weert", Decimal(56897)),
    ]
    assert result.reference_date == date(2019, 1, 1)


def test_allocate_uses_the_figure_in_force_on_the_reference_date(seed_region):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    PopulationFigureFactory(municipality=weert, inhabitants=50000, reference_date=date(2021, 1, 1))
    old = allocate(seed_region, Decimal(100000), "population", on=date(2020, 6, 1))
    new = allocate(seed_region, Decimal(100000), "population")
    assert old.lines[2].amount == Decimal(56897)
    assert new.lines[2].weight == Decimal(50000)


def test_allocate_without_population_data_names_the_municipalities(seed_region):
    MunicipalityFactory(region=seed_region, name="Leudal", cbs_code="GM1640")
    with pytest.raises(AllocationError, match="Leudal"):
        allocate(seed_region, Decimal(100), "population")


def test_allocate_before_any_figure_exists_is_refused(seed_region):
    with pytest.raises(AllocationError, match="geen inwoneraantal"):
        allocate(seed_region, Decimal(100), "population", on=date(2018, 1, 1))


def test_allocate_equal_over_a_subset(seed_region):
    result = allocate(
        seed_region, Decimal(137250), "equal", municipality_codes=["GM0946", "gm0988"]
    )
    assert [(line.municipality.cbs_code, line.amount) for line in result.lines] == [
        ("GM0946", Decimal(68625)),
        ("GM0988", Decimal(68625)),
    ]


def test_allocate_refuses_municipalities_of_another_region(seed_region, other_region):
    with pytest.raises(AllocationError, match="GM1509"):
        allocate(seed_region, Decimal(100), "equal", municipality_codes=["GM1509"])


def test_stored_custom_key_uses_its_weights(seed_region):
    key = AllocationKeyFactory(region=seed_region, kind=AllocationKey.Kind.CUSTOM)
    for code, weight in [("GM1706", 1), ("GM0946", 1), ("GM0988", 2)]:
        key.weights.create(
            municipality=seed_region.municipalities.get(cbs_code=code), weight=weight
        )
    result = allocate(seed_region, Decimal(1000), str(key.uuid))
    assert [line.amount for line in result.lines] == [Decimal(250), Decimal(250), Decimal(500)]


def test_stored_key_of_another_region_is_unknown(seed_region, other_region):
    foreign = AllocationKeyFactory(region=other_region)
    with pytest.raises(AllocationError, match="Onbekende verdeelsleutel"):
        allocate(seed_region, Decimal(100), str(foreign.uuid))
    with pytest.raises(AllocationError, match="Onbekende verdeelsleutel"):
        allocate(seed_region, Decimal(100), "not-a-key")
