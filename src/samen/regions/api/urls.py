from .views import MunicipalityViewSet, RegionViewSet

ROUTES = [
    ("regions", RegionViewSet, "region"),
    ("municipalities", MunicipalityViewSet, "municipality"),
]
