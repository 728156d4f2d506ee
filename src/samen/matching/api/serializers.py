from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samen.network.models import Organisation
from samen.participation import instruments
from samen.participation.models import Talent
from samen.regions.models import Municipality

from ..models import (
    AssignmentProposal,
    AssignmentRun,
    EvaluationRun,
    Match,
    MatchEvent,
    WorkOpportunity,
)
from ..workflow import TRANSITIONS

LIMITATION_CODES = list(instruments.LIMITATIONS)


class WorkOpportunitySerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="UUID of the partner organisation offering the work.",
    )
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, default=""
    )
    municipality = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Municipality.objects.all(),
        help_text="CBS code of the municipality where the work is, e.g. GM0988.",
    )
    talents_asked = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Talent.objects.filter(is_active=True), required=False
    )
    talents_taught = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Talent.objects.filter(is_active=True), required=False
    )
    core_demands = serializers.ListField(
        child=serializers.ChoiceField(choices=LIMITATION_CODES), required=False
    )
    other_demands = serializers.ListField(
        child=serializers.ChoiceField(choices=LIMITATION_CODES), required=False
    )
    hours_min = serializers.IntegerField(min_value=1, max_value=60)
    hours_max = serializers.IntegerField(min_value=1, max_value=60)
    places = serializers.IntegerField(min_value=1, max_value=500, default=1)
    version = serializers.IntegerField(
        required=False,
        help_text="On update: the version you read. A newer version on the server gives 409.",
    )

    class Meta:
        model = WorkOpportunity
        fields = [
            "uuid",
            "title",
            "organisation",
            "organisation_name",
            "municipality",
            "kind",
            "tasks",
            "talents_asked",
            "talents_taught",
            "core_demands",
            "other_demands",
            "hours_min",
            "hours_max",
            "offers_job_coach",
            "offers_training",
            "places",
            "open_until",
            "status",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]

    def validate(self, attrs):
        instance = self.instance
        low = attrs.get("hours_min", instance.hours_min if instance else None)
        high = attrs.get("hours_max", instance.hours_max if instance else None)
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"hours_max": _("Het maximum aantal uren ligt onder het minimum.")}
            )
        core = set(attrs.get("core_demands", instance.core_demands if instance else []))
        other = set(attrs.get("other_demands", instance.other_demands if instance else []))
        if core & other:
            raise serializers.ValidationError(
                {"other_demands": _("Kies per soort belasting 'altijd' of 'soms', niet allebei.")}
            )
        organisation = attrs.get("organisation", instance.organisation if instance else None)
        municipality = attrs.get("municipality", instance.municipality if instance else None)
        if organisation and municipality and organisation.region_id != municipality.region_id:
            raise serializers.ValidationError(
                {"municipality": _("De werkplek ligt niet in de regio van de organisatie.")}
            )
        open_until = attrs.get("open_until")
        if open_until and instance is None and open_until < timezone.localdate():
            raise serializers.ValidationError({"open_until": _("Deze datum ligt in het verleden.")})
        return attrs


class ExplanationLineSerializer(serializers.Serializer):
    topic = serializers.CharField(
        help_text="talent, learning, hours, region, kind, eligibility, limitation or support"
    )
    tone = serializers.ChoiceField(choices=["good", "neutral", "attention", "blocked"])
    text = serializers.CharField(help_text="The explanation in Dutch.")


class OpportunitySummarySerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, default=""
    )
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)

    class Meta:
        model = WorkOpportunity
        fields = [
            "uuid",
            "title",
            "organisation_name",
            "municipality",
            "kind",
            "hours_min",
            "hours_max",
        ]


class RankedOpportunitySerializer(serializers.Serializer):
    opportunity = OpportunitySummarySerializer()
    score = serializers.IntegerField(min_value=0, max_value=100)
    blocked = serializers.BooleanField()
    explanation = ExplanationLineSerializer(many=True, source="lines")
    open_match = serializers.UUIDField(
        source="open_match.uuid", read_only=True, allow_null=True, help_text="A running match."
    )


class ResidentRankingSerializer(serializers.Serializer):
    dossier = serializers.UUIDField()
    results = RankedOpportunitySerializer(many=True)


class RankingQuerySerializer(serializers.Serializer):
    kind = serializers.MultipleChoiceField(choices=WorkOpportunity.Kind.choices, required=False)
    municipality = serializers.CharField(
        required=False, help_text="CBS code of the work's municipality."
    )
    max_hours = serializers.IntegerField(min_value=1, max_value=60, required=False)
    include_blocked = serializers.BooleanField(default=False)


