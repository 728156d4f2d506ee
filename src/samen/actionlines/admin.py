"""The functional administrator's view of the action lines module.

Status changes, report versions and initiative decisions are made by the domain rules only
(``workflow``, ``services``), so here they are shown, not edited: a frozen report stays frozen in the
admin too. Object-level rights come from ``rules`` (e.g. ``may_edit_report``), as in the views.
"""

from django.contrib import admin

from samen.core.admin import ScopedAdminMixin

from . import rules
from .models import (
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
    Notification,
    ProgressReport,
    ReportVersion,
    StatusChange,
    ValueFit,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LeadInline(admin.TabularInline):
    model = ActionLineLead
    extra = 0
    raw_id_fields = ("user", "organisation")


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    raw_id_fields = ("organisation",)


class MunicipalityRoleInline(admin.TabularInline):
    model = MunicipalityRole
    extra = 0


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ("changed_on", "from_status", "to_status", "reason", "changed_by")
    readonly_fields = fields


@admin.register(ActionLine)
class ActionLineAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "region", "status", "start_date", "end_date")
    list_filter = ("status", "region")
    search_fields = ("title", "aim")
    list_select_related = ("region",)
    filter_horizontal = ("values",)
    # The status follows the status machine (workflow.LINE_TRANSITIONS), with date and reason.
    readonly_fields = ("status", "end_date", "created_at", "updated_at")
    inlines = [LeadInline, CommitmentInline, MunicipalityRoleInline, StatusChangeInline]


@admin.register(ActionLineLead)
class ActionLineLeadAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "action_line", "since")
    list_select_related = ("user", "organisation", "action_line")
    search_fields = ("user__full_name", "user__email", "action_line__title")
    raw_id_fields = ("user", "organisation", "action_line")


@admin.register(Commitment)
class CommitmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("organisation", "action_line", "since")
    list_select_related = ("organisation", "action_line")
    search_fields = ("organisation__name", "action_line__title")
    raw_id_fields = ("organisation", "action_line")


@admin.register(MunicipalityRole)
class MunicipalityRoleAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("action_line", "municipality", "role")
    list_filter = ("role", "municipality")
    list_select_related = ("action_line", "municipality")


@admin.register(StatusChange)
class StatusChangeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("action_line", "from_status", "to_status", "changed_on", "changed_by")
    list_select_related = ("action_line", "changed_by")
    readonly_fields = (
        "action_line",
        "from_status",
        "to_status",
        "changed_on",
        "reason",
        "changed_by",
    )


@admin.register(Follow)
class FollowAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "action_line", "created_at")
    list_select_related = ("user", "action_line")
    raw_id_fields = ("user", "action_line")


@admin.register(Notification)
class NotificationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("subject", "recipient", "kind", "created_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    readonly_fields = (
        "recipient",
        "action_line",
        "kind",
        "subject",
        "body",
        "link",
        "created_at",
        "emailed_at",
    )


class ReportVersionInline(ReadOnlyInline):
    model = ReportVersion
    fields = ("number", "state", "traffic_light", "summary", "submitted_at", "submitted_by")
    readonly_fields = fields


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Reports are written by the line's leads in Samen; here they are shown with all versions."""

    list_display = ("__str__", "kind", "period_start", "first_submitted_at")
    list_filter = ("kind",)
    list_select_related = ("action_line",)
    search_fields = ("action_line__title",)
    readonly_fields = (
        "action_line",
        "kind",
        "period_start",
        "period_end",
        "created_by",
        "created_at",
        "first_submitted_at",
        "current_version",
    )
    inlines = [ReportVersionInline]

    def has_add_permission(self, request):
        return False  # a report belongs to a line; its leads start it (rules.may_report_on)

    def has_change_permission(self, request, obj=None):
        return obj is not None and rules.may_edit_report(request.user, obj)


@admin.register(ReportVersion)
class ReportVersionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("report", "number", "state", "traffic_light", "submitted_at")
    list_filter = ("state", "traffic_light")
    list_select_related = ("report__action_line",)
    readonly_fields = (
        "report",
        "number",
        "state",
        "traffic_light",
        "summary",
        "done",
        "results",
        "needed",
        "next_steps",
        "change_note",
        "author",
        "submitted_at",
        "submitted_by",
    )


class ValueFitInline(admin.TabularInline):
    model = ValueFit
    extra = 0


class CriterionCheckInline(admin.TabularInline):
    model = CriterionCheck
    extra = 0
    raw_id_fields = ("checked_by",)


@admin.register(Initiative)
class InitiativeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "region", "status", "proposer", "created_at")
    list_filter = ("status", "region")
    search_fields = ("title", "description")
    list_select_related = ("region", "proposer")
    raw_id_fields = ("proposer", "organisation", "action_line")
    # Accepting and rejecting go through workflow.INITIATIVE_TRANSITIONS (with the criteria guard).
    readonly_fields = ("status", "decision_reason", "decided_at", "decided_by", "created_at")
    inlines = [ValueFitInline, CriterionCheckInline]


@admin.register(ValueFit)
class ValueFitAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("initiative", "value", "serves")
    list_select_related = ("initiative", "value")


@admin.register(CriterionCheck)
class CriterionCheckAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("initiative", "criterion", "met", "checked_by", "checked_at")
    list_select_related = ("initiative", "checked_by")
    raw_id_fields = ("checked_by",)


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("order", "kind", "title", "traffic_light", "summary")
    readonly_fields = fields


class MeetingDecisionInline(admin.TabularInline):
    model = MeetingDecision
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ("owner",)


@admin.register(Meeting)
class MeetingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "municipality", "region", "venue")
    list_filter = ("region",)
    list_select_related = ("municipality", "region")
    raw_id_fields = ("attending_organisations", "attendees", "created_by")
    readonly_fields = ("agenda_fixed_at", "revision")
    inlines = [AgendaItemInline, MeetingDecisionInline, FollowUpInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("meeting", "order", "kind", "title")
    list_select_related = ("meeting__municipality",)


@admin.register(MeetingDecision)
class MeetingDecisionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "meeting", "action_line")
    list_select_related = ("meeting__municipality", "action_line")


@admin.register(FollowUp)
class FollowUpAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "owner", "due_date", "done_on", "action_line")
    list_filter = ("done_on",)
    list_select_related = ("owner", "action_line")
    raw_id_fields = ("owner",)
