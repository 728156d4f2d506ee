"""The matching weights as per-municipality policy choices (seed 002: differing policy per municipality).

Every field of ``scoring.Weights`` is declared once here as policy ``matching.<field>`` (the five
factor weights as ``matching.weight_<factor>``), with the engine's default. A municipality records
its own value as a ``regions.PolicySetting`` valid from a date; ``weights_for`` reads them all in
one query.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from samen.regions.policies import PolicyDefinition, effective_policies, registry

from .scoring import DEFAULT_WEIGHTS, FACTORS, Weights

PREFIX = "matching."

LABELS = {
    "talent": (
        _("Matching: gewicht talenten"),
        _("Hoe zwaar telt dat de inwoner de gevraagde talenten heeft (of hier kan leren)?"),
    ),
    "learning": (
        _("Matching: gewicht leerkansen"),
        _("Hoe zwaar telt wat de inwoner op de werkplek nieuw kan leren?"),
    ),
    "hours": (
        _("Matching: gewicht uren"),
        _("Hoe zwaar telt dat de uren van de werkplek passen bij wat de inwoner kan?"),
    ),
    "region": (
        _("Matching: gewicht afstand"),
        _("Hoe zwaar telt dat het werk dichtbij is (eigen gemeente boven de regio)?"),
    ),
    "kind": (
        _("Matching: gewicht soort werk"),
        _("Hoe zwaar telt dat de soort werk past bij de volgende stap op de participatieladder?"),
    ),
    "limitation_penalty": (
        _("Matching: aftrek voor belasting"),
        _("Aftrek als het werk soms iets vraagt waarin de inwoner beperkt is."),
    ),
    "learnable_credit": (
        _("Matching: waarde van een aan te leren talent"),
        _(
            "Een gevraagd talent dat ontbreekt maar op de werkplek wordt aangeleerd, telt voor dit deel mee (0–1)."
        ),
    ),
    "learning_saturation": (
        _("Matching: aantal nieuwe talenten voor volle leerscore"),
        _("Vanaf zoveel nieuw te leren talenten telt de leerkans volledig."),
    ),
    "hours_tolerance": (
        _("Matching: marge in uren"),
        _("Zoveel uur per week te weinig beschikbaar maakt een werkplek ongeschikt."),
    ),
    "other_municipality_reach": (
        _("Matching: bereikbaarheid andere gemeente in de regio"),
        _("Score voor werk in een andere gemeente van de regio (de eigen gemeente is 1)."),
    ),
    "job_coach_relief": (
        _("Matching: verlichting door jobcoach"),
        _("De aftrek voor belasting wordt hiermee vermenigvuldigd als er een jobcoach is."),
    ),
    "minimum_score": (
        _("Matching: minimale score in een koppelronde"),
        _("Koppelrondes stellen geen paren voor onder deze score (0–1)."),
    ),
    "spread": (
        _("Matching: spreiding in een koppelronde"),
        _(
            "Hoeveel een volgende plek bij dezelfde werkgever minder waard is, zodat voorstellen spreiden."
        ),
    ),
}


def policy_key(field_name: str) -> str:
    return f"{PREFIX}weight_{field_name}" if field_name in FACTORS else f"{PREFIX}{field_name}"


KEY_TO_FIELD = {policy_key(f.name): f.name for f in fields(Weights)}


def register() -> None:
    """Declare every weight as a policy (called once from the app's ready())."""
    for field in fields(Weights):
        key = policy_key(field.name)
        try:
            registry.get(key)
            continue
        except KeyError:
            pass
        label, help_text = LABELS[field.name]
        registry.register(
            PolicyDefinition(
                key=key,
                label=label,
                kind=Decimal,
                default=str(Decimal(str(getattr(DEFAULT_WEIGHTS, field.name)))),
                help_text=help_text,
            )
        )


def weights_for(municipality, on: date | None = None) -> Weights:
    """The weights in force for ``municipality`` on ``on`` (defaults where it made no choice).

    Negative values are read as 0: a weight cannot turn a good fit into a bad one.
    """
    values = {}
    for definition, value, setting in effective_policies(municipality, on):
        name = KEY_TO_FIELD.get(definition.key)
        if name is not None and setting is not None:
            values[name] = max(0.0, float(Decimal(str(value))))
    return DEFAULT_WEIGHTS.with_values(values) if values else DEFAULT_WEIGHTS
