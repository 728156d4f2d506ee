"""The matching engine: scores every (resident, work opportunity) pair at once, on arrays.

Seed 003 asks to match *available work with available talents* instead of CVs with vacancies, and
to look at what someone can still learn. The score of a pair is a weighted mean of five factors
in [0, 1], minus a penalty, or *blocked* (the pair is not a match at all):

============ ====================================================================================
factor       how it is computed (R = resident's talents, A = asked, T = taught by the place)
============ ====================================================================================
talent       (|A ∩ R| + credit · |(A − R) ∩ T|) / |A|: asked talents the resident has; a missing
             one the place teaches counts for ``learnable_credit``. No talents asked: 0.5.
learning     min(|T − R|, saturation) / saturation: how much new the resident can learn there.
hours        1 inside [min, max]; below the minimum it falls to 0 at ``hours_tolerance`` hours
             short (and the pair is blocked); above the maximum it falls at half that speed.
             Hours unknown: 0.5.
region       the reach between the resident's and the place's municipality (1 own municipality,
             ``other_municipality_reach`` elsewhere in the region, 0 = unreachable → blocked).
kind         how the kind of work fits the resident's step on the participation ladder: a step up
             within the growth potential fits best.
============ ====================================================================================

penalty: functional limitations against what the work asks now and then (``other_demands``), each
conflict half the penalty, relieved when the place offers a job coach. A limitation against what
the work *always* asks (``core_demands``) blocks the pair.

Eligibility blocks by kind (Participatiewet): a garantiebaan needs a doelgroepregister status,
beschut werk an advice of UWV (art. 10b), a Wsw place old Wsw rights (no new entrants since 2015).

Everything here is NumPy/SciPy on arrays (talents and limitations as sparse incidence matrices);
there is no loop over pairs, and no Django: the benchmarks and the evaluation import it directly.
Weights live in ``Weights`` (one place); a municipality's own choices come from its policy settings
(``samen.matching.policies``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace

import numpy as np
from scipy import sparse

#: The kinds of work an opportunity can be (the codes of ``WorkOpportunity.Kind``).
KINDS = (
    "paid",
    "sheltered_work",
    "job_guarantee",
    "learn_work",
    "volunteering",
    "work_daycare",
    "wsw",
)
KIND_INDEX = {code: index for index, code in enumerate(KINDS)}

#: The rung of the participation ladder each kind of work stands for (see participation.switching).
KIND_RUNG = np.array([6, 5, 5, 4, 4, 4, 5], dtype=np.int8)
#: Which right a kind needs: 1 doelgroepregister, 2 UWV advice beschut werk, 3 old Wsw rights.
NEEDS_NOTHING, NEEDS_REGISTER, NEEDS_UWV_ADVICE, NEEDS_WSW_RIGHTS = 0, 1, 2, 3
KIND_NEEDS = np.array([0, 2, 1, 0, 0, 0, 3], dtype=np.int8)

BLOCKED = np.float32(-1.0)

#: Blocking reasons as bit flags, so one int array says everything that stands in the way.
BLOCK_REGION = 1
BLOCK_HOURS = 2
BLOCK_LIMITATION = 4
BLOCK_REGISTER = 8
BLOCK_UWV_ADVICE = 16
BLOCK_WSW_RIGHTS = 32
BLOCK_FILTER = 64
BLOCK_REASONS = {
    BLOCK_REGION: "region",
    BLOCK_HOURS: "hours",
    BLOCK_LIMITATION: "limitation",
    BLOCK_REGISTER: "register",
    BLOCK_UWV_ADVICE: "uwv_advice",
    BLOCK_WSW_RIGHTS: "wsw_rights",
}

FACTORS = ("talent", "learning", "hours", "region", "kind")


@dataclass(frozen=True)
class Weights:
    """Every number the score depends on, in one place (policy keys: ``matching.<name>``)."""

    talent: float = 0.40
    learning: float = 0.10
    hours: float = 0.15
    region: float = 0.15
    kind: float = 0.20
    limitation_penalty: float = 0.30
    #: A missing asked talent that the place teaches counts for this part of a present one.
    learnable_credit: float = 0.5
    #: Learning this many new talents counts as the full learning factor.
    learning_saturation: float = 3.0
    #: Hours short of the minimum at which the hours factor reaches 0 (and the pair is blocked).
    hours_tolerance: float = 8.0
    #: Reach of another municipality in the same region (the own municipality is 1).
    other_municipality_reach: float = 0.7
    #: A job coach at the place multiplies the limitation penalty by this.
    job_coach_relief: float = 0.5
    #: Pairs below this score are not proposed in an assignment round.
    minimum_score: float = 0.35
    #: In an assignment round the k-th place of one opportunity is worth (1 − spread · k / places).
    spread: float = 0.05

    @property
    def factor_weights(self) -> np.ndarray:
        return np.array([getattr(self, name) for name in FACTORS], dtype=np.float32)

    def with_values(self, values: dict) -> Weights:
        """A copy with the given (known) fields replaced; unknown keys are ignored."""
        known = {f.name for f in fields(self)}
        return replace(self, **{k: float(v) for k, v in values.items() if k in known})


DEFAULT_WEIGHTS = Weights()


# --- The two sides as arrays ------------------------------------------------------------------


def incidence(rows: list[list[int]] | list[set[int]], width: int) -> sparse.csr_matrix:
    """A 0/1 CSR matrix with a 1 at (i, j) for each j in ``rows[i]``."""
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    indices = np.fromiter((j for r in rows for j in sorted(r)), dtype=np.int32, count=indptr[-1])
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))


@dataclass
class Residents:
    """n residents: talents (n × talents) and limitations (n × limitations) as 0/1 CSR matrices.

    ``hours`` is NaN when unknown; rungs are 0 when unknown; ``municipality`` indexes the reach
    matrix.
    """

    talents: sparse.csr_matrix
    limitations: sparse.csr_matrix
    hours: np.ndarray
    municipality: np.ndarray
    current_rung: np.ndarray
    potential_rung: np.ndarray
    in_register: np.ndarray
    uwv_advice: np.ndarray
    wsw_rights: np.ndarray
    ids: np.ndarray | None = None

    def __len__(self) -> int:
        return self.talents.shape[0]

    def take(self, index) -> Residents:
        index = np.asarray(index)
        return Residents(
            talents=self.talents[index],
            limitations=self.limitations[index],
            **{
                name: getattr(self, name)[index]
                for name in (
                    "hours",
                    "municipality",
                    "current_rung",
                    "potential_rung",
                    "in_register",
                    "uwv_advice",
                    "wsw_rights",
                )
            },
            ids=None if self.ids is None else self.ids[index],
        )


@dataclass
class Opportunities:
    """m work opportunities; ``kind`` indexes ``KINDS``; ``places`` is the free capacity."""

    asked: sparse.csr_matrix
    taught: sparse.csr_matrix
    core_demands: sparse.csr_matrix
    other_demands: sparse.csr_matrix
    hours_min: np.ndarray
    hours_max: np.ndarray
    municipality: np.ndarray
    kind: np.ndarray
    job_coach: np.ndarray
    places: np.ndarray
    ids: np.ndarray | None = None
    #: Derived once per set of opportunities (see ``prepare``).
    _derived: dict = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return self.asked.shape[0]

    def take(self, index) -> Opportunities:
        index = np.asarray(index)
        return Opportunities(
            asked=self.asked[index],
            taught=self.taught[index],
            core_demands=self.core_demands[index],
            other_demands=self.other_demands[index],
            **{
                name: getattr(self, name)[index]
                for name in (
                    "hours_min",
                    "hours_max",
                    "municipality",
                    "kind",
                    "job_coach",
                    "places",
                )
            },
            ids=None if self.ids is None else self.ids[index],
        )

    def prepare(self) -> dict:
        """The CSR matrices and row counts the scorer needs, computed once."""
        if not self._derived:
            asked_taught = self.asked.multiply(self.taught).tocsr()
            self._derived.update(
                asked=self.asked.tocsr().astype(np.float32),
                taught=self.taught.tocsr().astype(np.float32),
                asked_taught=asked_taught.astype(np.float32),
                core=self.core_demands.tocsr().astype(np.float32),
                other=self.other_demands.tocsr().astype(np.float32),
                n_asked=np.asarray(self.asked.sum(axis=1), dtype=np.float32).ravel(),
                n_taught=np.asarray(self.taught.sum(axis=1), dtype=np.float32).ravel(),
                n_asked_taught=np.asarray(asked_taught.sum(axis=1), dtype=np.float32).ravel(),
                rung=KIND_RUNG[self.kind],
                needs=KIND_NEEDS[self.kind],
            )
        return self._derived


def reach_matrix(municipality_region: np.ndarray, other_municipality_reach: float) -> np.ndarray:
    """Reach between municipalities: 1 within one, ``other`` within a region, 0 across regions.

    ``municipality_region[i]`` is the region of municipality i.
    """
    same_region = municipality_region[:, None] == municipality_region[None, :]
    reach = np.where(same_region, np.float32(other_municipality_reach), np.float32(0))
    np.fill_diagonal(reach, 1.0)
    return reach.astype(np.float32)


# --- Scoring ------------------------------------------------------------------------------------


@dataclass
class ScoreBlock:
    """Scores of residents × opportunities; ``blocked`` holds the BLOCK_* flags (0 = possible)."""

    score: np.ndarray
    blocked: np.ndarray
    factors: dict[str, np.ndarray] | None = None
    penalty: np.ndarray | None = None


def hours_factor(hours, hours_min, hours_max, tolerance) -> tuple[np.ndarray, np.ndarray]:
    """(factor, blocked) for resident hours (column) against opportunity ranges (row)."""
    h = hours[:, None]
    short = np.maximum(hours_min[None, :] - h, 0)
    over = np.maximum(h - hours_max[None, :], 0)
    factor = 1 - short / tolerance - over / (2 * tolerance)
    unknown = np.isnan(h)
    factor = np.where(unknown, np.float32(0.5), np.clip(factor, 0, 1)).astype(np.float32)
    blocked = (short >= tolerance) & ~unknown
    return factor, blocked


def _kind_table() -> np.ndarray:
    """The kind factor for every (current rung, potential rung, rung of the work), 0–6 each."""
    rungs = np.arange(7, dtype=np.int16)
    c, p, r = np.meshgrid(rungs, rungs, rungs, indexing="ij")
    p = np.maximum(p, c)
    conditions = [c == 0, (r > c) & (r <= p), (r == c) & (p == c), r == c, r < c]
    choices = [0.5, 1.0, 1.0, 0.8, 0.4]
    too_big = np.maximum(0.1, 0.4 - 0.15 * (r - p - 1))
    return np.select(conditions, choices, default=too_big).astype(np.float32)


KIND_TABLE = _kind_table()


def kind_factor(current, potential, rung) -> np.ndarray:
    """How the kind's rung fits the resident's current rung and growth potential.

    Unknown rung (0): 0.5. A step up within the potential: 1. Staying where the resident is and
    can be: 1; where they are while more is possible: 0.8. A step back: 0.4. Beyond the
    potential: 0.4 minus 0.15 per extra rung, at least 0.1.
    """
    return KIND_TABLE[
        np.asarray(current, dtype=np.intp)[:, None],
        np.asarray(potential, dtype=np.intp)[:, None],
        np.asarray(rung, dtype=np.intp)[None, :],
    ]


@dataclass
class _Groups:
    """Residents who share hours, municipality, rungs and rights share every factor but talents
    and limitations; those factors are computed once per group and gathered."""

    hours: np.ndarray
    municipality: np.ndarray
    current: np.ndarray
    potential: np.ndarray
    in_register: np.ndarray
    uwv_advice: np.ndarray
    wsw_rights: np.ndarray
    inverse: np.ndarray


def _groups(residents: Residents) -> _Groups:
    hours_code = np.where(np.isnan(residents.hours), -1, np.round(residents.hours * 2)).astype(
        np.int32
    )
    key = np.stack(
        [
            hours_code,
            residents.municipality.astype(np.int32),
            residents.current_rung.astype(np.int32),
            residents.potential_rung.astype(np.int32),
            residents.in_register.astype(np.int32),
            residents.uwv_advice.astype(np.int32),
            residents.wsw_rights.astype(np.int32),
        ],
        axis=1,
    )
    unique, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    return _Groups(
        hours=residents.hours[first],
        municipality=residents.municipality[first],
        current=residents.current_rung[first],
        potential=residents.potential_rung[first],
        in_register=residents.in_register[first],
        uwv_advice=residents.uwv_advice[first],
        wsw_rights=residents.wsw_rights[first],
        inverse=inverse.ravel(),
    )


def _group_factors(g: _Groups, o: Opportunities, d: dict, reach, weights: Weights):
    """Per group × opportunity: hours, region and kind factors and the blocking flags."""
    hours, hours_blocked = hours_factor(g.hours, o.hours_min, o.hours_max, weights.hours_tolerance)
    region = reach[g.municipality[:, None], o.municipality[None, :]].astype(np.float32)
    kind = kind_factor(g.current, g.potential, d["rung"])
    needs = d["needs"][None, :]
    flags = np.zeros(hours.shape, dtype=np.int16)
    flags[region <= 0] |= BLOCK_REGION
    flags[hours_blocked] |= BLOCK_HOURS
    flags[(needs == NEEDS_REGISTER) & ~g.in_register[:, None]] |= BLOCK_REGISTER
    flags[(needs == NEEDS_UWV_ADVICE) & ~g.uwv_advice[:, None]] |= BLOCK_UWV_ADVICE
    flags[(needs == NEEDS_WSW_RIGHTS) & ~g.wsw_rights[:, None]] |= BLOCK_WSW_RIGHTS
    return hours, region, kind, flags


#: From this many residents on, products use a dense copy of the opportunities' side so that
#: they come out resident-major (n × m) without a transpose.
DENSE_FROM = 32


def _product(d: dict, name: str, matrix: sparse.csr_matrix, residents_csr, residents_dense_t):
    """n × m: residents (n × k) times the opportunities' ``matrix`` (m × k), transposed."""
    if residents_csr.shape[0] >= DENSE_FROM:
        key = f"dense_t:{name}"
        if key not in d:
            d[key] = np.ascontiguousarray(matrix.T.toarray(), dtype=np.float32)
        return np.asarray(residents_csr @ d[key], dtype=np.float32)
    return np.ascontiguousarray((matrix @ residents_dense_t).T, dtype=np.float32)


