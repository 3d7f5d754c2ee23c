"""Registry pages. Every view starts from `hoptac.accounts.access` (scoped querysets,
`get_*_for_user`) and writes only through `hoptac.registry.services`."""

from .cooperatives import (
    cooperative_create,
    cooperative_detail,
    cooperative_edit,
    cooperative_list,
    event_create,
    event_delete,
    year_edit,
)
from .groups import group_create, group_detail, group_dissolve, group_edit, group_list
from .memberships import membership_create, membership_detail, membership_edit, membership_end, membership_list
from .units import commune_options

__all__ = [
    "commune_options",
    "cooperative_create",
    "cooperative_detail",
    "cooperative_edit",
    "cooperative_list",
    "event_create",
    "event_delete",
    "group_create",
    "group_detail",
    "group_dissolve",
    "group_edit",
    "group_list",
    "membership_create",
    "membership_detail",
    "membership_edit",
    "membership_end",
    "membership_list",
    "year_edit",
]
