from datetime import date

import factory

from samen.participation import services
from samen.participation.bsn import complete_bsn
from samen.participation.models import (
    Arrangement,
    Dossier,
    HealthAssessment,
    LadderAssessment,
    Resident,
    TargetGroupRegistration,
)
from samen.regions.tests.factories import MunicipalityFactory


def bsn_for(n: int) -> str:
    """A valid (11-proof) BSN from a counter; test data, no real person."""
    prefix = 20_000_000 + n * 3
    while complete_bsn(f"{prefix:08d}") is None:
        prefix += 1
    return complete_bsn(f"{prefix:08d}")


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident with an open dossier (pillars, plan and talent profile), as registration makes it."""

    class Meta:
        model = Resident

    municipality = factory.SubFactory(MunicipalityFactory)
    bsn = factory.Sequence(bsn_for)
    given_names = factory.Sequence(lambda n: f"Voornaam{n}")
    surname_prefix = ""
    surname = factory.Sequence(lambda n: f"Achternaam{n}")
    date_of_birth = date(1985, 4, 12)
    street = "Kerkstraat"
    house_number = "12"
    postal_code = "7081 AB"
    city = "Gendringen"
    phone = ""
    email = ""

    @classmethod
    def _create(cls, model_class, *args, actor=None, **kwargs):
        municipality, bsn = kwargs.pop("municipality"), kwargs.pop("bsn")
        return services.register_resident(municipality, bsn, kwargs, actor=actor)


def DossierFactory(**kwargs) -> Dossier:  # noqa: N802 - reads like a factory
    return ResidentFactory(**kwargs).dossier


class ArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Arrangement

    dossier = factory.LazyFunction(DossierFactory)
    kind = Arrangement.Kind.DAYCARE
    provider_name = "Dagbesteding De Werkplaats"
    hours_per_week = 8
    started_on = date(2023, 1, 2)


class LadderAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LadderAssessment

    dossier = factory.LazyFunction(DossierFactory)
    assessed_on = date(2024, 3, 1)
    answers = factory.LazyFunction(
        lambda: {
            "paid_work": "no",
            "unpaid_work": "no",
            "organised_activities": "yes",
            "social_contacts": "yes",
            "wish": "step",
            "hours": "up_to_8",
            "lasting_support": "no",
            "barriers": "no",
        }
    )
    current_rung = 3
    potential_rung = 4
    confirmed_rung = 3


class HealthAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthAssessment

    dossier = factory.LazyFunction(DossierFactory)
    assessed_on = date(2024, 3, 1)
    body_functions = 6
    mental_wellbeing = 5
    meaningfulness = 4
    quality_of_life = 5
    participation = 3
    daily_functioning = 6


class TargetGroupRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroupRegistration

    dossier = factory.LazyFunction(DossierFactory)
    status = TargetGroupRegistration.Status.REGISTERED
    per_date = date(2023, 6, 1)
