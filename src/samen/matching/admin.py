"""The matching models in the Samen admin (functional management). Matches, rounds and measurements
are read here, never made: proposals and steps go through the workflow, which needs a case worker."""

from django.contrib import admin

from samen.core.admin import ScopedAdminMixin

from .models import (
    AssignmentProposal,
    AssignmentRun,
    EvaluationRun,
    Match,
    MatchEvent,
    WorkOpportunity,
)
from .rules import can_edit_opportunity


class ReadOnlyAdminMixin(ScopedAdminMixin):
    """Shown for reading: rows are made by the workflow, a round or a measurement."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkOpportunity)
class WorkOpportunityAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "organisation",
        "municipality",
        "kind",
        "places",
        "status",
        "open_until",
    )
    list_filter = ("kind", "status", "municipality")
    list_select_related = ("organisation", "municipality")
    search_fields = ("title", "tasks")
    filter_horizontal = ("talents_asked", "talents_taught")
    readonly_fields = ("created_by", "created_at", "updated_at", "version")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_opportunity(request.user, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.version += 1
        super().save_model(request, obj, form, change)


class MatchEventInline(admin.TabularInline):
    model = MatchEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_state", "to_state", "by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Match)
class MatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "state", "score", "source", "updated_at")
    list_filter = ("state", "source")
    list_select_related = ("opportunity",)
    inlines = [MatchEventInline]


@admin.register(MatchEvent)
class MatchEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("match", "from_state", "to_state", "by", "at")
    list_select_related = ("match__opportunity", "by")


@admin.register(AssignmentRun)
class AssignmentRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "status", "resident_count", "place_count", "proposal_count")
    list_filter = ("status",)
    list_select_related = ("region", "municipality")


@admin.register(AssignmentProposal)
class AssignmentProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("run", "opportunity", "score")
    list_select_related = ("run__region", "run__municipality", "opportunity")


@admin.register(EvaluationRun)
class EvaluationRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "source", "resident_count", "opportunity_count", "k")
    list_filter = ("source",)
