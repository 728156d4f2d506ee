"""KPI queries on the network and action lines, on hand-built data with known answers."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from samen.reporting.kpis import network as kpis
from samen.reporting.periods import parse_period

pytestmark = pytest.mark.skipif(not kpis.is_available(), reason="action lines not migrated yet")

H1 = parse_period("2021-H1")


def at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


@pytest.fixture
def network(seed_region, other_region):
    from samen.actionlines.models import ActionLine, StatusChange
    from samen.actionlines.tests.factories import (
        ActionLineFactory,
        CommitmentFactory,
        MeetingFactory,
        OrganisationFactory,
        ProgressReportFactory,
    )

    on_time = ActionLineFactory(region=seed_region, title="Werk", start_date=date(2019, 1, 1))
    late = ActionLineFactory(region=seed_region, title="Meedoen", start_date=date(2019, 1, 1))
    young = ActionLineFactory(region=seed_region, title="Nieuw", start_date=date(2021, 3, 1))
    ended = ActionLineFactory(
        region=seed_region,
        title="Gestopt",
        start_date=date(2019, 1, 1),
        status=ActionLine.Status.ENDED,
    )
    StatusChange.objects.create(
        action_line=ended,
        from_status="active",
        to_status="paused",
        changed_on=date(2021, 2, 1),
        reason="even stil",
    )
    StatusChange.objects.create(
        action_line=ended,
        from_status="paused",
        to_status="ended",
        changed_on=date(2021, 9, 1),  # after the period: paused on 30 June
        reason="gestopt",
    )
    ActionLineFactory(region=seed_region, title="Later", start_date=date(2021, 9, 1))
    ActionLineFactory(region=other_region, title="Elders", start_date=date(2019, 1, 1))
    ProgressReportFactory(action_line=on_time, first_submitted_at=at(date(2021, 5, 20)))
    ProgressReportFactory(action_line=late, first_submitted_at=at(date(2020, 11, 1)))
    ProgressReportFactory(action_line=late, first_submitted_at=None)  # a draft
    committed = OrganisationFactory(region=seed_region)
    CommitmentFactory(action_line=on_time, organisation=committed, since=date(2020, 1, 1))
    later = OrganisationFactory(region=seed_region)
    CommitmentFactory(action_line=on_time, organisation=later, since=date(2021, 8, 1))
    visitor, absent = (OrganisationFactory(region=seed_region) for _ in range(2))
    meeting = MeetingFactory(region=seed_region, date=date(2021, 4, 15))
    meeting.attending_organisations.set([committed, visitor])
    MeetingFactory(region=seed_region, date=date(2021, 10, 1)).attending_organisations.set([absent])
    return young


def test_lines_by_status_on_the_last_day_of_the_period(network, seed_region):
    assert kpis.lines_by_status(seed_region.pk, H1.end) == {"active": 3, "paused": 1}


def test_reports_overdue_counts_active_lines_without_a_recent_half_yearly_report(
    network, seed_region
):
    # "Meedoen" last reported in November 2020; "Nieuw" is younger than six months.
    assert kpis.reports_overdue(seed_region.pk, H1.end) == 1


def test_reports_submitted_in_the_period(network, seed_region):
    assert kpis.reports_submitted(seed_region.pk, H1.start, H1.end) == 1


def test_partners_active_committed_or_at_a_meeting(network, seed_region):
    assert kpis.partners_active(seed_region.pk, H1.start, H1.end) == 2


def test_meetings_held_and_organisations_present(network, seed_region):
    assert kpis.meetings_held(seed_region.pk, H1.start, H1.end) == {
        "meetings": 1,
        "attendances": 2,
    }
