"""Every read of a dossier or its parts writes the access log (Logboek Dataverwerkingen):
who, when, which resident (by pseudonymous reference, never the BSN) and for which purpose."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samen.accounts.roles import Role
from samen.audit.models import AccessLog
from samen.conftest import login_verified
from samen.participation import services
from samen.participation.models import Dossier

from . import routes


def dossier_routes():
    """(name, pattern) of every participation route that points at one dossier or resident."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                yield from walk(entry.url_patterns, namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{prefix}{entry.name}", str(entry.pattern)

    for name, pattern in walk(get_resolver().url_patterns):
        if ("participation" in name) and "uuid" in pattern:
            yield name


def test_every_dossier_route_is_covered_by_the_access_log_tests():
    covered = (
        set(routes.DOSSIER_PAGES)
        | set(routes.DOSSIER_API_READS)
        | set(routes.POST_ONLY_PAGES)
        | set(routes.POST_ONLY_API)
    )
    missing = set(dossier_routes()) - covered
    assert not missing, f"Add to the access-log lists in tests/routes.py: {sorted(missing)}"


def _last_entries(before_id):
    return list(AccessLog.objects.filter(pk__gt=before_id).order_by("pk"))


@pytest.mark.parametrize("name", routes.DOSSIER_PAGES + routes.DOSSIER_API_READS)
def test_reading_writes_the_access_log(name, cw_client, case_worker, weert):
    kwargs = routes.build_kwargs(name, weert)
    dossier = (
        Dossier.objects.get(uuid=kwargs["uuid"])
        if "participation-resident" not in name
        else Dossier.objects.get(resident__uuid=kwargs["uuid"])
    )
    before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = cw_client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    entries = _last_entries(before)
    assert len(entries) == 1, [e.purpose for e in entries]
    [entry] = entries
    assert entry.actor == case_worker and entry.actor_display == str(case_worker)
    assert entry.subject_reference == dossier.resident.reference
    assert entry.municipality == weert
    assert entry.purpose == services.PURPOSE_EXECUTION and entry.activity == "view"
    assert (
        dossier.resident.bsn
        not in f"{entry.subject_reference} {entry.request_path} {entry.object_id}"
    )


@pytest.mark.parametrize("name", routes.POST_ONLY_API)
def test_writes_through_the_api_are_logged_too(name, cw_client, weert):
    kwargs = routes.build_kwargs(name, weert)
    if not kwargs:
        pytest.skip("not about one dossier")
    before = AccessLog.objects.count()
    send = cw_client.patch if name == "participation-dossier-pillar" else cw_client.post
    body = {"purpose": "identity"} if name == "participation-resident-reveal-bsn" else {}
    send(reverse(name, kwargs=kwargs), body, content_type="application/json")
    assert AccessLog.objects.count() > before


def test_an_administrator_reading_in_the_admin_is_logged(client, make_user, dossier, weert):
    admin = login_verified(client, make_user(Role.ADMIN, weert))
    admin.get(f"/beheer/participation/resident/{dossier.resident.pk}/change/")
    entry = AccessLog.objects.get()
    assert entry.purpose == services.PURPOSE_ADMIN
    assert entry.subject_reference == dossier.resident.reference


def test_a_partner_reading_a_shared_profile_is_logged(
    dossier, organisation, make_user, seed_region
):
    from samen.network.models import OrganisationMember

    partner = make_user(Role.PARTNER, seed_region)
    OrganisationMember.objects.create(organisation=organisation, user=partner)
    consent = services.give_consent(
        dossier,
        organisation=organisation,
        shared=["talents"],
        form="written",
        given_on=dossier.opened_on,
        actor=None,
    )
    client = login_verified(Client(), partner)
    client.get(reverse("participation:shared-detail", args=[consent.pseudonym]))
    client.get(reverse("participation-shared-profile-detail", args=[consent.pseudonym]))
    purposes = list(AccessLog.objects.values_list("purpose", "subject_reference", "actor"))
    assert purposes == [(services.PURPOSE_PARTNER, dossier.resident.reference, partner.pk)] * 2