class CandidateSerializer(serializers.Serializer):
    dossier = serializers.UUIDField(
        source="dossier.uuid", allow_null=True, help_text="Only for case workers."
    )
    name = serializers.CharField(allow_blank=True, help_text="Only for case workers.")
    pseudonym = serializers.CharField(
        allow_blank=True, help_text="For partners: the consent's pseudonym."
    )
    score = serializers.IntegerField(min_value=0, max_value=100)
    blocked = serializers.BooleanField()
    explanation = ExplanationLineSerializer(many=True, source="lines")


class MatchEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.full_name", read_only=True, default="")

    class Meta:
        model = MatchEvent
        fields = ["from_state", "to_state", "at", "by", "note"]


class MatchSerializer(serializers.ModelSerializer):
    dossier = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    resident_name = serializers.CharField(source="dossier.resident.full_name", read_only=True)
    opportunity = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    explanation = ExplanationLineSerializer(many=True, read_only=True)
    events = MatchEventSerializer(many=True, read_only=True)
    arrangement = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)
    score = serializers.IntegerField(min_value=0, max_value=100, read_only=True)

    class Meta:
        model = Match
        fields = [
            "uuid",
            "dossier",
            "resident_name",
            "opportunity",
            "state",
            "source",
            "score",
            "explanation",
            "declined_by",
            "end_reason",
            "reason",
            "placed_on",
            "ended_on",
            "arrangement",
            "version",
            "created_at",
            "updated_at",
            "events",
        ]
        read_only_fields = fields


class MatchCreateSerializer(serializers.Serializer):
    dossier = serializers.UUIDField(required=False, help_text="The resident's dossier.")
    opportunity = serializers.UUIDField(required=False)
    proposal = serializers.UUIDField(
        required=False, help_text="Adopt a proposal of an assignment round instead."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs.get("proposal") and not (attrs.get("dossier") and attrs.get("opportunity")):
            raise serializers.ValidationError(
                _("Geef een dossier en een werkplek, of een voorstel uit een koppelronde.")
            )
        return attrs


class TransitionSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=sorted(TRANSITIONS))
    version = serializers.IntegerField(
        help_text="The match version you read (409 when it moved on)."
    )
    placed_on = serializers.DateField(required=False)
    ended_on = serializers.DateField(required=False)
    end_reason = serializers.ChoiceField(choices=Match.EndReason.choices, required=False)
    declined_by = serializers.ChoiceField(choices=Match.DeclinedBy.choices, required=False)
    reason = serializers.CharField(required=False, allow_blank=True)
    start_arrangement = serializers.BooleanField(
        default=False, help_text="On 'place': start or switch the arrangement in the dossier."
    )
    acknowledge_warnings = serializers.BooleanField(default=False)


class AssignmentProposalSerializer(serializers.ModelSerializer):
    dossier = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    resident_name = serializers.CharField(source="dossier.resident.full_name", read_only=True)
    opportunity = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    explanation = ExplanationLineSerializer(many=True, read_only=True)
    score = serializers.IntegerField(min_value=0, max_value=100, read_only=True)

    class Meta:
        model = AssignmentProposal
        fields = ["uuid", "dossier", "resident_name", "opportunity", "score", "explanation"]


class AssignmentRunSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    municipality = serializers.SlugRelatedField(slug_field="cbs_code", read_only=True)
    progress = serializers.IntegerField(min_value=0, max_value=100, read_only=True)
    total_score = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = AssignmentRun
        fields = [
            "uuid",
            "region",
            "municipality",
            "status",
            "progress",
            "stage",
            "resident_count",
            "opportunity_count",
            "place_count",
            "proposal_count",
            "total_score",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class AssignmentRunCreateSerializer(serializers.Serializer):
    municipality = serializers.CharField(
        required=False, help_text="CBS code: a round for this municipality's residents."
    )
    region = serializers.UUIDField(
        required=False, help_text="A round for every municipality of this region."
    )
    submission_token = serializers.UUIDField(
        required=False, help_text="Repeat a request with the same token to get the same round."
    )

    def validate(self, attrs):
        if bool(attrs.get("municipality")) == bool(attrs.get("region")):
            raise serializers.ValidationError(_("Kies een gemeente of een regio."))
        return attrs


class EvaluationRunSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    duration_seconds = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True)

    class Meta:
        model = EvaluationRun
        fields = [
            "uuid",
            "source",
            "region",
            "k",
            "parameters",
            "results",
            "resident_count",
            "opportunity_count",
            "duration_seconds",
            "created_at",
        ]
        read_only_fields = fields
