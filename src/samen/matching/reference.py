"""The score of one pair written out with Python sets: what a per-pair loop would do.

Not used by Samen itself. The tests check that the vectorised engine (``scoring.score``) gives the
same numbers, and the benchmark measures how much faster the engine is on the same data.
"""

from __future__ import annotations

import math

from . import scoring


def pair_score(r: scoring.Residents, o: scoring.Opportunities, i, j, reach, w: scoring.Weights):
    """Score of resident ``i`` for opportunity ``j`` (−1 when blocked)."""
    talents = set(r.talents.indices[r.talents.indptr[i] : r.talents.indptr[i + 1]])
    asked = set(o.asked.indices[o.asked.indptr[j] : o.asked.indptr[j + 1]])
    taught = set(o.taught.indices[o.taught.indptr[j] : o.taught.indptr[j + 1]])
    limits = set(r.limitations.indices[r.limitations.indptr[i] : r.limitations.indptr[i + 1]])
    core = set(o.core_demands.indices[o.core_demands.indptr[j] : o.core_demands.indptr[j + 1]])
    other = set(o.other_demands.indices[o.other_demands.indptr[j] : o.other_demands.indptr[j + 1]])
    if asked:
        talent = (
            len(asked & talents) + w.learnable_credit * len((asked - talents) & taught)
        ) / len(asked)
    else:
        talent = 0.5
    learning = min(len(taught - talents), w.learning_saturation) / w.learning_saturation
    h = float(r.hours[i])
    if math.isnan(h):
        hours, hours_block = 0.5, False
    else:
        short = max(float(o.hours_min[j]) - h, 0.0)
        over = max(h - float(o.hours_max[j]), 0.0)
        hours = min(max(1 - short / w.hours_tolerance - over / (2 * w.hours_tolerance), 0.0), 1.0)
        hours_block = short >= w.hours_tolerance
    region = float(reach[r.municipality[i], o.municipality[j]])
    c, p = int(r.current_rung[i]), max(int(r.potential_rung[i]), int(r.current_rung[i]))
    rung = int(scoring.KIND_RUNG[o.kind[j]])
    if c == 0:
        kind = 0.5
    elif c < rung <= p or rung == c == p:
        kind = 1.0
    elif rung == c:
        kind = 0.8
    elif rung < c:
        kind = 0.4
    else:
        kind = max(0.1, 0.4 - 0.15 * (rung - p - 1))
    needs = int(scoring.KIND_NEEDS[o.kind[j]])
    if (
        region <= 0
        or hours_block
        or (limits & core)
        or (needs == scoring.NEEDS_REGISTER and not r.in_register[i])
        or (needs == scoring.NEEDS_UWV_ADVICE and not r.uwv_advice[i])
        or (needs == scoring.NEEDS_WSW_RIGHTS and not r.wsw_rights[i])
    ):
        return -1.0
    penalty = min(len(limits & other) / 2, 1) * (w.job_coach_relief if o.job_coach[j] else 1)
    total_weight = w.talent + w.learning + w.hours + w.region + w.kind
    total = (
        w.talent * talent
        + w.learning * learning
        + w.hours * hours
        + w.region * region
        + w.kind * kind
    ) / max(total_weight, 1e-9) - w.limitation_penalty * penalty
    return min(max(total, 0.0), 1.0)


def score_loop(r, o, reach, w=scoring.DEFAULT_WEIGHTS) -> list[list[float]]:
    """Every pair, one at a time."""
    return [[pair_score(r, o, i, j, reach, w) for j in range(len(o))] for i in range(len(r))]
