from samen.accounts.permissions import scope_queryset


class ScopedAdminMixin:
    """Admin lists show only objects within the user's memberships (the same rule as the views)."""

    def get_queryset(self, request):
        opts = self.model._meta
        return scope_queryset(
            request.user, super().get_queryset(request), f"{opts.app_label}.view_{opts.model_name}"
        )

    def has_view_permission(self, request, obj=None):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}", obj)

    def has_change_permission(self, request, obj=None):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}", obj)

    def has_delete_permission(self, request, obj=None):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.delete_{opts.model_name}", obj)