def _linear_part(d: dict, weights: Weights, total_weight: float):
    """The talent and learning terms of the weighted sum are linear in the resident's talents
    (until learning saturates), so they fold into one matrix and an offset per opportunity:

        w_t/Σw · (|A∩R| + c·(|A∩T| − |A∩T∩R|)) / |A|  +  w_l/(s·Σw) · (|T| − |T∩R|)
        = R · [w_t/(Σw·|A|) · (A − c·(A∩T)) − w_l/(s·Σw) · T]  +  offset

    Returns (matrix m × talents, offset, opportunities where learning saturates, w_l/(s·Σw)).
    """
    key = f"linear:{weights}"
    if key not in d:
        w = weights.factor_weights
        credit, saturation = weights.learnable_credit, weights.learning_saturation
        n_asked = d["n_asked"]
        inverse_asked = np.where(n_asked > 0, 1 / np.maximum(n_asked, 1), 0)
        talent_weight = w[0] / total_weight
        learn_weight = w[1] / (saturation * total_weight)
        talent_part = sparse.diags(talent_weight * inverse_asked) @ (
            d["asked"] - credit * d["asked_taught"]
        )
        matrix = (talent_part - learn_weight * d["taught"]).tocsr().astype(np.float32)
        offset = (
            talent_weight * (credit * d["n_asked_taught"] * inverse_asked + 0.5 * (n_asked == 0))
            + learn_weight * d["n_taught"]
        ).astype(np.float32)
        saturating = np.flatnonzero(d["n_taught"] > saturation)
        d[key] = (matrix, offset, saturating, np.float32(learn_weight))
    return d[key]


