from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("export.json", views.ExportView.as_view(kind="json"), name="export-json"),
    path("export.csv", views.ExportView.as_view(kind="csv"), name="export-csv"),
    path("waarden/", views.SharedValueListView.as_view(), name="values"),
    path("verouderd/", views.StaleProfilesView.as_view(), name="stale-profiles"),
    path("organisaties/nieuw/", views.OrganisationCreateView.as_view(), name="organisation-create"),
    path(
        "organisaties/<uuid:uuid>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisaties/<uuid:uuid>/bewerken/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-edit",
    ),
    path(
        "organisaties/<uuid:uuid>/bevestigen/",
        views.ConfirmProfileView.as_view(),
        name="organisation-confirm",
    ),
    path(
        "organisaties/<uuid:uuid>/bevestiging-vragen/",
        views.RequestConfirmationView.as_view(),
        name="organisation-request-confirmation",
    ),
    path(
        "organisaties/<uuid:uuid>/contactpersonen/nieuw/",
        views.ContactCreateView.as_view(),
        name="contact-create",
    ),
    path(
        "contactpersonen/<uuid:uuid>/bewerken/",
        views.ContactUpdateView.as_view(),
        name="contact-edit",
    ),
    path(
        "contactpersonen/<uuid:uuid>/verwijderen/",
        views.ContactDeleteView.as_view(),
        name="contact-delete",
    ),
    path(
        "organisaties/<uuid:uuid>/onderschrijven/",
        views.EndorsementCreateView.as_view(),
        name="endorsement-create",
    ),
    path(
        "organisaties/<uuid:uuid>/onderschrijvingen/<uuid:endorsement>/intrekken/",
        views.EndorsementDeleteView.as_view(),
        name="endorsement-delete",
    ),
]
