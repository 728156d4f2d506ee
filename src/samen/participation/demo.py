"""Demo data of the participation module: invented residents with three years of history.

Everything here is invented: the names are random combinations of common Dutch first names and
surnames, the BSNs are generated numbers that pass the 11-proof (``bsn.generate_bsns``), addresses
are made up. No real person is meant. The random generator is seeded, so every run produces the
same residents; a resident that already exists (same municipality and BSN) is left alone, so
``load_demo`` can run again.

There are enough of them (1,950 over the four municipalities, a few hundred on benefit in each at
any time) that the reporting dashboards show real figures rather than "<10" everywhere: residents
come in and leave over six half-years, climb (and sometimes slip back) on the ladder, switch
arrangements along the usual pathways, leave for work and partly come back within a year. Each
story is worked out in memory first and all residents are then written with one bulk insert per
table, so loading stays quick.

Maarten (seed 003, "Het is 2019..." and "Het is 2022...") is the handcrafted story in Nederweert:
creative day care on Thursday afternoons, a step to work-oriented day care in wood, and in 2021 the
switch to beschut werk as an assistant in the woodworking shop (with UWV's advice), while the
Thursday afternoon stays. Nothing in his dossier names a diagnosis: the talent profile records
what helps him (a fixed rhythm, no sudden changes), as functional-limitation categories.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.utils import timezone

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.models import Membership, User
from samen.accounts.roles import Role
from samen.regions.models import Municipality

from . import services, switching
from .bsn import generate_bsns
from .instruments import HEALTH_DIMENSIONS, SELF_RELIANCE_DOMAINS, potential_rung
from .models import (
    Arrangement,
    BenefitEpisode,
    Consent,
    ContactMoment,
    Dossier,
    HealthAssessment,
    LadderAssessment,
    Pillar,
    Plan,
    Resident,
    SelfRelianceAssessment,
    Talent,
    TalentProfile,
    TargetGroupRegistration,
    normalise_name,
)

SEED = 20200121  # the date of seed 004's start memo
PARTNER = "partner@samen.demo"

#: Extra case workers so that the rule "only your own municipality" can be seen (invented people).
CASE_WORKERS = [
    ("klantmanager@samen.demo", "Karin Klantmanager", "GM1509"),  # made by accounts.demo
    ("klantmanager.weert@samen.demo", "Wouter Klantmanager", "GM0988"),
    ("klantmanager.nederweert@samen.demo", "Nadia Klantmanager", "GM0946"),
    ("klantmanager.cranendonck@samen.demo", "Cor Klantmanager", "GM1706"),
]

#: (CBS code, residents, first BSN prefix, places with postal-code ranges)
MUNICIPALITIES = [
    (
        "GM1509",
        550,
        31_000_000,
        [
            ("Ulft", 7071),
            ("Gendringen", 7081),
            ("Varsseveld", 7051),
            ("Terborg", 7061),
            ("Silvolde", 7064),
        ],
    ),
    ("GM0988", 600, 32_000_000, [("Weert", 6001), ("Weert", 6004), ("Stramproy", 6039)]),
    ("GM0946", 400, 33_000_000, [("Nederweert", 6031), ("Ospel", 6035), ("Leveroy", 6036)]),
    ("GM1706", 400, 34_000_000, [("Budel", 6021), ("Maarheeze", 6026), ("Soerendonk", 6027)]),
]

GIVEN_NAMES = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Eva",
    "Fatima",
    "Gijs",
    "Hanneke",
    "Ibrahim",
    "Jeroen",
    "Kim",
    "Lotte",
    "Mohammed",
    "Noor",
    "Olga",
    "Pieter",
    "Quinten",
    "Rik",
    "Sanne",
    "Tim",
    "Umut",
    "Vera",
    "Wim",
    "Yara",
    "Zeynep",
    "Anouk",
    "Bas",
    "Carla",
    "Dirk",
    "Esther",
    "Femke",
    "Gert",
    "Hasan",
    "Iris",
    "Joost",
    "Karima",
    "Lars",
    "Mirjam",
    "Nina",
    "Olaf",
    "Priya",
    "Roel",
    "Sofie",
    "Thijs",
    "Vincent",
    "Wendy",
    "Youssef",
    "Agnieszka",
    "Marek",
    "Tesfay",
    "Selam",
    "Oksana",
    "Dmytro",
    "Henk",
    "Truus",
    "Jan",
    "Marieke",
    "Ton",
    "Ria",
    "Sven",
    "Lieke",
]
SURNAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("", "Willems"),
    ("", "Claessens"),
    ("", "Geurts"),
    ("", "Bongers"),
    ("", "Hermans"),
    ("", "Wijnen"),
    ("", "Lemmens"),
    ("", "Tiemessen"),
    ("", "Wissink"),
    ("", "Te Brake"),
    ("", "Bussink"),
    ("", "Heuvelink"),
    ("", "Tekin"),
    ("", "El Idrissi"),
    ("", "Kowalski"),
    ("", "Yilmaz"),
    ("", "Bosman"),
    ("", "Gerritsen"),
    ("", "Rutten"),
    ("van", "Dongen"),
    ("", "Kuijpers"),
    ("", "Haile"),
    ("", "Kovalenko"),
    ("", "Aydın"),
    ("", "Nieuwenhuis"),
    ("ter", "Horst"),
]
STREETS = [
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Schoolstraat",
    "Stationsstraat",
    "Julianastraat",
    "Beatrixlaan",
    "Lindenlaan",
    "Eikenlaan",
    "Nieuwstraat",
    "Markt",
    "Hoofdstraat",
    "Kastanjelaan",
    "Industrieweg",
    "Parallelweg",
]

#: Invented providers and employers per kind (used when no network organisation fits).
PROVIDERS = {
    Arrangement.Kind.DAYCARE: [
        "Dagbesteding Het Ambacht",
        "Atelier De Kleurrijke Brug",
        "Zorgboerderij De Hoge Weide",
    ],
    Arrangement.Kind.WORK_DAYCARE: [
        "Werkplaats De Spaander",
        "Dagbesteding Het Ambacht",
        "Kringloopwerkplaats Het Rad",
    ],
    Arrangement.Kind.SHELTERED_WORK: [
        "Houtwerkplaats De Spaander",
        "Groenteam Beschut",
        "Inpakcentrum De Schakel",
    ],
    Arrangement.Kind.JOB_GUARANTEE: [
        "Supermarkt De Markthal",
        "Groenbedrijf De Linde",
        "Metaalbedrijf Terborg",
    ],
    Arrangement.Kind.WSW: ["Werkbedrijf (Wsw)"],
    Arrangement.Kind.REGULAR_SUPPORTED: [
        "Installatiebedrijf Warmtewerk",
        "Bakkerij Van den Berg",
        "Logistiek Centrum Oost",
    ],
    Arrangement.Kind.REGULAR: [
        "Bouwbedrijf Oude IJssel",
        "Schoonmaakbedrijf Glans",
        "Zorgcentrum De Linde",
    ],
    Arrangement.Kind.VOLUNTEERING: [
        "Vrijwilligerscentrale Midden-Kempen",
        "Voedselbank",
        "Repair Café",
    ],
    Arrangement.Kind.SOCIAL_PARTICIPATION: [
        "Buurthuis De Ontmoeting",
        "Taalcafé",
        "Mantelzorgpunt De Schakel",
    ],
    Arrangement.Kind.EDUCATION: ["Vakcollege De Werkplaats", "Taalschool", "Leerwerkplek Techniek"],
}
#: Pathways: per rung the kind of arrangement a resident on that pathway has (None: none). Each
#: resident follows one, so the switches gather on the usual steps — dagbesteding → arbeidsmatige
#: dagbesteding → beschut werk, scholing → vrijwilligerswerk → werk met ondersteuning → regulier
#: werk — as they do in practice, instead of scattering over every pair of kinds.
K = Arrangement.Kind
PATHWAYS = {
    "care": {
        1: None,
        2: K.SOCIAL_PARTICIPATION,
        3: K.DAYCARE,
        4: K.WORK_DAYCARE,
        5: K.SHELTERED_WORK,
        6: K.REGULAR,
    },
    "learning": {
        1: None,
        2: None,
        3: K.EDUCATION,
        4: K.VOLUNTEERING,
        5: K.REGULAR_SUPPORTED,
        6: K.REGULAR,
    },
    "guarantee": {
        1: None,
        2: K.SOCIAL_PARTICIPATION,
        3: K.SOCIAL_PARTICIPATION,
        4: K.VOLUNTEERING,
        5: K.JOB_GUARANTEE,
        6: K.REGULAR,
    },
    "work_first": {
        1: None,
        2: None,
        3: K.SOCIAL_PARTICIPATION,
        4: K.WORK_DAYCARE,
        5: K.REGULAR_SUPPORTED,
        6: K.REGULAR,
    },
}
PATHWAY_WEIGHTS = {"care": 35, "learning": 25, "guarantee": 20, "work_first": 20}
HOURS_FOR_RUNG = {1: 2, 2: 4, 3: 8, 4: 12, 5: 20, 6: 28}

#: The history the demo invents: three years up to today, a ladder measurement every half-year.
HISTORY_MONTHS = 36
HALF_YEAR = 182
#: Of the residents, the share already on benefit when the history starts (the others come in
#: during the three years), and for them how long they had been on it: (months, weight).
ALREADY_ON_BENEFIT = 0.55
MONTHS_ON_BENEFIT = [((1, 5), 15), ((6, 11), 15), ((12, 23), 20), ((24, 59), 25), ((60, 150), 25)]
#: The rung at the first measurement, rungs 1..6 (residents on benefit a while start lower).
FIRST_RUNG_WEIGHTS = {"long": [13, 26, 33, 16, 9, 3], "new": [7, 17, 32, 22, 15, 7]}
#: Per half-year: the chance of a step up, of finding a job straight away (to rung 6) and of a
#: step back on the ladder, per rung.
STEP_UP = {1: 0.22, 2: 0.2, 3: 0.17, 4: 0.17, 5: 0.15, 6: 0.0}
JOB_FOUND = {1: 0.0, 2: 0.0, 3: 0.04, 4: 0.08, 5: 0.0, 6: 0.0}
STEP_BACK = {1: 0.0, 2: 0.04, 3: 0.05, 4: 0.05, 5: 0.05, 6: 0.08}
#: Per half-year, on rung 5 or 6 without a step: leaving the benefit for (more) paid work.
WORK_ON_RUNG = {5: 0.26, 6: 0.5}
#: Per half-year: moving to another municipality, or no longer needing the benefit for another
#: reason (a partner's income, a pension); both close the dossier.
MOVES_AWAY, OTHER_EXIT = 0.03, 0.025
#: Of those who left for work: back on benefit within 12 months (the reuse rule, seed 004).
COMES_BACK = 0.25
#: After leaving for work the dossier stays open for six months' aftercare (nazorg).
AFTERCARE_DAYS = 183
#: Shares of special stories: old Wsw rights (before 2015), a dossier closed before 2015 that the
#: retention list offers for destruction.
WSW_SHARE, CLOSED_LONG_AGO_SHARE = 0.03, 0.02
#: Positieve Gezondheid: daily functioning and the body score higher, meaning and taking part lower
#: (so the six averages differ, as they do in practice).
HEALTH_OFFSET = {
    "body_functions": 1,
    "mental_wellbeing": 0,
    "meaningfulness": -1,
    "quality_of_life": 0,
    "participation": -1,
    "daily_functioning": 1,
}
LIMITATION_CODES = [
    "pace",
    "changes",
    "lifting",
    "standing",
    "noise",
    "hours_per_day",
    "fixed_rhythm",
    "public_contact",
]
AMBITIONS = [
    "Weer een vast ritme en iets om voor op te staan.",
    "Werken met mijn handen, het liefst buiten.",
    "Een betaalde baan, ook als het eerst een paar uur is.",
    "Mijn Nederlands verbeteren en dan een opleiding doen.",
    "Iets betekenen voor de buurt.",
    "Een diploma halen in de zorg.",
    "Zelfstandig ondernemer worden met een klein bedrijfje.",
]
MOTIVATIONS = [
    "Trots zijn op wat ik maak.",
    "Collega's om me heen; thuis zit ik te veel alleen.",
    "Mijn kinderen laten zien dat werken loont.",
    "Rust, ritme en vaste mensen om me heen.",
    "Anderen helpen.",
    "Geld verdienen en niet meer afhankelijk zijn.",
]
CONTACT_SUMMARIES = [
    "Kennismaking; besproken wat de inwoner bezighoudt en motiveert.",
    "Plan doorgenomen; de inwoner wil een stap zetten.",
    "Evaluatie met de aanbieder erbij; het gaat goed, ritme is opgebouwd.",
    "Telefonisch contact over de wissel van regeling.",
    "Huisbezoek: thuissituatie besproken, netwerk in kaart gebracht.",
    "Voortgang besproken; de inwoner is tevreden over de werkplek.",
]
EVENT_SUMMARIES = {
    "work": "Uitstroom naar werk besproken; een half jaar nazorg afgesproken.",
    "back": "Tijdelijk contract niet verlengd; terug in de uitkering. Gegevens van de vorige periode hergebruikt.",
    "aftercare": "Nazorg afgerond; de inwoner redt zich zonder uitkering. Dossier afgesloten.",
    "moved": "De inwoner verhuist naar een andere gemeente; dossier afgesloten en overgedragen.",
    "other": "Geen uitkering meer nodig (inkomen van de partner); dossier afgesloten.",
}
GOALS = {
    Pillar.Kind.WORK: "Stap voor stap naar (meer) werk dat past.",
    Pillar.Kind.PARTICIPATION: "Meedoen in de buurt en een zinvolle dag.",
    Pillar.Kind.INCOME: "Inkomen op orde; geen nieuwe schulden.",
}


@dataclass
class Stint:
    """One arrangement in a resident's story; ``switched``: it follows the previous one directly."""

    kind: str
    started_on: date
    rung: int
    ended_on: date | None = None
    end_reason: str = ""
    switched: bool = False


