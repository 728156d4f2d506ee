from django.urls import path

from . import views

app_name = "actionlines"
urlpatterns = [
    path("", views.LineListView.as_view(), name="line-list"),
    path("nieuw/", views.LineCreateView.as_view(), name="line-create"),
    path("volledigheid/", views.CompletenessView.as_view(), name="completeness"),
    path("meldingen/", views.NotificationListView.as_view(), name="notifications"),
    path("<uuid:uuid>/", views.LineDetailView.as_view(), name="line-detail"),
    path("<uuid:uuid>/bewerken/", views.LineUpdateView.as_view(), name="line-update"),
    path("<uuid:uuid>/status/", views.LineStatusView.as_view(), name="line-status"),
    path("<uuid:uuid>/trekkers-en-partners/", views.LineLeadsView.as_view(), name="line-people"),
    path("<uuid:uuid>/rollen/", views.LineRolesView.as_view(), name="line-roles"),
    path("<uuid:uuid>/volgen/", views.LineFollowView.as_view(), name="line-follow"),
    path("<uuid:uuid>/rapportage/", views.ReportCreateView.as_view(), name="report-create"),
    path("rapportages/<uuid:uuid>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("rapportages/<uuid:uuid>/bewerken/", views.ReportEditView.as_view(), name="report-edit"),
    path(
        "rapportages/<uuid:uuid>/indienen/", views.ReportSubmitView.as_view(), name="report-submit"
    ),
    path("bijeenkomsten/", views.MeetingListView.as_view(), name="meeting-list"),
    path("bijeenkomsten/nieuw/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("bijeenkomsten/<uuid:uuid>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "bijeenkomsten/<uuid:uuid>/bewerken/",
        views.MeetingUpdateView.as_view(),
        name="meeting-update",
    ),
    path(
        "bijeenkomsten/<uuid:uuid>/agenda/",
        views.MeetingAgendaView.as_view(),
        name="meeting-agenda",
    ),
    path(
        "bijeenkomsten/<uuid:uuid>/verslag/",
        views.MeetingRecordView.as_view(),
        name="meeting-record",
    ),
    path(
        "bijeenkomsten/<uuid:uuid>/besluit/",
        views.MeetingDecisionView.as_view(),
        name="meeting-decision",
    ),
    path(
        "bijeenkomsten/<uuid:uuid>/vervolgactie/",
        views.MeetingFollowUpView.as_view(),
        name="meeting-follow-up",
    ),
    path("initiatieven/", views.InitiativeListView.as_view(), name="initiative-list"),
    path("initiatieven/nieuw/", views.InitiativeCreateView.as_view(), name="initiative-create"),
    path(
        "initiatieven/<uuid:uuid>/", views.InitiativeDetailView.as_view(), name="initiative-detail"
    ),
    path(
        "initiatieven/<uuid:uuid>/bewerken/",
        views.InitiativeEditView.as_view(),
        name="initiative-edit",
    ),
    path(
        "initiatieven/<uuid:uuid>/toetsen/",
        views.InitiativeCheckView.as_view(),
        name="initiative-check",
    ),
    path(
        "initiatieven/<uuid:uuid>/besluit/",
        views.InitiativeDecideView.as_view(),
        name="initiative-decide",
    ),
    path(
        "initiatieven/<uuid:uuid>/subsidieaanvraag/",
        views.InitiativeGrantView.as_view(),
        name="initiative-grant",
    ),
    path(
        "initiatieven/<uuid:uuid>/actielijn/",
        views.InitiativeConvertView.as_view(),
        name="initiative-convert",
    ),
]
