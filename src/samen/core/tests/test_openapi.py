"""The committed API schema (docs/api/openapi.yaml) must be what the code generates."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

SCHEMA = Path(__file__).resolve().parents[4] / "docs" / "api" / "openapi.yaml"


def test_committed_schema_matches_the_code(tmp_path, db):
    if connection.vendor != "sqlite":
        # Integer bounds in the schema come from the database backend (smallint on PostgreSQL);
        # the committed schema is generated on the default SQLite, and CI runs the suite there too.
        pytest.skip(
            "the committed schema is generated on SQLite (integer bounds differ per backend)"
        )
    generated = tmp_path / "openapi.yaml"
    # Fails on any warning, e.g. a choice field whose name collides with one in another module:
    # name its choices in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] (see docs/architecture.md).
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == SCHEMA.read_text(), (
        "docs/api/openapi.yaml is out of date: run `make schema` and commit the result."
    )


def test_schema_is_served_without_login(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/regions/{uuid}/allocation" in response.content


def test_allocation_endpoint_is_documented_with_its_parameters():
    text = SCHEMA.read_text()
    for parameter in ("name: amount", "name: key", "name: reference_date", "name: municipalities"):
        assert parameter in text
