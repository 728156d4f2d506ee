"""Serializers of the action lines API. Writes go through ``services``; these only shape data."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samen.network.models import Organisation, SharedValue
from samen.regions.models import Municipality, Region

from ..models import (
    ActionLine,
    ActionLineLead,
    AgendaItem,
    Commitment,
    CriterionCheck,
    Follow,
    FollowUp,
    Initiative,
    Meeting,
    MeetingDecision,
    MunicipalityRole,
    ProgressReport,
    ReportVersion,
    StatusChange,
    ValueFit,
)

User = get_user_model()


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["uuid", "full_name"]


class ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = SharedValue
        fields = ["uuid", "number", "title"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name"]


class LeadSerializer(serializers.ModelSerializer):
    user = PersonSerializer(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = ActionLineLead
        fields = ["user", "organisation", "since"]


class CommitmentSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Commitment
        fields = ["organisation", "since"]


class MunicipalityRoleSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="cbs_code", read_only=True)

    class Meta:
        model = MunicipalityRole
        fields = ["municipality", "role", "explanation"]


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "changed_on", "reason"]


class ActionLineSerializer(serializers.ModelSerializer):
    """An action line with its values, leads, partners, municipality roles and status history."""

    region = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Region.objects.all(), required=False
    )
    values = serializers.SlugRelatedField(
        slug_field="uuid", many=True, queryset=SharedValue.objects.all(), required=False
    )
    leads = LeadSerializer(source="lead_links", many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    municipality_roles = MunicipalityRoleSerializer(many=True, read_only=True)
    status_changes = StatusChangeSerializer(many=True, read_only=True)
    latest_traffic_light = serializers.CharField(
        source="latest_light", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ActionLine
        fields = [
            "uuid",
            "region",
            "title",
            "aim",
            "values",
            "start_date",
            "end_date",
            "status",
            "latest_traffic_light",
            "leads",
            "commitments",
            "municipality_roles",
            "status_changes",
        ]
        read_only_fields = ["status", "end_date"]


class StatusChangeRequestSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=["pause", "resume", "end"])
    on = serializers.DateField()
    reason = serializers.CharField()


class LeadRequestSerializer(serializers.Serializer):
    user = serializers.SlugRelatedField(slug_field="uuid", queryset=User.objects.all())
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all()
    )
    since = serializers.DateField()


class CommitmentRequestSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all()
    )
    since = serializers.DateField()


class RoleRequestSerializer(serializers.Serializer):
    municipality = serializers.SlugRelatedField(
        slug_field="cbs_code", queryset=Municipality.objects.all()
    )
    role = serializers.ChoiceField(
        choices=[("", "—"), *MunicipalityRole.Ladder.choices], allow_blank=True
    )
    explanation = serializers.CharField(allow_blank=True, required=False, default="")


class RolesRequestSerializer(serializers.Serializer):
    roles = RoleRequestSerializer(many=True)


class FollowStateSerializer(serializers.Serializer):
    following = serializers.BooleanField()


# --- Reports ------------------------------------------------------------------------------------


class ReportVersionSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    submitted_by = PersonSerializer(read_only=True)

    class Meta:
        model = ReportVersion
        fields = [
            "number",
            "state",
            "revision",
            "traffic_light",
            "summary",
            "done",
            "results",
            "needed",
            "next_steps",
            "change_note",
            "author",
            "created_at",
            "submitted_at",
            "submitted_by",
        ]


class ProgressReportSerializer(serializers.ModelSerializer):
    """A report with the versions the reader may see (drafts only for the line's leads)."""

    action_line = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    current_version = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "uuid",
            "action_line",
            "kind",
            "period_start",
            "period_end",
            "first_submitted_at",
            "current_version",
            "versions",
        ]

    @extend_schema_field(ReportVersionSerializer(allow_null=True))
    def get_current_version(self, report):
        version = report.current_version
        return ReportVersionSerializer(version).data if version else None

    @extend_schema_field(ReportVersionSerializer(many=True))
    def get_versions(self, report):
        visible = self.context.get("visible_versions")
        versions = visible(report) if visible else []
        return ReportVersionSerializer(versions, many=True).data


