"""The generated benchmark population is skewed like reality, and the engine beats the baselines."""

import numpy as np

from samen.matching import evaluation, population


def test_talent_frequencies_are_skewed_not_uniform():
    pop = population.generate(3000, 1000, with_truth=False)
    counts = np.asarray(pop.residents.talents.sum(axis=0)).ravel()
    counts = np.sort(counts)[::-1]
    top_decile = counts[: len(counts) // 10].sum() / counts.sum()
    assert top_decile > 0.3  # a uniform vocabulary would give about 0.1


def test_residents_concentrate_in_larger_municipalities():
    pop = population.generate(4000, 1000, n_municipalities=40, n_regions=4, with_truth=False)
    per_municipality = np.bincount(pop.residents.municipality, minlength=40)
    share = per_municipality / per_municipality.sum()
    population_share = pop.territory.population / pop.territory.population.sum()
    biggest = np.argmax(pop.territory.population)
    assert share[biggest] > population_share[biggest] * 0.9


def test_hours_regions_and_rights_follow_the_documented_shares():
    pop = population.generate(5000, 500, with_truth=False)
    r = pop.residents
    assert 0.10 < r.in_register.mean() < 0.18
    assert 0.05 < np.isnan(r.hours).mean() < 0.11
    assert set(np.unique(pop.groups["age_band"])) == {"18-26", "27-44", "45-54", "55-66"}
    assert (pop.groups["gender"] == "").mean() > 0.05  # not recorded for some


def test_ground_truth_respects_the_law():
    pop = population.generate(800, 300, n_municipalities=10, n_regions=2)
    rows, cols = pop.relevance.nonzero()
    kind = pop.opportunities.kind[cols]
    needs_register = kind == population.KIND_INDEX["job_guarantee"]
    assert pop.residents.in_register[rows[needs_register]].all()


def test_engine_beats_every_baseline_on_ndcg_and_the_round_lowers_congestion():
    pop = population.generate(1500, 600, n_municipalities=15, n_regions=2, seed=7)
    data = evaluation.EvaluationInput(
        residents=pop.residents,
        opportunities=pop.opportunities,
        reach=pop.territory.reach,
        relevance=pop.relevance,
        past_placements=np.asarray(pop.past.sum(axis=0)).ravel(),
        groups=pop.groups,
    )
    results = evaluation.evaluate(data, k=10)
    assert set(results) == set(evaluation.METHODS)
    ndcg = {method: values["ndcg@10"] for method, values in results.items()}
    for baseline in ("random", "popularity", "rules", "talent_overlap"):
        assert ndcg["samen"] > ndcg[baseline], baseline
    assert results["samen_round"]["congestion_gini"] < results["samen"]["congestion_gini"]
    assert results["popularity"]["congestion_gini"] > results["samen"]["congestion_gini"]
