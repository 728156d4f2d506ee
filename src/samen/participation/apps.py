from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "samen.participation"
    label = "participation"
    verbose_name = _("Participatie en inwonersdossiers")

    def ready(self):
        from auditlog.registry import auditlog

        from samen.core import navigation

        from . import models

        navigation.register(
            _("Inwoners"), "participation:resident-list", "participation.view_resident", order=60
        )
        navigation.register(
            _("Gedeelde profielen"),
            "participation:shared-list",
            "participation.view_sharedprofile",
            order=65,
        )
        navigation.register(
            _("Bewaartermijnen"),
            "participation:retention-list",
            "participation.view_retention",
            order=95,
        )

        # The change trail must not copy a BSN: it is left out of the resident's trail (a BSN is
        # never changed in Samen; a wrong one means a new registration), and so is the derived
        # search name. str(resident) is the pseudonymous reference.
        auditlog.register(models.Resident, exclude_fields=["bsn", "search_name", "version"])
        auditlog.register(models.TalentProfile, m2m_fields={"talents"}, exclude_fields=["version"])
        for model in (
            models.Dossier,
            models.Pillar,
            models.Plan,
            models.ContactMoment,
            models.BenefitEpisode,
            models.Arrangement,
            models.TargetGroupRegistration,
            models.LadderAssessment,
            models.HealthAssessment,
            models.SelfRelianceAssessment,
            models.Consent,
            models.Talent,
            models.DestructionRecord,
        ):
            auditlog.register(model, exclude_fields=["version", "submission_token"])
