"""The participation API: the same rules as the pages, through the same services.

Scope: querysets go through ``scope_queryset`` (someone else's dossier is a 404). Every response
with a resident's data writes the access log. A BSN is sent only in the body of a POST
(registration, search, reveal), never in a URL.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from samen.accounts.permissions import scope_queryset
from samen.audit.models import AccessLog
from samen.core.api.permissions import HasPermission

from .. import instruments, services, switching
from ..models import Arrangement, Dossier, Resident, Talent
from ..rules import is_consent_recipient
from . import serializers as s


def _validation_error(error: DjangoValidationError):
    return serializers.ValidationError({"detail": error.messages})


def _conflict():
    return Response(
        {
            "detail": "Iemand anders heeft dit intussen gewijzigd; lees het opnieuw en probeer het nog eens."
        },
        status=status.HTTP_409_CONFLICT,
    )


class ScopedMixin:
    permission_classes = [HasPermission]

    def scoped(self, queryset, perm=None):
        return scope_queryset(self.request.user, queryset, perm or self.required_permission)


@extend_schema(tags=["participatie"])
@method_decorator(sensitive_post_parameters(), name="dispatch")
class ResidentViewSet(
    ScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Residents with a Participatiewet dossier, in the case worker's municipality."""

    lookup_field = "uuid"
    serializer_class = s.ResidentSerializer
    http_method_names = [
        "get",
        "post",
        "patch",
        "head",
        "options",
    ]  # no PUT: it would carry the BSN

    @property
    def required_permission(self):
        return {
            "create": "participation.add_resident",
            "partial_update": "participation.change_resident",
            "reveal_bsn": "participation.reveal_bsn",
        }.get(self.action, "participation.view_resident")

    def get_queryset(self):
        return self.scoped(
            Resident.objects.select_related("dossier", "municipality").order_by(
                "surname", "given_names", "pk"
            )
        )

    def get_serializer_class(self):
        if self.action == "partial_update":
            return s.ResidentUpdateSerializer
        return super().get_serializer_class()

    def get_object(self):
        resident = super().get_object()
        services.log_dossier_read(self.request, resident.dossier, obj=resident)
        return resident

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        services.log_resident_reads(request, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        responses={201: s.ResidentSerializer, 409: OpenApiResponse(s.ErrorSerializer)},
        summary="Register a resident (opens the dossier)",
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        municipality = data["municipality"]
        if not request.user.has_perm("participation.add_resident", municipality):
            raise serializers.ValidationError(
                {"municipality": ["Geen klantmanager in deze gemeente."]}
            )
        try:
            resident = services.register_resident(
                municipality, data["bsn"], data, actor=request.user
            )
        except services.DuplicateResident as duplicate:
            url = request.build_absolute_uri(f"/api/v1/dossiers/{duplicate.dossier.uuid}")
            return Response(
                {"detail": "Dit BSN is in deze gemeente al ingeschreven.", "existing_dossier": url},
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.ResidentSerializer(resident).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ResidentUpdateSerializer,
        responses={200: s.ResidentSerializer, 409: OpenApiResponse(s.ErrorSerializer)},
    )
    def partial_update(self, request, *args, **kwargs):
        resident = self.get_object()
        serializer = s.ResidentUpdateSerializer(resident, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            resident = services.update_resident(resident, data.pop("version"), data)
        except services.ConcurrentEdit:
            return _conflict()
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.ResidentSerializer(resident).data)

    @extend_schema(
        request=s.SearchSerializer,
        responses=s.ResidentSerializer(many=True),
        summary="Search by name, BSN or reference (POST, so a BSN never is in a URL)",
    )
    @action(detail=False, methods=["post"])
    def search(self, request):
        query = s.SearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        residents = list(services.search_residents(request.user, query.validated_data["query"]))
        services.log_resident_reads(
            request, residents, purpose=services.PURPOSE_SEARCH, activity=AccessLog.Activity.SEARCH
        )
        return Response(s.ResidentSerializer(residents, many=True).data)

    @extend_schema(
        request=s.RevealBsnSerializer,
        responses=s.RevealedBsnSerializer,
        summary="The full BSN, for a stated purpose (written to the access log)",
    )
    @action(detail=True, methods=["post"], url_path="reveal-bsn")
    def reveal_bsn(self, request, uuid=None):
        resident = get_object_or_404(self.get_queryset(), uuid=uuid)
        body = s.RevealBsnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.log_dossier_read(
            request,
            resident.dossier,
            obj=resident,
            purpose=services.BSN_REVEAL_LOG[body.validated_data["purpose"]],
        )
        return Response({"bsn": resident.bsn})


#: action -> (permission for GET, permission for POST/PUT/PATCH)
DOSSIER_ACTIONS = {
    "list": ("participation.view_dossier", None),
    "retrieve": ("participation.view_dossier", None),
    "contact_moments": ("participation.view_contactmoment", "participation.add_contactmoment"),
    "income": ("participation.view_benefitepisode", "participation.add_benefitepisode"),
    "end_benefit_episode": (None, "participation.change_benefitepisode"),
    "arrangements": ("participation.view_arrangement", "participation.add_arrangement"),
    "switch": (None, "participation.switch_arrangement"),
    "end_arrangement": (None, "participation.change_arrangement"),
    "target_group": (
        "participation.view_targetgroupregistration",
        "participation.add_targetgroupregistration",
    ),
    "measurements": ("participation.view_ladderassessment", None),
    "ladder_assessments": (None, "participation.add_ladderassessment"),
    "health_assessments": (None, "participation.add_healthassessment"),
    "self_reliance_assessments": (None, "participation.add_selfrelianceassessment"),
    "talent_profile": ("participation.view_talentprofile", "participation.change_talentprofile"),
    "plan": ("participation.view_plan", "participation.change_plan"),
    "pillar": (None, "participation.change_pillar"),
    "consents": ("participation.view_consent", "participation.add_consent"),
    "withdraw_consent": (None, "participation.change_consent"),
    "close": (None, "participation.change_dossier"),
    "reopen": (None, "participation.change_dossier"),
}


@extend_schema(tags=["participatie"])
class DossierViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Participatiewet dossiers and their parts. Every call is written to the access log."""

    lookup_field = "uuid"
    serializer_class = s.DossierSerializer

    @property
    def required_permission(self):
        read, write = DOSSIER_ACTIONS.get(self.action, ("participation.view_dossier", None))
        perm = read if self.request.method in ("GET", "HEAD", "OPTIONS") else write
        return perm or "participation.change_dossier"

    def get_queryset(self):
        queryset = Dossier.objects.select_related("resident", "municipality__region")
        if self.action == "retrieve":
            queryset = queryset.select_related("plan", "talent_profile").prefetch_related(
                "pillars__case_worker",
                "benefit_episodes",
                Prefetch(
                    "arrangements",
                    queryset=Arrangement.objects.select_related("provider", "switched_from"),
                ),
                "target_group_registrations",
                "talent_profile__talents",
                "consents__organisation",
                "ladder_assessments",
            )
        return self.scoped(queryset.order_by("-opened_on", "pk"))

    def get_serializer_class(self):
        return s.DossierListSerializer if self.action == "list" else s.DossierSerializer

    def get_object(self):
        dossier = super().get_object()
        services.log_dossier_read(self.request, dossier)
        self.dossier = dossier
        return dossier

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        services.log_resident_reads(request, [d.resident for d in page])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _writable(self, dossier):
        if not dossier.is_open:
            raise serializers.ValidationError(
                {"detail": "Dit dossier is afgesloten; heropen het eerst."}
            )

    def _token(self, request):
        """An optional Idempotency-Key header (a UUID): the same request twice creates one row."""
        key = request.headers.get("Idempotency-Key")
        if not key:
            return None
        try:
            import uuid

            return uuid.UUID(key)
        except ValueError:
            raise serializers.ValidationError({"detail": "Idempotency-Key is geen UUID."}) from None

    # --- contact moments -----------------------------------------------------------------------

    @extend_schema(
        methods=["GET"], responses=s.ContactMomentSerializer(many=True), summary="Contact moments"
    )
    @extend_schema(
        methods=["POST"],
        request=s.ContactMomentSerializer,
        responses={201: s.ContactMomentSerializer},
        summary="Record a contact moment",
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    @action(detail=True, methods=["get", "post"], url_path="contact-moments")
    def contact_moments(self, request, uuid=None):
        dossier = self.get_object()
        if request.method == "GET":
            return Response(
                s.ContactMomentSerializer(dossier.contact_moments.all(), many=True).data
            )
        self._writable(dossier)
        body = s.ContactMomentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            moment = services.add_contact_moment(
                dossier, actor=request.user, token=self._token(request), **body.validated_data
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.ContactMomentSerializer(moment).data, status=status.HTTP_201_CREATED)

    # --- income ----------------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        responses=s.IncomeSerializer,
        summary="Benefit episodes and the 12-month rule",
    )
    @extend_schema(
        methods=["POST"],
        request=s.BenefitEpisodeSerializer,
        responses={201: s.BenefitEpisodeSerializer},
        summary="Record a benefit episode (no amounts)",
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    @action(detail=True, methods=["get", "post"])
    def income(self, request, uuid=None):
        dossier = self.get_object()
        if request.method == "GET":
            episodes = list(dossier.benefit_episodes.all())
            return Response(
                s.IncomeSerializer(
                    {"episodes": episodes, "reuse": services.reuse_hint(episodes)}
                ).data
            )
        self._writable(dossier)
        body = s.BenefitEpisodeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            episode = services.add_benefit_episode(
                dossier, token=self._token(request), **body.validated_data
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.BenefitEpisodeSerializer(episode).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.BenefitEpisodeSerializer,
        responses=s.BenefitEpisodeSerializer,
        summary="End a benefit episode",
    )
    @action(detail=True, methods=["post"], url_path=r"income/(?P<part>[0-9a-f-]{36})/end")
    def end_benefit_episode(self, request, uuid=None, part=None):
        dossier = self.get_object()
        self._writable(dossier)
        episode = get_object_or_404(dossier.benefit_episodes, uuid=part)
        body = s.BenefitEpisodeSerializer(episode, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if not data.get("ended_on") or not data.get("end_reason"):
            raise serializers.ValidationError({"detail": "Geef ended_on en end_reason."})
        try:
            episode = services.end_benefit_episode(
                episode, ended_on=data["ended_on"], end_reason=data["end_reason"]
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.BenefitEpisodeSerializer(episode).data)

    # --- arrangements and switching ------------------------------------------------------------

    def _draft(self, dossier, data) -> switching.Draft:
        provider = data.get("provider")
        if provider is not None and provider.region_id != dossier.municipality.region_id:
            raise serializers.ValidationError(
                {"provider": ["Deze organisatie hoort niet bij de regio."]}
            )
        if provider is None and not data.get("provider_name", "").strip():
            raise serializers.ValidationError(
                {"provider_name": ["Geef een aanbieder of een naam."]}
            )
        return switching.Draft(
            dossier=dossier,
            kind=data["kind"],
            started_on=data["started_on"],
            provider=provider,
            provider_name=data.get("provider_name", ""),
            hours_per_week=data.get("hours_per_week"),
            support=data.get("support", ""),
            uwv_advice_on=data.get("uwv_advice_on"),
            uwv_advice_reference=data.get("uwv_advice_reference", ""),
        )

    @staticmethod
    def _refused(refusal: switching.SwitchRefused):
        return Response(
            {
                "detail": refusal.messages,
                "needs_acknowledgement": refusal.needs_acknowledgement,
                "rules": [
                    rule.code for rule in (refusal.outcome.blocks or refusal.outcome.warnings)
                ],
            },
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )

    @extend_schema(
        methods=["GET"],
        responses=s.ArrangementSerializer(many=True),
        summary="Arrangements (newest first)",
    )
    @extend_schema(
        methods=["POST"],
        request=s.StartArrangementSerializer,
        responses={
            201: s.ArrangementSerializer,
            422: OpenApiResponse(description="A rule blocks it or asks for acknowledgement"),
        },
        summary="Start an arrangement next to what runs",
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    @action(detail=True, methods=["get", "post"])
    def arrangements(self, request, uuid=None):
        dossier = self.get_object()
        if request.method == "GET":
            items = dossier.arrangements.select_related("provider", "switched_from")
            return Response(s.ArrangementSerializer(items, many=True).data)
        self._writable(dossier)
        body = s.StartArrangementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            arrangement = switching.start_arrangement(
                self._draft(dossier, body.validated_data),
                actor=request.user,
                acknowledge_warnings=body.validated_data["acknowledge_warnings"],
                token=self._token(request),
            )
        except switching.SwitchRefused as refusal:
            return self._refused(refusal)
        return Response(s.ArrangementSerializer(arrangement).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SwitchSerializer,
        responses={
            201: s.ArrangementSerializer,
            422: OpenApiResponse(description="A rule blocks it or asks for acknowledgement"),
        },
        summary="Switch: end the current arrangement and start the next one (no gap)",
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    @action(detail=True, methods=["post"])
    def switch(self, request, uuid=None):
        dossier = self.get_object()
        self._writable(dossier)
        body = s.SwitchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        current = get_object_or_404(dossier.arrangements, uuid=data["current"])
        try:
            new = switching.switch_arrangement(
                current,
                self._draft(dossier, data),
                reason=data["reason"],
                actor=request.user,
                acknowledge_warnings=data["acknowledge_warnings"],
                token=self._token(request),
            )
        except switching.SwitchRefused as refusal:
            return self._refused(refusal)
        return Response(s.ArrangementSerializer(new).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.EndArrangementSerializer,
        responses=s.ArrangementSerializer,
        summary="End an arrangement without a successor",
    )
    @action(detail=True, methods=["post"], url_path=r"arrangements/(?P<part>[0-9a-f-]{36})/end")
    def end_arrangement(self, request, uuid=None, part=None):
        dossier = self.get_object()
        self._writable(dossier)
        arrangement = get_object_or_404(dossier.arrangements, uuid=part)
        body = s.EndArrangementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            arrangement = switching.end_arrangement(arrangement, **body.validated_data)
        except ValueError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from None
        return Response(s.ArrangementSerializer(arrangement).data)

    @extend_schema(
        methods=["GET"],
        responses=s.TargetGroupSerializer(many=True),
        summary="Doelgroepregister facts (newest first)",
    )
    @extend_schema(
        methods=["POST"],
        request=s.TargetGroupSerializer,
        responses={201: s.TargetGroupSerializer},
        summary="Record a fact from UWV",
    )
    @action(detail=True, methods=["get", "post"], url_path="target-group")
    def target_group(self, request, uuid=None):
        dossier = self.get_object()
        if request.method == "GET":
            return Response(
                s.TargetGroupSerializer(dossier.target_group_registrations.all(), many=True).data
            )
        self._writable(dossier)
        body = s.TargetGroupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        registration = body.save(dossier=dossier, recorded_by=request.user)
        return Response(s.TargetGroupSerializer(registration).data, status=status.HTTP_201_CREATED)

    # --- measurements --------------------------------------------------------------------------

    @extend_schema(responses=s.MeasurementsSerializer, summary="All measurements and the timeline")
    @action(detail=True, methods=["get"])
    def measurements(self, request, uuid=None):
        dossier = self.get_object()
        ladders = list(dossier.ladder_assessments.all())
        healths = list(dossier.health_assessments.all())
        self_reliances = list(dossier.self_reliance_assessments.all())
        arrangements = list(dossier.arrangements.all())
        return Response(
            s.MeasurementsSerializer(
                {
                    "ladder": ladders,
                    "positive_health": healths,
                    "self_reliance": self_reliances,
                    "timeline": services.measurement_timeline(
                        ladders, healths, self_reliances, arrangements
                    ),
                }
            ).data
        )

    @extend_schema(
        request=s.LadderAssessmentSerializer,
        responses={201: s.LadderAssessmentSerializer},
        summary="Participatieladder: answers in, derived rung and potential out",
        description=(
            "answers: {"
            + ", ".join(
                f'"{q.code}": {[c for c, _l in q.choices]}' for q in instruments.LADDER_QUESTIONS
            )
            + "}"
        ),
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    @action(detail=True, methods=["post"], url_path="ladder-assessments")
    def ladder_assessments(self, request, uuid=None):
        dossier = self.get_object()
        self._writable(dossier)
        body = s.LadderAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            assessment = services.record_ladder_assessment(
                dossier,
                answers=data["answers"] if isinstance(data["answers"], dict) else {},
                assessed_on=data["assessed_on"],
                assessor=request.user,
                horizon_months=data.get("horizon_months", instruments.DEFAULT_HORIZON_MONTHS),
                confirmed_rung=data.get("confirmed_rung"),
                deviation_note=data.get("deviation_note", ""),
                token=self._token(request),
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(
            s.LadderAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=s.HealthAssessmentSerializer,
        responses={201: s.HealthAssessmentSerializer},
        summary="Positieve Gezondheid: six dimensions 0-10",
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    @action(detail=True, methods=["post"], url_path="health-assessments")
    def health_assessments(self, request, uuid=None):
        dossier = self.get_object()
        self._writable(dossier)
        body = s.HealthAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        assessment = services.record_health_assessment(
            dossier,
            scores={code: data[code] for code, _l in instruments.HEALTH_DIMENSIONS},
            assessed_on=data["assessed_on"],
            assessor=request.user,
            filled_in=data.get("filled_in", "together"),
            token=self._token(request),
        )
        return Response(
            s.HealthAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=s.SelfRelianceAssessmentSerializer,
        responses={201: s.SelfRelianceAssessmentSerializer},
        summary="Zelfredzaamheid-Matrix: {domain: 1-5}",
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    @action(detail=True, methods=["post"], url_path="self-reliance-assessments")
    def self_reliance_assessments(self, request, uuid=None):
        dossier = self.get_object()
        self._writable(dossier)
        body = s.SelfRelianceAssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scores = body.validated_data["scores"]
        try:
            assessment = services.record_self_reliance_assessment(
                dossier,
                scores=scores if isinstance(scores, dict) else {},
                assessed_on=body.validated_data["assessed_on"],
                assessor=request.user,
                token=self._token(request),
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(
            s.SelfRelianceAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED
        )

    # --- plan, pillars, talent profile -------------------------------------------------------

    @extend_schema(methods=["GET"], responses=s.TalentProfileSerializer)
    @extend_schema(
        methods=["PUT"],
        request=s.TalentProfileSerializer,
        responses={200: s.TalentProfileSerializer, 409: OpenApiResponse(s.ErrorSerializer)},
    )
    @action(detail=True, methods=["get", "put"], url_path="talent-profile")
    def talent_profile(self, request, uuid=None):
        dossier = self.get_object()
        profile = dossier.talent_profile
        if request.method == "GET":
            return Response(s.TalentProfileSerializer(profile).data)
        self._writable(dossier)
        body = s.TalentProfileSerializer(profile, data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        try:
            profile = services.update_talent_profile(
                profile, data.pop("version"), data, actor=request.user
            )
        except services.ConcurrentEdit:
            return _conflict()
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.TalentProfileSerializer(profile).data)

    @extend_schema(methods=["GET"], responses=s.PlanSerializer)
    @extend_schema(
        methods=["PUT"],
        request=s.PlanSerializer,
        responses={200: s.PlanSerializer, 409: OpenApiResponse(s.ErrorSerializer)},
    )
    @action(detail=True, methods=["get", "put"])
    def plan(self, request, uuid=None):
        dossier = self.get_object()
        plan = dossier.plan
        if request.method == "GET":
            return Response(s.PlanSerializer(plan).data)
        self._writable(dossier)
        body = s.PlanSerializer(plan, data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        try:
            plan = services.save_versioned(
                plan, data.pop("version"), {**data, "updated_by": request.user}
            )
        except services.ConcurrentEdit:
            return _conflict()
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.PlanSerializer(plan).data)

    @extend_schema(
        request=s.PillarUpdateSerializer,
        responses={200: s.PillarSerializer, 409: OpenApiResponse(s.ErrorSerializer)},
        summary="Update a pillar (work, participation, income)",
    )
    @action(detail=True, methods=["patch"], url_path=r"pillars/(?P<kind>work|participation|income)")
    def pillar(self, request, uuid=None, kind=None):
        dossier = self.get_object()
        self._writable(dossier)
        pillar = get_object_or_404(dossier.pillars, kind=kind)
        body = s.PillarUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        try:
            pillar = services.save_versioned(pillar, data.pop("version"), data)
        except services.ConcurrentEdit:
            return _conflict()
        return Response(s.PillarSerializer(pillar).data)

    # --- consent -------------------------------------------------------------------------------

    @extend_schema(methods=["GET"], responses=s.ConsentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.ConsentSerializer,
        responses={201: s.ConsentSerializer},
        summary="Record the resident's consent to share with a partner",
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)
        ],
    )
    @action(detail=True, methods=["get", "post"])
    def consents(self, request, uuid=None):
        dossier = self.get_object()
        if request.method == "GET":
            return Response(
                s.ConsentSerializer(dossier.consents.select_related("organisation"), many=True).data
            )
        self._writable(dossier)
        body = s.ConsentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            consent = services.give_consent(
                dossier,
                organisation=data["organisation"],
                shared=data["shared"],
                form=data["form"],
                given_on=data.get("given_on") or timezone.localdate(),
                actor=request.user,
                token=self._token(request),
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=s.ConsentSerializer,
        summary="Withdraw a consent (the partner loses access at once)",
    )
    @action(detail=True, methods=["post"], url_path=r"consents/(?P<part>[0-9a-f-]{36})/withdraw")
    def withdraw_consent(self, request, uuid=None, part=None):
        dossier = self.get_object()
        consent = get_object_or_404(dossier.consents, uuid=part)
        consent = services.withdraw_consent(consent, actor=request.user)
        return Response(s.ConsentSerializer(consent).data)

    # --- closing ---------------------------------------------------------------------------------

    @extend_schema(
        request=s.CloseSerializer, responses=s.DossierListSerializer, summary="Close the dossier"
    )
    @action(detail=True, methods=["post"])
    def close(self, request, uuid=None):
        dossier = self.get_object()
        self._writable(dossier)
        body = s.CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            dossier = services.close_dossier(
                dossier,
                closed_on=body.validated_data["closed_on"],
                reason=body.validated_data["reason"],
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from None
        return Response(s.DossierListSerializer(dossier).data)

    @extend_schema(
        request=None, responses=s.DossierListSerializer, summary="Reopen a closed dossier"
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, uuid=None):
        dossier = self.get_object()
        if not dossier.is_open:
            dossier = services.reopen_dossier(dossier)
        return Response(s.DossierListSerializer(dossier).data)


@extend_schema(tags=["participatie"])
class SharedProfileViewSet(ScopedMixin, viewsets.ViewSet):
    """For partners: residents who consented to share with their organisation, by pseudonym only."""

    required_permission = "participation.view_sharedprofile"
    lookup_field = "pseudonym"
    serializer_class = s.SharedProfileSerializer

    def _consents(self):
        return (
            services.shared_profiles_for(self.request.user)
            .select_related(
                "organisation",
                "dossier__resident",
                "dossier__municipality",
                "dossier__talent_profile",
            )
            .prefetch_related(
                "dossier__talent_profile__talents",
                "dossier__arrangements",
                "dossier__ladder_assessments",
            )
        )

    @extend_schema(responses=s.SharedProfileSerializer(many=True))
    def list(self, request):
        consents = list(self._consents().order_by("-given_on", "pseudonym")[:200])
        services.log_partner_reads(request, consents)
        return Response(
            s.SharedProfileSerializer(
                [services.shared_profile(c) for c in consents], many=True
            ).data
        )

    @extend_schema(
        responses=s.SharedProfileSerializer,
        parameters=[OpenApiParameter("pseudonym", str, OpenApiParameter.PATH)],
    )
    def retrieve(self, request, pseudonym=None):
        consent = self._consents().filter(pseudonym=pseudonym).first()
        if consent is None or not is_consent_recipient(request.user, consent):
            raise NotFound
        services.log_dossier_read(
            request, consent.dossier, obj=consent, purpose=services.PURPOSE_PARTNER
        )
        return Response(s.SharedProfileSerializer(services.shared_profile(consent)).data)


@extend_schema(tags=["participatie"])
class TalentViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The Dutch talent vocabulary (with ESCO URIs where they exist)."""

    required_permission = "participation.view_talent"
    serializer_class = s.TalentSerializer
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self):
        queryset = Talent.objects.filter(is_active=True)
        category = self.request.query_params.get("category")
        return queryset.filter(category=category) if category else queryset
