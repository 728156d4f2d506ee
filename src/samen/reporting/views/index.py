"""The reporting start page: per region what the user may open."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.views.generic import TemplateView

from .base import municipalities_for, regions_for


class IndexView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "reporting.view_dashboard"
    template_name = "reporting/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        municipalities = list(municipalities_for(user, "reporting.view_dashboard"))
        entries = []
        for region in regions_for(user, "reporting.view_dashboard"):
            entries.append(
                {
                    "region": region,
                    "municipalities": [m for m in municipalities if m.region_id == region.pk],
                    "costs": user.has_perm("reporting.view_costs", region),
                    "milestones": user.has_perm("reporting.view_milestone", region),
                    "letters": user.has_perm("reporting.view_councilletter", region),
                }
            )
        return super().get_context_data(entries=entries, **kwargs)
