from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "samen.network"
    label = "network"
    verbose_name = _("Partnernetwerk")

    def ready(self):
        from auditlog.registry import auditlog

        from samen.core import navigation

        from . import models

        navigation.register(
            _("Partners"), "network:directory", "network.view_organisation", order=30
        )
        navigation.register(
            _("Gedeelde waarden"), "network:values", "network.view_sharedvalue", order=31
        )
        auditlog.register(models.Organisation, m2m_fields={"municipalities"})
        for model in (
            models.StakeholderGroup,
            models.SharedValue,
            models.OrganisationMember,
            models.Contact,
            models.Endorsement,
            models.ConfirmationRequest,
        ):
            auditlog.register(model)