@dataclass
class Story:
    """What happens to one invented resident over the three years (worked out before any row is
    written, so that all residents can be written in a handful of bulk inserts)."""

    municipality: Municipality
    bsn: str
    data: dict
    opened_on: date
    benefit: str
    pathway: str
    hours: str
    wish: str
    talents: list[str] = field(default_factory=list)
    limitations: list[str] = field(default_factory=list)
    consent: bool = False
    wsw_since: date | None = None
    measurements: list[tuple[date, int]] = field(default_factory=list)  # (day, confirmed rung)
    episodes: list[tuple[date, date | None, str]] = field(default_factory=list)
    stints: list[Stint] = field(default_factory=list)
    contacts: list[tuple[date, str]] = field(default_factory=list)  # (day, event or "")
    left_for_work: bool = False
    closed_on: date | None = None
    closing_reason: str = ""


def load(context: dict) -> None:
    """Create the case workers and the invented residents of the four demo municipalities.

    Written without entries in the change trail (django-auditlog): the trail records what people
    change, and writing one for every invented row would double the time to load the demo.
    """
    with disable_auditlog():
        _load(context)


def _load(context: dict) -> None:
    case_workers = _case_workers(context)
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    start = services.add_months(today.replace(day=1), -HISTORY_MONTHS)
    talents = dict(Talent.objects.filter(is_active=True).order_by("code").values_list("code", "pk"))
    talent_codes = list(talents)
    for cbs_code, count, bsn_start, places in MUNICIPALITIES:
        municipality = Municipality.objects.get(cbs_code=cbs_code)
        known = set(
            Resident.objects.filter(municipality=municipality).values_list("bsn", flat=True)
        )
        # Every story is invented, also for residents that exist already: the generator then stays
        # in step, so that a second run invents the same people.
        stories = [
            _invent(rng, municipality, bsn, places, start, today, talent_codes)
            for bsn in generate_bsns(bsn_start, count)
        ]
        _write([s for s in stories if s.bsn not in known], case_workers.get(cbs_code), talents)
    _maarten(case_workers.get("GM0946"))
    _examples_for_oude_ijsselstreek(case_workers.get("GM1509"), today)


