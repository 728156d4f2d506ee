"""Small model rules that other modules rely on."""

import pytest

from samen.participation.models import (
    Arrangement,
    BenefitEpisode,
    Pillar,
    TargetGroupRegistration,
    choice_label,
)


@pytest.mark.parametrize(
    ("model", "field", "choices"),
    [
        (Arrangement, "kind", Arrangement.Kind),
        (BenefitEpisode, "kind", BenefitEpisode.Kind),
        (Pillar, "kind", Pillar.Kind),
        (TargetGroupRegistration, "status", TargetGroupRegistration.Status),
    ],
)
def test_choice_label_is_what_get_display_gives(model, field, choices):
    for value in choices.values:
        obj = model(**{field: value})
        assert choice_label(choices, value) == getattr(obj, f"get_{field}_display")()


def test_an_unknown_value_is_shown_as_it_is():
    assert choice_label(Arrangement.Kind, "dagbest.") == "dagbest."


def test_references_use_the_read_aloud_alphabet_and_every_symbol_of_it():
    import re

    from samen.participation.models import new_pseudonym, new_resident_reference

    references = [new_resident_reference() for _ in range(2000)]
    assert all(re.fullmatch(r"R-[0-9A-HJKMNP-TV-Z]{8}", ref) for ref in references)
    assert re.fullmatch(r"P-[0-9A-HJKMNP-TV-Z]{10}", new_pseudonym())
    symbols = set("".join(ref[2:] for ref in references))
    assert symbols == set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert len(set(references)) == len(references)