def score(
    residents: Residents,
    opportunities: Opportunities,
    reach: np.ndarray,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    with_factors: bool = False,
) -> ScoreBlock:
    """Score every resident against every opportunity (dense n × m result, float32).

    Blocked pairs get ``BLOCKED`` (−1) and their reasons (BLOCK_* flags) in ``blocked``. At scale
    the cost is memory traffic, not arithmetic, so the sum is built in place in one n × m array:
    talents and learning come from one product (``_linear_part``); hours, region and kind are
    computed once per group of residents that share them (``_groups``) and gathered; the
    limitation products only run for residents who have a limitation. ``with_factors`` adds
    every factor separately (for explanations). Call it on blocks of residents
    (``iter_blocks``) when n × m does not fit in memory.
    """
    d = opportunities.prepare()
    w = weights.factor_weights
    total_weight = max(float(w.sum()), 1e-9)
    R = residents.talents.tocsr().astype(np.float32)
    R_t = R.T.toarray() if len(residents) < DENSE_FROM else None
    g = _groups(residents)
    hours_g, region_g, kind_g, flags_g = _group_factors(g, opportunities, d, reach, weights)
    attribute = (w[2] * hours_g + w[3] * region_g + w[4] * kind_g) / total_weight

    linear, offset, saturating, learn_weight = _linear_part(d, weights, total_weight)
    total = _product(d, f"linear:{weights}", linear, R, R_t)
    total += offset
    if len(saturating):
        # Teaching more than ``learning_saturation`` talents counts as the saturation: undo the
        # linear part's excess for those few opportunities.
        new = d["n_taught"][saturating] - _product(
            d, f"saturating:{weights.learning_saturation}", d["taught"][saturating], R, R_t
        )
        excess = np.minimum(weights.learning_saturation - new, 0) * learn_weight
        total[:, saturating] += excess
    total += attribute[g.inverse]
    flags = flags_g[g.inverse]

    # Only residents with a functional limitation can meet a penalty or a limitation block.
    limited = np.flatnonzero(np.diff(residents.limitations.tocsr().indptr) > 0)
    core = other = None
    if len(limited):
        L = residents.limitations.tocsr()[limited].astype(np.float32)
        L_t = L.T.toarray() if len(limited) < DENSE_FROM else None
        core = _product(d, "core", d["core"], L, L_t)
        other = _product(d, "other", d["other"], L, L_t)
        relief = np.where(opportunities.job_coach, weights.job_coach_relief, 1.0)
        penalty_limited = np.minimum(other / 2, 1) * relief.astype(np.float32)[None, :]
        total[limited] -= weights.limitation_penalty * penalty_limited
        flags[limited] |= np.where(core > 0, BLOCK_LIMITATION, 0).astype(np.int16)
    np.clip(total, 0, 1, out=total)
    total[flags != 0] = BLOCKED

    result = ScoreBlock(total, flags)
    if with_factors:
        result.factors, result.penalty = _factors(
            residents,
            opportunities,
            d,
            weights,
            g,
            (hours_g, region_g, kind_g),
            limited,
            core,
            other,
        )
    return result


