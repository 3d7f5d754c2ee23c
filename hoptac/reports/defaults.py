"""Texts the consolidated report says when the consolidator has not written its own: built from
the figures, the task statuses and the agencies' reports, in the register of an official report."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hoptac.lib.vi_format import format_vi_date
from hoptac.plans.status import Status
from hoptac.units.agencies import written_name
from hoptac.units.models import AdminUnit, Agency

from .report import ReportingSummary, StatusCount, TargetTable, TaskItem, fmt_number, fmt_percent

NBSP = "\u00a0"
SUBJECT_PREFIX = re.compile(r"^\s*(về việc|v/v)\s+", re.IGNORECASE)
# Symbols (Phụ lục III, NĐ 30/2020) of the bodies that usually consolidate.
ISSUER_SYMBOLS = {Agency.Kind.ALLIANCE: "LMHTX", Agency.Kind.PROVINCE_COMMITTEE: "UBND"}


@dataclass(frozen=True)
class Facts:
    rnd: object
    targets: list[TargetTable]
    tasks: list[TaskItem]
    counts: tuple[StatusCount, ...]
    reporting: ReportingSummary
    province_code: str


def paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def plan_subject(directive) -> str:
    """"Về việc các giải pháp …" → "các giải pháp …"."""
    return SUBJECT_PREFIX.sub("", directive.subject).strip()


def _abbreviate(name: str) -> str:
    return re.sub(r"^Ủy ban nhân dân", "UBND", name)


def _province_place(code: str) -> str:
    province = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, code=code).first()
    return written_name(province.short_name, code) if province else ""


def header(consolidation, facts: Facts) -> dict:
    rnd = facts.rnd
    directive = rnd.directive
    consolidator = rnd.consolidator
    symbol = ISSUER_SYMBOLS.get(consolidator.kind, "")
    number = consolidation.number or f"{NBSP * 6}/BC{'-' + symbol if symbol else ''}"
    recipients = consolidation.recipient_lines()
    if not recipients:
        recipients = [_("%(issuer)s (b/c)") % {"issuer": directive.issuer.short_name or directive.issuer.name}]
        recipients += [_("%(issuer)s (b/c)") % {"issuer": b["issuer"]} for b in directive.basis or [] if b.get("issuer")]
        recipients += [_("Các sở, ban ngành, UBND các huyện, thành phố"), _("Lưu: VT")]
    is_alliance = consolidator.kind == Agency.Kind.ALLIANCE
    return {
        "parent_body": consolidation.parent_body or _abbreviate(directive.issuer.name),
        "issuer": consolidation.issuer_name or consolidator.name,
        "number": number,
        "place": consolidation.place or _province_place(facts.province_code),
        "subject": consolidation.subject
        or _("Kết quả thực hiện %(subject)s năm %(year)s") % {"subject": plan_subject(directive), "year": rnd.year},
        "signer_authority": consolidation.signer_authority or (_("TM. BAN THƯỜNG VỤ") if is_alliance else ""),
        "signer_title": consolidation.signer_title or (_("Chủ tịch") if is_alliance else ""),
        "recipients": tuple(recipients),
    }


def directive_reference(directive) -> str:
    """"Công văn số 123/UBND-KT ngày 20/02/2018 của Ủy ban nhân dân tỉnh Kon Tum về việc …"."""
    text = directive.get_doc_type_display()
    if directive.number:
        text += _(" số %(number)s") % {"number": directive.number}
    if directive.issued_on:
        text += _(" ngày %(date)s") % {"date": format_vi_date(directive.issued_on)}
    text += _(" của %(issuer)s") % {"issuer": directive.issuer.name}
    return text + _(" về việc %(subject)s") % {"subject": plan_subject(directive)}


def opening(facts: Facts, issuer: str) -> str:
    return _("Thực hiện %(reference)s, %(issuer)s tổng hợp, báo cáo kết quả thực hiện năm %(year)s như sau:") % {
        "reference": directive_reference(facts.rnd.directive), "issuer": issuer, "year": facts.rnd.year,
    }


def closing(facts: Facts, head: dict) -> str:
    return _("Trên đây là báo cáo %(subject)s của %(issuer)s./.") % {
        "subject": _lower_first(head["subject"]), "issuer": head["issuer"],
    }


def section1(facts: Facts) -> list[str]:
    rnd = facts.rnd
    leaf_tasks = [t for t in facts.tasks if not t.is_heading]
    agencies = {line.agency for t in facts.tasks for line in t.leads}
    summary = facts.reporting
    texts = [
        _(
            "%(consolidator)s đã phối hợp với các sở, ban ngành và Ủy ban nhân dân các huyện, thành phố triển khai "
            "thực hiện. Văn bản giao %(tasks)s nhiệm vụ cụ thể và %(targets)s chỉ tiêu cho %(agencies)s cơ quan, đơn vị "
            "chủ trì thực hiện."
        ) % {"consolidator": rnd.consolidator.name, "tasks": len(leaf_tasks), "targets": len(facts.targets),
             "agencies": len(agencies)},
        _(
            "Về chế độ báo cáo: kỳ báo cáo năm %(year)s (số liệu từ %(start)s đến %(end)s, hạn gửi %(due)s) có "
            "%(expected)s cơ quan, đơn vị phải báo cáo; đã nhận %(received)s báo cáo (đạt %(completeness)s%%), trong đó "
            "%(on_time)s báo cáo gửi đúng hạn (%(timeliness)s%%), %(late)s báo cáo gửi muộn."
        ) % {"year": rnd.year, "start": format_vi_date(rnd.period_start), "end": format_vi_date(rnd.period_end),
             "due": format_vi_date(rnd.due_on), "expected": summary.expected, "received": summary.received,
             "completeness": fmt_percent(summary.completeness) or "0", "on_time": summary.on_time,
             "timeliness": fmt_percent(summary.timeliness) or "0", "late": summary.late},
    ]
    missing = [line.agency for line in summary.lines if line.first_submitted_on is None]
    if missing:
        texts.append(_("Chưa gửi báo cáo: %(agencies)s.") % {"agencies": ", ".join(missing)})
    return texts


_LEAD_WORDS = r"(?:phấn đấu\s+)?(?:ít nhất|tối thiểu|từ|trên)?\s*"


def target_phrase(table: TargetTable) -> str:
    """The target's own words with the figure put in: "thành lập mới ít nhất 35 HTX" →
    "thành lập mới 33/35 HTX (đạt 94,3%)"; percentages: "… tăng 8,5% so với năm 2017 (chỉ tiêu 10%)"."""
    total = table.total
    if table.per_unit_level:
        level = str(AdminUnit.Level(table.per_unit_level).label).lower()
        return _("có %(meeting)s/%(total)s %(level)s đạt chỉ tiêu “%(text)s” (đạt %(percent)s%%)") % {
            "meeting": fmt_number(total.numerator) or "0", "total": fmt_number(total.denominator) or "0",
            "level": level, "text": table.text, "percent": fmt_percent(total.percent) or "0"}
    target = fmt_number(total.target_value if total.target_value is not None else table.value)
    actual = fmt_number(total.actual) or "0"
    plain = str(int(table.value)) if table.value == int(table.value) else target
    pattern = re.compile(_LEAD_WORDS + r"(?<!\d)0*" + re.escape(plain) + r"(?!\d)(\s*%)?(\s*trở lên)?", re.IGNORECASE)
    if table.is_percentage:
        replacement = f"{actual}%"
        suffix = _(" (chỉ tiêu %(target)s%%)") % {"target": target}
    else:
        replacement = f"{actual}/{target}"
        suffix = _(" (đạt %(percent)s%%)") % {"percent": fmt_percent(total.percent)} if total.percent is not None else ""
    text, found = pattern.subn(" " + replacement, table.text, count=1)
    text = " ".join(text.split())
    if not found:
        unit = "%" if table.is_percentage else f" {table.unit}"
        return _("thực hiện chỉ tiêu “%(text)s”: %(actual)s%(unit)s") % {"text": table.text, "actual": actual, "unit": unit} + suffix
    if text.startswith(replacement):
        text = _("có %(text)s") % {"text": text}
    return text + suffix


def results(facts: Facts) -> list[str]:
    year = facts.rnd.year
    texts = []
    phrases = [target_phrase(t) for t in facts.targets if t.total is not None and t.total.actual is not None]
    if phrases:
        texts.append(_("Trong năm %(year)s, toàn tỉnh %(first)s.") % {"year": year, "first": phrases[0]})
        texts += [f"- {phrase[:1].upper()}{phrase[1:]}." for phrase in phrases[1:]]
    met = [t for t in facts.targets if t.total is not None and t.total.met]
    if facts.targets:
        texts.append(_("Có %(met)s/%(all)s chỉ tiêu đạt kế hoạch toàn tỉnh.") % {"met": len(met), "all": len(facts.targets)})
    counts = {c.status: c.count for c in facts.counts}
    total = sum(counts.values())
    if total:
        texts.append(
            _(
                "Về thực hiện nhiệm vụ: trong %(total)s lượt nhiệm vụ được giao chủ trì, %(on_time)s hoàn thành đúng hạn, "
                "%(late)s hoàn thành quá hạn, %(progress)s đang thực hiện trong hạn, %(overdue)s quá hạn chưa hoàn thành."
            ) % {"total": total, "on_time": counts.get(Status.DONE_ON_TIME.value, 0), "late": counts.get(Status.DONE_LATE.value, 0),
                 "progress": counts.get(Status.IN_PROGRESS.value, 0), "overdue": counts.get(Status.OVERDUE.value, 0)}
        )
    return texts or [_("Chưa có số liệu.")]


def limitations(facts: Facts) -> list[str]:
    texts = []
    for table in facts.targets:
        missed = [line.unit_name for line in table.lines if line.met is False]
        total = table.total
        if total is not None and total.met is False:
            text = _("- Chỉ tiêu “%(text)s” chưa đạt: toàn tỉnh %(actual)s/%(target)s %(unit)s") % {
                "text": table.text, "actual": fmt_number(total.actual) or "0", "target": fmt_number(total.target_value),
                "unit": table.unit}
            if missed:
                text += _("; các đơn vị chưa đạt: %(units)s") % {"units": ", ".join(missed)}
            texts.append(text + ".")
        elif missed:
            texts.append(_("- Một số đơn vị chưa đạt chỉ tiêu “%(text)s”: %(units)s.") % {"text": table.text, "units": ", ".join(missed)})
    for task in facts.tasks:
        late = [line.agency for line in task.leads if line.status == Status.OVERDUE.value]
        if late:
            texts.append(_("- Nhiệm vụ %(number)s quá hạn chưa hoàn thành: %(agencies)s.") % {"number": task.number, "agencies": ", ".join(late)})
    summary = facts.reporting
    if summary.missing or summary.late:
        texts.append(_("- Chế độ báo cáo: %(missing)s cơ quan, đơn vị chưa gửi báo cáo, %(late)s cơ quan, đơn vị gửi muộn.")
                     % {"missing": summary.missing, "late": summary.late})
    return texts or [_("Các chỉ tiêu, nhiệm vụ cơ bản được thực hiện đúng kế hoạch.")]


def _by_agency(facts: Facts, attribute: str) -> "OrderedDict[str, list[str]]":
    grouped: OrderedDict[str, list[str]] = OrderedDict()
    for task in facts.tasks:
        for line in task.leads:
            text = getattr(line.narrative, attribute, "") if line.narrative else ""
            if text and text not in grouped.setdefault(line.agency, []):
                grouped[line.agency].append(text)
    return OrderedDict((agency, texts) for agency, texts in grouped.items() if texts)


def causes(facts: Facts) -> list[str]:
    grouped = _by_agency(facts, "difficulties")
    if not grouped:
        return [_("Các cơ quan, đơn vị chưa nêu khó khăn, vướng mắc trong báo cáo.")]
    return [_("Theo báo cáo của các cơ quan, đơn vị, khó khăn, vướng mắc chủ yếu là:")] + [
        f"- {agency}: {' '.join(texts)}" for agency, texts in grouped.items()
    ]


def next_year(facts: Facts) -> list[str]:
    year = facts.rnd.year
    unfinished = [t for t in facts.tasks if not t.is_heading and t.status in (Status.IN_PROGRESS.value, Status.OVERDUE.value)
                  and t.deadline and "thường xuyên" not in t.deadline]
    missed = [t for t in facts.targets if t.total is not None and t.total.met is False]
    texts = [_("Năm %(year)s, tiếp tục triển khai đồng bộ các giải pháp phát triển kinh tế hợp tác, hợp tác xã; tập trung:") % {"year": year + 1}]
    if missed:
        texts.append(_("- Phấn đấu hoàn thành các chỉ tiêu năm %(year)s chưa đạt: %(targets)s.")
                     % {"year": year, "targets": "; ".join(t.text for t in missed)})
    if unfinished:
        texts.append(_("- Hoàn thành dứt điểm các nhiệm vụ chưa hoàn thành: %(tasks)s.") % {"tasks": ", ".join(t.number for t in unfinished)})
    texts.append(_("- Duy trì thực hiện các nhiệm vụ thường xuyên; nâng cao chất lượng, đúng hạn của chế độ báo cáo."))
    return texts


def proposals(facts: Facts) -> list[str]:
    grouped = _by_agency(facts, "proposals")
    if not grouped:
        return [_("Không có kiến nghị, đề xuất.")]
    return [_("Tổng hợp kiến nghị, đề xuất của các cơ quan, đơn vị:")] + [
        f"- {agency}: {' '.join(texts)}" for agency, texts in grouped.items()
    ]
