"""Factories of the matching tests. Residents come from participation's factories (registration
creates the dossier with an empty talent profile); ``with_profile`` fills that profile in."""

from datetime import date

import factory

from samen.network.tests.factories import OrganisationFactory, OrganisationMemberFactory
from samen.participation.models import Consent, Talent
from samen.participation.tests.factories import DossierFactory
from samen.regions.tests.factories import MunicipalityFactory

from ..models import Match, WorkOpportunity

__all__ = [
    "DossierFactory",
    "MatchFactory",
    "OrganisationFactory",
    "OrganisationMemberFactory",
    "WorkOpportunityFactory",
    "consent",
    "talents",
    "with_profile",
]


def talents(*codes: str) -> list[Talent]:
    """Talents of the shipped vocabulary by code (loaded by participation's data migration)."""
    found = list(Talent.objects.filter(code__in=codes))
    assert len(found) == len(codes), f"unknown talent codes in {codes}"
    return found


def with_profile(dossier, *, talent_codes=(), hours=None, limitations=()):
    """Fill the dossier's talent profile in (as the case worker's form would)."""
    profile = dossier.talent_profile
    profile.hours_per_week = hours
    profile.limitations = list(limitations)
    profile.save()
    profile.talents.set(talents(*talent_codes))
    return dossier


def consent(dossier, organisation, shared=("talents", "hours")):
    return Consent.objects.create(
        dossier=dossier,
        organisation=organisation,
        shared=list(shared),
        form=Consent.Form.WRITTEN,
        given_on=date(2024, 1, 15),
    )


class WorkOpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOpportunity
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.LazyAttribute(
        lambda o: OrganisationFactory(region=o.municipality.region)
    )
    title = factory.Sequence(lambda n: f"Werkplek {n}")
    tasks = "Orderpicken en inpakken in het magazijn."
    kind = WorkOpportunity.Kind.PAID
    hours_min = 12
    hours_max = 24
    places = 1

    @factory.post_generation
    def asked(self, create, extracted, **kwargs):
        if create and extracted:
            self.talents_asked.set(talents(*extracted))

    @factory.post_generation
    def taught(self, create, extracted, **kwargs):
        if create and extracted:
            self.talents_taught.set(talents(*extracted))


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    dossier = factory.LazyFunction(DossierFactory)
    opportunity = factory.LazyAttribute(
        lambda m: WorkOpportunityFactory(municipality=m.dossier.municipality)
    )
    state = Match.State.PROPOSED
    source = Match.Source.RANKING
    score = 60
    explanation = factory.LazyFunction(
        lambda: [{"topic": "talent", "tone": "good", "text": "Talenten die passen."}]
    )
