"""Demo data of the matching module: work opportunities from the demo partners, matches in every
state, one assignment round and one quality measurement. Runs after participation's demo (it uses
its invented residents) and is idempotent: opportunities by (organisation, title), matches only for
residents without one, the round and the measurement only once.

Everything is invented; no real employer's vacancy or real person is in here.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samen.accounts.models import User
from samen.network.models import Organisation, StakeholderGroup
from samen.participation.models import Consent, Dossier, Talent
from samen.participation.switching import SwitchRefused
from samen.regions.models import Municipality

from . import quality, services, workflow
from .models import AssignmentRun, EvaluationRun, Match, WorkOpportunity

K = WorkOpportunity.Kind
C, N, W, OIJ = (
    "GM1706",
    "GM0946",
    "GM0988",
    "GM1509",
)  # Cranendonck, Nederweert, Weert, Oude IJsselstreek

# (organisation, municipality, title, kind, tasks, asked, taught, hours, places, coach, training,
#  core demands, other demands)
OPPORTUNITIES = [
    (
        "Logistiek Centrum Kempenpoort",
        W,
        "Orderpicker in het magazijn",
        K.PAID,
        "Bestellingen verzamelen met een handscanner, inpakken en klaarzetten voor verzending.",
        ["orderpicken", "handscanner-gebruiken", "afspraken-nakomen", "nauwkeurig-werken"],
        ["palletwagen-bedienen", "voorraad-tellen"],
        (20, 32),
        4,
        True,
        True,
        ["standing"],
        ["lifting", "pace"],
    ),
    (
        "Logistiek Centrum Kempenpoort",
        W,
        "Retourverwerker (garantiebaan)",
        K.JOB_GUARANTEE,
        "Retouren controleren, sorteren en terugzetten; vaste werkplek en een vaste collega.",
        ["sorteren", "retouren-verwerken", "repeterend-werk-met-aandacht-blijven-doen"],
        ["handscanner-gebruiken"],
        (16, 24),
        2,
        True,
        False,
        [],
        ["standing"],
    ),
    (
        "Bakkerij Het Gouden Korenaar",
        N,
        "Leerwerkplek bakkerij",
        K.LEARN_WORK,
        "Meehelpen in de bakkerij: deeg afwegen, bakplaten vullen, afwassen en de winkel bijvullen.",
        ["hygienisch-werken", "op-tijd-komen"],
        ["bakken", "brood-en-banket-maken", "gewichten-en-hoeveelheden-afwegen"],
        (12, 24),
        2,
        False,
        True,
        [],
        ["climate", "evening_night"],
    ),
    (
        "Hoveniersbedrijf Groenrijk",
        C,
        "Medewerker groenonderhoud",
        K.PAID,
        "Maaien, snoeien en onkruid wieden in parken en tuinen van bedrijven, in een vaste ploeg.",
        ["buiten-werken-in-alle-weersomstandigheden", "tuinieren", "samenwerken-in-een-team"],
        ["werken-met-een-bosmaaier-of-heggenschaar", "snoeien"],
        (24, 36),
        2,
        True,
        True,
        ["climate"],
        ["kneeling", "lifting", "noise"],
    ),
    (
        "Participatiebedrijf Stappenplan",
        W,
        "Montage beschut werk",
        K.SHELTERED_WORK,
        "Kleine onderdelen monteren en verpakken in een rustige werkplaats met vaste begeleiding.",
        ["kleine-onderdelen-in-elkaar-zetten", "instructies-stap-voor-stap-volgen"],
        ["monteren-en-assembleren", "producten-controleren-op-kwaliteit"],
        (12, 28),
        5,
        True,
        True,
        [],
        ["fine_motor"],
    ),
    (
        "Participatiebedrijf Stappenplan",
        W,
        "Detachering schoonmaak (Wsw)",
        K.WSW,
        "Schoonmaak van kantoren in een vaste ploeg, gedetacheerd vanuit het SW-bedrijf.",
        ["schoonmaken-van-kantoren", "afspraken-nakomen"],
        ["werken-met-een-schrobmachine"],
        (20, 32),
        2,
        True,
        False,
        [],
        ["kneeling"],
    ),
    (
        "Dagbesteding Het Ambacht",
        W,
        "Houtwerkplaats (dagbesteding met werk)",
        K.WORK_DAYCARE,
        "Vogelhuisjes en tuinmeubels maken voor de winkel en opdrachten van bedrijven.",
        ["zagen-en-schuren"],
        [
            "houtbewerking",
            "vogelhuisjes-en-tuinmeubels-maken",
            "meten-en-aftekenen-op-het-werkstuk",
        ],
        (8, 20),
        6,
        True,
        True,
        [],
        ["noise"],
    ),
    (
        "Sociale Onderneming De Draaischijf",
        C,
        "Fietsenmaker in opleiding",
        K.LEARN_WORK,
        "Tweedehands fietsen opknappen en repareren voor de kringloopwinkel.",
        ["technisch-inzicht", "bereid-zijn-om-te-leren"],
        ["fietsen-repareren", "banden-wisselen", "gereedschap-onderhouden"],
        (16, 32),
        3,
        True,
        True,
        [],
        ["fine_motor", "standing"],
    ),
    (
        "Leerwerkbedrijf Groen & Doen",
        N,
        "Leerwerktraject groen",
        K.LEARN_WORK,
        "Werken in het groen met een praktijkverklaring mbo-1 als doel.",
        ["buiten-werken-in-alle-weersomstandigheden"],
        ["gras-maaien", "onkruid-wieden", "bomen-en-heggen-verzorgen"],
        (16, 32),
        4,
        True,
        True,
        ["climate"],
        ["lifting"],
    ),
    (
        "Repair Café De Sleutel",
        W,
        "Vrijwilliger Repair Café",
        K.VOLUNTEERING,
        "Eens per maand meehelpen met het repareren van apparaten, kleding en fietsen.",
        ["klussen-in-en-om-het-huis", "met-allerlei-mensen-omgaan"],
        ["apparaten-demonteren-en-repareren"],
        (4, 8),
        6,
        False,
        False,
        [],
        ["public_contact"],
    ),
    (
        "Bibliotheek De Boekenbrug",
        C,
        "Gastvrouw/gastheer Digicafé",
        K.VOLUNTEERING,
        "Bezoekers wegwijs maken op de computer en met DigiD, met een vaste begeleider.",
        ["werken-met-een-computer-muis-en-printer", "geduldig-zijn"],
        ["online-diensten-gebruiken-digid-bankieren-webwinkels", "iets-uitleggen-en-voordoen"],
        (4, 8),
        3,
        False,
        True,
        ["public_contact"],
        [],
    ),
    (
        "Zorgcollectief De Heuvelrand",
        W,
        "Gastvrouw/gastheer zorglocatie",
        K.PAID,
        "Koffie en maaltijden rondbrengen, met bewoners praten en activiteiten helpen voorbereiden.",
        ["beleefd-en-gastvrij-zijn", "koffie-en-thee-zetten", "goed-luisteren"],
        [
            "activiteiten-begeleiden-in-een-zorginstelling",
            "gastvrouw-of-gastheer-in-een-zorglocatie",
        ],
        (12, 24),
        2,
        False,
        True,
        ["public_contact"],
        ["emotional_load"],
    ),
    (
        "Drukkerij De Letterbak",
        N,
        "Medewerker afwerking drukwerk",
        K.PAID,
        "Drukwerk vouwen, snijden en inpakken voor verzending; werken aan een productielijn.",
        ["drukwerk-verwerken-en-vouwen", "nauwkeurig-werken"],
        ["machines-bedienen"],
        (24, 38),
        1,
        False,
        True,
        ["standing"],
        ["noise", "pace"],
    ),
    (
        "Welzijnsstichting Samen Verder",
        W,
        "Vrijwilliger inlooppunt",
        K.VOLUNTEERING,
        "Gasten ontvangen in het inlooppunt, koffie zetten en een luisterend oor bieden.",
        ["met-allerlei-mensen-omgaan", "een-luisterend-oor-bieden"],
        ["gasten-ontvangen", "nieuwe-mensen-wegwijs-maken"],
        (4, 12),
        4,
        False,
        False,
        ["public_contact"],
        [],
    ),
    (
        "Werkbedrijf Achterhoek (demo)",
        OIJ,
        "Inpakker productielijn",
        K.PAID,
        "Voedingsmiddelen inpakken en etiketteren aan een productielijn.",
        ["verpakken-en-etiketteren", "hygienisch-werken"],
        ["werken-aan-een-productielijn"],
        (20, 32),
        3,
        True,
        True,
        ["standing"],
        ["pace", "climate"],
    ),
    (
        "Zorgboerderij De Linde (demo)",
        OIJ,
        "Werken op de zorgboerderij",
        K.WORK_DAYCARE,
        "Dieren verzorgen, stallen uitmesten en groenten oogsten op een zorgboerderij.",
        ["dieren-verzorgen"],
        ["stallen-uitmesten", "oogsten", "groenten-telen"],
        (8, 24),
        6,
        True,
        True,
        [],
        ["climate", "lifting"],
    ),
]

#: The states the demo's matches end up in, in the order residents get them.
DEMO_PATH = [
    ["discuss", "introduce", "place"],
    ["discuss"],
    [],
    ["discuss", "introduce"],
    ["discuss", "introduce", "place", "end"],
    ["decline"],
]


def load(context: dict) -> None:
    """Opportunities, matches in every state, one round in Weert and one quality measurement."""
    opportunities = _opportunities(context)
    _matches(opportunities)
    _round()
    if not EvaluationRun.objects.filter(source=EvaluationRun.Source.BENCHMARK).exists():
        quality.run_benchmark(residents=1500, opportunities=600)
    context["work_opportunities"] = opportunities


def _organisation(name: str, municipality: Municipality, context: dict) -> Organisation:
    """The network demo's organisation by name, or one made here when that demo did not run."""
    found = context.get("organisations", {}).get(name)
    if found is not None:
        return found
    group, _ = StakeholderGroup.objects.get_or_create(name="Werkgevers", defaults={"order": 4})
    organisation, _ = Organisation.objects.get_or_create(
        region=municipality.region, name=name, defaults={"stakeholder_group": group}
    )
    organisation.municipalities.add(municipality)
    return organisation


