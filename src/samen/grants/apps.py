from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "samen.grants"
    label = "grants"
    verbose_name = _("Subsidies")

    def ready(self):
        from auditlog.registry import auditlog

        from samen.core import navigation

        from . import models

        # One entry for all who deal with subsidies (council members read schemes and the
        # ledger); the pages link on to applications, the worklist and the public register.
        navigation.register(
            _("Subsidies"), "grants:scheme-list", "grants.view_grantscheme", order=40
        )
        navigation.register(
            _("Werklijst subsidies"), "grants:worklist", "grants.view_worklist", order=41
        )

        for model in (
            models.GrantScheme,
            models.Criterion,
            models.Question,
            models.BudgetYear,
            models.BudgetShare,
            models.LedgerEntry,
            models.CarryOver,
            models.Application,
            models.BudgetLine,
            models.Answer,
            models.Attachment,
            models.TransitionLog,
            models.RemedyRequest,
            models.Review,
            models.Score,
            models.Recusal,
            models.Advice,
            models.Decision,
            models.Payment,
            models.AccountabilityReport,
            models.Settlement,
            models.Objection,
        ):
            auditlog.register(model)
