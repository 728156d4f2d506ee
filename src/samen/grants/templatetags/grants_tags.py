"""Template helpers of the grants module: amounts in euros, status badges, deadlines."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from samen.grants.ledger import euro as format_euro
from samen.grants.states import State

register = template.Library()

BADGE = {
    State.CONCEPT: "neutral",
    State.SUBMITTED: "active",
    State.INCOMPLETE: "warning",
    State.IN_REVIEW: "active",
    State.ADVISED: "active",
    State.DECIDED: "active",
    State.SENT: "success",
    State.ADVANCE_PAID: "success",
    State.REPORT_RECEIVED: "active",
    State.SETTLED: "success",
    State.CLOSED: "inactive",
    State.WITHDRAWN: "inactive",
    State.SET_ASIDE: "inactive",
    State.OBJECTION: "warning",
}


@register.filter
def euro(value):
    """'€ 1.234,56'; an empty value stays empty."""
    if value in (None, ""):
        return ""
    return format_euro(Decimal(value))


@register.filter
def state_badge(status):
    state = State(status)
    return format_html(
        '<span class="utrecht-status-badge utrecht-status-badge--{}">{}</span>',
        BADGE[state],
        state.label,
    )


@register.simple_tag
def due(date, today):
    """A due date, marked as overdue (in words, not only colour) when it has passed."""
    if date is None:
        return ""
    if date < today:
        return format_html(
            '<span class="utrecht-status-badge utrecht-status-badge--danger">{} {}</span>',
            date.strftime("%d-%m-%Y"),
            "(verlopen)",
        )
    return date.strftime("%d-%m-%Y")
