from django.contrib.auth.backends import ModelBackend

from .permissions import user_has_perm, user_permissions


class RoleBackend(ModelBackend):
    """Authenticates by e-mail and password; answers permissions from the role table only.

    Django's groups and per-user permissions are deliberately ignored, so that a permission
    granted anywhere is visible in ``samen.accounts.permissions.RULES``.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return user_permissions(user_obj)

    def has_perm(self, user_obj, perm, obj=None):
        return user_has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(f"{app_label}.") for p in user_permissions(user_obj))
