"""Demo data of the action lines: eight lines of the kind seed 003 names, with their history.

Seed 003 says eight action lines came out of the 24-hour conference (§5.2) and names the themes
around them (matching work and talent, Simpel Switchen, Positieve Gezondheid, §1 and §3.4); the
titles, texts and people here are invented. Reports run over 2020–2021, the years of the
experiment scheme (seed 001), with one more recent half-yearly report per line so that today's
worklist is realistic: one line ("Positieve Gezondheid in de praktijk", the line that grew out of an
accepted initiative) still has gaps. One platform meeting was held (October 2020, Cranendonck,
first in the rotation); one new initiative waits for the aanjager.

Runs after the network loader and uses its organisations, values and trekker1..8@samen.demo; when
those are missing it creates the few it needs. Idempotent: everything is keyed on natural keys or on
fixed UUIDs.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.models import Membership, User
from samen.accounts.roles import Role
from samen.network.models import Organisation, OrganisationMember, SharedValue, StakeholderGroup

from .models import (
    ActionLine,
    ActionLineLead,
    Commitment,
    CriterionCheck,
    Follow,
    FollowUp,
    Initiative,
    Meeting,
    MeetingDecision,
    MunicipalityRole,
    ProgressReport,
    ReportVersion,
    StatusChange,
    ValueFit,
)
from .services import add_months, fix_agenda

REGION = "Samen aan de slag"
NAMESPACE = uuid.UUID("6f1c1f52-3a4e-4c8b-9a57-0d1e5c2b7a10")  # for the demo's fixed UUIDs
VALUE_TITLES = [
    "Loslaten is lef hebben",
    "We organiseren nabijheid",
    "De behoefte van de inwoner staat centraal",
    "Integraal werken in het sociaal domein",
    "De kracht van duurzame samenwerking",
    "Talentontwikkeling",
]
C, N, W = "Cranendonck", "Nederweert", "Weert"

#: title, aim, values, lead (e-mail, name, organisation, group), partners, roles {municipality: (role, why)}
LINES = [
    {
        "title": "Werk en talent: matchen op wat iemand kan",
        "aim": "Beschikbaar werk koppelen aan de talenten van inwoners, in plaats van cv's en vacatures te "
        "schuiven. Werkgevers, uitzendbureaus en re-integratiebedrijven vullen elkaar aan, zodat een "
        "werkzoekende snel op de juiste plek zit.",
        "values": [6, 5],
        "lead": (
            "trekker1@samen.demo",
            "Lotte Smeets",
            "Werkpad Re-integratie",
            "Re-integratiebedrijven",
        ),
        "partners": [
            "Werkpad Re-integratie",
            "Talentbrug Jobcoaching",
            "Logistiek Centrum Kempenpoort",
            "Bakkerij Het Gouden Korenaar",
            "Ondernemerskring Weert-Zuid",
        ],
        "roles": {
            W: ("regisseren", "Weert brengt werkgevers en het werkgeversservicepunt samen."),
            N: ("stimuleren", "Nederweert stelt de klantmanagers vrij voor de matchdagen."),
            C: ("faciliteren", "Cranendonck biedt een locatie voor de matchdagen in Budel."),
        },
        "start": date(2018, 12, 1),
    },
    {
        "title": "Simpel Switchen in de participatieketen",
        "aim": "Inwoners stappen zonder drempels over tussen dagbesteding, beschut werk, een garantiebaan en "
        "regulier werk, en weer terug als dat nodig is, zonder hun rechten kwijt te raken.",
        "values": [1, 3, 4],
        "lead": ("trekker2@samen.demo", "Bram Janssen", "Dagbesteding Het Ambacht", "Zorg"),
        "partners": [
            "Dagbesteding Het Ambacht",
            "Sociale Onderneming De Draaischijf",
            "Participatiebedrijf Stappenplan",
            "Beschermd Wonen De Bongerd",
        ],
        "roles": {
            W: ("reguleren", "Weert past de beleidsregels voor beschut werk aan."),
            N: ("regisseren", "Nederweert voert de regie over de afspraken met aanbieders."),
            C: ("regisseren", "Cranendonck sluit aan bij de afspraken van Weert en Nederweert."),
        },
        "start": date(2018, 12, 1),
    },
    {
        "title": "Jongeren aan zet: leren en werken",
        "aim": "Jongeren zonder startkwalificatie vinden een leerwerkplek bij een bedrijf in de regio en "
        "maken hun opleiding af in de praktijk.",
        "values": [6, 2],
        "lead": ("trekker3@samen.demo", "Noor Hendriks", "Vakcollege De Werkplaats", "Onderwijs"),
        "partners": [
            "Vakcollege De Werkplaats",
            "Praktijkschool Het Kompas",
            "Leerwerkhuis Midden",
            "Jongerenwerk De Spil",
        ],
        "roles": {
            W: ("stimuleren", "Weert financiert de coördinatie voor twee jaar."),
            N: ("stimuleren", "Nederweert legt contact met de bedrijven in de gemeente."),
            C: ("faciliteren", "Cranendonck stelt de bibliotheek open als leerplek."),
        },
        "start": date(2019, 2, 1),
    },
    {
        "title": "Ondernemers maken ruimte",
        "aim": "Ondernemers bieden werkplekken, stages en garantiebanen aan inwoners met een afstand tot de "
        "arbeidsmarkt, met begeleiding op de werkvloer door een jobcoach.",
        "values": [5, 6],
        "lead": (
            "trekker4@samen.demo",
            "Sander Peeters",
            "Installatiebedrijf Warmtewerk",
            "Bedrijfsleven",
        ),
        "partners": [
            "Installatiebedrijf Warmtewerk",
            "Hoveniersbedrijf Groenrijk",
            "Leerwerkbedrijf Groen & Doen",
            "Drukkerij De Letterbak",
        ],
        "roles": {
            W: ("faciliteren", "Weert regelt loonkostensubsidie snel en zonder gedoe."),
            N: ("faciliteren", "Nederweert regelt loonkostensubsidie snel en zonder gedoe."),
            C: ("loslaten", "De ondernemers in Cranendonck regelen het onderling."),
        },
        "start": date(2019, 3, 1),
    },
    {
        "title": "Samen tegen eenzaamheid",
        "aim": "Eenzame ouderen en jongeren vinden aansluiting via buurtnetwerken, maatjes en vrijwilligers; "
        "huisartsen en wijkverpleging signaleren wie eenzaam is.",
        "values": [2, 3],
        "lead": ("trekker5@samen.demo", "Ilse Coenen", "Mantelzorgpunt De Schakel", "Welzijn"),
        "partners": [
            "Mantelzorgpunt De Schakel",
            "Ouderenvereniging Zilverwerk",
            "Maatjesproject Hand in Hand",
            "Welzijnsstichting Samen Verder",
        ],
        "roles": {
            W: ("stimuleren", "Weert betaalt de training van vrijwilligers."),
            N: ("faciliteren", "Nederweert stelt het gemeenschapshuis beschikbaar."),
            C: ("loslaten", "In Cranendonck draaien de buurtnetwerken zelfstandig."),
        },
        "start": date(2018, 12, 1),
    },
    {
        "title": "Wonen en meedoen in de wijk",
        "aim": "Inwoners blijven langer prettig wonen in hun eigen buurt: woningcorporaties, zorg en welzijn "
        "signaleren samen en regelen ondersteuning dichtbij.",
        "values": [2, 4],
        "lead": (
            "trekker6@samen.demo",
            "Joep Vossen",
            "Woningcorporatie Thuis in de Kempen",
            "Wonen en vrije tijd",
        ),
        "partners": [
            "Woningcorporatie Thuis in de Kempen",
            "Woonstichting Maasland Wonen",
            "Buurtkracht Weert-Noord",
            "Thuiszorg Aan de Maas",
        ],
        "roles": {
            W: ("regisseren", "Weert maakt prestatieafspraken met de corporaties."),
            N: ("regisseren", "Nederweert maakt prestatieafspraken met de corporaties."),
            C: ("stimuleren", "Cranendonck ondersteunt de wijkteams."),
        },
        "start": date(2019, 1, 15),
    },
    {
        "title": "Vrijwilligerswerk als opstap",
        "aim": "Vrijwilligerswerk is een volwaardige plek om mee te doen en talenten te ontwikkelen, en voor "
        "wie dat wil een opstap naar betaald werk.",
        "values": [1, 6],
        "lead": (
            "trekker7@samen.demo",
            "Maud Geurts",
            "Vrijwilligerscentrale Midden-Kempen",
            "Inwoners/vrijwilligers",
        ),
        "partners": [
            "Vrijwilligerscentrale Midden-Kempen",
            "Repair Café De Sleutel",
            "Omnisportvereniging De Sprinter",
            "Bibliotheek De Boekenbrug",
        ],
        "roles": {
            W: ("faciliteren", "Weert stelt de vrijwilligersvacaturebank beschikbaar."),
            N: ("faciliteren", "Nederweert stelt de vrijwilligersvacaturebank beschikbaar."),
            C: ("faciliteren", "Cranendonck stelt de vrijwilligersvacaturebank beschikbaar."),
        },
        "start": date(2019, 1, 15),
        # Paused in the 2021 lockdown, resumed when activities restarted.
        "history": [
            (
                date(2021, 1, 15),
                "paused",
                "Door de coronamaatregelen ligt vrijwilligerswerk grotendeels stil.",
            ),
            (date(2021, 6, 1), "active", "De activiteiten zijn weer opgestart."),
        ],
    },
    {
        # Grew out of the accepted initiative below; still incomplete (no partner, no role in
        # Cranendonck, no recent report) so that the aanjager's worklist has work.
        "title": "Positieve Gezondheid in de praktijk",
        "aim": "Huisartsen, wijkverpleging en welzijn voeren met inwoners het gesprek over Positieve "
        "Gezondheid, zodat meedoen en zingeving net zo vanzelfsprekend ter sprake komen als klachten.",
        "values": [3, 4],
        "lead": (
            "trekker8@samen.demo",
            "Koen Wijnen",
            "Huisartsencoöperatie Zuidwest",
            "Zorg",
        ),
        "partners": [],
        "roles": {
            W: (
                "stimuleren",
                "Weert betaalt de scholing in het gesprek over Positieve Gezondheid.",
            ),
            N: ("faciliteren", "Nederweert stelt ruimte in het gezondheidscentrum beschikbaar."),
        },
        "start": date(2020, 6, 1),
        "no_recent_report": True,
    },
]

#: Half-yearly reports per line: (year, half, light, summary). Texts for the other parts are built.
REPORTS = {
    0: [
        (
            2019,
            2,
            "green",
            "Eerste twee matchdagen: 34 werkzoekenden, 12 werkgevers, 9 plaatsingen.",
        ),
        (2020, 1, "orange", "Corona legt de matchdagen stil; gesprekken gaan één op één verder."),
        (2020, 2, "green", "Online matchen werkt: 15 plaatsingen, vooral in logistiek en zorg."),
        (
            2021,
            1,
            "green",
            "Talentenkaart in gebruik bij drie re-integratiebedrijven; 21 plaatsingen.",
        ),
        (
            2021,
            2,
            "green",
            "Werkgevers vragen zelf om talentprofielen; uitbreiding naar Cranendonck.",
        ),
    ],
    1: [
        (2019, 2, "orange", "Afspraken over terugkeerrecht liggen bij de juristen."),
        (
            2020,
            1,
            "orange",
            "Pilot met acht deelnemers gestart; regels rond loonwaarde knellen nog.",
        ),
        (2020, 2, "green", "Zes deelnemers zijn geswitcht zonder hun plek kwijt te raken."),
        (2021, 1, "green", "Beleidsregel 'terugkeergarantie' vastgesteld in Weert en Nederweert."),
    ],
    2: [
        (2020, 1, "orange", "Leerwerkplekken vallen weg door corona; 11 jongeren in de wacht."),
        (2020, 2, "green", "Alle 11 jongeren weer geplaatst; vier halen hun startkwalificatie."),
        (2021, 2, "green", "27 leerwerkplekken; bedrijven uit Nederweert sluiten aan."),
    ],
    3: [
        (2020, 1, "red", "Ondernemers hebben het zwaar door corona; geen nieuwe plekken."),
        (2020, 2, "orange", "Zes nieuwe plekken; jobcoaching op de werkvloer is een knelpunt."),
        (2021, 1, "green", "Vaste jobcoach per cluster van bedrijven; 14 garantiebanen."),
    ],
    4: [
        (2020, 1, "orange", "Ontmoeting ligt stil; bel- en wandelmaatjes als alternatief."),
        (2020, 2, "green", "140 wandel- en belmaatjes gekoppeld; huisartsen verwijzen door."),
        (
            2021,
            1,
            "green",
            "Eenzaamheid vaker gesignaleerd door wijkverpleging; 60 nieuwe koppels.",
        ),
    ],
    5: [
        (2020, 1, "green", "Signaleringsoverleg corporaties–wijkteams elke maand in drie wijken."),
        (2020, 2, "green", "Twaalf huurders met schulden vroeg geholpen; geen huisuitzettingen."),
        (2021, 2, "orange", "Wachtlijst beschermd wonen drukt op de wijken; extra overleg nodig."),
    ],
    6: [
        (2020, 1, "orange", "Minder vrijwilligers beschikbaar; digitale vacaturebank opgezet."),
        (2020, 2, "green", "Acht vrijwilligers doorgestroomd naar betaald werk."),
        (2021, 2, "green", "Na de herstart 90 nieuwe vrijwilligers, onder wie 20 statushouders."),
    ],
    7: [
        (2020, 2, "orange", "Twaalf huisartsen en zes wijkverpleegkundigen geschoold."),
        (
            2021,
            1,
            "orange",
            "Het gesprek wordt gevoerd, maar doorverwijzen naar welzijn blijft lastig.",
        ),
    ],
}
#: Second versions: (line index, year, half, new light, new summary, what changed)
CORRECTIONS = [
    (
        0,
        2020,
        2,
        "green",
        "Online matchen werkt: 17 plaatsingen, vooral in logistiek en zorg.",
        "Aantal plaatsingen gecorrigeerd (17 i.p.v. 15).",
    ),
    (
        4,
        2021,
        1,
        "orange",
        "Eenzaamheid vaker gesignaleerd; 60 nieuwe koppels, maar te weinig vrijwilligers in Weert-Zuid.",
        "Knelpunt vrijwilligers toegevoegd; stoplicht naar oranje.",
    ),
]
#: Short updates between reports: (line index, date, text)
UPDATES = [
    (0, date(2020, 3, 20), "De matchdag van april gaat niet door; we bellen alle deelnemers."),
    (
        2,
        date(2021, 3, 10),
        "Twee nieuwe leerbedrijven in Nederweert: een garage en een zorgboerderij.",
    ),
    (4, date(2020, 11, 5), "Huisartsen in Budel verwijzen nu ook door naar het maatjesproject."),
]

MEETING_DATE = date(2020, 10, 8)
INITIATIVE_ACCEPTED = uuid.uuid5(NAMESPACE, "initiative-positieve-gezondheid")
INITIATIVE_PROPOSED = uuid.uuid5(NAMESPACE, "initiative-taalcafe")


def load(context: dict) -> None:
    """Lines, leads, partners, roles, reports (with versions), one meeting and two initiatives."""
    region = context["regions"][REGION]
    values = _values(region, context)
    municipalities = {m.name: m for m in region.municipalities.all()}
    aanjager = User.objects.filter(email="aanjager@samen.demo").first()
    lines = []
    for spec in LINES:
        line = _line(region, spec, values, municipalities, context)
        lines.append(line)
        if aanjager:
            Follow.objects.get_or_create(action_line=line, user=aanjager)
    _initiatives(region, values, lines, aanjager, context)
    for index, line in enumerate(lines):
        _reports(line, index, until=MEETING_DATE)
    _meeting(region, municipalities, lines, context, aanjager)
    for index, line in enumerate(lines):
        _reports(line, index)
        _updates(line, index)
        if not LINES[index].get("no_recent_report"):
            _recent_report(line)
    _corrections(lines)


# --- Network objects (from the network loader, or made here when it did not run) ---------------


def _values(region, context) -> dict[int, SharedValue]:
    values = context.get("values") or {
        v.number: v for v in SharedValue.objects.filter(region=region)
    }
    for number, title in enumerate(VALUE_TITLES, start=1):
        if number not in values:
            values[number], _ = SharedValue.objects.get_or_create(
                region=region, number=number, defaults={"title": title}
            )
    return values


def _organisation(region, name: str, group: str, context) -> Organisation:
    known = context.get("organisations", {}).get(name)
    if known:
        return known
    stakeholder_group, _ = StakeholderGroup.objects.get_or_create(name=group)
    organisation, _ = Organisation.objects.get_or_create(
        region=region, name=name, defaults={"stakeholder_group": stakeholder_group}
    )
    return organisation


def _lead_member(region, lead, context) -> OrganisationMember:
    email, name, organisation_name, group = lead
    organisation = _organisation(region, organisation_name, group, context)
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        context.setdefault("logins", []).append((email, str(Role.PARTNER.label), region.name))
    Membership.objects.get_or_create(
        user=user, role=Role.PARTNER, region=region, defaults={"valid_from": date(2019, 1, 1)}
    )
    member, _ = OrganisationMember.objects.get_or_create(organisation=organisation, user=user)
    return member


# --- Lines --------------------------------------------------------------------------------------


def _line(region, spec, values, municipalities, context) -> ActionLine:
    line, _ = ActionLine.objects.update_or_create(
        region=region,
        title=spec["title"],
        defaults={"aim": spec["aim"], "start_date": spec["start"]},
    )
    line.values.set(values[n] for n in spec["values"])
    member = _lead_member(region, spec["lead"], context)
    ActionLineLead.objects.update_or_create(
        action_line=line,
        user=member.user,
        defaults={"organisation": member.organisation, "since": spec["start"]},
    )
    Follow.objects.get_or_create(action_line=line, user=member.user)
    group = spec["lead"][3]
    for name in spec["partners"]:
        organisation = _organisation(region, name, group, context)
        Commitment.objects.get_or_create(
            action_line=line, organisation=organisation, defaults={"since": spec["start"]}
        )
    for municipality_name, (role, explanation) in spec["roles"].items():
        MunicipalityRole.objects.update_or_create(
            action_line=line,
            municipality=municipalities[municipality_name],
            defaults={"role": role, "explanation": explanation},
        )
    _history(line, spec.get("history", []))
    return line


def _history(line, steps) -> None:
    status = ActionLine.Status.ACTIVE
    for on, target, reason in steps:
        StatusChange.objects.get_or_create(
            action_line=line,
            changed_on=on,
            to_status=target,
            defaults={"from_status": status, "reason": reason},
        )
        status = target
    if steps and line.status != status:
        line.status = status
        line.save(update_fields=["status"])


# --- Reports ------------------------------------------------------------------------------------


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _period(year: int, half: int) -> tuple[date, date]:
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (date(year, 7, 1), date(year, 12, 31))
    )


def _texts(line, summary: str, light: str) -> dict:
    return {
        "summary": summary,
        "done": f"Overleg met de partners van '{line.title}', bijeenkomsten in de drie gemeenten en "
        "gesprekken met inwoners over wat zij nodig hebben.",
        "results": summary,
        "needed": {
            "green": "Vooral: zo doorgaan, en de ervaringen delen op de platformbijeenkomst.",
            "orange": "Meer handen: partners die tijd vrijmaken, en ruimte in de regels van de gemeenten.",
            "red": "Hulp van de stuurgroep om ondernemers in deze moeilijke tijd bij de les te houden.",
        }[light],
        "next_steps": "De resultaten bespreken met alle partners en de volgende stap samen bepalen.",
    }


def _half_yearly(line, year, half, light, summary, submitted_on: date) -> ProgressReport:
    lead = line.lead_links.select_related("user").first()
    start, end = _period(year, half)
    report, _ = ProgressReport.objects.update_or_create(
        action_line=line,
        kind=ProgressReport.Kind.HALF_YEARLY,
        period_start=start,
        defaults={
            "period_end": end,
            "created_by": lead.user,
            "first_submitted_at": _at(submitted_on),
        },
    )
    version, _ = ReportVersion.objects.update_or_create(
        report=report,
        number=1,
        defaults={
            "state": ReportVersion.State.SUBMITTED,
            "traffic_light": light,
            "author": lead.user,
            "submitted_by": lead.user,
            "submitted_at": _at(submitted_on),
            **_texts(line, summary, light),
        },
    )
    if report.current_version_id is None:
        report.current_version = version
        report.save(update_fields=["current_version"])
    return report


def _reports(line, index: int, until: date | None = None) -> None:
    for year, half, light, summary in REPORTS[index]:
        submitted_on = _period(year, half)[1] + timedelta(days=14)
        if until is None or submitted_on <= until:
            _half_yearly(line, year, half, light, summary, submitted_on)


def _recent_report(line) -> None:
    """A report on the last completed half year, so that the line is up to date today."""
    today = timezone.localdate()
    day = add_months(today, -6)
    year, half = day.year, 1 if day.month <= 6 else 2
    start, end = _period(year, half)
    if (
        line.reports.filter(kind=ProgressReport.Kind.HALF_YEARLY, period_start=start)
        .exclude(first_submitted_at__date=min(end + timedelta(days=14), today))
        .exists()
    ):
        return  # that half year is already one of the reports above
    submitted_on = min(end + timedelta(days=14), today)
    summary = "De lijn loopt; de partners blijven elkaar vinden en er komen deelnemers bij."
    _half_yearly(line, year, half, "green", summary, submitted_on)


def _updates(line, index: int) -> None:
    lead = line.lead_links.select_related("user").first()
    for line_index, on, text in UPDATES:
        if line_index != index:
            continue
        key = uuid.uuid5(NAMESPACE, f"update-{line.title}-{on.isoformat()}")
        report, _ = ProgressReport.objects.update_or_create(
            submission_key=key,
            defaults={
                "action_line": line,
                "kind": ProgressReport.Kind.UPDATE,
                "created_by": lead.user,
                "first_submitted_at": _at(on),
            },
        )
        version, _ = ReportVersion.objects.update_or_create(
            report=report,
            number=1,
            defaults={
                "state": ReportVersion.State.SUBMITTED,
                "summary": text,
                "author": lead.user,
                "submitted_by": lead.user,
                "submitted_at": _at(on),
            },
        )
        if report.current_version_id is None:
            report.current_version = version
            report.save(update_fields=["current_version"])


def _corrections(lines) -> None:
    for index, year, half, light, summary, note in CORRECTIONS:
        line = lines[index]
        report = ProgressReport.objects.get(
            action_line=line,
            kind=ProgressReport.Kind.HALF_YEARLY,
            period_start=_period(year, half)[0],
        )
        submitted_on = _period(year, half)[1] + timedelta(days=30)
        version, _ = ReportVersion.objects.update_or_create(
            report=report,
            number=2,
            defaults={
                "state": ReportVersion.State.SUBMITTED,
                "traffic_light": light,
                "author": report.created_by,
                "submitted_by": report.created_by,
                "submitted_at": _at(submitted_on),
                "change_note": note,
                **_texts(line, summary, light),
            },
        )
        report.current_version = version
        report.save(update_fields=["current_version"])


# --- Meeting ------------------------------------------------------------------------------------


def _meeting(region, municipalities, lines, context, aanjager) -> None:
    if aanjager is None:
        return
    meeting, created = Meeting.objects.get_or_create(
        region=region,
        date=MEETING_DATE,
        defaults={
            "municipality": municipalities[C],
            "venue": "Gemeenschapshuis De Kempenhof, Budel (ontmoetingszaal)",
            "start_time": time(15, 30),
            "created_by": aanjager,
        },
    )
    if not meeting.agenda_fixed_at:
        fix_agenda(meeting)  # as it lay on the table in October 2020
    meeting.minutes = (
        "De aanjager heette ruim veertig deelnemers welkom; vanwege de coronamaatregelen zat de zaal op "
        "anderhalve meter en keken anderen online mee.\n\n"
        "Alle actielijnen deelden hun stand van zaken. Werk en talent liet zien dat online matchen werkt. "
        "Ondernemers maken ruimte meldt dat ondernemers het zwaar hebben; de partners zoeken samen naar "
        "plekken die nu wel kunnen. Het initiatief 'Positieve Gezondheid in de praktijk' is als nieuwe "
        "actielijn voorgesteld en met applaus ontvangen.\n\n"
        "De volgende bijeenkomst is in het voorjaar van 2021 in Nederweert."
    )
    meeting.save(update_fields=["minutes"])
    organisations = context.get("organisations") or {}
    attending = [
        organisations.get(name) or Organisation.objects.filter(region=region, name=name).first()
        for spec in LINES
        for name in spec["partners"][:2]
    ]
    meeting.attending_organisations.set(o for o in attending if o)
    people = [link.user for line in lines for link in line.lead_links.select_related("user")]
    meeting.attendees.set([aanjager, *people])
    werk, ondernemers, gezondheid = lines[0], lines[3], lines[7]
    for line, text in [
        (werk, "De werkwijze van online matchen wordt gedeeld met alle re-integratiepartners."),
        (
            ondernemers,
            "De stuurgroep wordt gevraagd om een extra impuls voor werkplekken bij ondernemers.",
        ),
        (gezondheid, "Positieve Gezondheid in de praktijk gaat als actielijn van start."),
    ]:
        MeetingDecision.objects.get_or_create(meeting=meeting, action_line=line, text=text)
    trekker4 = ondernemers.lead_links.first().user
    FollowUp.objects.get_or_create(
        meeting=meeting,
        description="Notitie voor de stuurgroep over een impuls voor werkplekken bij ondernemers.",
        defaults={
            "action_line": ondernemers,
            "owner": aanjager,
            "due_date": date(2020, 11, 15),
            "done_on": date(2020, 11, 10),
        },
    )
    FollowUp.objects.get_or_create(
        meeting=meeting,
        description="Partners in Cranendonck benaderen voor Positieve Gezondheid in de praktijk.",
        defaults={"action_line": gezondheid, "owner": aanjager, "due_date": date(2020, 12, 1)},
    )
    FollowUp.objects.get_or_create(
        meeting=meeting,
        description="Drie ondernemers uitnodigen voor een werkbezoek bij Leerwerkbedrijf Groen & Doen.",
        defaults={
            "action_line": ondernemers,
            "owner": trekker4,
            "due_date": date(2020, 12, 15),
            "done_on": date(2020, 12, 3),
        },
    )


# --- Initiatives --------------------------------------------------------------------------------


def _fits(initiative, values, served: dict[int, str], others: str) -> None:
    for number, value in values.items():
        ValueFit.objects.update_or_create(
            initiative=initiative,
            value=value,
            defaults={"serves": number in served, "explanation": served.get(number, others)},
        )


def _initiatives(region, values, lines, aanjager, context) -> None:
    gezondheid = lines[7]
    lead = gezondheid.lead_links.select_related("user", "organisation").first()
    accepted, _ = Initiative.objects.update_or_create(
        submission_key=INITIATIVE_ACCEPTED,
        defaults={
            "region": region,
            "title": "Positieve Gezondheid in de praktijk",
            "description": gezondheid.aim,
            "who": "Huisartsencoöperatie Zuidwest met de wijkverpleging en het welzijnswerk",
            "proposer": lead.user,
            "organisation": lead.organisation,
            "status": Initiative.Status.ACCEPTED,
            "decision_reason": "Voldoet aan alle drie de criteria; sluit aan bij de ontwikkeling "
            "'Positieve Gezondheid' uit de nota en overlapt niet met een bestaande lijn.",
            "decided_at": _at(date(2020, 5, 20)),
            "decided_by": aanjager,
            "action_line": gezondheid,
        },
    )
    Initiative.objects.filter(pk=accepted.pk).update(created_at=_at(date(2020, 4, 14)))
    _fits(
        accepted,
        values,
        {
            3: "Het gesprek gaat over wat de inwoner zelf belangrijk vindt, niet over de klacht.",
            4: "Zorg, welzijn en werk kijken samen naar de hele mens.",
        },
        "Niet direct; het initiatief staat er niet mee op gespannen voet.",
    )
    if aanjager:
        for criterion, reason in [
            (
                "strengthens_values",
                "Versterkt 'de behoefte van de inwoner staat centraal' en draagt bij aan meedoen in 2022.",
            ),
            (
                "no_conflict",
                "Geen strijd met de waarden; raakt 'Samen tegen eenzaamheid' alleen aan de rand.",
            ),
            (
                "innovative",
                "Nieuw in de regio: huisartsen voeren het brede gesprek en verwijzen naar welzijn.",
            ),
        ]:
            CriterionCheck.objects.update_or_create(
                initiative=accepted,
                criterion=criterion,
                defaults={"met": True, "reason": reason, "checked_by": aanjager},
            )
    proposer = User.objects.filter(email="partner@samen.demo").first() or lead.user
    organisation = (
        Organisation.objects.filter(region=region, members__user=proposer).order_by("name").first()
    )
    proposed, _ = Initiative.objects.update_or_create(
        submission_key=INITIATIVE_PROPOSED,
        defaults={
            "region": region,
            "title": "Taalcafé aan het werk",
            "description": "Nieuwkomers oefenen Nederlands in een taalcafé dat draait in een bedrijf, met "
            "collega's als taalmaatje. Zo leren ze de taal en het werk tegelijk kennen, en maken werkgevers "
            "kennis met hun talenten.",
            "who": "Welzijnsstichting Samen Verder, Taalhuis Cranendonck en twee werkgevers",
            "proposer": proposer,
            "organisation": organisation,
        },
    )
    Initiative.objects.filter(pk=proposed.pk).update(created_at=timezone.now() - timedelta(days=12))
    _fits(
        proposed,
        values,
        {
            2: "Het taalcafé zit dichtbij: op de werkplek zelf.",
            6: "Nieuwkomers ontwikkelen taal en vakmanschap tegelijk.",
        },
        "Past erbij, maar is niet het doel van het initiatief.",
    )
