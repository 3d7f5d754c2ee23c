"""One permission class for every API view, reading rights declared on the view.

- `read_right`: needed for any request (held anywhere); objects are then scoped by
  hoptac.accounts.access, which answers 404 outside the user's scope.
- `create_right`: needed to POST to a list (a create), as the pages' "add" forms need it.
- Other writes are decided on the object by the same access functions as the pages
  (`get_<thing>_for_user(..., write=True)`: 403 when visible but read-only).
- A read-only token may not write at all (403), whatever its user may do.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from hoptac.accounts.access import has_right
from hoptac.accounts.models import ApiToken


def is_read_only_token(request) -> bool:
    return isinstance(request.auth, ApiToken) and request.auth.read_only


class HasDeclaredRight(BasePermission):
    message = _("Bạn không có quyền thực hiện thao tác này.")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method not in SAFE_METHODS and is_read_only_token(request):
            self.message = _("Khóa API này chỉ có quyền đọc.")
            return False
        right = getattr(view, "read_right", None)
        if right is not None and not has_right(user, right):
            return False
        if request.method == "POST" and getattr(view, "action", None) == "create":
            create_right = getattr(view, "create_right", None)
            if create_right is not None and not has_right(user, create_right):
                return False
        return True
