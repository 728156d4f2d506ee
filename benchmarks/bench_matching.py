"""Benchmark: the matching engine (samen.matching.scoring / assignment) on generated data.

Run from the repository root:

    .venv/bin/python benchmarks/bench_matching.py            # everything (national takes minutes)
    .venv/bin/python benchmarks/bench_matching.py --skip-national
    .venv/bin/python benchmarks/bench_matching.py --only national --workers 2

All data is generated in memory by ``samen.matching.population`` (the realistic benchmark
population documented in docs/matching.md; no database, no real people). It measures:

  a. top-10 for one resident among 100,000 opportunities, all reachable (goal < 50 ms): median and
     p95 over 200 residents, with the opportunity matrices prepared once (as a server keeps them)
     and, separately, the one-off preparation;
  b. a municipality round: 2,000 residents × 1,000 opportunities with their places (goal < 2 s),
     scoring plus the optimal assignment, median of 5;
  c. the national scale: 406,000 residents × 100,000 opportunities over 342 municipalities in 35
     labour-market regions, top-10 for everyone with regional blocking (goal < 5 min on 2 cores);
     wall time and peak memory (RSS of the process that ran it), with 1 or ``--workers`` processes;
  d. the speed-up over a plain Python loop over pairs (``samen.matching.reference``) on the same
     data: 200 residents × 1,000 opportunities of (b).

Each part runs in its own process, so the peak memory of one does not hide in another's.
Results are recorded in docs/matching.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

import numpy as np  # noqa: E402

from samen.matching import assignment, population, reference, scoring  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_resident(seed: int) -> dict:
    load = os.getloadavg()[0]
    rng = np.random.default_rng(seed)
    territory = population.make_territory(rng, 1, 1)  # one municipality: everything reachable
    residents, _groups, _truth = population.make_residents(rng, territory, 200)
    opportunities, _truth = population.make_opportunities(rng, territory, 100_000)
    started = time.perf_counter()
    opportunities.prepare()
    prepare_ms = (time.perf_counter() - started) * 1000
    timings = []
    for i in range(len(residents)):
        one = residents.take([i])
        started = time.perf_counter()
        block = scoring.score(one, opportunities, territory.reach)
        scoring.top_k(block.score, 10)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "opportunities": len(opportunities),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * len(timings)) - 1], 2),
        "prepare_once_ms": round(prepare_ms, 1),
        "load_average": round(load, 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def municipality_round(seed: int) -> dict:
    pop = population.generate(
        2000, 1000, n_municipalities=8, n_regions=1, seed=seed, with_truth=False
    )
    timings, score_times, cpu_times = [], [], []
    load_average = os.getloadavg()[0]
    for _ in range(5):
        cpu = time.process_time()
        pop.opportunities._derived.clear()
        started = time.perf_counter()
        block = scoring.score(pop.residents, pop.opportunities, pop.territory.reach)
        scored = time.perf_counter()
        result = assignment.assign(block.score, pop.opportunities.places)
        timings.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu)
        score_times.append(scored - started)
    load = result.load(len(pop.opportunities))
    assert (load <= pop.opportunities.places).all()
    return {
        "residents": len(pop.residents),
        "opportunities": len(pop.opportunities),
        "places": int(pop.opportunities.places.sum()),
        "proposals": int(len(result.assigned)),
        "median_s": round(statistics.median(timings), 3),
        "scoring_median_s": round(statistics.median(score_times), 3),
        "cpu_median_s": round(statistics.median(cpu_times), 3),
        "load_average": round(load_average, 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def _reach(pop, kind: str) -> np.ndarray:
    """``region``: the rule Samen applies (same labour-market region); ``distance``: the
    generator's travel reach (within 30 km, also across a regional border, or 60 km inside)."""
    if kind == "distance":
        return pop.territory.reach
    return scoring.reach_matrix(
        pop.territory.region, scoring.DEFAULT_WEIGHTS.other_municipality_reach
    )


def _national_part(args) -> tuple[np.ndarray, np.ndarray, float]:
    """Rank the residents of some labour-market regions (one worker's share)."""
    seed, regions, reach_kind = args
    pop = _national_population(seed)
    keep = np.isin(pop.territory.region[pop.residents.municipality], regions)
    residents = pop.residents.take(np.flatnonzero(keep))
    cpu = time.process_time()
    index, values = scoring.rank_all(
        residents,
        pop.opportunities,
        _reach(pop, reach_kind),
        pop.territory.region,
        k=10,
        max_rows=2048,
    )
    return index, values, peak_rss_mb(), time.process_time() - cpu


_CACHE: dict = {}


