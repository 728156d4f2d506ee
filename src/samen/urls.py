from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from two_factor.urls import urlpatterns as two_factor_urls

urlpatterns = [
    path("", include("samen.core.urls")),
    path("", include(two_factor_urls)),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regio/", include("samen.regions.urls")),
    path("netwerk/", include("samen.network.urls")),
    path("actielijnen/", include("samen.actionlines.urls")),
    path("subsidies/", include("samen.grants.urls")),
    path("participatie/", include("samen.participation.urls")),
    path("matching/", include("samen.matching.urls")),
    path("migratie/", include("samen.migration.urls")),
    path("rapportage/", include("samen.reporting.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("samen.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
