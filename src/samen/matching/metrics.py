"""Ranking quality, congestion and fairness measures, on arrays (no Django).

``ranked`` is an n × k array of opportunity indices per resident, best first, −1 for an empty
position. ``relevance`` is an n × m sparse (or dense) matrix of graded relevance (0 = not relevant;
for the placement history 1 = introduced, 2 = placed).

Accuracy measures (precision@k, recall@k, NDCG@k, MRR) average over residents with at least one
relevant opportunity; coverage and congestion over everyone. Public-employment-service studies
(France, Sweden, Ghent) report accuracy together with congestion and fairness because a
recommender can be accurate and still send everyone to the same few jobs.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def _relevance_at(ranked: np.ndarray, relevance) -> np.ndarray:
    """n × k relevance of each ranked item (0 for empty positions)."""
    n, k = ranked.shape
    rows = np.repeat(np.arange(n), k)
    cols = ranked.ravel()
    valid = cols >= 0
    values = np.zeros(n * k, dtype=np.float64)
    if valid.any():
        picked = relevance[rows[valid], cols[valid]]
        values[valid] = np.asarray(picked, dtype=np.float64).ravel()
    return values.reshape(n, k)


def _relevant_counts(relevance) -> np.ndarray:
    if sparse.issparse(relevance):
        return np.asarray((relevance > 0).sum(axis=1)).ravel()
    return (np.asarray(relevance) > 0).sum(axis=1)


def precision_at_k(ranked: np.ndarray, relevance, k: int) -> float:
    """Share of the top k that is relevant, averaged over residents with something relevant."""
    hits = _relevance_at(ranked[:, :k], relevance) > 0
    has_relevant = _relevant_counts(relevance) > 0
    if not has_relevant.any():
        return 0.0
    return float((hits.sum(axis=1) / k)[has_relevant].mean())


def recall_at_k(ranked: np.ndarray, relevance, k: int) -> float:
    """Share of a resident's relevant opportunities that is in their top k."""
    hits = (_relevance_at(ranked[:, :k], relevance) > 0).sum(axis=1)
    totals = _relevant_counts(relevance)
    has_relevant = totals > 0
    if not has_relevant.any():
        return 0.0
    return float((hits[has_relevant] / totals[has_relevant]).mean())


def _ideal_gains(relevance, k: int) -> np.ndarray:
    """Per resident the k highest relevance values, descending (zeros padded)."""
    if sparse.issparse(relevance):
        relevance = relevance.tocsr()
        n = relevance.shape[0]
        ideal = np.zeros((n, k))
        lengths = np.diff(relevance.indptr)
        rows = np.repeat(np.arange(n), lengths)
        values = relevance.data.astype(np.float64)
        # Sort each row's values descending: by row, then by −value.
        order = np.lexsort((-values, rows))
        rows, values = rows[order], values[order]
        position = np.arange(len(rows)) - np.repeat(relevance.indptr[:-1], lengths)
        keep = position < k
        ideal[rows[keep], position[keep]] = values[keep]
        return ideal
    dense = -np.sort(-np.asarray(relevance, dtype=np.float64), axis=1)[:, :k]
    if dense.shape[1] < k:
        dense = np.pad(dense, ((0, 0), (0, k - dense.shape[1])))
    return dense


def ndcg_at_k(ranked: np.ndarray, relevance, k: int) -> float:
    """Normalised discounted cumulative gain with gain 2^rel − 1 and discount log2(position + 1)."""
    discount = 1 / np.log2(np.arange(2, k + 2))
    gains = (2 ** _relevance_at(ranked[:, :k], relevance) - 1) @ discount[: ranked[:, :k].shape[1]]
    ideal = (2 ** _ideal_gains(relevance, k) - 1) @ discount
    has_relevant = ideal > 0
    if not has_relevant.any():
        return 0.0
    return float((gains[has_relevant] / ideal[has_relevant]).mean())


