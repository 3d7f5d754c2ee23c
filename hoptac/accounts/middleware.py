from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .decorators import access_rule_of

# Views that bring their own access control: the Django admin, language switching, static files.
EXEMPT_NAMESPACES = frozenset({"admin"})
EXEMPT_MODULES = ("django.contrib.admin.", "django.views.i18n", "django.views.static", "django.contrib.staticfiles.")


def is_exempt(view_func, namespaces=()) -> bool:
    if EXEMPT_NAMESPACES.intersection(namespaces):
        return True
    module = getattr(view_func, "__module__", "") or ""
    return module.startswith(EXEMPT_MODULES)


class AccessRuleMiddleware:
    """Deny by default: a resolved view that declares no access rule answers 403.

    Sits after AuthenticationMiddleware and LoginRequiredMiddleware; the rule itself is
    enforced by the view's decorator or mixin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if access_rule_of(view_func) is not None:
            return None
        match = getattr(request, "resolver_match", None)
        if is_exempt(view_func, match.namespaces if match else ()):
            return None
        raise PermissionDenied


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user picked another language with the switch (language cookie).

    The browser's Accept-Language is deliberately ignored: officials' computers are often
    set to English while the working language is Vietnamese.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
