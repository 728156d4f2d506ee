"""The change trail of an import: the same entries as when the data is entered by hand.

Objects the import creates in bulk do not pass through ``save()``, so django-auditlog's signals do
not see them. ``log_created`` writes the entry each of them would have got — the same fields and
values as auditlog's ``model_instance_diff`` (``create_changes``, checked against it in the tests),
with the registry's exclusions (the BSN is never in the trail). Like ``register_resident``, which
creates the three pillars in bulk, the import logs no pillars. Every entry of a run, bulk or through
a service, carries the run's UUID as correlation id (``cid``): ``LogEntry.objects.filter(cid=...)``
is what it did.

On PostgreSQL the database builds the entries itself from the rows just written (one
``INSERT ... SELECT`` per model and batch, with ``changes_sql``): an import writes hundreds of
thousands of entries, and turning every field of every object into text in Python took a third of
its time. Python then only supplies each object's ``str()``. Elsewhere, and for values whose text
the two would write differently (masked fields, JSON objects with several keys), the entries are
built in Python and inserted in bulk. The tests check that both ways write the same entries.
"""

from __future__ import annotations

import contextlib
import functools
import json
from datetime import UTC

from auditlog.cid import correlation_id
from auditlog.context import set_actor
from auditlog.diff import get_mask_function, model_instance_diff, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    IntegerField,
    JSONField,
    TextField,
    UUIDField,
)
from django.utils import timezone
from django.utils import timezone as dj_timezone
from django.utils.encoding import smart_str

from .bulk import insert_values


def log_created(objects, *, actor, cid: str) -> int:
    """Write a CREATE entry for each object of a registered model; returns how many."""
    now = timezone.now()
    by_model: dict[type, list] = {}
    for obj in objects:
        if auditlog.contains(type(obj)):
            by_model.setdefault(type(obj), []).append(obj)
    written = 0
    for model, group in by_model.items():
        if database_can_build(model, group):
            written += _log_created_in_sql(model, group, actor=actor, cid=cid, now=now)
        else:
            written += _log_created_in_python(group, actor=actor, cid=cid, now=now)
    return written


def _log_created_in_python(objects, *, actor, cid: str, now) -> int:
    actor_id, actor_email = getattr(actor, "pk", None), getattr(actor, "email", None)
    rows = []
    for obj in objects:
        pk = obj.pk
        extra = getattr(obj, "get_additional_data", None)
        rows.append(
            {
                "content_type_id": ContentType.objects.get_for_model(type(obj)).pk,
                "object_pk": str(pk),
                "object_id": pk if isinstance(pk, int) else None,
                "object_repr": smart_str(obj),
                "serialized_data": LogEntry.objects._get_serialized_data_or_none(obj),
                "action": LogEntry.Action.CREATE,
                "changes": create_changes(obj),
                "actor_id": actor_id,
                "actor_email": actor_email,
                "cid": cid,
                "timestamp": now,
                "additional_data": extra() if callable(extra) else None,
            }
        )
    return insert_values(LogEntry, rows)


def database_can_build(model, objects) -> bool:
    """Whether PostgreSQL can write these objects' entries exactly as ``create_changes`` would."""
    if connection.vendor != "postgresql" or not isinstance(model._meta.pk, AutoField):
        return False
    if settings.AUDITLOG_STORE_JSON_CHANGES or settings.AUDITLOG_USE_FK_STRING_REPRESENTATION:
        return False
    if hasattr(model, "get_additional_data"):
        return False
    if auditlog.get_serialize_options(model)["serialize_data"] or changes_sql(model) is None:
        return False
    json_fields = [field for field, kind, _mask in _tracked(model) if kind == "json"]
    return all(
        _json_text_agrees(getattr(obj, field.attname)) for obj in objects for field in json_fields
    )


def _json_text_agrees(value) -> bool:
    """Whether PostgreSQL's text of this JSON value equals ``json.dumps(value, sort_keys=True)``:
    true for scalars and flat lists of plain ASCII text and whole numbers, and for objects with at
    most one such key (the database orders several keys by length, Python alphabetically)."""

    def plain(item) -> bool:
        if isinstance(item, str):
            return item.isascii() and item.isprintable() and not ({'"', "\\"} & set(item))
        return item is None or isinstance(item, bool | int)

    if isinstance(value, list | tuple):
        return all(plain(item) for item in value)
    if isinstance(value, dict):
        return len(value) <= 1 and all(plain(k) and plain(v) for k, v in value.items())
    return plain(value)


def _log_created_in_sql(model, objects, *, actor, cid: str, now) -> int:
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    statement = f"""
        INSERT INTO {quote(LogEntry._meta.db_table)} (
            content_type_id, object_pk, object_id, object_repr, action, changes, changes_text,
            actor_id, actor_email, cid, timestamp
        )
        SELECT %s, t.{pk}::text, t.{pk}, r.repr, %s, {changes_sql(model)}, '', %s, %s, %s, %s
        FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY AS r (id, repr, position)
        JOIN {table} t ON t.{pk} = r.id
        ORDER BY r.position
    """  # noqa: S608 - table and column names come from _meta
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [
                ContentType.objects.get_for_model(model).pk,
                LogEntry.Action.CREATE,
                getattr(actor, "pk", None),
                getattr(actor, "email", None),
                cid,
                now,
                [obj.pk for obj in objects],
                [smart_str(obj) for obj in objects],
            ],
        )
        return cursor.rowcount


