"""Rows of the permission table for the reporting module, and its object-level predicates.

Who sees what (issue 8):

- Nobody sees a person in reporting. Every figure is an aggregate, and a cell that counts fewer than
  10 residents is shown as "<10" (``suppression``), in the page, the downloads and the API alike.
- Dashboards and quick scans (``reporting.view_dashboard``): the governance roles (aanjager,
  stuurgroep, teamleider, controller, raadslid, beheerder) and the klantmanager, who knows the
  persons anyway and uses the aggregates to steer. Partners and residents do not: the figures are
  about residents' benefits and arrangements. A role held for a municipality sees that
  municipality's dashboard and the region's aggregate; a role held for the region sees every
  municipality of it (the ordinary scope rule of the permission layer).
- Cost overview (programmes): every governance role reads it (the councils approved these costs in
  public); controllers and the administrator keep the programmes.
- Decision milestones: governance roles read the calendar; controllers and the administrator keep
  it; overdue milestones land on the controller's worklist (``reporting.view_worklist``).
- Council letters: controllers (and the administrator) write drafts and finalise them. Every
  governance role reads finalised letters; drafts are for the writers and the aanjager
  (``may_view_letter``), so a council member never reads a text that may still change.
"""

from django.db.models import Q

from samen.accounts.roles import Role
from samen.accounts.rules import ADMIN_ONLY, BUDGET_WRITERS, GOVERNANCE, crud

R = Role
DASHBOARD_READERS = GOVERNANCE | frozenset({R.CASE_WORKER})
LETTER_WRITERS = BUDGET_WRITERS
#: Besides the writers, the aanjager reads drafts: they prepare the letter's progress part.
DRAFT_READERS = LETTER_WRITERS | frozenset({R.FACILITATOR})
NOBODY: frozenset = frozenset()

RULES: dict = {
    "reporting.view_dashboard": DASHBOARD_READERS,
    "reporting.view_quickscan": DASHBOARD_READERS,
    "reporting.view_costs": GOVERNANCE,
    **crud("reporting.programme", view=GOVERNANCE, write=BUDGET_WRITERS),
    **crud("reporting.milestone", view=GOVERNANCE, write=BUDGET_WRITERS),
    **crud("reporting.milestonedocument", view=GOVERNANCE, write=BUDGET_WRITERS),
    "reporting.view_worklist": BUDGET_WRITERS,
    **crud("reporting.councilletter", view=GOVERNANCE, write=LETTER_WRITERS),
    # A finalised letter is archived: it is never deleted, not even by the administrator.
    "reporting.delete_councilletter": NOBODY,
    "reporting.finalise_councilletter": LETTER_WRITERS,
    "reporting.generate_councilletter": LETTER_WRITERS,
}

assert ADMIN_ONLY <= BUDGET_WRITERS  # the administrator keeps everything a controller keeps


def _logged_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_view_letter(user, letter) -> bool:
    """Finalised letters for every governance role; drafts only for writers and the aanjager."""
    if not (_logged_in(user) and user.has_perm("reporting.view_councilletter", letter)):
        return False
    return letter.is_final or _holds_role_for(user, DRAFT_READERS, letter.region_id)


def may_edit_letter(user, letter) -> bool:
    """Only a draft can be edited, and only by a letter writer of the letter's region."""
    return (
        _logged_in(user)
        and not letter.is_final
        and user.has_perm("reporting.change_councilletter", letter)
    )


def may_finalise_letter(user, letter) -> bool:
    """Finalising freezes the letter; a writer of its region does it once."""
    return (
        _logged_in(user)
        and not letter.is_final
        and user.has_perm("reporting.finalise_councilletter", letter)
    )


def letters_visible_to(user, letters):
    """Filter a (scoped) queryset of letters: drafts only for those who may read drafts."""
    if not _logged_in(user):
        return letters.none()
    if user.is_superuser:
        return letters
    draft_regions = _regions_where(user, DRAFT_READERS)
    return letters.filter(Q(status="final") | Q(region_id__in=draft_regions))


def _regions_where(user, roles) -> set[int]:
    regions = set()
    for membership in user.active_memberships:
        if membership.role in roles:
            regions.add(membership.region_id or membership.municipality.region_id)
    return regions


def _holds_role_for(user, roles, region_id) -> bool:
    return user.is_superuser or region_id in _regions_where(user, roles)
