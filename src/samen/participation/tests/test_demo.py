"""The demo data: invented residents with valid generated BSNs, three years of history, Maarten."""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from stdnum.nl import bsn as stdnum_bsn

from samen.accounts.demo import load as load_accounts
from samen.conftest import login_verified
from samen.participation import demo, retention
from samen.participation.models import (
    Arrangement,
    BenefitEpisode,
    Dossier,
    LadderAssessment,
    Resident,
)
from samen.regions.demo import load as load_regions


@pytest.fixture
def demo_context(db):
    context = {}
    load_regions(context)
    load_accounts(context)
    demo.load(context)
    return context


def test_the_demo(demo_context, client):
    """One load (it takes a while), every check."""
    a_few_hundred_residents_over_four_municipalities()
    the_stories_keep_to_the_rules()
    maarten_goes_from_creative_day_care_to_beschut_werk()
    only_the_own_municipality_case_worker_sees_maarten(client)
    loading_twice_changes_nothing(demo_context)


def a_few_hundred_residents_over_four_municipalities():
    counts = {
        code: Resident.objects.filter(municipality__cbs_code=code).count()
        for code in ("GM1509", "GM0988", "GM0946", "GM1706")
    }
    # Enough for the reporting dashboards to show figures (most cells at least 10 residents).
    assert sum(counts.values()) >= 1800 and all(n >= 350 for n in counts.values())
    assert all(stdnum_bsn.is_valid(b) for b in Resident.objects.values_list("bsn", flat=True))
    assert Arrangement.objects.filter(switched_from__isnull=False).count() > 800
    assert set(Arrangement.objects.values_list("kind", flat=True)) == set(Arrangement.Kind.values)
    assert set(LadderAssessment.objects.values_list("confirmed_rung", flat=True)) == set(
        range(1, 7)
    )
    assert BenefitEpisode.objects.filter(end_reason="work").count() > 300
    assert Dossier.objects.filter(status="closed", closing_reason="moved").count() > 50
    assert retention.due_for_destruction().exists()
    dates = LadderAssessment.objects.values_list("assessed_on", flat=True)
    assert max(dates) - min(dates) >= timedelta(days=3 * 365 - 60)  # three years of measurements


def the_stories_keep_to_the_rules():
    """What the services check, the bulk-written stories keep to as well."""
    assert not Arrangement.objects.filter(
        kind="sheltered_work", uwv_advice_on__isnull=True
    ).exists()
    assert not Arrangement.objects.filter(kind="wsw", started_on__gte=date(2015, 1, 1)).exists()
    for arrangement in Arrangement.objects.filter(switched_from__isnull=False).select_related(
        "switched_from"
    ):
        assert arrangement.started_on - arrangement.switched_from.ended_on == timedelta(days=1)
    periods = defaultdict(list)
    for dossier, start, end in BenefitEpisode.objects.values_list(
        "dossier", "started_on", "ended_on"
    ):
        periods[dossier].append((start, end or date.max))
    for spans in periods.values():
        spans.sort()
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    for dossier in Dossier.objects.filter(status="closed"):
        assert not dossier.benefit_episodes.filter(ended_on__isnull=True).exists()


def maarten_goes_from_creative_day_care_to_beschut_werk():
    maarten = Resident.objects.get(given_names="Maarten", surname="Peeters")
    assert maarten.municipality.cbs_code == "GM0946"
    arrangements = {a.kind: a for a in maarten.dossier.arrangements.all()}
    sheltered = arrangements[Arrangement.Kind.SHELTERED_WORK]
    assert sheltered.uwv_advice_on is not None
    assert sheltered.switched_from.kind == Arrangement.Kind.WORK_DAYCARE
    assert sheltered.started_on - sheltered.switched_from.ended_on == timedelta(days=1)
    assert arrangements[Arrangement.Kind.DAYCARE].ended_on is None  # Thursday afternoons stay
    rungs = list(
        maarten.dossier.ladder_assessments.order_by("assessed_on").values_list(
            "confirmed_rung", flat=True
        )
    )
    assert rungs == [3, 4, 5, 5]


def only_the_own_municipality_case_worker_sees_maarten(client):
    from samen.accounts.models import User

    maarten = Resident.objects.get(given_names="Maarten", surname="Peeters")
    url = f"/participatie/dossiers/{maarten.dossier.uuid}/"
    nederweert = login_verified(
        client, User.objects.get(email="klantmanager.nederweert@samen.demo")
    )
    assert nederweert.get(url).status_code == 200
    weert = login_verified(client, User.objects.get(email="klantmanager.weert@samen.demo"))
    assert weert.get(url).status_code == 404


def loading_twice_changes_nothing(demo_context):
    before = (Resident.objects.count(), Arrangement.objects.count())
    demo.load(demo_context)
    assert (Resident.objects.count(), Arrangement.objects.count()) == before
