"""Walk every URL of Samen as every role and as an anonymous visitor.

Each named route must appear in a module's route table (``<module>/tests/routes.py``, listed in
ROUTE_MODULES); a new route without an expectation fails this test, so the tables grow with every
module. Statuses are what the role layer should produce: 200 (or 302 for redirecting views), 403 for
a role without the permission, a login redirect for anonymous visitors.
"""

from importlib import import_module

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samen.accounts.roles import Role
from samen.conftest import login_verified

from .routes import ANON, ROLES

ROUTE_MODULES = [
    "samen.core.tests.core_routes",
    "samen.regions.tests.routes",
    "samen.network.tests.routes",
    "samen.actionlines.tests.routes",
    "samen.grants.tests.routes",
    "samen.participation.tests.routes",
    "samen.matching.tests.routes",
    "samen.migration.tests.routes",
    "samen.reporting.tests.routes",
]


def route_tables():
    """{route name: (expectation, url_kwargs function)} over all modules."""
    tables = {}
    for module_name in ROUTE_MODULES:
        module = import_module(module_name)
        for name, expectation in module.EXPECTED.items():
            tables[name] = (expectation, module.url_kwargs)
    return tables


def named_routes(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin is walked below, model by model
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def concrete_url(name, url_kwargs, region):
    kwargs = dict(url_kwargs(name, region))
    query = kwargs.pop("query", "")
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{query}" if query else url


@pytest.fixture
def client_for(client, make_user, seed_region):
    def login(role):
        if role == ANON:
            return client
        municipal = role in (Role.CASE_WORKER, Role.RESIDENT)
        scope = seed_region.municipalities.get(cbs_code="GM0988") if municipal else seed_region
        user = make_user(role, scope)
        return login_verified(client, user)

    return login


def test_every_named_route_has_an_expectation():
    missing = {name for name, _ in named_routes()} - set(route_tables())
    assert not missing, f"Add these routes to a module's tests/routes.py: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_every_route_as_every_role(role, client_for, seed_region):
    client = client_for(role)
    failures = []
    for name, (expect, url_kwargs) in route_tables().items():
        url = concrete_url(name, url_kwargs, seed_region)
        status = client.get(url).status_code
        expected = expect(role)
        if status >= 500 or (expected is not None and status != expected):
            failures.append(f"{name} {url}: got {status}, expected {expected or '< 500'}")
    assert not failures, f"as {role}:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_admin_changelists_follow_the_role_table(role, client_for, seed_region):
    client = client_for(role)
    failures = []
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url, follow=True)
        user = response.wsgi_request.user
        may_view = role == Role.ADMIN and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        if role == ANON:
            ok = response.redirect_chain and "/account/login/" in response.redirect_chain[-1][0]
        elif may_view:
            ok = response.status_code == 200
        else:
            ok = response.status_code == 403
        if not ok:
            failures.append(f"{url}: {response.status_code}")
    assert not failures, f"as {role}:\n" + "\n".join(failures)


def test_admin_add_forms_render_for_the_administrator(client_for):
    client = client_for(Role.ADMIN)
    failures = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        request = client.get("/").wsgi_request
        if not model_admin.has_add_permission(request):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        status = client.get(url).status_code
        if status != 200:
            failures.append(f"{url}: {status}")
    assert not failures, "\n".join(failures)
