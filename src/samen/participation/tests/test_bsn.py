"""BSN: python-stdnum's 11-proof, zero padding, Dutch errors that never repeat the number, masking."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from samen.participation.bsn import (
    complete_bsn,
    generate_bsns,
    looks_like_bsn,
    mask_bsn,
    normalise_bsn,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("111222333", "111222333"),
        ("1112.22.333", "111222333"),
        (" 111 222 333 ", "111222333"),
        ("12345672", "012345672"),  # eight digits: the leading zero is restored
    ],
)
def test_valid_numbers_are_normalised_to_nine_digits(raw, expected):
    assert normalise_bsn(raw) == expected


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("111222334", "elfproef"),
        ("11122233a", "alleen uit cijfers"),
        ("1112223334", "9 cijfers"),
        ("", "alleen uit cijfers"),
        ("000000000", "alleen uit cijfers"),
    ],
)
def test_wrong_numbers_get_a_dutch_message_without_the_number(raw, fragment):
    with pytest.raises(ValidationError) as caught:
        normalise_bsn(raw)
    message = " ".join(caught.value.messages)
    assert fragment in message
    if raw:
        assert raw not in message


def test_masking_shows_only_the_last_three_digits():
    assert mask_bsn("111222333") == "******333"
    assert mask_bsn("") == ""


def test_a_bsn_like_search_term_is_recognised():
    assert looks_like_bsn("1112.22.333")
    assert looks_like_bsn("12345672")
    assert not looks_like_bsn("Verbeek")
    assert not looks_like_bsn("1234")


@given(st.integers(min_value=10_000_000, max_value=99_999_999))
def test_completed_numbers_pass_stdnum(prefix):
    number = complete_bsn(str(prefix))
    if number is not None:
        assert stdnum_bsn.is_valid(number)
        assert number.startswith(str(prefix))


def test_generated_numbers_are_distinct_and_valid():
    numbers = generate_bsns(30_000_000, 500)
    assert len(set(numbers)) == 500
    assert all(stdnum_bsn.is_valid(n) for n in numbers)
