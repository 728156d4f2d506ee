"""The explanation in words: what fits, what can be learned, hours, distance, what stands in the way."""

from django.utils import translation

from samen.matching import explain, scoring
from samen.matching.explain import PairFacts


def facts(**kwargs):
    values = {
        "score": 0.7,
        "blocked": 0,
        "asked_count": 3,
        "hours": 20,
        "hours_min": 16,
        "hours_max": 24,
        "same_municipality": True,
        "opportunity_municipality": "Weert",
        "kind_label": "betaald werk",
        "kind_rung": 6,
        "current_rung": 5,
        "potential_rung": 6,
        "kind_factor": 1.0,
    }
    values.update(kwargs)
    return PairFacts(**values)


def texts(lines):
    return [line["text"] for line in lines]


def setup_module():
    translation.activate("nl")


def test_matching_and_learnable_and_missing_talents_are_named():
    lines = explain.explain(
        facts(
            have=["Afspraken nakomen", "Nauwkeurig werken"],
            learnable=["Heftruck rijden"],
            missing=["Klantgericht werken"],
        )
    )
    joined = " ".join(texts(lines))
    assert (
        "Talenten die passen (2 van 3 gevraagd): Afspraken nakomen en Nauwkeurig werken." in joined
    )
    assert "Gevraagd en hier aan te leren: Heftruck rijden." in joined
    assert "Gevraagd maar nog niet aanwezig: Klantgericht werken." in joined


def test_extra_learning_chances_are_named_once():
    lines = explain.explain(facts(learnable=["A"], new_to_learn=["A", "B"]))
    assert "Hier kan de inwoner ook leren: B." in texts(lines)


def test_hours_that_fit_fall_short_or_block():
    assert "Dat past." in explain.hours_line(facts())["text"]
    short = explain.hours_line(facts(hours=12))
    assert short["tone"] == explain.ATTENTION and "iets meer dan de inwoner nu kan" in short["text"]
    blocked = explain.hours_line(facts(hours=4, blocked=scoring.BLOCK_HOURS))
    assert blocked["tone"] == explain.BLOCKED and "te veel" in blocked["text"]
    unknown = explain.hours_line(facts(hours=None))
    assert "niet bekend" in unknown["text"]


def test_region_line():
    assert "eigen gemeente (Weert)" in explain.region_line(facts())["text"]
    other = explain.region_line(
        facts(same_municipality=False, opportunity_municipality="Nederweert")
    )
    assert "Nederweert, een andere gemeente in de regio" in other["text"]
    far = explain.region_line(
        facts(blocked=scoring.BLOCK_REGION, opportunity_municipality="Aalten")
    )
    assert far["tone"] == explain.BLOCKED


def test_eligibility_blocks_come_first_with_the_legal_reason():
    lines = explain.explain(
        facts(
            blocked=scoring.BLOCK_REGISTER | scoring.BLOCK_UWV_ADVICE | scoring.BLOCK_WSW_RIGHTS,
            kind_label="garantiebaan",
        )
    )
    assert lines[0]["tone"] == explain.BLOCKED
    joined = " ".join(texts(lines))
    assert "doelgroepregister" in joined
    assert "artikel 10b Participatiewet" in joined
    assert "1 januari 2015" in joined


def test_kind_fits_the_next_step_or_is_a_big_step():
    assert "past bij de volgende stap" in " ".join(texts(explain.kind_lines(facts())))
    big = explain.kind_lines(facts(kind_rung=6, current_rung=3, potential_rung=4, kind_factor=0.25))
    assert "grote stap" in big[0]["text"]
    back = explain.kind_lines(facts(kind_rung=4, current_rung=5, kind_factor=0.4))
    assert "stap terug" in back[0]["text"]


def test_what_stands_in_the_way():
    lines = explain.limitation_lines(
        facts(
            core_conflicts=["Tillen en dragen"],
            other_conflicts=["Lawaai en drukte"],
            job_coach=True,
        )
    )
    assert lines[0]["tone"] == explain.BLOCKED
    assert "Wat in de weg staat: het werk vraagt altijd tillen en dragen" in lines[0]["text"]
    assert "soms lawaai en drukte" in lines[1]["text"]
    assert "jobcoach" in lines[1]["text"]
    assert explain.limitation_lines(facts())[0]["tone"] == explain.GOOD


def test_partner_sees_only_consented_topics():
    lines = explain.explain(facts(have=["A"], core_conflicts=["Zien"]))
    topics = {line["topic"] for line in explain.for_partner(lines, ["talents"])}
    assert topics <= {"talent", "learning", "support"}
    assert "region" not in topics and "limitation" not in topics and "hours" not in topics
    with_hours = {line["topic"] for line in explain.for_partner(lines, ["talents", "hours"])}
    assert "hours" in with_hours


def test_summary_prefers_the_blocking_reason():
    lines = explain.explain(facts(blocked=scoring.BLOCK_REGISTER, have=["A"]))
    assert "doelgroepregister" in explain.summary(lines)
