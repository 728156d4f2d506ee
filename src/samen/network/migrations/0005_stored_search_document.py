"""A stored search document for the directory — on PostgreSQL only.

Ranking matches needs each matching profile's tsvector; with only a functional index PostgreSQL
recomputes ``to_tsvector`` for every match (about 1.4 s for a common word in 10,000 profiles). A
generated column keeps the weighted document stored and always in step with the texts (PostgreSQL
maintains it on every insert and update, also for bulk loads and the admin), and the GIN index moves
to that column. The column is not a Django model field: SQLite has no tsvector and searches with the
LIKE fallback; ``samen.network.search.StoredDocument`` refers to it in queries.
"""

from importlib import import_module

from django.db import migrations

DOCUMENT = """
    setweight(to_tsvector('dutch'::regconfig, coalesce(name, '')), 'A')
    || setweight(to_tsvector('dutch'::regconfig, coalesce(expertise, '')), 'B')
    || setweight(to_tsvector('dutch'::regconfig, coalesce(description, '')), 'C')
    || setweight(to_tsvector('dutch'::regconfig, coalesce(offers, '')), 'C')
    || setweight(to_tsvector('dutch'::regconfig, coalesce(seeks, '')), 'C')
"""

FORWARDS = [
    f"ALTER TABLE network_organisation ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    "CREATE INDEX organisation_search_document_gin ON network_organisation "
    "USING gin (search_document)",
    "DROP INDEX IF EXISTS organisation_search_gin",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS organisation_search_document_gin",
    "ALTER TABLE network_organisation DROP COLUMN IF EXISTS search_document",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARDS:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARDS:
        schema_editor.execute(statement)
    # Back to 0004: the functional document index of 0003 again.
    initial = import_module("samen.network.migrations.0003_search_indexes")
    organisation = apps.get_model("network", "Organisation")
    schema_editor.add_index(organisation, initial.search_indexes()[0])


class Migration(migrations.Migration):
    dependencies = [("network", "0004_endorsement_uuid")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
