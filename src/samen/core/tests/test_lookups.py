"""``field__any_of`` finds what ``field__in`` finds, on every backend."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samen.regions.models import Municipality
from samen.regions.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds_for_values_and_relations():
    north, south = RegionFactory(), RegionFactory()
    made = [MunicipalityFactory(region=north), MunicipalityFactory(region=south)]
    MunicipalityFactory(region=RegionFactory())
    codes = [made[0].cbs_code, made[1].cbs_code, "GM9999"]

    def found(**lookup):
        return set(Municipality.objects.filter(**lookup).values_list("pk", flat=True))

    assert found(cbs_code__any_of=codes) == found(cbs_code__in=codes) == {m.pk for m in made}
    regions = [north.pk, south.pk]
    assert found(region__any_of=regions) == found(region__in=regions) == {m.pk for m in made}
    assert found(cbs_code__any_of=[]) == set()


def test_on_postgresql_the_list_is_one_parameter():
    MunicipalityFactory()
    codes = [f"GM{n:04d}" for n in range(2000, 2500)]
    with CaptureQueriesContext(connection) as queries:
        list(Municipality.objects.filter(cbs_code__any_of=codes))
    sql = queries.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
    else:
        assert " IN (" in sql
