from datetime import date
from decimal import Decimal

import factory

from samen.regions.models import AllocationKey
from samen.regions.tests.factories import AllocationKeyFactory, RegionFactory
from samen.reporting.models import CouncilLetter, Milestone, MilestoneDocument, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Programma {n}")
    budgeting = Programme.Budgeting.PER_YEAR
    amount = Decimal("100000.00")
    starts_on = date(2019, 1, 1)
    ends_on = date(2021, 12, 31)
    allocation_key = factory.SubFactory(
        AllocationKeyFactory,
        region=factory.SelfAttribute("..region"),
        kind=AllocationKey.Kind.POPULATION,
    )
    decision_reference = "Raadsbesluit (test)"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Besluit {n}")
    window_starts_on = date(2021, 4, 1)
    due_on = date(2021, 5, 31)
    by_college = True


class MilestoneDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneDocument

    milestone = factory.SubFactory(MilestoneFactory)
    title = "Raadsvoorstel"
    reference = "DJ-694895"


class CouncilLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilLetter
        django_get_or_create = ("region", "municipality", "period")

    region = factory.SubFactory(RegionFactory)
    municipality = factory.LazyAttribute(lambda o: o.region.municipalities.order_by("name").last())
    period = "2021-H1"
    period_start = date(2021, 1, 1)
    period_end = date(2021, 6, 30)
    subject = "Voortgang Samen aan de slag! – eerste halfjaar 2021"
