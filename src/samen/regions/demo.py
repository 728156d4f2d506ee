"""Demo data of the regions module, straight from the seeds."""

from datetime import date

from .models import AllocationKey, Municipality, PolicySetting, PopulationFigure, Region

SEED_000 = "Raadsvoorstel 'Samen aan de slag!' (Weert, DJ-694895, maart 2019)"

REGIONS = [
    {
        "name": "Samen aan de slag",
        "description": "Samenwerkingsverband van Cranendonck, Nederweert en Weert in het sociaal domein.",
        "municipalities": [
            ("GM1706", "Cranendonck", 20500, date(2019, 1, 1), SEED_000),
            ("GM0946", "Nederweert", 17000, date(2019, 1, 1), SEED_000),
            ("GM0988", "Weert", 49500, date(2019, 1, 1), SEED_000),
        ],
    },
    {
        "name": "Oude IJsselstreek",
        "description": "Lokale uitvoering van de Participatiewet na uittreding uit Laborijn (startnotitie januari 2020).",
        "municipalities": [
            (
                "GM1509",
                "Oude IJsselstreek",
                39500,
                date(2020, 1, 1),
                "Demowaarde (afgerond), niet uit de brondocumenten",
            ),
        ],
    },
]


def load(context: dict) -> None:
    """Create the seed regions; puts ``regions`` (name -> Region) in the demo context."""
    regions = context.setdefault("regions", {})
    for spec in REGIONS:
        region, _ = Region.objects.update_or_create(
            name=spec["name"], defaults={"description": spec["description"]}
        )
        regions[region.name] = region
        for code, name, inhabitants, on, source in spec["municipalities"]:
            municipality, _ = Municipality.objects.update_or_create(
                cbs_code=code, defaults={"name": name, "region": region}
            )
            PopulationFigure.objects.update_or_create(
                municipality=municipality,
                reference_date=on,
                defaults={"inhabitants": inhabitants, "source": source},
            )
    samen = regions["Samen aan de slag"]
    key, _ = AllocationKey.objects.update_or_create(
        region=samen,
        name="Aanjager en experimenteerruimte 2019-2021",
        defaults={
            "kind": AllocationKey.Kind.POPULATION,
            "reference_date": date(2019, 1, 1),
            "decision_reference": SEED_000,
        },
    )
    key.municipalities.clear()
    orientation, _ = AllocationKey.objects.update_or_create(
        region=samen,
        name="Oriëntatietraject Sociaal Domein brede aanpak",
        defaults={
            "kind": AllocationKey.Kind.EQUAL,
            "decision_reference": "Oriëntatietraject Sociaal Domein brede aanpak (mei 2018): evenredig over de twee opdrachtgevers",
        },
    )
    orientation.municipalities.set(Municipality.objects.filter(cbs_code__in=["GM0946", "GM0988"]))
    PolicySetting.objects.update_or_create(
        municipality=Municipality.objects.get(cbs_code="GM0988"),
        key="letters.signatory_title",
        valid_from=date(2019, 11, 26),
        defaults={
            "value": "Namens het college, de teamleider Zorg & Participatie",
            "decision_reference": "Mandaat Experimenteerregeling Samen aan de Slag! 2020 en 2021",
        },
    )
