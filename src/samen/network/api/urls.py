from .views import (
    ContactViewSet,
    EndorsementViewSet,
    OrganisationViewSet,
    SharedValueViewSet,
    StakeholderGroupViewSet,
)

ROUTES = [
    ("organisations", OrganisationViewSet, "organisation"),
    ("contacts", ContactViewSet, "contact"),
    ("endorsements", EndorsementViewSet, "endorsement"),
    ("shared-values", SharedValueViewSet, "shared-value"),
    ("stakeholder-groups", StakeholderGroupViewSet, "stakeholder-group"),
]
