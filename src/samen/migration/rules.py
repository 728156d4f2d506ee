"""Rows of the permission table for the migration module.

Importing client data is functional administration: only administrators (functioneel beheerders)
upload an export, see its report and confirm the import, and only for the municipalities their
membership covers (``ImportRun.scope_lookups``): an administrator of another municipality gets a
404. Runs are records: nobody edits or deletes them by hand.
"""

from samen.accounts.rules import ADMIN_ONLY, crud

NOBODY = frozenset()

RULES: dict = {
    **crud("migration.importrun", view=ADMIN_ONLY, write=NOBODY),
    # Uploading an export starts a dry run; confirming it imports into the dossiers.
    "migration.add_importrun": ADMIN_ONLY,
    "migration.confirm_importrun": ADMIN_ONLY,
    **crud("migration.importsheet", view=ADMIN_ONLY, write=NOBODY),
    **crud("migration.importrowresult", view=ADMIN_ONLY, write=NOBODY),
    **crud("migration.importbatch", view=NOBODY, write=NOBODY),
}
