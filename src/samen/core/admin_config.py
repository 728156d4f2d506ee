from django.contrib.admin.apps import AdminConfig


class SamenAdminConfig(AdminConfig):
    default_site = "samen.core.admin_site.SamenAdminSite"
