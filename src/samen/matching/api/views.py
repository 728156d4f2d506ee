"""The matching API: work opportunities, rankings both ways, matches and their steps, rounds, quality.

The same rules as the website: lists are scoped in SQL, another municipality's resident is a 404,
partners see candidates only under pseudonyms of consenting residents, and every step of a match
is confirmed by a case worker. Rankings that show residents write the access log.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response

from samen.accounts.permissions import scope_queryset
from samen.core.api.permissions import HasPermission
from samen.participation.models import Dossier
from samen.participation.switching import SwitchRefused
from samen.regions.models import Municipality, Region

from .. import quality, rules, services, workflow
from ..models import AssignmentProposal, AssignmentRun, Match, WorkOpportunity
from .serializers import (
    AssignmentProposalSerializer,
    AssignmentRunCreateSerializer,
    AssignmentRunSerializer,
    CandidateSerializer,
    EvaluationRunSerializer,
    MatchCreateSerializer,
    MatchSerializer,
    RankingQuerySerializer,
    ResidentRankingSerializer,
    TransitionSerializer,
    WorkOpportunitySerializer,
)

logger = logging.getLogger(__name__)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The object was changed by someone else."
    default_code = "conflict"


def _messages(error: DjangoValidationError):
    return error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}


class ScopedViewSetMixin:
    permission_classes = [HasPermission]

    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset(), self.required_permission)


OPPORTUNITY_PERMISSIONS = {
    "create": "matching.add_workopportunity",
    "update": "matching.change_workopportunity",
    "partial_update": "matching.change_workopportunity",
    "destroy": "matching.delete_workopportunity",
    "candidates": "matching.rank_for_opportunity",
}


@extend_schema(
    parameters=[
        OpenApiParameter("kind", str, description="Only this kind of work."),
        OpenApiParameter("open", bool, description="Only opportunities open today."),
    ]
)
class WorkOpportunityViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Available work in the region: tasks, talents asked and taught, hours, kind, places."""

    queryset = (
        WorkOpportunity.objects.select_related("organisation", "municipality")
        .prefetch_related("talents_asked", "talents_taught")
        .order_by("-created_at")
    )
    serializer_class = WorkOpportunitySerializer
    lookup_field = "uuid"

    @property
    def required_permission(self):
        return OPPORTUNITY_PERMISSIONS.get(self.action, "matching.view_workopportunity")

    def get_queryset(self):
        # Opportunities are shared in the region; who may change one is decided per object below.
        qs = super().get_queryset()
        params = self.request.query_params
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        if params.get("open") in ("1", "true"):
            qs = qs.open()
        return qs

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in (
            "update",
            "partial_update",
            "destroy",
        ) and not rules.can_edit_opportunity(request.user, obj):
            raise PermissionDenied

    def _check_placement(self, serializer):
        user = self.request.user
        municipality = serializer.validated_data.get("municipality")
        if municipality and not user.has_perm("matching.add_workopportunity", municipality):
            raise ValidationError({"municipality": ["Hier mag u geen werk aanbieden."]})
        organisation = serializer.validated_data.get("organisation")
        if organisation and not rules.can_post_for(user, organisation):
            raise PermissionDenied

    def perform_create(self, serializer):
        self._check_placement(serializer)
        serializer.validated_data.pop("version", None)
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer):
        if "municipality" in serializer.validated_data:
            self._check_placement(serializer)
        expected = serializer.validated_data.pop("version", None)
        with transaction.atomic():
            locked = WorkOpportunity.objects.select_for_update().get(pk=serializer.instance.pk)
            if expected is not None and expected != locked.version:
                raise Conflict("Iemand anders heeft deze werkplek intussen gewijzigd.")
            serializer.save(version=locked.version + 1)

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError as error:
            raise Conflict(
                "Er zijn matches met deze werkplek; sluit de werkplek in plaats van haar te verwijderen."
            ) from error

    @extend_schema(
        parameters=[OpenApiParameter("include_blocked", bool)],
        responses=CandidateSerializer(many=True),
        summary="The best-fitting residents for this opportunity",
        description=(
            "Case workers get the residents of their own municipalities by name; partners of the "
            "offering organisation get only residents who consented, under the consent's pseudonym, "
            "with only the explanation lines the resident agreed to share."
        ),
    )
    @action(detail=True, methods=["get"])
    def candidates(self, request, uuid=None):
        opportunity = get_object_or_404(
            scope_queryset(
                request.user,
                WorkOpportunity.objects.select_related("organisation", "municipality__region"),
                "matching.view_workopportunity",
            ),
            uuid=uuid,
        )
        if rules.sees_candidates_by_name(request.user, opportunity):
            candidates = services.rank_candidates(
                opportunity,
                services.candidate_dossiers_for_case_worker(request.user, opportunity),
                include_blocked=request.query_params.get("include_blocked") in ("1", "true"),
            )
            services.log_reads(request, [c.dossier for c in candidates])
            rows = [
                {
                    "dossier": c.dossier,
                    "name": c.dossier.resident.full_name,
                    "pseudonym": "",
                    "score": c.score,
                    "blocked": c.blocked,
                    "lines": c.lines,
                }
                for c in candidates
            ]
        elif rules.sees_candidates_as_partner(request.user, opportunity):
            candidates = services.rank_candidates_for_partner(opportunity)
            services.log_reads(
                request, [c.dossier for c in candidates], purpose=services.PURPOSE_PARTNER
            )
            rows = [
                {
                    "dossier": None,
                    "name": "",
                    "pseudonym": c.pseudonym,
                    "score": c.score,
                    "blocked": c.blocked,
                    "lines": c.lines,
                }
                for c in candidates
            ]
        else:
            raise PermissionDenied
        return Response(CandidateSerializer(rows, many=True).data)