@functools.cache
def changes_sql(model) -> str | None:
    """The SQL expression over the new row ``t`` that gives what ``create_changes`` gives, or None
    when a tracked field is masked or of a type whose text the database would write differently.

    The JSON is put together as text and parsed once per row: that costs the database about half
    of building it with ``jsonb_build_object`` and one ``jsonb_build_array`` per field.
    """
    quote = connection.ops.quote_name
    members = []
    for field, kind, mask in _tracked(model):
        if mask is not None:
            return None
        member = _change_sql(field, kind, f"t.{quote(field.column)}")
        if member is None:
            return None
        members.append(member)
    if not members:
        return "NULL"
    return f"NULLIF(('{{' || concat_ws(', ', {', '.join(members)}) || '}}')::jsonb, '{{}}'::jsonb)"


def _change_sql(field, kind: str, column: str) -> str | None:
    """The JSON member ``"name": ["None", text]`` for one field, or SQL NULL where auditlog sees
    no change (``concat_ws`` leaves it out)."""

    def change(text: str, when: str | None = f"{column} IS NOT NULL", plain=False) -> str:
        # ``plain``: text of digits, letters, '-', '.', ':' and spaces only (numbers, ids, dates,
        # UUIDs), which needs no JSON escaping; to_json() for the rest costs the database a
        # third of building the entry.
        quoted = f"""'"' || {text} || '"'""" if plain else f"to_json({text})::text"
        member = f"""'"{field.name}": ["None", ' || {quoted} || ']'"""
        return member if when is None else f"CASE WHEN {when} THEN {member} END"

    if kind == "relation":
        # auditlog logs an empty relation too, as ("None", "None").
        return change(f"COALESCE({column}::text, 'None')", when=None, plain=True)
    if kind == "datetime":
        # Python's str() of a naive UTC datetime leaves out zero microseconds.
        utc = f"{column} AT TIME ZONE 'UTC'"
        return change(
            f"CASE WHEN {column} = date_trunc('second', {column}) "
            f"THEN to_char({utc}, 'YYYY-MM-DD HH24:MI:SS') "
            f"ELSE to_char({utc}, 'YYYY-MM-DD HH24:MI:SS.US') END",
            plain=True,
        )
    if kind == "json":
        return change(f"COALESCE({column}::text, 'null')", when=None)
    if isinstance(field, BooleanField):
        return change(f"CASE WHEN {column} THEN 'True' ELSE 'False' END", plain=True)
    if isinstance(field, CharField | TextField):
        # NULL and the text "None" both read as "None": no change, as in auditlog.
        return change(column, when=f"{column} <> 'None'")
    if isinstance(field, DateField):
        return change(f"to_char({column}, 'YYYY-MM-DD')", plain=True)
    if isinstance(field, IntegerField | DecimalField | UUIDField):
        return change(f"{column}::text", plain=True)
    return None


@functools.cache
def _tracked(model) -> list[tuple]:
    """The fields auditlog compares for ``model`` (its registry's include/exclude/mask), in the
    form ``create_changes`` needs. Reverse relations are left out: nothing points to an object
    that is only just being created."""
    options = auditlog.get_model_fields(model)
    fields = [field for field in model._meta.concrete_fields if track_field(field)]
    if options["include_fields"]:
        fields = [field for field in fields if field.name in options["include_fields"]]
    fields = [field for field in fields if field.name not in options["exclude_fields"]]
    plan = []
    for field in fields:
        if (field.one_to_one or field.many_to_one) and hasattr(field, "rel_class"):
            kind = "relation"
        elif isinstance(field, DateTimeField):
            kind = "datetime"
        elif isinstance(field, JSONField):
            kind = "json"
        else:
            kind = "value"
        masked = field.name in options["mask_fields"]
        plan.append(
            (field, kind, get_mask_function(options.get("mask_callable")) if masked else None)
        )
    return plan


def create_changes(obj) -> dict | None:
    """What ``auditlog.diff.model_instance_diff(None, obj)`` gives for a new object, field by field,
    without the reverse relations (which would cost a query per object and say nothing here).

    Follows auditlog's own quirks so the trail reads the same as for a hand-entered object: the
    old value is the string "None", and a relation without a value is logged as ("None", "None").
    """
    if settings.AUDITLOG_STORE_JSON_CHANGES or settings.AUDITLOG_USE_FK_STRING_REPRESENTATION:
        return model_instance_diff(
            None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
        )
    diff = {}
    for field, kind, mask in _tracked(type(obj)):
        value = getattr(obj, field.attname)
        if kind == "relation":
            # auditlog compares the raw id with the string "None": an empty relation is logged.
            text, differs = smart_str(value), True
        else:
            text = _as_text(field, kind, value)
            differs = text != "None"
        if differs:
            diff[field.name] = (mask("None"), mask(text)) if mask else ("None", text)
    return diff or None


def _as_text(field, kind, value) -> str:
    if kind == "datetime":
        value = field.to_python(value)
        if value is not None and settings.USE_TZ and not dj_timezone.is_naive(value):
            value = dj_timezone.make_naive(value, timezone=UTC)
        return smart_str(value)
    if kind == "json":
        try:
            return json.dumps(field.to_python(value), sort_keys=True, cls=field.encoder)
        except TypeError:
            return smart_str(value)
    return str(smart_str(value))


@contextlib.contextmanager
def attributed_to(actor, cid: str):
    """Changes saved inside (through the participation services) carry the actor and the cid."""
    token = correlation_id.set(cid)
    try:
        if actor is not None:
            with set_actor(actor):
                yield
        else:
            yield
    finally:
        correlation_id.reset(token)
