"""Rows of the permission table for the network module, and its object-level predicates.

Everyone with a role in a region reads that region's partner directory and shared values. Who may
*change* an organisation's profile cannot be said with roles alone: a partner may edit only the
organisations they own (``OrganisationMember.is_owner``). That relation lives in the predicates at the
bottom of this module, which the views, the API and the admin all call.
"""

from samen.accounts.roles import ALL_ROLES, Role
from samen.accounts.rules import ADMIN_ONLY, crud

R = Role
#: Keep the network as a whole: register organisations, review stale profiles, correct any profile.
NETWORK_KEEPERS = frozenset({R.FACILITATOR, R.ADMIN})
#: Roles that may edit a profile at all; partners only the profiles they own (see below).
PROFILE_EDITORS = NETWORK_KEEPERS | {R.PARTNER}

RULES: dict = {
    **crud("network.stakeholdergroup", view=ALL_ROLES, write=ADMIN_ONLY),
    **crud("network.sharedvalue", view=ALL_ROLES, write=ADMIN_ONLY),
    **crud("network.organisation", view=ALL_ROLES, write=PROFILE_EDITORS),
    "network.add_organisation": NETWORK_KEEPERS,
    "network.delete_organisation": ADMIN_ONLY,
    **crud("network.contact", view=ALL_ROLES, write=PROFILE_EDITORS),
    **crud("network.endorsement", view=ALL_ROLES, write=PROFILE_EDITORS),
    **crud("network.organisationmember", view=NETWORK_KEEPERS, write=NETWORK_KEEPERS),
    **crud("network.confirmationrequest", view=NETWORK_KEEPERS, write=frozenset()),
    # The facilitator's worklist of profiles not confirmed for a year, and asking owners to confirm.
    "network.review_profiles": NETWORK_KEEPERS,
    # Download the directory (JSON / CSV); contacts only with consent, as on screen.
    "network.export_directory": ALL_ROLES,
}


def is_owner(user, organisation) -> bool:
    """True when ``user`` is recorded as an owner ("beheert het profiel") of ``organisation``."""
    if not (user and user.is_authenticated):
        return False
    return organisation.members.filter(user=user, is_owner=True).exists()


def keeps_network(user, obj) -> bool:
    """Facilitator or administrator for the region of ``obj`` (any network object)."""
    return user.has_perm("network.review_profiles", obj)


def can_edit_profile(user, organisation) -> bool:
    """May ``user`` change this organisation's profile, contacts and endorsements?

    Yes for the facilitator and the administrator of its region; for a partner only when they own
    the organisation. Roles without ``network.change_organisation`` never may.
    """
    if not user.has_perm("network.change_organisation", organisation):
        return False
    return keeps_network(user, organisation) or is_owner(user, organisation)


def can_confirm_profile(user, organisation) -> bool:
    """Confirming that a profile is current is something its owners do (or the facilitator)."""
    return can_edit_profile(user, organisation)