def _national_population(seed: int):
    if seed not in _CACHE:
        _CACHE[seed] = population.generate(
            406_000, 100_000, n_municipalities=342, n_regions=35, seed=seed, with_truth=False
        )
    return _CACHE[seed]


def national(seed: int, workers: int, reach_kind: str = "region") -> dict:
    started = time.perf_counter()
    pop = _national_population(seed)
    reach = _reach(pop, reach_kind)
    generated = time.perf_counter() - started
    load_before = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    if workers <= 1:
        _index, values = scoring.rank_all(
            pop.residents,
            pop.opportunities,
            reach,
            pop.territory.region,
            k=10,
            max_rows=2048,
        )
        worker_peaks, cpu_seconds = [], [round(time.process_time() - cpu, 1)]
    else:
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        # Regions dealt largest first to the least-loaded worker (by candidate pairs).
        region_of = pop.territory.region
        residents_per = np.bincount(region_of[pop.residents.municipality], minlength=35)
        opportunities_per = np.bincount(region_of[pop.opportunities.municipality], minlength=35)
        pairs_per = residents_per * opportunities_per
        shares, loads = [[] for _ in range(workers)], [0] * workers
        for region in np.argsort(-pairs_per):
            lightest = loads.index(min(loads))
            shares[lightest].append(int(region))
            loads[lightest] += int(pairs_per[region])
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            parts = list(pool.map(_national_part, [(seed, share, reach_kind) for share in shares]))
        values = np.concatenate([p[1] for p in parts])
        worker_peaks = [round(p[2]) for p in parts]
        cpu_seconds = [round(p[3], 1) for p in parts]
    elapsed = time.perf_counter() - started
    pairs = _candidate_pairs(pop, reach)
    return {
        "residents": len(pop.residents),
        "opportunities": len(pop.opportunities),
        "municipalities": 342,
        "regions": 35,
        "workers": workers,
        "reach": reach_kind,
        "load_average_before": round(load_before, 1),
        "scored_pairs": pairs,
        "share_of_all_pairs": round(pairs / (len(pop.residents) * len(pop.opportunities)), 4),
        "residents_with_a_top10": int((values[:, 0] >= 0).sum()),
        "generate_s": round(generated, 1),
        "rank_s": round(elapsed, 1),
        # CPU time per process: what the run costs on cores of its own, whatever else runs.
        "cpu_s_per_process": cpu_seconds,
        "peak_rss_mb": round(peak_rss_mb()),
        "worker_peak_rss_mb": worker_peaks,
    }


def _candidate_pairs(pop, reach) -> int:
    total = 0
    for rows, cols in scoring.iter_blocks(
        pop.residents.municipality,
        pop.opportunities.municipality,
        reach,
        pop.territory.region,
        max_rows=10**9,
    ):
        total += len(rows) * len(cols)
    return total


def speedup(seed: int) -> dict:
    pop = population.generate(
        2000, 1000, n_municipalities=8, n_regions=1, seed=seed, with_truth=False
    )
    residents = pop.residents.take(np.arange(200))
    started = time.perf_counter()
    loop = reference.score_loop(residents, pop.opportunities, pop.territory.reach)
    loop_s = time.perf_counter() - started
    timings = []
    for _ in range(5):
        pop.opportunities._derived.clear()
        started = time.perf_counter()
        block = scoring.score(residents, pop.opportunities, pop.territory.reach)
        timings.append(time.perf_counter() - started)
    vectorised_s = statistics.median(timings)
    assert np.allclose(block.score, np.array(loop, dtype=np.float32), atol=1e-5)
    return {
        "pairs": len(residents) * len(pop.opportunities),
        "python_loop_s": round(loop_s, 2),
        "vectorised_s": round(vectorised_s, 4),
        "speedup": round(loop_s / vectorised_s),
        "identical_scores": True,
    }


PARTS = {
    "one_resident": lambda args: one_resident(args.seed),
    "municipality_round": lambda args: municipality_round(args.seed),
    "speedup": lambda args: speedup(args.seed),
    "national": lambda args: national(args.seed, args.workers, args.reach),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=list(PARTS))
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--workers", type=int, default=1, help="processes for the national run")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--reach", choices=["region", "distance"], default="region")
    args = parser.parse_args()
    if args.only:
        print(json.dumps({args.only: PARTS[args.only](args)}))
        return
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cpu, Python {platform.python_version()}, NumPy {np.__version__}"
    )
    for name in PARTS:
        if name == "national" and args.skip_national:
            continue
        command = [
            sys.executable,
            __file__,
            "--only",
            name,
            "--seed",
            str(args.seed),
            "--workers",
            str(args.workers),
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        print(output.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
