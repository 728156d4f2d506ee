"""Demo data of the reporting module (runs last in ``load_demo``; idempotent).

- The two cost programmes of seed 000 (aanjager € 170.000 from July 2019 to December 2021,
  experimenteerruimte € 100.000 a year 2019–2021), split by population over Cranendonck, Nederweert
  and Weert: the cost overview shows the seed's two tables to the euro.
- The besluitvormingsmomenten of seed 004's table for Oude IJsselstreek. The dates on which college,
  committee and council dealt with them are demo values (the seed only plans them); two are left
  open so the controller's worklist has overdue items.
- For "Samen aan de slag" the twice-yearly raadsinformatiebrief (seed 000) as milestones around
  today, so the calendar also shows what is coming.
- One finalised and one draft council letter (see ``load_letters``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from samen.regions.models import AllocationKey, Municipality

from .milestones import quarterly_windows
from .models import Milestone, MilestoneDocument, Programme
from .periods import add_months, half_year_of, month_end

SEED_000 = "Raadsvoorstel 'Samen aan de slag!' (Weert, DJ-694895, maart 2019)"
SEED_004 = "Startnotitie opbouw uitvoering Participatiewet Oude IJsselstreek (21 januari 2020)"
KEY_NAME = "Aanjager en experimenteerruimte 2019-2021"
DEMO_NOTE = "Data van behandeling zijn demowaarden; de startnotitie plant alleen de momenten."

PROGRAMMES = [
    {
        "name": "Aanjager",
        "description": (
            "Formatie voor een aanjager van 16 uur per week, van 1 juli 2019 tot en met "
            "31 december 2021. Naar rato van het aantal inwoners per gemeente."
        ),
        "budgeting": Programme.Budgeting.TOTAL,
        "amount": Decimal("170000.00"),
        "starts_on": date(2019, 7, 1),
        "ends_on": date(2021, 12, 31),
    },
    {
        "name": "Experimenteerruimte",
        "description": (
            "Financiële experimenteerruimte voor de jaren 2019, 2020 en 2021; de stuurgroep zet "
            "haar in op basis van het toetsingskader. Naar rato van het aantal inwoners."
        ),
        "budgeting": Programme.Budgeting.PER_YEAR,
        "amount": Decimal("100000.00"),
        "starts_on": date(2019, 1, 1),
        "ends_on": date(2021, 12, 31),
    },
]

CMO = "commissie MO"
# (title, when as in the seed, window start, due, (college, committee, council), handled dates)
SEED_004_MILESTONES = [
    (
        "Startnotitie vaststellen",
        "jan - febr 2020",
        date(2020, 1, 1),
        date(2020, 2, 29),
        (True, True, True),
        (date(2020, 1, 28), date(2020, 2, 10), date(2020, 2, 27)),
    ),
    (
        "Uitvoeringsprincipes vaststellen",
        "jun 2020",
        date(2020, 6, 1),
        date(2020, 6, 30),
        (True, True, True),
        (date(2020, 6, 2), date(2020, 6, 15), date(2020, 6, 25)),
    ),
    (
        "Implementatieplan vaststellen",
        "jul - sept 2020",
        date(2020, 7, 1),
        date(2020, 9, 30),
        (True, False, False),
        (date(2020, 9, 15), None, None),
    ),
    (
        "Inhoudelijk en financieel kader 2021 – 2024 vaststellen (gemeentebegroting)",
        "okt - nov 2020",
        date(2020, 10, 1),
        date(2020, 11, 30),
        (True, True, True),
        (date(2020, 10, 6), date(2020, 10, 26), date(2020, 11, 12)),
    ),
    (
        "Jaarplan 2021 vaststellen",
        "nov - dec 2020",
        date(2020, 11, 1),
        date(2020, 12, 31),
        (True, False, False),
        (date(2020, 12, 15), None, None),
    ),
    (
        "Evaluatie: quick scan (april/mei 2021)",
        "april/mei 2021",
        date(2021, 4, 1),
        date(2021, 5, 31),
        (True, True, True),
        (date(2021, 5, 25), date(2021, 6, 7), date(2021, 6, 24)),
    ),
    (
        "Evaluatie: quick scan (juli 2021)",
        "juli 2021",
        date(2021, 7, 1),
        date(2021, 7, 31),
        (True, True, True),
        (date(2021, 7, 13), None, None),  # committee and council still open: overdue
    ),
    (
        "Evaluatie: eerste uitvoeringsjaar",
        "jan – febr 2022",
        date(2022, 1, 1),
        date(2022, 2, 28),
        (True, True, True),
        (None, None, None),  # not dealt with: overdue
    ),
]
PROJECT_START, PROJECT_END = date(2020, 1, 1), date(2021, 6, 30)


def load(context: dict) -> None:
    """Programmes, milestones and council letters of the demo regions."""
    regions = context["regions"]
    samen = regions["Samen aan de slag"]
    load_programmes(samen)
    load_seed_004_milestones(regions["Oude IJsselstreek"])
    load_letter_milestones(samen, timezone.localdate())
    load_letters(context)


def load_programmes(region) -> list[Programme]:
    key = AllocationKey.objects.get(region=region, name=KEY_NAME)
    scheme_uuid = _experiment_scheme_uuid(region)
    programmes = []
    for spec in PROGRAMMES:
        linked = scheme_uuid if spec["name"] == "Experimenteerruimte" else None
        programme, _ = Programme.objects.update_or_create(
            region=region,
            name=spec["name"],
            defaults={
                **{k: v for k, v in spec.items() if k != "name"},
                "allocation_key": key,
                "decision_reference": SEED_000,
                "grant_scheme_uuid": linked,
            },
        )
        programmes.append(programme)
    return programmes


def _experiment_scheme_uuid(region):
    """The grants demo's experiment scheme, when the grants module is there (for actuals)."""
    from .kpis import grants as grants_kpis
    from .kpis.sources import model

    if not grants_kpis.ledger_available():
        return None
    scheme = (
        model("grants.GrantScheme")
        .objects.filter(region=region, name__icontains="experiment")
        .order_by("opens_on")
        .first()
    )
    return scheme.uuid if scheme else None


