"""The Participatieladder's derivation, Positieve Gezondheid and Zelfredzaamheid-Matrix rules."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samen.participation import instruments
from samen.participation.instruments import (
    LadderAnswersError,
    clean_self_reliance_scores,
    derive_ladder,
)

NOTHING = {
    "paid_work": "no",
    "unpaid_work": "no",
    "organised_activities": "no",
    "social_contacts": "no",
    "wish": "stay",
    "hours": "none",
    "lasting_support": "no",
    "barriers": "no",
}


def answers(**changes):
    return {**NOTHING, **changes}


@pytest.mark.parametrize(
    "changes, rung",
    [
        ({}, 1),
        ({"social_contacts": "yes"}, 2),
        ({"organised_activities": "yes", "social_contacts": "yes"}, 3),
        ({"unpaid_work": "yes"}, 4),
        ({"paid_work": "yes", "paid_work_support": "yes"}, 5),
        ({"paid_work": "yes", "paid_work_support": "no"}, 6),
        # The highest form of taking part counts: paid work with support beats volunteering.
        ({"paid_work": "yes", "paid_work_support": "yes", "unpaid_work": "yes"}, 5),
    ],
)
def test_current_rung_is_the_highest_that_holds(changes, rung):
    assert derive_ladder(answers(**changes)).current_rung == rung


def test_growth_potential_follows_wish_hours_support_and_time():
    # Maarten in 2019: creative day care (rung 3), wants a step, can do 8-20 hours.
    maarten = answers(
        organised_activities="yes", social_contacts="yes", wish="paid", hours="up_to_20"
    )
    assert derive_ladder(maarten, 12).potential_rung == 5  # two rungs in a year at most
    assert derive_ladder(maarten, 6).potential_rung == 4
    assert derive_ladder(maarten, 24).potential_rung == 6
    # Lasting support caps paid work at rung 5 ("betaald werk met ondersteuning").
    assert derive_ladder({**maarten, "lasting_support": "yes"}, 24).potential_rung == 5
    # Something else to solve first costs a step.
    assert derive_ladder({**maarten, "barriers": "yes"}, 12).potential_rung == 4
    # Without hours available the ceiling is social contacts.
    assert derive_ladder(answers(wish="paid", hours="none"), 24).potential_rung == 2
    # Wanting to stay means no growth expected.
    assert derive_ladder({**maarten, "wish": "stay"}, 12).potential_rung == 3


def test_support_question_only_counts_when_there_is_paid_work():
    cleaned = instruments.clean_ladder_answers(answers(paid_work_support="yes"))
    assert "paid_work_support" not in cleaned


def test_missing_or_invalid_answers_are_refused_in_dutch():
    with pytest.raises(LadderAnswersError, match="Beantwoord de vraag"):
        derive_ladder({**NOTHING, "hours": "heel veel"})
    with pytest.raises(LadderAnswersError):
        derive_ladder({"paid_work": "yes"})  # support question (and others) unanswered


choice = st.sampled_from


@given(
    paid=choice(["yes", "no"]),
    support=choice(["yes", "no"]),
    unpaid=choice(["yes", "no"]),
    organised=choice(["yes", "no"]),
    contacts=choice(["yes", "no"]),
    wish=choice(["stay", "step", "paid"]),
    hours=choice(["none", "up_to_8", "up_to_20", "over_20"]),
    lasting=choice(["yes", "no"]),
    barriers=choice(["yes", "no"]),
    horizon=st.integers(min_value=1, max_value=60),
)
def test_potential_is_never_below_current_and_grows_with_the_horizon(
    paid, support, unpaid, organised, contacts, wish, hours, lasting, barriers, horizon
):
    given_answers = {
        "paid_work": paid,
        "paid_work_support": support,
        "unpaid_work": unpaid,
        "organised_activities": organised,
        "social_contacts": contacts,
        "wish": wish,
        "hours": hours,
        "lasting_support": lasting,
        "barriers": barriers,
    }
    outcome = derive_ladder(given_answers, horizon)
    assert 1 <= outcome.current_rung <= outcome.potential_rung <= 6
    assert derive_ladder(given_answers, horizon + 6).potential_rung >= outcome.potential_rung


def test_six_health_dimensions_and_thirteen_self_reliance_domains():
    assert [label for _c, label in instruments.HEALTH_DIMENSIONS] == [
        "Lichaamsfuncties",
        "Mentaal welbevinden",
        "Zingeving",
        "Kwaliteit van leven",
        "Meedoen",
        "Dagelijks functioneren",
    ]
    assert len(instruments.SELF_RELIANCE_DOMAINS) == 13


def test_self_reliance_scores_are_one_to_five_per_known_domain():
    assert clean_self_reliance_scores({"finances": "3", "housing": None}) == {"finances": 3}
    with pytest.raises(ValueError, match="1 tot en met 5"):
        clean_self_reliance_scores({"finances": 6})
    with pytest.raises(ValueError, match="Onbekend domein"):
        clean_self_reliance_scores({"diagnose": 2})
    with pytest.raises(ValueError, match="ten minste één"):
        clean_self_reliance_scores({"finances": None})


def test_limitations_are_categories_not_diagnoses():
    labels = " ".join(str(label) for label in instruments.LIMITATIONS.values()).lower()
    for diagnosis in ("schizofrenie", "autisme", "depressie", "adhd", "psychose"):
        assert diagnosis not in labels
    assert len(instruments.LIMITATIONS) >= 20
