"""Is a source module's data there yet? Reporting reads modules that evolve on their own.

A section of a dashboard is "nog niet beschikbaar" until every model it reads is installed *and*
created by a migration. The check reads the migration files (no database query) once per process.
"""

from __future__ import annotations

from functools import lru_cache

from django.apps import apps


@lru_cache(maxsize=1)
def _migrated_models() -> frozenset[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = loader.project_state()
    return frozenset(state.models)


def available(*models: str) -> bool:
    """True when every ``"app_label.ModelName"`` is installed and has a migration creating it."""
    migrated = _migrated_models()
    for dotted in models:
        app_label, model_name = dotted.split(".")
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            return False
        if (app_label, model_name.lower()) not in migrated:
            return False
    return True


def model(dotted: str):
    app_label, model_name = dotted.split(".")
    return apps.get_model(app_label, model_name)
