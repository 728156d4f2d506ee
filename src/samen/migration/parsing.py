"""Reading one cell of an export: dates, BSNs, numbers, codes and text, with every refusal in Dutch.

Cells arrive as text (CSV) or as what openpyxl makes of an XLSX cell (str, int, float, datetime,
date, bool, None). Each parser returns a clean Python value or raises ``CellError`` with a message a
functional administrator can act on ("'31-02-2020' bestaat niet"). Nothing is guessed silently:
what could mean two things is refused with an explanation.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn


class CellError(ValueError):
    """A cell that cannot be read; ``str(error)`` is the Dutch reason."""


#: Excel counts days from 30 December 1899 (so that its 1900 leap-year bug works out after March).
EXCEL_EPOCH = date(1899, 12, 30)
#: Serial numbers accepted as dates: 1 January 1900 up to 31 December 2099.
EXCEL_SERIAL_RANGE = (1, 73050)
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2099, 12, 31)

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^(\d{1,5})(?:[.,]0+)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_HOUSE_NUMBER = re.compile(r"^(\d{1,5})(?:\s*[-/ ]?\s*([A-Za-z0-9]{1,6}))?$")
_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
_PHONE = re.compile(r"^\+?[0-9 ()\-./]{6,30}$")
#: Characters clean_text removes that str.isspace() does not count as space.
_INVISIBLE = "\u200b\ufeff"
#: Characters a spreadsheet would run as a formula; the rejected-rows file escapes them with "'".
FORMULA_PREFIXES = ("=", "+", "-", "@")


def is_blank(value) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    # Most cells start with a visible character: then cleaning cannot leave them empty.
    if value and not value[0].isspace() and value[0] not in _INVISIBLE:
        return False
    return not clean_text(value)


def clean_text(value) -> str:
    """Text with whitespace trimmed and runs of spaces (also no-break spaces) made one space.

    A leading apostrophe before a formula character is how our own rejected-rows file protects
    spreadsheets ("'=SOM(..."); it is taken off again here.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u200b", "").replace("\ufeff", "")
    text = _SPACES.sub(" ", text).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


def shown(value) -> str:
    """A cell value as quoted in a message (shortened: a message is not the place for a novel)."""
    text = clean_text(value) if not isinstance(value, datetime | date) else value.isoformat()
    return text if len(text) <= 40 else text[:37] + "..."


def parse_text(value, *, label: str, max_length: int | None = None) -> str:
    text = clean_text(value)
    if _CONTROL.search(text):
        raise CellError(_("%(label)s bevat onzichtbare stuurtekens") % {"label": label})
    if text.startswith("#") and text.rstrip("!?/0").upper() in EXCEL_ERRORS:
        raise CellError(
            _("%(label)s bevat de Excel-foutwaarde '%(value)s'") % {"label": label, "value": text}
        )
    if max_length and len(text) > max_length:
        raise CellError(
            _("%(label)s is te lang (%(length)s tekens, hoogstens %(max)s)")
            % {"label": label, "length": len(text), "max": max_length}
        )
    return text


EXCEL_ERRORS = {
    "#N/A",
    "#N/B",
    "#NAME",
    "#NAAM",
    "#VALUE",
    "#WAARDE",
    "#REF",
    "#VERW",
    "#DIV",
    "#NULL",
    "#NUM",
    "#GETAL",
}


def _valid_date(year: int, month: int, day: int, raw, label: str) -> date:
    try:
        result = date(year, month, day)
    except ValueError:
        raise CellError(
            _("%(label)s '%(value)s' bestaat niet") % {"label": label, "value": shown(raw)}
        ) from None
    if not EARLIEST_DATE <= result <= LATEST_DATE:
        raise CellError(
            _("%(label)s '%(value)s' ligt niet tussen 1900 en 2099")
            % {"label": label, "value": shown(raw)}
        )
    return result


def excel_serial_to_date(serial: int) -> date:
    return EXCEL_EPOCH + timedelta(days=serial)


