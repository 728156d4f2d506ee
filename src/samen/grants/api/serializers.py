"""Serializers of the grants API. Amounts are decimal strings ("1500.00"), never floats."""

from rest_framework import serializers

from ..models import (
    Application,
    BudgetLine,
    BudgetShare,
    BudgetYear,
    Criterion,
    Decision,
    GrantScheme,
    Question,
    Review,
    Score,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class GrantCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["number", "title", "explanation", "weight", "knock_out", "pass_mark"]


class GrantQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "number", "text", "help_text", "required"]


class GrantSchemeSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    issuing_municipality = serializers.SlugRelatedField(slug_field="cbs_code", read_only=True)
    allocation_key = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    charge_municipality = serializers.SlugRelatedField(slug_field="cbs_code", read_only=True)
    criteria = GrantCriterionSerializer(many=True, read_only=True)
    questions = GrantQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = GrantScheme
        fields = [
            "uuid",
            "name",
            "description",
            "legal_basis",
            "region",
            "issuing_municipality",
            "opens_on",
            "closes_on",
            "decision_period_weeks",
            "remedy_period_weeks",
            "payment_term_weeks",
            "report_period_weeks",
            "charging",
            "allocation_key",
            "charge_municipality",
            "minimum_amount",
            "maximum_amount",
            "advance_percentage",
            "scale_max",
            "positive_threshold",
            "minimum_reviews",
            "criteria",
            "questions",
        ]


class GrantBudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["description", "amount", "co_financing", "co_financier"]


class GrantAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="Id of one of the scheme's questions.")
    text = serializers.CharField(allow_blank=True)


class ApplicationSerializer(serializers.ModelSerializer):
    scheme = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    values = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)
    action_line = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    budget_lines = GrantBudgetLineSerializer(many=True, read_only=True)
    answers = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The steps the requesting user can take now (POST them to .../transitions)."
    )

    class Meta:
        model = Application
        fields = [
            "uuid",
            "reference",
            "scheme",
            "organisation",
            "organisation_name",
            "status",
            "status_label",
            "title",
            "description",
            "expected_results",
            "contact_name",
            "contact_email",
            "contact_phone",
            "values",
            "action_line",
            "project_start",
            "project_end",
            "requested_amount",
            "budget_lines",
            "answers",
            "budget_year",
            "received_on",
            "decision_due_on",
            "postponed_weeks",
            "report_due_on",
            "version",
            "allowed_transitions",
        ]

    def get_answers(self, application) -> GrantAnswerSerializer(many=True):
        return [{"question": a.question_id, "text": a.text} for a in application.answers.all()]

    def get_allowed_transitions(self, application) -> list[str]:
        from .. import workflow

        request = self.context.get("request")
        if request is None or not self.context.get("with_transitions"):
            return []
        return [t.name for t in workflow.allowed(application, request.user)]


class ApplicationListSerializer(serializers.ModelSerializer):
    scheme = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Application
        fields = [
            "uuid",
            "reference",
            "scheme",
            "organisation",
            "organisation_name",
            "status",
            "title",
            "requested_amount",
            "received_on",
            "decision_due_on",
        ]


class ApplicationCreateSerializer(serializers.Serializer):
    scheme = serializers.UUIDField()
    organisation = serializers.UUIDField()
    title = serializers.CharField(max_length=200)


class GrantDraftSerializer(serializers.Serializer):
    """A partial update of a draft; ``version`` must be the version you read (else 409)."""

    version = serializers.IntegerField()
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    expected_results = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    values = serializers.ListField(child=serializers.UUIDField(), required=False)
    action_line = serializers.UUIDField(required=False, allow_null=True)
    project_start = serializers.DateField(required=False, allow_null=True)
    project_end = serializers.DateField(required=False, allow_null=True)
    requested_amount = serializers.DecimalField(
        **MONEY, required=False, allow_null=True, min_value=0
    )
    budget_lines = GrantBudgetLineSerializer(many=True, required=False)
    answers = GrantAnswerSerializer(many=True, required=False)

    def validate(self, data):
        start, end = data.get("project_start"), data.get("project_end")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"project_end": "Het experiment eindigt voordat het begint."}
            )
        for line in data.get("budget_lines", []):
            if line.get("co_financing", 0) > line["amount"]:
                raise serializers.ValidationError(
                    {"budget_lines": "De cofinanciering is hoger dan de kosten."}
                )
        return data


