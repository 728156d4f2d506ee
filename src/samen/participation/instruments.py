"""The measurement instruments and fixed lists of the participation module, declared as data.

- The Participatieladder (six rungs) with its short question flow, and the derivation of the
  current rung and the growth potential within a horizon (``derive_ladder``).
- Positieve Gezondheid: six dimensions, each 0–10.
- Zelfredzaamheid-Matrix: 13 domains, each 1–5 (domain names and the generic scale only; the
  instrument's criteria texts are not stored or shown).
- Functional-limitation categories in the style of UWV's Functionele Mogelijkhedenlijst: categories
  of what is hard to do, never a diagnosis.
- What a resident can consent to share with a partner.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# --- Participatieladder ---------------------------------------------------------------------------

RUNGS = {
    1: _("geïsoleerd"),
    2: _("sociale contacten buitenshuis"),
    3: _("deelname aan georganiseerde activiteiten"),
    4: _("onbetaald werk"),
    5: _("betaald werk met ondersteuning"),
    6: _("betaald werk"),
}
RUNG_CHOICES = [(number, f"{number}. {label}") for number, label in RUNGS.items()]
LOWEST_RUNG, HIGHEST_RUNG = 1, 6

#: A rung per half year at most: how far the potential can reach within the horizon.
MONTHS_PER_RUNG = 6
DEFAULT_HORIZON_MONTHS = 12

YES_NO = [("yes", _("ja")), ("no", _("nee"))]
WISHES = [
    ("stay", _("blijven waar hij of zij nu is")),
    ("step", _("een stap verder")),
    ("paid", _("naar betaald werk")),
]
HOURS = [
    ("none", _("(nog) geen uren")),
    ("up_to_8", _("1 tot 8 uur")),
    ("up_to_20", _("8 tot 20 uur")),
    ("over_20", _("20 uur of meer")),
]


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    choices: list
    #: Asked only when another question has this answer (code, answer).
    only_if: tuple[str, str] | None = None
    part: str = "current"  # "current" (where the resident is) or "potential" (where they can go)


LADDER_QUESTIONS = [
    Question(
        "paid_work", _("Heeft de inwoner betaald werk (ook als het maar een paar uur is)?"), YES_NO
    ),
    Question(
        "paid_work_support",
        _(
            "Krijgt de inwoner bij dat werk ondersteuning, zoals loonkostensubsidie, een jobcoach, "
            "beschut werk, een garantiebaan of de Wsw?"
        ),
        YES_NO,
        only_if=("paid_work", "yes"),
    ),
    Question(
        "unpaid_work",
        _(
            "Doet de inwoner onbetaald werk met vaste afspraken, zoals vrijwilligerswerk, een "
            "werkervaringsplek of arbeidsmatige dagbesteding?"
        ),
        YES_NO,
    ),
    Question(
        "organised_activities",
        _(
            "Doet de inwoner mee aan georganiseerde activiteiten buitenshuis, zoals dagbesteding, "
            "een cursus, een sportclub of een vereniging?"
        ),
        YES_NO,
    ),
    Question(
        "social_contacts",
        _("Heeft de inwoner regelmatig contact met mensen buiten het eigen huishouden?"),
        YES_NO,
    ),
    Question(
        "wish", _("Welke stap wil de inwoner de komende tijd zetten?"), WISHES, part="potential"
    ),
    Question(
        "hours", _("Hoeveel uur per week kan de inwoner actief zijn?"), HOURS, part="potential"
    ),
    Question(
        "lasting_support",
        _("Heeft de inwoner blijvend begeleiding of aanpassingen nodig om te kunnen werken?"),
        YES_NO,
        part="potential",
    ),
    Question(
        "barriers",
        _(
            "Moet er eerst iets anders opgelost worden dat veel tijd vraagt, zoals schulden, "
            "huisvesting of zorg?"
        ),
        YES_NO,
        part="potential",
    ),
]
QUESTIONS_BY_CODE = {question.code: question for question in LADDER_QUESTIONS}

#: The highest rung the available hours allow.
HOURS_CEILING = {"none": 2, "up_to_8": 4, "up_to_20": 6, "over_20": 6}


@dataclass(frozen=True)
class LadderOutcome:
    current_rung: int
    potential_rung: int
    horizon_months: int


class LadderAnswersError(ValueError):
    """The answers are incomplete or contain an answer that is not one of the choices."""


def clean_ladder_answers(answers: dict) -> dict:
    """Only known questions with a valid answer; questions that do not apply are dropped."""
    cleaned = {}
    for question in LADDER_QUESTIONS:
        if question.only_if and answers.get(question.only_if[0]) != question.only_if[1]:
            continue
        value = answers.get(question.code)
        if value not in {code for code, _label in question.choices}:
            raise LadderAnswersError(
                _("Beantwoord de vraag: %(question)s") % {"question": question.text}
            )
        cleaned[question.code] = value
    return cleaned


def current_rung(answers: dict) -> int:
    """The highest rung whose condition holds (the ladder counts the highest form of taking part)."""
    if answers["paid_work"] == "yes":
        return 5 if answers.get("paid_work_support") == "yes" else 6
    if answers["unpaid_work"] == "yes":
        return 4
    if answers["organised_activities"] == "yes":
        return 3
    if answers["social_contacts"] == "yes":
        return 2
    return LOWEST_RUNG


def potential_rung(answers: dict, current: int, horizon_months: int) -> int:
    """The rung reachable within ``horizon_months``: what the resident wants, capped by the hours
    they can make, lasting support (no higher than rung 5) and time (a rung per six months;
    one fewer when something else must be solved first). Never below the current rung."""
    ceiling = HOURS_CEILING[answers["hours"]]
    if answers["lasting_support"] == "yes":
        ceiling = min(ceiling, 5)
    target = {"stay": current, "step": current + 1, "paid": HIGHEST_RUNG}[answers["wish"]]
    steps = horizon_months // MONTHS_PER_RUNG
    if answers["barriers"] == "yes":
        steps -= 1
    reachable = current + max(0, steps)
    return max(current, min(target, ceiling, reachable, HIGHEST_RUNG))


def derive_ladder(answers: dict, horizon_months: int = DEFAULT_HORIZON_MONTHS) -> LadderOutcome:
    """Current rung and growth potential from the answers of the question flow."""
    answers = clean_ladder_answers(answers)
    current = current_rung(answers)
    return LadderOutcome(current, potential_rung(answers, current, horizon_months), horizon_months)


# --- Positieve Gezondheid ---------------------------------------------------------------------------

HEALTH_DIMENSIONS = [
    ("body_functions", _("Lichaamsfuncties")),
    ("mental_wellbeing", _("Mentaal welbevinden")),
    ("meaningfulness", _("Zingeving")),
    ("quality_of_life", _("Kwaliteit van leven")),
    ("participation", _("Meedoen")),
    ("daily_functioning", _("Dagelijks functioneren")),
]
HEALTH_MIN, HEALTH_MAX = 0, 10

# --- Zelfredzaamheid-Matrix -------------------------------------------------------------------------

SELF_RELIANCE_DOMAINS = [
    ("finances", _("Financiën")),
    ("work_education", _("Werk en opleiding")),
    ("time_use", _("Tijdsbesteding")),
    ("housing", _("Huisvesting")),
    ("domestic_relations", _("Huiselijke relaties")),
    ("mental_health", _("Geestelijke gezondheid")),
    ("physical_health", _("Lichamelijke gezondheid")),
    ("substance_use", _("Middelengebruik")),
    ("basic_adl", _("Basale ADL")),
    ("instrumental_adl", _("Instrumentele ADL")),
    ("social_network", _("Sociaal netwerk")),
    ("community_participation", _("Maatschappelijke participatie")),
    ("justice", _("Justitie")),
]
SELF_RELIANCE_SCALE = [
    (1, _("1 – acute problematiek")),
    (2, _("2 – niet zelfredzaam")),
    (3, _("3 – beperkt zelfredzaam")),
    (4, _("4 – voldoende zelfredzaam")),
    (5, _("5 – volledig zelfredzaam")),
]
SELF_RELIANCE_CODES = {code for code, _label in SELF_RELIANCE_DOMAINS}


def clean_self_reliance_scores(scores: dict) -> dict:
    """Known domains with a score 1–5; a domain may be left out (not scored this time)."""
    unknown = set(scores) - SELF_RELIANCE_CODES
    if unknown:
        raise ValueError(_("Onbekend domein van de Zelfredzaamheid-Matrix."))
    cleaned = {}
    for code, value in scores.items():
        if value in (None, ""):
            continue
        value = int(value)
        if not 1 <= value <= 5:
            raise ValueError(_("Een score op de Zelfredzaamheid-Matrix loopt van 1 tot en met 5."))
        cleaned[code] = value
    if not cleaned:
        raise ValueError(_("Vul ten minste één domein in."))
    return cleaned


# --- Functional limitations (categories, never diagnoses) ---------------------------------------

LIMITATION_GROUPS = [
    (
        _("Persoonlijk functioneren"),
        [
            ("attention", _("Aandacht vasthouden en concentreren")),
            ("divided_attention", _("Aandacht verdelen over meerdere taken")),
            ("remembering", _("Onthouden van instructies")),
            ("pace", _("Werktempo en tijdsdruk")),
            ("independence", _("Zelfstandig werken zonder begeleiding")),
            ("changes", _("Omgaan met onverwachte veranderingen")),
        ],
    ),
    (
        _("Sociaal functioneren"),
        [
            ("conflicts", _("Omgaan met conflicten en kritiek")),
            ("cooperation", _("Samenwerken met collega's")),
            ("public_contact", _("Contact met klanten of publiek")),
            ("emotional_load", _("Emotioneel belastend werk")),
        ],
    ),
    (
        _("Fysieke omgeving"),
        [
            ("noise", _("Lawaai en drukte")),
            ("climate", _("Hitte, kou of tocht")),
            ("protective_gear", _("Dragen van beschermende middelen")),
            ("vision", _("Zien")),
            ("hearing", _("Horen")),
        ],
    ),
    (
        _("Bewegen en houdingen"),
        [
            ("lifting", _("Tillen en dragen")),
            ("walking", _("Lopen")),
            ("stairs", _("Traplopen en klimmen")),
            ("kneeling", _("Knielen, hurken en bukken")),
            ("reaching", _("Reiken en boven schouderhoogte werken")),
            ("fine_motor", _("Fijne handbewegingen")),
            ("sitting", _("Langdurig zitten")),
            ("standing", _("Langdurig staan")),
        ],
    ),
    (
        _("Werktijden"),
        [
            ("hours_per_day", _("Beperkt aantal uren per dag")),
            ("hours_per_week", _("Beperkt aantal uren per week")),
            ("evening_night", _("Avond- of nachtwerk")),
            ("fixed_rhythm", _("Vaste dagen en tijden nodig")),
        ],
    ),
]
LIMITATIONS = {code: label for _group, items in LIMITATION_GROUPS for code, label in items}
LIMITATION_CHOICES = [
    (str(group), [(code, label) for code, label in items]) for group, items in LIMITATION_GROUPS
]

# --- What a resident can consent to share with a partner ---------------------------------------

SHARE_CATEGORIES = [
    ("talents", _("talenten en vaardigheden")),
    ("ambitions", _("ambities en wat de inwoner motiveert")),
    ("hours", _("uren per week beschikbaar")),
    ("limitations", _("functionele beperkingen (categorieën)")),
    ("ladder", _("trede op de participatieladder")),
    ("arrangement", _("huidige regeling (soort en uren)")),
]
SHARE_CODES = {code for code, _label in SHARE_CATEGORIES}
