from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application-list"),
    path("register/", views.PublicRegisterView.as_view(), name="register"),
    path("werklijst/", views.WorklistView.as_view(), name="worklist"),
    path("regelingen/", views.SchemeListView.as_view(), name="scheme-list"),
    path("regelingen/nieuw/", views.SchemeCreateView.as_view(), name="scheme-create"),
    path("regelingen/<uuid:uuid>/", views.SchemeDetailView.as_view(), name="scheme-detail"),
    path("regelingen/<uuid:uuid>/wijzigen/", views.SchemeUpdateView.as_view(), name="scheme-edit"),
    path("regelingen/<uuid:uuid>/budget/", views.LedgerView.as_view(), name="ledger"),
    path("regelingen/<uuid:uuid>/budget/plafond/", views.CeilingView.as_view(), name="ceiling"),
    path(
        "regelingen/<uuid:uuid>/budget/overhevelen/",
        views.CarryOverView.as_view(),
        name="carry-over",
    ),
    path(
        "regelingen/<uuid:uuid>/aanvragen/",
        views.ApplicationCreateView.as_view(),
        name="application-create",
    ),
    path(
        "aanvragen/<uuid:uuid>/", views.ApplicationDetailView.as_view(), name="application-detail"
    ),
    path(
        "aanvragen/<uuid:uuid>/bewerken/",
        views.ApplicationEditView.as_view(),
        name="application-edit",
    ),
    path(
        "aanvragen/<uuid:uuid>/opslaan/",
        views.ApplicationAutosaveView.as_view(),
        name="application-autosave",
    ),
    path(
        "aanvragen/<uuid:uuid>/bijlagen/",
        views.AttachmentUploadView.as_view(),
        name="attachment-upload",
    ),
    path("aanvragen/<uuid:uuid>/beoordelen/", views.ReviewView.as_view(), name="review"),
    path(
        "aanvragen/<uuid:uuid>/stap/<slug:step>/", views.TransitionView.as_view(), name="transition"
    ),
    path(
        "bijlagen/<uuid:uuid>/", views.AttachmentDownloadView.as_view(), name="attachment-download"
    ),
    path("besluiten/<uuid:uuid>/", views.DecisionDocumentView.as_view(), name="decision-document"),
]
