"""GIN indexes for the directory's full-text search — on PostgreSQL only.

Functional indexes on the weighted profile document and on the expertise text (Dutch configuration).
They are deliberately not in ``Organisation.Meta.indexes``: SQLite cannot build GIN indexes, and
SQLite re-creates a table's declared indexes whenever a later migration alters it. The expressions
are written out here (not imported) so this migration stays as it was; 0005 replaces the document
index by a stored, generated column.
"""

from functools import reduce

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

FIELDS = (("name", "A"), ("expertise", "B"), ("description", "C"), ("offers", "C"), ("seeks", "C"))


def search_indexes():
    document = reduce(
        lambda left, right: left + right,
        [SearchVector(field, weight=weight, config="dutch") for field, weight in FIELDS],
    )
    return [
        GinIndex(document, name="organisation_search_gin"),
        GinIndex(SearchVector("expertise", config="dutch"), name="organisation_expertise_gin"),
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches with the LIKE fallback and needs no index
    organisation = apps.get_model("network", "Organisation")
    for index in search_indexes():
        schema_editor.add_index(organisation, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    organisation = apps.get_model("network", "Organisation")
    for index in search_indexes():
        schema_editor.remove_index(organisation, index)


class Migration(migrations.Migration):
    dependencies = [("network", "0002_contacts_versions_confirmation_requests")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