def _opportunities(context) -> list[WorkOpportunity]:
    talents = dict(Talent.objects.values_list("code", "pk"))
    municipalities = {
        m.cbs_code: m for m in Municipality.objects.filter(cbs_code__in=[C, N, W, OIJ])
    }
    today = timezone.localdate()
    result = []
    for index, row in enumerate(OPPORTUNITIES):
        (
            org_name,
            code,
            title,
            kind,
            tasks,
            asked,
            taught,
            hours,
            places,
            coach,
            training,
            core,
            other,
        ) = row
        municipality = municipalities.get(code)
        if municipality is None:
            continue
        organisation = _organisation(org_name, municipality, context)
        opportunity, _ = WorkOpportunity.objects.update_or_create(
            organisation=organisation,
            title=title,
            defaults={
                "municipality": municipality,
                "kind": kind,
                "tasks": tasks,
                "hours_min": hours[0],
                "hours_max": hours[1],
                "places": places,
                "offers_job_coach": coach,
                "offers_training": training,
                "core_demands": core,
                "other_demands": other,
                "open_until": today + timedelta(days=60 + 15 * index),
                "status": WorkOpportunity.Status.OPEN,
            },
        )
        opportunity.talents_asked.set([talents[c] for c in asked if c in talents])
        opportunity.talents_taught.set([talents[c] for c in taught if c in talents])
        result.append(opportunity)
    return result