def mrr(ranked: np.ndarray, relevance) -> float:
    """Mean reciprocal rank of the first relevant opportunity in the list (0 when none is)."""
    hits = _relevance_at(ranked, relevance) > 0
    has_relevant = _relevant_counts(relevance) > 0
    if not has_relevant.any():
        return 0.0
    first = np.where(hits.any(axis=1), hits.argmax(axis=1) + 1, np.inf)
    return float((1 / first)[has_relevant].mean())


def resident_coverage(ranked: np.ndarray) -> float:
    """Share of residents who get at least one recommendation."""
    if ranked.shape[0] == 0:
        return 0.0
    return float((ranked[:, :1] >= 0).any(axis=1).mean()) if ranked.shape[1] else 0.0


def exposure_counts(ranked: np.ndarray, n_opportunities: int) -> np.ndarray:
    """How many residents' lists each opportunity appears in."""
    items = ranked[ranked >= 0]
    return np.bincount(items, minlength=n_opportunities)


def opportunity_coverage(ranked: np.ndarray, n_opportunities: int) -> float:
    """Share of opportunities recommended to at least one resident."""
    if n_opportunities == 0:
        return 0.0
    return float((exposure_counts(ranked, n_opportunities) > 0).mean())


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values: 0 perfectly even, towards 1 all on one."""
    values = np.sort(np.asarray(values, dtype=np.float64))
    n = len(values)
    total = values.sum()
    if n == 0 or total == 0:
        return 0.0
    cumulative = np.cumsum(values)
    return float((n + 1 - 2 * (cumulative.sum() / total)) / n)


def resident_exposure(ranked_residents: np.ndarray, n_residents: int) -> np.ndarray:
    """Attention each resident receives in the opportunities' candidate lists.

    ``ranked_residents`` is m × k (resident indices per opportunity, best first); a position p
    (0-based) is worth 1 / log2(p + 2), as in NDCG.
    """
    m, k = ranked_residents.shape
    weight = np.broadcast_to(1 / np.log2(np.arange(2, k + 2)), (m, k))
    valid = ranked_residents >= 0
    return np.bincount(
        ranked_residents[valid], weights=weight[valid], minlength=n_residents
    ).astype(np.float64)


def exposure_parity(exposure: np.ndarray, groups: np.ndarray) -> dict:
    """Mean exposure per group and the parity ratio (lowest group mean / highest; 1 = equal).

    ``groups`` holds one label per resident; residents with an empty label are left out
    (e.g. gender not recorded).
    """
    groups = np.asarray(groups)
    known = groups != ""
    labels = sorted(set(groups[known].tolist()))
    means = {label: float(exposure[groups == label].mean()) for label in labels}
    values = list(means.values())
    ratio = (min(values) / max(values)) if values and max(values) > 0 else 1.0
    return {"means": means, "ratio": float(ratio)}


def evaluate_ranking(
    ranked: np.ndarray,
    relevance,
    n_opportunities: int,
    k: int,
    *,
    ranked_residents: np.ndarray | None = None,
    groups: dict[str, np.ndarray] | None = None,
) -> dict:
    """All measures for one method, as a flat dict of floats (plus the parity per group kind)."""
    result = {
        f"precision@{k}": precision_at_k(ranked, relevance, k),
        f"recall@{k}": recall_at_k(ranked, relevance, k),
        f"ndcg@{k}": ndcg_at_k(ranked, relevance, k),
        "mrr": mrr(ranked, relevance),
        "resident_coverage": resident_coverage(ranked),
        "opportunity_coverage": opportunity_coverage(ranked, n_opportunities),
        "congestion_gini": gini(exposure_counts(ranked[:, :k], n_opportunities)),
    }
    if ranked_residents is not None and groups:
        exposure = resident_exposure(ranked_residents, ranked.shape[0])
        for name, labels in groups.items():
            parity = exposure_parity(exposure, labels)
            result[f"exposure_parity_{name}"] = parity["ratio"]
            result[f"exposure_by_{name}"] = parity["means"]
    return result
