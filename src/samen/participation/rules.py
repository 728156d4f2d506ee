"""Rows of the permission table for the participation module, and its object-level predicates.

Residents' data is read only by case workers (klantmanagers) of the resident's municipality and by
administrators (functioneel beheer, every read logged); case workers record it, administrators may
correct it. Scope comes from
the models' ``scope_lookups`` (the municipality), so a case worker of another municipality finds
nothing: a 404 in the UI, the API and the admin.

Partners never read a dossier. They see a resident only through a ``Consent``: under a pseudonym,
only the consented categories, and only when they belong to the organisation the consent names —
that relation is the predicate ``is_consent_recipient`` below.
"""

from samen.accounts.roles import ALL_ROLES, Role
from samen.accounts.rules import ADMIN_ONLY, crud

R = Role
CASE_WORKERS = frozenset({R.CASE_WORKER})
DOSSIER_READERS = frozenset({R.CASE_WORKER, R.ADMIN})
NOBODY = frozenset()

_DOSSIER_PARTS = [
    "participation.pillar",
    "participation.plan",
    "participation.contactmoment",
    "participation.benefitepisode",
    "participation.arrangement",
    "participation.targetgroupregistration",
    "participation.ladderassessment",
    "participation.healthassessment",
    "participation.selfrelianceassessment",
    "participation.talentprofile",
    "participation.consent",
]


def _dossier_rows(app_model: str) -> dict:
    """Case workers read and write; administrators read and correct; nobody deletes by hand
    (destruction goes through the retention command)."""
    rows = crud(app_model, view=DOSSIER_READERS, write=CASE_WORKERS)
    rows[app_model.replace(".", ".change_")] = DOSSIER_READERS
    rows[app_model.replace(".", ".delete_")] = NOBODY
    return rows


RULES: dict = {
    **_dossier_rows("participation.resident"),
    **_dossier_rows("participation.dossier"),
    **{row: roles for part in _DOSSIER_PARTS for row, roles in _dossier_rows(part).items()},
    # A part recorded by mistake (a contact moment in the wrong dossier) is removed by the administrator.
    "participation.delete_contactmoment": ADMIN_ONLY,
    # Only the case worker sees the full BSN, after a logged reveal with a purpose.
    "participation.reveal_bsn": CASE_WORKERS,
    # Switch arrangements (Simpel Switchen).
    "participation.switch_arrangement": CASE_WORKERS,
    # The list of dossiers due for destruction (the destruction itself is a management command).
    "participation.view_retention": ADMIN_ONLY,
    **crud("participation.destructionrecord", view=ADMIN_ONLY, write=NOBODY),
    # Partners: residents who consented, under a pseudonym (see is_consent_recipient).
    "participation.view_sharedprofile": frozenset({R.PARTNER}),
    # The talent vocabulary is no personal data: everyone reads it, the administrator keeps it.
    **crud("participation.talent", view=ALL_ROLES, write=ADMIN_ONLY),
}


def is_consent_recipient(user, consent) -> bool:
    """True when ``consent`` is in force and ``user`` belongs to the organisation it names."""
    if not (user and user.is_authenticated) or consent.withdrawn_on is not None:
        return False
    return consent.organisation.members.filter(user=user).exists()
