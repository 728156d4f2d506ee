from .views import ImportRunViewSet

ROUTES = [("import-runs", ImportRunViewSet, "importrun")]
