"""Helpers for the route tables that every module keeps in ``<module>/tests/routes.py``.

A module's table is a dict ``EXPECTED`` of route name → function(role) → expected status (or None:
only "no server error" is asserted), and a function ``url_kwargs(name, region)`` that creates what a
route needs (e.g. an object's uuid) in the seed region; a key "query" adds a query string. ``test_url_permissions`` walks them all.
"""

from samen.accounts.roles import Role

ANON = "anonymous"
ROLES = [*Role, ANON]
LOGIN_REDIRECT = 302
API_ANON = 403


def everyone(ok=200, anonymous=LOGIN_REDIRECT):
    return lambda role: anonymous if role == ANON else ok


def only(roles, ok=200, refused=403, anonymous=LOGIN_REDIRECT):
    return lambda role: anonymous if role == ANON else (ok if role in roles else refused)


def not_a_server_error(role):
    return None


def no_kwargs(name, region):
    return {}
