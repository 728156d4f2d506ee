"""The talent vocabulary shipped with Samen."""

import io
import re

from django.core.management import call_command

from samen.participation.models import Talent
from samen.participation.talents import read_talents


def test_the_vocabulary_is_loaded_by_the_migration(db):
    assert Talent.objects.count() >= 300
    assert set(Talent.objects.values_list("category", flat=True)) == set(Talent.Category.values)


def test_every_row_is_well_formed():
    rows = read_talents()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert re.fullmatch(r"[a-z0-9-]+", row["code"]), row
        assert row["category"] in Talent.Category.values, row
        assert row["esco_uri"] == "" or re.fullmatch(
            r"http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}", row["esco_uri"]
        ), row
    assert sum(1 for row in rows if row["esco_uri"]) >= 50


def test_loading_again_changes_nothing(db):
    out = io.StringIO()
    call_command("load_talents", stdout=out)
    assert "0 created" in out.getvalue()
