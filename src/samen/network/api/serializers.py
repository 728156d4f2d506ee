from django.utils.translation import gettext as _
from rest_framework import serializers

from samen.regions.models import Municipality, Region

from ..models import (
    ConfirmationRequest,
    Contact,
    Endorsement,
    Organisation,
    SharedValue,
    StakeholderGroup,
)
from ..services import record_consent


class StakeholderGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = StakeholderGroup
        fields = ["id", "name", "order"]


class SharedValueSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    endorsement_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SharedValue
        fields = ["uuid", "region", "number", "title", "explanation", "endorsement_count"]


class EndorsementSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.none()
    )
    value = serializers.SlugRelatedField(slug_field="uuid", queryset=SharedValue.objects.none())
    value_number = serializers.IntegerField(source="value.number", read_only=True)
    value_title = serializers.CharField(source="value.title", read_only=True)

    class Meta:
        model = Endorsement
        fields = [
            "uuid",
            "organisation",
            "value",
            "value_number",
            "value_title",
            "endorsed_on",
            "signed_by",
        ]
        # The service decides about doubles (it returns the existing endorsement), not a 400.
        validators = []

    def __init__(self, *args, organisations=None, values=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
        if values is not None:
            self.fields["value"].queryset = values


class ProfileEndorsementSerializer(serializers.ModelSerializer):
    """An endorsement as part of an organisation (the organisation is implied)."""

    value = serializers.UUIDField(source="value.uuid", read_only=True)
    number = serializers.IntegerField(source="value.number", read_only=True)
    title = serializers.CharField(source="value.title", read_only=True)

    class Meta:
        model = Endorsement
        fields = ["uuid", "value", "number", "title", "endorsed_on", "signed_by"]


class ContactSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.none()
    )
    consent = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text="True records the contact's consent to be shown (now); false withdraws it.",
    )

    class Meta:
        model = Contact
        fields = [
            "uuid",
            "organisation",
            "name",
            "function",
            "email",
            "phone",
            "consent",
            "consent_given_at",
            "consent_withdrawn_at",
        ]
        read_only_fields = ["consent_given_at", "consent_withdrawn_at"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations

    def validate(self, data):
        if (
            self.instance
            and "organisation" in data
            and data["organisation"] != self.instance.organisation
        ):
            raise serializers.ValidationError(
                {"organisation": _("Een contactpersoon verhuist niet naar een andere organisatie.")}
            )
        return data

    def _save(self, instance, data):
        consent = data.pop("consent", None)
        for name, value in data.items():
            setattr(instance, name, value)
        if consent is not None:
            record_consent(instance, given=consent)
        instance.save()
        return instance

    def create(self, validated_data):
        return self._save(Contact(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class PublicContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["uuid", "name", "function", "email", "phone"]


class OrganisationSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", queryset=Region.objects.none())
    stakeholder_group = serializers.PrimaryKeyRelatedField(
        queryset=StakeholderGroup.objects.all(),
        help_text="Id of a stakeholder group (see /stakeholder-groups).",
    )
    stakeholder_group_name = serializers.CharField(source="stakeholder_group.name", read_only=True)
    municipalities = serializers.SlugRelatedField(
        slug_field="cbs_code",
        many=True,
        queryset=Municipality.objects.all(),
        required=False,
        help_text="CBS codes of the municipalities the organisation works in.",
    )
    endorsements = ProfileEndorsementSerializer(many=True, read_only=True)
    contacts = serializers.SerializerMethodField()
    is_stale = serializers.SerializerMethodField()
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=(
            "The version you read. Required when changing a profile: if someone saved a newer "
            "version meanwhile, the change is refused with 409 and nothing is written."
        ),
    )

    class Meta:
        model = Organisation
        fields = [
            "uuid",
            "region",
            "name",
            "stakeholder_group",
            "stakeholder_group_name",
            "municipalities",
            "description",
            "expertise",
            "offers",
            "seeks",
            "website",
            "email",
            "phone",
            "contacts",
            "endorsements",
            "confirmed_at",
            "is_stale",
            "updated_at",
            "version",
        ]
        read_only_fields = ["confirmed_at", "updated_at"]
        validators = []  # (region, name) is checked in validate(), with a Dutch message

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions

    def get_contacts(self, organisation) -> PublicContactSerializer(many=True):
        # Only contacts with consent, as everywhere; prefetched as ``shown_contacts`` by the view.
        contacts = getattr(organisation, "shown_contacts", None)
        if contacts is None:
            contacts = organisation.contacts.shown()
        return PublicContactSerializer(contacts, many=True).data

    def get_is_stale(self, organisation) -> bool:
        return organisation.is_stale()

    def validate(self, data):
        region = data.get("region") or getattr(self.instance, "region", None)
        if self.instance is not None:
            if "region" in data and data["region"] != self.instance.region:
                raise serializers.ValidationError(
                    {"region": _("Een organisatie verhuist niet naar een andere regio.")}
                )
            if "version" not in data:
                raise serializers.ValidationError(
                    {"version": _("Geef de versie mee die u las, zodat niets wordt overschreven.")}
                )
        foreign = [m for m in data.get("municipalities", []) if region and m.region_id != region.pk]
        if foreign:
            raise serializers.ValidationError(
                {"municipalities": _("Kies alleen gemeenten uit de regio van de organisatie.")}
            )
        name = data.get("name")
        if name and region:
            same = Organisation.objects.filter(region=region, name=name)
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                raise serializers.ValidationError(
                    {"name": _("Er is al een organisatie met deze naam in deze regio.")}
                )
        return data


class StaleProfileSerializer(serializers.ModelSerializer):
    stakeholder_group = serializers.CharField(source="stakeholder_group.name")
    last_requested_at = serializers.DateTimeField(allow_null=True)
    last_requested_by = serializers.CharField(allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "uuid",
            "name",
            "stakeholder_group",
            "confirmed_at",
            "last_requested_at",
            "last_requested_by",
        ]


class ConfirmationRequestSerializer(serializers.ModelSerializer):
    organisation = serializers.UUIDField(source="organisation.uuid")
    requested_by = serializers.CharField(source="requested_by.full_name")
    sent_to = serializers.SerializerMethodField()
    created = serializers.SerializerMethodField()

    class Meta:
        model = ConfirmationRequest
        fields = [
            "organisation",
            "requested_on",
            "requested_at",
            "requested_by",
            "sent_to",
            "created",
        ]

    def get_sent_to(self, request) -> list[str]:
        return request.sent_to.splitlines()

    def get_created(self, request) -> bool:
        """False when a request had already been made today and no new mail was sent."""
        return self.context.get("created", False)


class DirectoryQuerySerializer(serializers.Serializer):
    """Filters of the organisation list (all optional; the same as the directory page)."""

    q = serializers.CharField(
        required=False, help_text="Words to find in name, expertise, description, offers, seeks."
    )
    group = serializers.IntegerField(required=False, help_text="Stakeholder group id.")
    municipality = serializers.CharField(
        required=False, help_text="CBS code of a municipality the organisation works in."
    )
    expertise = serializers.CharField(required=False, help_text="Words to find in expertise only.")
    value = serializers.IntegerField(
        required=False, help_text="Number of a shared value the organisation endorsed."
    )
