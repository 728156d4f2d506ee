from django.urls import path

from . import views

app_name = "matching"

W = "werkplekken/<uuid:uuid>/"

urlpatterns = [
    path("", views.OpportunityListView.as_view(), name="opportunity-list"),
    path("werkplekken/nieuw/", views.OpportunityCreateView.as_view(), name="opportunity-create"),
    path(W, views.OpportunityDetailView.as_view(), name="opportunity-detail"),
    path(f"{W}wijzigen/", views.OpportunityUpdateView.as_view(), name="opportunity-update"),
    path(f"{W}kandidaten/", views.CandidatesView.as_view(), name="opportunity-candidates"),
    path("inwoners/<uuid:uuid>/", views.ResidentRankingView.as_view(), name="resident-ranking"),
    path(
        "inwoners/<uuid:uuid>/voorstellen/", views.ProposeMatchView.as_view(), name="match-propose"
    ),
    path("matches/", views.MatchListView.as_view(), name="match-list"),
    path("matches/<uuid:uuid>/", views.MatchDetailView.as_view(), name="match-detail"),
    path("matches/<uuid:uuid>/stap/", views.MatchTransitionView.as_view(), name="match-transition"),
    path("rondes/", views.RoundListView.as_view(), name="round-list"),
    path("rondes/nieuw/", views.RoundStartView.as_view(), name="round-start"),
    path("rondes/<uuid:uuid>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("rondes/<uuid:uuid>/voortgang/", views.RoundProgressView.as_view(), name="round-progress"),
    path(
        "voorstellen/<uuid:uuid>/overnemen/",
        views.ProposalAdoptView.as_view(),
        name="proposal-adopt",
    ),
    path("kwaliteit/", views.EvaluationView.as_view(), name="evaluation"),
]