def _factors(residents, opportunities, d, weights, g, group_factors, limited, core, other):
    """Every factor as its own n × m array, for explanations (small blocks only)."""
    R = residents.talents.tocsr().astype(np.float32)
    R_t = R.T.toarray() if len(residents) < DENSE_FROM else None
    have = _product(d, "asked", d["asked"], R, R_t)
    learnable = d["n_asked_taught"][None, :] - _product(
        d, "asked_taught", d["asked_taught"], R, R_t
    )
    new_to_learn = d["n_taught"][None, :] - _product(d, "taught", d["taught"], R, R_t)
    n_asked = d["n_asked"][None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        talent = np.where(
            n_asked > 0, (have + weights.learnable_credit * learnable) / n_asked, np.float32(0.5)
        )
    learning = np.minimum(new_to_learn, weights.learning_saturation) / weights.learning_saturation
    hours_g, region_g, kind_g = group_factors
    shape = (len(residents), len(opportunities))
    core_all, other_all = np.zeros(shape, np.float32), np.zeros(shape, np.float32)
    if core is not None:
        core_all[limited], other_all[limited] = core, other
    relief = np.where(opportunities.job_coach, weights.job_coach_relief, 1.0).astype(np.float32)
    penalty = np.minimum(other_all / 2, 1) * relief[None, :]
    factors = {
        "talent": talent.astype(np.float32),
        "learning": learning.astype(np.float32),
        "hours": hours_g[g.inverse],
        "region": region_g[g.inverse],
        "kind": kind_g[g.inverse],
        "have": have,
        "learnable": learnable,
        "new_to_learn": new_to_learn,
        "core_conflicts": core_all,
        "other_conflicts": other_all,
    }
    return factors, penalty


# --- Top k and blocking -------------------------------------------------------------------------


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row the column indices of the k best scores (best first) and those scores.

    Ties are broken on the column index, so rankings are reproducible. Positions without a
    possible pair hold score −1 (a blocked column); callers drop ``scores < 0``.
    """
    n, m = scores.shape
    k = min(k, m)
    if k == 0:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float32)
    if n * m >= QUANTISED_TOP_K_FROM and k < m < 65_536:
        return _top_k_quantised(scores, k)
    if k < m:
        part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(m), (n, m)).copy()
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -part_scores), axis=1)
    index = np.take_along_axis(part, order, axis=1)
    return index, np.take_along_axis(part_scores, order, axis=1)


#: From this many scores on (and fewer than 65,536 columns), ``top_k`` works on 32-bit keys.
QUANTISED_TOP_K_FROM = 200_000


def _top_k_quantised(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top k on one 32-bit key per pair: the score rounded to 1/65,534 in the high half
    (best first), the column in the low half. Keys are unique within a row, so one partition
    finds exactly k of them and the order is score first, column second. Scores closer than
    1/65,534 (far below the whole percentages shown) may come out in column order."""
    n, m = scores.shape
    distance = np.clip(scores, 0, 1)
    distance *= -65534
    distance += 65534.5
    keys = distance.astype(np.uint32)
    keys[scores < 0] = 65535  # blocked pairs last
    keys <<= 16
    keys |= np.arange(m, dtype=np.uint32)[None, :]
    best_keys = np.partition(keys, k - 1, axis=1)[:, :k]
    best_keys.sort(axis=1)
    index = (best_keys & 0xFFFF).astype(np.int64)
    values = np.take_along_axis(scores, index, axis=1)
    return index, values


def iter_blocks(
    resident_municipality: np.ndarray,
    opportunity_municipality: np.ndarray,
    reach: np.ndarray,
    municipality_group: np.ndarray,
    *,
    max_rows: int = 4096,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Regional blocking: yield (resident indices, opportunity indices) blocks.

    Residents are grouped by ``municipality_group`` of their municipality (e.g. the labour-market
    region); each group is paired only with the opportunities in municipalities some member
    municipality can reach. Groups are cut into chunks of at most ``max_rows`` residents.
    """
    resident_group = municipality_group[resident_municipality]
    order = np.argsort(resident_group, kind="stable")
    groups, starts = np.unique(resident_group[order], return_index=True)
    ends = np.append(starts[1:], len(order))
    opp_order = np.argsort(opportunity_municipality, kind="stable")
    opp_sorted_mun = opportunity_municipality[opp_order]
    for group, start, end in zip(groups, starts, ends, strict=True):
        members = np.flatnonzero(municipality_group == group)
        reachable = np.flatnonzero((reach[members] > 0).any(axis=0))
        lo = np.searchsorted(opp_sorted_mun, reachable, side="left")
        hi = np.searchsorted(opp_sorted_mun, reachable, side="right")
        opp_index = np.concatenate([opp_order[a:b] for a, b in zip(lo, hi, strict=True)])
        if len(opp_index) == 0:
            continue
        opp_index.sort()
        rows = order[start:end]
        for chunk_start in range(0, len(rows), max_rows):
            yield rows[chunk_start : chunk_start + max_rows], opp_index


def rank_all(
    residents: Residents,
    opportunities: Opportunities,
    reach: np.ndarray,
    municipality_group: np.ndarray,
    k: int = 10,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    max_rows: int = 4096,
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k opportunities for every resident with regional blocking.

    Returns (index, score) arrays of shape n × k; missing entries are −1 with score −1.
    """
    n = len(residents)
    best = np.full((n, k), -1, dtype=np.int64)
    best_scores = np.full((n, k), BLOCKED, dtype=np.float32)
    blocks = iter_blocks(
        residents.municipality,
        opportunities.municipality,
        reach,
        municipality_group,
        max_rows=max_rows,
    )
    last_cols, group_opportunities = None, None
    for rows, cols in blocks:
        if cols is not last_cols:  # chunks of one group share their opportunities (and prepare)
            last_cols, group_opportunities = cols, opportunities.take(cols)
        block = score(residents.take(rows), group_opportunities, reach, weights)
        index, values = top_k(block.score, k)
        found = index.shape[1]
        best[rows, :found] = np.where(values >= 0, cols[index], -1)
        best_scores[rows, :found] = values
    return best, best_scores
