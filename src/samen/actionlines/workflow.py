"""The status machines of action lines and initiatives, declared in one place.

Each transition names where it may start, where it ends, its button label and the permission it
needs; guards (conditions on the object) sit next to it. Services call ``transition_for`` and never
compare statuses themselves, so a new step is one new row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import ActionLine, CriterionCheck, Initiative


class TransitionNotAllowed(Exception):
    """The requested step does not exist from the current status, or its guard refuses it."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: str | Promise
    permission: str
    #: guard(obj) returns None when the step may be taken, else the reason (Dutch) why not
    guard: Callable[[object], str | None] | None = field(default=None, compare=False)

    def refusal(self, obj) -> str | None:
        if obj.status not in self.sources:
            return _("Dit kan niet vanuit de status '%(status)s'.") % {
                "status": obj.get_status_display()
            }
        return self.guard(obj) if self.guard else None


Line = ActionLine.Status

#: Lines can pause and resume, and end (seed 003: "actielijnen kunnen afvallen"). An ended line
#: stays ended: a restart is a new line, so its history and reports stay with the old one.
LINE_TRANSITIONS: dict[str, Transition] = {
    "pause": Transition(
        "pause",
        frozenset({Line.ACTIVE}),
        Line.PAUSED,
        _("Pauzeren"),
        "actionlines.change_actionline",
    ),
    "resume": Transition(
        "resume",
        frozenset({Line.PAUSED}),
        Line.ACTIVE,
        _("Hervatten"),
        "actionlines.change_actionline",
    ),
    "end": Transition(
        "end",
        frozenset({Line.ACTIVE, Line.PAUSED}),
        Line.ENDED,
        _("Beëindigen"),
        "actionlines.change_actionline",
    ),
}


def all_criteria_met(initiative: Initiative) -> str | None:
    """Guard of 'accept': all three criteria of seed 003 §5.2 checked and met."""
    checks = {check.criterion: check.met for check in initiative.criterion_checks.all()}
    missing = [c.label for c in CriterionCheck.Criterion if c.value not in checks]
    if missing:
        return _("Toets eerst alle drie de criteria.")
    if not all(checks.values()):
        return _("Het initiatief voldoet niet aan alle drie de criteria; aanvaarden kan dan niet.")
    return None


Init = Initiative.Status

INITIATIVE_TRANSITIONS: dict[str, Transition] = {
    "accept": Transition(
        "accept",
        frozenset({Init.PROPOSED}),
        Init.ACCEPTED,
        _("Aanvaarden"),
        "actionlines.decide_initiative",
        guard=all_criteria_met,
    ),
    "reject": Transition(
        "reject",
        frozenset({Init.PROPOSED}),
        Init.REJECTED,
        _("Afwijzen"),
        "actionlines.decide_initiative",
    ),
}


def transition_for(machine: dict[str, Transition], obj, name: str) -> Transition:
    """The transition ``name`` if ``obj`` may take it now; else ``TransitionNotAllowed``."""
    try:
        transition = machine[name]
    except KeyError as error:
        raise TransitionNotAllowed(_("Onbekende stap.")) from error
    refusal = transition.refusal(obj)
    if refusal:
        raise TransitionNotAllowed(refusal)
    return transition


def available(machine: dict[str, Transition], obj) -> list[Transition]:
    """The steps ``obj`` can take from its current status (guards not evaluated)."""
    return [t for t in machine.values() if obj.status in t.sources]