def _stable(*parts) -> int:
    """A number from the parts that is the same in every run (str hashes are salted per run)."""
    return zlib.crc32(repr(parts).encode())


def _case_workers(context) -> dict[str, User]:
    rows = context.setdefault("logins", [])
    users = {}
    for email, name, cbs_code in CASE_WORKERS:
        municipality = Municipality.objects.get(cbs_code=cbs_code)
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.update_or_create(
            user=user,
            role=Role.CASE_WORKER,
            municipality=municipality,
            region=None,
            defaults={"valid_from": date(2019, 1, 1)},
        )
        users[cbs_code] = user
        if not any(row[0] == email for row in rows):
            rows.append((email, str(Role.CASE_WORKER.label), municipality.name))
    return users


def _organisations(municipality):
    from samen.network.models import Organisation

    return list(Organisation.objects.filter(region_id=municipality.region_id).order_by("name"))


# --- Inventing a resident's story ------------------------------------------------------------------


def _invent(rng, municipality, bsn, places, start, today, talent_codes) -> Story:
    prefix, surname = rng.choice(SURNAMES)
    city, postcode = rng.choice(places)
    age = rng.randint(19, 64)
    born = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    data = {
        "given_names": rng.choice(GIVEN_NAMES),
        "surname_prefix": prefix,
        "surname": surname,
        "date_of_birth": born,
        "street": rng.choice(STREETS),
        "house_number": str(rng.randint(1, 180)),
        "postal_code": f"{postcode + rng.randint(0, 3)} {rng.choice('ABCDEGHJKLMNPRST')}{rng.choice('ABCDEGHJKLMNPRST')}",
        "city": city,
        "phone": f"06{rng.randint(10_000_000, 99_999_999)}",
        "email": "",
    }
    story = Story(
        municipality=municipality,
        bsn=bsn,
        data=data,
        opened_on=start,
        benefit="ioaw" if age >= 55 and rng.random() < 0.5 else "bijstand",
        pathway=rng.choices(list(PATHWAY_WEIGHTS), weights=list(PATHWAY_WEIGHTS.values()))[0],
        hours=rng.choice(["up_to_8", "up_to_20", "up_to_20", "over_20"]),
        wish=rng.choice(["step", "step", "paid", "stay"]),
        talents=rng.sample(talent_codes, rng.randint(3, 8)) if talent_codes else [],
        limitations=rng.sample(LIMITATION_CODES, rng.randint(0, 3)),
        consent=rng.random() < 0.12,
    )
    special = rng.random()
    if special < CLOSED_LONG_AGO_SHARE:
        _closed_long_ago(rng, story)
        return story
    if rng.random() < ALREADY_ON_BENEFIT:
        low, high = rng.choices(
            [band for band, _w in MONTHS_ON_BENEFIT], weights=[w for _b, w in MONTHS_ON_BENEFIT]
        )[0]
        story.opened_on = services.add_months(start, -rng.randint(low, high)) - timedelta(
            days=rng.randint(0, 27)
        )
        first_day = start + timedelta(days=rng.randint(0, 75))
        weights = FIRST_RUNG_WEIGHTS["long"]
    else:
        story.opened_on = start + timedelta(days=rng.randint(0, (today - start).days - 50))
        first_day = story.opened_on + timedelta(days=rng.randint(10, 45))
        weights = FIRST_RUNG_WEIGHTS["new"]
    rung = rng.choices([1, 2, 3, 4, 5, 6], weights=weights)[0]
    if special < CLOSED_LONG_AGO_SHARE + WSW_SHARE:
        story.wsw_since = date(rng.randint(2004, 2013), rng.randint(1, 12), 1)
        story.opened_on = min(story.opened_on, story.wsw_since)
        story.stints.append(Stint(K.WSW, story.wsw_since, 5))
        rung = 5
    story.episodes.append((story.opened_on, None, ""))
    _live(rng, story, first_day, rung, today)
    return story


