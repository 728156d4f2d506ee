"""The network API: organisations (search, profile upkeep), contacts, endorsements, vocabularies.

Every list is limited to the user's regions in SQL; someone else's UUID is a 404. Changing a profile,
its contacts or endorsements follows ``samen.network.rules.can_edit_profile`` (owners, facilitator,
administrator), exactly as on the website.
"""

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response

from samen.accounts.permissions import scope_queryset
from samen.core.api.permissions import HasPermission

from ..models import (
    Contact,
    Endorsement,
    Organisation,
    OrganisationMember,
    SharedValue,
    StakeholderGroup,
)
from ..rules import can_edit_profile
from ..services import (
    ConfirmationRequestError,
    DirectoryFilters,
    StaleProfileError,
    confirm_profile,
    endorse,
    regions_for,
    request_confirmation,
    save_profile,
    search_organisations,
    stale_profiles,
)
from .serializers import (
    ConfirmationRequestSerializer,
    ContactSerializer,
    DirectoryQuerySerializer,
    EndorsementSerializer,
    OrganisationSerializer,
    SharedValueSerializer,
    StakeholderGroupSerializer,
    StaleProfileSerializer,
)

VIEW = "network.view_organisation"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ScopedViewSetMixin:
    """Lists contain only what the role layer allows; someone else's UUID is a 404."""

    permission_classes = [HasPermission]
    lookup_field = "uuid"
    #: action -> permission; the rest read with ``view_permission``.
    action_permissions: dict = {}
    view_permission = ""

    @property
    def required_permission(self):
        return self.action_permissions.get(self.action, self.view_permission)

    def get_queryset(self):
        return scope_queryset(self.request.user, super().get_queryset(), self.required_permission)


def _with_shown_contacts(organisations):
    return organisations.prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.shown(), to_attr="shown_contacts")
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[DirectoryQuerySerializer],
        summary="Find partner organisations",
        description="Full-text search (Dutch) on PostgreSQL; every word must occur elsewhere.",
    ),
    partial_update=extend_schema(
        responses={
            200: OrganisationSerializer,
            409: OpenApiResponse(description="Edited meanwhile"),
        }
    ),
    update=extend_schema(
        responses={
            200: OrganisationSerializer,
            409: OpenApiResponse(description="Edited meanwhile"),
        }
    ),
)
class OrganisationViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Partner organisations of the user's regions, with their profile for the directory."""

    queryset = Organisation.objects.select_related("stakeholder_group", "region").prefetch_related(
        "municipalities",
        Prefetch("endorsements", queryset=Endorsement.objects.select_related("value")),
    )
    serializer_class = OrganisationSerializer
    view_permission = VIEW
    action_permissions = {
        "create": "network.add_organisation",
        "update": "network.change_organisation",
        "partial_update": "network.change_organisation",
        "confirm": "network.change_organisation",
        "request_confirmation": "network.review_profiles",
        "stale": "network.review_profiles",
    }
    edit_actions = {"update", "partial_update", "confirm"}

    def get_queryset(self):
        if self.action == "list":
            return _with_shown_contacts(self._search())
        if self.action == "stale":
            return stale_profiles(self.request.user)
        return _with_shown_contacts(super().get_queryset())

    def _search(self):
        query = DirectoryQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = DirectoryFilters(
            stakeholder_group=data.get("group"),
            municipality=data.get("municipality"),
            expertise=data.get("expertise", ""),
            value=data.get("value"),
        )
        return search_organisations(self.request.user, data.get("q", ""), filters)

    def get_serializer(self, *args, **kwargs):
        if self.action == "create":
            kwargs["regions"] = regions_for(self.request.user, "network.add_organisation")
        return super().get_serializer(*args, **kwargs)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in self.edit_actions and not can_edit_profile(request.user, obj):
            self.permission_denied(request, message=_("Alleen wie het profiel beheert mag dit."))

    def perform_create(self, serializer):
        serializer.validated_data.pop("version", None)
        serializer.save()

    def perform_update(self, serializer):
        expected = serializer.validated_data.pop("version")
        municipalities = serializer.validated_data.pop("municipalities", None)
        organisation = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(organisation, name, value)

        def save_municipalities():
            if municipalities is not None:
                organisation.municipalities.set(municipalities)

        try:
            save_profile(organisation, expected_version=expected, save_related=save_municipalities)
        except StaleProfileError as conflict:
            raise Conflict(str(conflict)) from conflict

    @extend_schema(request=None, responses=OrganisationSerializer, summary="Confirm the profile")
    @action(detail=True, methods=["post"])
    def confirm(self, request, uuid=None):
        """The owners confirm the profile is current (it leaves the facilitator's worklist)."""
        organisation = confirm_profile(self.get_object())
        return Response(self.get_serializer(organisation).data)

    @extend_schema(
        request=None,
        responses={
            201: ConfirmationRequestSerializer,
            200: ConfirmationRequestSerializer,
            400: OpenApiResponse(description="Nobody to e-mail"),
        },
        summary="Ask the owners to confirm the profile",
        description="E-mails the owners; at most once per organisation per day (200 when already asked).",
    )
    @action(detail=True, methods=["post"], url_path="request-confirmation")
    def request_confirmation(self, request, uuid=None):
        organisation = self.get_object()
        path = reverse("network:organisation-detail", kwargs={"uuid": organisation.uuid})
        try:
            confirmation, created = request_confirmation(
                organisation,
                requested_by=request.user,
                profile_url=request.build_absolute_uri(path),
            )
        except ConfirmationRequestError as error:
            raise ValidationError({"detail": str(error)}) from error
        data = ConfirmationRequestSerializer(confirmation, context={"created": created}).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(responses=StaleProfileSerializer(many=True), summary="Profiles to confirm")
    @action(detail=False, methods=["get"])
    def stale(self, request):
        """Profiles not confirmed in the last 365 days (the facilitator's worklist)."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(StaleProfileSerializer(page, many=True).data)


def _owned_or_kept(user):
    """Condition on a related ``organisation``: the user may edit it (owner, or keeper of its region)."""
    owner = OrganisationMember.objects.filter(
        organisation=OuterRef("organisation"), user=user, is_owner=True
    )
    return Exists(owner) | Q(organisation__region__in=regions_for(user, "network.review_profiles"))


class ProfilePartViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Contacts and endorsements: read like the profile, written by who may edit the profile."""

    def uuid_param(self, name: str) -> uuid.UUID | None:
        """A UUID from the query string; anything else is a 400 naming the parameter."""
        raw = self.request.query_params.get(name)
        if not raw:
            return None
        try:
            return uuid.UUID(raw)
        except ValueError as error:
            raise ValidationError({name: _("Geen geldige UUID.")}) from error

    def organisations_in_scope(self):
        """Organisations a contact or endorsement may name (editing is checked per object)."""
        return scope_queryset(self.request.user, Organisation.objects.all(), VIEW)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action not in ("list", "retrieve") and not can_edit_profile(
            request.user, obj.organisation
        ):
            self.permission_denied(request, message=_("Alleen wie het profiel beheert mag dit."))

    def check_may_edit(self, organisation):
        if not can_edit_profile(self.request.user, organisation):
            raise PermissionDenied(_("Alleen wie het profiel beheert mag dit."))


