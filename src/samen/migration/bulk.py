"""Writing many new rows at once: COPY on PostgreSQL, ``bulk_create`` elsewhere.

An import creates hundreds of thousands of rows. Django's ``bulk_create`` spends most of its time
turning every value into SQL text; PostgreSQL's COPY takes the rows as a stream. ``insert`` gives
the objects their primary keys first (from the table's own sequence), so what follows can refer to
them, exactly as after ``bulk_create``. Values go through each field's ``pre_save`` and
``get_db_prep_save``, as in ``bulk_create``; signals are not sent by either (the change trail is
written by ``audit.log_created``).
"""

from __future__ import annotations

import functools
import operator

from django.db import connection, models
from django.db.models.base import ModelState
from django.utils import timezone


def build(model, **values):
    """A new, unsaved instance of ``model``: what ``model(**values)`` gives, built faster.

    ``Model.__init__`` is generic: per field it looks at args and kwargs, and it sends the
    ``pre_init`` and ``post_init`` signals. An import builds hundreds of thousands of instances, and
    that generic work was the largest single item of its Python time. ``build`` knows the model's
    fields beforehand (``_blueprint``): values given by field name or attname are stored, a related
    object given by field name sets the id and is cached (as its descriptor does), every other
    field gets its default. Samen connects nothing to ``pre_init``/``post_init`` (a test keeps it
    so); an unknown name raises ``TypeError`` as ``__init__`` does. A related object that is not
    saved yet is refused (``ValueError``), so that ``insert`` can rely on every id being set.
    """
    obj = model.__new__(model)
    obj._state = ModelState()
    state = obj.__dict__
    given = 0
    for name, attname, default, relation in _blueprint(model):
        if name in values:
            given += 1
            value = values[name]
            if relation is None:
                state[attname] = value
            else:
                _relate(obj, relation, value)
        elif attname in values:
            given += 1
            state[attname] = values[attname]
        else:
            state[attname] = default()
    if given != len(values):
        known = {name for name, *_rest in _blueprint(model)}
        known |= {attname for _name, attname, *_rest in _blueprint(model)}
        unknown = ", ".join(sorted(set(values) - known))
        raise TypeError(f"{model.__name__}() got unexpected keyword arguments: {unknown}")
    return obj


def loaded(model, **attributes):
    """A stored row of ``model`` with only ``attributes`` (by attname) loaded, the other fields
    deferred: what ``Model.from_db`` gives for those columns, without ``Model.__init__``."""
    obj = model.__new__(model)
    obj._state = ModelState()
    obj._state.adding = False
    obj._state.db = connection.alias
    obj.__dict__.update(attributes)
    return obj


def _relate(obj, field, value) -> None:
    if value is None:
        obj.__dict__[field.attname] = None
    elif value.pk is None:
        raise ValueError(
            f"{type(obj).__name__}.{field.name}: the related {type(value).__name__} is not saved"
        )
    else:
        obj.__dict__[field.attname] = value.pk
    field.set_cached_value(obj, value)
    if field.one_to_one and value is not None:
        field.remote_field.set_cached_value(value, obj)


@functools.cache
def _blueprint(model) -> tuple:
    """Per concrete field: (name, attname, its default as a function, the field if it is a
    relation to a primary key, else None)."""
    blueprint = []
    for field in model._meta.concrete_fields:
        relation = field if field.is_relation else None
        if relation is not None and not field.target_field.primary_key:
            raise TypeError(f"build() does not handle {field} (not to a primary key)")
        blueprint.append((field.name, field.attname, field.get_default, relation))
    return tuple(blueprint)


