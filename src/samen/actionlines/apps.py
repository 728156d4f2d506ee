from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionLinesConfig(AppConfig):
    name = "samen.actionlines"
    label = "actionlines"
    verbose_name = _("Actielijnen")

    def ready(self):
        from auditlog.registry import auditlog

        from samen.core import navigation

        from . import models

        navigation.register(
            _("Actielijnen"), "actionlines:line-list", "actionlines.view_actionline", order=40
        )
        navigation.register(
            _("Volledigheid"), "actionlines:completeness", "actionlines.view_completeness", order=41
        )
        navigation.register(
            _("Platformbijeenkomsten"),
            "actionlines:meeting-list",
            "actionlines.view_meeting",
            order=42,
        )
        navigation.register(
            _("Initiatieven"),
            "actionlines:initiative-list",
            "actionlines.view_initiative",
            order=43,
        )

        auditlog.register(models.ActionLine, m2m_fields={"values"})
        auditlog.register(models.Meeting, m2m_fields={"attending_organisations", "attendees"})
        for model in (
            models.ActionLineLead,
            models.Commitment,
            models.MunicipalityRole,
            models.StatusChange,
            models.Follow,
            models.Notification,
            models.ProgressReport,
            models.ReportVersion,
            models.Initiative,
            models.ValueFit,
            models.CriterionCheck,
            models.AgendaItem,
            models.MeetingDecision,
            models.FollowUp,
        ):
            auditlog.register(model)
