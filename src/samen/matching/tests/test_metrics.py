"""Quality measures on small cases computed by hand."""

import math

import numpy as np
import pytest
from scipy import sparse

from samen.matching import metrics

# Three residents, five opportunities. Resident 0 finds its relevant item at place 2, resident 1
# at place 1 (graded 2) and 3, resident 2 has nothing relevant.
RANKED = np.array([[3, 1, 4], [0, 2, 1], [4, 3, -1]])
RELEVANCE = sparse.csr_matrix(
    np.array(
        [
            [0, 1, 0, 0, 0],
            [2, 1, 0, 0, 1],
            [0, 0, 0, 0, 0],
        ],
        dtype=float,
    )
)


def test_precision_at_k():
    # resident 0: 1 of 3; resident 1: 2 of 3 (items 0 and 1); resident 2 is left out.
    assert metrics.precision_at_k(RANKED, RELEVANCE, 3) == pytest.approx((1 / 3 + 2 / 3) / 2)
    assert metrics.precision_at_k(RANKED, RELEVANCE, 1) == pytest.approx((0 + 1) / 2)


def test_recall_at_k():
    # resident 0: 1 of 1; resident 1: 2 of 3.
    assert metrics.recall_at_k(RANKED, RELEVANCE, 3) == pytest.approx((1 + 2 / 3) / 2)


def test_ndcg_at_k():
    d = [1 / math.log2(p + 2) for p in range(3)]
    r0 = (1 * d[1]) / (1 * d[0])
    gains1 = 3 * d[0] + 1 * d[2]  # 2^2-1 at place 1, 2^1-1 at place 3
    ideal1 = 3 * d[0] + 1 * d[1] + 1 * d[2]
    assert metrics.ndcg_at_k(RANKED, RELEVANCE, 3) == pytest.approx((r0 + gains1 / ideal1) / 2)


def test_ndcg_is_one_for_the_ideal_order():
    ideal = np.array([[0, 1, 4]])
    assert metrics.ndcg_at_k(ideal, RELEVANCE[1], 3) == pytest.approx(1.0)


def test_mrr():
    assert metrics.mrr(RANKED, RELEVANCE) == pytest.approx((1 / 2 + 1) / 2)


def test_coverage():
    assert metrics.resident_coverage(np.array([[1, 2], [-1, -1], [0, -1]])) == pytest.approx(2 / 3)
    # Opportunities 0, 1, 2, 3, 4 of 6: item 5 never appears.
    assert metrics.opportunity_coverage(RANKED, 6) == pytest.approx(5 / 6)


def test_gini_of_even_and_concentrated_exposure():
    assert metrics.gini(np.array([5, 5, 5, 5])) == pytest.approx(0.0)
    assert metrics.gini(np.array([0, 0, 0, 8])) == pytest.approx(0.75)  # (n-1)/n
    assert metrics.gini(np.array([1, 2, 3])) == pytest.approx(2 / 9)
    assert metrics.gini(np.array([])) == 0.0


def test_exposure_counts_and_congestion():
    counts = metrics.exposure_counts(RANKED, 5)
    assert counts.tolist() == [1, 2, 1, 2, 2]


def test_resident_exposure_and_parity():
    # Two opportunities' candidate lists: resident 0 first twice, resident 1 second once.
    ranked_residents = np.array([[0, 1], [0, -1]])
    exposure = metrics.resident_exposure(ranked_residents, 3)
    assert exposure.tolist() == pytest.approx([2.0, 1 / math.log2(3), 0.0])
    parity = metrics.exposure_parity(exposure, np.array(["a", "b", ""]))
    assert parity["means"] == pytest.approx({"a": 2.0, "b": 1 / math.log2(3)})
    assert parity["ratio"] == pytest.approx((1 / math.log2(3)) / 2)


def test_evaluate_ranking_collects_every_measure():
    result = metrics.evaluate_ranking(
        RANKED,
        RELEVANCE,
        5,
        3,
        ranked_residents=np.array([[1, 0], [2, -1]]),
        groups={"age_band": np.array(["18-26", "27-44", "27-44"])},
    )
    assert set(result) >= {
        "precision@3",
        "recall@3",
        "ndcg@3",
        "mrr",
        "resident_coverage",
        "opportunity_coverage",
        "congestion_gini",
        "exposure_parity_age_band",
    }
