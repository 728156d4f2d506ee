from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "samen.reporting"
    label = "reporting"
    verbose_name = _("Rapportage en verantwoording")

    def ready(self):
        from auditlog.registry import auditlog

        from samen.core import navigation

        from . import models, policies

        policies.register()

        navigation.register(
            _("Rapportage"), "reporting:index", "reporting.view_dashboard", order=80
        )
        navigation.register(
            _("Werklijst controller"), "reporting:worklist", "reporting.view_worklist", order=81
        )
        for model in (
            models.Programme,
            models.Milestone,
            models.MilestoneDocument,
            models.CouncilLetter,
        ):
            auditlog.register(model)