def _closed_long_ago(rng, story) -> None:
    """A dossier from before Samen, closed more than ten years ago (the retention list)."""
    closed = date(rng.randint(2012, 2014), rng.randint(1, 12), 15)
    story.opened_on = date(closed.year - 3, 3, 1)
    story.episodes.append((story.opened_on, closed, BenefitEpisode.EndReason.MOVED))
    story.closed_on, story.closing_reason = closed, Dossier.ClosingReason.MOVED
    story.consent = False


def _live(rng, story: Story, day: date, rung: int, today: date) -> None:
    """Half-year by half-year: a measurement, sometimes a step up or back (and with it a switch of
    arrangement), and the ways out — to work (sometimes back within a year), moving, no longer
    needed. Nothing happens after ``today``."""
    first = True
    while day <= today:
        if not first and not story.wsw_since:
            roll = rng.random()
            if roll < STEP_UP[rung]:
                rung += 1
            elif roll < STEP_UP[rung] + JOB_FOUND[rung]:
                rung = 6
            elif roll < STEP_UP[rung] + JOB_FOUND[rung] + STEP_BACK[rung]:
                rung -= 1
        previous = story.measurements[-1][1] if story.measurements else rung
        if not story.wsw_since:
            _arrange(story, PATHWAYS[story.pathway][rung], day, rung)
        story.measurements.append((day, rung))
        story.contacts.append((day, ""))
        if not first:
            to_work = not story.wsw_since and (
                (rung == 6 and previous < 6) or rng.random() < WORK_ON_RUNG.get(rung, 0)
            )
            if to_work:
                rung = _leave_for_work(rng, story, day, rung, today)
                if rung is None:
                    return
                day = story.episodes[-1][0] + timedelta(days=rng.randint(14, 40))
                first = True
                continue
            roll = rng.random()
            if roll < MOVES_AWAY + OTHER_EXIT:
                leaves = day + timedelta(days=rng.randint(20, 160))
                if leaves <= today:
                    _close(story, leaves, "moved" if roll < MOVES_AWAY else "other")
                    return
        first = False
        day += timedelta(days=HALF_YEAR + rng.randint(-10, 10))


