"""The burgerservicenummer: validation (python-stdnum's 11-proof), normalisation and masking.

A BSN is stored once, in ``Resident.bsn``, as nine digits (leading zeros restored: "12345672" is
"012345672"). Everywhere else Samen shows ``mask_bsn`` (only the last three digits); the full number
only appears after an explicit, logged reveal. Never pass a BSN to a logger, an exception message,
a URL or the access log.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn

VISIBLE_DIGITS = 3

MESSAGES = {
    InvalidFormat: _("Een BSN bestaat alleen uit cijfers (punten en spaties mogen)."),
    InvalidLength: _("Een BSN heeft 9 cijfers; dit nummer is te lang."),
    InvalidChecksum: _(
        "Dit is geen geldig BSN: het voldoet niet aan de elfproef. Controleer de cijfers."
    ),
}


def normalise_bsn(value: str) -> str:
    """Nine digits without separators, zero-padded; raises ``ValidationError`` in Dutch when wrong."""
    try:
        return stdnum_bsn.validate(str(value or ""))
    except StdnumError as error:
        message = MESSAGES.get(type(error), MESSAGES[InvalidFormat])
        # The value itself is left out of the error on purpose: errors end up in logs and reports.
        raise ValidationError(message, code="invalid_bsn") from None


def validate_bsn(value: str) -> None:
    """Model/form field validator (the stored value is already normalised)."""
    normalise_bsn(value)


def looks_like_bsn(text: str) -> bool:
    """True when a search term is a number of 8 or 9 digits (a BSN, possibly without its zero)."""
    digits = "".join(ch for ch in text if ch not in " .-")
    return digits.isdigit() and 8 <= len(digits) <= 9


def mask_bsn(value: str) -> str:
    """'*****6789'-style: only the last three digits visible."""
    if not value:
        return ""
    return "*" * (len(value) - VISIBLE_DIGITS) + value[-VISIBLE_DIGITS:]


def complete_bsn(first_eight: str) -> str | None:
    """The BSN that starts with these eight digits (its 11-proof check digit added), or None when
    no check digit fits. For demo and test data only: generated numbers, never real people's."""
    total = sum((9 - i) * int(digit) for i, digit in enumerate(first_eight))
    check = total % 11
    return None if check == 10 else f"{first_eight}{check}"


def generate_bsns(start: int, count: int) -> list[str]:
    """``count`` valid, distinct BSNs from eight-digit prefixes counting up from ``start``."""
    numbers, prefix = [], start
    while len(numbers) < count:
        number = complete_bsn(f"{prefix:08d}")
        if number is not None and int(number) > 0:
            numbers.append(number)
        prefix += 1
    return numbers