def insert(model, objects: list, *, with_ids: bool = True) -> list:
    """Insert new ``objects`` of ``model`` (made by ``build``); with ``with_ids`` each gets its
    primary key."""
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=500)
    opts = model._meta
    # No _prepare_related_fields_for_save() per object: the objects come from build(), which
    # refuses related objects that are not saved.
    if with_ids:
        _assign_ids(opts, objects)
    plan = _plan(model, with_ids)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field, _stamps, _conv in plan)
    rows = _rows(plan, objects)
    with connection.cursor() as cursor:
        statement = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"  # noqa: S608 - names from _meta
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects


def insert_values(model, rows: list[dict]) -> int:
    """Insert rows given as ``{attname: value}`` without building model instances (for the many
    rows nothing else needs as objects: change-trail entries, pillars). A missing field gets its
    default (a callable one, such as ``uuid4``, per row; ``auto_now`` fields: now); the primary
    key comes from the table."""
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return len(rows)
    plan = _plan(model, False)
    now = timezone.now()
    fills = [(field, _default_of(field, now)) for field, _stamps, _conv in plan]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field, _stamps, _conv in plan)
    with connection.cursor() as cursor:
        statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"  # noqa: S608 - names from _meta
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                values = []
                for (field, default), (_field, _stamps, converts) in zip(fills, plan, strict=True):
                    value = row[field.attname] if field.attname in row else default()
                    values.append(_prepared(field, value, converts))
                copy.write_row(values)
    return len(rows)


def _default_of(field, now):
    """What a missing value of ``field`` becomes, as a function (called per row)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda: now
    if field.has_default() and callable(field.default):
        return field.default
    value = field.get_default()
    return lambda: value


def _prepared(field, value, converts: bool):
    return field.get_db_prep_save(value, connection) if converts else value


#: Field types whose Python value psycopg takes as it is (their get_db_prep_save on PostgreSQL
#: returns the value unchanged); anything else (JSON, custom fields) goes through Django.
PLAIN_TYPES = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,  # also EmailField, SlugField
    models.DateField,  # also DateTimeField
    models.DecimalField,
    models.ForeignKey,  # also OneToOneField: the raw id
    models.IntegerField,  # also the positive and small variants
    models.TextField,
    models.UUIDField,
)


@functools.cache
def _plan(model, with_ids: bool) -> list[tuple]:
    """Per field: (field, an ``auto_now``/``auto_now_add`` field, needs Django's conversion)."""
    plan = []
    for field in model._meta.concrete_fields:
        if field.primary_key and not with_ids:
            continue
        stamps = bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        converts = not isinstance(field, PLAIN_TYPES) or isinstance(field, models.FileField)
        plan.append((field, stamps, converts))
    return plan


def _rows(plan, objects):
    """Each object's values in the plan's order. Most fields are read as they are, all at once
    (``attrgetter``): per field and object in Python, that was most of an import's COPY time.
    ``auto_now``/``auto_now_add`` fields get one time for the whole batch, taken by the field's
    own ``pre_save`` for the first object: the batch is written at once."""
    attnames = [field.attname for field, _stamps, _conv in plan]
    read = operator.attrgetter(*attnames) if len(attnames) > 1 else None
    stamped = [
        (i, field) for i, (field, stamps, converts) in enumerate(plan) if stamps and not converts
    ]
    converted = [(i, field) for i, (field, _stamps, converts) in enumerate(plan) if converts]
    times = {}
    for obj in objects:
        row = list(read(obj)) if read else [getattr(obj, attnames[0])]
        for index, field in stamped:
            if index in times:
                obj.__dict__[field.attname] = times[index]
            else:
                times[index] = field.pre_save(obj, True)
            row[index] = times[index]
        for index, field in converted:
            row[index] = field.get_db_prep_save(field.pre_save(obj, True), connection)
        yield row


def _assign_ids(opts, objects) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
            [_sequence_of(opts.db_table, opts.pk.column), len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk


@functools.cache
def _sequence_of(table: str, column: str) -> str:
    """The sequence of a table's id, looked up once: asked inside the query above, the database
    looked it up again for every id (ten times the cost of the ids themselves)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        return cursor.fetchone()[0]
