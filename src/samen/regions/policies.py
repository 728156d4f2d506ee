"""Per-municipality policy choices.

The seeds require that one system serves municipalities with different policy choices. A module
declares each choice it reads here (key, type, default, explanation); a municipality's own value is
a ``PolicySetting`` valid from a date, so earlier decisions stay reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyError(ValueError):
    pass


@dataclass(frozen=True)
class PolicyDefinition:
    key: str
    label: str
    kind: type
    default: object
    help_text: str
    choices: tuple[str, ...] = field(default_factory=tuple)
    minimum: int | None = None

    def parse(self, value):
        """Return ``value`` as this policy's type, or raise PolicyError with a clear message."""
        try:
            if self.kind is bool:
                parsed = (
                    value if isinstance(value, bool) else str(value).lower() in {"true", "1", "ja"}
                )
            elif self.kind is int:
                if isinstance(value, bool):
                    raise ValueError
                parsed = int(str(value))
            elif self.kind is Decimal:
                parsed = str(Decimal(str(value)))
            else:
                parsed = str(value)
        except (ValueError, InvalidOperation) as error:
            raise PolicyError(_("Dit is geen geldige waarde voor '%s'.") % self.label) from error
        if self.choices and parsed not in self.choices:
            raise PolicyError(_("Kies een van: %s.") % ", ".join(self.choices))
        if self.minimum is not None and int(parsed) < self.minimum:
            raise PolicyError(_("De waarde is minimaal %s.") % self.minimum)
        return parsed


class PolicyRegistry:
    def __init__(self):
        self._definitions: dict[str, PolicyDefinition] = {}

    def register(self, definition: PolicyDefinition) -> PolicyDefinition:
        if definition.key in self._definitions:
            raise ValueError(f"Policy {definition.key} is declared twice.")
        self._definitions[definition.key] = definition
        return definition

    def get(self, key: str) -> PolicyDefinition:
        return self._definitions[key]

    def __iter__(self):
        return iter(sorted(self._definitions.values(), key=lambda d: d.key))

    def choices(self):
        return [(d.key, f"{d.label} ({d.key})") for d in self]


registry = PolicyRegistry()


def get_policy(municipality, key: str, on: date | None = None):
    """The value of policy ``key`` for ``municipality`` in force on ``on`` (default today)."""
    definition = registry.get(key)
    on = on or timezone.localdate()
    setting = (
        municipality.policy_settings.filter(key=key, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    return definition.parse(setting.value) if setting else definition.default


def effective_policies(
    municipality, on: date | None = None
) -> list[tuple[PolicyDefinition, object, object]]:
    """Every declared policy with this municipality's value and the setting it comes from."""
    on = on or timezone.localdate()
    current = {}
    for setting in municipality.policy_settings.filter(valid_from__lte=on).order_by(
        "key", "-valid_from"
    ):
        current.setdefault(setting.key, setting)
    rows = []
    for definition in registry:
        setting = current.get(definition.key)
        value = definition.parse(setting.value) if setting else definition.default
        rows.append((definition, value, setting))
    return rows


# Choices declared by the foundation; later modules add their own in their ``policies`` module.
registry.register(
    PolicyDefinition(
        key="letters.signatory_title",
        label=_("Ondertekening van brieven"),
        kind=str,
        default="Het college van burgemeester en wethouders",
        help_text=_("Namens wie brieven en beschikkingen worden ondertekend."),
    )
)
registry.register(
    PolicyDefinition(
        key="participation.benefit_reuse_months",
        label=_("Hergebruik gegevens na terugkeer in uitkering (maanden)"),
        kind=int,
        default=12,
        minimum=0,
        help_text=_(
            "Wie binnen deze termijn na uitstroom naar werk terugkeert in de uitkering, "
            "hoeft niet opnieuw te beginnen (Participatiewet in balans)."
        ),
    )
)
registry.register(
    PolicyDefinition(
        key="grants.decision_period_weeks",
        label=_("Beslistermijn subsidieaanvragen (weken)"),
        kind=int,
        default=8,
        minimum=1,
        help_text=_(
            "Termijn waarbinnen op een aanvraag wordt beslist (Awb 4:13: redelijke termijn, ten hoogste 8 weken)."
        ),
    )
)
