"""Directive text -> draft plan in the format of PLAN_JSON ("hoptac.plan/1"). Pure: no database.

    draft = parse_text(text)          # or parse_bytes(data, "file.docx"), parse_path(path)
    draft.to_json()                   # the plan JSON; draft.to_json(spans=True) adds offsets of
                                      # each deadline and target for highlighting

Rule-based and bounded: input up to 5 MB, linear-time patterns, and a wall-clock budget; any input
gives a draft with warnings or a ParseError with a Vietnamese message.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from . import metadata
from .deadlines import FoundDeadline, find_deadline
from .errors import Budget, ParseError
from .names import DEFAULT_LEXICON, Lexicon
from .prepare import Prepared, prepare, render_markers, strip_markers
from .readers import MAX_BYTES, read_bytes, read_path
from .roles import addressees, find_roles
from .structure import MAX_PARAGRAPHS, Node, Paragraph, build_tree, number_nodes, paragraphs
from .targets import FoundTarget, find_targets

FORMAT = "hoptac.plan/1"
MAX_CHARS = MAX_BYTES
MAX_TASK_CHARS = 20_000
MAX_TASKS = 5_000
MAX_WARNINGS = 300
DEFAULT_BUDGET_SECONDS = 20.0

_CLOSING_RE = re.compile(
    r"^(?:Thông báo để|Thông báo\s+(?:ý kiến|nội dung)|Trên đây là|Nhận được|Trong quá trình(?: triển khai)?(?: thực hiện)?|Quá trình thực hiện"
    r"|Yêu cầu\s+.{0,120}(?:nghiêm túc|khẩn trương)\s+(?:triển khai\s+)?thực hiện\s*\./\.)",
    re.IGNORECASE,
)
_SKIP_SECTION_RE = re.compile(
    r"^(?:MỤC ĐÍCH|YÊU CẦU|CĂN CỨ|SỰ CẦN THIẾT|ĐÁNH GIÁ|KẾT QUẢ|TÌNH HÌNH|THỰC TRẠNG)(?![^\W\d_])", re.IGNORECASE
)
_BASIS_LIKE_RE = re.compile(r"^(?:[-–]\s*)?(?:Căn cứ|Thực hiện|Xét đề nghị|Theo đề nghị|Xét Tờ trình|Tiếp theo)\b", re.IGNORECASE)
_END_RE = re.compile(r"^(?:Nơi nhận\s*:?|(?:KT|TM|TL|TUQ)\s*\.\s*\S)", re.IGNORECASE)
_SUBJECT_YEAR_RE = re.compile(r"năm\s+((?:19|20)\d\d)(?!\s*[-–])")
_START_VERB_RE = re.compile(r"(?:giao(?:\s+cho)?|đề nghị|yêu cầu)\s+", re.IGNORECASE)


@dataclass
class _Task:
    node: Node
    text: str  # own text with footnote markers
    pieces: list[tuple[int, Paragraph, int]]  # (start in text, paragraph, start in paragraph.text)
    deadline: FoundDeadline | None = None
    targets: list[FoundTarget] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    coordinate: list[str] = field(default_factory=list)

    def offset(self, index: int) -> int:
        """Offset in the cleaned text of character `index` of this task's text."""
        chosen = self.pieces[0]
        for piece in self.pieces:
            if piece[0] <= index:
                chosen = piece
        start, para, para_start = chosen
        return para.offset_of(para_start + index - start)


@dataclass
class Draft:
    plan: dict
    source_text: str
    spans: dict[str, dict] = field(default_factory=dict)  # task number -> {"deadline": …, "targets": […]}

    def to_json(self, *, spans: bool = False) -> dict:
        if not spans:
            return self.plan
        plan = {**self.plan, "tasks": []}
        for task in self.plan["tasks"]:
            extra = self.spans.get(task["number"], {})
            deadline = {**task["deadline"], "source": extra.get("deadline")}
            targets = [{**t, "source": s} for t, s in zip(task["targets"], extra.get("targets", []))]
            plan["tasks"].append({**task, "deadline": deadline, "targets": targets})
        return plan

    @property
    def warnings(self) -> list[str]:
        return self.plan["warnings"]

    def add_warning(self, message: str) -> None:
        if message not in self.plan["warnings"]:
            self.plan["warnings"].append(message)


