from .views import (
    ApplicationViewSet,
    BudgetYearViewSet,
    DecisionViewSet,
    GrantSchemeViewSet,
    RegisterViewSet,
    ReviewViewSet,
)

ROUTES = [
    ("grant-schemes", GrantSchemeViewSet, "grant-scheme"),
    ("grant-applications", ApplicationViewSet, "grant-application"),
    ("grant-reviews", ReviewViewSet, "grant-review"),
    ("grant-decisions", DecisionViewSet, "grant-decision"),
    ("grant-ledger", BudgetYearViewSet, "grant-ledger"),
    ("grant-register", RegisterViewSet, "grant-register"),
]
