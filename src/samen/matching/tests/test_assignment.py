"""The assignment round: places are never exceeded, the total is optimal, candidates spread."""

from itertools import permutations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from samen.matching.assignment import assign, expand_slots


def test_expand_slots_gives_each_opportunity_as_many_slots_as_places():
    owner, slot = expand_slots(np.array([2, 0, 3]))
    assert owner.tolist() == [0, 0, 2, 2, 2]
    assert slot.tolist() == [0, 1, 0, 1, 2]


def test_everyone_wants_the_same_place_but_it_has_only_one():
    scores = np.array([[0.9, 0.5], [0.8, 0.6], [0.7, 0.4]], dtype=np.float32)
    result = assign(scores, np.array([1, 1]), minimum_score=0.0, spread=0.0)
    assert result.load(2).tolist() == [1, 1]
    # Optimal: 0.9 + 0.6 (resident 1 to the second place) beats 0.8 + 0.5.
    assert result.opportunity.tolist() == [0, 1, -1]
    assert result.score.sum() == pytest.approx(1.5)


def test_an_opportunity_with_two_places_takes_two_residents():
    scores = np.array([[0.9, 0.2], [0.8, 0.1], [0.7, 0.3]], dtype=np.float32)
    result = assign(scores, np.array([2, 1]), minimum_score=0.0, spread=0.0)
    assert result.load(2).tolist() == [2, 1]
    assert sorted(result.opportunity.tolist()) == [0, 0, 1]


def test_blocked_and_weak_pairs_are_never_proposed():
    scores = np.array([[-1, 0.2], [0.6, -1]], dtype=np.float32)
    result = assign(scores, np.array([1, 1]), minimum_score=0.35)
    assert result.opportunity.tolist() == [-1, 0]


def test_spread_prefers_a_first_place_elsewhere_over_a_second_place_here():
    # Both residents fit A (2 places) and B (1 place) equally well.
    scores = np.full((2, 2), 0.8, dtype=np.float32)
    result = assign(scores, np.array([2, 1]), minimum_score=0.0, spread=0.2)
    assert result.load(2).tolist() == [1, 1]


def test_no_places_or_no_residents():
    assert assign(np.zeros((0, 2), dtype=np.float32), np.array([1, 1])).assigned.size == 0
    assert assign(np.ones((2, 1), dtype=np.float32), np.array([0])).assigned.size == 0


def brute_force_best(scores, places, minimum):
    """Best total over every way to give each resident one place or none (tiny cases only)."""
    n, m = scores.shape
    options = [-1] + [j for j in range(m) for _ in range(places[j])]
    best = 0.0
    for choice in set(permutations(options * n, n)):
        load = np.bincount([c for c in choice if c >= 0], minlength=m)
        if (load > places).any():
            continue
        total = sum(
            scores[i, c] for i, c in enumerate(choice) if c >= 0 and scores[i, c] >= minimum
        )
        best = max(best, total)
    return best


@settings(max_examples=25, deadline=None)
@given(
    scores=arrays(np.float32, (3, 2), elements=st.floats(-1, 1, width=32)),
    places=st.lists(st.integers(0, 2), min_size=2, max_size=2),
)
def test_capacity_is_respected_and_the_total_is_optimal(scores, places):
    places = np.array(places)
    result = assign(scores, places, minimum_score=0.1, spread=0.0)
    assert (result.load(2) <= places).all()
    assigned = result.assigned
    assert (scores[assigned, result.opportunity[assigned]] >= 0.1).all()
    assert result.score.sum() == pytest.approx(brute_force_best(scores, places, 0.1), abs=1e-5)
