"""Reading single cells: dates, BSNs, numbers, codes and text (no database)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from samen.migration.parsing import (
    CellError,
    clean_text,
    excel_serial_to_date,
    parse_bsn,
    parse_date,
    parse_decimal,
    parse_email,
    parse_house_number,
    parse_integer,
    parse_phone,
    parse_postcode,
    parse_text,
)

VALID_BSN = "999990019"
LEADING_ZERO_BSN = "019719255"


class TestDates:
    @pytest.mark.parametrize(
        "value",
        [
            "01-02-2020",
            "1-2-2020",
            "01/02/2020",
            "01.02.2020",
            "2020-02-01",
            "2020-2-1",
            "2020-02-01 00:00:00",
            "2020-02-01T00:00:00",
            "20200201",
            "43862",
            "43862.0",
            43862,
            43862.0,
            datetime(2020, 2, 1, 0, 0),
            date(2020, 2, 1),
            "  01-02-2020\u00a0",
        ],
    )
    def test_every_accepted_spelling_of_1_february_2020(self, value):
        assert parse_date(value, label="startdatum") == date(2020, 2, 1)

    def test_an_excel_serial_with_a_time_of_day_is_that_day(self):
        assert parse_date(43862.75, label="datum") == date(2020, 2, 1)

    def test_excel_counts_from_30_december_1899(self):
        assert excel_serial_to_date(1) == date(1899, 12, 31)
        assert excel_serial_to_date(61) == date(1900, 3, 1)
        assert excel_serial_to_date(44197) == date(2021, 1, 1)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("31-02-2020", "startdatum '31-02-2020' bestaat niet"),
            ("01-02-20", "vier cijfers"),
            ("02/13/2020", "Amerikaanse datum"),
            ("morgen", "startdatum 'morgen' is geen datum"),
            ("99999", "buiten 1900–2099"),
            ("01-01-1850", "niet tussen 1900 en 2099"),
            (True, "geen datum"),
        ],
    )
    def test_refusals_say_why(self, value, message):
        with pytest.raises(CellError, match=message):
            parse_date(value, label="startdatum")

    @given(st.dates(min_value=date(1900, 3, 1), max_value=date(2099, 12, 31)))
    def test_dutch_iso_and_serial_spellings_agree(self, day):
        serial = (day - date(1899, 12, 30)).days
        assert parse_date(f"{day:%d-%m-%Y}", label="d") == day
        assert parse_date(day.isoformat(), label="d") == day
        assert parse_date(str(serial), label="d") == day
        assert parse_date(serial, label="d") == day


class TestBsn:
    def test_a_valid_bsn(self):
        assert parse_bsn(VALID_BSN) == VALID_BSN

    @pytest.mark.parametrize(
        "value", ["19719255", 19719255, 19719255.0, " 19719255 ", "0197.19.255"]
    )
    def test_eight_digits_get_their_leading_zero_back(self, value):
        assert parse_bsn(value) == LEADING_ZERO_BSN

    def test_an_eight_digit_number_is_checked_after_padding(self):
        with pytest.raises(
            CellError,
            match=r"BSN 12345678 \(aangevuld tot 012345678\) voldoet niet aan de 11-proef",
        ):
            parse_bsn("12345678")

    def test_eleven_proof(self):
        with pytest.raises(CellError, match="BSN 123456780 voldoet niet aan de 11-proef"):
            parse_bsn("123456780")

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("", "BSN is leeg"),
            ("1234567", "heeft 7 cijfers"),
            ("1234567890", "heeft 10 cijfers"),
            ("1,23457E+08", "wetenschappelijke notatie"),
            ("12345678a", "andere tekens dan cijfers"),
            (12345678.5, "geen geheel getal"),
        ],
    )
    def test_refusals(self, value, message):
        with pytest.raises(CellError, match=message):
            parse_bsn(value)

    @given(st.integers(min_value=10_000_000, max_value=99_999_999))
    def test_any_eight_digit_number_is_padded_and_then_eleven_proofed(self, number):
        padded = f"{number:09d}"
        if stdnum_bsn.is_valid(padded):
            assert parse_bsn(number) == padded
        else:
            with pytest.raises(CellError, match="11-proef"):
                parse_bsn(number)


class TestNumbersAndText:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("12,5", "12.5"),
            ("12.5", "12.5"),
            ("12", "12.0"),
            (12, "12.0"),
            (12.5, "12.5"),
            (" 8 ", "8.0"),
        ],
    )
    def test_hours_with_comma_or_point(self, value, expected):
        assert parse_decimal(value, label="uren_per_week", high=60) == Decimal(expected)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("veel", "'veel' is geen getal"),
            ("1.234,5", "één decimaalteken"),
            ("12,25", "meer dan 1 decimaal"),
            ("61", "ligt niet tussen 0 en 60"),
            ("-1", "ligt niet tussen 0 en 60"),
            ("NaN", "geen getal"),
        ],
    )
    def test_hours_refused(self, value, message):
        with pytest.raises(CellError, match=message):
            parse_decimal(value, label="uren_per_week", high=60)

    def test_integers(self):
        assert parse_integer("3", label="trede") == 3
        assert parse_integer(3.0, label="trede") == 3
        with pytest.raises(CellError, match="geen geheel getal"):
            parse_integer("3,5", label="trede")
        with pytest.raises(CellError, match="geen geheel getal"):
            parse_integer(3.5, label="trede")

    def test_whitespace_is_trimmed_and_collapsed(self):
        assert clean_text("  Anna \u00a0 Maria\t ") == "Anna Maria"
        assert clean_text(None) == ""

    def test_our_own_formula_escape_is_taken_off(self):
        assert clean_text("'=SOM(A1)") == "=SOM(A1)"
        assert clean_text("'t Hof") == "'t Hof"

    def test_text_refusals(self):
        with pytest.raises(CellError, match="te lang"):
            parse_text("x" * 21, label="voorvoegsel", max_length=20)
        with pytest.raises(CellError, match="stuurtekens"):
            parse_text("Jan\x00", label="voornamen")
        with pytest.raises(CellError, match="Excel-foutwaarde '#N/B'"):
            parse_text("#N/B", label="achternaam")

    def test_html_is_just_text(self):
        assert parse_text("<b>Jan</b>", label="voornamen") == "<b>Jan</b>"

    @pytest.mark.parametrize(
        ("number", "addition", "expected"),
        [
            ("12", "", (12, "")),
            ("12", "a", (12, "A")),
            ("12A", "", (12, "A")),
            ("12-1", "", (12, "1")),
            (12.0, None, (12, "")),
            ("1", "bis", (1, "BIS")),
        ],
    )
    def test_house_numbers(self, number, addition, expected):
        assert parse_house_number(number, addition) == expected

    def test_house_number_refusals(self):
        with pytest.raises(CellError, match="geen huisnummer"):
            parse_house_number("twaalf", "")
        with pytest.raises(CellError, match="bevat al een toevoeging"):
            parse_house_number("12A", "B")

    @pytest.mark.parametrize("value", ["7081AB", "7081 ab", " 7081  AB "])
    def test_postcodes(self, value):
        assert parse_postcode(value) == "7081 AB"

    @pytest.mark.parametrize("value", ["0812 AB", "ABCD 12", "70811 AB"])
    def test_postcode_refusals(self, value):
        with pytest.raises(CellError, match="geen Nederlandse postcode"):
            parse_postcode(value)

    def test_email(self):
        assert parse_email(" Anna@Example.NL ", label="email") == "anna@example.nl"
        with pytest.raises(CellError, match="geen geldig e-mailadres"):
            parse_email("anna@", label="email")

    def test_phone(self):
        assert parse_phone("0315-123456") == "0315-123456"
        assert parse_phone(612345678) == "0612345678"
        with pytest.raises(CellError, match="geen telefoonnummer"):
            parse_phone("bellen")


@pytest.mark.parametrize(
    ("value", "blank"),
    [
        (None, True),
        ("", True),
        ("   ", True),
        ("\u00a0\t", True),
        ("\u200b", True),
        ("\ufeff \u200b", True),
        ("a", False),
        ("  a ", False),
        ("\u200bx", False),
        ("'", False),
        ("0", False),
        (0, False),
        (12.0, False),
    ],
)
def test_a_cell_is_blank_when_nothing_is_left_after_cleaning(value, blank):
    from samen.migration.parsing import is_blank

    assert is_blank(value) is blank
    if isinstance(value, str):
        assert blank is (clean_text(value) == "")
