from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action

from samen.accounts.permissions import scope_queryset
from samen.core.api.permissions import HasPermission

from ..models import ImportRowResult, ImportRun, ImportSheet, Outcome
from .serializers import ImportRowResultSerializer, ImportRunSerializer


class ImportRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Import runs of client data (dry runs and imports) with their counts per sheet.

    Only administrators of the run's municipality see a run; another municipality's run is a 404.
    For every sheet of a completed run, rows_read = created + updated + unchanged + rejected.
    """

    permission_classes = [HasPermission]
    required_permission = "migration.view_importrun"
    serializer_class = ImportRunSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        runs = ImportRun.objects.select_related("municipality", "dry_run_of").prefetch_related(
            Prefetch("sheets", queryset=ImportSheet.objects.order_by("position"))
        )
        return scope_queryset(self.request.user, runs, self.required_permission).order_by(
            "-created_at"
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "outcome",
                str,
                enum=[Outcome.REJECTED, "warning"],
                description="`r` for rejected rows (default), `warning` for accepted rows with a warning.",
            ),
            OpenApiParameter("sheet", str, description="Only this sheet, e.g. `personen`."),
        ],
        responses=ImportRowResultSerializer(many=True),
        summary="Rows of a run that need attention: rejected (with every reason) or warned",
        description=(
            "Rejected rows with every reason in Dutch, or accepted rows with a warning, by sheet "
            "and line. The row as delivered (with its BSN) is not in the API."
        ),
    )
    @action(detail=True, methods=["get"])
    def rows(self, request, uuid=None):
        run = self.get_object()
        results = ImportRowResult.objects.filter(run=run).order_by("sheet", "line")
        if request.query_params.get("outcome") == "warning":
            results = results.exclude(warnings=[])
        else:
            results = results.filter(outcome=Outcome.REJECTED)
        if sheet := request.query_params.get("sheet"):
            results = results.filter(sheet=sheet)
        page = self.paginate_queryset(results)
        return self.get_paginated_response(ImportRowResultSerializer(page, many=True).data)
