"""API of the action lines module: the same rules as the pages (role table + ``rules`` predicates).

Others' objects are a 404; a missing role is a 403; a rule refusing a step is a 400 with the Dutch
reason; an edit on a stale version is a 409.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from samen.accounts.permissions import scope_queryset
from samen.network.models import OrganisationMember
from samen.regions.api.views import ScopedViewSetMixin
from samen.regions.models import Region

from .. import rules, services
from ..models import (
    ActionLine,
    ActionLineLead,
    Follow,
    Initiative,
    Meeting,
    ProgressReport,
    ReportVersion,
)
from ..views import _content, _latest_light
from ..workflow import TransitionNotAllowed
from .serializers import (
    ActionLineSerializer,
    CommitmentRequestSerializer,
    CompletenessSerializer,
    ConvertSerializer,
    CriteriaRequestSerializer,
    FollowSerializer,
    FollowStateSerializer,
    FollowUpSerializer,
    GrantDraftSerializer,
    InitiativeDecisionSerializer,
    InitiativeSerializer,
    LeadRequestSerializer,
    MeetingDecisionSerializer,
    MeetingRecordSerializer,
    MeetingSerializer,
    MeetingSuggestionSerializer,
    ProgressReportSerializer,
    ReportCreateSerializer,
    ReportUpdateSerializer,
    RolesRequestSerializer,
    StatusChangeRequestSerializer,
)

ITEMS_PER_RULE = 50


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def refused(error) -> serializers.ValidationError:
    return serializers.ValidationError({"detail": str(error)})


class ServiceErrorsMixin:
    """Turns the domain's refusals into API answers."""

    def handle_exception(self, exc):
        if isinstance(exc, services.ConflictError):
            exc = Conflict(str(exc))
        elif isinstance(exc, (services.ServiceError, TransitionNotAllowed)):
            exc = refused(exc)
        return super().handle_exception(exc)


class ObjectActionsMixin:
    """What the viewsets' write actions share: a checked request body and a fresh answer.

    A service changes the object and its relations behind the viewset's back, so the answer is
    read again through ``get_queryset``: it then has the same scope, annotations and prefetches as
    a ``retrieve`` (and costs the same queries), instead of the stale instance the action started
    with.
    """

    def validated(self, serializer_class) -> dict:
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    def fresh(self, obj, code=status.HTTP_200_OK) -> Response:
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=code)


