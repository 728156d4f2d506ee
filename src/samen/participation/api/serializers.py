"""Serializers of the participation API. A BSN is write-only (registration) or returned by the
logged reveal endpoint alone; everywhere else it is ``bsn_masked``."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samen.network.models import Organisation
from samen.regions.models import Municipality

from .. import instruments
from ..bsn import normalise_bsn
from ..models import (
    Arrangement,
    BenefitEpisode,
    Consent,
    ContactMoment,
    Dossier,
    HealthAssessment,
    LadderAssessment,
    Pillar,
    Plan,
    Resident,
    SelfRelianceAssessment,
    Talent,
    TalentProfile,
    TargetGroupRegistration,
)
from ..services import BSN_REVEAL_PURPOSES


class ResidentSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Municipality.objects.all(),
        help_text="CBS code, e.g. GM1509.",
    )
    bsn = serializers.CharField(
        write_only=True, help_text="Only on registration; 9 digits (8 are zero-padded), 11-proof."
    )
    bsn_masked = serializers.CharField(source="masked_bsn", read_only=True)
    dossier = serializers.UUIDField(source="dossier.uuid", read_only=True)

    class Meta:
        model = Resident
        fields = [
            "uuid",
            "reference",
            "municipality",
            "bsn",
            "bsn_masked",
            "given_names",
            "surname_prefix",
            "surname",
            "date_of_birth",
            "street",
            "house_number",
            "postal_code",
            "city",
            "phone",
            "email",
            "dossier",
            "version",
        ]
        read_only_fields = ["uuid", "reference", "version"]
        validators = []  # the (municipality, bsn) uniqueness answers with a link (see the view)

    def validate_bsn(self, value):
        from django.core.exceptions import ValidationError

        try:
            return normalise_bsn(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class ResidentUpdateSerializer(ResidentSerializer):
    """Changing a resident: never the BSN or the municipality; send the version you read."""

    version = serializers.IntegerField(help_text="The version you read; 409 when it moved on.")

    class Meta(ResidentSerializer.Meta):
        fields = [f for f in ResidentSerializer.Meta.fields if f not in ("bsn",)]
        read_only_fields = ["uuid", "reference", "municipality"]

    def get_fields(self):
        fields = super().get_fields()
        fields["municipality"].read_only = True
        fields.pop("bsn", None)
        return fields


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField(
        max_length=200, help_text="A BSN (exact), a reference (R-...) or parts of the name."
    )


class RevealBsnSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=[code for code, _label in BSN_REVEAL_PURPOSES])


class RevealedBsnSerializer(serializers.Serializer):
    bsn = serializers.CharField()


class PillarSerializer(serializers.ModelSerializer):
    case_worker = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = Pillar
        fields = ["kind", "status", "goals", "case_worker", "version", "updated_at"]
        read_only_fields = ["kind", "updated_at"]


class PillarUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Pillar.Status.choices, required=False)
    goals = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField()


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["agreed_goals", "actions", "agreed_on", "review_on", "version", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"version": {"read_only": False}}


class ContactMomentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactMoment
        fields = ["uuid", "occurred_on", "channel", "summary", "created_at"]
        read_only_fields = ["uuid", "created_at"]


class BenefitEpisodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = BenefitEpisode
        fields = ["uuid", "kind", "started_on", "ended_on", "end_reason"]
        read_only_fields = ["uuid"]


class ReuseHintSerializer(serializers.Serializer):
    left_for_work_on = serializers.DateField()
    window_ends_on = serializers.DateField()
    returned_on = serializers.DateField(allow_null=True)


class IncomeSerializer(serializers.Serializer):
    episodes = BenefitEpisodeSerializer(many=True)
    reuse = ReuseHintSerializer(
        allow_null=True, help_text="Earlier data can be reused (12-month rule)."
    )


class ArrangementSerializer(serializers.ModelSerializer):
    provider = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    switched_from = serializers.UUIDField(
        source="switched_from.uuid", read_only=True, allow_null=True
    )
    ladder_rung = serializers.SerializerMethodField()

    class Meta:
        model = Arrangement
        fields = [
            "uuid",
            "kind",
            "provider",
            "provider_name",
            "hours_per_week",
            "support",
            "started_on",
            "ended_on",
            "end_reason",
            "switched_from",
            "uwv_advice_on",
            "uwv_advice_reference",
            "ladder_rung",
        ]
        read_only_fields = ["uuid", "ended_on", "end_reason", "switched_from"]

    def get_ladder_rung(self, obj) -> int:
        from ..switching import ARRANGEMENT_RUNG

        return ARRANGEMENT_RUNG[obj.kind]


class StartArrangementSerializer(ArrangementSerializer):
    acknowledge_warnings = serializers.BooleanField(default=False, write_only=True)

    class Meta(ArrangementSerializer.Meta):
        fields = ArrangementSerializer.Meta.fields + ["acknowledge_warnings"]


class SwitchSerializer(StartArrangementSerializer):
    current = serializers.UUIDField(
        write_only=True, help_text="The running arrangement to switch from."
    )
    reason = serializers.CharField(max_length=300, write_only=True)

    class Meta(StartArrangementSerializer.Meta):
        fields = StartArrangementSerializer.Meta.fields + ["current", "reason"]


class TargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroupRegistration
        fields = ["uuid", "status", "per_date", "source", "recorded_at"]
        read_only_fields = ["uuid", "recorded_at"]


class LadderAssessmentSerializer(serializers.ModelSerializer):
    confirmed_rung = serializers.IntegerField(
        required=False, min_value=1, max_value=6, help_text="Default: the derived rung."
    )

    class Meta:
        model = LadderAssessment
        fields = [
            "uuid",
            "assessed_on",
            "answers",
            "horizon_months",
            "current_rung",
            "potential_rung",
            "suggested_rung",
            "confirmed_rung",
            "deviation_note",
        ]
        read_only_fields = ["uuid", "current_rung", "potential_rung", "suggested_rung"]


class HealthAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthAssessment
        fields = ["uuid", "assessed_on", "filled_in"] + [
            c for c, _l in instruments.HEALTH_DIMENSIONS
        ]
        read_only_fields = ["uuid"]


class SelfRelianceAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelfRelianceAssessment
        fields = ["uuid", "assessed_on", "scores"]
        read_only_fields = ["uuid"]


class TimelineEntrySerializer(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()


class MeasurementsSerializer(serializers.Serializer):
    ladder = LadderAssessmentSerializer(many=True)
    positive_health = HealthAssessmentSerializer(many=True)
    self_reliance = SelfRelianceAssessmentSerializer(many=True)
    timeline = TimelineEntrySerializer(many=True)


class TalentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Talent
        fields = ["code", "category", "name", "esco_uri"]


class TalentProfileSerializer(serializers.ModelSerializer):
    talents = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Talent.objects.filter(is_active=True)
    )
    limitations = serializers.ListField(
        child=serializers.ChoiceField(choices=list(instruments.LIMITATIONS)), required=False
    )
    version = serializers.IntegerField()

    class Meta:
        model = TalentProfile
        fields = ["talents", "ambitions", "motivation", "hours_per_week", "limitations", "version"]


class ConsentSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all()
    )
    shared = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(instruments.SHARE_CODES)), allow_empty=False
    )

    class Meta:
        model = Consent
        fields = ["uuid", "organisation", "pseudonym", "shared", "form", "given_on", "withdrawn_on"]
        read_only_fields = ["uuid", "pseudonym", "withdrawn_on"]


class EndArrangementSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)


class CloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=Dossier.ClosingReason.choices)


class DossierSerializer(serializers.ModelSerializer):
    """A dossier with everything in it (one read, one access-log entry)."""

    resident = serializers.SerializerMethodField()
    municipality = serializers.CharField(source="municipality.cbs_code")
    pillars = PillarSerializer(many=True)
    plan = PlanSerializer()
    income = serializers.SerializerMethodField()
    arrangements = ArrangementSerializer(many=True)
    target_group = serializers.SerializerMethodField()
    talent_profile = TalentProfileSerializer()
    consents = ConsentSerializer(many=True)
    latest_ladder = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "uuid",
            "resident",
            "municipality",
            "status",
            "opened_on",
            "closed_on",
            "closing_reason",
            "pillars",
            "plan",
            "income",
            "arrangements",
            "target_group",
            "talent_profile",
            "consents",
            "latest_ladder",
        ]

    def get_resident(self, obj) -> dict:
        return {
            "uuid": str(obj.resident.uuid),
            "reference": obj.resident.reference,
            "name": obj.resident.full_name,
            "bsn_masked": obj.resident.masked_bsn,
        }

    def get_income(self, obj) -> dict:
        from ..services import reuse_hint

        episodes = list(obj.benefit_episodes.all())
        hint = reuse_hint(episodes)
        return IncomeSerializer({"episodes": episodes, "reuse": hint}).data

    def get_target_group(self, obj) -> dict | None:
        latest = next(iter(obj.target_group_registrations.all()), None)
        return TargetGroupSerializer(latest).data if latest else None

    def get_latest_ladder(self, obj) -> dict | None:
        latest = next(iter(obj.ladder_assessments.all()), None)
        return LadderAssessmentSerializer(latest).data if latest else None


class DossierListSerializer(serializers.ModelSerializer):
    resident = serializers.CharField(source="resident.reference")
    name = serializers.CharField(source="resident.full_name")
    bsn_masked = serializers.CharField(source="resident.masked_bsn")
    municipality = serializers.CharField(source="municipality.cbs_code")

    class Meta:
        model = Dossier
        fields = [
            "uuid",
            "resident",
            "name",
            "bsn_masked",
            "municipality",
            "status",
            "opened_on",
            "closed_on",
        ]


class SharedProfileSerializer(serializers.Serializer):
    pseudonym = serializers.CharField()
    organisation = serializers.CharField()
    given_on = serializers.DateField()
    shared = serializers.ListField(child=serializers.CharField())
    talents = serializers.ListField(child=serializers.CharField(), allow_null=True)
    ambitions = serializers.CharField(allow_null=True)
    motivation = serializers.CharField(allow_null=True)
    hours_per_week = serializers.IntegerField(allow_null=True)
    limitations = serializers.ListField(child=serializers.CharField(), allow_null=True)
    ladder_rung = serializers.IntegerField(allow_null=True)
    ladder_label = serializers.CharField(allow_null=True)
    arrangement = serializers.CharField(allow_null=True)
    arrangement_hours = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    existing_dossier = serializers.URLField(
        required=False, help_text=_("Link naar het bestaande dossier.")
    )