def _milestone(region, municipality, title, defaults) -> Milestone:
    milestone, _ = Milestone.objects.update_or_create(
        region=region, municipality=municipality, title=title, defaults=defaults
    )
    return milestone


def load_seed_004_milestones(region) -> None:
    municipality = Municipality.objects.get(cbs_code="GM1509")
    for title, when, start, due, bodies, handled in SEED_004_MILESTONES:
        college, committee, council = bodies
        milestone = _milestone(
            region,
            municipality,
            title,
            {
                "kind": Milestone.Kind.DECISION,
                "when_label": when,
                "window_starts_on": start,
                "due_on": due,
                "by_college": college,
                "by_committee": committee,
                "committee_name": CMO if committee else "",
                "by_council": council,
                "college_on": handled[0],
                "committee_on": handled[1],
                "council_on": handled[2],
                "source": SEED_004,
                "description": DEMO_NOTE,
            },
        )
        if title == "Startnotitie vaststellen":
            MilestoneDocument.objects.update_or_create(
                milestone=milestone,
                title="Startnotitie opbouw uitvoering Participatiewet Oude IJsselstreek",
                defaults={"reference": "versie 21 januari 2020"},
            )
    # "Informeren over voortgang: doorlopend per kwartaal" over the project period (seed 004 §4).
    windows = quarterly_windows(PROJECT_START, PROJECT_END)
    for number, (label, start, end) in enumerate(windows):
        last = number == len(windows) - 1
        _milestone(
            region,
            municipality,
            f"Informeren over voortgang ({label})",
            {
                "kind": Milestone.Kind.INFORMATION,
                "when_label": f"doorlopend per kwartaal: {label}",
                "window_starts_on": start,
                "due_on": end,
                "by_college": True,
                "by_committee": True,
                "committee_name": CMO,
                "by_council": False,
                "college_on": end.replace(day=min(end.day, 20)),
                # The last quarter's update has not reached the committee: overdue.
                "committee_on": None if last else add_months(end, 1).replace(day=10),
                "council_on": None,
                "source": SEED_004,
                "description": DEMO_NOTE,
            },
        )


