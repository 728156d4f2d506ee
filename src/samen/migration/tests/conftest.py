"""Fixtures of the migration tests: the municipality of seed 004 and an administrator for it."""

from pathlib import Path

import pytest

from samen.accounts.roles import Role
from samen.migration import services
from samen.migration.importer import execute

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(autouse=True)
def runs_inline(settings, tmp_path):
    """Uploaded exports are processed inside the request (no background thread in tests) and
    stored in a temporary folder."""
    settings.MIGRATION_RUN_INLINE = True
    settings.MEDIA_ROOT = str(tmp_path / "private-media")


@pytest.fixture
def gm1509(other_region):
    return other_region.municipalities.get(cbs_code="GM1509")


@pytest.fixture
def admin(make_user, gm1509):
    return make_user(Role.ADMIN, gm1509, email="beheerder@example.nl", full_name="Bea Beheer")


@pytest.fixture
def case_worker(make_user, gm1509):
    return make_user(
        Role.CASE_WORKER, gm1509, email="klantmanager@samen.demo", full_name="Karin Klantmanager"
    )


@pytest.fixture
def run_export(gm1509, admin):
    """run_export(path, dry_run=False, **options) -> the finished ImportRun."""

    def run(
        path,
        *,
        dry_run=False,
        municipality=None,
        user=admin,
        mapping=None,
        batch_size=500,
        source="Laborijn",
    ):
        run = services.create_run(
            municipality or gm1509,
            path,
            dry_run=dry_run,
            user=user,
            mapping_path=mapping,
            source_system=source,
            batch_size=batch_size,
        )
        return execute(run, path, mapping)

    return run


def counts(run) -> dict:
    """{sheet: (rows_read, created, updated, unchanged, rejected)}"""
    return {
        sheet.name: (sheet.rows_read, sheet.created, sheet.updated, sheet.unchanged, sheet.rejected)
        for sheet in run.sheets.all()
    }
