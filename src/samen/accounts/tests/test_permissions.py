"""The one permission layer: role table × membership scope."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from samen.accounts.models import Membership
from samen.accounts.permissions import RULES, scope_queryset, user_has_perm
from samen.accounts.roles import Role
from samen.regions.models import AllocationKey, Municipality, Region
from samen.regions.tests.factories import AllocationKeyFactory

from .factories import MembershipFactory, UserFactory


def test_region_role_covers_every_municipality_of_that_region_only(
    seed_region, other_region, make_user
):
    admin = make_user(Role.ADMIN, seed_region)
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    assert admin.has_perm("regions.change_municipality", weert)
    assert not admin.has_perm("regions.change_municipality", other_region.municipalities.get())


def test_municipal_role_covers_its_municipality_and_its_regions_shared_objects(
    seed_region, other_region, make_user
):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    controller = make_user(Role.CONTROLLER, weert)
    assert controller.has_perm(
        "regions.view_allocationkey", AllocationKeyFactory(region=seed_region)
    )
    assert not controller.has_perm(
        "regions.view_allocationkey", AllocationKeyFactory(region=other_region)
    )
    assert controller.has_perm("regions.view_municipality", weert)
    assert not controller.has_perm(
        "regions.view_municipality", seed_region.municipalities.get(cbs_code="GM0946")
    )


def test_role_without_the_permission_is_refused_everywhere(seed_region, make_user):
    partner = make_user(Role.PARTNER, seed_region)
    assert not partner.has_perm("regions.use_allocation")
    assert not partner.has_perm("core.access_admin")
    assert partner.has_perm("regions.view_region", seed_region)


def test_unknown_permission_is_refused_even_for_admins(seed_region, make_user):
    assert not make_user(Role.ADMIN, seed_region).has_perm("regions.launch_rockets")


def test_superuser_holds_everything(db):
    assert UserFactory(is_superuser=True).has_perm("anything.at_all")


def test_inactive_user_holds_nothing(seed_region, make_user):
    user = make_user(Role.ADMIN, seed_region, is_active=False)
    assert not user.has_perm("regions.view_region")


def test_expired_and_future_memberships_grant_nothing(seed_region):
    today = timezone.localdate()
    expired = MembershipFactory(
        role=Role.ADMIN,
        region=seed_region,
        municipality=None,
        valid_from=today - timedelta(days=30),
        valid_until=today - timedelta(days=1),
    )
    future = MembershipFactory(
        role=Role.ADMIN, region=seed_region, municipality=None, valid_from=today + timedelta(days=1)
    )
    assert not expired.user.has_perm("regions.view_region")
    assert not future.user.has_perm("regions.view_region")


def test_django_groups_and_user_permissions_are_ignored(seed_region):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="change_region"))
    assert not user.has_perm("regions.change_region")


def test_scope_queryset_filters_in_sql(
    seed_region, other_region, make_user, django_assert_num_queries
):
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    user = make_user(Role.CONTROLLER, weert)
    user.active_memberships  # noqa: B018 - load memberships once, as the request does
    with django_assert_num_queries(1):
        municipalities = list(
            scope_queryset(user, Municipality.objects.all(), "regions.view_municipality")
        )
    assert municipalities == [weert]
    regions = scope_queryset(user, Region.objects.all(), "regions.view_region")
    assert list(regions) == [seed_region]
    keys = scope_queryset(user, AllocationKey.objects.all(), "regions.view_allocationkey")
    AllocationKeyFactory(region=other_region)
    assert list(keys) == []


def test_scope_queryset_is_empty_without_the_role(seed_region, make_user):
    user = make_user(Role.PARTNER, seed_region)
    assert not scope_queryset(
        user, AllocationKey.objects.all(), "regions.view_allocationkey"
    ).exists()


def test_membership_needs_exactly_one_scope(seed_region):
    user = UserFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            user=user,
            role=Role.ADMIN,
            region=seed_region,
            municipality=seed_region.municipalities.first(),
        )


def test_decision_maker_must_name_the_mandate(seed_region):
    membership = Membership(
        user=UserFactory(),
        role=Role.DECISION_MAKER,
        municipality=seed_region.municipalities.first(),
    )
    with pytest.raises(ValidationError, match="mandaat"):
        membership.full_clean()


def test_staff_is_derived_from_roles(seed_region, make_user):
    assert make_user(Role.CASE_WORKER, seed_region.municipalities.first()).is_staff
    assert not make_user(Role.PARTNER, seed_region).is_staff
    assert not make_user(Role.COUNCIL_MEMBER, seed_region).is_staff


def test_every_rule_names_real_roles():
    for perm, roles in RULES.items():
        assert "." in perm
        assert roles <= set(Role), perm


def test_user_has_perm_for_anonymous():
    from django.contrib.auth.models import AnonymousUser

    assert not user_has_perm(AnonymousUser(), "regions.view_region")
