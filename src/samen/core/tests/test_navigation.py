"""The main menu marks exactly one entry as the current page: the one with the longest matching URL."""

import re
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from samen.accounts.roles import Role
from samen.core.context_processors import navigation

CURRENT = re.compile(r'<a class="utrecht-link samen-nav__link" href="([^"]*)" aria-current="page">')


def current_entries(path):
    request = RequestFactory().get(path)
    request.user = SimpleNamespace(is_authenticated=True, has_perm=lambda permission: True)
    return [entry["url"] for entry in navigation(request)["navigation"] if entry["current"]]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", ["/"]),
        ("/actielijnen/", ["/actielijnen/"]),
        ("/actielijnen/3f0c2f8e-0000-4000-8000-000000000000/", ["/actielijnen/"]),
        ("/actielijnen/bijeenkomsten/", ["/actielijnen/bijeenkomsten/"]),
        ("/actielijnen/bijeenkomsten/nieuw/", ["/actielijnen/bijeenkomsten/"]),
        ("/actielijnen/initiatieven/", ["/actielijnen/initiatieven/"]),
        ("/actielijnen/volledigheid/", ["/actielijnen/volledigheid/"]),
        ("/regio/verdelen/", ["/regio/verdelen/"]),
        ("/matching/matches/", ["/matching/matches/"]),
        ("/matching/", ["/matching/"]),
        ("/participatie/gedeeld/", ["/participatie/gedeeld/"]),
        ("/rapportage/werklijst/", ["/rapportage/werklijst/"]),
        ("/account/login/", []),
    ],
)
def test_the_longest_matching_entry_is_the_only_current_one(path, current):
    assert current_entries(path) == current


def test_an_entry_the_user_cannot_see_is_not_current():
    request = RequestFactory().get("/actielijnen/bijeenkomsten/")
    request.user = SimpleNamespace(
        is_authenticated=True, has_perm=lambda permission: permission != "actionlines.view_meeting"
    )
    entries = navigation(request)["navigation"]
    assert "/actielijnen/bijeenkomsten/" not in [entry["url"] for entry in entries]
    assert [entry["url"] for entry in entries if entry["current"]] == ["/actielijnen/"]


def test_the_page_marks_one_menu_entry_with_aria_current(client_as, seed_region):
    client = client_as(Role.FACILITATOR, seed_region)

    assert CURRENT.findall(client.get("/actielijnen/").content.decode()) == ["/actielijnen/"]
    for url in ("/actielijnen/bijeenkomsten/", "/actielijnen/initiatieven/"):
        content = client.get(url).content.decode()
        assert CURRENT.findall(content) == [url]
        assert content.count('aria-current="page"') == 1
