from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.RegionListView.as_view(), name="region-list"),
    path("verdelen/", views.AllocationStartView.as_view(), name="allocation-start"),
    path("<uuid:uuid>/", views.RegionDetailView.as_view(), name="region-detail"),
    path("<uuid:uuid>/verdelen/", views.AllocationView.as_view(), name="allocation"),
    path(
        "gemeente/<uuid:uuid>/", views.MunicipalityDetailView.as_view(), name="municipality-detail"
    ),
]
