"""The grants API: schemes, applications (with their steps), reviews, decisions, ledger, register.

Same rules as the web: the role layer decides (``HasPermission``), lists are scoped in SQL, and an
application of another organisation is simply not there for a partner (404). Steps go through the
same forms and services as the web pages.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from samen.accounts.permissions import scope_queryset
from samen.core.api.permissions import HasPermission

from .. import ledger, rules, services, workflow
from ..forms import STEP_FORMS
from ..models import Application, BudgetShare, BudgetYear, Decision, GrantScheme, Review
from .serializers import (
    ApplicationCreateSerializer,
    ApplicationListSerializer,
    ApplicationSerializer,
    GrantApplicationTransitionSerializer,
    GrantBudgetYearSerializer,
    GrantDecisionSerializer,
    GrantDraftSerializer,
    GrantRegisterEntrySerializer,
    GrantReviewSerializer,
    GrantReviewWriteSerializer,
    GrantSchemeSerializer,
)

USER_ERRORS = (services.GrantError, workflow.TransitionNotAllowed, ledger.LedgerError)


def problem(error, code=status.HTTP_400_BAD_REQUEST):
    messages = getattr(error, "messages", None) or [str(error)]
    if isinstance(error, services.StaleVersion):
        code = status.HTTP_409_CONFLICT
    return Response({"detail": " ".join(messages), "messages": messages}, status=code)


@extend_schema_view(
    list=extend_schema(summary="Subsidy schemes in your region"),
    retrieve=extend_schema(summary="A scheme with its scorecard and form questions"),
)
class GrantSchemeViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [HasPermission]
    required_permission = "grants.view_grantscheme"
    serializer_class = GrantSchemeSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        queryset = (
            GrantScheme.objects.select_related(
                "region", "issuing_municipality", "allocation_key", "charge_municipality"
            )
            .prefetch_related("criteria", "questions")
            .order_by("-opens_on", "name")
        )
        return scope_queryset(self.request.user, queryset, self.required_permission)


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications: partners see and edit only their own organisations' applications."""

    permission_classes = [HasPermission]
    lookup_field = "uuid"
    http_method_names = ["get", "post", "patch", "head", "options"]

    @property
    def required_permission(self):
        return (
            "grants.apply"
            if self.action in ("create", "partial_update")
            else "grants.view_application"
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Application.objects.none()
        queryset = Application.objects.select_related("scheme", "organisation", "action_line")
        if self.action != "list":
            queryset = queryset.prefetch_related("values", "budget_lines", "answers")
        return rules.visible_applications(self.request.user, queryset).order_by(
            "-created_at", "-id"
        )

    def get_serializer_class(self):
        return ApplicationListSerializer if self.action == "list" else ApplicationSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "with_transitions": self.action == "retrieve"}

    def _detail(self, application, code=status.HTTP_200_OK):
        application = self.get_queryset().get(pk=application.pk)
        context = {**self.get_serializer_context(), "with_transitions": True}
        return Response(ApplicationSerializer(application, context=context).data, status=code)

    @extend_schema(
        request=ApplicationCreateSerializer,
        responses={201: ApplicationSerializer, 200: ApplicationSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="A UUID; repeating a request with the same key returns the first draft (200).",
            )
        ],
        summary="Start an application (concept)",
    )
    def create(self, request, *args, **kwargs):
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        schemes = scope_queryset(request.user, GrantScheme.objects.all(), "grants.view_grantscheme")
        scheme = schemes.filter(uuid=data.validated_data["scheme"]).first()
        organisation = (
            services.organisations_for(request.user, scheme)
            .filter(uuid=data.validated_data["organisation"])
            .first()
            if scheme
            else None
        )
        if scheme is None or organisation is None:
            raise serializers.ValidationError({"detail": "Onbekende regeling of organisatie."})
        token = request.headers.get("Idempotency-Key")
        try:
            token = serializers.UUIDField().to_internal_value(token) if token else None
            application, created = services.create_draft(
                scheme,
                organisation,
                request.user,
                client_token=token,
                title=data.validated_data["title"],
            )
        except USER_ERRORS as error:
            return problem(error)
        return self._detail(application, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        request=GrantDraftSerializer,
        responses={
            200: ApplicationSerializer,
            409: OpenApiResponse(description="Saved by someone else meanwhile"),
        },
        summary="Change a draft (send the version you read)",
    )
    def partial_update(self, request, *args, **kwargs):
        application = self.get_object()
        draft = GrantDraftSerializer(data=request.data)
        draft.is_valid(raise_exception=True)
        data = dict(draft.validated_data)
        region = application.scheme.region
        fields = {
            name: data[name]
            for name in services.DRAFT_FIELDS
            if name in data and name != "action_line"
        }
        if "action_line" in data:
            fields["action_line"] = (
                region.action_lines.filter(uuid=data["action_line"]).first()
                if data["action_line"]
                else None
            )
        values = (
            list(region.shared_values.filter(uuid__in=data["values"])) if "values" in data else None
        )
        answers = {a["question"]: a["text"] for a in data["answers"]} if "answers" in data else None
        try:
            services.update_draft(
                application,
                request.user,
                services.DraftData(
                    fields=fields,
                    values=values,
                    answers=answers,
                    budget_lines=data.get("budget_lines"),
                ),
                version=data["version"],
            )
        except USER_ERRORS as error:
            return problem(error)
        return self._detail(application)

    @extend_schema(
        request=GrantApplicationTransitionSerializer,
        responses={
            200: ApplicationSerializer,
            400: OpenApiResponse(description="Not allowed now; messages say why"),
        },
        summary="Take a step in the lifecycle",
        description=(
            "Steps: "
            + ", ".join(workflow.TRANSITIONS)
            + ". The step's fields go in `data`, as on the web "
            "form. Submitting twice returns the application unchanged."
        ),
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request, uuid=None):
        application = self.get_object()
        body = GrantApplicationTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        name = body.validated_data["transition"]
        if name not in workflow.TRANSITIONS:
            raise serializers.ValidationError({"transition": f"Onbekende stap '{name}'."})
        form = STEP_FORMS[name](data=body.validated_data["data"], application=application)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        try:
            services.perform_action(name, application, request.user, **form.cleaned_data)
        except USER_ERRORS as error:
            return problem(error)
        return self._detail(application)


class ReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Scorecards of steering members (their own are written here; the group's are read)."""

    permission_classes = [HasPermission]
    serializer_class = GrantReviewSerializer
    lookup_field = "uuid"

    @property
    def required_permission(self):
        return "grants.score_application" if self.action == "create" else "grants.view_review"

    def get_queryset(self):
        queryset = Review.objects.select_related("application", "reviewer").prefetch_related(
            "scores__criterion"
        )
        queryset = scope_queryset(self.request.user, queryset, "grants.view_review")
        return queryset.order_by("-updated_at", "-id")

    @extend_schema(
        request=GrantReviewWriteSerializer,
        responses={201: GrantReviewSerializer},
        summary="Save or hand in your scorecard",
    )
    def create(self, request, *args, **kwargs):
        body = GrantReviewWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        application = (
            rules.visible_applications(request.user).filter(uuid=data["application"]).first()
        )
        if application is None:
            raise NotFound
        criteria = {c.number: c.pk for c in application.scheme.criteria.all()}
        scores = {}
        for score in data["scores"]:
            if score["criterion"] not in criteria:
                raise serializers.ValidationError(
                    {"scores": f"Onbekend criterium {score['criterion']}."}
                )
            scores[criteria[score["criterion"]]] = services.ScoreInput(
                score.get("value"), score["not_applicable"], score["justification"]
            )
        try:
            review = services.save_review(
                application,
                request.user,
                view=data["view"],
                scores=scores,
                submit=data["submit"],
                version=data.get("version"),
            )
        except USER_ERRORS as error:
            return problem(error)
        return Response(
            GrantReviewSerializer(self.get_queryset().get(pk=review.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions with their letters; applicants see their own once sent."""

    permission_classes = [HasPermission]
    required_permission = "grants.view_decision"
    serializer_class = GrantDecisionSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Decision.objects.none()
        queryset = Decision.objects.select_related("application", "decided_by").order_by(
            "-decided_at", "-id"
        )
        user = self.request.user
        staff = scope_queryset(user, queryset, "grants.view_all_applications")
        own = rules.visible_related(user, queryset).filter(sent_on__isnull=False)
        return staff | own


class BudgetYearViewSet(viewsets.ReadOnlyModelViewSet):
    """The ledger: per scheme and year the ceiling and totals, with each municipality's share."""

    permission_classes = [HasPermission]
    required_permission = "grants.view_ledger"
    serializer_class = GrantBudgetYearSerializer
    lookup_field = "uuid"

    @extend_schema(
        parameters=[OpenApiParameter("scheme", str, description="Only this scheme (UUID).")]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        queryset = BudgetYear.objects.select_related("scheme").prefetch_related(
            Prefetch("shares", queryset=BudgetShare.objects.select_related("municipality"))
        )
        scheme = self.request.query_params.get("scheme")
        if scheme:
            try:
                queryset = queryset.filter(
                    scheme__uuid=serializers.UUIDField().to_internal_value(scheme)
                )
            except serializers.ValidationError:
                queryset = queryset.none()
        return scope_queryset(self.request.user, queryset, self.required_permission).order_by(
            "scheme__name", "year"
        )


@extend_schema_view(list=extend_schema(summary="Public register of awarded subsidies (no login)"))
class RegisterViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Awarded subsidies: organisation, title, amount, year. Public; no personal data."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = GrantRegisterEntrySerializer

    def get_queryset(self):
        return services.public_register()