@functools.lru_cache(maxsize=8192)  # exports repeat dates a lot; a refusal is not cached
def parse_date(value, *, label: str) -> date:
    """A date from '01-02-2020' (Dutch: day first), '2020-02-01' (ISO), '20200201', an Excel
    serial number (43862) or an XLSX date cell."""
    if isinstance(value, datetime):
        return _valid_date(value.year, value.month, value.day, value, label)
    if isinstance(value, date):
        return _valid_date(value.year, value.month, value.day, value, label)
    if isinstance(value, bool):
        raise CellError(_("%(label)s is geen datum") % {"label": label})
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            value = int(value)  # a date-time serial: the fraction is the time of day
        return _from_serial(int(value), value, label)
    text = clean_text(value)
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _valid_date(year, month, day, value, label)
    if match := _DUTCH_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) != 4:
            raise CellError(
                _("%(label)s '%(value)s': schrijf het jaar met vier cijfers (01-02-2020)")
                % {"label": label, "value": shown(value)}
            )
        if month > 12 and day <= 12:
            raise CellError(
                _(
                    "%(label)s '%(value)s' lijkt een Amerikaanse datum (maand eerst); "
                    "gebruik dag-maand-jaar (dd-mm-jjjj)"
                )
                % {"label": label, "value": shown(value)}
            )
        return _valid_date(year, month, day, value, label)
    if match := _COMPACT_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _valid_date(year, month, day, value, label)
    if match := _SERIAL.match(text):
        return _from_serial(int(match.group(1)), value, label)
    raise CellError(
        _("%(label)s '%(value)s' is geen datum; gebruik dd-mm-jjjj, jjjj-mm-dd of een Excel-datum")
        % {"label": label, "value": shown(value)}
    )


def _from_serial(serial: int, raw, label: str) -> date:
    low, high = EXCEL_SERIAL_RANGE
    if not low <= serial <= high:
        raise CellError(
            _(
                "%(label)s '%(value)s' is geen datum (als Excel-datumgetal valt het buiten 1900–2099)"
            )
            % {"label": label, "value": shown(raw)}
        )
    return excel_serial_to_date(serial)


@functools.lru_cache(maxsize=1 << 17)  # one resident's BSN recurs in every sheet of an export
def parse_bsn(value) -> str:
    """Nine digits. Eight digits get their leading zero back (Excel drops it); then the 11-proof."""
    if isinstance(value, bool):
        raise CellError(_("BSN is leeg"))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("BSN '%(value)s' is geen geheel getal") % {"value": shown(value)})
        value = int(value)
    text = clean_text(value)
    if not text:
        raise CellError(_("BSN is leeg"))
    if _SCIENTIFIC.match(text):
        raise CellError(
            _(
                "BSN '%(value)s' is door Excel als getal in wetenschappelijke notatie opgeslagen; "
                "de laatste cijfers zijn verloren. Exporteer de kolom als tekst."
            )
            % {"value": shown(value)}
        )
    digits = re.sub(r"[ .\-]", "", text)
    if not digits.isdigit():
        raise CellError(
            _("BSN '%(value)s' bevat andere tekens dan cijfers") % {"value": shown(value)}
        )
    if len(digits) == 8:
        padded = "0" + digits
    elif len(digits) == 9:
        padded = digits
    else:
        raise CellError(
            _(
                "BSN %(value)s heeft %(count)s cijfers; een BSN heeft er 9 "
                "(of 8 als Excel de voorloopnul heeft weggelaten)"
            )
            % {"value": shown(value), "count": len(digits)}
        )
    if not stdnum_bsn.is_valid(padded):
        if padded != digits:
            raise CellError(
                _("BSN %(value)s (aangevuld tot %(padded)s) voldoet niet aan de 11-proef")
                % {"value": digits, "padded": padded}
            )
        raise CellError(_("BSN %(value)s voldoet niet aan de 11-proef") % {"value": digits})
    return padded


