"""Simpel Switchen (seed 003): arrangements and the rules for moving between them, in one place.

A switch ends the current arrangement the day before the next one starts, in one transaction: no
gap, no overlap, the old arrangement and the reason stay in the history (``switched_from``). What a
switch may need is declared once, in ``ENTRY_RULES`` and ``SWITCH_RULES``: a rule either *blocks*
(the law does not allow it) or *warns* (something to arrange; the case worker acknowledges it).
The doelgroepregister status is an external fact and is never touched by a switch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import Arrangement, Dossier, TargetGroupRegistration

Kind = Arrangement.Kind

#: The rung of the Participatieladder an arrangement stands for (a suggestion, confirmed by people).
ARRANGEMENT_RUNG = {
    Kind.DAYCARE: 3,
    Kind.SOCIAL_PARTICIPATION: 3,
    Kind.EDUCATION: 3,
    Kind.WORK_DAYCARE: 4,
    Kind.VOLUNTEERING: 4,
    Kind.SHELTERED_WORK: 5,
    Kind.JOB_GUARANTEE: 5,
    Kind.WSW: 5,
    Kind.REGULAR_SUPPORTED: 5,
    Kind.REGULAR: 6,
}

#: No new entrants in the Wsw since the Participatiewet took effect (1 January 2015).
WSW_CLOSED_ON = date(2015, 1, 1)

BLOCK, WARN = "block", "warn"


@dataclass
class Draft:
    """The arrangement a case worker wants to start (alone or as the next one in a switch)."""

    dossier: Dossier
    kind: str
    started_on: date
    provider: object = None
    provider_name: str = ""
    hours_per_week: Decimal | None = None
    support: str = ""
    uwv_advice_on: date | None = None
    uwv_advice_reference: str = ""
    current: Arrangement | None = None  # set for a switch


@dataclass(frozen=True)
class Rule:
    code: str
    level: str
    message: str
    applies: Callable[[Draft], bool]
    met: Callable[[Draft], bool]


@dataclass
class Outcome:
    blocks: list[Rule] = field(default_factory=list)
    warnings: list[Rule] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocks


def _has_old_wsw_rights(draft: Draft) -> bool:
    if draft.started_on < WSW_CLOSED_ON:
        return True  # recording an employment from before 2015
    return draft.dossier.arrangements.filter(kind=Kind.WSW, started_on__lt=WSW_CLOSED_ON).exists()


def _in_target_group_register(draft: Draft) -> bool:
    latest = draft.dossier.target_group_registrations.order_by("-per_date", "-recorded_at").first()
    return latest is not None and latest.status == TargetGroupRegistration.Status.REGISTERED


def _kind(*kinds):
    return lambda draft: draft.kind in kinds


ENTRY_RULES: list[Rule] = [
    Rule(
        "sheltered_work_needs_uwv_advice",
        BLOCK,
        _(
            "Beschut werk vraagt een advies van UWV dat de inwoner tot de doelgroep beschut werk "
            "behoort (artikel 10b Participatiewet). Vul de datum van het UWV-advies in."
        ),
        _kind(Kind.SHELTERED_WORK),
        lambda draft: draft.uwv_advice_on is not None,
    ),
    Rule(
        "no_new_wsw_entrants",
        BLOCK,
        _(
            "Sinds 1 januari 2015 kan niemand nieuw instromen in de Wsw. Alleen wie vóór 2015 al "
            "een Wsw-dienstbetrekking had (oude rechten), kan terugkeren."
        ),
        _kind(Kind.WSW),
        _has_old_wsw_rights,
    ),
    Rule(
        "job_guarantee_needs_register",
        WARN,
        _(
            "Een garantiebaan telt voor de banenafspraak alleen mee als de inwoner in het "
            "doelgroepregister staat. Volgens de laatst vastgelegde gegevens van UWV is dat niet zo; "
            "vraag zo nodig een beoordeling aan."
        ),
        _kind(Kind.JOB_GUARANTEE),
        _in_target_group_register,
    ),
    Rule(
        "wage_subsidy_needs_wage_value",
        WARN,
        _(
            "Loonkostensubsidie vraagt een loonwaardebepaling op de werkplek; plan die in voordat "
            "het werk begint."
        ),
        lambda draft: draft.support in (Arrangement.Support.WAGE_SUBSIDY, Arrangement.Support.BOTH),
        lambda draft: False,
    ),
]

SWITCH_RULES: list[Rule] = [
    Rule(
        "current_still_running",
        BLOCK,
        _("Deze regeling is al beëindigd of gewisseld; kies de regeling die nu loopt."),
        lambda draft: draft.current is not None,
        lambda draft: (
            draft.current.ended_on is None
            or (
                draft.current.ended_on >= draft.started_on
                and not Arrangement.objects.filter(switched_from=draft.current).exists()
            )
        ),
    ),
    Rule(
        "switch_after_start",
        BLOCK,
        _("De wisseldatum moet na de startdatum van de huidige regeling liggen."),
        lambda draft: draft.current is not None,
        lambda draft: draft.started_on > draft.current.started_on,
    ),
]


def check(draft: Draft) -> Outcome:
    """Which rules block this start or switch, and which ask for attention."""
    outcome = Outcome()
    rules = ENTRY_RULES + (SWITCH_RULES if draft.current is not None else [])
    for rule in rules:
        if rule.applies(draft) and not rule.met(draft):
            (outcome.blocks if rule.level == BLOCK else outcome.warnings).append(rule)
    return outcome


class SwitchRefused(Exception):
    """A rule blocks the switch (or a warning was not acknowledged)."""

    def __init__(self, outcome: Outcome, *, needs_acknowledgement: bool = False):
        self.outcome = outcome
        self.needs_acknowledgement = needs_acknowledgement
        super().__init__("switch refused")

    @property
    def messages(self) -> list[str]:
        rules = self.outcome.blocks or self.outcome.warnings
        return [str(rule.message) for rule in rules]


def _create(draft: Draft, *, actor, token, **extra) -> Arrangement:
    return Arrangement.objects.create(
        dossier=draft.dossier,
        kind=draft.kind,
        started_on=draft.started_on,
        provider=draft.provider,
        provider_name=draft.provider_name or (draft.provider.name if draft.provider else ""),
        hours_per_week=draft.hours_per_week,
        support=draft.support,
        uwv_advice_on=draft.uwv_advice_on,
        uwv_advice_reference=draft.uwv_advice_reference,
        created_by=actor,
        submission_token=token,
        **extra,
    )


def _guard(draft: Draft, acknowledge_warnings: bool) -> None:
    outcome = check(draft)
    if outcome.blocks:
        raise SwitchRefused(outcome)
    if outcome.warnings and not acknowledge_warnings:
        raise SwitchRefused(outcome, needs_acknowledgement=True)


def _already_submitted(token) -> Arrangement | None:
    if token is None:
        return None
    return Arrangement.objects.filter(submission_token=token).first()


def start_arrangement(
    draft: Draft, *, actor, acknowledge_warnings: bool = False, token=None
) -> Arrangement:
    """Start an arrangement next to what runs already (e.g. dagbesteding besides beschut werk)."""
    existing = _already_submitted(token)
    if existing:
        return existing
    _guard(draft, acknowledge_warnings)
    try:
        with transaction.atomic():
            return _create(draft, actor=actor, token=token)
    except IntegrityError:
        existing = _already_submitted(token)
        if existing:
            return existing
        raise


def switch_arrangement(
    current: Arrangement,
    draft: Draft,
    *,
    reason: str,
    actor,
    acknowledge_warnings: bool = False,
    token=None,
) -> Arrangement:
    """End ``current`` the day before ``draft.started_on`` and start ``draft``, in one transaction.

    The current arrangement is locked first, so two case workers (or a double click) cannot both
    switch it: the second finds it ended and is refused by ``current_still_running``.
    """
    existing = _already_submitted(token)
    if existing:
        return existing
    with transaction.atomic():
        locked = Arrangement.objects.select_for_update().get(pk=current.pk)
        existing = _already_submitted(token)  # the same form, submitted twice, waited for the lock
        if existing:
            return existing
        draft.current = locked
        draft.dossier = locked.dossier
        _guard(draft, acknowledge_warnings)
        locked.ended_on = draft.started_on - timedelta(days=1)
        locked.end_reason = reason
        locked.version += 1
        locked.save(update_fields=["ended_on", "end_reason", "version"])
        return _create(draft, actor=actor, token=token, switched_from=locked)


def end_arrangement(arrangement: Arrangement, *, ended_on: date, reason: str) -> Arrangement:
    """End an arrangement without a successor."""
    with transaction.atomic():
        locked = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
        if locked.ended_on is not None and locked.ended_on < ended_on:
            raise ValueError(_("Deze regeling is al beëindigd."))
        if ended_on < locked.started_on:
            raise ValueError(_("De einddatum ligt voor de startdatum."))
        locked.ended_on, locked.end_reason = ended_on, reason
        locked.version += 1
        locked.save(update_fields=["ended_on", "end_reason", "version"])
        return locked


def suggested_rung(arrangements, on: date) -> int | None:
    """The highest rung among the arrangements running on ``on`` (None when nothing runs)."""
    rungs = [ARRANGEMENT_RUNG[a.kind] for a in arrangements if a.is_active_on(on)]
    return max(rungs) if rungs else None
