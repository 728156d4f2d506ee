from django.contrib import admin

from samen.core.admin import ScopedAdminMixin

from .models import CouncilLetter, Milestone, MilestoneDocument, Programme


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "region", "budgeting", "amount", "starts_on", "ends_on")
    list_filter = ("region", "budgeting")
    search_fields = ("name", "decision_reference")
    list_select_related = ("region",)
    raw_id_fields = ("allocation_key",)


class MilestoneDocumentInline(admin.TabularInline):
    model = MilestoneDocument
    extra = 0
    fields = ("title", "url", "reference")


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "region", "municipality", "window_starts_on", "due_on")
    list_filter = ("region", "kind")
    search_fields = ("title", "source")
    list_select_related = ("region", "municipality")
    inlines = [MilestoneDocumentInline]


@admin.register(CouncilLetter)
class CouncilLetterAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only here: letters are written and finalised in the reporting pages, which keep the
    rules (only drafts change; a final letter is archived with its hash)."""

    list_display = ("subject", "region", "municipality", "period", "status", "finalised_at")
    list_filter = ("region", "status")
    list_select_related = ("region", "municipality")
    readonly_fields = ("pdf_sha256", "finalised_at", "finalised_by", "status")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
