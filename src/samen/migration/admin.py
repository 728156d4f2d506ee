from django.contrib import admin

from samen.core.admin import ScopedAdminMixin

from .models import ImportRun, ImportSheet


class ImportSheetInline(admin.TabularInline):
    model = ImportSheet
    extra = 0
    can_delete = False
    fields = [
        "name",
        "rows_read",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "warnings",
        "empty_lines",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("migration.view_importsheet", obj)


@admin.register(ImportRun)
class ImportRunAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Runs are records: read-only here; uploads and confirmations go through /migratie/."""

    list_display = [
        "created_at",
        "municipality",
        "dry_run",
        "source_name",
        "status",
        "started_by_name",
    ]
    list_filter = ["dry_run", "status", "municipality"]
    search_fields = ["source_name", "file_hash"]
    inlines = [ImportSheetInline]
    readonly_fields = [
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
        "batch_size",
        "started_by",
        "started_by_name",
        "created_at",
        "started_at",
        "finished_at",
        "rows_total",
        "rows_done",
        "notices",
        "error",
        "summary",
    ]
    exclude = ["export_file", "mapping_file", "heartbeat_at", "phase"]

    def has_add_permission(self, request):
        return False