def link_base(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def line_in_scope(user, line) -> ActionLine:
    """The line a new report or follow is for; a line outside the user's scope is a 404."""
    lines = scope_queryset(user, ActionLine.objects.all(), "actionlines.view_actionline")
    return get_object_or_404(lines, pk=line.pk)


def queried_region(request, perm) -> Region:
    """The region of ``?region=<uuid>``, else the user's first; no region in scope is a 403."""
    regions = scope_queryset(request.user, Region.objects.order_by("name"), perm)
    wanted = request.query_params.get("region")
    region = get_object_or_404(regions, uuid=wanted) if wanted else regions.first()
    if region is None:
        raise PermissionDenied
    return region


def only_region(request, perm, wanted=None) -> Region:
    """The region an object is created in: the one given, or the user's only region."""
    regions = scope_queryset(request.user, Region.objects.order_by("name"), perm)
    if wanted is not None:
        if not regions.filter(pk=wanted.pk).exists():
            raise PermissionDenied
        return wanted
    found = list(regions[:2])
    if len(found) != 1:
        raise serializers.ValidationError({"region": "Kies de regio."})
    return found[0]


# --- Action lines -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Action lines",
        parameters=[
            OpenApiParameter("status", str, enum=ActionLine.Status.values),
            OpenApiParameter("value", str, description="UUID of a shared value the line serves."),
            OpenApiParameter(
                "municipality", str, description="CBS code of a municipality with a role."
            ),
        ],
    ),
    retrieve=extend_schema(summary="One action line"),
    create=extend_schema(summary="Create an action line (facilitator)"),
    partial_update=extend_schema(summary="Change title, aim, start date or values (facilitator)"),
)
class ActionLineViewSet(
    ServiceErrorsMixin,
    ObjectActionsMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Action lines of the user's regions; the aanjager creates and manages them."""

    serializer_class = ActionLineSerializer
    lookup_field = "uuid"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @property
    def required_permission(self):
        if self.action in ("list", "retrieve", None):  # None: a method the route lacks (405)
            return "actionlines.view_actionline"
        if self.action == "create":
            return "actionlines.add_actionline"
        if self.action == "follow":
            return "actionlines.add_follow"
        return "actionlines.change_actionline"

    def get_queryset(self):
        lines = ActionLine.objects.select_related("region").annotate(latest_light=_latest_light())
        params = self.request.query_params
        if params.get("status"):
            lines = lines.filter(status=params["status"])
        if params.get("value"):
            lines = lines.filter(values__uuid=params["value"])
        if params.get("municipality"):
            lines = lines.filter(municipality_roles__municipality__cbs_code=params["municipality"])
        self.queryset = lines.prefetch_related(
            "values",
            "commitments__organisation",
            "municipality_roles__municipality",
            "status_changes",
            Prefetch(
                "lead_links", queryset=ActionLineLead.objects.select_related("user", "organisation")
            ),
        ).order_by("title")
        return super().get_queryset()

    def perform_create(self, serializer):
        data = serializer.validated_data
        region = only_region(self.request, "actionlines.add_actionline", data.get("region"))
        serializer.instance = services.create_line(
            region=region,
            title=data["title"],
            aim=data["aim"],
            start_date=data["start_date"],
            values=data.get("values", []),
            by=self.request.user,
        )

    def perform_update(self, serializer):
        line, data = serializer.instance, serializer.validated_data
        serializer.instance = services.update_line(
            line,
            title=data.get("title", line.title),
            aim=data.get("aim", line.aim),
            start_date=data.get("start_date", line.start_date),
            values=data.get("values", line.values.all()),
        )

    @extend_schema(
        request=StatusChangeRequestSerializer,
        responses={200: ActionLineSerializer, 400: OpenApiResponse(description="Step not allowed")},
        summary="Pause, resume or end a line (with date and reason); followers are notified",
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, uuid=None):
        line = self.get_object()
        data = self.validated(StatusChangeRequestSerializer)
        services.change_status(
            line,
            data["transition"],
            on=data["on"],
            reason=data["reason"],
            by=request.user,
            link_base=link_base(request),
        )
        return self.fresh(line)

    @extend_schema(
        request=LeadRequestSerializer, responses=ActionLineSerializer, summary="Add a lead"
    )
    @action(detail=True, methods=["post"])
    def leads(self, request, uuid=None):
        line = self.get_object()
        data = self.validated(LeadRequestSerializer)
        member = OrganisationMember.objects.filter(
            user=data["user"], organisation=data["organisation"]
        ).first()
        if member is None:
            raise refused("De trekker hoort niet bij die organisatie.")
        services.assign_lead(line, member, since=data["since"], by=request.user)
        return self.fresh(line)

    @extend_schema(
        request=CommitmentRequestSerializer,
        responses=ActionLineSerializer,
        summary="Add a committed partner",
    )
    @action(detail=True, methods=["post"])
    def commitments(self, request, uuid=None):
        line = self.get_object()
        data = self.validated(CommitmentRequestSerializer)
        services.commit_partner(line, data["organisation"], since=data["since"])
        return self.fresh(line)

    @extend_schema(
        request=RolesRequestSerializer,
        responses=ActionLineSerializer,
        summary="Set municipality roles (empty role removes it)",
    )
    @action(detail=True, methods=["post"], url_path="municipality-roles")
    def municipality_roles(self, request, uuid=None):
        line = self.get_object()
        data = self.validated(RolesRequestSerializer)
        services.set_municipality_roles(
            line,
            {r["municipality"]: (r["role"], r["explanation"]) for r in data["roles"]},
        )
        return self.fresh(line)

    @extend_schema(
        request=None,
        responses=FollowStateSerializer,
        summary="Follow (POST) or unfollow (DELETE) the line",
    )
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, uuid=None):
        line = self.get_object()
        if request.method == "DELETE":
            services.unfollow(line, request.user)
            return Response({"following": False})
        services.follow(line, request.user)
        return Response({"following": True})


