"""The states of an application (the lifecycle of DESIGN.md, Awb title 4.2).

Kept apart from ``workflow`` (which declares the transitions between them) so that the models can
use the choices without importing the workflow's guards.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    INCOMPLETE = "incomplete", _("Aanvulling gevraagd")
    IN_REVIEW = "in_review", _("In behandeling")
    ADVISED = "advised", _("Advies uitgebracht")
    DECIDED = "decided", _("Besluit genomen")
    SENT = "sent", _("Beschikking verzonden")
    ADVANCE_PAID = "advance_paid", _("Voorschot betaald")
    REPORT_RECEIVED = "report_received", _("Verantwoording ontvangen")
    SETTLED = "settled", _("Vastgesteld")
    CLOSED = "closed", _("Gesloten")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    SET_ASIDE = "set_aside", _("Buiten behandeling gesteld")
    OBJECTION = "objection", _("Bezwaar in behandeling")


#: While the decision on the application is pending, the decision clock runs (or stands still).
AWAITING_DECISION = (State.SUBMITTED, State.INCOMPLETE, State.IN_REVIEW, State.ADVISED)
#: The applicant may still withdraw the application (Awb: before the decision is made).
WITHDRAWABLE = (State.CONCEPT, *AWAITING_DECISION)
#: States in which the applicant edits the application's content.
EDITABLE = (State.CONCEPT, State.INCOMPLETE)