ORGANISATION_PARAMETER = OpenApiParameter(
    "organisation", OpenApiTypes.UUID, description="Only those of this organisation."
)


@extend_schema_view(
    list=extend_schema(
        summary="Contacts with consent (owners also see their own without)",
        parameters=[ORGANISATION_PARAMETER],
    )
)
class ContactViewSet(ProfilePartViewSet):
    """Contact persons. Others see only those with recorded consent; owners manage all of theirs."""

    queryset = Contact.objects.select_related("organisation__region")
    serializer_class = ContactSerializer
    view_permission = "network.view_contact"
    action_permissions = {
        "create": "network.add_contact",
        "update": "network.change_contact",
        "partial_update": "network.change_contact",
        "destroy": "network.delete_contact",
    }

    def get_queryset(self):
        contacts = super().get_queryset()
        shown = Q(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)
        contacts = contacts.filter(shown | _owned_or_kept(self.request.user))
        organisation = self.uuid_param("organisation")
        if organisation:
            contacts = contacts.filter(organisation__uuid=organisation)
        return contacts.order_by("organisation__name", "name")

    def get_serializer(self, *args, **kwargs):
        kwargs["organisations"] = self.organisations_in_scope()
        return super().get_serializer(*args, **kwargs)

    def perform_create(self, serializer):
        self.check_may_edit(serializer.validated_data["organisation"])
        serializer.save()


@extend_schema_view(
    list=extend_schema(
        parameters=[
            ORGANISATION_PARAMETER,
            OpenApiParameter(
                "value", OpenApiTypes.UUID, description="Only those of this shared value."
            ),
        ]
    )
)
class EndorsementViewSet(ProfilePartViewSet):
    """Organisations' signatures under shared values."""

    queryset = Endorsement.objects.select_related("organisation", "value")
    serializer_class = EndorsementSerializer
    view_permission = "network.view_endorsement"
    http_method_names = ["get", "post", "delete", "head", "options"]
    action_permissions = {
        "create": "network.add_endorsement",
        "destroy": "network.delete_endorsement",
    }

    def get_queryset(self):
        endorsements = super().get_queryset()
        if organisation := self.uuid_param("organisation"):
            endorsements = endorsements.filter(organisation__uuid=organisation)
        if value := self.uuid_param("value"):
            endorsements = endorsements.filter(value__uuid=value)
        return endorsements.order_by("organisation__name", "value__number")

    def get_serializer(self, *args, **kwargs):
        kwargs["organisations"] = self.organisations_in_scope()
        kwargs["values"] = scope_queryset(
            self.request.user, SharedValue.objects.all(), "network.view_sharedvalue"
        )
        return super().get_serializer(*args, **kwargs)

    @extend_schema(responses={201: EndorsementSerializer, 200: EndorsementSerializer})
    def create(self, request, *args, **kwargs):
        """Sign a value for an organisation; signing it again returns the existing one (200)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self.check_may_edit(data["organisation"])
        try:
            endorsement, created = endorse(
                data["organisation"],
                data["value"],
                signed_by=data["signed_by"],
                endorsed_on=data["endorsed_on"],
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(endorsement).data, status=code)


class SharedValueViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The shared values of the user's regions, with how many organisations endorse each."""

    queryset = (
        SharedValue.objects.select_related("region")
        .annotate(endorsement_count=Count("endorsements"))
        .order_by("region__name", "number")
    )
    serializer_class = SharedValueSerializer
    view_permission = "network.view_sharedvalue"


class StakeholderGroupViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The eight stakeholder groups of the 24-hour conference."""

    queryset = StakeholderGroup.objects.all()
    serializer_class = StakeholderGroupSerializer
    view_permission = "network.view_stakeholdergroup"
    lookup_field = "pk"
