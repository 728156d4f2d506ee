"""The REST API, version 1. Each module lists its viewsets in ``<module>/api/urls.py``."""

from importlib import import_module

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from samen.accounts.api.views import MeView

API_MODULES = [
    "samen.regions.api.urls",
    "samen.network.api.urls",
    "samen.actionlines.api.urls",
    "samen.grants.api.urls",
    "samen.participation.api.urls",
    "samen.matching.api.urls",
    "samen.migration.api.urls",
    "samen.reporting.api.urls",
]

router = DefaultRouter()
# NL API Design Rules: no trailing slash needed; both forms answer.
router.trailing_slash = "/?"

urlpatterns = [path("me/", MeView.as_view(), name="api-me")]
for module_name in API_MODULES:
    module = import_module(module_name)
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)
    urlpatterns += getattr(module, "urlpatterns", [])
urlpatterns.append(path("", include(router.urls)))
