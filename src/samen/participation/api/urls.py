from .views import DossierViewSet, ResidentViewSet, SharedProfileViewSet, TalentViewSet

ROUTES = [
    ("residents", ResidentViewSet, "participation-resident"),
    ("dossiers", DossierViewSet, "participation-dossier"),
    ("shared-profiles", SharedProfileViewSet, "participation-shared-profile"),
    ("talents", TalentViewSet, "participation-talent"),
]
