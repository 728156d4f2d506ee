from rest_framework.permissions import BasePermission


class HasPermission(BasePermission):
    """DRF face of the role layer: a view names ``required_permission`` and the backend decides."""

    def has_permission(self, request, view):
        perm = getattr(view, "required_permission", None)
        return bool(
            request.user and request.user.is_authenticated and perm and request.user.has_perm(perm)
        )

    def has_object_permission(self, request, view, obj):
        return request.user.has_perm(view.required_permission, obj)
