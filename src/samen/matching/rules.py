"""Rows of the permission table for the matching module, and its object-level predicates.

Work opportunities are shared in the region: partners, case workers, the facilitator and the
administrator read them. Who may *change* one cannot be said with roles alone: a partner only the
opportunities of an organisation they belong to, a case worker only those in a municipality they
work for (``can_edit_opportunity``).

Everything about residents (rankings, matches, rounds) is personal data: case workers of the
resident's municipality only. Partners see the candidates for their own organisation's
opportunities, under the pseudonym of the resident's consent, and only residents who consented
(``sees_candidates_as_partner``). Every step of a match is confirmed by a case worker
(``matching.confirm_match``; AVG art. 22: no decision by automated means alone).
"""

from samen.accounts.roles import Role
from samen.accounts.rules import crud

R = Role
CASE_WORKERS = frozenset({R.CASE_WORKER})
OPPORTUNITY_VIEWERS = frozenset({R.PARTNER, R.CASE_WORKER, R.FACILITATOR, R.ADMIN})
OPPORTUNITY_EDITORS = frozenset({R.PARTNER, R.CASE_WORKER, R.ADMIN})
PERSONAL_READERS = frozenset({R.CASE_WORKER, R.ADMIN})
QUALITY_READERS = frozenset({R.ADMIN, R.CONTROLLER})

RULES: dict = {
    **crud("matching.workopportunity", view=OPPORTUNITY_VIEWERS, write=OPPORTUNITY_EDITORS),
    **crud("matching.match", view=PERSONAL_READERS, write=CASE_WORKERS),
    **crud("matching.matchevent", view=PERSONAL_READERS, write=frozenset()),
    **crud("matching.assignmentrun", view=PERSONAL_READERS, write=CASE_WORKERS),
    **crud("matching.assignmentproposal", view=PERSONAL_READERS, write=frozenset()),
    **crud("matching.evaluationrun", view=QUALITY_READERS, write=frozenset({R.ADMIN})),
    # The best opportunities for one resident (a dossier of the case worker's municipality).
    "matching.rank_for_resident": CASE_WORKERS,
    # The best residents for one opportunity (partners: pseudonymous and consented only).
    "matching.rank_for_opportunity": frozenset({R.CASE_WORKER, R.PARTNER}),
    # Take a step in a match (AVG art. 22: a person confirms every step).
    "matching.confirm_match": CASE_WORKERS,
    # Run the quality measurement from the page.
    "matching.evaluate": frozenset({R.ADMIN}),
}


def _covers(user, municipality, roles) -> bool:
    """Does ``user`` hold one of ``roles`` for ``municipality`` (directly or for its region)?"""
    return any(
        m.role in roles
        and (m.municipality_id == municipality.pk or m.region_id == municipality.region_id)
        for m in user.active_memberships
    )


def is_member_of(user, organisation) -> bool:
    """Is ``user`` recorded as a member of ``organisation`` (network.OrganisationMember)?"""
    if organisation is None or not (user and user.is_authenticated):
        return False
    return organisation.members.filter(user=user).exists()


def can_post_for(user, organisation) -> bool:
    """May ``user`` post work on behalf of ``organisation``? Partners only for their own."""
    if user.is_superuser or _covers_region(user, organisation.region_id, {R.CASE_WORKER, R.ADMIN}):
        return True
    return is_member_of(user, organisation)


def _covers_region(user, region_id, roles) -> bool:
    return any(
        m.role in roles
        and (
            m.region_id == region_id
            or (m.municipality_id and m.municipality.region_id == region_id)
        )
        for m in user.active_memberships
    )


def can_edit_opportunity(user, opportunity) -> bool:
    """May ``user`` change (or close) this opportunity?

    The administrator of the region and case workers of its municipality may; a partner only when
    they belong to the organisation that offers it.
    """
    if not user.has_perm("matching.change_workopportunity", opportunity):
        return False
    if user.is_superuser or _covers(user, opportunity.municipality, {R.CASE_WORKER, R.ADMIN}):
        return True
    return is_member_of(user, opportunity.organisation)


def sees_candidates_by_name(user, opportunity) -> bool:
    """Case workers see candidates by name (only residents of their own municipalities)."""
    return user.has_perm("matching.rank_for_opportunity", opportunity) and (
        user.is_superuser or any(m.role == R.CASE_WORKER for m in user.active_memberships)
    )


def sees_candidates_as_partner(user, opportunity) -> bool:
    """Partners see candidates of their own organisation's opportunity, under pseudonyms."""
    return user.has_perm("matching.rank_for_opportunity", opportunity) and is_member_of(
        user, opportunity.organisation
    )


def can_see_candidates(user, opportunity) -> bool:
    return sees_candidates_by_name(user, opportunity) or sees_candidates_as_partner(
        user, opportunity
    )


def can_confirm(user, match) -> bool:
    """May ``user`` take a step in ``match``? Case workers of the resident's municipality."""
    return user.has_perm("matching.confirm_match", match)
