from datetime import date

import factory

from samen.regions.models import AllocationKey, Municipality, PopulationFigure, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Regio {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    # Wraps within GM2000-GM8999 so the code keeps exactly four digits however many
    # tests ran before; no real municipality uses those codes, and tests use GM9999
    # as "does not exist".
    cbs_code = factory.Sequence(lambda n: f"GM{2000 + n % 7000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")


class PopulationFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    municipality = factory.SubFactory(MunicipalityFactory)
    inhabitants = 10000
    reference_date = date(2019, 1, 1)


class AllocationKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllocationKey

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Sleutel {n}")
    kind = AllocationKey.Kind.EQUAL
