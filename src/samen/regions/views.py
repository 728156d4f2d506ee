import csv

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from samen.accounts.permissions import scope_queryset

from .forms import AllocationForm
from .models import Municipality, PopulationFigure, Region
from .policies import effective_policies
from .services import AllocationError, allocate


class ScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Lists and pages show only what the role layer allows; others' objects are a 404, not a 403."""

    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset(), self.permission_required)


class RegionListView(ScopedMixin, ListView):
    model = Region
    permission_required = "regions.view_region"
    template_name = "regions/region_list.html"

    def get_queryset(self):
        return super().get_queryset().annotate(municipality_count=Count("municipalities"))


class RegionDetailView(ScopedMixin, DetailView):
    model = Region
    permission_required = "regions.view_region"
    slug_field = slug_url_kwarg = "uuid"
    template_name = "regions/region_detail.html"

    def get_queryset(self):
        figures = PopulationFigure.objects.order_by("-reference_date")
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "municipalities",
                    queryset=Municipality.objects.prefetch_related(
                        Prefetch("population_figures", queryset=figures)
                    ),
                ),
                "allocation_keys__municipalities",
            )
        )

    def get_context_data(self, **kwargs):
        region = self.object
        rows = [
            (m, next(iter(m.population_figures.all()), None)) for m in region.municipalities.all()
        ]
        can_allocate = self.request.user.has_perm("regions.use_allocation", region)
        return super().get_context_data(rows=rows, can_allocate=can_allocate, **kwargs)


class MunicipalityDetailView(ScopedMixin, DetailView):
    model = Municipality
    permission_required = "regions.view_municipality"
    slug_field = slug_url_kwarg = "uuid"
    template_name = "regions/municipality_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs):
        municipality = self.object
        context = super().get_context_data(**kwargs)
        context["figures"] = municipality.population_figures.order_by("-reference_date")
        if self.request.user.has_perm("regions.view_policysetting", municipality):
            context["policies"] = effective_policies(municipality)
        return context


class AllocationStartView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """'Verdelen' in the menu: straight to the user's region, or a choice when there are several."""

    permission_required = "regions.use_allocation"

    def get(self, request):
        regions = list(
            scope_queryset(request.user, Region.objects.all(), self.permission_required)[:2]
        )
        if len(regions) == 1:
            return redirect("regions:allocation", uuid=regions[0].uuid)
        return redirect("regions:region-list")


class AllocationView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Split an amount over the region's municipalities; HTMX swaps in the result table."""

    permission_required = "regions.use_allocation"
    form_class = AllocationForm

    def get_template_names(self):
        if self.request.htmx:
            return ["regions/_allocation_result.html"]
        return ["regions/allocation.html"]

    def get_form_kwargs(self):
        kwargs = {"region": self.region, "initial": {"key": "population"}}
        if "amount" in self.request.GET:
            data = self.request.GET.copy()
            data.setdefault("key", "population")
            kwargs["data"] = data
        return kwargs

    def get(self, request, *args, **kwargs):
        regions = scope_queryset(request.user, Region.objects.all(), self.permission_required)
        self.region = get_object_or_404(regions, uuid=kwargs["uuid"])
        form = self.get_form()
        allocation = error = None
        if form.is_bound and form.is_valid():
            try:
                allocation = allocate(
                    self.region,
                    form.cleaned_data["amount"],
                    form.cleaned_data["key"],
                    on=form.cleaned_data["reference_date"],
                )
            except AllocationError as exc:
                error = str(exc)
        if allocation and request.GET.get("format") == "csv":
            return self._csv(allocation)
        return self.render_to_response(
            self.get_context_data(form=form, region=self.region, allocation=allocation, error=error)
        )

    def _csv(self, allocation):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = slugify(f"verdeling-{allocation.region.name}-{allocation.total}")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [_("CBS-code"), _("Gemeente"), _("Gewicht"), _("Aandeel (%)"), _("Bedrag (EUR)")]
        )
        for line in allocation.lines:
            writer.writerow(
                [
                    line.municipality.cbs_code,
                    line.municipality.name,
                    line.weight,
                    str(line.share_percentage).replace(".", ","),
                    str(line.amount).replace(".", ","),
                ]
            )
        writer.writerow(["", _("Totaal"), "", "", str(allocation.total).replace(".", ",")])
        return response