def parse_path(path: str | Path, **options) -> Draft:
    return parse_text(read_path(path), **options)


def parse_bytes(data: bytes, filename: str = "", **options) -> Draft:
    return parse_text(read_bytes(data, filename), **options)


def parse_text(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    province: str | None = None,
    budget_seconds: float | None = DEFAULT_BUDGET_SECONDS,
) -> Draft:
    if not isinstance(text, str):
        raise ParseError(_("Nội dung văn bản phải là chuỗi ký tự."))
    if len(text) > MAX_CHARS:
        raise ParseError(_("Văn bản quá dài (%(count)s ký tự); tối đa %(limit)s ký tự.") % {"count": len(text), "limit": MAX_CHARS})
    if not text.strip():
        raise ParseError(_("Văn bản trống, không có nội dung để phân tích."))
    return _Parser(text, lexicon or DEFAULT_LEXICON, province, Budget(budget_seconds)).run()


class _Parser:
    def __init__(self, text: str, lexicon: Lexicon, province: str | None, budget: Budget):
        self.source = text
        self.lexicon = lexicon
        self.province_hint = province
        self.budget = budget
        self.warnings: list[str] = []
        self._warned: set[str] = set()

    def warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(message)

    # --- regions ------------------------------------------------------------------------------

    def run(self) -> Draft:
        self.prepared: Prepared = prepare(self.source)
        self.budget.check()
        all_paras = paragraphs(self.prepared.text, self.budget)
        if len(all_paras) >= MAX_PARAGRAPHS:
            self.warn(_("Văn bản có hơn %(limit)s đoạn; chỉ phân tích %(limit)s đoạn đầu.") % {"limit": MAX_PARAGRAPHS})
        if not all_paras:
            raise ParseError(_("Văn bản trống, không có nội dung để phân tích."))
        self.footnotes: dict[str, str] = {}
        for para in all_paras:
            if para.footnote is not None:
                if para.footnote in self.footnotes:
                    self.warn(_("Chú thích (%(label)s) xuất hiện nhiều lần; dùng nội dung đầu tiên.") % {"label": para.footnote})
                else:
                    self.footnotes[para.footnote] = para.text
        main = [p for p in all_paras if p.footnote is None]
        header_end, kinh_gui = self._header_end(main)
        end = self._body_end(main, header_end)
        start = self._body_start(main, header_end, end)
        self.budget.check()

        head = metadata.header_fields(main, start)
        recipients: list[str] = []
        if kinh_gui is not None:
            recipients.extend(metadata.recipients_after(main, kinh_gui)[0])
        for index in range(end, min(len(main), end + 80)):
            if re.match(r"^Nơi nhận", main[index].text[:100], re.IGNORECASE):
                recipients.extend(metadata.recipients_after(main, index)[0])
                break
        preamble = main[header_end:start]
        # The signature block and "Nơi nhận" follow the body closely.
        document = self._document(head, preamble, main[end : end + 80], kinh_gui is not None, recipients)

        tasks = self._tasks(main[start:end], preamble)
        plan_year = self._plan_year(document, tasks)
        if plan_year is None and tasks:
            self.warn(_("Không xác định được năm kế hoạch; các chỉ tiêu chưa có năm."))
        plan_tasks, spans = self._assemble(tasks, plan_year)
        self._check_footnotes(tasks)
        if not plan_tasks:
            self.warn(_("Không tìm thấy nhiệm vụ nào trong văn bản; hãy kiểm tra văn bản có đánh số các mục (1., 2., a), -) không."))
        warnings = self.warnings
        if len(warnings) > MAX_WARNINGS:
            hidden = len(warnings) - MAX_WARNINGS
            warnings = warnings[:MAX_WARNINGS] + [_("… và %(count)s cảnh báo khác.") % {"count": hidden}]
        plan = {"format": FORMAT, "document": document, "tasks": plan_tasks, "warnings": warnings}
        return Draft(plan=plan, source_text=self.source, spans=spans)

    def _header_end(self, main: list[Paragraph]) -> tuple[int, int | None]:
        """Index of the first paragraph after the header (and after the "Kính gửi" list)."""
        limit = min(len(main), 60)
        for index in range(limit):
            text = strip_markers(main[index].text[:500])
            if re.match(r"^Kính gửi", text, re.IGNORECASE):
                return metadata.recipients_after(main, index)[1], index
        header_end = 0
        for index in range(limit):
            text = strip_markers(main[index].text[:500])
            if re.match(r"^(?:V/v|Về việc)", text, re.IGNORECASE):
                header_end = max(header_end, index + 1)
            elif metadata._TYPE_LINE_RE.match(text) and text.isupper():
                header_end = max(header_end, index + 1)
                following = main[index + 1] if index + 1 < len(main) else None
                if following is not None and following.marker is None and not _BASIS_LIKE_RE.match(following.text):
                    header_end = index + 2  # the subject under the type line
                break
        return min(header_end, len(main)), None

    def _body_end(self, main: list[Paragraph], header_end: int) -> int:
        for index in range(header_end, len(main)):
            if index % 2000 == 0:
                self.budget.check()
            text = main[index].text
            if _END_RE.match(text[:200]):
                return index
            text = text.rstrip()
            if text.endswith("./.") or text.endswith("/."):
                return index + 1 if main[index].marker is not None and main[index].marker.style != "dash" else index
        return len(main)

    def _body_start(self, main: list[Paragraph], header_end: int, end: int) -> int:
        for index in range(header_end, end):
            para = main[index]
            if para.marker is not None and not _BASIS_LIKE_RE.match(para.body):
                return index
        for index in range(header_end, end):
            if self._starts_task(main[index].text):
                return index
        return end

    # --- document ------------------------------------------------------------------------------

    def _document(self, head: dict, preamble: list[Paragraph], trailing: list[Paragraph], has_kinh_gui: bool, recipients: list[str]) -> dict:
        subject = head["subject"]
        doc_type = metadata.document_type(head["type_line"], head["number"], has_kinh_gui, bool(subject and re.match(r"V/v", subject, re.I)))
        province = self.province_hint or metadata.infer_province(self.prepared.text)
        issuer = metadata.agency_case(head["issuer_upper"]) if head["issuer_upper"] else None
        if issuer is None:
            issuer = self._issuer_from_text(preamble, province)
        if issuer is None:
            self.warn(_("Không xác định được cơ quan ban hành."))
        if doc_type is None:
            self.warn(_("Không xác định được loại văn bản (công văn, chỉ thị, kế hoạch, quyết định, thông báo)."))
        if subject is None:
            self.warn(_("Không tìm thấy trích yếu (“V/v …”, “Về việc …”)."))
        self.subject = subject
        return {
            "type": doc_type,
            "number": head["number"],
            "issued_on": head["issued_on"],
            "issuer": issuer,
            "subject": subject,
            "signer": metadata.signer(trailing),
            "basis": metadata.basis_refs(preamble),
            "recipients": recipients,
        }

    def _issuer_from_text(self, preamble: list[Paragraph], province: str | None) -> str | None:
        text = " ".join(strip_markers(p.text) for p in preamble)[:5000]
        m = re.search(
            r"(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|UBND)\s+(?P<level>tỉnh|huyện|thành phố|thị xã)(?P<name>\s+[A-ZÀ-ỸĐ][^\s,;.]*(?:\s+[A-ZÀ-ỸĐ][^\s,;.]*){0,3})?"
            r"\s+(?:yêu cầu|chỉ đạo|giao|đề nghị|ban hành|có ý kiến|chỉ thị)",
            text,
        )
        if not m:
            return None
        name = (m.group("name") or "").strip()
        if not name and m.group("level") == "tỉnh" and province:
            name = province
        return f"Ủy ban nhân dân {m.group('level')} {name}".strip()

    # --- tasks -------------------------------------------------------------------------------

    def _is_heading(self, node: Node) -> bool:
        text = strip_markers(node.paragraph.body[:400]).strip()
        if not text:
            return True
        if text.endswith(":"):
            return True
        if text.isupper() and len(text) < 250:
            return True
        return len(text) < 150 and not re.search(r"[.;!?)]$", text) and node.paragraph.marker is not None and node.paragraph.marker.style not in ("dash", "plus")

    def _starts_task(self, text: str) -> bool:
        text = strip_markers(text[:1000])
        if _CLOSING_RE.match(text) or _BASIS_LIKE_RE.match(text):
            return False
        verb = _START_VERB_RE.match(text)
        return bool(self.lexicon.match_list(text, verb.end() if verb else 0))

    def _tasks(self, body: list[Paragraph], preamble: list[Paragraph]) -> list[_Task]:
        root = Node(paragraph=Paragraph(text=""), parent=None, style="root", label=None)
        build_tree(body, root, is_heading=self._is_heading, starts_task=self._starts_task, budget=self.budget, limit=MAX_TASKS)
        for duplicate in number_nodes(root):
            self.warn(_("Số thứ tự %(number)s bị trùng; các mục sau được đánh số lại.") % {"number": duplicate})
        fallback_lead: list[str] = []
        if preamble:
            fallback_lead = [n.text for n in addressees(strip_markers(preamble[-1].text), self.lexicon)]

        tasks: list[_Task] = []
        effective: dict[int, tuple[list[str], list[str]]] = {id(root): (fallback_lead, [])}
        for count, node in enumerate(root.walk()):
            if node is root:
                continue
            if count % 200 == 0:
                self.budget.check()
            if node.skipped or (node.parent is not None and node.parent.skipped):
                node.skipped = True
                continue
            own = strip_markers(node.paragraph.body[:400])
            if node.parent is root or (node.parent and node.parent.parent is root):
                if _SKIP_SECTION_RE.match(own) and self._is_heading(node):
                    node.skipped = True
                    self.warn(_("Bỏ qua phần %(number)s “%(heading)s” (không phải nhiệm vụ).") % {"number": node.number, "heading": own[:80]})
                    continue
            if len(tasks) >= MAX_TASKS:
                self.warn(_("Văn bản có hơn %(limit)s mục; chỉ lấy %(limit)s mục đầu.") % {"limit": MAX_TASKS})
                break
            task = self._task(node)
            inherited_lead, inherited_coordinate = effective.get(id(node.parent), (fallback_lead, []))
            roles = find_roles(task.text, self.lexicon)
            if not roles.explicit_lead and node.extra:
                # A heading followed by its text: "V. CHẾ ĐỘ BÁO CÁO" / "Các sở … báo cáo …"
                body_roles = find_roles(" ".join(p.text for p in node.extra)[:MAX_TASK_CHARS], self.lexicon)
                if body_roles.explicit_lead:
                    roles = body_roles
            explicit = roles.explicit_lead and not (roles.requested and inherited_lead)
            if roles.inverts and inherited_lead:
                lead, coordinate = [n.text for n in roles.coordinate], list(inherited_lead)
            elif explicit:
                lead, coordinate = [n.text for n in roles.lead], [n.text for n in roles.coordinate]
            else:
                lead = list(inherited_lead)
                coordinate = [n.text for n in roles.coordinate] or (list(inherited_coordinate) if not roles.lead else [])
            lead_keys = {name.casefold() for name in lead}
            task.lead = lead
            task.coordinate = [name for name in coordinate if name.casefold() not in lead_keys]
            effective[id(node)] = (task.lead, task.coordinate)
            task.deadline = find_deadline(task.text)
            task.targets = find_targets(task.text, self.footnotes)
            tasks.append(task)
        return tasks

    def _task(self, node: Node) -> _Task:
        para = node.paragraph
        text = para.body
        pieces = [(0, para, para.body_start)]
        for extra in node.extra:
            pieces.append((len(text) + 1, extra, 0))
            text = f"{text} {extra.text}"
        if len(text) > MAX_TASK_CHARS:
            self.warn(_("Mục %(number)s quá dài; chỉ phân tích %(limit)s ký tự đầu.") % {"number": node.number, "limit": MAX_TASK_CHARS})
            text = text[:MAX_TASK_CHARS]
        return _Task(node=node, text=text, pieces=pieces)

    def _plan_year(self, document: dict, tasks: list[_Task]) -> int | None:
        if document["subject"]:
            m = _SUBJECT_YEAR_RE.search(document["subject"])
            if m:
                return int(m.group(1))
        years = Counter(year for task in tasks for year in task.deadline.written_years)
        if years:
            return max(years.items(), key=lambda item: (item[1], item[0]))[0]
        if document["issued_on"]:
            return int(document["issued_on"][:4])
        for basis in document["basis"]:
            if basis["issued_on"]:
                return int(basis["issued_on"][:4])
        return None

    # --- output -------------------------------------------------------------------------------

    def _source(self, start: int, end: int) -> dict:
        return self.prepared.source_span(start, end)

    def _assemble(self, tasks: list[_Task], plan_year: int | None) -> tuple[list[dict], dict]:
        out: list[dict] = []
        spans: dict[str, dict] = {}
        for task in tasks:
            node = task.node
            deadline = task.deadline.resolve(plan_year)
            if task.deadline.kind in ("once", "window") and deadline["kind"] == "unspecified":
                self.warn(
                    _("Nhiệm vụ %(number)s: thời hạn “%(written)s” không nêu năm và không xác định được năm kế hoạch.")
                    % {"number": node.number, "written": task.deadline.as_written}
                )
            if "recurring_year_without_month" in task.deadline.notes:
                self.warn(_("Nhiệm vụ %(number)s: định kỳ hằng năm không nêu tháng; tạm lấy tháng 12.") % {"number": node.number})
            due_year = int(deadline["due"][:4]) if deadline["due"] else plan_year
            targets = [self._target_json(task, target, due_year) for target in task.targets]
            last = node.extra[-1] if node.extra else node.paragraph
            task_json = {
                "number": node.number,
                "text": render_markers(task.text),
                "lead": task.lead,
                "coordinate": task.coordinate,
                "deadline": deadline,
                "targets": targets,
                "source": self._source(node.paragraph.start_offset, last.end_offset),
            }
            if not task.lead and not node.children:
                self.warn(_("Nhiệm vụ %(number)s: chưa xác định được đơn vị chủ trì.") % {"number": node.number})
            out.append(task_json)
            spans[node.number] = {
                "deadline": self._span(task, task.deadline.span),
                "targets": [self._span(task, t.span) for t in task.targets],
            }
        return out, spans

    def _span(self, task: _Task, span: tuple[int, int] | None) -> dict | None:
        if not span:
            return None
        return self._source(task.offset(span[0]), task.offset(max(span[0], span[1] - 1)) + 1)

    def _target_json(self, task: _Task, target: FoundTarget, due_year: int | None) -> dict:
        number = task.node.number
        for note in target.notes:
            kind, _sep, detail = note.partition(":")
            if kind == "unreadable":
                self.warn(
                    _("Nhiệm vụ %(number)s: không đọc được phân bổ “%(entry)s” trong chú thích (%(label)s).")
                    % {"number": number, "entry": detail, "label": target.footnote}
                )
            elif kind == "group_count":
                stated, listed = detail.split(":")
                self.warn(
                    _("Chú thích (%(label)s): nêu %(stated)s địa phương nhưng liệt kê %(listed)s.")
                    % {"label": target.footnote, "stated": stated, "listed": listed}
                )
        allocations = [{"unit": a.unit, "value": a.value} for a in target.allocations]
        # Allocations add up to totals; percentages, per-unit floors and ceilings are not totals.
        if allocations and target.per_unit_level is None and target.unit != "%" and target.comparator != "<=":
            total = sum(a.value for a in target.allocations)
            total = int(total) if float(total).is_integer() else round(total, 4)
            if total != target.value:
                self.warn(
                    _("Nhiệm vụ %(number)s, chỉ tiêu “%(target)s”: tổng phân bổ %(total)s khác giá trị chỉ tiêu %(value)s.")
                    % {"number": number, "target": target.text[:80], "total": total, "value": target.value}
                )
        return {
            "text": target.text,
            "indicator": target.indicator,
            "comparator": target.comparator,
            "value": target.value,
            "unit": target.unit,
            "base_year": target.base_year,
            "year": target.year or due_year,
            "per_unit_level": target.per_unit_level,
            "allocations": allocations,
        }

    def _check_footnotes(self, tasks: list[_Task]) -> None:
        used = {t.footnote for task in tasks for t in task.targets if t.footnote}
        referenced = set()
        for task in tasks:
            referenced.update(re.findall("\ue000([^\ue001]{1,12})\ue001", task.text))
        for label in sorted(referenced):
            if label.strip("()") not in self.footnotes:
                self.warn(_("Chú thích (%(label)s) được dẫn nhưng không tìm thấy nội dung.") % {"label": label.strip("()")})
        for label in self.footnotes:
            if label not in used:
                self.warn(_("Chú thích (%(label)s) không gắn được với chỉ tiêu nào; hãy nhập phân bổ bằng tay nếu cần.") % {"label": label})
