"""Plan pages: the directives and their task tree, a task with its assignments and timeline,
recording progress / completion / extension / return, "my tasks", and the agencies' task lists.

Every page is computed at a reference date (`?ngay=dd/mm/yyyy`), by default today or the end of
the plan year once it has ended (`queries.default_reference_date`). Statuses come from
`queries.evaluate` over a prefetched set, so each page runs a fixed number of queries.

Reading: anyone holding PLAN_READ reads the directive, its tasks and everyone's updates (the
coordinating agencies see the lead's work and the reverse). An agency's own list is limited to
`access.visible_agencies`. Writing: `access.can_update_assignment`; an extension also needs the
lead role or PLAN_WRITE (Alliance, administrator).
"""

from .directives import directive_detail, directive_list, directive_text
from .lists import agency_list, agency_tasks, attachment_download, my_tasks
from .tasks import assignment_detail, record_completion, record_extension, record_progress, record_return, task_detail

__all__ = [
    "agency_list",
    "agency_tasks",
    "assignment_detail",
    "attachment_download",
    "directive_detail",
    "directive_list",
    "directive_text",
    "my_tasks",
    "record_completion",
    "record_extension",
    "record_progress",
    "record_return",
    "task_detail",
]