# --- Progress reports ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Progress reports (drafts only for the line's leads)",
        parameters=[OpenApiParameter("action_line", str, description="UUID of the line.")],
    ),
    retrieve=extend_schema(summary="One report with its version history"),
)
class ProgressReportViewSet(
    ServiceErrorsMixin,
    ObjectActionsMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Reports and updates; only a line's leads post and edit them; submitted versions are frozen."""

    serializer_class = ProgressReportSerializer
    lookup_field = "uuid"

    @property
    def required_permission(self):
        if self.action in ("list", "retrieve", None):
            return "actionlines.view_progressreport"
        if self.action == "create":
            return "actionlines.add_progressreport"
        return "actionlines.change_progressreport"

    def get_queryset(self):
        reports = ProgressReport.objects.select_related(
            "action_line", "current_version__author", "current_version__submitted_by"
        ).prefetch_related(
            Prefetch(
                "versions",
                queryset=rules.versions_visible_to(
                    self.request.user,
                    ReportVersion.objects.select_related("author", "submitted_by"),
                ).order_by("number"),
                to_attr="visible_versions",
            )
        )
        if self.request.query_params.get("action_line"):
            reports = reports.filter(action_line__uuid=self.request.query_params["action_line"])
        self.queryset = rules.reports_visible_to(self.request.user, reports).order_by(
            "-period_end", "-created_at"
        )
        return super().get_queryset()

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "visible_versions": lambda r: r.visible_versions,
        }

    @extend_schema(
        request=ReportCreateSerializer,
        responses={
            201: ProgressReportSerializer,
            403: OpenApiResponse(description="Not a lead of the line"),
        },
        summary="Post a report or update (leads of the line only)",
    )
    def create(self, request):
        data = self.validated(ReportCreateSerializer)
        line = line_in_scope(request.user, data["action_line"])
        if not rules.may_report_on(request.user, line):
            raise PermissionDenied
        period = (data["year"], data["half"]) if "year" in data and "half" in data else None
        report = services.start_report(
            line,
            kind=data["kind"],
            content=_content(data),
            by=request.user,
            period=period,
            submission_key=data.get("submission_key"),
            submit=data["submit"],
            link_base=link_base(request),
        )
        return self.fresh(report, status.HTTP_201_CREATED)

    @extend_schema(
        request=ReportUpdateSerializer,
        responses={
            200: ProgressReportSerializer,
            409: OpenApiResponse(description="Changed by someone else"),
        },
        summary="Edit: the draft in place, or a new version of a submitted report",
    )
    def partial_update(self, request, uuid=None):
        report = self.get_object()
        if not rules.may_edit_report(request.user, report):
            raise PermissionDenied
        data = self.validated(ReportUpdateSerializer)
        based_on = (
            (data["based_on_version"], data["based_on_revision"])
            if "based_on_version" in data and "based_on_revision" in data
            else None
        )
        services.save_report(
            report,
            content=_content(data),
            by=request.user,
            based_on=based_on,
            submit=data["submit"],
            link_base=link_base(request),
        )
        return self.fresh(report)

    @extend_schema(
        request=None, responses=ProgressReportSerializer, summary="Submit the draft (idempotent)"
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        report = self.get_object()
        if not rules.may_edit_report(request.user, report):
            raise PermissionDenied
        services.submit_report(report, by=request.user, link_base=link_base(request))
        return self.fresh(report)


# --- Follows ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The lines you follow"),
    create=extend_schema(summary="Follow a line"),
    destroy=extend_schema(summary="Stop following a line (by the line's UUID)"),
)
class FollowViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your own follows; followers get an e-mail when the line's status changes or a report comes in."""

    serializer_class = FollowSerializer
    lookup_field = "action_line__uuid"
    lookup_url_kwarg = "action_line"
    lookup_value_regex = "[0-9a-f-]{36}"

    @property
    def required_permission(self):
        return (
            "actionlines.add_follow"
            if self.action in ("create", "destroy")
            else "actionlines.view_follow"
        )

    def get_queryset(self):
        self.queryset = Follow.objects.filter(user=self.request.user).select_related("action_line")
        return super().get_queryset().order_by("-created_at")

    def perform_create(self, serializer):
        line = line_in_scope(self.request.user, serializer.validated_data["action_line"])
        services.follow(line, self.request.user)
        serializer.instance = Follow.objects.get(action_line=line, user=self.request.user)

    def perform_destroy(self, instance):
        services.unfollow(instance.action_line, self.request.user)


