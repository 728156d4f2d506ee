"""The engine, factor by factor, on small hand-made arrays (no database), and against a plain
per-pair Python implementation on generated data."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.matching import population, reference, scoring
from samen.matching.scoring import (
    BLOCK_HOURS,
    BLOCK_LIMITATION,
    BLOCK_REGION,
    BLOCK_REGISTER,
    BLOCK_UWV_ADVICE,
    BLOCK_WSW_RIGHTS,
    KIND_INDEX,
    Opportunities,
    Residents,
    Weights,
    incidence,
)

T, L = 10, 5  # talents and limitation categories in the toy vocabulary


def residents(rows, **overrides):
    n = len(rows)
    values = {
        "talents": incidence(rows, T),
        "limitations": incidence(overrides.pop("limitations", [set()] * n), L),
        "hours": np.array(overrides.pop("hours", [20.0] * n), dtype=np.float32),
        "municipality": np.array(overrides.pop("municipality", [0] * n), dtype=np.int32),
        "current_rung": np.array(overrides.pop("current_rung", [0] * n), dtype=np.int8),
        "potential_rung": np.array(overrides.pop("potential_rung", [0] * n), dtype=np.int8),
        "in_register": np.array(overrides.pop("in_register", [False] * n)),
        "uwv_advice": np.array(overrides.pop("uwv_advice", [False] * n)),
        "wsw_rights": np.array(overrides.pop("wsw_rights", [False] * n)),
    }
    assert not overrides
    return Residents(**values)


def opportunities(asked, **overrides):
    m = len(asked)
    values = {
        "asked": incidence(asked, T),
        "taught": incidence(overrides.pop("taught", [set()] * m), T),
        "core_demands": incidence(overrides.pop("core", [set()] * m), L),
        "other_demands": incidence(overrides.pop("other", [set()] * m), L),
        "hours_min": np.array(overrides.pop("hours_min", [16] * m), dtype=np.float32),
        "hours_max": np.array(overrides.pop("hours_max", [24] * m), dtype=np.float32),
        "municipality": np.array(overrides.pop("municipality", [0] * m), dtype=np.int32),
        "kind": np.array(
            [KIND_INDEX[k] for k in overrides.pop("kind", ["paid"] * m)], dtype=np.int8
        ),
        "job_coach": np.array(overrides.pop("job_coach", [False] * m)),
        "places": np.array(overrides.pop("places", [1] * m)),
    }
    assert not overrides
    return Opportunities(**values)


REACH = scoring.reach_matrix(np.array([0, 0, 1]), 0.7)  # municipalities 0, 1 in region 0; 2 apart


def factors(r, o, weights=scoring.DEFAULT_WEIGHTS):
    return scoring.score(r, o, REACH, weights, with_factors=True)


# --- Talents and learning ---------------------------------------------------------------------


def test_talent_factor_is_the_share_of_asked_talents_the_resident_has():
    block = factors(residents([{0, 1, 7}]), opportunities([{0, 1, 2, 3}, {5}, set()]))
    assert block.factors["talent"][0].tolist() == pytest.approx([0.5, 0.0, 0.5])


def test_a_missing_talent_the_place_teaches_counts_for_the_learnable_credit():
    r = residents([{0}])
    o = opportunities([{0, 1}, {0, 1}], taught=[{1}, set()])
    block = factors(r, o, Weights(learnable_credit=0.5))
    assert block.factors["talent"][0].tolist() == pytest.approx([0.75, 0.5])
    assert block.factors["learnable"][0].tolist() == [1, 0]


def test_learning_factor_counts_new_talents_up_to_the_saturation():
    r = residents([{0, 1}])
    o = opportunities([set()] * 3, taught=[{0, 1}, {2}, {2, 3, 4, 5, 6}])
    block = factors(r, o, Weights(learning_saturation=3))
    assert block.factors["learning"][0].tolist() == pytest.approx([0.0, 1 / 3, 1.0])


# --- Hours ------------------------------------------------------------------------------------


def test_hours_fit_inside_the_range_fall_off_outside_and_block_far_below():
    r = residents([set()] * 5, hours=[20, 12, 8, 32, np.nan])
    o = opportunities([set()], hours_min=[16], hours_max=[24])
    block = factors(r, o, Weights(hours_tolerance=8))
    assert block.factors["hours"][:, 0].tolist() == pytest.approx([1.0, 0.5, 0.0, 0.5, 0.5])
    assert block.blocked[:, 0].tolist() == [0, 0, BLOCK_HOURS, 0, 0]


# --- Region -------------------------------------------------------------------------------------


def test_region_factor_follows_the_reach_and_blocks_unreachable_work():
    r = residents([set()], municipality=[0])
    o = opportunities([set()] * 3, municipality=[0, 1, 2])
    block = factors(r, o)
    assert block.factors["region"][0].tolist() == pytest.approx([1.0, 0.7, 0.0])
    assert block.blocked[0].tolist() == [0, 0, BLOCK_REGION]
    assert block.score[0, 2] == scoring.BLOCKED


def test_reach_matrix_is_one_within_a_municipality_and_zero_across_regions():
    reach = scoring.reach_matrix(np.array([0, 0, 1]), 0.6)
    assert reach.ravel().tolist() == pytest.approx([1, 0.6, 0, 0.6, 1, 0, 0, 0, 1])


# --- Kind and eligibility ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "current, potential, kind, expected",
    [
        (0, 0, "paid", 0.5),  # unknown rung
        (4, 5, "sheltered_work", 1.0),  # a step up within reach
        (5, 5, "job_guarantee", 1.0),  # stays where the resident can be
        (4, 6, "volunteering", 0.8),  # where the resident is now
        (5, 6, "volunteering", 0.4),  # a step back
        (3, 4, "paid", 0.25),  # two rungs too far (potential 4, paid is 6)
        (1, 1, "paid", 0.1),  # floor
    ],
)
def test_kind_factor_rewards_the_next_step_on_the_ladder(current, potential, kind, expected):
    r = residents([set()], current_rung=[current], potential_rung=[potential])
    block = factors(r, opportunities([set()], kind=[kind]))
    assert block.factors["kind"][0, 0] == pytest.approx(expected)


def test_garantiebaan_only_with_doelgroepregister_status():
    r = residents([set()] * 2, in_register=[False, True])
    block = factors(r, opportunities([set()], kind=["job_guarantee"]))
    assert block.blocked[:, 0].tolist() == [BLOCK_REGISTER, 0]
    assert block.score[0, 0] == scoring.BLOCKED and block.score[1, 0] > 0


def test_beschut_werk_needs_uwv_advice():
    r = residents([set()] * 2, uwv_advice=[False, True])
    block = factors(r, opportunities([set()], kind=["sheltered_work"]))
    assert block.blocked[:, 0].tolist() == [BLOCK_UWV_ADVICE, 0]


def test_wsw_is_closed_to_new_entrants():
    r = residents([set()] * 2, wsw_rights=[False, True])
    block = factors(r, opportunities([set()], kind=["wsw"]))
    assert block.blocked[:, 0].tolist() == [BLOCK_WSW_RIGHTS, 0]


@pytest.mark.parametrize("kind", ["paid", "learn_work", "volunteering", "work_daycare"])
def test_other_kinds_need_no_special_right(kind):
    block = factors(residents([set()]), opportunities([set()], kind=[kind]))
    assert block.blocked[0, 0] == 0


# --- Functional limitations ----------------------------------------------------------------------


def test_a_limitation_against_what_the_work_always_asks_blocks():
    r = residents([set()] * 2, limitations=[{1}, {2}])
    block = factors(r, opportunities([set()], core=[{1}]))
    assert block.blocked[:, 0].tolist() == [BLOCK_LIMITATION, 0]


def test_a_limitation_against_what_the_work_sometimes_asks_costs_a_penalty_a_job_coach_halves():
    r = residents([{0}], limitations=[{1, 2}])
    o = opportunities(
        [{0}] * 4, other=[set(), {1}, {1, 2}, {1}], job_coach=[False, False, False, True]
    )
    block = factors(r, o, Weights(limitation_penalty=0.3, job_coach_relief=0.5))
    assert block.penalty[0].tolist() == pytest.approx([0.0, 0.5, 1.0, 0.25])
    assert block.score[0, 0] - block.score[0, 1] == pytest.approx(0.15, abs=1e-6)
    assert block.score[0, 3] > block.score[0, 1]
    assert (block.blocked == 0).all()


# --- The weighted sum ----------------------------------------------------------------------------


def test_score_is_the_weighted_mean_of_the_factors_minus_the_penalty():
    weights = Weights(talent=2, learning=0, hours=1, region=1, kind=0, limitation_penalty=0)
    r = residents([{0}], hours=[12])
    o = opportunities([{0, 1}], municipality=[1])
    block = factors(r, o, weights)
    # talent 0.5, hours 0.5 (4 short of 16 with tolerance 8), region 0.7
    assert block.score[0, 0] == pytest.approx((2 * 0.5 + 0.5 + 0.7) / 4)


def test_weights_can_all_be_zero_without_dividing_by_zero():
    zero = Weights(talent=0, learning=0, hours=0, region=0, kind=0)
    block = factors(residents([{0}]), opportunities([{0}]), zero)
    assert block.score[0, 0] == 0


def test_weights_with_values_ignores_unknown_keys():
    weights = scoring.DEFAULT_WEIGHTS.with_values({"talent": "0.9", "nonsense": 3})
    assert weights.talent == 0.9 and weights.kind == scoring.DEFAULT_WEIGHTS.kind


# --- Top k, blocking and the national run ---------------------------------------------------------


def test_top_k_orders_best_first_with_stable_ties():
    scores = np.array([[0.2, 0.9, -1, 0.9, 0.5]], dtype=np.float32)
    index, values = scoring.top_k(scores, 3)
    assert index.tolist() == [[1, 3, 4]]
    assert values.ravel().tolist() == pytest.approx([0.9, 0.9, 0.5])


def test_top_k_with_k_larger_than_the_columns():
    index, _values = scoring.top_k(np.array([[0.1, 0.3]], dtype=np.float32), 5)
    assert index.tolist() == [[1, 0]]


def test_rank_all_with_regional_blocking_equals_ranking_on_the_full_matrix():
    pop = population.generate(600, 300, n_municipalities=12, n_regions=3, with_truth=False)
    reach = pop.territory.reach
    full = scoring.score(pop.residents, pop.opportunities, reach).score
    _expected_index, expected_values = scoring.top_k(full, 5)
    index, values = scoring.rank_all(
        pop.residents, pop.opportunities, reach, pop.territory.region, k=5, max_rows=128
    )
    expected = np.where(expected_values >= 0, expected_values, -1)
    assert values.ravel() == pytest.approx(expected.ravel())
    # Equal scores at the k-th place may be chosen either way: check each pick scores as listed.
    valid = index >= 0
    rows = np.nonzero(valid)[0]
    assert full[rows, index[valid]] == pytest.approx(values[valid])
    assert (valid == (expected_values >= 0)).all()


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_vectorised_scores_equal_the_plain_per_pair_loop(seed):
    pop = population.generate(25, 20, n_municipalities=6, n_regions=2, seed=seed, with_truth=False)
    r, o, reach = pop.residents, pop.opportunities, pop.territory.reach
    block = scoring.score(r, o, reach)
    expected = np.array(reference.score_loop(r, o, reach), dtype=np.float32)
    assert block.score.ravel() == pytest.approx(expected.ravel(), abs=1e-5)


@pytest.mark.parametrize("n", [5, 40])  # below and above DENSE_FROM: both product paths
def test_both_product_paths_equal_the_loop_and_the_factors_add_up(n):
    pop = population.generate(n, 30, n_municipalities=4, n_regions=1, seed=n, with_truth=False)
    r, o, reach = pop.residents, pop.opportunities, pop.territory.reach
    w = scoring.DEFAULT_WEIGHTS
    block = scoring.score(r, o, reach, w, with_factors=True)
    expected = np.array(reference.score_loop(r, o, reach), dtype=np.float32)
    assert block.score.ravel() == pytest.approx(expected.ravel(), abs=1e-5)
    f = block.factors
    weighted = (
        w.talent * f["talent"]
        + w.learning * f["learning"]
        + w.hours * f["hours"]
        + w.region * f["region"]
        + w.kind * f["kind"]
    ) / (w.talent + w.learning + w.hours + w.region + w.kind) - w.limitation_penalty * block.penalty
    possible = block.blocked == 0
    assert block.score[possible] == pytest.approx(np.clip(weighted, 0, 1)[possible], abs=1e-5)


def test_quantised_top_k_equals_the_exact_one():
    rng = np.random.default_rng(3)
    scores = np.round(rng.random((300, 1000), dtype=np.float32), 3)  # many ties
    scores[rng.random(scores.shape) < 0.4] = scoring.BLOCKED
    scores[5] = scoring.BLOCKED  # a resident with nothing possible
    scores[6, :4] = [0.5, 0.5, 0.5, 0.5]  # ties, and only four possible pairs
    scores[6, 4:] = scoring.BLOCKED
    fast_index, fast_values = scoring._top_k_quantised(scores, 10)
    exact = np.argsort(-scores, axis=1, kind="stable")[:, :10]  # score first, then column
    assert (fast_index == exact).all()
    assert (fast_values == np.take_along_axis(scores, exact, axis=1)).all()
    assert fast_index[6, :4].tolist() == [0, 1, 2, 3]
    assert (fast_values[5] < 0).all()
