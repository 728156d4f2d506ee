"""The assignment round: one global proposal that respects each opportunity's places.

Ranking each resident on their own sends everyone to the same few attractive places (congestion).
The round instead solves one optimal assignment: every opportunity with ``places`` free places is
expanded into that many *slots* (columns), every resident is a row, and
``scipy.optimize.linear_sum_assignment`` picks at most one slot per resident and one resident per
slot with the highest total score. Places are therefore never exceeded, by construction.

Spreading: the k-th slot of an opportunity (k = 0, 1, ...) is worth ``1 − spread · k / places`` of
the pair's score, so when two opportunities fit equally well the round fills first places before
second places. Pairs below ``minimum_score`` and blocked pairs are worth 0; a resident whose best
slot is worth 0 is left unassigned (with non-negative weights, an optimal assignment on the
complete bipartite graph is also an optimal matching in which such pairs are dropped).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass
class Assignment:
    """resident index → opportunity index (−1: no proposal) and the pair's (unspread) score."""

    opportunity: np.ndarray
    score: np.ndarray

    @property
    def assigned(self) -> np.ndarray:
        return np.flatnonzero(self.opportunity >= 0)

    def load(self, n_opportunities: int) -> np.ndarray:
        """How many residents each opportunity received."""
        chosen = self.opportunity[self.opportunity >= 0]
        return np.bincount(chosen, minlength=n_opportunities)


def expand_slots(places: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(opportunity index, slot number within that opportunity) for every slot."""
    places = np.maximum(np.asarray(places, dtype=np.int64), 0)
    owner = np.repeat(np.arange(len(places)), places)
    starts = np.repeat(np.cumsum(places) - places, places)
    return owner, np.arange(len(owner)) - starts


def assign(
    scores: np.ndarray,
    places: np.ndarray,
    *,
    minimum_score: float = 0.35,
    spread: float = 0.05,
) -> Assignment:
    """Optimal capacity-respecting assignment of residents (rows) to opportunities (columns).

    ``scores`` is the n × m matrix of ``scoring.score`` (blocked pairs negative).
    """
    n, m = scores.shape
    # More slots than residents can never be filled: cap them, so the matrix stays small.
    places = np.minimum(np.asarray(places, dtype=np.int64), n)
    owner, slot = expand_slots(places)
    result = Assignment(np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=np.float32))
    if n == 0 or len(owner) == 0:
        return result
    value = np.where(scores >= minimum_score, scores, 0).astype(np.float64)
    slot_places = np.asarray(places, dtype=np.float64)[owner]
    discount = 1 - spread * slot / np.maximum(slot_places, 1)
    expanded = value[:, owner] * discount[None, :]
    # Columns that nobody can use only slow the solver down.
    useful = expanded.any(axis=0)
    if not useful.any():
        return result
    expanded, owner = expanded[:, useful], owner[useful]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    keep = expanded[rows, cols] > 0
    rows, cols = rows[keep], cols[keep]
    result.opportunity[rows] = owner[cols]
    result.score[rows] = scores[rows, owner[cols]]
    return result
