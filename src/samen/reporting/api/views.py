"""The reporting API: cost overviews, milestones, dashboards and council letters as JSON."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.accounts.permissions import scope_queryset
from samen.core.api.permissions import HasPermission
from samen.regions.models import Municipality, Region

from .. import costs, dashboards, milestones
from ..forms import PeriodForm, QuickScanForm
from ..models import CouncilLetter, Milestone, MilestoneDocument, Programme
from ..periods import previous_half_year
from ..quickscan import quick_scan
from ..rules import letters_visible_to
from .serializers import (
    CostOverviewSerializer,
    CouncilLetterSerializer,
    DashboardSerializer,
    MilestoneSerializer,
    ProgrammeSerializer,
    QuickScanSerializer,
)

REGION_PARAMETER = OpenApiParameter(
    "region", OpenApiTypes.UUID, description="Only this region (UUID).", required=False
)


class ScopedViewSetMixin:
    permission_classes = [HasPermission]

    def get_queryset(self):
        queryset = scope_queryset(
            self.request.user, super().get_queryset(), self.required_permission
        )
        region = self.request.query_params.get("region")
        if region and self.action == "list":
            queryset = queryset.filter(region__uuid=region)
        return queryset


@extend_schema_view(list=extend_schema(parameters=[REGION_PARAMETER]))
class ProgrammeViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Cost programmes (e.g. aanjager, experimenteerruimte) with their allocation key."""

    queryset = Programme.objects.select_related("region", "allocation_key__region").order_by(
        "region__name", "starts_on", "name"
    )
    serializer_class = ProgrammeSerializer
    lookup_field = "uuid"
    required_permission = "reporting.view_programme"

    @extend_schema(
        responses=CostOverviewSerializer,
        summary="The programme split per municipality and year, with actual spending",
        description=(
            "Each year's budget split over the municipalities by the programme's allocation key "
            "(whole euros, largest remainder; rows and columns add up exactly). `actual` per "
            "year comes from the linked grant scheme's budget ledger (`actuals_state`: linked, "
            "none or unavailable). Amounts are decimal strings."
        ),
    )
    @action(detail=True, methods=["get"])
    def costs(self, request, uuid=None):
        overview = costs.cost_overview(self.get_object())
        return Response(CostOverviewSerializer(overview).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            REGION_PARAMETER,
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=list(milestones.STATUS_LABELS),
                description="Only milestones with this derived status (e.g. overdue).",
                required=False,
            ),
        ]
    )
)
class MilestoneViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Decision milestones (besluitvormingsmomenten) with their derived status."""

    queryset = (
        Milestone.objects.select_related("region", "municipality")
        .prefetch_related(Prefetch("documents", queryset=MilestoneDocument.objects.order_by("id")))
        .order_by("due_on", "title")
    )
    serializer_class = MilestoneSerializer
    lookup_field = "uuid"
    required_permission = "reporting.view_milestone"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list" and self.request.query_params.get("status") == milestones.OVERDUE:
            queryset = milestones.overdue(queryset, timezone.localdate())
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def list(self, request, *args, **kwargs):
        wanted = request.query_params.get("status")
        if wanted and wanted != milestones.OVERDUE and wanted in milestones.STATUS_LABELS:
            today = timezone.localdate()
            items = [m for m in self.get_queryset() if milestones.status_of(m, today) == wanted]
            page = self.paginate_queryset(items)
            serializer = self.get_serializer(page, many=True)
            return self.get_paginated_response(serializer.data)
        return super().list(request, *args, **kwargs)


DASHBOARD_PARAMETERS = [
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        description="2021-H1, 2021-Q2, 2021-05 or 2021 (default: the last complete half-year).",
        required=False,
    ),
    OpenApiParameter(
        "start", OpenApiTypes.DATE, description="Explicit start (with end).", required=False
    ),
    OpenApiParameter(
        "end", OpenApiTypes.DATE, description="Explicit end (with start).", required=False
    ),
    OpenApiParameter(
        "section",
        OpenApiTypes.STR,
        enum=list(dashboards.SECTIONS),
        description="Only this section (default: all five).",
        required=False,
    ),
]


class DashboardView(APIView):
    """KPI figures of a dashboard as JSON: the same tables as the page, already suppressed."""

    permission_classes = [HasPermission]
    required_permission = "reporting.view_dashboard"
    serializer_class = DashboardSerializer

    def get_scope(self, uuid) -> dashboards.Scope:
        raise NotImplementedError

    def get(self, request, uuid):
        scope = self.get_scope(uuid)
        form = PeriodForm(request.query_params, default=previous_half_year(timezone.localdate()))
        if not form.is_valid():
            raise ValidationError(form.errors)
        period = form.cleaned_data["chosen"]
        wanted = request.query_params.get("section")
        if wanted and wanted not in dashboards.SECTIONS:
            raise ValidationError({"section": f"One of {', '.join(dashboards.SECTIONS)}."})
        sections = dashboards.build_dashboard(
            scope, period, [wanted] if wanted else None, with_charts=False
        )
        data = {
            "scope": scope.label,
            "region": scope.region.uuid,
            "municipality": scope.municipality.uuid if scope.municipality else None,
            "period": period,
            "sections": sections,
        }
        return Response(DashboardSerializer(data).data)


@extend_schema(
    parameters=DASHBOARD_PARAMETERS,
    responses=DashboardSerializer,
    summary="Dashboard of a region: work, taking part, switching, network, experiments",
)
class RegionDashboardView(DashboardView):
    def get_scope(self, uuid):
        regions = scope_queryset(self.request.user, Region.objects.all(), self.required_permission)
        return dashboards.region_scope(get_object_or_404(regions, uuid=uuid))


@extend_schema(
    parameters=DASHBOARD_PARAMETERS,
    responses=DashboardSerializer,
    summary="Dashboard of one municipality",
)
class MunicipalityDashboardView(DashboardView):
    def get_scope(self, uuid):
        municipalities = scope_queryset(
            self.request.user,
            Municipality.objects.select_related("region"),
            self.required_permission,
        )
        return dashboards.municipality_scope(get_object_or_404(municipalities, uuid=uuid))


@extend_schema_view(list=extend_schema(parameters=[REGION_PARAMETER]))
class CouncilLetterViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Council letters (raadsinformatiebrieven). Drafts only for those who write them."""

    queryset = CouncilLetter.objects.select_related("region", "municipality").order_by(
        "-period_start", "municipality__name"
    )
    serializer_class = CouncilLetterSerializer
    lookup_field = "uuid"
    required_permission = "reporting.view_councilletter"

    def get_queryset(self):
        return letters_visible_to(self.request.user, super().get_queryset())

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "view_action": self.action}