class ResidentRankingViewSet(viewsets.GenericViewSet):
    """The best opportunities for one resident (by dossier UUID), each score explained."""

    permission_classes = [HasPermission]
    required_permission = "matching.rank_for_resident"
    serializer_class = ResidentRankingSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        return scope_queryset(
            self.request.user,
            Dossier.objects.select_related("resident", "municipality__region"),
            self.required_permission,
        )

    @extend_schema(parameters=[RankingQuerySerializer], responses=ResidentRankingSerializer)
    def retrieve(self, request, uuid=None):
        dossier = self.get_object()
        query = RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        municipality = None
        if data.get("municipality"):
            municipality = Municipality.objects.filter(cbs_code=data["municipality"]).first()
            if municipality is None:
                raise ValidationError({"municipality": ["Onbekende CBS-code."]})
        ranking = services.rank_opportunities(
            dossier,
            services.OpportunityFilters(
                kinds=tuple(data.get("kind") or ()),
                municipality=municipality,
                max_hours=data.get("max_hours"),
                include_blocked=data["include_blocked"],
            ),
        )
        services.log_reads(request, [dossier])
        return Response(
            ResidentRankingSerializer({"dossier": dossier.uuid, "results": ranking}).data
        )


class MatchViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Matches of residents of the case worker's municipalities, with every confirmed step."""

    queryset = (
        Match.objects.select_related("dossier__resident", "opportunity", "arrangement")
        .prefetch_related("events__by")
        .order_by("-updated_at")
    )
    serializer_class = MatchSerializer
    lookup_field = "uuid"

    @property
    def required_permission(self):
        if self.action in ("create", "transition"):
            return "matching.confirm_match"
        return "matching.view_match"

    def get_queryset(self):
        qs = super().get_queryset()
        state = self.request.query_params.get("state")
        if state:
            qs = qs.filter(state=state)
        return qs

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self, "_page", None)
        if page is not None:
            services.log_reads(request, [m.dossier for m in page])
        return response

    def paginate_queryset(self, queryset):
        self._page = super().paginate_queryset(queryset)
        return self._page

    def retrieve(self, request, *args, **kwargs):
        match = self.get_object()
        services.log_reads(request, [match.dossier])
        return Response(self.get_serializer(match).data)

    @extend_schema(request=MatchCreateSerializer, responses={201: MatchSerializer})
    def create(self, request, *args, **kwargs):
        query = MatchCreateSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        user = request.user
        try:
            if data.get("proposal"):
                proposal = get_object_or_404(
                    scope_queryset(
                        user,
                        AssignmentProposal.objects.select_related("dossier", "opportunity"),
                        "matching.view_assignmentproposal",
                    ),
                    uuid=data["proposal"],
                )
                match = services.adopt_proposal(proposal, actor=user)
            else:
                dossier = get_object_or_404(
                    scope_queryset(user, Dossier.objects.all(), "matching.confirm_match"),
                    uuid=data["dossier"],
                )
                opportunity = get_object_or_404(
                    scope_queryset(
                        user, WorkOpportunity.objects.all(), "matching.view_workopportunity"
                    ),
                    uuid=data["opportunity"],
                )
                match = services.propose_match(
                    dossier, opportunity, actor=user, source=Match.Source.RANKING, note=data["note"]
                )
        except DjangoValidationError as error:
            raise ValidationError(_messages(error)) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        match = self.get_queryset().get(pk=match.pk)
        return Response(MatchSerializer(match).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TransitionSerializer,
        responses={
            200: MatchSerializer,
            400: OpenApiResponse(description="A required field is missing or a guard fails."),
            409: OpenApiResponse(description="The match moved on since you read it."),
        },
        summary="Confirm one step of the match (AVG art. 22: a case worker decides)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, uuid=None):
        match = self.get_object()
        query = TransitionSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        name, version = data.pop("transition"), data.pop("version")
        on_placed = None
        if name == "place" and data.get("start_arrangement"):
            on_placed = services.placement_switch(
                actor=request.user, acknowledge_warnings=data.get("acknowledge_warnings", False)
            )
        try:
            workflow.apply(
                match,
                name,
                actor=request.user,
                expected_version=version,
                data=data,
                on_placed=on_placed,
            )
        except workflow.ConcurrentStep as error:
            raise Conflict(error.messages[0]) from error
        except SwitchRefused as refusal:
            raise ValidationError(
                {
                    "arrangement": refusal.messages,
                    "needs_acknowledgement": refusal.needs_acknowledgement,
                }
            ) from refusal
        except DjangoValidationError as error:
            raise ValidationError(_messages(error)) from error
        return Response(MatchSerializer(self.get_queryset().get(pk=match.pk)).data)


class AssignmentRunViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Assignment rounds: start one for a municipality or region, follow its progress, read the
    proposals (adopt one by POSTing its UUID to /matches as ``proposal``)."""

    queryset = AssignmentRun.objects.select_related("region", "municipality").order_by(
        "-created_at"
    )
    serializer_class = AssignmentRunSerializer
    lookup_field = "uuid"

    @property
    def required_permission(self):
        return (
            "matching.add_assignmentrun"
            if self.action == "create"
            else "matching.view_assignmentrun"
        )

    @extend_schema(request=AssignmentRunCreateSerializer, responses={201: AssignmentRunSerializer})
    def create(self, request, *args, **kwargs):
        query = AssignmentRunCreateSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data.get("municipality"):
            municipality = get_object_or_404(Municipality, cbs_code=data["municipality"])
            region = municipality.region
        else:
            municipality = None
            region = get_object_or_404(Region, uuid=data["region"])
        try:
            run = services.start_round(
                region=region,
                municipality=municipality,
                actor=request.user,
                token=data.get("submission_token"),
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        except DjangoValidationError as error:
            raise ValidationError(_messages(error)) from error
        if run.status == AssignmentRun.Status.QUEUED:
            try:
                services.dispatch_round(run)
            except Exception:  # noqa: BLE001 - the run records its error; the response shows it
                logger.exception("assignment round %s failed", run.uuid)
            run.refresh_from_db()
        return Response(AssignmentRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=AssignmentProposalSerializer(many=True))
    @action(detail=True, methods=["get"])
    def proposals(self, request, uuid=None):
        run = self.get_object()
        proposals = scope_queryset(
            request.user,
            AssignmentProposal.objects.filter(run=run).select_related(
                "dossier__resident", "opportunity"
            ),
            "matching.view_assignmentproposal",
        ).order_by("-score", "pk")
        page = self.paginate_queryset(proposals)
        rows = page if page is not None else list(proposals)
        services.log_reads(request, [p.dossier for p in rows])
        data = AssignmentProposalSerializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class EvaluationRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Quality measurements of the matching (``evaluate_matching``), newest first."""

    permission_classes = [HasPermission]
    serializer_class = EvaluationRunSerializer
    lookup_field = "uuid"
    required_permission = "matching.view_evaluationrun"

    def get_queryset(self):
        return (
            quality.visible_runs(self.request.user).select_related("region").order_by("-created_at")
        )
