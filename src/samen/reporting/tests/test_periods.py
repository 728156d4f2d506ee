"""Period labels and dates speak the user's language: Django's own month names, not a Dutch list."""

from datetime import date

import pytest
from django.utils import translation

from samen.accounts.roles import Role
from samen.reporting import letters
from samen.reporting.periods import date_range, long_date, parse_period


@pytest.mark.parametrize(
    ("language", "month", "day", "half", "range_"),
    [
        (
            "nl",
            "mei 2021",
            "31 mei 2021",
            "eerste halfjaar 2021",
            "1 maart 2021 tot en met 30 april 2021",
        ),
        (
            "en",
            "May 2021",
            "31 May 2021",
            "first half of 2021",
            "1 March 2021 to 30 April 2021 inclusive",
        ),
    ],
)
def test_labels_follow_the_active_language(language, month, day, half, range_):
    with translation.override(language):
        assert parse_period("2021-05").label == month
        assert long_date(date(2021, 5, 31)) == day
        assert parse_period("2021-H1").label == half
        assert date_range(date(2021, 3, 1), date(2021, 4, 30)).label == range_


def test_the_council_letter_names_the_month_in_the_language(seed_region):
    with translation.override("nl"):
        assert "mei 2021" in letters.default_subject(seed_region, parse_period("2021-05"))
    with translation.override("en"):
        assert "May 2021" in letters.default_subject(seed_region, parse_period("2021-05"))


def test_the_dashboard_shows_the_month_in_dutch_and_in_english(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    url = f"/rapportage/{seed_region.uuid}/dashboard/"

    assert "Periode: mei 2021" in client.get(url, {"period": "2021-05"}).content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert "Period: May 2021" in client.get(url, {"period": "2021-05"}).content.decode()