QUICK_SCAN_PARAMETERS = [
    OpenApiParameter(
        "change_on", OpenApiTypes.DATE, description="Day of the change.", required=True
    ),
    OpenApiParameter(
        "months", OpenApiTypes.INT, description="Months before and after (1–24).", required=True
    ),
    OpenApiParameter("description", OpenApiTypes.STR, description="What changed.", required=False),
]


class QuickScanView(APIView):
    """A before/after comparison around a change, already suppressed."""

    permission_classes = [HasPermission]
    required_permission = "reporting.view_quickscan"
    serializer_class = QuickScanSerializer

    def get_scope(self, uuid) -> dashboards.Scope:
        raise NotImplementedError

    def get(self, request, uuid):
        scope = self.get_scope(uuid)
        form = QuickScanForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        scan = quick_scan(scope, data["change_on"], data["months"], data["description"])
        return Response(QuickScanSerializer(scan).data)


@extend_schema(
    parameters=QUICK_SCAN_PARAMETERS,
    responses=QuickScanSerializer,
    summary="Quick scan of a region",
)
class RegionQuickScanView(QuickScanView):
    def get_scope(self, uuid):
        regions = scope_queryset(self.request.user, Region.objects.all(), self.required_permission)
        return dashboards.region_scope(get_object_or_404(regions, uuid=uuid))


@extend_schema(
    parameters=QUICK_SCAN_PARAMETERS,
    responses=QuickScanSerializer,
    summary="Quick scan of a municipality",
)
class MunicipalityQuickScanView(QuickScanView):
    def get_scope(self, uuid):
        municipalities = scope_queryset(
            self.request.user,
            Municipality.objects.select_related("region"),
            self.required_permission,
        )
        return dashboards.municipality_scope(get_object_or_404(municipalities, uuid=uuid))
