"""Splitting money over municipalities (verdeelsleutels).

Amounts are split in whole euros with the largest-remainder method, so that the parts always add
up to the total exactly; a total with cents is split in cents. The quotas are computed with exact
fractions, never floats, so the seeds' tables come out to the euro.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _

from .models import AllocationKey, Municipality, Region

EURO = Decimal("1")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000000")  # a trillion euros: anything above is a typing error


class AllocationError(ValueError):
    """The amount or key cannot be split; the message is fit to show to the user."""


@dataclass(frozen=True)
class AllocationLine:
    municipality: Municipality
    weight: Decimal
    share_percentage: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Allocation:
    region: Region
    total: Decimal
    key_label: str
    key_code: str
    reference_date: date | None
    lines: list[AllocationLine]


def parse_amount(raw, *, dutch_notation: bool = False) -> Decimal:
    """Read a non-negative euro amount with at most two decimals.

    With ``dutch_notation`` (form input) "100.000" and "1.234,50" are read the Dutch way; the API
    takes plain decimals ("1234.50").
    """
    text = str(raw if raw is not None else "").strip().replace("€", "").replace(" ", "")
    if not text:
        raise AllocationError(_("Vul een bedrag in."))
    if dutch_notation:
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        raise AllocationError(_("'%(raw)s' is geen bedrag.") % {"raw": raw})
    try:
        amount = Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules this out
        raise AllocationError(_("'%(raw)s' is geen bedrag.") % {"raw": raw}) from error
    if amount < 0:
        raise AllocationError(_("Het bedrag mag niet negatief zijn."))
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(CENT):
        raise AllocationError(_("Een bedrag heeft hoogstens twee decimalen."))
    if amount > MAX_AMOUNT:
        raise AllocationError(_("Het bedrag is te groot."))
    return amount.quantize(CENT)


def split_amount(total: Decimal, weights: Mapping[Hashable, Decimal]) -> dict[Hashable, Decimal]:
    """Split ``total`` in proportion to ``weights`` by largest remainder.

    Whole euros when the total is whole, otherwise cents. Ties in the remainder go to the larger
    weight, then to the earlier key, so the outcome is deterministic.
    """
    if total < 0:
        raise AllocationError(_("Het bedrag mag niet negatief zijn."))
    if not weights:
        raise AllocationError(_("Er zijn geen gemeenten om over te verdelen."))
    if any(weight < 0 for weight in weights.values()):
        raise AllocationError(_("Een gewicht mag niet negatief zijn."))
    total_weight = sum(Fraction(weight) for weight in weights.values())
    if total_weight == 0:
        raise AllocationError(_("De gewichten tellen op tot nul."))

    unit = EURO if total == total.to_integral_value() else CENT
    units = int(total / unit)
    quotas = {
        key: Fraction(units) * Fraction(weight) / total_weight for key, weight in weights.items()
    }
    parts = {key: quota.numerator // quota.denominator for key, quota in quotas.items()}
    order = list(weights)
    position = {key: index for index, key in enumerate(order)}
    by_remainder = sorted(
        order,
        key=lambda key: (-(quotas[key] - parts[key]), -Fraction(weights[key]), position[key]),
    )
    for key in by_remainder[: units - sum(parts.values())]:
        parts[key] += 1
    return {key: (Decimal(parts[key]) * unit).quantize(unit) for key in order}


def share_percentage(weight, total_weight) -> Decimal:
    """A share as a percentage with one decimal, rounded half up as in the council tables."""
    exact = Fraction(weight) / Fraction(total_weight) * 100
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _population_weights(municipalities, on: date | None) -> tuple[dict, date | None]:
    weights, dates, missing = {}, [], []
    for municipality in municipalities:
        figure = _population_figure(municipality, on)
        if figure is None:
            missing.append(municipality.name)
            continue
        weights[municipality] = Decimal(figure.inhabitants)
        dates.append(figure.reference_date)
    if missing:
        raise AllocationError(
            _("Van deze gemeenten is geen inwoneraantal bekend%(on)s: %(names)s.")
            % {
                "on": _(" op %(date)s") % {"date": on.strftime("%d-%m-%Y")} if on else "",
                "names": ", ".join(missing),
            }
        )
    return weights, max(dates) if dates else None


def _population_figure(municipality, on):
    # Uses the prefetched figures (newest first) so a region costs one query, not one per row.
    for figure in municipality.population_figures.all():
        if on is None or figure.reference_date <= on:
            return figure
    return None


def _region_municipalities(region: Region, codes: list[str] | None = None):
    municipalities = list(
        region.municipalities.prefetch_related("population_figures").order_by("name")
    )
    if codes:
        wanted = {code.strip().upper() for code in codes if code.strip()}
        unknown = wanted - {m.cbs_code for m in municipalities}
        if unknown:
            raise AllocationError(
                _("Deze gemeenten horen niet bij %(region)s: %(codes)s.")
                % {"region": region.name, "codes": ", ".join(sorted(unknown))}
            )
        municipalities = [m for m in municipalities if m.cbs_code in wanted]
    if not municipalities:
        raise AllocationError(_("Deze regio heeft nog geen gemeenten."))
    return municipalities


def allocate(
    region: Region,
    amount: Decimal,
    key: str = AllocationKey.Kind.POPULATION,
    *,
    on: date | None = None,
    municipality_codes: list[str] | None = None,
) -> Allocation:
    """Split ``amount`` over the region's municipalities.

    ``key`` is ``population``, ``equal``, or the UUID of one of the region's stored allocation
    keys. ``municipality_codes`` limits a population or equal split to some municipalities.
    """
    if key in (AllocationKey.Kind.POPULATION, AllocationKey.Kind.EQUAL):
        municipalities = _region_municipalities(region, municipality_codes)
        label = AllocationKey.Kind(key).label
        return _allocate_by_kind(region, amount, key, str(label), key, municipalities, on)
    stored = _stored_key(region, key)
    return allocate_with_key(stored, amount, on=on)


def allocate_with_key(
    stored: AllocationKey, amount: Decimal, *, on: date | None = None
) -> Allocation:
    """Split ``amount`` with a stored allocation key (its own municipalities, weights and date)."""
    region = stored.region
    if stored.kind == AllocationKey.Kind.CUSTOM:
        weights = {
            w.municipality: w.weight
            for w in stored.weights.select_related("municipality").order_by("municipality__name")
        }
        if not weights:
            raise AllocationError(_("Deze verdeelsleutel heeft nog geen gewichten."))
        return _build(region, amount, str(stored), str(stored.uuid), None, weights)
    codes = [m.cbs_code for m in stored.municipalities.all()]
    municipalities = _region_municipalities(region, codes or None)
    return _allocate_by_kind(
        region,
        amount,
        stored.kind,
        str(stored),
        str(stored.uuid),
        municipalities,
        on or stored.reference_date,
    )


def _allocate_by_kind(region, amount, kind, label, code, municipalities, on):
    if kind == AllocationKey.Kind.POPULATION:
        weights, reference_date = _population_weights(municipalities, on)
    else:
        weights, reference_date = {m: Decimal(1) for m in municipalities}, None
    return _build(region, amount, label, code, reference_date, weights)


def _stored_key(region: Region, key: str) -> AllocationKey:
    unknown = AllocationError(
        _(
            "Onbekende verdeelsleutel '%(key)s'. Kies population, equal of een sleutel van deze regio."
        )
        % {"key": key}
    )
    try:
        key_uuid = uuid.UUID(str(key))
    except ValueError as error:
        raise unknown from error
    stored = region.allocation_keys.filter(uuid=key_uuid).first()
    if stored is None:
        raise unknown
    return stored


def _build(region, amount, label, code, reference_date, weights) -> Allocation:
    amounts = split_amount(amount, weights)
    total_weight = sum(weights.values())
    lines = [
        AllocationLine(
            municipality=municipality,
            weight=weight,
            share_percentage=share_percentage(weight, total_weight),
            amount=amounts[municipality],
        )
        for municipality, weight in weights.items()
    ]
    return Allocation(
        region=region,
        total=amount,
        key_label=label,
        key_code=code,
        reference_date=reference_date,
        lines=lines,
    )
