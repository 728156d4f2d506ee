"""Cost overview: programmes split per municipality and year (seed 000), with actual spending."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from samen.accounts.permissions import scope_queryset

from .. import costs, exports
from ..charts import ChartSpec, bar_chart
from ..forms import ProgrammeForm
from ..models import Programme
from ..services import ConcurrentEdit, save_versioned
from .base import RegionScopedMixin


def programmes_of(user, region):
    queryset = Programme.objects.filter(region=region).select_related("allocation_key__region")
    return scope_queryset(user, queryset, "reporting.view_programme").order_by("name")


class CostOverviewView(RegionScopedMixin, TemplateView):
    permission_required = "reporting.view_costs"
    template_name = "reporting/costs.html"

    def get(self, request, *args, **kwargs):
        overviews = costs.cost_overviews(programmes_of(request.user, self.region))
        blocks = []
        for number, overview in enumerate(overviews):
            budget = costs.budget_table(overview)
            chart_table = budget.copy()
            blocks.append(
                {
                    "overview": overview,
                    "budget": budget,
                    "actuals": costs.actuals_table(overview),
                    "chart": bar_chart(
                        chart_table,
                        ChartSpec("municipality", tuple(f"y{y}" for y in overview.years)),
                        f"kosten-{number}",
                    ),
                }
            )
        tables = [t for block in blocks for t in (block["budget"], block["actuals"]) if t]
        download = exports.download(
            tables, _("kosten %(region)s") % {"region": self.region.name}, request.GET.get("format")
        )
        if download:
            return download
        can_edit = request.user.has_perm("reporting.add_programme", self.region)
        return self.render_to_response(self.get_context_data(blocks=blocks, can_edit=can_edit))


class ProgrammeFormView(RegionScopedMixin, FormView):
    """Create a programme in the region, or change one (with the version it was opened at)."""

    form_class = ProgrammeForm
    template_name = "reporting/programme_form.html"

    def get_permission_required(self):
        if "uuid" in self.kwargs:
            return ("reporting.change_programme",)
        return ("reporting.add_programme",)

    @property
    def permission_required(self):
        return self.get_permission_required()[0]

    def get_object(self):
        if "uuid" not in self.kwargs:
            return None
        return get_object_or_404(
            programmes_of(self.request.user, self.region), uuid=self.kwargs["uuid"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(region=self.region, instance=self.get_object())
        return kwargs

    def form_valid(self, form):
        try:
            save_versioned(form.instance, form.cleaned_data.get("expected_version"))
        except ConcurrentEdit as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Het programma is opgeslagen."))
        return redirect("reporting:costs", region=self.region.uuid)
