"""The match workflow, declared in one place: states, transitions, what each needs and its guards.

    proposed ──discuss──▶ discussed ──introduce──▶ introduced ──place──▶ placed ──end──▶ ended
        └──────────────┴──────────decline──────────────┘

Every transition is taken by a person holding ``matching.confirm_match`` for the resident's
municipality (a case worker): the engine proposes, people decide (AVG art. 22). A transition
states which fields it needs (e.g. who declined and why) and which guards must hold (e.g. a free
place, consent before introducing a resident to a partner). ``place`` may start or switch the
resident's arrangement in the dossier (``participation.switching``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Match, MatchEvent

State = Match.State


@dataclass(frozen=True)
class Guard:
    """A condition a transition needs; ``message`` says in Dutch what is missing."""

    code: str
    message: str
    holds: Callable[[Match, dict], bool]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    #: Data the case worker must give (keys of ``data``), each with its Dutch error message.
    requires: dict[str, str] = field(default_factory=dict)
    guards: tuple[Guard, ...] = ()
    permission: str = "matching.confirm_match"


def _has_consent(match: Match, data: dict) -> bool:
    organisation = match.opportunity.organisation_id
    if organisation is None:
        return True
    return match.dossier.consents.active().filter(organisation_id=organisation).exists()


def _has_free_place(match: Match, data: dict) -> bool:
    placed = (
        Match.objects.filter(opportunity=match.opportunity, state=State.PLACED)
        .exclude(pk=match.pk)
        .count()
    )
    return placed < match.opportunity.places


def _dossier_open(match: Match, data: dict) -> bool:
    return match.dossier.is_open


def _not_in_future(key: str):
    def holds(match: Match, data: dict) -> bool:
        value = data.get(key)
        return value is None or value <= timezone.localdate()

    return holds


def _ends_after_placement(match: Match, data: dict) -> bool:
    return match.placed_on is None or data["ended_on"] >= match.placed_on


DOSSIER_OPEN = Guard("dossier_open", _("Het dossier van de inwoner is afgesloten."), _dossier_open)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "discuss",
            (State.PROPOSED,),
            State.DISCUSSED,
            _("Besproken met de inwoner"),
            guards=(DOSSIER_OPEN,),
        ),
        Transition(
            "introduce",
            (State.DISCUSSED,),
            State.INTRODUCED,
            _("Voorgesteld aan de werkgever"),
            guards=(
                DOSSIER_OPEN,
                Guard(
                    "consent",
                    _(
                        "Voorstellen aan de werkgever deelt gegevens van de inwoner. Leg eerst de "
                        "toestemming van de inwoner vast om te delen met deze organisatie."
                    ),
                    _has_consent,
                ),
            ),
        ),
        Transition(
            "place",
            (State.INTRODUCED,),
            State.PLACED,
            _("Geplaatst"),
            requires={"placed_on": _("Vul de datum van plaatsing in.")},
            guards=(
                DOSSIER_OPEN,
                Guard(
                    "free_place",
                    _("Alle plekken van deze werkplek zijn al bezet."),
                    _has_free_place,
                ),
            ),
        ),
        Transition(
            "end",
            (State.PLACED,),
            State.ENDED,
            _("Plaatsing beëindigen"),
            requires={
                "ended_on": _("Vul de einddatum in."),
                "end_reason": _("Kies de reden van het einde."),
            },
            guards=(
                Guard(
                    "ends_after_placement",
                    _("De einddatum ligt voor de datum van plaatsing."),
                    _ends_after_placement,
                ),
                Guard(
                    "end_not_in_future",
                    _("De einddatum kan niet in de toekomst liggen."),
                    _not_in_future("ended_on"),
                ),
            ),
        ),
        Transition(
            "decline",
            (State.PROPOSED, State.DISCUSSED, State.INTRODUCED),
            State.DECLINED,
            _("Afwijzen"),
            requires={
                "declined_by": _("Kies door wie de match is afgewezen."),
                "reason": _("Schrijf op waarom de match is afgewezen."),
            },
        ),
    ]
}


class TransitionNotAllowed(ValidationError):
    """The match is not in a state this transition starts from, or a guard does not hold."""


class ConcurrentStep(ValidationError):
    """Someone else took a step in this match after the page was opened."""


def available(match: Match) -> list[Transition]:
    """The transitions that start from the match's current state (guards not yet checked)."""
    return [t for t in TRANSITIONS.values() if match.state in t.sources]


def _check(transition: Transition, match: Match, data: dict) -> None:
    if match.state not in transition.sources:
        raise TransitionNotAllowed(
            _("Deze stap kan niet meer: de match staat op '%(state)s'.")
            % {"state": match.get_state_display()}
        )
    missing = {key: message for key, message in transition.requires.items() if not data.get(key)}
    if missing:
        raise ValidationError(missing)
    failed = [str(guard.message) for guard in transition.guards if not guard.holds(match, data)]
    if failed:
        raise TransitionNotAllowed(failed)


def apply(
    match: Match,
    name: str,
    *,
    actor,
    expected_version: int,
    data: dict | None = None,
    on_placed: Callable[[Match, dict], object] | None = None,
) -> Match:
    """Take transition ``name`` on ``match`` as ``actor`` (a case worker confirming it).

    The match row is locked, so two case workers (or a double click) cannot both take a step: the
    second finds a newer version and gets ``ConcurrentStep``. ``on_placed`` runs inside the same
    transaction when the match is placed (the arrangement switch); if it fails, nothing is saved.
    """
    data = dict(data or {})
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionNotAllowed(_("Onbekende stap."))
    if not actor.has_perm(transition.permission, match):
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            Match.objects.select_for_update()
            .select_related("opportunity", "dossier")
            .get(pk=match.pk)
        )
        if locked.version != expected_version:
            raise ConcurrentStep(
                _(
                    "Iemand anders heeft deze match net bijgewerkt (of het formulier is twee keer "
                    "verstuurd). Bekijk de nieuwe stand."
                )
            )
        _check(transition, locked, data)
        previous = locked.state
        locked.state = transition.target
        if name == "place":
            locked.placed_on = data["placed_on"]
        elif name == "end":
            locked.ended_on, locked.end_reason = data["ended_on"], data["end_reason"]
        elif name == "decline":
            locked.declined_by = data["declined_by"]
        if data.get("reason"):
            locked.reason = data["reason"]
        locked.version += 1
        if name == "place" and on_placed is not None:
            locked.arrangement = on_placed(locked, data)
        locked.save()
        MatchEvent.objects.create(
            match=locked,
            from_state=previous,
            to_state=locked.state,
            by=actor,
            note=data.get("reason", "") or data.get("note", ""),
        )
    return locked


def record_creation(match: Match, *, actor, note: str = "") -> MatchEvent:
    """The first event of a match: a case worker took the proposal up."""
    return MatchEvent.objects.create(
        match=match, from_state="", to_state=match.state, by=actor, note=note
    )