def parse_decimal(value, *, label: str, places: int = 1, low=0, high=None) -> Decimal:
    """A number with a decimal comma or point ('12,5', '12.5'); at most ``places`` decimals."""
    if isinstance(value, bool):
        raise CellError(_("%(label)s is geen getal") % {"label": label})
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = clean_text(value).replace(" ", "")
        if text.count(",") + text.count(".") > 1:
            raise CellError(
                _("%(label)s '%(value)s' is geen getal (gebruik één decimaalteken)")
                % {"label": label, "value": shown(value)}
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise CellError(
                _("%(label)s '%(value)s' is geen getal") % {"label": label, "value": shown(value)}
            ) from None
    if not number.is_finite():
        raise CellError(
            _("%(label)s '%(value)s' is geen getal") % {"label": label, "value": shown(value)}
        )
    number = number.normalize() if number == number.to_integral() else number
    if -number.as_tuple().exponent > places:
        raise CellError(
            _("%(label)s '%(value)s' heeft meer dan %(places)s decimaal")
            % {"label": label, "value": shown(value), "places": places}
        )
    if (low is not None and number < low) or (high is not None and number > high):
        raise CellError(
            _("%(label)s %(value)s ligt niet tussen %(low)s en %(high)s")
            % {"label": label, "value": shown(value), "low": low, "high": high}
        )
    return number.quantize(Decimal(1).scaleb(-places))


def parse_integer(value, *, label: str, low=None, high=None) -> int:
    if isinstance(value, bool):
        raise CellError(_("%(label)s is geen geheel getal") % {"label": label})
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(
                _("%(label)s '%(value)s' is geen geheel getal")
                % {"label": label, "value": shown(value)}
            )
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = clean_text(value)
        if not re.fullmatch(r"-?\d+", text):
            raise CellError(
                _("%(label)s '%(value)s' is geen geheel getal")
                % {"label": label, "value": shown(value)}
            )
        number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        raise CellError(
            _("%(label)s %(value)s ligt niet tussen %(low)s en %(high)s")
            % {"label": label, "value": number, "low": low, "high": high}
        )
    return number


def parse_house_number(value, addition) -> tuple[int, str]:
    """House number and addition; '12A' or '12-1' in the number column is split, not refused."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    match = _HOUSE_NUMBER.match(text)
    if not match:
        raise CellError(
            _("huisnummer '%(value)s' is geen huisnummer (een getal, eventueel met toevoeging)")
            % {"value": shown(value)}
        )
    number, embedded = int(match.group(1)), match.group(2) or ""
    addition = parse_text(addition, label="huisnummertoevoeging", max_length=10)
    if embedded and addition:
        raise CellError(
            _(
                "huisnummer '%(value)s' bevat al een toevoeging, en huisnummertoevoeging is ook gevuld"
            )
            % {"value": shown(value)}
        )
    if number < 1:
        raise CellError(_("huisnummer 0 bestaat niet"))
    return number, (embedded or addition).upper()


def parse_postcode(value) -> str:
    """A Dutch postcode as '7081 AB'."""
    text = clean_text(value)
    match = _POSTCODE.match(text)
    if not match:
        raise CellError(
            _("postcode '%(value)s' is geen Nederlandse postcode (1234 AB)")
            % {"value": shown(value)}
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def parse_email(value, *, label: str) -> str:
    text = clean_text(value).lower()
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(
            _("%(label)s '%(value)s' is geen geldig e-mailadres")
            % {"label": label, "value": shown(value)}
        ) from None
    return text


def parse_phone(value) -> str:
    if isinstance(value, int | float):
        # A phone number that Excel stored as a number lost its leading zero: 612345678.
        value = "0" + str(int(value))
    text = clean_text(value)
    if text.isdigit() and len(text) == 9 and text[0] != "0":
        text = "0" + text  # the same, after a round trip through a text column
    if not _PHONE.match(text) or sum(ch.isdigit() for ch in text) < 6:
        raise CellError(_("telefoon '%(value)s' is geen telefoonnummer") % {"value": shown(value)})
    return text


def lookup_code(value, codes: dict, *, label: str, noun: str):
    """The Samen value of an export code (compared without case, spaces or accents)."""
    from .formats import normalise_code

    key = normalise_code(clean_text(value))
    if key in codes:
        return codes[key]
    raise CellError(_("onbekende %(noun)s '%(value)s'") % {"noun": noun, "value": shown(value)})
