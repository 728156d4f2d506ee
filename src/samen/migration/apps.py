from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    name = "samen.migration"
    label = "migration"
    verbose_name = _("Gegevensmigratie")

    def ready(self):
        from auditlog.registry import auditlog

        from samen.core import navigation

        from . import models

        navigation.register(
            _("Gegevensmigratie"), "migration:run-list", "migration.view_importrun", order=90
        )
        # The run itself is in the change trail (who, when, file hash, status, and the counts in
        # ``summary`` when it ends); its progress fields change with every batch and are left out.
        auditlog.register(
            models.ImportRun,
            exclude_fields=["rows_done", "heartbeat_at", "phase", "rows_total"],
        )
