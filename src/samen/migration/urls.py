from django.urls import path

from . import views

app_name = "migration"
urlpatterns = [
    path("", views.RunListView.as_view(), name="run-list"),
    path("nieuw/", views.UploadView.as_view(), name="upload"),
    path("<uuid:uuid>/", views.RunDetailView.as_view(), name="run-detail"),
    path("<uuid:uuid>/status/", views.RunStatusView.as_view(), name="run-status"),
    path("<uuid:uuid>/bevestigen/", views.ConfirmView.as_view(), name="run-confirm"),
    path("<uuid:uuid>/hervatten/", views.ResumeView.as_view(), name="run-resume"),
    path("<uuid:uuid>/rijen/", views.RowsView.as_view(), name="run-rows"),
    path("<uuid:uuid>/afstemming/", views.ReconciliationView.as_view(), name="run-reconciliation"),
    path("<uuid:uuid>/rapport.csv", views.ReportDownloadView.as_view(), name="run-report"),
    path("<uuid:uuid>/afgewezen.zip", views.RejectedDownloadView.as_view(), name="run-rejected"),
    path(
        "<uuid:uuid>/afgewezen/<slug:sheet>.csv",
        views.RejectedSheetDownloadView.as_view(),
        name="run-rejected-sheet",
    ),
]
