"""Demo data of the partner network: the seeds' groups and values, and invented partners.

The eight stakeholder groups and the six shared values come from seed 003 (§2.3 and §3.2); each
value's explanation is taken from the seed's picture of 2022 ("Het droombeeld"). The organisations,
people and signatures are invented: no real organisation or person is meant.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from samen.accounts.demo import DEMO_PASSWORD
from samen.accounts.models import Membership, User
from samen.accounts.roles import Role
from samen.regions.models import Municipality

from .models import (
    Contact,
    Endorsement,
    Organisation,
    OrganisationMember,
    SharedValue,
    StakeholderGroup,
)

REGION = "Samen aan de slag"
CONFERENCE_DAY = date(2018, 11, 16)  # last day of the 24-hour conference (seed 003 §2.3)

#: Seed 003, "Voorwoord" and §2.3: "het bedrijfsleven, inwoners/vrijwilligers, onderwijs,
#: re-integratiebedrijven, welzijn, zorg, wonen en vrije tijd en gemeenten".
STAKEHOLDER_GROUPS = [
    "Bedrijfsleven",
    "Inwoners/vrijwilligers",
    "Onderwijs",
    "Re-integratiebedrijven",
    "Welzijn",
    "Zorg",
    "Wonen en vrije tijd",
    "Gemeenten",
]

#: Seed 003 §3.2, with the explanation from chapter 1 ("Het is 2022...").
SHARED_VALUES = [
    (
        "Loslaten is lef hebben",
        "We hebben losgelaten. Daarvoor was lef nodig. Lef in groot denken en in klein doen. De "
        "behoefte van de inwoner staat altijd centraal. De belangen van onze organisaties zijn "
        "steeds ondergeschikt.",
    ),
    (
        "We organiseren nabijheid",
        "We geloven in de kracht van de gemeenschap. Vraag en aanbod zijn zo nabij mogelijk "
        "georganiseerd. Inwoners blijven langer prettig wonen in hun eigen omgeving. De drempel "
        "voor het stellen van een ondersteuningsvraag en het aanbieden van ondersteuning is laag. "
        "Door lokaal te werken is het makkelijker om te signaleren en organiseren we beter "
        "passende ondersteuning.",
    ),
    (
        "De behoefte van de inwoner staat centraal",
        "Iedereen kan zijn wie hij is, met zijn eigen behoeften en mogelijkheden, culturele "
        "achtergrond, talenten en dromen. En iedereen heeft ook anderen iets te bieden. We denken "
        "niet meer in doelgroepen en indicaties. Wij ondersteunen anderen, zodat zij zelf kunnen "
        "doen wat nodig is.",
    ),
    (
        "Integraal werken in het sociaal domein",
        "Informele en formele ondersteuning werken naadloos samen. Voor inwoners maakt het niet "
        "meer uit waar het eerste contact plaatsvindt: alle samenwerkende partijen zijn zonder "
        "schotten met elkaar verbonden. We werken integraal samen op basis van partnership, "
        "waarbij ieder zijn verantwoordelijkheid neemt, maar ook krijgt.",
    ),
    (
        "De kracht van duurzame samenwerking",
        "Gezamenlijk weten we meer en kunnen we op allerlei vlakken meer voor elkaar krijgen. De "
        "samenwerking is drempelloos georganiseerd, we blijven elkaar kennen, weten waar we goed "
        "in zijn, wat onze kernkwaliteiten zijn en waar we elkaar kunnen vinden.",
    ),
    (
        "Talentontwikkeling",
        "De focus ligt op talent en talentontwikkeling. Bedrijven kijken niet naar wat iemand kan "
        "of al gedaan heeft, maar naar wat iemand nog kan leren. In plaats van werken op basis van "
        "vacatures en cv's matchen we het beschikbare werk met de beschikbare talenten. Iedereen "
        "draagt bij naar eigen kracht.",
    ),
]

C, N, W = "GM1706", "GM0946", "GM0988"  # Cranendonck, Nederweert, Weert

# (name, group, municipalities, expertise, offers, seeks)
ORGANISATIONS = [
    # Zorg
    (
        "Zorgcollectief De Heuvelrand",
        "Zorg",
        [W, N],
        "Wijkverpleging, thuisbegeleiding en casemanagement dementie.",
        "Meedenken over een passende plek voor inwoners met een zorgvraag; stageplekken in de zorg.",
        "Werkgevers die zij-instromers een kans geven.",
    ),
    (
        "Thuiszorg Aan de Maas",
        "Zorg",
        [C],
        "Huishoudelijke hulp en persoonlijke verzorging aan huis.",
        "Signalering achter de voordeur en doorverwijzing naar welzijn.",
        "Vrijwilligers voor een maatjesproject bij eenzame ouderen.",
    ),
    (
        "Dagbesteding Het Ambacht",
        "Zorg",
        [W],
        "Arbeidsmatige dagbesteding in hout, metaal en groen; begeleiding bij psychische kwetsbaarheid.",
        "Werkplekken met begeleiding en opdrachten voor bedrijven.",
        "Opdrachtgevers voor kleine productieklussen; doorstroom naar beschut werk.",
    ),
    (
        "Beschermd Wonen De Bongerd",
        "Zorg",
        [N],
        "Beschermd en begeleid wonen, herstelgericht werken.",
        "Ervaringsdeskundigheid en trainingen herstelgericht werken.",
        "Zinvolle daginvulling dicht bij huis voor bewoners.",
    ),
    (
        "Huisartsencoöperatie Zuidwest",
        "Zorg",
        [C, N, W],
        "Eerstelijnszorg, praktijkondersteuning GGZ, Positieve Gezondheid.",
        "Het gesprek over Positieve Gezondheid in de spreekkamer; verwijzing naar welzijn op recept.",
        "Een actuele sociale kaart en vaste contactpersonen bij welzijn.",
    ),
    (
        "Jeugdhulp Op Koers",
        "Zorg",
        [W, C],
        "Ambulante jeugdhulp en gezinscoaching.",
        "Gezinscoaches die aanschuiven bij wijkteams.",
        "Scholen en sportclubs om vroeg samen te signaleren.",
    ),
    # Welzijn
    (
        "Welzijnsstichting Samen Verder",
        "Welzijn",
        [W, N, C],
        "Opbouwwerk, ouderenadvies, welzijn op recept.",
        "Een wijkcoach in elke kern; ondersteuning van bewonersinitiatieven.",
        "Partners voor een laagdrempelig inlooppunt in elke kern.",
    ),
    (
        "Buurtkracht Weert-Noord",
        "Welzijn",
        [W],
        "Buurtbemiddeling en bewonersparticipatie.",
        "Bemiddeling bij burenconflicten; buurtactiviteiten.",
        "Ruimte voor activiteiten in de wijk.",
    ),
    (
        "Mantelzorgpunt De Schakel",
        "Welzijn",
        [N, W],
        "Ondersteuning van mantelzorgers, respijtzorg.",
        "Mantelzorgconsulenten en lotgenotencontact.",
        "Werkgevers die mantelzorgvriendelijk willen worden.",
    ),
    (
        "Jongerenwerk De Spil",
        "Welzijn",
        [C, N],
        "Ambulant jongerenwerk en talentprogramma's voor jongeren.",
        "Jongerenwerkers op straat en op school.",
        "Leerwerkplekken en bijbaantjes voor jongeren.",
    ),
    (
        "Ouderenvereniging Zilverwerk",
        "Welzijn",
        [N],
        "Activiteiten en belangenbehartiging voor ouderen.",
        "Vrijwillige ouderenadviseurs en huisbezoeken.",
        "Jongeren die digitale hulp willen geven.",
    ),
    # Onderwijs
    (
        "Vakcollege De Werkplaats",
        "Onderwijs",
        [W],
        "Beroepsgericht vmbo in techniek, zorg en horeca.",
        "Praktijklokalen en leerlingen voor maatschappelijke stages.",
        "Bedrijven voor snuffelstages en gastlessen.",
    ),
    (
        "Praktijkschool Het Kompas",
        "Onderwijs",
        [W, N],
        "Praktijkonderwijs met begeleiding naar werk.",
        "Jobcoaching van schoolverlaters in het eerste werkjaar.",
        "Werkgevers met plek voor een leerwerktraject.",
    ),
    (
        "Leerwerkhuis Midden",
        "Onderwijs",
        [W, C, N],
        "Mbo-opleidingen op niveau 1 en 2, ook in deeltijd en in de praktijk.",
        "Praktijkverklaringen en maatwerktrajecten voor volwassenen.",
        "Leerbedrijven en praktijkbegeleiders.",
    ),
    (
        "Basisschool De Regenboog",
        "Onderwijs",
        [C],
        "Basisonderwijs met een brede school en voorschoolse opvang.",
        "Het schoolgebouw na schooltijd voor buurtactiviteiten.",
        "Vrijwilligers voor voorlezen en huiswerkbegeleiding.",
    ),
    (
        "Taalhuis Cranendonck",
        "Onderwijs",
        [C],
        "Taal- en digitale vaardigheden voor volwassenen.",
        "Taalmaatjes en cursussen Nederlands op de werkvloer.",
        "Werkgevers met anderstalige medewerkers.",
    ),
    # Re-integratiebedrijven
    (
        "Werkpad Re-integratie",
        "Re-integratiebedrijven",
        [W, N, C],
        "Re-integratie van mensen met afstand tot de arbeidsmarkt; talentscans.",
        "Talentgerichte matching in plaats van cv's en vacatures.",
        "Werkgevers met werk dat in taken kan worden opgeknipt.",
    ),
    (
        "Talentbrug Jobcoaching",
        "Re-integratiebedrijven",
        [W],
        "Jobcoaching en werkplekaanpassing.",
        "Begeleiding op de werkplek voor werknemer en werkgever.",
        "Een gedeelde vacaturepool met andere re-integratiebedrijven.",
    ),
    (
        "Leerwerkbedrijf Groen & Doen",
        "Re-integratiebedrijven",
        [N],
        "Leerwerktrajecten in groenonderhoud.",
        "Onderhoud van openbaar groen met leerwerkers.",
        "Opdrachten van woningcorporaties en gemeenten.",
    ),
    (
        "Sociale Onderneming De Draaischijf",
        "Re-integratiebedrijven",
        [C, W],
        "Inclusief ondernemen: fietsenmakerij en kringloop.",
        "Werkervaringsplekken en beschut werk.",
        "Afnemers en vrijwilligers met vakkennis.",
    ),
    (
        "Participatiebedrijf Stappenplan",
        "Re-integratiebedrijven",
        [W, N],
        "Beschut werk, detachering en garantiebanen.",
        "Detachering van medewerkers met begeleiding.",
        "Werkgevers die een garantiebaan willen bieden.",
    ),
    # Bedrijfsleven
    (
        "Bakkerij Het Gouden Korenaar",
        "Bedrijfsleven",
        [N],
        "Ambachtelijk bakken, winkel en lunchroom.",
        "Leerwerkplekken in bakkerij en winkel.",
        "Jobcoaching voor een nieuwe medewerker.",
    ),
    (
        "Installatiebedrijf Warmtewerk",
        "Bedrijfsleven",
        [W, C],
        "Duurzame installatietechniek en warmtepompen.",
        "Opleidingsplaatsen voor monteurs, ook voor zij-instromers.",
        "Talentvolle mensen zonder diploma maar met technisch gevoel.",
    ),
    (
        "Hoveniersbedrijf Groenrijk",
        "Bedrijfsleven",
        [C],
        "Tuinaanleg en onderhoud.",
        "Seizoenswerk en begeleide werkplekken in het groen.",
        "Samenwerking met leerwerkbedrijven.",
    ),
    (
        "Logistiek Centrum Kempenpoort",
        "Bedrijfsleven",
        [C, W],
        "Opslag, orderpicking en distributie.",
        "Werk in overzichtelijke taken en vaste ploegen.",
        "Begeleiding bij inwerken van mensen met een beperking.",
    ),
    (
        "Drukkerij De Letterbak",
        "Bedrijfsleven",
        [W],
        "Drukwerk, afwerking en verzending.",
        "Inpak- en afwerkwerk voor dagbesteding en beschut werk.",
        "Een partner die piekdrukte kan opvangen.",
    ),
    (
        "Ondernemerskring Weert-Zuid",
        "Bedrijfsleven",
        [W],
        "Netwerk van lokale ondernemers.",
        "Contact met zo'n zestig ondernemers; ondernemersontbijten.",
        "Heldere aanspreekpunten bij de gemeente en re-integratie.",
    ),
    # Wonen en vrije tijd
    (
        "Woningcorporatie Thuis in de Kempen",
        "Wonen en vrije tijd",
        [C, W],
        "Sociale huur, leefbaarheid en wijkbeheer.",
        "Huismeesters die signaleren; ruimte voor buurtinitiatieven.",
        "Partners bij schuldenproblematiek en eenzaamheid.",
    ),
    (
        "Woonstichting Maasland Wonen",
        "Wonen en vrije tijd",
        [N],
        "Sociale huurwoningen en woonbegeleiding.",
        "Woningen voor uitstroom uit beschermd wonen.",
        "Begeleiding voor huurders die zelfstandig gaan wonen.",
    ),
    (
        "Omnisportvereniging De Sprinter",
        "Wonen en vrije tijd",
        [W],
        "Atletiek, gymnastiek en aangepast sporten.",
        "Sportaanbod voor iedereen, ook met een beperking.",
        "Vrijwillige trainers en begeleiders.",
    ),
    (
        "Muziekschool Klankkast",
        "Wonen en vrije tijd",
        [N, C],
        "Muziekles en samenspel, ook voor mensen met een beperking.",
        "Muziekprojecten in dagbesteding en verzorgingshuizen.",
        "Subsidie en ruimte voor inclusieve projecten.",
    ),
    (
        "Bibliotheek De Boekenbrug",
        "Wonen en vrije tijd",
        [W, N, C],
        "Leesbevordering, digitale inclusie en informatiepunt.",
        "Digitaal spreekuur en een informatiepunt Digitale Overheid.",
        "Vrijwilligers voor het digitaal spreekuur.",
    ),
    # Inwoners/vrijwilligers
    (
        "Vrijwilligerscentrale Midden-Kempen",
        "Inwoners/vrijwilligers",
        [W, N, C],
        "Werving, matching en ondersteuning van vrijwilligers.",
        "Een vacaturebank voor vrijwilligerswerk en trainingen.",
        "Organisaties die vrijwilligerswerk als opstap willen bieden.",
    ),
    (
        "Repair Café De Sleutel",
        "Inwoners/vrijwilligers",
        [N],
        "Repareren met vrijwilligers, maandelijks in het dorpshuis.",
        "Een ontmoetingsplek en reparatiekennis.",
        "Jongeren die het vak willen leren.",
    ),
    (
        "Buurtinitiatief Samen Tuinieren",
        "Inwoners/vrijwilligers",
        [W],
        "Een buurtmoestuin waar iedereen mee kan doen.",
        "Een plek om mee te doen en nieuwe mensen te ontmoeten.",
        "Begeleiding voor deelnemers met een zorgvraag.",
    ),
    (
        "Maatjesproject Hand in Hand",
        "Inwoners/vrijwilligers",
        [C, N],
        "Maatjes voor mensen die er alleen voor staan.",
        "Getrainde vrijwillige maatjes.",
        "Doorverwijzingen van huisartsen en wijkteams.",
    ),
    (
        "Cliëntenraad Sociaal Domein",
        "Inwoners/vrijwilligers",
        [C, N, W],
        "Stem van inwoners die ondersteuning krijgen.",
        "Advies vanuit ervaring over regelingen en dienstverlening.",
        "Vroeg betrokken worden bij nieuwe actielijnen.",
    ),
    # Gemeenten
    (
        "Gemeente Cranendonck",
        "Gemeenten",
        [C],
        "Sociaal domein: Wmo, Jeugd, Participatiewet; De Nieuwe Route.",
        "Experimenteerruimte en een aanjager; ruimte binnen regels.",
        "Initiatieven uit de samenleving om te faciliteren.",
    ),
    (
        "Gemeente Nederweert",
        "Gemeenten",
        [N],
        "Sociaal domein: Wmo, Jeugd, Participatiewet.",
        "Experimenteerruimte en verbinding met het integraal beleidsplan.",
        "Partners die domeinoverstijgend willen werken.",
    ),
    (
        "Gemeente Weert",
        "Gemeenten",
        [W],
        "Sociaal domein: Wmo, Jeugd, Participatiewet; regionaal arbeidsmarktbeleid.",
        "Experimenteerruimte, de aanjager en het secretariaat van de stuurgroep.",
        "Initiatieven die werk en talenten verbinden.",
    ),
]

#: Invented signatories ("naam (functie)"), cycled over the organisations.
SIGNATORIES = [
    "A. Verhoeven (directeur)",
    "M. Clerkx (bestuurder)",
    "R. Bongers (voorzitter)",
    "E. Thijssen (directeur-bestuurder)",
    "H. Moonen (wethouder)",
    "S. Kuijpers (manager)",
]

#: Invented people who speak for an organisation: (e-mail, name, organisation, function).
PARTNER_OWNER = ("partner@samen.demo", "Welzijnsstichting Samen Verder", "Coördinator")
LEADS = [
    ("trekker1@samen.demo", "Lotte Smeets", "Werkpad Re-integratie", "Jobcoach"),
    ("trekker2@samen.demo", "Bram Janssen", "Dagbesteding Het Ambacht", "Teamleider"),
    ("trekker3@samen.demo", "Noor Hendriks", "Vakcollege De Werkplaats", "Docent"),
    ("trekker4@samen.demo", "Sander Peeters", "Installatiebedrijf Warmtewerk", "Eigenaar"),
    ("trekker5@samen.demo", "Ilse Coenen", "Mantelzorgpunt De Schakel", "Consulent"),
    ("trekker6@samen.demo", "Joep Vossen", "Woningcorporatie Thuis in de Kempen", "Wijkbeheerder"),
    ("trekker7@samen.demo", "Maud Geurts", "Vrijwilligerscentrale Midden-Kempen", "Coördinator"),
    ("trekker8@samen.demo", "Koen Wijnen", "Huisartsencoöperatie Zuidwest", "Praktijkondersteuner"),
]


def load(context: dict) -> None:
    """Groups, values, 40 organisations with endorsements and contacts, and their owners.

    Puts ``organisations`` (name -> Organisation) and ``values`` (number -> SharedValue) in
    ``context`` for the loaders that follow.
    """
    region = context["regions"][REGION]
    groups = _stakeholder_groups()
    values = _shared_values(region)
    municipalities = {m.cbs_code: m for m in Municipality.objects.filter(region=region)}
    organisations = {}
    now = timezone.now()
    for index, row in enumerate(ORGANISATIONS):
        organisation = _organisation(region, groups, municipalities, row, index, now)
        _endorsements(organisation, values, index)
        _contacts(organisation, index)
        organisations[organisation.name] = organisation
    _owners(region, organisations, context)
    context["organisations"] = organisations
    context["values"] = values
    context["stakeholder_groups"] = groups


def _stakeholder_groups() -> dict[str, StakeholderGroup]:
    groups = {}
    for order, name in enumerate(STAKEHOLDER_GROUPS, start=1):
        groups[name], _ = StakeholderGroup.objects.update_or_create(
            name=name, defaults={"order": order}
        )
    return groups


def _shared_values(region) -> dict[int, SharedValue]:
    values = {}
    for number, (title, explanation) in enumerate(SHARED_VALUES, start=1):
        values[number], _ = SharedValue.objects.update_or_create(
            region=region, number=number, defaults={"title": title, "explanation": explanation}
        )
    return values


def _slug(name: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in name.lower().replace("ë", "e"))
    return "-".join(part for part in keep.split("-") if part)


def _confirmed_at(index: int, now):
    """Most profiles were confirmed this year; every fifth is stale, and two were never confirmed."""
    if index in (9, 33):
        return None
    if index % 5 == 4:
        return now - timedelta(days=380 + 23 * index)
    return now - timedelta(days=7 + 8 * index)


def _organisation(region, groups, municipalities, row, index, now) -> Organisation:
    name, group, codes, expertise, offers, seeks = row
    slug = _slug(name)
    organisation, _ = Organisation.objects.update_or_create(
        region=region,
        name=name,
        defaults={
            "stakeholder_group": groups[group],
            "description": f"{name} is partner van Samen aan de slag sinds de 24-uursconferentie.",
            "expertise": expertise,
            "offers": offers,
            "seeks": seeks,
            "website": f"https://{slug}.example.nl",
            "email": f"info@{slug}.example.nl",
            "phone": f"0495 {500 + index:03d} {100 + 7 * index:03d}",
            "confirmed_at": _confirmed_at(index, now),
        },
    )
    organisation.municipalities.set(municipalities[code] for code in codes)
    return organisation


def _endorsements(organisation, values, index) -> None:
    """Most partners signed all six values at the conference; some joined later with a few."""
    signed_later = index % 7 == 3
    numbers = [1, 3, 5, 6] if signed_later else list(values)
    endorsed_on = date(2019, 3 + index % 9, 1) if signed_later else CONFERENCE_DAY
    for number in numbers:
        Endorsement.objects.update_or_create(
            organisation=organisation,
            value=values[number],
            defaults={
                "endorsed_on": endorsed_on,
                "signed_by": SIGNATORIES[index % len(SIGNATORIES)],
            },
        )


def _contacts(organisation, index) -> None:
    """One contact with consent; every third organisation also one without (never shown to others)."""
    slug = _slug(organisation.name)
    consented_at = timezone.make_aware(datetime(2019, 1, 15, 10, 0))
    Contact.objects.update_or_create(
        organisation=organisation,
        name=f"Contactpunt {organisation.name}",
        defaults={
            "function": "Algemeen aanspreekpunt",
            "email": f"samen@{slug}.example.nl",
            "phone": f"0495 {600 + index:03d} 000",
            "consent_given_at": consented_at,
            "consent_withdrawn_at": None,
        },
    )
    if index % 3 == 2:
        Contact.objects.update_or_create(
            organisation=organisation,
            name="Interne medewerker (geen toestemming)",
            defaults={"function": "Backoffice", "email": f"intern@{slug}.example.nl"},
        )


def _demo_partner(email: str, name: str, region) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.update_or_create(
        user=user,
        role=Role.PARTNER,
        region=region,
        municipality=None,
        defaults={"valid_from": date(2019, 1, 1)},
    )
    return user


def _owners(region, organisations, context) -> None:
    email, organisation_name, function = PARTNER_OWNER
    partner = User.objects.get(email=email)
    OrganisationMember.objects.update_or_create(
        organisation=organisations[organisation_name],
        user=partner,
        defaults={"function": function, "is_owner": True},
    )
    rows = context.setdefault("logins", [])
    for email, name, organisation_name, function in LEADS:
        user = _demo_partner(email, name, region)
        OrganisationMember.objects.update_or_create(
            organisation=organisations[organisation_name],
            user=user,
            defaults={"function": function, "is_owner": True},
        )
        rows.append((email, f"{Role.PARTNER.label} ({organisation_name})", region.name))
