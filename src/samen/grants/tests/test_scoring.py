"""The scorecard aggregation: weights, 'not applicable' left out, knock-out dominates."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.grants.scoring import CriterionSpec, ScoreValue, aggregate

C1 = CriterionSpec("c1", "Stip op de horizon", Decimal(2))
C2 = CriterionSpec("c2", "Geen conflict", Decimal(1), knock_out=True, pass_mark=3)
C3 = CriterionSpec("c3", "Vernieuwend", Decimal(1))
CRITERIA = [C1, C2, C3]


def card(scores, threshold=Decimal(60), scale_max=5, criteria=CRITERIA):
    return aggregate(
        criteria, [ScoreValue(c, v) for c, v in scores], scale_max=scale_max, threshold=threshold
    )


def test_weighted_mean_as_percentage_of_the_scale():
    result = card([("c1", 5), ("c2", 4), ("c3", 2)])
    # (2*5 + 1*4 + 1*2) / 4 = 4.0 of 5 -> 80%
    assert result.total_percentage == Decimal("80.00")
    assert result.positive is True


def test_not_applicable_is_left_out_not_counted_as_zero():
    with_na = card([("c1", 4), ("c2", 4), ("c3", None)])
    without = card([("c1", 4), ("c2", 4)])
    assert with_na.total_percentage == without.total_percentage == Decimal("80.00")
    assert with_na.rows[2].not_applicable == 1 and with_na.rows[2].mean is None


def test_members_scores_are_averaged_per_criterion():
    result = card([("c1", 5), ("c1", 2), ("c2", 3), ("c2", 4), ("c3", 3)])
    assert result.rows[0].mean == Decimal("3.50")
    assert result.rows[1].mean == Decimal("3.50")


def test_failed_knock_out_means_negative_advice_whatever_the_rest():
    result = card([("c1", 5), ("c2", 2), ("c3", 5)])
    assert result.total_percentage > Decimal(60)
    assert result.knock_out_failed and result.positive is False
    assert result.failed_knock_outs == [C2]


def test_knock_out_passes_at_the_pass_mark():
    assert card([("c1", 5), ("c2", 3), ("c3", 5)]).knock_out_failed is False


def test_below_threshold_is_negative():
    result = card([("c1", 2), ("c2", 3), ("c3", 2)])
    assert result.positive is False and not result.knock_out_failed


def test_nothing_applicable_means_no_advice_yet():
    result = card([("c1", None), ("c3", None)])
    assert result.total_percentage is None and result.positive is None


def test_scores_outside_the_scale_are_refused():
    with pytest.raises(ValueError):
        card([("c1", 6)])
    with pytest.raises(ValueError):
        card([("unknown", 1)])


scores_strategy = st.lists(
    st.tuples(st.sampled_from(["c1", "c2", "c3"]), st.one_of(st.none(), st.integers(0, 5))),
    max_size=30,
)


@given(scores_strategy)
def test_total_stays_between_0_and_100(scores):
    result = card(scores)
    if result.total_percentage is not None:
        assert Decimal(0) <= result.total_percentage <= Decimal(100)


@given(scores_strategy, st.integers(min_value=1, max_value=10))
def test_adding_not_applicable_scores_changes_nothing(scores, extra):
    base = card(scores)
    padded = card(scores + [("c1", None)] * extra + [("c3", None)] * extra)
    assert padded.total_percentage == base.total_percentage
    assert padded.positive == base.positive


@given(scores_strategy)
def test_a_failed_knock_out_is_never_positive(scores):
    result = card(scores)
    if result.knock_out_failed:
        assert result.positive is False


@given(scores_strategy, st.integers(min_value=1, max_value=20))
def test_scaling_all_weights_changes_nothing(scores, factor):
    scaled = [
        CriterionSpec(c.key, c.title, c.weight * factor, c.knock_out, c.pass_mark) for c in CRITERIA
    ]
    assert card(scores).total_percentage == card(scores, criteria=scaled).total_percentage
