from rest_framework import serializers

from ..models import ImportRowResult, ImportRun, ImportSheet


class ImportSheetSerializer(serializers.ModelSerializer):
    balanced = serializers.BooleanField(
        read_only=True, help_text="rows_read == created + updated + unchanged + rejected"
    )

    class Meta:
        model = ImportSheet
        fields = [
            "name",
            "source_label",
            "details",
            "rows_read",
            "empty_lines",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "warnings",
            "balanced",
            "notices",
        ]


class ImportRunSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="cbs_code", read_only=True)
    dry_run_of = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    sheets = ImportSheetSerializer(many=True, read_only=True)
    rows_done = serializers.IntegerField(read_only=True, min_value=0)
    rows_total = serializers.IntegerField(read_only=True, min_value=0)

    class Meta:
        model = ImportRun
        fields = [
            "uuid",
            "municipality",
            "dry_run",
            "dry_run_of",
            "status",
            "source_name",
            "source_system",
            "file_hash",
            "mapping_name",
            "mapping_hash",
            "started_by_name",
            "created_at",
            "started_at",
            "finished_at",
            "rows_total",
            "rows_done",
            "notices",
            "error",
            "sheets",
        ]


class ImportRowResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRowResult
        fields = ["sheet", "line", "outcome", "reasons", "warnings"]
