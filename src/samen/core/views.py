from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from samen.accounts.permissions import scope_queryset


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(memberships=self.request.user.active_memberships, **kwargs)


class ScopedUrlObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The one object a page is about, named by its UUID in the URL.

    Pages that act on one object (forms, buttons, detail pages) read it several times per request,
    from the form, the context and the redirect after a POST. Loading it here, once and through
    ``scope_queryset``, keeps that at one query and makes an object outside the user's scope a 404
    (so a UUID never reveals that the object exists), the same answer as the lists give. The
    object is loaded lazily, after the login and permission checks of ``dispatch`` have run.
    Narrow the lookup further (e.g. drafts only their authors see) in ``get_scoped_queryset``.
    Django's ``SingleObjectMixin`` (and the ``ScopedMixin`` querysets built on it) would load the
    object again on every ``get_object()`` call and only fits detail and edit views, not the
    ``FormView`` and ``View`` pages that act on an object through a service.
    """

    scoped_model = None
    scoped_url_kwarg = "uuid"
    scoped_select_related: tuple[str, ...] = ()
    scoped_context_name: str | None = None
    detail_route: str | None = None

    def get_scoped_queryset(self):
        queryset = self.scoped_model.objects.all()
        if self.scoped_select_related:  # an empty select_related() would follow every relation
            queryset = queryset.select_related(*self.scoped_select_related)
        return scope_queryset(self.request.user, queryset, self.permission_required)

    def get_scoped_object(self):
        if not hasattr(self, "_scoped_object"):
            uuid = self.kwargs[self.scoped_url_kwarg]
            self._scoped_object = get_object_or_404(self.get_scoped_queryset(), uuid=uuid)
        return self._scoped_object

    def get_context_data(self, **kwargs):
        if self.scoped_context_name:
            kwargs[self.scoped_context_name] = self.get_scoped_object()
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return reverse(self.detail_route, args=[self.get_scoped_object().uuid])
