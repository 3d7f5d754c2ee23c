"""Rights and roles: the vocabulary of every permission decision.

Rights are namespaced strings; roles are named sets of rights. The database
stores only grants (user, role, agency / admin unit). Decisions are made in
`hoptac.accounts.access`; nothing else checks a role by name.
"""

from django.utils.translation import gettext_lazy as _

PROVINCE_LEADER = "province_leader"
ALLIANCE_OFFICER = "alliance_officer"
DEPARTMENT_OFFICER = "department_officer"
DISTRICT_OFFICER = "district_officer"
COMMUNE_OFFICER = "commune_officer"
VIEWER = "viewer"
ADMINISTRATOR = "administrator"

ROLE_CHOICES = [
    (PROVINCE_LEADER, _("Lãnh đạo tỉnh")),
    (ALLIANCE_OFFICER, _("Cán bộ Liên minh HTX tỉnh")),
    (DEPARTMENT_OFFICER, _("Cán bộ sở, ngành")),
    (DISTRICT_OFFICER, _("Cán bộ huyện, thành phố")),
    (COMMUNE_OFFICER, _("Cán bộ xã, phường, thị trấn")),
    (VIEWER, _("Người xem")),
    (ADMINISTRATOR, _("Quản trị hệ thống")),
]

# Rights
REGISTRY_READ = "registry.cooperative:read"
REGISTRY_WRITE = "registry.cooperative:write"
GROUP_WRITE = "registry.group:write"
MEMBERSHIP_WRITE = "registry.membership:write"
PLAN_READ = "plans.plan:read"
PLAN_WRITE = "plans.plan:write"
TASK_UPDATE = "plans.assignment:update"
REPORT_SUBMIT = "reports.submission:submit"
REPORT_CONSOLIDATE = "reports.round:manage"
AUDIT_SEARCH = "audit.log:search"
DASHBOARD_READ = "dashboard:read"
ACCOUNTS_MANAGE = "accounts.user:manage"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    PROVINCE_LEADER: frozenset({REGISTRY_READ, PLAN_READ, DASHBOARD_READ}),
    ALLIANCE_OFFICER: frozenset(
        {
            REGISTRY_READ, REGISTRY_WRITE, GROUP_WRITE, MEMBERSHIP_WRITE, PLAN_READ, PLAN_WRITE,
            TASK_UPDATE, REPORT_SUBMIT, REPORT_CONSOLIDATE, AUDIT_SEARCH, DASHBOARD_READ,
        }
    ),
    DEPARTMENT_OFFICER: frozenset({REGISTRY_READ, PLAN_READ, TASK_UPDATE, REPORT_SUBMIT, DASHBOARD_READ}),
    DISTRICT_OFFICER: frozenset(
        {REGISTRY_READ, REGISTRY_WRITE, GROUP_WRITE, PLAN_READ, TASK_UPDATE, REPORT_SUBMIT, DASHBOARD_READ}
    ),
    COMMUNE_OFFICER: frozenset({REGISTRY_READ, REGISTRY_WRITE, GROUP_WRITE, PLAN_READ, DASHBOARD_READ}),
    VIEWER: frozenset({REGISTRY_READ, PLAN_READ, DASHBOARD_READ}),
    ADMINISTRATOR: frozenset(
        {
            REGISTRY_READ, REGISTRY_WRITE, GROUP_WRITE, MEMBERSHIP_WRITE, PLAN_READ, PLAN_WRITE,
            REPORT_CONSOLIDATE, AUDIT_SEARCH, DASHBOARD_READ, ACCOUNTS_MANAGE,
        }
    ),
}

ALL_RIGHTS: frozenset[str] = frozenset().union(*ROLE_PERMISSIONS.values())

# Roles whose registry scope is the whole installation (one province), whatever unit the grant names.
PROVINCE_WIDE_ROLES = frozenset({PROVINCE_LEADER, ALLIANCE_OFFICER, DEPARTMENT_OFFICER, ADMINISTRATOR})
# Roles that act on every agency's plans and reports; the others act only for the agency of their grant.
CROSS_AGENCY_ROLES = frozenset({PROVINCE_LEADER, ALLIANCE_OFFICER, ADMINISTRATOR, VIEWER})
# Roles that must name an administrative unit (directly or through their agency).
TERRITORIAL_ROLES = frozenset({DISTRICT_OFFICER, COMMUNE_OFFICER})


def rights_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
