from samen.core.tests.routes import ANON, API_ANON, everyone, only
from samen.network.rules import NETWORK_KEEPERS, PROFILE_EDITORS

from .factories import (
    ContactFactory,
    EndorsementFactory,
    OrganisationFactory,
    SharedValueFactory,
    StakeholderGroupFactory,
)


def url_kwargs(name, region):
    """An organisation of the seed region (nobody in the walk owns it) with a contact and value."""
    organisation = OrganisationFactory(region=region)
    if name in ("network:contact-edit", "network:contact-delete", "contact-detail"):
        return {"uuid": ContactFactory(organisation=organisation).uuid}
    if name == "network:endorsement-delete":
        endorsement = EndorsementFactory(organisation=organisation)
        return {"uuid": organisation.uuid, "endorsement": endorsement.uuid}
    if name == "endorsement-detail":
        return {"uuid": EndorsementFactory(organisation=organisation).uuid}
    if name == "shared-value-detail":
        return {"uuid": SharedValueFactory(region=region, number=1).uuid}
    if name == "stakeholder-group-detail":
        return {"pk": StakeholderGroupFactory().pk}
    if "organisation" in name and not name.endswith(("-list", "-create", "-stale")):
        return {"uuid": organisation.uuid}
    if name in ("network:contact-create", "network:endorsement-create"):
        return {"uuid": organisation.uuid}
    return {}


def post_only(allowed):
    """A POST-only view: a GET is 405 for who passes the role check, 403 for the rest."""
    return lambda role: 302 if role == ANON else (405 if role in allowed else 403)


EXPECTED = {
    "network:directory": everyone(),
    "network:export-json": everyone(),
    "network:export-csv": everyone(),
    "network:values": everyone(),
    "network:stale-profiles": only(NETWORK_KEEPERS),
    "network:organisation-create": only(NETWORK_KEEPERS),
    "network:organisation-detail": everyone(),
    # A partner who does not own the organisation may not edit it (the walk's partner owns none).
    "network:organisation-edit": only(NETWORK_KEEPERS),
    "network:organisation-confirm": post_only(PROFILE_EDITORS),
    "network:organisation-request-confirmation": post_only(NETWORK_KEEPERS),
    "network:contact-create": only(NETWORK_KEEPERS),
    "network:contact-edit": only(NETWORK_KEEPERS),
    "network:contact-delete": only(NETWORK_KEEPERS),
    "network:endorsement-create": only(NETWORK_KEEPERS),
    "network:endorsement-delete": only(NETWORK_KEEPERS),
    "organisation-list": everyone(anonymous=API_ANON),
    "organisation-detail": everyone(anonymous=API_ANON),
    "organisation-stale": only(NETWORK_KEEPERS, anonymous=API_ANON),
    "organisation-confirm": everyone(ok=405, anonymous=API_ANON),
    "organisation-request-confirmation": everyone(ok=405, anonymous=API_ANON),
    "contact-list": everyone(anonymous=API_ANON),
    "contact-detail": everyone(anonymous=API_ANON),
    "endorsement-list": everyone(anonymous=API_ANON),
    "endorsement-detail": everyone(anonymous=API_ANON),
    "shared-value-list": everyone(anonymous=API_ANON),
    "shared-value-detail": everyone(anonymous=API_ANON),
    "stakeholder-group-list": everyone(anonymous=API_ANON),
    "stakeholder-group-detail": everyone(anonymous=API_ANON),
}
