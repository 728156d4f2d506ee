from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

#: Paths a staff member without a verified second factor may still reach.
OPEN_PREFIXES = ("/account/", "/static/", "/i18n/", "/logout/")


class RequireTwoFactorMiddleware:
    """Sends staff who have not verified a second factor to set one up (when required)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Tweestapsverificatie is verplicht voor medewerkers.")}, status=403
                )
            return redirect("two_factor:setup")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request) -> bool:
        user = getattr(request, "user", None)
        return bool(
            settings.TWO_FACTOR_REQUIRED
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        )
