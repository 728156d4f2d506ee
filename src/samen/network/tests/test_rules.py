"""The ownership predicate, used alike by views, API and admin."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from samen.accounts.roles import Role
from samen.network.models import Contact, Organisation
from samen.network.rules import can_edit_profile, is_owner

from .factories import ContactFactory, OrganisationMemberFactory


@pytest.mark.parametrize(
    "role, may_edit",
    [
        (Role.FACILITATOR, True),
        (Role.ADMIN, True),
        (Role.PARTNER, False),  # not an owner
        (Role.CONTROLLER, False),
        (Role.STEERING_MEMBER, False),
        (Role.DECISION_MAKER, False),
        (Role.COUNCIL_MEMBER, False),
        (Role.RESIDENT, False),
        (Role.CASE_WORKER, False),
    ],
)
def test_who_may_edit_a_profile(organisation, make_user, seed_region, role, may_edit):
    assert can_edit_profile(make_user(role, seed_region), organisation) is may_edit


def test_owners_may_edit_members_may_not(organisation, owner, make_user, seed_region):
    member = make_user(Role.PARTNER, seed_region)
    OrganisationMemberFactory(organisation=organisation, user=member, is_owner=False)
    assert is_owner(owner, organisation) and can_edit_profile(owner, organisation)
    assert not is_owner(member, organisation) and not can_edit_profile(member, organisation)


def test_a_facilitator_of_another_region_may_not(organisation, make_user, other_region):
    assert not can_edit_profile(make_user(Role.FACILITATOR, other_region), organisation)


def test_ownership_alone_is_not_enough_without_a_role(organisation, make_user):
    user = make_user(None)
    OrganisationMemberFactory(organisation=organisation, user=user, is_owner=True)
    assert not can_edit_profile(user, organisation)


def test_the_admin_asks_the_same_predicate(organisation, make_user, seed_region, other_region):
    contact = ContactFactory(organisation=organisation)
    request = RequestFactory().get("/")
    for model, obj in ((Organisation, organisation), (Contact, contact)):
        model_admin = admin.site._registry[model]
        request.user = make_user(Role.ADMIN, seed_region)
        assert model_admin.has_change_permission(request, obj)
        assert model_admin.has_delete_permission(request, obj)
        request.user = make_user(Role.ADMIN, other_region)
        assert not model_admin.has_change_permission(request, obj)
        request.user = make_user(Role.PARTNER, seed_region)
        assert not model_admin.has_change_permission(request, obj)


def test_the_admin_refuses_a_stale_save(organisation, client_as, seed_region):
    client = client_as(Role.ADMIN, seed_region)
    url = f"/beheer/network/organisation/{organisation.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "region": seed_region.pk,
            "stakeholder_group": organisation.stakeholder_group_id,
            "municipalities": [m.pk for m in organisation.municipalities.all()],
            "offers": "Via het beheer",
            "loaded_version": 1,
            "confirmed_at_0": "",
            "confirmed_at_1": "",
        }
    )
    for prefix in ("members", "contacts", "endorsements"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    Organisation.objects.filter(pk=organisation.pk).update(version=2)
    response = client.post(url, data)
    assert response.status_code == 200 and "intussen gewijzigd" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.offers != "Via het beheer"
    response = client.post(url, {**data, "loaded_version": 2})
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert (organisation.offers, organisation.version) == ("Via het beheer", 3)
