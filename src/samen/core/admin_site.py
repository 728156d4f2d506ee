from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SamenAdminSite(admin.AdminSite):
    """The Django admin for functional administrators ("functioneel beheerders").

    Access is decided by the same role layer as the rest of Samen (``core.access_admin``), not by
    Django's ``is_staff`` flag, and logging in happens through Samen's own (two-factor) login.
    """

    site_header = _("Samen – beheer")
    site_title = _("Samen beheer")
    index_title = _("Functioneel beheer")

    def has_permission(self, request):
        return request.user.is_active and request.user.has_perm("core.access_admin")

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Logged in, but not a functional administrator: say so instead of a login loop.
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next", reverse("admin:index")), reverse("two_factor:login")
        )
