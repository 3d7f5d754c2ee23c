"""Template access to rights (to hide what a user may not do) and the main navigation."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import access
from hoptac.accounts import permissions as perms

register = template.Library()

# (label, URL name, right needed or None for any signed-in user). Pages whose URL name
# does not resolve yet are left out, so the menu grows as the sections are built.
MAIN_NAV = [
    (_("Tổng quan"), "home", None),
    (_("Nhiệm vụ"), "plans:index", perms.PLAN_READ),
    (_("HTX"), "registry:cooperative_list", perms.REGISTRY_READ),
    (_("THT"), "registry:group_list", perms.REGISTRY_READ),
    (_("Thành viên Liên minh"), "registry:membership_list", perms.REGISTRY_READ),
    (_("Báo cáo"), "reports:index", perms.PLAN_READ),
    (_("Nhật ký"), "audit:search", perms.AUDIT_SEARCH),
]


@register.filter
def has_right(user, right):
    """{% if request.user|has_right:"registry.cooperative:write" %} — held anywhere."""
    return access.has_right(user, right)


@register.filter
def can_edit(user, obj):
    """Whether `user` may edit this registry object (cooperative, group or membership)."""
    name = type(obj).__name__
    check = {
        "Cooperative": access.can_edit_cooperative,
        "CooperativeGroup": access.can_edit_group,
        "AllianceMembership": access.can_edit_membership,
    }.get(name)
    return bool(check and check(user, obj))


@register.inclusion_tag("_nav.html", takes_context=True)
def main_nav(context):
    request = context["request"]
    items = []
    for label, url_name, right in MAIN_NAV:
        if right is not None and not access.has_right(request.user, right):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"items": items}


@register.simple_tag
def role_labels(user):
    """The user's roles with their scope, for the user menu: "Cán bộ huyện, thành phố — Huyện Đăk Hà"."""
    names = dict(perms.ROLE_CHOICES)
    labels = []
    for scope in access.scopes(user):
        role = str(names.get(scope.role, scope.role))
        labels.append(f"{role} — {scope.scope_name}" if scope.scope_name else role)
    return labels
