from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "samen.regions"
    label = "regions"
    verbose_name = _("Regio's en gemeenten")

    def ready(self):
        from auditlog.registry import auditlog

        from samen.core import navigation

        from . import models

        navigation.register(_("Regio's"), "regions:region-list", "regions.view_region", order=10)
        navigation.register(
            _("Verdelen"), "regions:allocation-start", "regions.use_allocation", order=20
        )

        for model in (
            models.Region,
            models.Municipality,
            models.PopulationFigure,
            models.PolicySetting,
            models.AllocationKey,
            models.AllocationWeight,
        ):
            auditlog.register(model)
