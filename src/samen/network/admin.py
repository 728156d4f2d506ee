from django import forms
from django.contrib import admin
from django.db import models

from samen.core.admin import ScopedAdminMixin

from .forms import https_by_default
from .models import (
    ConfirmationRequest,
    Contact,
    Endorsement,
    Organisation,
    OrganisationMember,
    SharedValue,
    StakeholderGroup,
)
from .rules import can_edit_profile
from .services import StaleProfileError, save_profile


class ProfileRuleMixin:
    """Changing a profile's parts follows the same predicate as the views and the API."""

    def organisation_of(self, obj):
        return obj.organisation

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_profile(request.user, self.organisation_of(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_profile(request.user, self.organisation_of(obj))


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "order")
    ordering = ("order", "name")


@admin.register(SharedValue)
class SharedValueAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "title", "region")
    list_display_links = ("number", "title")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("title", "explanation")


class OrganisationMemberInline(admin.TabularInline):
    model = OrganisationMember
    extra = 0
    fields = ("user", "function", "is_owner")
    autocomplete_fields = ("user",)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "function", "email", "phone", "consent_given_at", "consent_withdrawn_at")


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    fields = ("value", "endorsed_on", "signed_by")


class OrganisationAdminForm(forms.ModelForm):
    """Carries the version read when the form opened, like the profile form of the site."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        formfield_callback = https_by_default
        fields = [
            "region",
            "name",
            "stakeholder_group",
            "municipalities",
            "description",
            "expertise",
            "offers",
            "seeks",
            "website",
            "email",
            "phone",
            "confirmed_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version if self.instance.pk else None

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            saved = Organisation.objects.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            if data.get("loaded_version") != saved.first():
                raise forms.ValidationError(str(StaleProfileError(self.instance)))
        return data


@admin.register(Organisation)
class OrganisationAdmin(ProfileRuleMixin, ScopedAdminMixin, admin.ModelAdmin):
    form = OrganisationAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "stakeholder_group", "region", "confirmed_at", "updated_at")
    list_filter = ("region", "stakeholder_group")
    list_select_related = ("region", "stakeholder_group")
    search_fields = ("name", "expertise", "offers", "seeks")
    filter_horizontal = ("municipalities",)
    readonly_fields = ("uuid", "created_at", "updated_at")
    inlines = [OrganisationMemberInline, ContactInline, EndorsementInline]

    def organisation_of(self, obj):
        return obj

    def save_model(self, request, obj, form, change):
        if change:  # claims the version read by the form: a concurrent save elsewhere wins once
            save_profile(obj, expected_version=form.cleaned_data["loaded_version"])
        else:
            super().save_model(request, obj, form, change)


@admin.register(OrganisationMember)
class OrganisationMemberAdmin(ProfileRuleMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "function", "is_owner")
    list_filter = ("is_owner", "organisation__region")
    list_select_related = ("user", "organisation")
    search_fields = ("user__full_name", "user__email", "organisation__name")
    autocomplete_fields = ("user", "organisation")


@admin.register(Contact)
class ContactAdmin(ProfileRuleMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "organisation", "function", "consent_given_at", "consent_withdrawn_at")
    list_filter = ("organisation__region",)
    list_select_related = ("organisation",)
    search_fields = ("name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)


@admin.register(Endorsement)
class EndorsementAdmin(ProfileRuleMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("organisation", "value", "endorsed_on", "signed_by")
    list_filter = ("value__region", "value__number")
    list_select_related = ("organisation", "value")
    search_fields = ("organisation__name", "signed_by")
    autocomplete_fields = ("organisation",)


@admin.register(ConfirmationRequest)
class ConfirmationRequestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The record of requests to confirm a profile: read, never written, by hand."""

    list_display = ("organisation", "requested_on", "requested_by")
    list_select_related = ("organisation", "requested_by")
    search_fields = ("organisation__name",)
    readonly_fields = ("organisation", "requested_on", "requested_at", "requested_by", "sent_to")

    def has_add_permission(self, request):
        return False
