"""The management commands: evaluate_matching and run_matching_round."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from samen.matching.models import AssignmentRun, EvaluationRun, Match

from .factories import MatchFactory


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_evaluate_matching_on_the_benchmark_prints_and_stores_the_table(db):
    output = run("evaluate_matching", "--residents", "300", "--opportunities", "120", "--k", "5")
    assert "NDCG@k" in output and "alleen talentoverlap" in output and "populariteit" in output
    stored = EvaluationRun.objects.get()
    assert stored.k == 5 and stored.parameters["residents"] == 300
    assert 0 <= stored.results["samen"]["ndcg@5"] <= 1


def test_evaluate_matching_on_the_history(seed_region, dossier, opportunity, case_worker):
    match = MatchFactory(dossier=dossier, opportunity=opportunity)
    from samen.matching.models import MatchEvent

    MatchEvent.objects.create(
        match=match, from_state="discussed", to_state=Match.State.INTRODUCED, by=case_worker
    )
    output = run("evaluate_matching", "--source", "history", "--region", seed_region.name)
    assert "plaatsingsgeschiedenis" in output
    assert EvaluationRun.objects.get().region == seed_region


def test_evaluate_matching_refuses_bad_arguments(db):
    with pytest.raises(CommandError):
        run("evaluate_matching", "--source", "history", "--region", "Nergens")
    with pytest.raises(CommandError):
        run("evaluate_matching", "--k", "0")


def test_run_matching_round(case_worker, dossier, opportunity):
    output = run("run_matching_round", "GM0988", "--user", case_worker.email)
    assert "1 proposals" in output
    assert AssignmentRun.objects.get().status == "done"
