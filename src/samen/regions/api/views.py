from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from samen.accounts.permissions import scope_queryset
from samen.core.api.permissions import HasPermission

from ..models import Municipality, PopulationFigure, Region
from ..services import AllocationError, allocate, parse_amount
from .serializers import (
    AllocationQuerySerializer,
    AllocationSerializer,
    MunicipalitySerializer,
    RegionSerializer,
)

_newest_first = Prefetch(
    "population_figures", queryset=PopulationFigure.objects.order_by("-reference_date")
)


class ScopedViewSetMixin:
    """API lists contain only what the role layer allows; someone else's UUID is a 404."""

    permission_classes = [HasPermission]

    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset(), self.required_permission)


class RegionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Regions (samenwerkingsverbanden) with their municipalities and allocation keys."""

    queryset = Region.objects.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.prefetch_related(_newest_first)),
        "allocation_keys__municipalities",
    ).order_by("name")
    serializer_class = RegionSerializer
    lookup_field = "uuid"

    @property
    def required_permission(self):
        return "regions.use_allocation" if self.action == "allocation" else "regions.view_region"

    def get_queryset(self):
        if self.action == "allocation":
            # The split loads its own municipalities and figures; the list's prefetches would
            # only be read twice.
            return scope_queryset(self.request.user, Region.objects.all(), self.required_permission)
        return super().get_queryset()

    @extend_schema(
        parameters=[AllocationQuerySerializer],
        responses={
            200: AllocationSerializer,
            400: OpenApiResponse(description="Invalid amount or key"),
        },
        summary="Split an amount over the region's municipalities",
        description=(
            "Splits the amount in whole euros (cents when the amount has cents) by largest remainder, "
            "so the parts add up to the total exactly. Shares are percentages with one decimal."
        ),
    )
    @action(detail=True, methods=["get"])
    def allocation(self, request, uuid=None):
        region = self.get_object()
        query = AllocationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        codes = data["municipalities"].split(",") if data.get("municipalities") else None
        try:
            amount = parse_amount(data["amount"])
            result = allocate(
                region, amount, data["key"], on=data.get("reference_date"), municipality_codes=codes
            )
        except AllocationError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        return Response(AllocationSerializer(result).data)


class MunicipalityViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Municipalities with their CBS code and newest population figure."""

    queryset = (
        Municipality.objects.select_related("region")
        .prefetch_related(_newest_first)
        .order_by("name")
    )
    serializer_class = MunicipalitySerializer
    lookup_field = "uuid"
    required_permission = "regions.view_municipality"
