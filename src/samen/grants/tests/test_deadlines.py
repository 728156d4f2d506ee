"""Deadlines: Awb periods, clock stops, and the Algemene termijnenwet with computed holidays."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.grants import deadlines
from samen.grants.deadlines import Suspension

DAY = timedelta(days=1)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize(
    "year, easter",
    [
        (2019, date(2019, 4, 21)),
        (2020, date(2020, 4, 12)),
        (2021, date(2021, 4, 4)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_is_computed(year, easter):
    assert deadlines.easter_sunday(year) == easter


def test_the_holidays_of_2020_as_the_atw_names_them():
    assert set(deadlines.statutory_holidays(2020)) == {
        date(2020, 1, 1),
        date(2020, 4, 10),
        date(2020, 4, 13),
        date(2020, 4, 27),
        date(2020, 5, 5),
        date(2020, 5, 21),
        date(2020, 6, 1),
        date(2020, 12, 25),
        date(2020, 12, 26),
    }


def test_kings_day_on_a_sunday_moves_to_saturday():
    assert deadlines.kings_day(2025) == date(2025, 4, 26)
    assert deadlines.kings_day(2014) == date(2014, 4, 26)
    assert deadlines.kings_day(2006) == date(2006, 4, 29)  # Queen's Day, 30 April a Sunday


# The royal decrees under Atw art. 3(3) for these periods list exactly these days.
DECREES = {
    (2017, 2018, 2019): {
        date(2017, 4, 28),
        date(2017, 5, 26),
        date(2018, 5, 11),
        date(2018, 12, 24),
        date(2018, 12, 31),
        date(2019, 5, 31),
        date(2019, 12, 27),
    },
    (2023, 2024, 2025): {
        date(2023, 4, 28),
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
    },
    (2026, 2027, 2028): {
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    },
}


@pytest.mark.parametrize("years, decreed", DECREES.items())
def test_equated_days_reproduce_the_royal_decrees(years, decreed):
    computed = set().union(*(deadlines.equated_days(year) for year in years))
    assert computed == decreed


def test_a_period_ending_on_saturday_ends_on_monday():
    # Sent Saturday 2 May 2020: six weeks later is Saturday 13 June -> Monday 15 June.
    assert deadlines.objection_period_end(date(2020, 5, 2)) == date(2020, 6, 15)


def test_a_period_ending_on_easter_monday_moves_to_tuesday():
    # 8 weeks after 17 February 2020 is Easter Monday 13 April 2020.
    assert deadlines.period_end(date(2020, 2, 17), weeks=8) == date(2020, 4, 14)


def test_a_period_ending_on_ascension_day_skips_the_bridge_friday_and_the_weekend():
    # 6 weeks after 1 April 2021 is Ascension Day 13 May; Friday 14 May is equated with it.
    assert deadlines.period_end(date(2021, 4, 1), weeks=6) == date(2021, 5, 17)


def test_christmas_on_a_tuesday_makes_a_five_day_extension():
    # Saturday 22 December 2018, Sunday, Monday 24 (equated), 25 and 26 December -> Thursday 27.
    assert deadlines.next_working_day(date(2018, 12, 22)) == date(2018, 12, 27)


def test_good_friday_is_not_a_working_day():
    assert not deadlines.is_working_day(date(2021, 4, 2))
    assert deadlines.non_working_reason(date(2021, 4, 2)) == "Goede Vrijdag"


def test_short_period_gets_two_working_days():
    # Atw art. 2: 3 days from Thursday 1 April 2021 end Sunday -> Tuesday (Easter Monday skipped),
    # but (Thu, Tue] holds only Tuesday as working day, so it runs to Wednesday 7 April.
    assert deadlines.period_end(date(2021, 4, 1), days=3) == date(2021, 4, 7)


def test_decision_due_is_eight_weeks_plus_the_clock_stop():
    received = date(2020, 3, 2)
    plain = deadlines.decision_due(received, 8)
    assert plain == date(2020, 4, 28)  # 27 April 2020 is King's Day (a Monday)
    assert deadlines.decision_due(
        received, 8, [Suspension(date(2020, 3, 10), date(2020, 3, 24), date(2020, 3, 20))]
    ) == date(2020, 5, 6)  # 9 days stopped: 27 April + 9 = 6 May (5 May is a holiday, 6 May is not)


def test_unanswered_remedy_request_stops_the_clock_for_its_whole_period():
    received = date(2020, 3, 2)
    request = Suspension(date(2020, 3, 10), date(2020, 3, 24))
    assert request.days() == 14
    assert deadlines.decision_due(received, 8, [request]) == deadlines.period_end(
        received, weeks=8, suspended_days=14
    )


def test_answer_the_day_after_the_request_stops_nothing():
    assert Suspension(date(2020, 3, 10), date(2020, 3, 24), date(2020, 3, 11)).days() == 0


def test_objection_decision_counts_from_the_day_after_the_objection_period():
    sent = date(2020, 6, 1)
    period = deadlines.objection_period_end(sent)
    assert period == date(2020, 7, 13)
    assert deadlines.objection_decision_due(period) == date(2020, 8, 24)
    assert deadlines.objection_decision_due(period, extended=True) == date(2020, 10, 5)


def test_negative_periods_are_refused():
    with pytest.raises(ValueError):
        deadlines.period_end(date(2020, 1, 1), weeks=-1)


# --- Properties ---------------------------------------------------------------------------------


@given(dates, st.integers(min_value=1, max_value=60))
def test_a_period_in_weeks_always_ends_on_a_working_day(event, weeks):
    end = deadlines.period_end(event, weeks=weeks)
    assert deadlines.is_working_day(end)


@given(dates, st.integers(min_value=1, max_value=60))
def test_extension_only_skips_non_working_days_and_at_most_five(event, weeks):
    naive = event + timedelta(weeks=weeks)
    end = deadlines.period_end(event, weeks=weeks)
    assert naive <= end <= naive + 5 * DAY
    day = naive
    while day < end:
        assert not deadlines.is_working_day(day), day
        day += DAY


@given(dates)
def test_next_working_day_is_idempotent(day):
    once = deadlines.next_working_day(day)
    assert deadlines.next_working_day(once) == once
    assert deadlines.is_working_day(once)


@given(dates, st.integers(min_value=3, max_value=40))
def test_periods_of_three_days_or_more_hold_two_working_days(event, days):
    end = deadlines.period_end(event, days=days)
    working = sum(
        deadlines.is_working_day(event + DAY * i) for i in range(1, (end - event).days + 1)
    )
    assert working >= 2


@given(
    dates,
    st.integers(min_value=1, max_value=26),
    st.integers(min_value=0, max_value=120),
    st.integers(min_value=0, max_value=120),
)
def test_more_clock_stop_never_brings_the_due_date_forward(received, weeks, stop_a, stop_b):
    low, high = sorted((stop_a, stop_b))
    assert deadlines.period_end(received, weeks=weeks, suspended_days=low) <= deadlines.period_end(
        received, weeks=weeks, suspended_days=high
    )


@given(
    dates,
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=0, max_value=40),
)
def test_suspension_is_never_negative_and_never_longer_than_the_remedy_period(
    requested, length, answer_after, today_after
):
    due = requested + DAY * length
    answered = requested + DAY * answer_after
    for suspension in (Suspension(requested, due), Suspension(requested, due, answered)):
        days = suspension.days()
        assert days >= 0
    assert Suspension(requested, due).days() == length
    assert Suspension(requested, due).days(today=requested + DAY * today_after) <= max(
        length, today_after
    )


@given(st.integers(min_value=1950, max_value=2200))
def test_every_year_has_its_statutory_holidays_on_weekdays_or_weekends_but_in_that_year(year):
    holidays = deadlines.statutory_holidays(year)
    assert sum(len(name.split(" en ")) for name in holidays.values()) == 9
    assert all(day.year == year for day in holidays)
    assert all(day.year == year for day in deadlines.equated_days(year))
    assert all(day.weekday() in (0, 4) for day in deadlines.equated_days(year))
