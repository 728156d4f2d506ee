"""The participation models in the Samen admin: for administrators only, scoped like the views.

Opening a resident's or dossier's page in the admin is a read of personal data and is written to
the access log (purpose "functioneel beheer"). A dossier outside the administrator's scope is a 404.
Lists show references and municipalities, never names or BSNs; the BSN is not in any admin form.
Residents and dossiers are registered through the case worker's pages (BSN 11-proof, one dossier per
municipality), so the admin does not add them; destruction goes through the retention command.
"""

from django.contrib import admin
from django.http import Http404

from samen.core.admin import ScopedAdminMixin

from . import models
from .services import PURPOSE_ADMIN, log_dossier_read


class LoggedReadAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Every change page (a read of the record) is logged; objects out of scope are a 404."""

    def dossier_of(self, obj):
        return obj.dossier

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if request.method == "GET":
            log_dossier_read(request, self.dossier_of(obj), obj=obj, purpose=PURPOSE_ADMIN)
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PillarInline(admin.TabularInline):
    model = models.Pillar
    fields = ("kind", "status", "case_worker")
    readonly_fields = ("kind",)
    extra = 0
    can_delete = False
    max_num = 3


@admin.register(models.Resident)
class ResidentAdmin(LoggedReadAdmin):
    list_display = ("reference", "municipality", "created_at")
    list_filter = ("municipality",)
    search_fields = ("reference",)
    list_select_related = ("municipality",)
    fields = (
        "reference",
        "municipality",
        "masked_bsn",
        "given_names",
        "surname_prefix",
        "surname",
        "date_of_birth",
        "street",
        "house_number",
        "postal_code",
        "city",
        "phone",
        "email",
    )
    readonly_fields = ("reference", "municipality", "masked_bsn")

    def dossier_of(self, obj):
        return obj.dossier

    @admin.display(description="BSN")
    def masked_bsn(self, obj):
        return obj.masked_bsn


@admin.register(models.Dossier)
class DossierAdmin(LoggedReadAdmin):
    list_display = ("__str__", "municipality", "status", "opened_on", "closed_on")
    list_filter = ("status", "municipality")
    list_select_related = ("municipality",)
    fields = ("resident", "municipality", "status", "opened_on", "closed_on", "closing_reason")
    readonly_fields = ("resident", "municipality")
    inlines = [PillarInline]

    def dossier_of(self, obj):
        return obj


class DossierPartAdmin(LoggedReadAdmin):
    list_display = ("__str__", "dossier_reference")
    list_select_related = ("dossier__resident",)
    readonly_fields = ("dossier",)

    @admin.display(description="inwoner")
    def dossier_reference(self, obj):
        return obj.dossier.resident.reference


@admin.register(models.ContactMoment)
class ContactMomentAdmin(DossierPartAdmin):
    list_display = ("__str__", "dossier_reference", "recorded_by")
    fields = ("dossier", "occurred_on", "channel", "summary")

    def has_delete_permission(self, request, obj=None):
        # A contact moment recorded in the wrong dossier is removed by the administrator.
        return ScopedAdminMixin.has_delete_permission(self, request, obj)


@admin.register(models.Arrangement)
class ArrangementAdmin(DossierPartAdmin):
    list_display = ("__str__", "dossier_reference", "started_on", "ended_on")
    list_filter = ("kind",)
    fields = (
        "dossier",
        "kind",
        "provider",
        "provider_name",
        "hours_per_week",
        "support",
        "started_on",
        "ended_on",
        "end_reason",
        "switched_from",
        "uwv_advice_on",
        "uwv_advice_reference",
    )
    readonly_fields = ("dossier", "switched_from")


@admin.register(models.Consent)
class ConsentAdmin(DossierPartAdmin):
    list_display = ("pseudonym", "organisation", "given_on", "withdrawn_on")
    list_select_related = ("organisation", "dossier__resident")
    fields = ("dossier", "organisation", "pseudonym", "shared", "form", "given_on", "withdrawn_on")
    readonly_fields = ("dossier", "organisation", "pseudonym", "shared", "form", "given_on")


@admin.register(models.Talent)
class TalentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "category", "code", "esco_uri", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("name", "code")

    def has_delete_permission(self, request, obj=None):
        return False  # profiles refer to talents: retire with "in gebruik" instead


@admin.register(models.DestructionRecord)
class DestructionRecordAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "destroyed_at",
        "municipality",
        "dossier_count",
        "closed_before",
        "performed_by",
    )
    list_filter = ("municipality",)
    list_select_related = ("municipality",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