# --- Meetings -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Platform meetings"),
    retrieve=extend_schema(
        summary="One meeting with its agenda, attendance, decisions and follow-ups"
    ),
    create=extend_schema(summary="Plan a meeting (facilitator); location defaults to the rotation"),
    partial_update=extend_schema(summary="Change date, time, municipality or venue"),
)
class MeetingViewSet(
    ServiceErrorsMixin,
    ObjectActionsMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Platform meetings (twice a year, rotating over the municipalities)."""

    serializer_class = MeetingSerializer
    lookup_field = "uuid"
    http_method_names = ["get", "post", "patch", "head", "options"]

    @property
    def required_permission(self):
        if self.action in ("list", "retrieve", None):
            return "actionlines.view_meeting"
        if self.action in ("create", "suggestion"):
            return "actionlines.add_meeting"
        return "actionlines.change_meeting"

    def get_queryset(self):
        self.queryset = (
            Meeting.objects.select_related("region", "municipality")
            .prefetch_related(
                "attending_organisations",
                "attendees",
                "decisions__action_line",
                "follow_ups__action_line",
                "follow_ups__owner",
            )
            .order_by("-date")
        )
        return super().get_queryset()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "with_agenda": self.action != "list"}

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        region = only_region(request, "actionlines.add_meeting", data.get("region"))
        suggestion = services.suggest_meeting(region)
        meeting = services.plan_meeting(
            region,
            on=data["date"],
            municipality=data.get("municipality") or suggestion.municipality,
            venue=data.get("venue", ""),
            start_time=data.get("start_time"),
            by=request.user,
        )
        return self.fresh(meeting, status.HTTP_201_CREATED)

    def partial_update(self, request, uuid=None):
        meeting = self.get_object()
        serializer = self.get_serializer(meeting, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.update_meeting(
            meeting,
            on=data.get("date", meeting.date),
            municipality=data.get("municipality", meeting.municipality),
            venue=data.get("venue", meeting.venue),
            start_time=data.get("start_time", meeting.start_time),
        )
        return self.fresh(meeting)

    @extend_schema(
        parameters=[OpenApiParameter("region", str, description="UUID of the region (optional).")],
        responses=MeetingSuggestionSerializer,
        summary="Where and when the next meeting could be (rotation, twice a year)",
    )
    @action(detail=False, methods=["get"])
    def suggestion(self, request):
        region = queried_region(request, "actionlines.add_meeting")
        return Response(MeetingSuggestionSerializer(services.suggest_meeting(region)).data)

    @extend_schema(request=None, responses=MeetingSerializer, summary="Fix the agenda as it is now")
    @action(detail=True, methods=["post"], url_path="fix-agenda")
    def fix_agenda(self, request, uuid=None):
        meeting = self.get_object()
        services.fix_agenda(meeting)
        return self.fresh(meeting)

    @extend_schema(
        request=MeetingRecordSerializer,
        responses={
            200: MeetingSerializer,
            409: OpenApiResponse(description="Changed by someone else"),
        },
        summary="Record minutes and attendance (organisations and people)",
    )
    @action(detail=True, methods=["post"])
    def record(self, request, uuid=None):
        meeting = self.get_object()
        data = self.validated(MeetingRecordSerializer)
        services.record_meeting(
            meeting,
            minutes=data["minutes"],
            organisations=data["organisations"],
            attendees=data["attendees"],
            revision=data.get("revision"),
        )
        return self.fresh(meeting)

    @extend_schema(
        request=MeetingDecisionSerializer, responses=MeetingSerializer, summary="Record a decision"
    )
    @action(detail=True, methods=["post"])
    def decisions(self, request, uuid=None):
        meeting = self.get_object()
        data = self.validated(MeetingDecisionSerializer)
        services.add_decision(
            meeting,
            text=data["text"],
            action_line=data.get("action_line"),
        )
        return self.fresh(meeting)

    @extend_schema(
        request=FollowUpSerializer, responses=MeetingSerializer, summary="Record a follow-up"
    )
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, uuid=None):
        meeting = self.get_object()
        data = self.validated(FollowUpSerializer)
        services.add_follow_up(
            meeting,
            description=data["description"],
            owner=data["owner"],
            due_date=data["due_date"],
            action_line=data.get("action_line"),
        )
        return self.fresh(meeting)


# --- Initiatives --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Initiatives",
        parameters=[OpenApiParameter("status", str, enum=Initiative.Status.values)],
    ),
    retrieve=extend_schema(summary="One initiative (with possible overlaps, for the facilitator)"),
    create=extend_schema(summary="Propose an initiative (anyone logged in)"),
    partial_update=extend_schema(summary="Change the proposal (the proposer, until a decision)"),
)
class InitiativeViewSet(
    ServiceErrorsMixin,
    ObjectActionsMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """New initiatives, the check of the three criteria, the decision, and turning one into a line."""

    serializer_class = InitiativeSerializer
    lookup_field = "uuid"
    http_method_names = ["get", "post", "patch", "head", "options"]

    @property
    def required_permission(self):
        return {
            "list": "actionlines.view_initiative",
            "retrieve": "actionlines.view_initiative",
            "partial_update": "actionlines.view_initiative",
            "create": "actionlines.add_initiative",
            "checks": "actionlines.assess_initiative",
            "decision": "actionlines.decide_initiative",
            "action_line": "actionlines.add_actionline",
            "grant_application": "actionlines.view_initiative",
        }.get(self.action, "actionlines.view_initiative")

    def get_queryset(self):
        initiatives = Initiative.objects.select_related(
            "region", "proposer", "organisation", "action_line"
        ).prefetch_related("value_fits__value", "criterion_checks")
        if self.request.query_params.get("status"):
            initiatives = initiatives.filter(status=self.request.query_params["status"])
        self.queryset = initiatives.order_by("-created_at")
        return super().get_queryset()

    def get_serializer_context(self):
        with_overlaps = self.action == "retrieve" and self.request.user.has_perm(
            "actionlines.assess_initiative"
        )
        return {**super().get_serializer_context(), "with_overlaps": with_overlaps}

    @staticmethod
    def _fits(data):
        return [
            services.FitAnswer(f["value"], f["serves"], f["explanation"])
            for f in data["value_fits"]
        ]

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        region = only_region(request, "actionlines.add_initiative", data.get("region"))
        initiative = services.propose_initiative(
            region,
            title=data["title"],
            description=data["description"],
            who=data.get("who", ""),
            organisation=data.get("organisation"),
            fits=self._fits(data),
            by=request.user,
            submission_key=data.get("submission_key"),
        )
        return self.fresh(initiative, status.HTTP_201_CREATED)

    def partial_update(self, request, uuid=None):
        initiative = self.get_object()
        if not rules.may_edit_initiative(request.user, initiative):
            raise PermissionDenied
        serializer = self.get_serializer(initiative, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fits = (
            self._fits(data)
            if "value_fits" in data
            else [
                services.FitAnswer(f.value, f.serves, f.explanation)
                for f in initiative.value_fits.all()
            ]
        )
        services.update_initiative(
            initiative,
            title=data.get("title", initiative.title),
            description=data.get("description", initiative.description),
            who=data.get("who", initiative.who),
            organisation=data.get("organisation", initiative.organisation),
            fits=fits,
            by=request.user,
        )
        return self.fresh(initiative)

    @extend_schema(
        request=CriteriaRequestSerializer,
        responses=InitiativeSerializer,
        summary="Record the check of the three criteria, with a reason each (facilitator)",
    )
    @action(detail=True, methods=["post"])
    def checks(self, request, uuid=None):
        initiative = self.get_object()
        data = self.validated(CriteriaRequestSerializer)
        services.record_checks(
            initiative,
            {c["criterion"]: (c["met"], c["reason"]) for c in data["checks"]},
            by=request.user,
        )
        return self.fresh(initiative)

    @extend_schema(
        request=InitiativeDecisionSerializer,
        responses={
            200: InitiativeSerializer,
            400: OpenApiResponse(description="Criteria not all met"),
        },
        summary="Accept or reject (facilitator); accepting needs all three criteria met",
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, uuid=None):
        initiative = self.get_object()
        data = self.validated(InitiativeDecisionSerializer)
        services.decide_initiative(
            initiative,
            data["decision"],
            reason=data["reason"],
            by=request.user,
        )
        return self.fresh(initiative)

    @extend_schema(
        request=ConvertSerializer,
        responses={201: ActionLineSerializer},
        summary="Turn the accepted initiative into an action line (idempotent)",
    )
    @action(detail=True, methods=["post"], url_path="action-line")
    def action_line(self, request, uuid=None):
        initiative = self.get_object()
        data = self.validated(ConvertSerializer)
        line = services.create_line_from_initiative(
            initiative, by=request.user, start_date=data["start_date"]
        )
        line = ActionLine.objects.annotate(latest_light=_latest_light()).get(pk=line.pk)
        return Response(ActionLineSerializer(line).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={
            201: GrantDraftSerializer,
            404: OpenApiResponse(description="The grants module is not installed"),
        },
        summary="Turn the accepted initiative into a draft subsidy application (the proposer)",
    )
    @action(detail=True, methods=["post"], url_path="grant-application")
    def grant_application(self, request, uuid=None):
        initiative = self.get_object()
        if services.grants_module() is None:
            raise Http404
        if not rules.may_request_grant(request.user, initiative):
            raise PermissionDenied
        application = services.draft_application_from_initiative(initiative, by=request.user)
        return Response({"application": application.uuid}, status=status.HTTP_201_CREATED)


# --- Completeness -------------------------------------------------------------------------------


class CompletenessViewSet(ScopedViewSetMixin, viewsets.ViewSet):
    """The aanjager's worklist ("toetsen op volledigheid") for one region."""

    required_permission = "actionlines.view_completeness"

    @extend_schema(
        parameters=[OpenApiParameter("region", str, description="UUID of the region (optional).")],
        responses=CompletenessSerializer,
        summary="Counts and items per completeness rule",
    )
    def list(self, request):
        region = queried_region(request, self.required_permission)
        worklist = services.completeness(region, timezone.localdate())
        rules_data = []
        for rule in services.RULE_DEFINITIONS:
            items = worklist.items(rule.code)[:ITEMS_PER_RULE]
            rules_data.append(
                {
                    "code": rule.code,
                    "label": str(rule.label),
                    "count": worklist.counts[rule.code],
                    "items": [_item(obj) for obj in items],
                }
            )
        return Response(
            CompletenessSerializer(
                {"region": region.uuid, "date": worklist.today, "rules": rules_data}
            ).data
        )


def _item(obj) -> dict:
    return {
        "uuid": str(getattr(obj, "uuid", "")) or None,
        "name": str(getattr(obj, "title", None) or obj),
    }
