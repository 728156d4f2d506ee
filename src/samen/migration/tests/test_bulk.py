"""``bulk.build`` makes what ``Model(**values)`` makes, and ``insert`` stores it on both backends."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.signals import post_init, pre_init

from samen.migration.bulk import build, insert, loaded
from samen.participation.models import (
    Arrangement,
    BenefitEpisode,
    Dossier,
    HealthAssessment,
    LadderAssessment,
    Plan,
    Resident,
    SelfRelianceAssessment,
    TalentProfile,
    TargetGroupRegistration,
)
from samen.participation.tests.factories import DossierFactory

pytestmark = pytest.mark.django_db

#: Defaults drawn at random (or from the clock) differ between two instances by design.
RANDOM = {"uuid", "reference", "submission_token"}


def values_of(obj) -> dict:
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in RANDOM
    }


def test_nothing_listens_to_model_initialisation():
    # build() skips Model.__init__, and with it these signals: that is only right while Samen
    # connects nothing to them.
    assert not pre_init.receivers
    assert not post_init.receivers


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (
            Resident,
            {
                "bsn": "111222333",
                "given_names": "Anna",
                "surname": "Jansen",
                "date_of_birth": date(1980, 2, 1),
                "street": "Dorpsstraat",
                "house_number": "12",
                "postal_code": "7071 AB",
                "city": "Ulft",
            },
        ),
        (Plan, {}),
        (TalentProfile, {}),
        (BenefitEpisode, {"kind": "bijstand", "started_on": date(2020, 1, 1)}),
        (
            Arrangement,
            {"kind": "dagbesteding", "started_on": date(2021, 3, 1), "hours_per_week": Decimal(8)},
        ),
        (LadderAssessment, {"assessed_on": date(2022, 1, 1), "current_rung": 3}),
        (HealthAssessment, {"assessed_on": date(2022, 1, 1)}),
        (SelfRelianceAssessment, {"assessed_on": date(2022, 1, 1), "scores": {"finances": 3}}),
        (TargetGroupRegistration, {"status": "opgenomen", "per_date": date(2020, 5, 1)}),
    ],
)
def test_build_gives_what_the_model_constructor_gives(model, values):
    dossier = DossierFactory()
    related = {"municipality": dossier.municipality} if model is Resident else {"dossier": dossier}
    built = build(model, **related, **values)
    constructed = model(**related, **values)
    assert values_of(built) == values_of(constructed)
    assert built._state.adding and built._state.db is None
    name = next(iter(related))
    assert getattr(built, name) is related[name]  # cached, as the descriptor does: no query


def test_a_relation_by_id_and_a_one_to_one_cache():
    dossier = DossierFactory()
    plan = build(Plan, dossier_id=dossier.pk)
    assert plan.dossier_id == dossier.pk
    fresh = build(Dossier, resident=dossier.resident, municipality=dossier.municipality)
    assert fresh.resident_id == dossier.resident.pk
    assert dossier.resident.dossier is fresh  # the reverse side, as Model.__init__ sets it


def test_build_refuses_unknown_names_and_unsaved_related_objects():
    with pytest.raises(TypeError, match="colour"):
        build(Plan, colour="red")
    unsaved = Dossier()
    with pytest.raises(ValueError, match="not saved"):
        build(Plan, dossier=unsaved)


def test_insert_stores_built_objects_with_their_ids():
    dossiers = [DossierFactory() for _ in range(3)]
    episodes = insert(
        BenefitEpisode,
        [
            build(BenefitEpisode, dossier=dossier, kind="bijstand", started_on=date(2020, 1, day))
            for day, dossier in enumerate(dossiers, start=1)
        ],
    )
    assert all(episode.pk for episode in episodes)
    stored = BenefitEpisode.objects.filter(pk__in=[episode.pk for episode in episodes])
    assert sorted(stored.values_list("dossier_id", "started_on")) == [
        (dossier.pk, date(2020, 1, day)) for day, dossier in enumerate(dossiers, start=1)
    ]
    assert len({episode.uuid for episode in stored}) == 3
    assert all(episode.created_at for episode in stored)  # auto_now_add is filled in
    assert {episode.created_at for episode in episodes} == {e.created_at for e in stored}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is used on PostgreSQL only")
def test_copy_gives_a_batch_one_time():
    dossier = DossierFactory()
    episodes = insert(
        BenefitEpisode,
        [
            build(BenefitEpisode, dossier=dossier, kind="bijstand", started_on=date(2020, 1, day))
            for day in (1, 2, 3)
        ],
    )
    stored = BenefitEpisode.objects.filter(pk__in=[episode.pk for episode in episodes])
    assert len({episode.created_at for episode in stored}) == 1


def test_child_rows_find_dossiers_opened_after_the_ids_were_read():
    from samen.migration.handlers import Context, _dossiers_by_bsn

    first = DossierFactory()
    ctx = Context(run=None, municipality=first.municipality, actor=None, source_system="test")
    ctx.know_dossiers()
    later = DossierFactory(municipality=first.municipality)  # e.g. opened by hand meanwhile
    found = _dossiers_by_bsn(ctx, [first.resident.bsn, later.resident.bsn, "999999990"])
    assert {bsn: dossier.pk for bsn, dossier in found.items()} == {
        first.resident.bsn: first.pk,
        later.resident.bsn: later.pk,
    }


def test_loaded_gives_what_from_db_gives_for_those_columns():
    dossier = DossierFactory()
    light = loaded(Dossier, id=dossier.pk, municipality_id=dossier.municipality_id)
    reference = Dossier.from_db(
        "default", ["id", "municipality_id"], (dossier.pk, dossier.municipality_id)
    )
    assert light.get_deferred_fields() == reference.get_deferred_fields()
    assert (light.pk, light.municipality_id) == (reference.pk, reference.municipality_id)
    assert (light._state.adding, light._state.db) == (False, "default")
    assert light.uuid == dossier.uuid  # a deferred field loads on access, as after from_db