class ReportContentSerializer(serializers.Serializer):
    summary = serializers.CharField()
    traffic_light = serializers.ChoiceField(
        choices=ReportVersion.TrafficLight.choices, required=False, allow_blank=True, default=""
    )
    done = serializers.CharField(required=False, allow_blank=True, default="")
    results = serializers.CharField(required=False, allow_blank=True, default="")
    needed = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(
        default=False, help_text="True: submit (frozen from then on); false: save as draft."
    )


class ReportCreateSerializer(ReportContentSerializer):
    action_line = serializers.SlugRelatedField(slug_field="uuid", queryset=ActionLine.objects.all())
    kind = serializers.ChoiceField(choices=ProgressReport.Kind.choices)
    year = serializers.IntegerField(
        required=False, min_value=2019, max_value=2100, help_text="Half-yearly reports: the year."
    )
    half = serializers.IntegerField(
        required=False, min_value=1, max_value=2, help_text="Half-yearly reports: 1 or 2."
    )
    submission_key = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="A fresh UUID per report: repeating the request with it returns the same report.",
    )


class ReportUpdateSerializer(ReportContentSerializer):
    change_note = serializers.CharField(required=False, allow_blank=True, default="")
    based_on_version = serializers.IntegerField(
        required=False, help_text="The version number you edited (refused if someone saved since)."
    )
    based_on_revision = serializers.IntegerField(
        required=False, help_text="That version's revision, as you read it."
    )


# --- Meetings -----------------------------------------------------------------------------------


class AgendaEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AgendaItem.Kind.choices)
    title = serializers.CharField()
    action_line = serializers.UUIDField(source="action_line.uuid", allow_null=True, default=None)
    report = serializers.UUIDField(
        source="report_version.report.uuid", allow_null=True, default=None
    )
    report_version = serializers.IntegerField(
        source="report_version.number", allow_null=True, default=None
    )
    initiative = serializers.UUIDField(source="initiative.uuid", allow_null=True, default=None)
    traffic_light = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)


class MeetingDecisionSerializer(serializers.ModelSerializer):
    action_line = serializers.SlugRelatedField(
        slug_field="uuid", queryset=ActionLine.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = MeetingDecision
        fields = ["action_line", "text", "created_at"]
        read_only_fields = ["created_at"]


class FollowUpSerializer(serializers.ModelSerializer):
    action_line = serializers.SlugRelatedField(
        slug_field="uuid", queryset=ActionLine.objects.all(), required=False, allow_null=True
    )
    owner = serializers.SlugRelatedField(slug_field="uuid", queryset=User.objects.all())

    class Meta:
        model = FollowUp
        fields = ["action_line", "description", "owner", "due_date", "done_on"]
        read_only_fields = ["done_on"]


class MeetingSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Region.objects.all(), required=False
    )
    municipality = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Municipality.objects.all(),
        required=False,
        help_text="CBS code; leave out on creation to take the next in rotation.",
    )
    agenda = serializers.SerializerMethodField()
    attending_organisations = OrganisationRefSerializer(many=True, read_only=True)
    attendees = PersonSerializer(many=True, read_only=True)
    decisions = MeetingDecisionSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "uuid",
            "region",
            "date",
            "start_time",
            "municipality",
            "venue",
            "agenda_fixed_at",
            "agenda",
            "minutes",
            "revision",
            "attending_organisations",
            "attendees",
            "decisions",
            "follow_ups",
        ]
        read_only_fields = ["agenda_fixed_at", "minutes", "revision"]

    @extend_schema_field(AgendaEntrySerializer(many=True))
    def get_agenda(self, meeting):
        from ..services import build_agenda

        if not self.context.get("with_agenda"):
            return []
        return AgendaEntrySerializer(build_agenda(meeting), many=True).data


class MeetingSuggestionSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.cbs_code", allow_null=True)
    municipality_name = serializers.CharField(source="municipality.name", allow_null=True)
    date = serializers.DateField()
    previous_meeting = serializers.UUIDField(source="previous.uuid", allow_null=True, default=None)


class MeetingRecordSerializer(serializers.Serializer):
    minutes = serializers.CharField(allow_blank=True)
    organisations = serializers.SlugRelatedField(
        slug_field="uuid", many=True, queryset=Organisation.objects.all()
    )
    attendees = serializers.SlugRelatedField(
        slug_field="uuid", many=True, queryset=User.objects.all()
    )
    revision = serializers.IntegerField(
        required=False, help_text="The meeting's revision as you read it."
    )


# --- Initiatives --------------------------------------------------------------------------------


class ValueFitSerializer(serializers.ModelSerializer):
    value = serializers.SlugRelatedField(slug_field="uuid", queryset=SharedValue.objects.all())

    class Meta:
        model = ValueFit
        fields = ["value", "serves", "explanation"]


class CriterionCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionCheck
        fields = ["criterion", "met", "reason", "checked_at"]
        read_only_fields = ["checked_at"]


class OverlapSerializer(serializers.Serializer):
    action_line = serializers.UUIDField(source="action_line.uuid")
    title = serializers.CharField(source="action_line.title")
    similarity = serializers.FloatField()
    shared_values = serializers.SerializerMethodField()
    flagged = serializers.BooleanField()

    def get_shared_values(self, overlap) -> list[int]:
        return [value.number for value in overlap.shared_values]


class InitiativeSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Region.objects.all(), required=False
    )
    organisation = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    proposer = PersonSerializer(read_only=True)
    value_fits = ValueFitSerializer(
        many=True, help_text="One answer per shared value of the region."
    )
    criterion_checks = CriterionCheckSerializer(many=True, read_only=True)
    action_line = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    overlaps = serializers.SerializerMethodField()
    submission_key = serializers.UUIDField(write_only=True, required=False, allow_null=True)

    class Meta:
        model = Initiative
        fields = [
            "uuid",
            "region",
            "title",
            "description",
            "who",
            "organisation",
            "proposer",
            "status",
            "value_fits",
            "criterion_checks",
            "decision_reason",
            "decided_at",
            "action_line",
            "overlaps",
            "created_at",
            "submission_key",
        ]
        read_only_fields = ["status", "decision_reason", "decided_at", "created_at"]

    @extend_schema_field(OverlapSerializer(many=True))
    def get_overlaps(self, initiative):
        from ..services import overlaps

        if not self.context.get("with_overlaps"):
            return []
        return OverlapSerializer(overlaps(initiative), many=True).data


class CriteriaRequestSerializer(serializers.Serializer):
    checks = CriterionCheckSerializer(many=True)


class InitiativeDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    reason = serializers.CharField()


class GrantDraftSerializer(serializers.Serializer):
    application = serializers.UUIDField(help_text="UUID of the draft application (grants module).")


class ConvertSerializer(serializers.Serializer):
    start_date = serializers.DateField()


# --- Follows and completeness -------------------------------------------------------------------


class FollowSerializer(serializers.ModelSerializer):
    action_line = serializers.SlugRelatedField(slug_field="uuid", queryset=ActionLine.objects.all())

    class Meta:
        model = Follow
        fields = ["action_line", "created_at"]
        read_only_fields = ["created_at"]


class CompletenessRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    items = serializers.ListField(
        child=serializers.DictField(), help_text="Up to 50 items: uuid (if any) and name."
    )


class CompletenessSerializer(serializers.Serializer):
    region = serializers.UUIDField()
    date = serializers.DateField()
    rules = CompletenessRuleSerializer(many=True)