def _case_worker(municipality) -> User | None:
    return (
        User.objects.filter(memberships__role="case_worker", memberships__municipality=municipality)
        .order_by("pk")
        .first()
    )


def _matches(opportunities) -> None:
    """For the first residents of each municipality without a match: the best opportunity, moved
    along a path so every state is on screen (each step confirmed by the case worker)."""
    for municipality in Municipality.objects.filter(cbs_code__in=[C, N, W, OIJ]):
        actor = _case_worker(municipality)
        if actor is None:
            continue
        dossiers = (
            Dossier.objects.filter(municipality=municipality, status=Dossier.Status.OPEN)
            .exclude(talent_profile__talents=None)
            .order_by("pk")
        )
        if Match.objects.filter(dossier__municipality=municipality).exists():
            continue
        created = 0
        for dossier in dossiers[:40]:
            if created >= len(DEMO_PATH):
                break
            ranking = services.rank_opportunities(dossier, limit=3)
            if not ranking:
                continue
            match = services.propose_match(
                dossier, ranking[0].opportunity, actor=actor, source=Match.Source.RANKING
            )
            _walk(match, DEMO_PATH[created], actor)
            created += 1


def _walk(match: Match, steps: list[str], actor) -> None:
    today = timezone.localdate()
    for name in steps:
        data = {}
        if name == "introduce" and match.opportunity.organisation_id:
            _ensure_consent(match, actor)
        if name == "place":
            data["placed_on"] = today - timedelta(days=45)
        elif name == "end":
            data.update(
                ended_on=today - timedelta(days=5),
                end_reason="next_step",
                reason="Door naar een volgende stap.",
            )
        elif name == "decline":
            data.update(
                declined_by="resident", reason="De reistijd is te lang met het openbaar vervoer."
            )
        match.refresh_from_db()
        hook = services.placement_switch(actor=actor, acknowledge_warnings=True)
        try:
            try:
                match = workflow.apply(
                    match,
                    name,
                    actor=actor,
                    expected_version=match.version,
                    data=data,
                    on_placed=hook,
                )
            except SwitchRefused:
                # The arrangement rules refuse (e.g. Wsw without old rights): place without it.
                match = workflow.apply(
                    match, name, actor=actor, expected_version=match.version, data=data
                )
        except workflow.TransitionNotAllowed:
            return  # e.g. all places taken: the demo match stays where it is


def _ensure_consent(match: Match, actor) -> None:
    dossier, organisation = match.dossier, match.opportunity.organisation
    if not dossier.consents.active().filter(organisation=organisation).exists():
        Consent.objects.create(
            dossier=dossier,
            organisation=organisation,
            shared=["talents", "hours"],
            form=Consent.Form.VERBAL,
            recorded_by=actor,
        )


def _round() -> None:
    weert = Municipality.objects.filter(cbs_code=W).select_related("region").first()
    actor = _case_worker(weert) if weert else None
    if actor is None or AssignmentRun.objects.filter(municipality=weert).exists():
        return
    run = services.start_round(region=weert.region, municipality=weert, actor=actor)
    services.execute_round(run)
