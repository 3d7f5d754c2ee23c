"""The review step between a directive's text and a stored plan.

A draft travels between the upload, review and confirm requests inside the page itself: the
source text and the draft as parsed are signed (`seal` / `unseal`), so the text stored with
the plan is the text that was uploaded, and no server state is lost or left behind. The
officer's corrections travel as ordinary form fields and are re-validated on every post.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from hoptac.plans import plan_json
from hoptac.plans.services import find_existing_plan

from .parser import Draft
from .resolve import resolve_draft

SALT = "hoptac.ingest.review"
MAX_AGE_SECONDS = 24 * 3600


class DraftUnavailable(ValueError):
    """The signed draft cannot be used (changed, expired or another user's); the message says why."""


@dataclass
class Review:
    source_text: str
    filename: str
    plan: dict  # the draft as parsed: plan JSON with the offsets of deadlines and targets
    user_id: int | None

    @property
    def tasks(self) -> list[dict]:
        return self.plan.get("tasks", [])

    @property
    def parser_warnings(self) -> list[str]:
        return self.plan.get("warnings", [])


def seal(review: Review) -> str:
    payload = {"text": review.source_text, "file": review.filename, "plan": review.plan, "user": review.user_id}
    return signing.dumps(payload, salt=SALT, compress=True)


def unseal(token: str, user) -> Review:
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise DraftUnavailable(_("Bản nháp đã quá 24 giờ; hãy tải văn bản lên lại.")) from None
    except signing.BadSignature:
        raise DraftUnavailable(_("Bản nháp không hợp lệ hoặc đã bị sửa đổi; hãy tải văn bản lên lại.")) from None
    if payload.get("user") != user.pk:
        raise DraftUnavailable(_("Bản nháp này do người dùng khác tạo; hãy tải văn bản lên lại."))
    return Review(source_text=payload["text"], filename=payload.get("file", ""), plan=payload["plan"], user_id=user.pk)


# --- the source text with each item's passage marked ----------------------------------------------


def _span(source, length: int) -> tuple[int, int] | None:
    if not isinstance(source, dict):
        return None
    start, end = source.get("start"), source.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    start, end = max(0, min(start, length)), max(0, min(end, length))
    return (start, end) if end > start else None


def _inner_marks(text: str, start: int, end: int, index: int, task: dict) -> str:
    """The passage of one task, with its deadline and targets marked inside it."""
    items = []
    deadline = _span((task.get("deadline") or {}).get("source"), len(text))
    if deadline:
        items.append((deadline, f"src-{index}-deadline", "src-deadline"))
    for j, target in enumerate(task.get("targets") or []):
        span = _span(target.get("source"), len(text))
        if span:
            items.append((span, f"src-{index}-target-{j}", "src-target"))
    items.sort(key=lambda item: (item[0][0], -item[0][1]))
    out, cursor = [], start
    for (s, e), ident, css in items:
        s, e = max(s, cursor), min(e, end)
        if s >= e:
            continue  # outside this passage or overlapping an item already marked
        out.append(escape(text[cursor:s]))
        out.append(format_html('<mark id="{}" class="{}">{}</mark>', ident, css, text[s:e]))
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str, tasks: list[dict], removed: set[int] = frozenset()) -> SafeString:
    """The source text, escaped, with task N's passage in <mark id="src-N"> linking to its form."""
    passages = []
    for index, task in enumerate(tasks):
        span = _span(task.get("source"), len(text))
        if span:
            passages.append((span, index, task))
    passages.sort(key=lambda item: (item[0][0], -item[0][1]))
    out, cursor = [], 0
    for (start, end), index, task in passages:
        start = max(start, cursor)
        if start >= end:
            continue  # nested in or overlapping a passage already marked
        out.append(escape(text[cursor:start]))
        css = "src-task is-removed" if index in removed else "src-task"
        out.append(
            format_html(
                '<mark id="src-{}" class="{}" data-task="{}"><a class="src-link" href="#task-{}">[{}]</a> {}</mark>',
                index,
                css,
                index,
                index,
                task.get("number") or "?",
                mark_safe(_inner_marks(text, start, end, index, task)),
            )
        )
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))


# --- checks of an edited draft ---------------------------------------------------------------------


def name_warnings(plan: dict) -> list[str]:
    """Names of the edited draft that designate no stored agency, with the closest matches."""
    checked = Draft(plan={**copy.deepcopy(plan), "warnings": []}, source_text="")
    return list(resolve_draft(checked).warnings)


def storing_problems(plan: dict) -> list[str]:
    """What storing the plan would refuse, found without writing anything."""
    try:
        parsed = plan_json.parse_plan(plan)
    except plan_json.PlanError as exc:
        return exc.errors
    except ValidationError as exc:
        return exc.messages
    existing = find_existing_plan(parsed)
    if existing is not None:
        return [_("Văn bản này đã có trong hệ thống (mã %(id)s: %(label)s).") % {"id": existing.pk, "label": existing}]
    return []


def messages_for_task(number: str, messages: list[str]) -> list[str]:
    """The messages about one task: "Nhiệm vụ 3.a: …" or "Nhiệm vụ 3.a, chủ trì: …"."""
    prefix = _("Nhiệm vụ %(number)s") % {"number": number}
    return [m for m in messages if m.startswith(prefix + ":") or m.startswith(prefix + ",")]


def messages_naming(name: str, messages: list[str]) -> list[str]:
    return [m for m in messages if f"“{name}”" in m]


_QUOTED = re.compile(r"“([^”]+)”")


def _subject(message: str) -> str:
    """"Nhiệm vụ 4" of "Nhiệm vụ 4, chủ trì: …" and of "Nhiệm vụ 4: …"."""
    return message.split(":", 1)[0].split(",", 1)[0]


def repeats(warning: str, problems: list[str]) -> bool:
    """A problem already says what the warning says: same task, same quoted name."""
    names = _QUOTED.findall(warning)
    return any(
        _subject(problem) == _subject(warning) and any(f"“{name}”" in problem for name in names) for problem in problems
    )
