from django.urls import path

from .views import (
    CouncilLetterViewSet,
    MilestoneViewSet,
    MunicipalityDashboardView,
    MunicipalityQuickScanView,
    ProgrammeViewSet,
    RegionDashboardView,
    RegionQuickScanView,
)

ROUTES = [
    ("programmes", ProgrammeViewSet, "reporting-programme"),
    ("milestones", MilestoneViewSet, "reporting-milestone"),
    ("council-letters", CouncilLetterViewSet, "reporting-councilletter"),
]

urlpatterns = [
    path(
        "dashboards/regions/<uuid:uuid>",
        RegionDashboardView.as_view(),
        name="reporting-region-dashboard",
    ),
    path(
        "dashboards/municipalities/<uuid:uuid>",
        MunicipalityDashboardView.as_view(),
        name="reporting-municipality-dashboard",
    ),
    path(
        "quick-scans/regions/<uuid:uuid>",
        RegionQuickScanView.as_view(),
        name="reporting-region-quickscan",
    ),
    path(
        "quick-scans/municipalities/<uuid:uuid>",
        MunicipalityQuickScanView.as_view(),
        name="reporting-municipality-quickscan",
    ),
]
