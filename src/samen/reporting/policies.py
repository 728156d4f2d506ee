"""Per-municipality choices the council letter reads (declared in the regions policy registry)."""

from django.utils.translation import gettext_lazy as _

from samen.regions.policies import PolicyDefinition, registry

LETTERHEAD_LINE = "reporting.letterhead_line"
SIGNATORY = "reporting.council_letter_signatory"


def register() -> None:
    """Called from ``ReportingConfig.ready`` (declaring twice is harmless)."""
    declared = {definition.key for definition in registry}
    if LETTERHEAD_LINE not in declared:
        registry.register(
            PolicyDefinition(
                key=LETTERHEAD_LINE,
                label=_("Briefhoofd raadsinformatiebrief: tweede regel"),
                kind=str,
                default="",
                help_text=_("Onder 'Gemeente …', bijvoorbeeld de afdeling of het postadres."),
            )
        )
    if SIGNATORY not in declared:
        registry.register(
            PolicyDefinition(
                key=SIGNATORY,
                label=_("Ondertekening raadsinformatiebrief"),
                kind=str,
                default="Het college van burgemeester en wethouders",
                help_text=_("Namens wie de raadsinformatiebrief wordt ondertekend."),
            )
        )
