"""Measure the engine against four baselines on one set of residents and opportunities.

Every method ranks, for each resident, the opportunities in reachable municipalities (the same
regional blocking for all, so no method is penalised for suggesting work 200 km away):

- ``samen``: the engine of ``scoring`` with the municipality's weights;
- ``random``: a random order;
- ``popularity``: the opportunities with the most past placements first (the same for everyone);
- ``rules``: only the rules (eligibility, hours, region, kind, limitations; talent and learning
  weights set to 0), ties in random order;
- ``talent_overlap``: the plain number of asked talents the resident has, no rules at all;
- ``samen_round``: the assignment round (one proposal per resident, places respected), to show
  what the round does to coverage and congestion.

Pure NumPy; ``evaluate_matching`` (command and admin page) feeds it the placements history or a
generated population (``population.generate``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import assignment, metrics, scoring

METHODS = ("samen", "samen_round", "random", "popularity", "rules", "talent_overlap")


@dataclass
class EvaluationInput:
    residents: scoring.Residents
    opportunities: scoring.Opportunities
    reach: np.ndarray
    relevance: object  # n × m graded relevance (sparse)
    past_placements: np.ndarray  # per opportunity, for the popularity baseline
    groups: dict[str, np.ndarray]
    weights: scoring.Weights = scoring.DEFAULT_WEIGHTS


def _reachable(data: EvaluationInput) -> np.ndarray:
    return (
        data.reach[data.residents.municipality[:, None], data.opportunities.municipality[None, :]]
        > 0
    )


def method_scores(data: EvaluationInput, method: str, rng) -> np.ndarray:
    """n × m scores of one method; unreachable (or blocked) pairs are negative."""
    reachable = _reachable(data)
    n, m = reachable.shape
    if method in ("samen", "samen_round"):
        return scoring.score(data.residents, data.opportunities, data.reach, data.weights).score
    if method == "random":
        values = rng.random((n, m), dtype=np.float32)
    elif method == "popularity":
        popularity = np.asarray(data.past_placements, dtype=np.float32)
        values = np.broadcast_to(popularity + rng.random(m, dtype=np.float32) * 1e-3, (n, m))
    elif method == "rules":
        rules_only = replace(data.weights, talent=0.0, learning=0.0)
        block = scoring.score(data.residents, data.opportunities, data.reach, rules_only)
        values = np.where(
            block.score >= 0, block.score + rng.random((n, m), dtype=np.float32) * 1e-3, -1
        )
    elif method == "talent_overlap":
        overlap = (data.residents.talents @ data.opportunities.asked.T).toarray()
        values = overlap + rng.random((n, m), dtype=np.float32) * 1e-3
    else:
        raise ValueError(f"unknown method {method}")
    return np.where(reachable, values, -1).astype(np.float32)


def ranked_lists(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top k per resident and top k per opportunity (−1 where blocked or missing)."""
    index, values = scoring.top_k(scores, k)
    ranked = np.where(values >= 0, index, -1)
    index_t, values_t = scoring.top_k(np.ascontiguousarray(scores.T), k)
    return ranked, np.where(values_t >= 0, index_t, -1)


def round_lists(data: EvaluationInput, scores: np.ndarray, k: int):
    """The assignment round as a ranking: the one proposal per resident, then nothing."""
    result = assignment.assign(
        scores,
        data.opportunities.places,
        minimum_score=data.weights.minimum_score,
        spread=data.weights.spread,
    )
    n, m = scores.shape
    ranked = np.full((n, k), -1, dtype=np.int64)
    ranked[:, 0] = result.opportunity
    ranked_residents = np.full((m, k), -1, dtype=np.int64)
    assigned = result.assigned
    order = np.lexsort((-result.score[assigned], result.opportunity[assigned]))
    rows = assigned[order]
    owners = result.opportunity[rows]
    position = np.arange(len(rows)) - np.searchsorted(owners, owners, side="left")
    keep = position < k
    ranked_residents[owners[keep], position[keep]] = rows[keep]
    return ranked, ranked_residents


def evaluate(data: EvaluationInput, *, k: int = 10, seed: int = 2019, methods=METHODS) -> dict:
    """{method: {measure: value}} for every method on the same data."""
    rng = np.random.default_rng(seed)
    results = {}
    samen_scores = None
    for method in methods:
        if method == "samen_round":
            if samen_scores is None:
                samen_scores = method_scores(data, "samen", rng)
            ranked, ranked_residents = round_lists(data, samen_scores, k)
        else:
            scores = method_scores(data, method, rng)
            if method == "samen":
                samen_scores = scores
            ranked, ranked_residents = ranked_lists(scores, k)
        results[method] = metrics.evaluate_ranking(
            ranked,
            data.relevance,
            len(data.opportunities),
            k,
            ranked_residents=ranked_residents,
            groups=data.groups,
        )
    return results
