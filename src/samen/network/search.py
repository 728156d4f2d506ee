"""Full-text search over organisation profiles: PostgreSQL's Dutch text search, or a plain fallback.

On PostgreSQL the profile texts are searched as one weighted ``tsvector`` (name weighs most, then
expertise, then description, offers and seeks) with the ``dutch`` configuration, so "zorgaanbieders"
finds "zorgaanbieder". Each typed word also matches as a prefix ("wel" finds "welzijn"), which suits
live filtering. The weighted document is a stored column that PostgreSQL generates from the texts
(migration 0005; :class:`StoredDocument` refers to it) with a GIN index; the expertise filter uses a
GIN index on the expression :func:`expertise_document` (migration 0003) — PostgreSQL only uses a
functional index when a query repeats its expression, so that expression must not change without
a migration that rebuilds the index.

On SQLite (demo, development) every word must occur, case-insensitively, in one of the same fields.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connections
from django.db.models import Expression, Q

SEARCH_CONFIG = "dutch"
#: (field, weight) of the profile texts in the search document.
DOCUMENT_FIELDS = (
    ("name", "A"),
    ("expertise", "B"),
    ("description", "C"),
    ("offers", "C"),
    ("seeks", "C"),
)
DOCUMENT_COLUMN = "search_document"
DOCUMENT_INDEX = "organisation_search_document_gin"
EXPERTISE_INDEX = "organisation_expertise_gin"
MAX_WORDS = 12

_WORD = re.compile(r"\w+", re.UNICODE)


def uses_full_text(database: str = "default") -> bool:
    """PostgreSQL searches with text search; every other backend with the fallback."""
    return connections[database].vendor == "postgresql"


def words(text: str | None) -> list[str]:
    """The words of ``text``, lowercased, without tsquery operators or quotes (at most 12)."""
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_WORDS]


class StoredDocument(Expression):
    """The generated ``search_document`` column of the organisation table (PostgreSQL only).

    Not a model field — SQLite has no such column — so it is named here, on whatever alias the
    organisation table has in the query being compiled.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        table = compiler.quote_name_unless_alias(alias)
        return f"{table}.{connection.ops.quote_name(DOCUMENT_COLUMN)}", []


def expertise_document() -> SearchVector:
    """Only "waar we goed in zijn", for the expertise filter (its own GIN index)."""
    return SearchVector("expertise", config=SEARCH_CONFIG)


def prefix_query(text: str) -> SearchQuery | None:
    """All words must match, each also as a prefix: ``zorg welz`` -> ``'zorg':* & 'welz':*``."""
    terms = words(text)
    if not terms:
        return None
    raw = " & ".join(f"'{term}':*" for term in terms)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def contains_all_words(text: str, fields) -> Q | None:
    """The fallback: every word occurs (case-insensitively) in at least one of ``fields``."""
    terms = words(text)
    if not terms:
        return None
    per_word = [
        reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields)) for term in terms
    ]
    return reduce(and_, per_word)
