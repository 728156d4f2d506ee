from .views import (
    ActionLineViewSet,
    CompletenessViewSet,
    FollowViewSet,
    InitiativeViewSet,
    MeetingViewSet,
    ProgressReportViewSet,
)

ROUTES = [
    ("action-lines", ActionLineViewSet, "actionline"),
    ("progress-reports", ProgressReportViewSet, "progressreport"),
    ("action-line-follows", FollowViewSet, "actionlinefollow"),
    ("platform-meetings", MeetingViewSet, "platformmeeting"),
    ("initiatives", InitiativeViewSet, "initiative"),
    ("action-line-completeness", CompletenessViewSet, "actionline-completeness"),
]
