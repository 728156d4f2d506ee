from django.contrib import admin

from samen.core.admin import ScopedAdminMixin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "timestamp",
        "actor_display",
        "activity",
        "purpose",
        "content_type",
        "subject_reference",
        "municipality",
    )
    list_filter = ("activity", "municipality", "content_type")
    search_fields = ("actor_display", "subject_reference", "purpose")
    date_hierarchy = "timestamp"
    list_select_related = ("content_type", "municipality")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
