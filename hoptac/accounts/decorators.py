"""Every view declares its access rule; `AccessRuleMiddleware` refuses views that do not.

- `@requires(right)`: signed-in users holding `right` somewhere; objects are then
  scoped with `hoptac.accounts.access` (404 outside scope, 403 when read-only).
- `@authenticated`: any signed-in user (home page, sign-out, own profile).
- `@public`: no sign-in needed (sign-in page, language switch).
- Class-based views set `access_rule` (a right, PUBLIC, AUTHENTICATED or API) and use
  `RightRequiredMixin`; REST views use API and check rights in their permission classes.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .access import has_right
from .permissions import ALL_RIGHTS

PUBLIC = "public"
AUTHENTICATED = "authenticated"
API = "api"
RULES = frozenset({PUBLIC, AUTHENTICATED, API}) | ALL_RIGHTS


def access_rule_of(view_func) -> str | None:
    """The rule a resolved view declares (function attribute or class attribute), if any."""
    rule = getattr(view_func, "access_rule", None)
    if rule is None:
        rule = getattr(getattr(view_func, "view_class", None), "access_rule", None)
    if rule is None:
        rule = getattr(getattr(view_func, "cls", None), "access_rule", None)  # DRF viewsets
    return rule


def requires(right: str):
    if right not in ALL_RIGHTS:
        raise ImproperlyConfigured(f"Unknown right {right!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_right(request.user, right):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_rule = right
        return wrapped

    return decorator


def authenticated(view):
    # LoginRequiredMiddleware sends anonymous users to the sign-in page.
    view.access_rule = AUTHENTICATED
    return view


def public(view):
    view = login_not_required(view)
    view.access_rule = PUBLIC
    return view


class RightRequiredMixin:
    """For class-based views: `access_rule = "registry.cooperative:read"`."""

    access_rule: str | None = None

    def dispatch(self, request, *args, **kwargs):
        rule = self.access_rule
        if rule not in RULES:
            raise ImproperlyConfigured(f"{type(self).__name__}.access_rule is not a known rule: {rule!r}")
        if rule in ALL_RIGHTS and not has_right(request.user, rule):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
