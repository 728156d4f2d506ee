from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("werklijst/", views.WorklistView.as_view(), name="worklist"),
    # Dashboards
    path("<uuid:uuid>/dashboard/", views.RegionDashboardView.as_view(), name="region-dashboard"),
    path(
        "gemeente/<uuid:uuid>/dashboard/",
        views.MunicipalityDashboardView.as_view(),
        name="municipality-dashboard",
    ),
    # Quick scans (seed 004)
    path("<uuid:uuid>/quickscan/", views.RegionQuickScanView.as_view(), name="region-quickscan"),
    path(
        "gemeente/<uuid:uuid>/quickscan/",
        views.MunicipalityQuickScanView.as_view(),
        name="municipality-quickscan",
    ),
    # Cost overview (seed 000)
    path("<uuid:region>/kosten/", views.CostOverviewView.as_view(), name="costs"),
    path("<uuid:region>/kosten/nieuw/", views.ProgrammeFormView.as_view(), name="programme-create"),
    path(
        "<uuid:region>/kosten/<uuid:uuid>/wijzigen/",
        views.ProgrammeFormView.as_view(),
        name="programme-update",
    ),
    # Decision milestones (seed 004)
    path("<uuid:region>/besluitvorming/", views.MilestoneCalendarView.as_view(), name="milestones"),
    path(
        "<uuid:region>/besluitvorming/nieuw/",
        views.MilestoneFormView.as_view(),
        name="milestone-create",
    ),
    path(
        "<uuid:region>/besluitvorming/<uuid:uuid>/wijzigen/",
        views.MilestoneFormView.as_view(),
        name="milestone-update",
    ),
    path(
        "besluitvorming/<uuid:uuid>/", views.MilestoneDetailView.as_view(), name="milestone-detail"
    ),
    path(
        "besluitvorming/<uuid:uuid>/documenten/",
        views.MilestoneDocumentAddView.as_view(),
        name="milestone-document-add",
    ),
    # Council letters (raadsinformatiebrieven)
    path("<uuid:region>/brieven/", views.LetterListView.as_view(), name="letter-list"),
    path("<uuid:region>/brieven/nieuw/", views.LetterCreateView.as_view(), name="letter-create"),
    path("brief/<uuid:uuid>/", views.LetterDetailView.as_view(), name="letter-detail"),
    path("brief/<uuid:uuid>/voorbeeld/", views.LetterPreviewView.as_view(), name="letter-preview"),
    path("brief/<uuid:uuid>/wijzigen/", views.LetterUpdateView.as_view(), name="letter-update"),
    path(
        "brief/<uuid:uuid>/definitief/", views.LetterFinaliseView.as_view(), name="letter-finalise"
    ),
    path("brief/<uuid:uuid>/pdf/", views.LetterPdfView.as_view(), name="letter-pdf"),
]
