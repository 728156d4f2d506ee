"""What every reporting page shares: the region (or municipality) in scope and downloads."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404

from samen.accounts.permissions import scope_queryset
from samen.regions.models import Municipality, Region


def regions_for(user, perm: str):
    return scope_queryset(user, Region.objects.all(), perm).order_by("name")


def municipalities_for(user, perm: str):
    return scope_queryset(user, Municipality.objects.select_related("region"), perm).order_by(
        "name"
    )


class RegionScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The page belongs to the region in the URL; a region outside the user's scope is a 404."""

    region_kwarg = "region"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.region = get_object_or_404(
                regions_for(request.user, self.permission_required), uuid=kwargs[self.region_kwarg]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["region"] = self.region  # replaces the URL's UUID of the same name
        return super().get_context_data(**kwargs)


class ScopedObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Detail pages: the object is looked up in the user's scope (others' objects are a 404)."""

    slug_field = slug_url_kwarg = "uuid"

    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset(), self.permission_required)
