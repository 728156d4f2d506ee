"""Serializers of the reporting API. Money is returned as exact decimal strings, never floats."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import CouncilLetter, Milestone, MilestoneDocument, Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    budgeting = serializers.CharField(
        help_text="total (one amount over the running time) or per_year (an amount each year)."
    )
    allocation_key = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Programme
        fields = [
            "uuid",
            "region",
            "name",
            "description",
            "budgeting",
            "amount",
            "starts_on",
            "ends_on",
            "years",
            "allocation_key",
            "decision_reference",
            "grant_scheme_uuid",
        ]


class LedgerFiguresSerializer(serializers.Serializer):
    available = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    free = serializers.DecimalField(max_digits=14, decimal_places=2)


class CostYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual = LedgerFiguresSerializer(allow_null=True)


class CostRowSerializer(serializers.Serializer):
    municipality = serializers.UUIDField(source="municipality.uuid")
    cbs_code = serializers.CharField(source="municipality.cbs_code")
    name = serializers.CharField(source="municipality.name")
    weight = serializers.DecimalField(max_digits=16, decimal_places=4)
    share_percentage = serializers.DecimalField(max_digits=4, decimal_places=1)
    years = serializers.SerializerMethodField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2)

    def get_years(self, row) -> CostYearSerializer(many=True):
        return CostYearSerializer(
            [
                {"year": year, "amount": amount, "actual": row.actuals.get(year)}
                for year, amount in row.amounts.items()
            ],
            many=True,
        ).data


class CostOverviewSerializer(serializers.Serializer):
    programme = ProgrammeSerializer()
    key_label = serializers.CharField()
    reference_date = serializers.DateField(allow_null=True)
    actuals_state = serializers.CharField(
        help_text="linked (the grant scheme's ledger is read), none (no scheme linked) or "
        "unavailable (the grants module or the scheme is not there)."
    )
    years = serializers.SerializerMethodField()
    rows = CostRowSerializer(many=True)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)

    def get_years(self, overview) -> CostYearSerializer(many=True):
        return CostYearSerializer(
            [
                {"year": year, "amount": overview.column_total(year), "actual": None}
                for year in overview.years
            ],
            many=True,
        ).data


class MilestoneStepSerializer(serializers.Serializer):
    body = serializers.CharField(source="code")
    label = serializers.CharField()
    handled_on = serializers.DateField(allow_null=True)


class MilestoneDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MilestoneDocument
        fields = ["title", "url", "reference"]


class MilestoneSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    kind = serializers.CharField(help_text="decision (besluitvorming) or information (informeren).")
    municipality = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    status = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    documents = MilestoneDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "uuid",
            "region",
            "municipality",
            "title",
            "description",
            "kind",
            "window_starts_on",
            "due_on",
            "when_label",
            "steps",
            "status",
            "cancelled_on",
            "cancel_reason",
            "source",
            "documents",
        ]

    @extend_schema_field(
        {
            "type": "string",
            "description": "Derived, never typed: planned, due, in_progress, overdue, done or "
            "cancelled.",
        }
    )
    def get_status(self, milestone) -> str:
        from ..milestones import status_of

        return status_of(milestone, self.context.get("today"))

    def get_steps(self, milestone) -> MilestoneStepSerializer(many=True):
        from ..milestones import steps_of

        return MilestoneStepSerializer(steps_of(milestone), many=True).data


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField(
        help_text=(
            "text, persons, count, share, average, money or number. `persons` counts residents "
            "(suppressed below 10); `share` is a percentage with one decimal; `money` and other "
            "decimals are exact strings."
        ),
    )


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.SerializerMethodField(
        help_text=(
            'One object per row, keyed by column key. A suppressed cell is the string "<10" '
            '(fewer than 10 residents) or "x" (hidden so it cannot be worked out from a total).'
        )
    )
    footer = serializers.SerializerMethodField()
    note = serializers.CharField()
    suppressed_cells = serializers.IntegerField()

    def _records(self, table, rows) -> list:
        from ..tables import json_cell

        return [
            {c.key: json_cell(v, c) for v, c in zip(row, table.columns, strict=True)}
            for row in rows
        ]

    def get_rows(self, table) -> list[dict]:
        return self._records(table, table.rows)

    def get_footer(self, table) -> list[dict]:
        return self._records(table, table.footer)


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    available = serializers.BooleanField()
    unavailable = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())
    tables = TableSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class DashboardSerializer(serializers.Serializer):
    scope = serializers.CharField()
    region = serializers.UUIDField()
    municipality = serializers.UUIDField(allow_null=True)
    period = PeriodSerializer()
    sections = SectionSerializer(many=True)


class CouncilLetterSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    status = serializers.CharField(help_text="draft (concept) or final (definitief, archived).")
    municipality = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    pdf_url = serializers.SerializerMethodField(
        help_text="The PDF: the archived file of a final letter, a CONCEPT rendering of a draft."
    )
    content = serializers.SerializerMethodField(
        help_text="A final letter's frozen content (tables with suppressed cells); null for a draft."
    )

    class Meta:
        model = CouncilLetter
        fields = [
            "uuid",
            "region",
            "municipality",
            "period",
            "period_start",
            "period_end",
            "subject",
            "letter_date",
            "status",
            "finalised_at",
            "pdf_sha256",
            "pdf_url",
            "content",
        ]

    def get_pdf_url(self, letter) -> str:
        from django.urls import reverse

        return reverse("reporting:letter-pdf", kwargs={"uuid": letter.uuid})

    def get_content(self, letter) -> dict | None:
        if not letter.is_final or self.context.get("view_action") == "list":
            return None
        return letter.snapshot


class QuickScanSerializer(serializers.Serializer):
    scope = serializers.CharField(source="scope.label")
    change_on = serializers.DateField()
    months = serializers.IntegerField()
    description = serializers.CharField()
    before = PeriodSerializer()
    after = PeriodSerializer()
    table = TableSerializer(allow_null=True)
    unavailable = serializers.ListField(child=serializers.CharField())
