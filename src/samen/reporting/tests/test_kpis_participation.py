"""KPI queries on participation data, on small hand-built data with answers worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from samen.reporting.kpis import participation as kpis
from samen.reporting.periods import parse_period

pytestmark = pytest.mark.skipif(not kpis.is_available(), reason="participation not migrated yet")

H1 = parse_period("2021-H1")  # 1 January – 30 June 2021


@pytest.fixture
def weert(seed_region):
    return seed_region.municipalities.get(cbs_code="GM0988")


@pytest.fixture
def nederweert(seed_region):
    return seed_region.municipalities.get(cbs_code="GM0946")


def dossier(municipality):
    from samen.participation.tests.factories import DossierFactory

    result = DossierFactory(municipality=municipality)
    # Registration opens the dossier today; these dossiers are from before the period.
    type(result).objects.filter(pk=result.pk).update(opened_on=date(2015, 1, 1))
    result.refresh_from_db()
    return result


def episode(dossier, started, ended=None, reason="", kind="bijstand"):
    from samen.participation.models import BenefitEpisode

    return BenefitEpisode.objects.create(
        dossier=dossier, kind=kind, started_on=started, ended_on=ended, end_reason=reason
    )


def rung(dossier, on, value):
    from samen.participation.tests.factories import LadderAssessmentFactory

    return LadderAssessmentFactory(
        dossier=dossier,
        assessed_on=on,
        current_rung=value,
        confirmed_rung=value,
        potential_rung=6,
    )


def health(dossier, on, score):
    from samen.participation.instruments import HEALTH_DIMENSIONS
    from samen.participation.tests.factories import HealthAssessmentFactory

    return HealthAssessmentFactory(
        dossier=dossier, assessed_on=on, **{code: score for code, _ in HEALTH_DIMENSIONS}
    )


@pytest.fixture
def benefits(weert, nederweert):
    a = dossier(weert)
    episode(a, date(2019, 3, 1), date(2021, 3, 15), "work")  # outflow in H1
    episode(a, date(2021, 10, 1))  # back on benefit within 12 months
    episode(dossier(weert), date(2020, 12, 1))  # running: 7 months on 30 June -> 6 to 12
    episode(dossier(weert), date(2016, 1, 1))  # running: 5 years or longer
    episode(dossier(weert), date(2021, 2, 1), date(2021, 5, 31), "moved")  # on benefit, no work
    episode(dossier(weert), date(2021, 7, 1))  # starts after the period: not counted
    episode(dossier(weert), date(2020, 1, 1), date(2020, 12, 31), "work")  # before the period
    episode(dossier(weert), date(2021, 1, 1), kind="none")  # "geen uitkering": never counted
    h = dossier(weert)
    episode(h, date(2021, 1, 10), date(2021, 6, 30), "work")  # outflow on the last day
    episode(dossier(nederweert), date(2021, 6, 1))  # running: shorter than 6 months


def test_benefit_figures_count_residents_on_benefit_outflow_and_duration(
    benefits, weert, nederweert
):
    figures = kpis.benefit_figures([weert.pk, nederweert.pk], H1.start, H1.end)
    assert figures[weert.pk]["on_benefit"] == 5
    assert figures[weert.pk]["outflow"] == 2
    assert {code: figures[weert.pk][code] for code, *_ in kpis.DURATION_BANDS} == {
        "lt6": 1,  # the outflow on 30 June was still on benefit that day
        "6to12": 1,
        "1to2": 0,
        "2to5": 0,
        "ge5": 1,
    }
    assert figures[nederweert.pk] == {
        "on_benefit": 1,
        "outflow": 0,
        "lt6": 1,
        "6to12": 0,
        "1to2": 0,
        "2to5": 0,
        "ge5": 0,
    }


def test_only_the_asked_municipalities_are_counted(benefits, weert, nederweert):
    assert set(kpis.benefit_figures([nederweert.pk], H1.start, H1.end)) == {nederweert.pk}


def test_returns_to_benefit_within_twelve_months(benefits, weert):
    assert kpis.returns_to_benefit([weert.pk], H1.start, H1.end) == {
        weert.pk: {"outflow": 2, "returned": 1}
    }


@pytest.fixture
def ladder(weert):
    from samen.participation import services

    j, k, only_now, m, n = (dossier(weert) for _ in range(5))
    rung(j, date(2020, 6, 15), 2)
    rung(j, date(2020, 12, 20), 3)
    rung(j, date(2021, 5, 1), 4)  # up in 6 months (3 -> 4) and in 12 months (2 -> 4)
    rung(k, date(2020, 12, 1), 4)
    rung(k, date(2021, 4, 1), 3)  # down in 6 months; no rung 12 months back
    rung(only_now, date(2021, 3, 1), 5)  # no earlier rung: not measured for movement
    rung(m, date(2019, 1, 1), 2)
    services.close_dossier(m, closed_on=date(2020, 6, 1), reason="moved")  # closed: left out
    rung(n, date(2021, 8, 1), 6)  # only measured after the period
    health(j, date(2021, 2, 1), 5)
    health(j, date(2021, 5, 1), 7)  # the latest in the period counts
    health(k, date(2021, 3, 1), 4)
    health(only_now, date(2020, 12, 1), 9)  # before the period
    return j, k, only_now


def test_ladder_distribution_uses_the_latest_confirmed_rung(ladder, weert):
    assert kpis.ladder_distribution([weert.pk], H1.end) == {weert.pk: {3: 1, 4: 1, 5: 1}}


def test_ladder_movement_over_6_and_12_months(ladder, weert):
    assert kpis.ladder_movement([weert.pk], H1.end, (6, 12)) == {
        weert.pk: {
            6: {"measured": 2, "up": 1, "down": 1},
            12: {"measured": 1, "up": 1, "down": 0},
        }
    }


def test_health_sums_take_each_residents_latest_measurement_in_the_period(ladder, weert):
    sums = kpis.health_sums([weert.pk], H1.start, H1.end)[weert.pk]
    assert sums["n"] == 2
    assert sums["mental_wellbeing"] == 7 + 4  # averages to 5.5


def test_switches_count_from_to_in_the_period(ladder, weert):
    from samen.participation.models import Arrangement

    j, k, _l = ladder
    daycare = Arrangement.objects.create(
        dossier=j, kind="daycare", started_on=date(2020, 1, 1), ended_on=date(2021, 2, 28)
    )
    Arrangement.objects.create(
        dossier=j, kind="work_daycare", started_on=date(2021, 3, 1), switched_from=daycare
    )
    volunteering = Arrangement.objects.create(
        dossier=k, kind="volunteering", started_on=date(2020, 1, 1), ended_on=date(2021, 7, 31)
    )
    Arrangement.objects.create(
        dossier=k, kind="job_guarantee", started_on=date(2021, 8, 1), switched_from=volunteering
    )
    assert kpis.switches([weert.pk], H1.start, H1.end) == {("daycare", "work_daycare"): 1}


def test_dashboard_section_shows_shares_and_suppresses_small_cells(benefits, seed_region):
    from samen.reporting import dashboards

    section = dashboards.build_section("work", dashboards.region_scope(seed_region), H1)
    outflow = section.figures[0].table
    assert outflow.key == "uitstroom"
    # Weert: 5 on benefit, 2 to work -> both below 10: shown as "<10", the share too.
    weert_row = next(row for row in outflow.rows if row[0] == "Weert")
    assert [str(v) for v in weert_row[1:]] == ["<10", "<10", "<10"]
    # Every share hidden: the chart would only repeat "<10", so the table stands alone.
    assert section.figures[0].chart is None


def test_shares_are_exact_when_numbers_are_large_enough(weert, seed_region):
    from samen.reporting import dashboards

    for number in range(40):
        d = dossier(weert)
        if number < 12:
            episode(d, date(2020, 1, 1), date(2021, 4, 1), "work")
        else:
            episode(d, date(2020, 1, 1))
    scope = dashboards.municipality_scope(weert)
    figure = dashboards.build_section("work", scope, H1).figures[0]
    assert figure.table.rows == [["Weert", 40, 12, Decimal("30.0")]]
    assert figure.table.footer == []
    assert "30,0%" in figure.chart and 'role="img"' in figure.chart