class GrantApplicationTransitionSerializer(serializers.Serializer):
    transition = serializers.CharField(help_text="Name of the step, e.g. submit, accept, decide.")
    data = serializers.DictField(
        required=False,
        default=dict,
        help_text=(
            "The step's fields, as on the web form: e.g. for decide {outcome: award|refusal, amount: "
            "'4500.00', reasons, conditions}; for object {received_on, grounds}."
        ),
    )


class GrantScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.IntegerField(source="criterion.number")

    class Meta:
        model = Score
        fields = ["criterion", "value", "not_applicable", "justification"]


class GrantScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="The criterion's number in the scheme.")
    value = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    not_applicable = serializers.BooleanField(default=False)
    justification = serializers.CharField(allow_blank=True)


class GrantReviewSerializer(serializers.ModelSerializer):
    application = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    reviewer = serializers.CharField(source="reviewer.full_name", read_only=True)
    scores = GrantScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["uuid", "application", "reviewer", "view", "submitted_at", "version", "scores"]


class GrantReviewWriteSerializer(serializers.Serializer):
    application = serializers.UUIDField()
    view = serializers.CharField(allow_blank=True)
    scores = GrantScoreInputSerializer(many=True)
    submit = serializers.BooleanField(
        default=False, help_text="True: hand in; false: keep as draft."
    )
    version = serializers.IntegerField(required=False, allow_null=True)


class GrantDecisionSerializer(serializers.ModelSerializer):
    application = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    reference = serializers.CharField(source="application.reference", read_only=True)
    decided_by = serializers.CharField(source="decided_by.full_name", read_only=True)
    document = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "uuid",
            "application",
            "reference",
            "kind",
            "amount",
            "reasons",
            "conditions",
            "decided_by",
            "decided_at",
            "mandate_reference",
            "issuing_body",
            "sent_on",
            "objection_period_ends_on",
            "payment_due_on",
            "revoked_at",
            "document",
        ]

    def get_document(self, decision) -> str | None:
        from django.urls import reverse

        if not decision.document:
            return None
        url = reverse("grants:decision-document", kwargs={"uuid": decision.uuid})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class GrantLedgerFiguresMixin(serializers.Serializer):
    ceiling = serializers.DecimalField(**MONEY, read_only=True)
    carried_in = serializers.DecimalField(**MONEY, read_only=True)
    carried_out = serializers.DecimalField(**MONEY, read_only=True)
    committed = serializers.DecimalField(**MONEY, read_only=True)
    released = serializers.DecimalField(**MONEY, read_only=True)
    paid = serializers.DecimalField(**MONEY, read_only=True)
    repaid = serializers.DecimalField(**MONEY, read_only=True)
    free = serializers.DecimalField(**MONEY, read_only=True)


class GrantBudgetShareSerializer(GrantLedgerFiguresMixin, serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)

    class Meta:
        model = BudgetShare
        fields = [
            "municipality",
            "municipality_name",
            "ceiling",
            "carried_in",
            "carried_out",
            "committed",
            "released",
            "paid",
            "repaid",
            "free",
        ]


class GrantBudgetYearSerializer(GrantLedgerFiguresMixin, serializers.ModelSerializer):
    scheme = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    shares = GrantBudgetShareSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetYear
        fields = [
            "uuid",
            "scheme",
            "year",
            "ceiling_decision",
            "ceiling",
            "carried_in",
            "carried_out",
            "committed",
            "released",
            "paid",
            "repaid",
            "free",
            "shares",
        ]


class GrantRegisterEntrySerializer(serializers.Serializer):
    """One line of the public register: no personal data."""

    year = serializers.IntegerField(source="application.budget_year")
    organisation = serializers.CharField(source="application.organisation.name")
    title = serializers.CharField(source="application.title")
    scheme = serializers.CharField(source="application.scheme.name")
    amount = serializers.DecimalField(**MONEY)
