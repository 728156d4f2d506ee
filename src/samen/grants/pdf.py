"""Decision letters (beschikkingen) as PDF: WeasyPrint renders an HTML template.

WeasyPrint is imported inside the function: it loads Pango at import, which only the processes
that actually make letters need.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from samen.regions.policies import get_policy

from . import ledger
from .models import Decision


def _signatory(title: str) -> str:
    """The signing official. The letter already says "Namens het college ...", so a policy text
    such as "Namens het college, de teamleider" keeps only the official ("de teamleider")."""
    title = title.strip().rstrip(",")
    if title.lower().startswith("namens") and "," in title:
        title = title.split(",", 1)[1].strip()
    return title


def letter_context(decision: Decision) -> dict:
    application = decision.application
    scheme = application.scheme
    municipality = scheme.issuing_municipality
    sent_on = decision.sent_on
    context = {
        "decision": decision,
        "application": application,
        "scheme": scheme,
        "municipality": municipality,
        "letter_date": sent_on,
        "signatory_title": _signatory(
            get_policy(municipality, "letters.signatory_title", on=sent_on)
        ),
        "signatory_name": decision.decided_by.get_full_name(),
        "objection_until": decision.objection_period_ends_on,
        "amount": ledger.euro(decision.amount),
        "requested": ledger.euro(application.requested_amount or 0),
    }
    if decision.is_award:
        from .services import advance_amount

        context["advance"] = ledger.euro(advance_amount(application))
        context["advance_percentage"] = scheme.advance_percentage.normalize()
    if decision.kind == Decision.Kind.SETTLEMENT:
        settlement = decision.settlement
        context.update(
            settlement=settlement,
            released=ledger.euro(settlement.released),
            balance_due=ledger.euro(settlement.balance_due),
            recovery=ledger.euro(settlement.recovery),
        )
    return context


def render_decision_pdf(decision: Decision) -> bytes:
    """The letter of ``decision`` as PDF bytes (always in Dutch: the official language)."""
    import weasyprint

    # WeasyPrint reports every layout step at INFO; one letter is not worth seven log lines.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    with translation.override("nl"):
        html = render_to_string("grants/letters/decision.html", letter_context(decision))
    return weasyprint.HTML(string=html).write_pdf()


def store_decision_pdf(decision: Decision) -> None:
    """Render the letter and keep it (privately) with the application; the caller saves."""
    name = f"besluit-{decision.application.reference or decision.application.pk}.pdf"
    decision.document.save(name, ContentFile(render_decision_pdf(decision)), save=False)
