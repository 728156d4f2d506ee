"""Dashboards per municipality and per region, for a period (sections load one by one)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import dashboards, exports
from ..forms import PeriodForm
from ..periods import previous_half_year
from .base import municipalities_for, regions_for

PERMISSION = "reporting.view_dashboard"


class DashboardMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Reads the period; ``?section=work`` renders one section (the page loads each with HTMX)."""

    permission_required = PERMISSION
    template_name = "reporting/dashboard.html"

    def get_scope(self) -> dashboards.Scope:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        scope = self.get_scope()
        form = PeriodForm(request.GET or None, default=previous_half_year(timezone.localdate()))
        if form.is_bound and not form.is_valid():
            return self.render_to_response(
                self.get_context_data(scope=scope, form=form, sections=[], period=None)
            )
        period = form.cleaned_data["chosen"] if form.is_bound else form.default
        wanted = request.GET.get("section")
        if wanted and wanted not in dashboards.SECTIONS:
            raise Http404
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            keys = [wanted] if wanted else list(dashboards.SECTIONS)
            sections = dashboards.build_dashboard(scope, period, keys, with_charts=False)
            name = _("dashboard %(scope)s %(period)s") % {
                "scope": scope.slug,
                "period": period.code,
            }
            return exports.download([t for s in sections for t in s.tables], name, fmt)
        if wanted:
            section = dashboards.build_section(wanted, scope, period)
            template = "reporting/_section.html" if request.htmx else self.template_name
            return self.render_to_response(
                self.get_context_data(
                    scope=scope, form=form, period=period, sections=[section], single=True
                ),
                template_name=template,
            )
        placeholders = [
            dashboards.Section(key=key, title=str(title))
            for key, title in dashboards.SECTIONS.items()
        ]
        return self.render_to_response(
            self.get_context_data(
                scope=scope, form=form, period=period, sections=placeholders, lazy=True
            )
        )

    def render_to_response(self, context, template_name=None, **kwargs):
        if template_name:
            self.template_name = template_name
        return super().render_to_response(context, **kwargs)


class RegionDashboardView(DashboardMixin, TemplateView):
    def get_scope(self):
        region = get_object_or_404(
            regions_for(self.request.user, PERMISSION), uuid=self.kwargs["uuid"]
        )
        return dashboards.region_scope(region)


class MunicipalityDashboardView(DashboardMixin, TemplateView):
    def get_scope(self):
        municipality = get_object_or_404(
            municipalities_for(self.request.user, PERMISSION), uuid=self.kwargs["uuid"]
        )
        return dashboards.municipality_scope(municipality)
