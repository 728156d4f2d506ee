from django.urls import path

from . import views

app_name = "participation"

D = "dossiers/<uuid:uuid>/"

urlpatterns = [
    path("", views.ResidentListView.as_view(), name="resident-list"),
    path("inwoners/nieuw/", views.ResidentCreateView.as_view(), name="resident-create"),
    path(D, views.DossierDetailView.as_view(), name="dossier-detail"),
    path(f"{D}persoonsgegevens/", views.ResidentUpdateView.as_view(), name="resident-update"),
    path(f"{D}bsn/", views.RevealBsnView.as_view(), name="reveal-bsn"),
    path(f"{D}afsluiten/", views.DossierCloseView.as_view(), name="dossier-close"),
    path(f"{D}heropenen/", views.DossierReopenView.as_view(), name="dossier-reopen"),
    path(f"{D}pijlers/<slug:kind>/", views.PillarUpdateView.as_view(), name="pillar-update"),
    path(f"{D}plan/", views.PlanUpdateView.as_view(), name="plan-update"),
    path(
        f"{D}contactmomenten/nieuw/", views.ContactMomentCreateView.as_view(), name="contact-create"
    ),
    path(f"{D}uitkeringen/nieuw/", views.BenefitEpisodeCreateView.as_view(), name="benefit-create"),
    path(
        f"{D}uitkeringen/<uuid:part>/beeindigen/",
        views.BenefitEpisodeEndView.as_view(),
        name="benefit-end",
    ),
    path(f"{D}regelingen/nieuw/", views.ArrangementCreateView.as_view(), name="arrangement-create"),
    path(
        f"{D}regelingen/<uuid:part>/wisselen/",
        views.ArrangementSwitchView.as_view(),
        name="arrangement-switch",
    ),
    path(
        f"{D}regelingen/<uuid:part>/beeindigen/",
        views.ArrangementEndView.as_view(),
        name="arrangement-end",
    ),
    path(
        f"{D}doelgroepregister/", views.TargetGroupCreateView.as_view(), name="target-group-create"
    ),
    path(f"{D}metingen/", views.MeasurementsView.as_view(), name="measurements"),
    path(
        f"{D}metingen/participatieladder/",
        views.LadderAssessmentCreateView.as_view(),
        name="ladder-create",
    ),
    path(
        f"{D}metingen/positieve-gezondheid/",
        views.HealthAssessmentCreateView.as_view(),
        name="health-create",
    ),
    path(
        f"{D}metingen/zelfredzaamheid/",
        views.SelfRelianceAssessmentCreateView.as_view(),
        name="self-reliance-create",
    ),
    path(
        f"{D}talentprofiel/", views.TalentProfileUpdateView.as_view(), name="talent-profile-update"
    ),
    path(f"{D}toestemmingen/nieuw/", views.ConsentCreateView.as_view(), name="consent-create"),
    path(
        f"{D}toestemmingen/<uuid:part>/intrekken/",
        views.ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    path("bewaartermijn/", views.RetentionListView.as_view(), name="retention-list"),
    path("gedeeld/", views.SharedProfileListView.as_view(), name="shared-list"),
    path("gedeeld/<str:pseudonym>/", views.SharedProfileDetailView.as_view(), name="shared-detail"),
    path("talenten/", views.TalentListView.as_view(), name="talent-list"),
]
