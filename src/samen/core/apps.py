from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samen.core"
    label = "core"
    verbose_name = _("Basis")

    def ready(self):
        from . import lookups, navigation  # noqa: F401 - lookups registers field__any_of

        navigation.register(_("Overzicht"), "core:home", order=0)
        navigation.register(_("Beheer"), "admin:index", "core.access_admin", order=1000)
