"""Quick scan page: before/after around a change, for a municipality or the region."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import dashboards, exports
from ..forms import QuickScanForm
from ..quickscan import quick_scan
from .base import municipalities_for, regions_for

PERMISSION = "reporting.view_quickscan"


class QuickScanMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = PERMISSION
    template_name = "reporting/quickscan.html"

    def get(self, request, *args, **kwargs):
        scope = self.get_scope()
        form = QuickScanForm(request.GET or None)
        scan = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            scan = quick_scan(scope, data["change_on"], data["months"], data["description"])
            fmt = request.GET.get("format")
            if scan.table is not None and fmt in ("csv", "xlsx"):
                name = _("quick scan %(scope)s %(date)s") % {
                    "scope": scope.slug,
                    "date": data["change_on"].isoformat(),
                }
                return exports.download([scan.table], name, fmt)
        return self.render_to_response(self.get_context_data(scope=scope, form=form, scan=scan))


class RegionQuickScanView(QuickScanMixin, TemplateView):
    def get_scope(self):
        region = get_object_or_404(
            regions_for(self.request.user, PERMISSION), uuid=self.kwargs["uuid"]
        )
        return dashboards.region_scope(region)


class MunicipalityQuickScanView(QuickScanMixin, TemplateView):
    def get_scope(self):
        municipality = get_object_or_404(
            municipalities_for(self.request.user, PERMISSION), uuid=self.kwargs["uuid"]
        )
        return dashboards.municipality_scope(municipality)