def _leave_for_work(rng, story: Story, day: date, rung: int, today: date) -> int | None:
    """The benefit ends the day before the work starts. A quarter come back within a year (a step
    back on the ladder and in their arrangement); the rest close after six months of aftercare.
    Returns the rung to go on with, or None when the story ends here."""
    left = day - timedelta(days=1)
    started, *_rest = story.episodes.pop()
    story.episodes.append((started, left, BenefitEpisode.EndReason.WORK))
    story.left_for_work = True
    story.contacts[-1] = (day, "work")
    if rng.random() < COMES_BACK:
        back = left + timedelta(days=rng.randint(60, 330))
        if back > today:
            return None  # still at work (or not back yet)
        story.episodes.append((back, None, ""))
        story.contacts.append((back, "back"))
        rung = max(2, rung - rng.randint(1, 2))
        _arrange(
            story,
            PATHWAYS[story.pathway][rung],
            back,
            rung,
            "Contract niet verlengd; terug naar een vertrouwde plek",
        )
        return rung
    closes = left + timedelta(days=AFTERCARE_DAYS + rng.randint(0, 30))
    if closes <= today:
        _close(story, closes, "aftercare")
    return None


def _close(story: Story, day: date, why: str) -> None:
    reason = {
        "moved": Dossier.ClosingReason.MOVED,
        "other": Dossier.ClosingReason.NO_LONGER_NEEDED,
        "aftercare": Dossier.ClosingReason.WORK,
    }[why]
    started, ended, end_reason = story.episodes[-1]
    if ended is None:
        end = BenefitEpisode.EndReason.MOVED if why == "moved" else BenefitEpisode.EndReason.OTHER
        story.episodes[-1] = (started, day, end)
    for stint in story.stints:
        if stint.ended_on is None:
            stint.ended_on, stint.end_reason = day, "Dossier afgesloten"
    story.closed_on, story.closing_reason = day, reason
    story.contacts.append((day, why))
    story.consent = False


def _arrange(story: Story, kind, day: date, rung: int, reason: str = "") -> None:
    """Start, switch or end the arrangement so that ``kind`` runs from ``day`` (a switch ends the
    current one the day before: no gap, no overlap, as ``switching.switch_arrangement`` does)."""
    current = story.stints[-1] if story.stints and story.stints[-1].ended_on is None else None
    if current is not None and (current.kind == kind or day <= current.started_on):
        return
    if current is None:
        if kind is not None:
            story.stints.append(Stint(kind, day, rung))
        return
    current.ended_on = day - timedelta(days=1)
    if kind is None:
        current.end_reason = "Gestopt; eerst thuis weer op krachten komen"
        return
    current.end_reason = reason or (
        "Stap omhoog op de ladder" if rung > current.rung else "Even een stapje terug"
    )
    story.stints.append(Stint(kind, day, rung, switched=True))


# --- Writing the stories, in bulk ------------------------------------------------------------------


def _write(stories: list[Story], actor, talents: dict[str, int]) -> None:
    """All rows of these residents in one bulk insert per table (``register_resident`` and the
    other services do the same per resident, with their checks; the stories keep to those rules:
    beschut werk with UWV's advice, Wsw only with rights from before 2015, a garantiebaan after
    the doelgroepregister, benefit periods that do not overlap)."""
    if not stories:
        return
    municipality = stories[0].municipality
    organisations = _organisations(municipality)
    partner_orgs = [o for o in organisations if o.members.filter(user__email=PARTNER).exists()]
    residents = Resident.objects.bulk_create(
        Resident(
            municipality=municipality,
            bsn=story.bsn,
            search_name=normalise_name(
                f"{story.data['given_names']} {story.data['surname_prefix']} {story.data['surname']}"
            ),
            **story.data,
        )
        for story in stories
    )
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            resident=resident,
            municipality=municipality,
            opened_on=story.opened_on,
            status=Dossier.Status.CLOSED if story.closed_on else Dossier.Status.OPEN,
            closed_on=story.closed_on,
            closing_reason=story.closing_reason,
            created_by=actor,
        )
        for resident, story in zip(residents, stories, strict=True)
    )
    pairs = list(zip(dossiers, stories, strict=True))
    _write_pillars_plans_profiles(pairs, actor, talents)
    BenefitEpisode.objects.bulk_create(
        BenefitEpisode(
            dossier=dossier, kind=story.benefit, started_on=start, ended_on=end, end_reason=reason
        )
        for dossier, story in pairs
        for start, end, reason in story.episodes
    )
    arrangements = _write_arrangements(pairs, actor, organisations)
    _write_measurements(pairs, actor, arrangements)
    consents = [(d, s) for d, s in pairs if s.consent and s.measurements and organisations]
    Consent.objects.bulk_create(
        Consent(
            dossier=dossier,
            # Every other consent goes to the demo partner's organisation (partner@samen.demo).
            organisation=_consent_organisation(story.bsn, organisations, partner_orgs),
            shared=["talents", "ambitions", "hours", "ladder"],
            form=Consent.Form.WRITTEN,
            given_on=story.measurements[-1][0],
            recorded_by=actor,
        )
        for dossier, story in consents
    )


def _consent_organisation(bsn, organisations, partner_orgs):
    pool = partner_orgs if partner_orgs and _stable(bsn) % 2 else organisations
    return pool[_stable(bsn) % len(pool)]


