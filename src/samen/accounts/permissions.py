"""The one permission layer of Samen.

``RULES`` says which roles hold which permission; each module contributes its rows from its own
``rules.py`` (listed in ``MODULE_RULES``), so the table stays one table. Permission names are Django's own
(``app_label.action_model`` or a custom ``app_label.codename``), so Django's admin, the views
(``PermissionRequiredMixin``) and the API (``samen.core.api.permissions.HasPermission``) all ask
``user.has_perm(...)``, which ``RoleBackend`` answers from this table.

A role is held for a municipality or a whole region (see ``Membership``). An object is inside a
membership's scope when it belongs to that municipality, or to that region. Models say where their
scope lives with a ``scope_lookups`` attribute; ``scope_queryset`` turns the same rule into one
filter on the query (a join, not a loop over objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from .roles import Role

#: Every module of DESIGN.md declares its part of the table in ``samen/<module>/rules.py``.
MODULE_RULES = [
    "samen.accounts.rules",
    "samen.network.rules",
    "samen.actionlines.rules",
    "samen.grants.rules",
    "samen.participation.rules",
    "samen.matching.rules",
    "samen.migration.rules",
    "samen.reporting.rules",
]


def _collect_rules() -> dict[str, frozenset[Role]]:
    rules: dict[str, frozenset[Role]] = {}
    for module_name in MODULE_RULES:
        module_rules = import_module(module_name).RULES
        duplicated = rules.keys() & module_rules.keys()
        if duplicated:
            raise ImproperlyConfigured(f"{module_name} redeclares {sorted(duplicated)}")
        rules.update(module_rules)
    return rules


RULES: dict[str, frozenset[Role]] = _collect_rules()


@dataclass(frozen=True)
class ScopeLookups:
    """Where a model keeps its region and municipality, as ORM lookups from the model.

    ``municipality=None`` marks a region-wide object; ``region=None`` an object outside any region
    (it is in scope for every membership).
    """

    region: str | None
    municipality: str | None = None


UNSCOPED = ScopeLookups(region=None)


def roles_for(perm: str) -> frozenset[Role]:
    return RULES.get(perm, frozenset())


def _lookups_of(model) -> ScopeLookups:
    return getattr(model, "scope_lookups", UNSCOPED)


def _follow(obj, lookup: str | None):
    """Resolve 'municipality__region' style lookups on an instance to a primary key."""
    if lookup is None:
        return None
    *path, last = lookup.split("__")
    for name in path:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    if last == "pk" or last == "id":
        return obj.pk
    return getattr(obj, f"{last}_id", None)


def _membership_covers(membership, region_id, municipality_id) -> bool:
    if region_id is None:
        return True
    if membership.region_id:
        return membership.region_id == region_id
    if municipality_id is None:
        # Region-wide object: a municipal role sees its own region's shared objects.
        return membership.municipality.region_id == region_id
    return membership.municipality_id == municipality_id


def user_has_perm(user, perm: str, obj=None) -> bool:
    if not (user and user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    allowed = roles_for(perm)
    memberships = [m for m in user.active_memberships if m.role in allowed]
    if obj is None or not memberships:
        return bool(memberships)
    lookups = _lookups_of(type(obj))
    region_id = _follow(obj, lookups.region)
    municipality_id = _follow(obj, lookups.municipality)
    return any(_membership_covers(m, region_id, municipality_id) for m in memberships)


def user_permissions(user) -> set[str]:
    """Every permission the user holds somewhere (for the admin's and the navigation's menus)."""
    if not (user and user.is_active and user.is_authenticated):
        return set()
    if user.is_superuser:
        return set(RULES)
    roles = user.roles
    return {perm for perm, allowed in RULES.items() if roles & allowed}


def scope_queryset(user, queryset: QuerySet, perm: str) -> QuerySet:
    """Limit ``queryset`` to the objects ``user`` holds ``perm`` on, as one filter in SQL."""
    if not (user and user.is_active and user.is_authenticated):
        return queryset.none()
    if user.is_superuser:
        return queryset
    memberships = [m for m in user.active_memberships if m.role in roles_for(perm)]
    if not memberships:
        return queryset.none()
    lookups = _lookups_of(queryset.model)
    if lookups.region is None:
        return queryset
    region_ids = {m.region_id for m in memberships if m.region_id}
    municipality_ids = {m.municipality_id for m in memberships if m.municipality_id}
    condition = Q(**{f"{lookups.region}__in": region_ids})
    if lookups.municipality is None:
        own_regions = {m.municipality.region_id for m in memberships if m.municipality_id}
        condition |= Q(**{f"{lookups.region}__in": own_regions})
    else:
        condition |= Q(**{f"{lookups.municipality}__in": municipality_ids})
    return queryset.filter(condition)
