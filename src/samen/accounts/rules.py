"""Role groups, the ``crud`` helper and the foundation's rows of the permission table."""

from .roles import ALL_ROLES, STAFF_ROLES, Role

R = Role
GOVERNANCE = frozenset(
    {R.FACILITATOR, R.STEERING_MEMBER, R.DECISION_MAKER, R.CONTROLLER, R.COUNCIL_MEMBER, R.ADMIN}
)
BUDGET_WRITERS = frozenset({R.CONTROLLER, R.ADMIN})
ADMIN_ONLY = frozenset({R.ADMIN})


def crud(app_model: str, *, view, write) -> dict[str, frozenset]:
    app, model = app_model.split(".")
    return {
        f"{app}.view_{model}": frozenset(view),
        f"{app}.add_{model}": frozenset(write),
        f"{app}.change_{model}": frozenset(write),
        f"{app}.delete_{model}": frozenset(write),
    }


RULES: dict[str, frozenset[Role]] = {
    # Functional administration (the Django admin site).
    "core.access_admin": ADMIN_ONLY,
    # Regions, municipalities and population figures: everyone in the region reads them.
    **crud("regions.region", view=ALL_ROLES, write=ADMIN_ONLY),
    **crud("regions.municipality", view=ALL_ROLES, write=ADMIN_ONLY),
    **crud("regions.populationfigure", view=ALL_ROLES, write=ADMIN_ONLY),
    **crud("regions.policysetting", view=STAFF_ROLES, write=ADMIN_ONLY),
    # Allocation keys: controllers keep them; governance roles use them.
    **crud("regions.allocationkey", view=GOVERNANCE, write=BUDGET_WRITERS),
    **crud("regions.allocationweight", view=GOVERNANCE, write=BUDGET_WRITERS),
    "regions.use_allocation": GOVERNANCE,
    # Users and their roles.
    **crud("accounts.user", view=ADMIN_ONLY, write=ADMIN_ONLY),
    **crud("accounts.membership", view=ADMIN_ONLY, write=ADMIN_ONLY),
    # API tokens for integrations.
    **crud("authtoken.token", view=ADMIN_ONLY, write=ADMIN_ONLY),
    **crud("authtoken.tokenproxy", view=ADMIN_ONLY, write=ADMIN_ONLY),
    # The trails are read, never written, by people.
    "auditlog.view_logentry": ADMIN_ONLY,
    "audit.view_accesslog": ADMIN_ONLY,
    # Locked-out logins: the administrator can see and lift them.
    **crud("axes.accessattempt", view=ADMIN_ONLY, write=ADMIN_ONLY),
    "axes.view_accessfailurelog": ADMIN_ONLY,
    "axes.view_accesslog": ADMIN_ONLY,
    # A lost authenticator: the administrator removes the device so the user can set up a new one.
    **crud("otp_totp.totpdevice", view=ADMIN_ONLY, write=frozenset()),
    "otp_totp.delete_totpdevice": ADMIN_ONLY,
    **crud("otp_static.staticdevice", view=ADMIN_ONLY, write=frozenset()),
    "otp_static.delete_staticdevice": ADMIN_ONLY,
}