def _write_pillars_plans_profiles(pairs, actor, talents) -> None:
    pillars = []
    for dossier, story in pairs:
        done = story.closed_on is not None
        for kind in Pillar.Kind:
            status = (
                "done" if done or (kind == Pillar.Kind.WORK and story.left_for_work) else "active"
            )
            pillars.append(
                Pillar(
                    dossier=dossier, kind=kind, case_worker=actor, status=status, goals=GOALS[kind]
                )
            )
    Pillar.objects.bulk_create(pillars)
    Plan.objects.bulk_create(
        Plan(
            dossier=dossier,
            agreed_goals=GOALS[Pillar.Kind.WORK],
            actions="Inwoner: afspraken nakomen. Klantmanager: contact met de aanbieder. Samen: elk half jaar evalueren.",
            agreed_on=story.measurements[0][0] if story.measurements else story.opened_on,
            review_on=(story.measurements[-1][0] if story.measurements else story.opened_on)
            + timedelta(days=HALF_YEAR),
            updated_by=actor,
        )
        for dossier, story in pairs
    )
    profiles = TalentProfile.objects.bulk_create(
        TalentProfile(
            dossier=dossier,
            ambitions=AMBITIONS[int(story.bsn[-3:]) % len(AMBITIONS)],
            motivation=MOTIVATIONS[int(story.bsn[-3:]) % len(MOTIVATIONS)],
            hours_per_week={"up_to_8": 8, "up_to_20": 16, "over_20": 24}[story.hours],
            limitations=story.limitations,
            updated_by=actor,
        )
        for dossier, story in pairs
    )
    Through = TalentProfile.talents.through
    Through.objects.bulk_create(
        Through(talentprofile_id=profile.pk, talent_id=talents[code])
        for profile, (_dossier, story) in zip(profiles, pairs, strict=True)
        for code in story.talents
        if code in talents
    )


def _write_arrangements(pairs, actor, organisations) -> dict[int, list[Arrangement]]:
    """The arrangements, one bulk insert per position in the chain: a switch refers to the
    arrangement before it, which must have its id by then."""
    written: dict[int, list[Arrangement]] = {dossier.pk: [] for dossier, _story in pairs}
    registrations = []
    position = 0
    while True:
        batch = []
        for dossier, story in pairs:
            if position >= len(story.stints):
                continue
            stint = story.stints[position]
            provider, provider_name = _provider(stint.kind, organisations, int(story.bsn[-4:]))
            if stint.kind == K.JOB_GUARANTEE:
                registrations.append(
                    TargetGroupRegistration(
                        dossier=dossier,
                        status="registered",
                        per_date=stint.started_on - timedelta(days=45),
                        source="UWV via Suwinet",
                        recorded_by=actor,
                    )
                )
            batch.append(
                Arrangement(
                    dossier=dossier,
                    kind=stint.kind,
                    started_on=stint.started_on,
                    ended_on=stint.ended_on,
                    end_reason=stint.end_reason,
                    provider=provider,
                    provider_name=provider_name,
                    hours_per_week=Decimal(
                        32 if stint.kind == K.WSW else HOURS_FOR_RUNG[stint.rung]
                    ),
                    support=Arrangement.Support.JOB_COACH
                    if stint.kind == K.REGULAR_SUPPORTED
                    else "",
                    uwv_advice_on=stint.started_on - timedelta(days=40)
                    if stint.kind == K.SHELTERED_WORK
                    else None,
                    switched_from=written[dossier.pk][-1] if stint.switched else None,
                    created_by=actor,
                )
            )
        if not batch:
            break
        for arrangement in Arrangement.objects.bulk_create(batch):
            written[arrangement.dossier_id].append(arrangement)
        position += 1
    TargetGroupRegistration.objects.bulk_create(registrations)
    return written


def _provider(kind, organisations, rng_key: int):
    names = PROVIDERS[kind]
    name = names[rng_key % len(names)]
    for organisation in organisations:
        if organisation.name == name:
            return organisation, organisation.name
    return None, name


def _answers_for(rung, story) -> dict:
    return {
        "paid_work": "yes" if rung >= 5 else "no",
        **({"paid_work_support": "yes" if rung == 5 else "no"} if rung >= 5 else {}),
        "unpaid_work": "yes" if rung == 4 else "no",
        "organised_activities": "yes" if rung >= 3 else "no",
        "social_contacts": "yes" if rung >= 2 else "no",
        "wish": story.wish,
        "hours": story.hours,
        "lasting_support": "no",
        "barriers": "no",
    }


