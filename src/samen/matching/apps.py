from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "samen.matching"
    label = "matching"
    verbose_name = _("Matching van talent en werk")

    def ready(self):
        from auditlog.registry import auditlog

        from samen.core import navigation

        from . import models, policies

        policies.register()
        navigation.register(
            _("Werkplekken"), "matching:opportunity-list", "matching.view_workopportunity", order=50
        )
        navigation.register(_("Matches"), "matching:match-list", "matching.view_match", order=51)
        navigation.register(
            _("Kwaliteit matching"), "matching:evaluation", "matching.view_evaluationrun", order=90
        )
        auditlog.register(models.WorkOpportunity, m2m_fields={"talents_asked", "talents_taught"})
        for model in (
            models.Match,
            models.MatchEvent,
            models.AssignmentRun,
            models.AssignmentProposal,
            models.EvaluationRun,
        ):
            auditlog.register(model)
