"""A generated, realistic benchmark population for measuring matching (no Django, no real people).

Uniform noise would flatter any method. This generator follows the shape of the Dutch
Participatiewet population and labour market instead (documented in docs/matching.md):

- Municipalities: populations log-normal (median 30,000; a few cities of several hundred thousand),
  placed on a 200 × 280 km map and grouped into labour-market regions (nearest of ``n_regions``
  centres). Residents with a benefit concentrate in cities (share ∝ population^1.15), work
  opportunities follow population (∝ population).
- Talents: the vocabulary's 20 categories; six generic ones (attitude, social, ...) and fourteen
  sectors. Within a category talents are Zipf-distributed (a few very common, a long tail). The
  sectors residents come from (cleaning, logistics, hospitality, retail, production first) differ
  from those where work is (logistics, care, production first): supply and demand do not line up.
- Each resident has a *true* primary sector (and sometimes a secondary one) and true talents; the
  recorded profile misses a quarter of them and holds a few spurious ones, as real profiles do.
- Hours, functional limitations, ladder rungs, doelgroepregister (14 %), UWV advice beschut werk
  (3 %), old Wsw rights (2 %), age bands and gender (recorded for 90 %) follow skewed
  distributions.
- Opportunities: kind mix (paid 45 %, garantiebaan 10 %, leerwerk 14 %, vrijwilligerswerk 14 %,
  ...), asked and taught talents from their sector, sector-typical physical demands, 1 place for
  most and up to 10 for a few, and a latent attractiveness (some places are simply popular).

Ground truth for accuracy measures comes from a *different* model than the engine: a hidden
utility using the true sectors and talents, the real distance in km, the place's attractiveness
and noise, with the legal eligibility rules as hard constraints. A resident's relevant
opportunities are their best three by that utility (if good enough); the best one counts as
"placed" (relevance 2), the others as "introduced" (1). A second, independent draw gives the
"past" placements the popularity baseline learns from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .scoring import KIND_INDEX, KIND_NEEDS, KIND_RUNG, Opportunities, Residents

GENERIC = ["attitude", "social", "organising", "digital", "language_numeracy", "languages"]
#: Sectors with the share of residents that comes from each and the share of work offered in each.
SECTORS = {
    #           residents  work
    "cleaning": (0.16, 0.10),
    "logistics": (0.14, 0.16),
    "hospitality": (0.12, 0.12),
    "retail": (0.12, 0.10),
    "production": (0.12, 0.14),
    "care": (0.08, 0.14),
    "green": (0.07, 0.05),
    "technical": (0.06, 0.08),
    "office": (0.05, 0.05),
    "community": (0.05, 0.03),
    "children": (0.03, 0.01),
    "creative": (0.03, 0.01),
    "sport": (0.02, 0.005),
    "wood_metal": (0.02, 0.005),
}
TALENTS_PER_CATEGORY = 18
N_LIMITATIONS = 31
#: Limitation codes (indices) typical of sectors' physical and social demands.
SECTOR_DEMANDS = {
    "logistics": [19, 25, 15],  # lifting, standing, climate
    "production": [25, 3, 14, 24],  # standing, pace, noise, fine motor
    "care": [9, 8, 19],  # emotional load, public contact, lifting
    "hospitality": [25, 3, 8, 14],
    "cleaning": [22, 25, 19],  # kneeling, standing, lifting
    "retail": [8, 25],
    "green": [15, 22, 19],
    "technical": [21, 23, 19],  # stairs, reaching, lifting
    "office": [24, 0],  # sitting, attention
    "children": [9, 14],
    "community": [8],
    "creative": [24],
    "sport": [20],
    "wood_metal": [14, 16, 23],
}
#: Relative frequency of each limitation code among residents (a few are very common).
LIMITATION_WEIGHTS = 1 / np.arange(1, N_LIMITATIONS + 1) ** 0.8

KIND_SHARES = {
    "paid": 0.45,
    "job_guarantee": 0.10,
    "learn_work": 0.14,
    "volunteering": 0.14,
    "work_daycare": 0.07,
    "sheltered_work": 0.07,
    "wsw": 0.03,
}
AGE_BANDS = (("18-26", 0.08), ("27-44", 0.40), ("45-54", 0.22), ("55-66", 0.30))
HOURS = (
    (np.nan, 0.08),
    (8, 0.20),
    (12, 0.10),
    (16, 0.20),
    (20, 0.15),
    (24, 0.12),
    (32, 0.10),
    (36, 0.05),
)


@dataclass
class Territory:
    coordinates: np.ndarray  # km, municipalities × 2
    population: np.ndarray
    region: np.ndarray  # labour-market region per municipality
    reach: np.ndarray  # municipalities × municipalities in [0, 1]; 0 = unreachable
    distance: np.ndarray


@dataclass
class Population:
    territory: Territory
    residents: Residents
    opportunities: Opportunities
    #: n × m graded relevance (sparse) and the past placements (for the popularity baseline).
    relevance: sparse.csr_matrix | None
    past: sparse.csr_matrix | None
    groups: dict[str, np.ndarray]
    n_talents: int


def _choose(rng, options, size):
    labels = [label for label, _share in options]
    shares = np.array([share for _label, share in options], dtype=np.float64)
    picked = rng.choice(len(labels), size=size, p=shares / shares.sum())
    return np.array(labels, dtype=object)[picked]


def make_territory(rng, n_municipalities: int = 342, n_regions: int = 35) -> Territory:
    """Municipalities on a map, grouped into labour-market regions, with travel reach."""
    coordinates = rng.uniform([0, 0], [200, 280], size=(n_municipalities, 2))
    population = np.clip(rng.lognormal(np.log(30_000), 0.8, n_municipalities), 1_000, 900_000)
    centres = coordinates[rng.choice(n_municipalities, size=n_regions, replace=False)]
    to_centre = np.linalg.norm(coordinates[:, None, :] - centres[None, :, :], axis=2)
    region = to_centre.argmin(axis=1)
    distance = np.linalg.norm(coordinates[:, None, :] - coordinates[None, :, :], axis=2)
    same_region = region[:, None] == region[None, :]
    # Reachable: within 30 km (also across a regional border), or in the own region within 60 km.
    reachable = (distance <= 30) | (same_region & (distance <= 60))
    reach = np.where(reachable, np.clip(1 - distance / 75, 0.2, 1), 0).astype(np.float32)
    np.fill_diagonal(reach, 1)
    return Territory(coordinates, population, region, reach, distance.astype(np.float32))


def _spread_over(rng, weights, total):
    shares = weights / weights.sum()
    return rng.choice(len(weights), size=total, p=shares)


ZIPF = 1 / np.arange(1, TALENTS_PER_CATEGORY + 1) ** 1.1
ZIPF = ZIPF / ZIPF.sum()
CATEGORIES = GENERIC + list(SECTORS)
CATEGORY_INDEX = {name: i for i, name in enumerate(CATEGORIES)}
N_TALENTS = len(CATEGORIES) * TALENTS_PER_CATEGORY


def _draw_many(rng, owners, categories, counts):
    """Talent draws for many owners at once: (owner, talent) pairs, Zipf within the category.

    Drawn with replacement and deduplicated by ``_binary``, so an owner may end up with a few
    fewer talents than drawn (as with replacement-free drawing of popular talents).
    """
    counts = np.minimum(np.asarray(counts, dtype=np.int64), TALENTS_PER_CATEGORY)
    owner = np.repeat(np.asarray(owners), counts)
    category = np.repeat(np.asarray(categories, dtype=np.int64), counts)
    position = rng.choice(TALENTS_PER_CATEGORY, size=len(owner), p=ZIPF)
    return owner, category * TALENTS_PER_CATEGORY + position


def _binary(rows, cols, shape) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (np.asarray(rows), np.asarray(cols))), shape=shape
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def _concat(*pairs):
    return np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs])


def _sector_draw(rng, size, column):
    names = list(SECTORS)
    shares = np.array([SECTORS[name][column] for name in names])
    return np.array(names, dtype=object)[rng.choice(len(names), size=size, p=shares / shares.sum())]


def _category_codes(names) -> np.ndarray:
    return np.array([CATEGORY_INDEX[name] for name in names], dtype=np.int64)


def make_residents(rng, territory: Territory, n: int):
    """Residents with their recorded profile, and the hidden truth the ground truth uses."""
    everyone = np.arange(n)
    municipality = _spread_over(rng, territory.population**1.15, n)
    primary = _sector_draw(rng, n, 0)
    has_secondary = rng.random(n) < 0.4
    secondary = np.where(has_secondary, _sector_draw(rng, n, 0), None)
    generic = rng.integers(0, len(GENERIC), size=(n, 2))
    generic_counts = rng.poisson(3, n) + 1
    true_rows, true_cols = _concat(
        _draw_many(rng, everyone, _category_codes(primary), rng.poisson(3, n) + 1),
        _draw_many(rng, everyone, generic[:, 0], (generic_counts + 1) // 2),
        _draw_many(rng, everyone, generic[:, 1], generic_counts // 2),
        _draw_many(
            rng,
            everyone[has_secondary],
            _category_codes(secondary[has_secondary]),
            rng.poisson(1.5, int(has_secondary.sum())),
        ),
    )
    true_talents = _binary(true_rows, true_cols, (n, N_TALENTS))
    # The recorded profile misses a quarter of the true talents and holds a few spurious ones.
    kept = rng.random(len(true_rows)) < 0.75
    spurious = rng.poisson(0.5, n)
    observed = _binary(
        np.concatenate([true_rows[kept], np.repeat(everyone, spurious)]),
        np.concatenate([true_cols[kept], rng.integers(0, N_TALENTS, spurious.sum())]),
        (n, N_TALENTS),
    )
    limitation_count = np.where(rng.random(n) < 0.45, 0, np.minimum(1 + rng.poisson(0.8, n), 6))
    lim_p = LIMITATION_WEIGHTS / LIMITATION_WEIGHTS.sum()
    limitations = _binary(
        np.repeat(everyone, limitation_count),
        rng.choice(N_LIMITATIONS, size=limitation_count.sum(), p=lim_p),
        (n, N_LIMITATIONS),
    )
    hours = np.array(_choose(rng, HOURS, n), dtype=np.float32)
    current = rng.choice(np.arange(1, 7), size=n, p=[0.1, 0.2, 0.25, 0.2, 0.15, 0.1])
    potential = np.minimum(current + rng.choice([0, 1, 2], size=n, p=[0.4, 0.4, 0.2]), 6)
    residents = Residents(
        talents=observed,
        limitations=limitations,
        hours=hours,
        municipality=municipality.astype(np.int32),
        current_rung=current.astype(np.int8),
        potential_rung=potential.astype(np.int8),
        in_register=rng.random(n) < 0.14,
        uwv_advice=rng.random(n) < 0.03,
        wsw_rights=rng.random(n) < 0.02,
        ids=everyone,
    )
    gender = np.where(rng.random(n) < 0.53, "v", "m").astype(object)
    gender[rng.random(n) < 0.10] = ""  # not recorded
    groups = {"age_band": _choose(rng, AGE_BANDS, n).astype(str), "gender": gender.astype(str)}
    truth = {"primary": primary, "secondary": secondary, "talents": true_talents}
    return residents, groups, truth


def make_opportunities(rng, territory: Territory, m: int):
    everything = np.arange(m)
    municipality = _spread_over(rng, territory.population, m)
    sector = _sector_draw(rng, m, 1)
    sector_codes = _category_codes(sector)
    kind_codes = _choose(rng, list(KIND_SHARES.items()), m)
    kind = np.array([KIND_INDEX[code] for code in kind_codes], dtype=np.int8)
    asked = _binary(
        *_concat(
            _draw_many(rng, everything, sector_codes, 2 + rng.poisson(2, m)),
            _draw_many(rng, everything, rng.integers(0, len(GENERIC), m), 1 + rng.poisson(1, m)),
        ),
        (m, N_TALENTS),
    )
    teaches = rng.random(m) < 0.6
    taught = _binary(
        *_draw_many(rng, everything[teaches], sector_codes[teaches], rng.poisson(2, teaches.sum())),
        (m, N_TALENTS),
    )
    # Sector-typical demands: each is "always" (core) with 35 %, else "now and then" with 50 %.
    demand_owner = np.concatenate(
        [np.full(len(SECTOR_DEMANDS[s]), j) for j, s in enumerate(sector)]
    )
    demand_code = np.concatenate([SECTOR_DEMANDS[s] for s in sector])
    draw = rng.random(len(demand_owner))
    is_core, is_other = draw < 0.35, (draw >= 0.35) & (draw < 0.675)
    core = _binary(demand_owner[is_core], demand_code[is_core], (m, N_LIMITATIONS))
    other = _binary(demand_owner[is_other], demand_code[is_other], (m, N_LIMITATIONS))
    low = rng.choice([4, 8, 12, 16, 20, 24, 32], size=m, p=[0.08, 0.2, 0.15, 0.2, 0.15, 0.12, 0.1])
    high = np.minimum(low + rng.choice([0, 4, 8, 12, 16], size=m), 40)
    supported = np.isin(kind, [KIND_INDEX["sheltered_work"], KIND_INDEX["job_guarantee"]])
    job_coach = rng.random(m) < np.where(supported, 0.8, 0.3)
    places = rng.choice([1, 2, 3, 5, 10], size=m, p=[0.7, 0.15, 0.08, 0.05, 0.02])
    opportunities = Opportunities(
        asked=asked,
        taught=taught,
        core_demands=core,
        other_demands=other,
        hours_min=low.astype(np.float32),
        hours_max=high.astype(np.float32),
        municipality=municipality.astype(np.int32),
        kind=kind,
        job_coach=job_coach,
        places=places.astype(np.int64),
        ids=everything,
    )
    truth = {"sector": sector, "attractiveness": rng.lognormal(0, 0.7, m)}
    return opportunities, truth


def hidden_utility(rng, residents, opportunities, territory, r_truth, o_truth) -> np.ndarray:
    """The ground-truth utility of every pair (−inf where the law or distance rules it out)."""
    primary = r_truth["primary"][:, None] == o_truth["sector"][None, :]
    secondary = r_truth["secondary"][:, None] == o_truth["sector"][None, :]
    n_asked = np.maximum(np.asarray(opportunities.asked.sum(axis=1)).ravel(), 1)
    coverage = (r_truth["talents"] @ opportunities.asked.T).toarray() / n_asked[None, :]
    h = np.nan_to_num(residents.hours, nan=16)[:, None]
    hours_gap = np.maximum(opportunities.hours_min[None, :] - h, 0) + 0.5 * np.maximum(
        h - opportunities.hours_max[None, :], 0
    )
    km = territory.distance[residents.municipality[:, None], opportunities.municipality[None, :]]
    rung = KIND_RUNG[opportunities.kind][None, :]
    step_fits = (rung >= residents.current_rung[:, None]) & (
        rung <= residents.potential_rung[:, None] + 1
    )
    utility = (
        1.6 * primary
        + 0.8 * secondary
        + 1.2 * coverage
        - hours_gap / 8
        - km / 15
        + 0.3 * np.log(o_truth["attractiveness"])[None, :]
        + 0.4 * step_fits
        + rng.gumbel(0, 0.5, size=primary.shape)
    )
    needs = KIND_NEEDS[opportunities.kind][None, :]
    forbidden = (
        ((needs == 1) & ~residents.in_register[:, None])
        | ((needs == 2) & ~residents.uwv_advice[:, None])
        | ((needs == 3) & ~residents.wsw_rights[:, None])
        | ((residents.limitations @ opportunities.core_demands.T).toarray() > 0)
        | (
            territory.reach[residents.municipality[:, None], opportunities.municipality[None, :]]
            <= 0
        )
    )
    return np.where(forbidden, -np.inf, utility)


def relevance_from(utility: np.ndarray, per_resident: int = 3, threshold: float = 1.5):
    """Each resident's best ``per_resident`` opportunities above ``threshold``: 2 for the best."""
    n, m = utility.shape
    k = min(per_resident, m)
    best = np.argpartition(-utility, k - 1, axis=1)[:, :k]
    values = np.take_along_axis(utility, best, axis=1)
    order = np.argsort(-values, axis=1)
    best, values = (
        np.take_along_axis(best, order, axis=1),
        np.take_along_axis(values, order, axis=1),
    )
    grade = np.where(np.arange(k)[None, :] == 0, 2.0, 1.0) * (values > threshold)
    rows = np.repeat(np.arange(n), k)
    matrix = sparse.csr_matrix((grade.ravel(), (rows, best.ravel())), shape=(n, m))
    matrix.eliminate_zeros()
    return matrix


def generate(
    n_residents: int = 3000,
    n_opportunities: int = 1200,
    *,
    n_municipalities: int = 30,
    n_regions: int = 3,
    seed: int = 2019,
    with_truth: bool = True,
) -> Population:
    """A benchmark population; ``with_truth`` also computes the ground truth (dense n × m)."""
    rng = np.random.default_rng(seed)
    territory = make_territory(rng, n_municipalities, n_regions)
    residents, groups, r_truth = make_residents(rng, territory, n_residents)
    opportunities, o_truth = make_opportunities(rng, territory, n_opportunities)
    relevance = past = None
    if with_truth:
        args = (residents, opportunities, territory, r_truth, o_truth)
        relevance = relevance_from(hidden_utility(rng, *args))
        past = relevance_from(hidden_utility(rng, *args))
    return Population(territory, residents, opportunities, relevance, past, groups, N_TALENTS)
