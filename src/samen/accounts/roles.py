"""The roles of DESIGN.md. A user gets a role through a membership for a municipality or region."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Inwoner")
    PARTNER = "partner", _("Partner")
    FACILITATOR = "facilitator", _("Aanjager")
    STEERING_MEMBER = "steering_member", _("Stuurgroeplid")
    DECISION_MAKER = "decision_maker", _("Teamleider Zorg & Participatie (gemandateerd)")
    CASE_WORKER = "case_worker", _("Klantmanager")
    CONTROLLER = "controller", _("Controller / beleidsmedewerker")
    COUNCIL_MEMBER = "council_member", _("Raadslid")
    ADMIN = "admin", _("Functioneel beheerder")


#: Municipal staff: these accounts must use two-factor authentication.
STAFF_ROLES = frozenset(
    {
        Role.FACILITATOR,
        Role.STEERING_MEMBER,
        Role.DECISION_MAKER,
        Role.CASE_WORKER,
        Role.CONTROLLER,
        Role.ADMIN,
    }
)
ALL_ROLES = frozenset(Role)