def load_letter_milestones(region, today: date) -> None:
    """Twice a year a raadsinformatiebrief (seed 000): the last two half-years and the next one.

    Dates are computed from ``today``: each letter covers a half-year and is due two months after
    it ends. The previous letters are marked as sent (demo values), the current one is open.
    """
    current = half_year_of(today)
    previous = half_year_of(add_months(current.start, -1))
    before = half_year_of(add_months(previous.start, -1))
    for period, handled in ((before, True), (previous, True), (current, False)):
        start = add_months(period.end.replace(day=1), 1)
        due = month_end(*_year_month(add_months(start, 1)))
        _milestone(
            region,
            None,
            f"Raadsinformatiebrief {period.label}",
            {
                "kind": Milestone.Kind.INFORMATION,
                "when_label": "",
                "window_starts_on": start,
                "due_on": due,
                "by_college": True,
                "by_committee": False,
                "committee_name": "",
                "by_council": True,
                "college_on": start.replace(day=14) if handled else None,
                "council_on": due.replace(day=min(due.day, 25)) if handled else None,
                "source": SEED_000 + ": 'twee keer per jaar … middels een raadsinformatiebrief'",
                "description": "Data berekend vanaf vandaag; behandeldata zijn demowaarden.",
            },
        )


def _year_month(day: date) -> tuple[int, int]:
    return day.year, day.month


def load_letters(context: dict) -> None:
    """The 2021-H1 letter of "Samen aan de slag", finalised and archived, and a 2021-H2 draft."""
    from samen.accounts.models import User

    from . import letters
    from .models import CouncilLetter
    from .periods import parse_period

    region = context["regions"]["Samen aan de slag"]
    sender = Municipality.objects.get(cbs_code="GM0988")
    controller = User.objects.filter(email="controller@samen.demo").first()
    load_continuation_milestones(region)
    for code, letter_date, texts in (
        ("2021-H1", date(2021, 7, 15), LETTER_2021_H1),
        ("2021-H2", date(2022, 1, 20), LETTER_2021_H2),
    ):
        period = parse_period(code)
        letter, created = CouncilLetter.objects.get_or_create(
            region=region,
            municipality=sender,
            period=code,
            defaults={
                "period_start": period.start,
                "period_end": period.end,
                "subject": letters.default_subject(region, period),
                "letter_date": letter_date,
                "created_by": controller,
                "updated_by": controller,
                **texts,
            },
        )
        if not letter.is_final and code == "2021-H1":
            letters.finalise(letter, controller)


LETTER_2021_H1 = {
    "introduction": (
        "Zoals toegezegd bij de vaststelling van de nota 'Samen aan de slag!' informeren wij u "
        "twee keer per jaar over de voortgang. Deze brief gaat over het eerste halfjaar van 2021.\n\n"
        "De actielijnen lopen, de aanjager ondersteunt de trekkers en de experimenteerregeling "
        "is volop in gebruik. De cijfers in deze brief komen rechtstreeks uit Samen; aantallen van "
        "minder dan tien inwoners tonen wij niet, zodat niemand herkenbaar is."
    ),
    "decisions_text": (
        "De aanjager en de experimenteerruimte zijn begroot tot en met 31 december 2021. Wij "
        "leggen u dit najaar een voorstel voor over het vervolg."
    ),
    "closing": "Voor vragen kunt u contact opnemen met de aanjager van Samen aan de slag.",
}
LETTER_2021_H2 = {
    "introduction": "Concept: de inleiding volgt na het overleg in de stuurgroep.",
    "decisions_text": "",
    "closing": "",
}


def load_continuation_milestones(region) -> None:
    """Seed 000: the budgets run to 31 December 2021, so the councils decide on what follows."""
    _milestone(
        region,
        None,
        "Besluit over het vervolg van aanjager en experimenteerruimte na 2021",
        {
            "kind": Milestone.Kind.DECISION,
            "when_label": "september – november 2021",
            "window_starts_on": date(2021, 9, 1),
            "due_on": date(2021, 11, 30),
            "by_college": True,
            "by_committee": False,
            "committee_name": "",
            "by_council": True,
            "college_on": date(2021, 10, 5),
            "council_on": date(2021, 11, 11),
            "source": SEED_000 + ": kosten begroot tot en met 31 december 2021",
            "description": "Behandeldata zijn demowaarden.",
        },
    )
    _milestone(
        region,
        None,
        "Raadsinformatiebrief eerste halfjaar 2021",
        {
            "kind": Milestone.Kind.INFORMATION,
            "when_label": "juli 2021",
            "window_starts_on": date(2021, 7, 1),
            "due_on": date(2021, 8, 31),
            "by_college": True,
            "by_committee": False,
            "committee_name": "",
            "by_council": True,
            "college_on": date(2021, 7, 13),
            "council_on": date(2021, 9, 2),
            "source": SEED_000 + ": 'twee keer per jaar … middels een raadsinformatiebrief'",
            "description": "Behandeldata zijn demowaarden.",
        },
    )
