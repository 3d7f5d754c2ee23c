"""Audit action codes written by `registry.services` ("registry.<model>.<verb>")."""

COOPERATIVE_CREATED = "registry.cooperative.created"
COOPERATIVE_UPDATED = "registry.cooperative.updated"
# Lifecycle events are logged on their cooperative, whose state and version they change.
EVENT_RECORDED = "registry.lifecycle_event.recorded"
EVENT_DELETED = "registry.lifecycle_event.deleted"

YEAR_CREATED = "registry.cooperative_year.created"
YEAR_UPDATED = "registry.cooperative_year.updated"

GROUP_CREATED = "registry.cooperative_group.created"
GROUP_UPDATED = "registry.cooperative_group.updated"
GROUP_DISSOLVED = "registry.cooperative_group.dissolved"

MEMBERSHIP_CREATED = "registry.alliance_membership.created"
MEMBERSHIP_UPDATED = "registry.alliance_membership.updated"
MEMBERSHIP_ENDED = "registry.alliance_membership.ended"

DEMO_LOADED = "registry.demo.loaded"
