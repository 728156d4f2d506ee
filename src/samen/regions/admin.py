from django.contrib import admin

from samen.core.admin import ScopedAdminMixin

from .models import (
    AllocationKey,
    AllocationWeight,
    Municipality,
    PolicySetting,
    PopulationFigure,
    Region,
)
from .policies import registry


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0
    fields = ("cbs_code", "name")
    show_change_link = True


class PopulationFigureInline(admin.TabularInline):
    model = PopulationFigure
    extra = 1
    fields = ("inhabitants", "reference_date", "source")


class PolicySettingInline(admin.TabularInline):
    model = PolicySetting
    extra = 0
    fields = ("key", "value", "valid_from", "decision_reference")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "key":
            from django import forms

            return forms.ChoiceField(choices=registry.choices(), label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AllocationWeightInline(admin.TabularInline):
    model = AllocationWeight
    extra = 0


@admin.register(Region)
class RegionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "cbs_code", "region")
    list_filter = ("region",)
    search_fields = ("name", "cbs_code")
    list_select_related = ("region",)
    inlines = [PopulationFigureInline, PolicySettingInline]


@admin.register(AllocationKey)
class AllocationKeyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "region", "kind", "reference_date")
    list_filter = ("region", "kind")
    filter_horizontal = ("municipalities",)
    inlines = [AllocationWeightInline]
    list_select_related = ("region",)