def _write_measurements(pairs, actor, arrangements) -> None:
    ladders, healths, zrms, contacts = [], [], [], []
    today = timezone.localdate()
    for dossier, story in pairs:
        key = int(story.bsn[-3:])
        for index, (day, rung) in enumerate(story.measurements):
            answers = _answers_for(rung, story)
            ladders.append(
                LadderAssessment(
                    dossier=dossier,
                    assessed_on=day,
                    assessor=actor,
                    answers=answers,
                    current_rung=rung,
                    confirmed_rung=rung,
                    potential_rung=potential_rung(answers, rung, 12),
                    horizon_months=12,
                    suggested_rung=switching.suggested_rung(arrangements[dossier.pk], day),
                )
            )
            # Positieve Gezondheid goes with the rung, and a little up the longer someone is helped.
            base = 3 + rung // 2 + min(index, 4) // 2
            healths.append(
                HealthAssessment(
                    dossier=dossier,
                    assessed_on=day,
                    assessor=actor,
                    **{
                        code: max(
                            0,
                            min(
                                10,
                                base
                                + HEALTH_OFFSET[code]
                                + _stable(story.bsn, code, index) % 5
                                - 2,
                            ),
                        )
                        for code, _l in HEALTH_DIMENSIONS
                    },
                )
            )
            if index % 2 == 0:
                zrms.append(
                    SelfRelianceAssessment(
                        dossier=dossier,
                        assessed_on=day,
                        assessor=actor,
                        scores={
                            code: max(1, min(5, 1 + rung // 2 + _stable(story.bsn, code) % 3))
                            for code, _l in SELF_RELIANCE_DOMAINS
                        },
                    )
                )
        for number, (day, event) in enumerate(story.contacts):
            contacts.append(
                ContactMoment(
                    dossier=dossier,
                    occurred_on=min(day + timedelta(days=3 if not event else 0), today),
                    channel=["office", "home_visit", "phone", "on_site"][(key + number) % 4],
                    summary=EVENT_SUMMARIES.get(event)
                    or CONTACT_SUMMARIES[(key + number) % len(CONTACT_SUMMARIES)],
                    recorded_by=actor,
                )
            )
    LadderAssessment.objects.bulk_create(ladders)
    HealthAssessment.objects.bulk_create(healths)
    SelfRelianceAssessment.objects.bulk_create(zrms)
    ContactMoment.objects.bulk_create(contacts)


# --- Maarten (seed 003) ---------------------------------------------------------------------------

MAARTEN_BSN = "390000012"  # generated; outside the ranges of the random residents


def _maarten(actor) -> None:
    """Seed 003's Maarten in Nederweert: creative day care (2019) -> beschut werk (2021)."""
    municipality = Municipality.objects.get(cbs_code="GM0946")
    if Resident.objects.filter(municipality=municipality, bsn=MAARTEN_BSN).exists():
        return
    organisations = _organisations(municipality)
    resident = services.register_resident(
        municipality,
        MAARTEN_BSN,
        {
            "given_names": "Maarten",
            "surname": "Peeters",
            "date_of_birth": date(1985, 5, 14),
            "street": "Brugstraat",
            "house_number": "7",
            "postal_code": "6031 EG",
            "city": "Nederweert",
            "phone": "",
            "email": "",
        },
        actor=actor,
    )
    dossier = resident.dossier
    Dossier.objects.filter(pk=dossier.pk).update(opened_on=date(2019, 2, 1))
    dossier.refresh_from_db()
    services.add_benefit_episode(dossier, kind="bijstand", started_on=date(2017, 6, 1))
    creative, creative_name = _named(organisations, "Dagbesteding Het Ambacht")
    Draft = switching.Draft
    switching.start_arrangement(
        Draft(
            dossier,
            Arrangement.Kind.DAYCARE,
            date(2019, 3, 7),
            provider=creative,
            provider_name=f"{creative_name} (creatieve dagbesteding, donderdagmiddag)",
            hours_per_week=Decimal("3.5"),
        ),
        actor=actor,
    )
    wood, wood_name = _named(organisations, "Werkpad Re-integratie")
    work_daycare = switching.start_arrangement(
        Draft(
            dossier,
            Arrangement.Kind.WORK_DAYCARE,
            date(2020, 3, 2),
            provider=wood,
            provider_name=f"{wood_name} (houtwerkplaats)",
            hours_per_week=Decimal(8),
        ),
        actor=actor,
    )
    TargetGroupRegistration.objects.create(
        dossier=dossier,
        status="registered",
        per_date=date(2020, 12, 1),
        source="UWV via Suwinet",
        recorded_by=actor,
    )
    switching.switch_arrangement(
        work_daycare,
        Draft(
            dossier,
            Arrangement.Kind.SHELTERED_WORK,
            date(2021, 1, 4),
            provider=wood,
            provider_name=f"{wood_name} (assistent houtbewerking)",
            hours_per_week=Decimal(12),
            uwv_advice_on=date(2020, 11, 16),
            uwv_advice_reference="UWV advies beschut werk (demo)",
        ),
        reason="Ritme opgebouwd; wil meer verantwoordelijkheid: drie middagen assistent in de houtbewerking",
        actor=actor,
    )
    timeline = [
        # (date, rung, answers that differ from "nothing", wish, hours, lasting support, barriers)
        (
            date(2019, 3, 14),
            3,
            {"organised_activities": "yes", "social_contacts": "yes"},
            "step",
            "up_to_8",
            "yes",
            "yes",
        ),
        (
            date(2020, 3, 12),
            4,
            {"unpaid_work": "yes", "organised_activities": "yes", "social_contacts": "yes"},
            "step",
            "up_to_20",
            "yes",
            "no",
        ),
        (
            date(2021, 6, 10),
            5,
            {
                "paid_work": "yes",
                "paid_work_support": "yes",
                "organised_activities": "yes",
                "social_contacts": "yes",
            },
            "stay",
            "up_to_20",
            "yes",
            "no",
        ),
        (
            date(2022, 1, 13),
            5,
            {
                "paid_work": "yes",
                "paid_work_support": "yes",
                "organised_activities": "yes",
                "social_contacts": "yes",
            },
            "stay",
            "up_to_20",
            "yes",
            "no",
        ),
    ]
    for day, rung, yes, wish, hours, lasting, barriers in timeline:
        answers = {
            "paid_work": "no",
            "unpaid_work": "no",
            "organised_activities": "no",
            "social_contacts": "no",
            **yes,
            "wish": wish,
            "hours": hours,
            "lasting_support": lasting,
            "barriers": barriers,
        }
        services.record_ladder_assessment(
            dossier,
            answers=answers,
            assessed_on=day,
            assessor=actor,
            confirmed_rung=rung,
            deviation_note="",
        )
    for day, scores in [
        (date(2019, 3, 14), (4, 2, 3, 3, 2, 3)),
        (date(2020, 3, 12), (5, 4, 5, 4, 5, 5)),
        (date(2022, 1, 13), (6, 7, 8, 7, 8, 7)),
    ]:
        services.record_health_assessment(
            dossier,
            scores={
                code: value for (code, _l), value in zip(HEALTH_DIMENSIONS, scores, strict=True)
            },
            assessed_on=day,
            assessor=actor,
            filled_in="together",
        )
    services.record_self_reliance_assessment(
        dossier,
        scores={
            "finances": 2,
            "time_use": 2,
            "housing": 4,
            "social_network": 2,
            "community_participation": 2,
            "work_education": 2,
        },
        assessed_on=date(2019, 3, 14),
        assessor=actor,
    )
    services.record_self_reliance_assessment(
        dossier,
        scores={
            "finances": 3,
            "time_use": 4,
            "housing": 4,
            "social_network": 4,
            "community_participation": 4,
            "work_education": 4,
        },
        assessed_on=date(2022, 1, 13),
        assessor=actor,
    )
    profile = dossier.talent_profile
    services.update_talent_profile(
        profile,
        profile.version,
        {
            "talents": list(
                Talent.objects.filter(
                    code__in=[
                        "houtbewerking",
                        "zagen-en-schuren",
                        "schilderen-op-doek",
                        "nauwkeurig-werken",
                        "afspraken-nakomen",
                        "samenwerken-in-een-team",
                    ]
                )
            ),
            "ambitions": "Meer verantwoordelijkheid in de houtwerkplaats; ooit zelf meubels maken.",
            "motivation": "Rust en ritme, vaste mensen om zich heen, iets maken waar hij trots op is. Ziet zijn ouders weer regelmatig.",
            "hours_per_week": 16,
            "limitations": ["changes", "pace", "fixed_rhythm"],
        },
        actor=actor,
    )
    services.save_versioned(
        dossier.plan,
        dossier.plan.version,
        {
            "agreed_goals": "Niet alles tegelijk veranderen; met vaste begeleiding stap voor stap meer verantwoordelijkheid.",
            "actions": "Maarten: drie middagen houtbewerking, donderdag creatieve dagbesteding. Klantmanager: elk kwartaal overleg met de begeleiders samen met Maarten.",
            "agreed_on": date(2021, 1, 4),
            "review_on": date(2022, 7, 1),
            "updated_by": actor,
        },
    )
    for day, channel, summary in [
        (
            date(2019, 2, 1),
            "home_visit",
            "Kennismaking in de woongroep. Maarten wil graag meer doen, maar niet alles tegelijk. Hij wil iets met hout.",
        ),
        (
            date(2020, 2, 20),
            "on_site",
            "Samen met de begeleiders van de dagbesteding: voortaan één gezamenlijk overleg in plaats van losse gesprekken.",
        ),
        (
            date(2020, 12, 10),
            "office",
            "UWV-advies beschut werk is positief. Wissel naar beschut werk per 4 januari besproken; donderdagmiddag blijft.",
        ),
        (
            date(2022, 1, 13),
            "on_site",
            "Evaluatie: Maarten werkt een jaar als assistent in de houtbewerking en zit lekker in zijn vel.",
        ),
    ]:
        services.add_contact_moment(
            dossier, occurred_on=day, channel=channel, summary=summary, actor=actor
        )
    Pillar.objects.filter(dossier=dossier).update(status="active")
    shares = {
        "Werkpad Re-integratie": [
            "talents",
            "ambitions",
            "hours",
            "limitations",
            "ladder",
            "arrangement",
        ],
        "Welzijnsstichting Samen Verder": ["talents", "ambitions", "ladder"],
    }
    for partner_org in organisations:
        if partner_org.name not in shares:
            continue
        services.give_consent(
            dossier,
            organisation=partner_org,
            shared=shares[partner_org.name],
            form=Consent.Form.WRITTEN,
            given_on=date(2021, 1, 4),
            actor=actor,
        )


def _named(organisations, name):
    for organisation in organisations:
        if organisation.name == name:
            return organisation, organisation.name
    return None, name


# --- Two handcrafted stories for the Oude IJsselstreek case worker ---------------------------------


def _examples_for_oude_ijsselstreek(actor, today) -> None:
    """Back to benefit within 12 months after work (the reuse rule), and a garantiebaan."""
    municipality = Municipality.objects.get(cbs_code="GM1509")
    base = {
        "street": "Hoofdstraat",
        "postal_code": "7071 AB",
        "city": "Ulft",
        "phone": "",
        "email": "",
    }
    if not Resident.objects.filter(municipality=municipality, bsn="390000024").exists():
        sanne = services.register_resident(
            municipality,
            "390000024",
            {
                **base,
                "given_names": "Sanne",
                "surname": "Wissink",
                "date_of_birth": date(1991, 8, 2),
                "house_number": "14",
            },
            actor=actor,
        ).dossier
        left = today - timedelta(days=240)
        services.add_benefit_episode(
            sanne,
            kind="bijstand",
            started_on=today - timedelta(days=900),
            ended_on=left,
            end_reason="work",
        )
        services.add_benefit_episode(sanne, kind="bijstand", started_on=today - timedelta(days=30))
        services.add_contact_moment(
            sanne,
            occurred_on=today - timedelta(days=28),
            channel="office",
            summary="Tijdelijk contract niet verlengd; terug in de bijstand. Gegevens van de vorige periode hergebruikt.",
            actor=actor,
        )
    if not Resident.objects.filter(municipality=municipality, bsn="390000036").exists():
        ahmed = services.register_resident(
            municipality,
            "390000036",
            {
                **base,
                "given_names": "Ahmed",
                "surname": "Tekin",
                "date_of_birth": date(1988, 1, 20),
                "house_number": "3",
            },
            actor=actor,
        ).dossier
        volunteering = switching.start_arrangement(
            switching.Draft(
                ahmed,
                Arrangement.Kind.VOLUNTEERING,
                today - timedelta(days=500),
                provider_name="Kringloop Oude IJssel",
                hours_per_week=Decimal(12),
            ),
            actor=actor,
        )
        TargetGroupRegistration.objects.create(
            dossier=ahmed,
            status="registered",
            per_date=today - timedelta(days=200),
            source="UWV via Suwinet",
            recorded_by=actor,
        )
        switching.switch_arrangement(
            volunteering,
            switching.Draft(
                ahmed,
                Arrangement.Kind.JOB_GUARANTEE,
                today - timedelta(days=120),
                provider_name="Metaalbedrijf Terborg",
                hours_per_week=Decimal(24),
            ),
            reason="Garantiebaan gevonden via de banenafspraak",
            actor=actor,
        )
