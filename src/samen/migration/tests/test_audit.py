"""The change trail an import writes in bulk reads as django-auditlog's own, on both backends."""

from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Max

from samen.migration import audit
from samen.participation.models import Arrangement, LadderAssessment, Plan, Resident, TalentProfile
from samen.participation.tests.factories import ArrangementFactory, LadderAssessmentFactory

from .test_import import EXAMPLE

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database builds the entries on PostgreSQL only"
)


def as_stored(changes):
    """create_changes gives tuples; the JSON column gives lists."""
    return {name: list(pair) for name, pair in changes.items()} if changes else changes


def test_every_entry_of_an_import_reads_as_the_stored_object(run_export, case_worker):
    run = run_export(EXAMPLE)
    entries = LogEntry.objects.filter(cid=str(run.uuid), action=LogEntry.Action.CREATE).exclude(
        content_type__model="importrun"
    )
    assert entries.count() == 8 * 4 + 2 + 6 + 5 + 4
    for entry in entries.select_related("content_type"):
        obj = entry.content_type.model_class().objects.get(pk=entry.object_id)
        assert entry.object_repr == str(obj)
        assert entry.object_pk == str(obj.pk)
        assert entry.changes == as_stored(audit.create_changes(obj)), entry.content_type.model


def entries_written_by(write, objects, admin) -> list[dict]:
    model = type(objects[0])
    before = LogEntry.objects.aggregate(last=Max("id"))["last"] or 0
    write(objects, actor=admin, cid="vergelijking", now=datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    return list(
        LogEntry.objects.filter(
            id__gt=before, content_type=ContentType.objects.get_for_model(model)
        )
        .order_by("id")
        .values(
            "object_pk",
            "object_id",
            "object_repr",
            "action",
            "changes",
            "changes_text",
            "actor",
            "actor_email",
            "cid",
            "timestamp",
            "additional_data",
            "serialized_data",
        )
    )


@postgresql_only
def test_the_database_writes_the_entries_python_would_write(admin):
    arrangements = [
        ArrangementFactory(hours_per_week="12.5"),
        ArrangementFactory(provider_name="", ended_on=None),
    ]
    # A whole second, which Python writes without microseconds; a text that reads "None".
    Arrangement.objects.filter(pk=arrangements[0].pk).update(
        created_at=datetime(2026, 2, 1, 8, 0, 0, tzinfo=UTC)
    )
    Plan.objects.filter(dossier=arrangements[0].dossier).update(agreed_goals="None")
    TalentProfile.objects.filter(dossier=arrangements[1].dossier).update(
        limitations=["standing", "lifting"], ambitions="Fietsenmaker worden"
    )
    for model in (Arrangement, Plan, TalentProfile, Resident):
        objects = list(model.objects.order_by("pk"))
        assert audit.database_can_build(model, objects), model.__name__
        in_python = entries_written_by(audit._log_created_in_python, objects, admin)
        in_sql = entries_written_by(
            lambda objs, model=model, **kw: audit._log_created_in_sql(model, objs, **kw),
            objects,
            admin,
        )
        assert len(in_sql) == len(objects)
        assert in_sql == in_python, model.__name__


@postgresql_only
def test_json_objects_with_several_keys_are_left_to_python():
    ladder = LadderAssessmentFactory()
    assert len(ladder.answers) > 1
    assert not audit.database_can_build(LadderAssessment, [ladder])
    ladder.answers = {}
    assert audit.database_can_build(LadderAssessment, [ladder])


@pytest.mark.parametrize(
    ("value", "agrees"),
    [
        (None, True),
        ([], True),
        ({}, True),
        (["standing", "lifting"], True),
        ({"only": 1}, True),
        ({"b": 1, "a": 2}, False),  # key order differs
        (["café"], False),  # Python escapes non-ASCII
        ([{"nested": 1}], False),
        ([1.5], False),
        (['say "hi"'], False),
    ],
)
def test_which_json_values_the_database_writes_as_python_does(value, agrees):
    assert audit._json_text_agrees(value) is agrees
