"""Admin of the grants module. Schemes are kept here by the functional administrator; everything in
the lifecycle and the ledger is read-only here — it changes only through the workflow and ledger
services, so that every step is checked and recorded."""

from django.contrib import admin

from samen.core.admin import ScopedAdminMixin

from .models import (
    Application,
    BudgetShare,
    BudgetYear,
    CarryOver,
    Criterion,
    Decision,
    GrantScheme,
    LedgerEntry,
    Objection,
    Payment,
    Question,
    Review,
    TransitionLog,
)


class ReadOnlyAdminMixin(ScopedAdminMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(GrantScheme)
class GrantSchemeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "region", "opens_on", "closes_on", "charging")
    list_filter = ("region",)
    search_fields = ("name",)
    list_select_related = ("region",)
    inlines = [CriterionInline, QuestionInline]


class BudgetShareInline(ReadOnlyInline):
    model = BudgetShare
    fields = (
        "municipality",
        "ceiling",
        "carried_in",
        "carried_out",
        "committed",
        "released",
        "paid",
        "repaid",
    )
    readonly_fields = fields


@admin.register(BudgetYear)
class BudgetYearAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "scheme",
        "year",
        "ceiling",
        "committed",
        "released",
        "paid",
        "ceiling_decision",
    )
    list_select_related = ("scheme",)
    list_filter = ("scheme",)
    inlines = [BudgetShareInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "booked_at",
        "budget_year",
        "municipality",
        "kind",
        "amount",
        "application",
        "booked_by",
    )
    list_filter = ("kind", "budget_year__year")
    list_select_related = ("budget_year__scheme", "municipality", "application", "booked_by")
    date_hierarchy = "booked_at"


@admin.register(CarryOver)
class CarryOverAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "scheme",
        "from_year",
        "to_year",
        "amount",
        "council_decision",
        "recorded_by",
        "recorded_at",
    )
    list_select_related = ("scheme", "recorded_by")


class TransitionInline(ReadOnlyInline):
    model = TransitionLog
    fields = (
        "effective_on",
        "transition",
        "from_state",
        "to_state",
        "actor_name",
        "role",
        "mandate_reference",
    )
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "title", "organisation", "scheme", "status", "decision_due_on")
    list_filter = ("status", "scheme")
    search_fields = ("reference", "title", "organisation__name")
    list_select_related = ("organisation", "scheme")
    inlines = [TransitionInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("application", "reviewer", "submitted_at")
    list_select_related = ("application", "reviewer")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "application",
        "kind",
        "amount",
        "decided_by",
        "decided_at",
        "sent_on",
        "revoked_at",
    )
    list_filter = ("kind",)
    list_select_related = ("application", "decided_by")
    exclude = ("document",)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("application", "kind", "amount", "due_on", "paid_on")
    list_filter = ("kind",)
    list_select_related = ("application",)


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("application", "received_on", "decision_due_on", "extended", "outcome")
    list_filter = ("outcome",)
    list_select_related = ("application",)
