from .views import (
    AssignmentRunViewSet,
    EvaluationRunViewSet,
    MatchViewSet,
    ResidentRankingViewSet,
    WorkOpportunityViewSet,
)

ROUTES = [
    ("work-opportunities", WorkOpportunityViewSet, "workopportunity"),
    ("resident-rankings", ResidentRankingViewSet, "resident-ranking"),
    ("matches", MatchViewSet, "match"),
    ("assignment-runs", AssignmentRunViewSet, "assignmentrun"),
    ("matching-evaluations", EvaluationRunViewSet, "evaluationrun"),
]
