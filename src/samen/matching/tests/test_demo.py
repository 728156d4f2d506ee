"""The demo loader runs after the other modules' demos and can run twice."""

import pytest
from django.core.management import call_command

from samen.matching import demo
from samen.matching.models import AssignmentRun, EvaluationRun, Match, WorkOpportunity


@pytest.mark.django_db(transaction=False)
def test_load_demo_fills_every_state_and_is_idempotent(settings):
    settings.ALLOW_DEMO_DATA = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (WorkOpportunity.objects.count(), Match.objects.count(), AssignmentRun.objects.count())
    assert counts[0] >= 14 and counts[2] == 1
    assert set(Match.objects.values_list("state", flat=True)) == set(Match.State.values)
    assert Match.objects.filter(state="placed", arrangement__isnull=False).exists()
    assert EvaluationRun.objects.count() == 1
    demo.load({})
    after = (WorkOpportunity.objects.count(), Match.objects.count(), AssignmentRun.objects.count())
    assert after == counts
