"""Running the quality measurement (``evaluate_matching`` and the admin page) and keeping the result.

Two sources: a generated benchmark population (``population.generate``; documented in
docs/matching.md) or the placements history of a region. On the history, a resident's relevant
opportunities are those a match of theirs reached: "introduced" counts 1, "placed" 2. Matches of
the first half of the period teach the popularity baseline; the second half is the ground truth,
so popularity does not see the answers. Groups for exposure parity: age band (from the date of
birth); Samen records no gender or migration background of residents, so those are measured on
the benchmark only.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import numpy as np
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from scipy import sparse

from samen.participation.models import Dossier

from . import evaluation, population
from .models import EvaluationRun, Match, MatchEvent, WorkOpportunity
from .services import build, load_opportunities, load_residents

AGE_BANDS = ((18, 27, "18-26"), (27, 45, "27-44"), (45, 55, "45-54"), (55, 200, "55+"))


def age_band(born: date, on: date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for low, high, label in AGE_BANDS:
        if low <= age < high:
            return label
    return ""


def _store(source, k, parameters, results, n, m, started, user=None, region=None) -> EvaluationRun:
    return EvaluationRun.objects.create(
        source=source,
        region=region,
        k=k,
        parameters=parameters,
        results=results,
        resident_count=n,
        opportunity_count=m,
        duration_seconds=Decimal(f"{time.perf_counter() - started:.2f}"),
        created_by=user,
    )


def run_benchmark(
    *, residents: int = 2000, opportunities: int = 800, k: int = 10, seed: int = 2019, user=None
) -> EvaluationRun:
    """Measure on a generated population (the same seed gives the same population)."""
    started = time.perf_counter()
    pop = population.generate(residents, opportunities, seed=seed)
    data = evaluation.EvaluationInput(
        residents=pop.residents,
        opportunities=pop.opportunities,
        reach=pop.territory.reach,
        relevance=pop.relevance,
        past_placements=np.asarray(pop.past.sum(axis=0)).ravel(),
        groups=pop.groups,
    )
    results = evaluation.evaluate(data, k=k, seed=seed)
    parameters = {"residents": residents, "opportunities": opportunities, "seed": seed}
    return _store(
        EvaluationRun.Source.BENCHMARK,
        k,
        parameters,
        results,
        residents,
        opportunities,
        started,
        user,
    )


def _grades(region) -> tuple[dict, dict]:
    """Per (dossier, opportunity) the highest stage reached, split into first and second half."""
    reached = (
        MatchEvent.objects.filter(
            match__dossier__municipality__region=region,
            to_state__in=[Match.State.INTRODUCED, Match.State.PLACED],
        )
        .values("match__dossier_id", "match__opportunity_id")
        .annotate(last=Max("at"))
    )
    rows = list(reached)
    placed = set(
        MatchEvent.objects.filter(
            match__dossier__municipality__region=region, to_state=Match.State.PLACED
        ).values_list("match__dossier_id", "match__opportunity_id")
    )
    if not rows:
        return {}, {}
    moments = sorted(row["last"] for row in rows)
    middle = moments[len(moments) // 2]
    past, test = {}, {}
    for row in rows:
        key = (row["match__dossier_id"], row["match__opportunity_id"])
        grade = 2.0 if key in placed else 1.0
        (past if row["last"] < middle else test)[key] = grade
    return past, test


def run_history(region, *, k: int = 10, user=None) -> EvaluationRun:
    """Measure on the region's placements history (see the module docstring)."""
    started = time.perf_counter()
    past, test = _grades(region)
    dossier_ids = sorted({d for d, _o in test})
    residents = load_residents(Dossier.objects.filter(pk__in=dossier_ids).order_by("pk"))
    opportunities = load_opportunities(
        WorkOpportunity.objects.filter(municipality__region=region).order_by("pk")
    )
    n, m = len(residents), len(opportunities)
    results = {}
    if n and m:
        problem = build(residents, opportunities)
        # Every opportunity is a candidate again (also closed ones): we rank as it was open.
        problem.opportunities.places = np.ones(m, dtype=np.int64)
        row = {d.pk: i for i, d in enumerate(residents.dossiers)}
        col = {o.pk: j for j, o in enumerate(opportunities.opportunities)}
        keys = [(row[d], col[o], g) for (d, o), g in test.items() if d in row and o in col]
        relevance = sparse.csr_matrix(
            ([g for _r, _c, g in keys], ([r for r, _c, _g in keys], [c for _r, c, _g in keys])),
            shape=(n, m),
        )
        popularity = np.zeros(m)
        for (_d, o), _g in past.items():
            if o in col:
                popularity[col[o]] += 1
        today = timezone.localdate()
        groups = {
            "age_band": np.array(
                [age_band(d.resident.date_of_birth, today) for d in residents.dossiers]
            )
        }
        data = evaluation.EvaluationInput(
            residents=problem.residents,
            opportunities=problem.opportunities,
            reach=problem.reach,
            relevance=relevance,
            past_placements=popularity,
            groups=groups,
            weights=next(iter(problem.weights.values())),
        )
        results = evaluation.evaluate(data, k=k)
    parameters = {"region": region.name, "ground_truth_pairs": len(test), "past_pairs": len(past)}
    return _store(
        EvaluationRun.Source.HISTORY, k, parameters, results, n, m, started, user, region=region
    )


def visible_runs(user):
    """Measurements ``user`` may read: benchmark runs (no personal data, no region) and the
    history runs of their own regions."""
    from samen.accounts.permissions import scope_queryset

    perm = "matching.view_evaluationrun"
    if not user.has_perm(perm):
        return EvaluationRun.objects.none()
    own = scope_queryset(user, EvaluationRun.objects.all(), perm).values("pk")
    return EvaluationRun.objects.filter(Q(region__isnull=True) | Q(pk__in=own))


#: The measures shown in the table, in order, with their Dutch column headings.
MEASURES = [
    ("precision@{k}", _("precisie@k")),
    ("recall@{k}", _("recall@k")),
    ("ndcg@{k}", _("NDCG@k")),
    ("mrr", _("MRR")),
    ("resident_coverage", _("dekking inwoners")),
    ("opportunity_coverage", _("dekking werkplekken")),
    ("congestion_gini", _("congestie (Gini)")),
    ("exposure_parity_age_band", _("gelijke zichtbaarheid leeftijd")),
    ("exposure_parity_gender", _("gelijke zichtbaarheid gender")),
]


def table(run: EvaluationRun) -> tuple[list[str], list[tuple[str, list]]]:
    """(column headings, [(method, [value per measure])]) for the page and the command."""
    columns = [(key.format(k=run.k), label) for key, label in MEASURES]
    present = [
        (key, label) for key, label in columns if any(key in r for r in run.results.values())
    ]
    rows = [
        (method, [values.get(key) for key, _label in present])
        for method, values in run.results.items()
    ]
    return [label for _key, label in present], rows
