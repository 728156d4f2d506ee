"""Every dossier page and API endpoint x every role x own / other municipality / other region.

Users hold their role for Weert (GM0988). A dossier in Nederweert (same region) or Oude
IJsselstreek (another region) must never come back: 404 for those who hold the permission
somewhere, 403 for roles without it, a login redirect (403 for the API) for anonymous visitors —
and the response never contains the resident's name or reference. POST-only routes are posted to.
"""

import pytest
from django.test import Client
from django.urls import reverse

from samen.accounts.roles import Role
from samen.conftest import login_verified
from samen.participation.models import Arrangement, Consent, ContactMoment

from . import routes
from .factories import DossierFactory

ANON = "anonymous"
ROLES = [*Role, ANON]

POST_ONLY = set(routes.POST_ONLY_PAGES) | set(routes.POST_ONLY_API)
DOSSIER_ROUTES = [
    name
    for name in routes.EXPECTED
    if name.split(":")[-1].removeprefix("participation-") not in routes.NO_KWARGS
    and name not in ("participation-talent-detail",)
]


def request(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    if name not in POST_ONLY:
        return client.get(url)
    if ":" in name:  # a page: a form post
        return client.post(url, {"purpose": "identity"})
    send = client.patch if name == "participation-dossier-pillar" else client.post
    return send(url, {}, content_type="application/json")


@pytest.fixture
def client_for(make_user, weert):
    def login(role):
        if role == ANON:
            return Client()
        return login_verified(Client(), make_user(role, weert))

    return login


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_no_dossier_leaks_to_another_municipality_or_region(
    role, client_for, nederweert, oude_ijsselstreek
):
    client = client_for(role)
    failures = []
    for municipality in (nederweert, oude_ijsselstreek):
        secret = f"Geheim{municipality.cbs_code}"
        dossier = DossierFactory(municipality=municipality, surname=secret)
        reference = dossier.resident.reference
        before = (
            ContactMoment.objects.count(),
            Arrangement.objects.count(),
            Consent.objects.active().count(),
        )
        for name in DOSSIER_ROUTES:
            kwargs = routes.build_kwargs(name, municipality, dossier)
            response = request(client, name, kwargs)
            allowed = {302, 403, 404} if role == ANON else {403, 404}
            body = response.content.decode(errors="replace")
            if response.status_code not in allowed:
                failures.append(f"{name} in {municipality.cbs_code}: {response.status_code}")
            elif secret in body or reference in body:
                failures.append(
                    f"{name} in {municipality.cbs_code}: the resident is in the response"
                )
            elif name.startswith("participation:shared") or name.startswith("participation-shared"):
                continue
            elif role != ANON:
                # Who holds the permission (in Weert) gets a 404 here; who does not, a 403.
                # (POST-only routes: the table holds GET's answer; the case worker holds every
                # write permission, so for them it must be a 404 too.)
                if name in POST_ONLY and role != Role.CASE_WORKER:
                    continue
                expected = 403 if routes.EXPECTED[name](role) == 403 else 404
                if response.status_code != expected:
                    failures.append(
                        f"{name} in {municipality.cbs_code}: {response.status_code}, "
                        f"expected {expected}"
                    )
        after = (
            ContactMoment.objects.count(),
            Arrangement.objects.count(),
            Consent.objects.active().count(),
        )
        # build_kwargs adds an arrangement or consent of its own; nothing may be withdrawn or switched
        assert after[0] == before[0]
    assert not failures, f"as {role}:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.ADMIN], ids=str)
def test_own_municipality_is_reachable(role, client_for, weert):
    client = client_for(role)
    failures = []
    for name in DOSSIER_ROUTES:
        if name in POST_ONLY or "shared" in name:
            continue
        response = client.get(reverse(name, kwargs=routes.build_kwargs(name, weert)))
        expected = routes.EXPECTED[name](role)
        if response.status_code != expected:
            failures.append(f"{name}: {response.status_code}, expected {expected}")
    assert not failures, "\n".join(failures)


def test_the_admin_is_a_404_outside_the_administrators_municipality(client_for, weert, nederweert):
    admin = client_for(Role.ADMIN)
    own, other = DossierFactory(municipality=weert), DossierFactory(municipality=nederweert)
    for model, obj_own, obj_other in [
        ("resident", own.resident, other.resident),
        ("dossier", own, other),
    ]:
        assert admin.get(f"/beheer/participation/{model}/{obj_own.pk}/change/").status_code == 200
        assert admin.get(f"/beheer/participation/{model}/{obj_other.pk}/change/").status_code == 404
    listing = admin.get("/beheer/participation/resident/").content.decode()
    assert own.resident.reference in listing and other.resident.reference not in listing
    # A case worker has no admin at all: sent to the admin login, which refuses (403).
    response = client_for(Role.CASE_WORKER).get(
        f"/beheer/participation/resident/{own.resident.pk}/change/", follow=True
    )
    assert response.status_code == 403 and own.resident.surname not in response.content.decode()
