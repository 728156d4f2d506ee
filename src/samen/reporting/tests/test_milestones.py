"""Decision milestones (issue 8 B): statuses derived from dates, never typed; the worklist."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.reporting import milestones
from samen.reporting.models import Milestone

from .factories import MilestoneFactory

WINDOW = {"window_starts_on": date(2021, 4, 1), "due_on": date(2021, 5, 31)}


def build(**fields):
    return Milestone(title="Quick scan", **{**WINDOW, "by_college": True, **fields})


@pytest.mark.parametrize(
    ("today", "fields", "expected"),
    [
        (date(2021, 3, 31), {}, milestones.PLANNED),
        (date(2021, 4, 1), {}, milestones.DUE),
        (date(2021, 5, 31), {}, milestones.DUE),
        (date(2021, 6, 1), {}, milestones.OVERDUE),
        (date(2021, 6, 1), {"college_on": date(2021, 5, 25)}, milestones.DONE),
        (
            date(2021, 5, 1),
            {"by_council": True, "college_on": date(2021, 4, 20)},
            milestones.IN_PROGRESS,
        ),
        (
            date(2021, 6, 1),
            {"by_council": True, "college_on": date(2021, 4, 20)},
            milestones.OVERDUE,
        ),
        (
            date(2021, 6, 1),
            {"cancelled_on": date(2021, 5, 1), "cancel_reason": "vervangen"},
            milestones.CANCELLED,
        ),
    ],
)
def test_status_follows_from_today_window_and_dates(today, fields, expected):
    assert milestones.status_of(build(**fields), today) == expected


def test_days_overdue_counts_from_the_due_date():
    assert milestones.days_overdue(build(), date(2021, 6, 10)) == 10
    assert milestones.days_overdue(build(), date(2021, 5, 10)) == 0


def test_seed_004_quarterly_progress_becomes_one_milestone_per_quarter():
    windows = milestones.quarterly_windows(date(2020, 1, 1), date(2021, 6, 30))
    assert [w[0] for w in windows] == [
        "kwartaal 1 2020",
        "kwartaal 2 2020",
        "kwartaal 3 2020",
        "kwartaal 4 2020",
        "kwartaal 1 2021",
        "kwartaal 2 2021",
    ]
    assert windows[0][1:] == (date(2020, 1, 1), date(2020, 3, 31))
    assert windows[-1][2] == date(2021, 6, 30)


def test_deciders_are_named_with_the_committee(seed_region):
    milestone = build(by_committee=True, committee_name="commissie MO", by_council=True)
    assert milestones.deciders_text(milestone) == "college, commissie MO, raad"


@pytest.mark.django_db
def test_a_date_for_a_body_that_does_not_decide_is_refused(seed_region):
    milestone = build(region=seed_region, council_on=date(2021, 5, 1))
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "council_on" in error.value.message_dict


@pytest.mark.django_db
def test_a_milestone_needs_a_body_and_an_ordered_window(seed_region):
    milestone = build(
        region=seed_region,
        by_college=False,
        window_starts_on=date(2021, 6, 1),
        due_on=date(2021, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert {"due_on", "by_college"} <= set(error.value.message_dict)


@settings(max_examples=60, deadline=None)
@given(
    today=st.dates(min_value=date(2021, 1, 1), max_value=date(2021, 12, 31)),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()).filter(any),
    handled=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    cancelled=st.booleans(),
)
@pytest.mark.django_db
def test_the_sql_overdue_filter_agrees_with_status_of(today, flags, handled, cancelled):
    from samen.regions.tests.factories import RegionFactory

    region = RegionFactory(name="Hypothese")
    Milestone.objects.filter(region=region).delete()
    college, committee, council = flags
    milestone = MilestoneFactory(
        region=region,
        by_college=college,
        by_committee=committee,
        by_council=council,
        college_on=date(2021, 4, 15) if college and handled[0] else None,
        committee_on=date(2021, 4, 20) if committee and handled[1] else None,
        council_on=date(2021, 4, 25) if council and handled[2] else None,
        cancelled_on=date(2021, 5, 1) if cancelled else None,
        cancel_reason="vervallen" if cancelled else "",
    )
    in_sql = milestones.overdue(Milestone.objects.filter(region=region), today).exists()
    assert in_sql == (milestones.status_of(milestone, today) == milestones.OVERDUE)
