"""Texts shared by the DOCX, PDF and XLSX renderers, so the three formats say the same thing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hoptac.lib.vi_format import format_vi_date
from hoptac.units.models import AdminUnit

from ..report import ConsolidatedReport, TargetLine, TargetTable, TaskItem, fmt_number, fmt_percent

TOTAL_LABEL = "Toàn tỉnh"


def section_titles(report: ConsolidatedReport) -> dict[str, str]:
    return {
        "I": _("I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN"),
        "II": _("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, CHỈ TIÊU"),
        "II.1": _("1. Kết quả thực hiện các chỉ tiêu"),
        "II.2": _("2. Kết quả thực hiện các nhiệm vụ"),
        "III": _("III. ĐÁNH GIÁ CHUNG"),
        "III.1": _("1. Kết quả đạt được"),
        "III.2": _("2. Tồn tại, hạn chế"),
        "III.3": _("3. Nguyên nhân"),
        "IV": _("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM %(year)s") % {"year": report.year + 1},
        "V": _("V. KIẾN NGHỊ, ĐỀ XUẤT"),
    }


def level_word(table: TargetTable) -> str:
    return str(AdminUnit.Level(table.per_unit_level).label).lower() if table.per_unit_level else ""


def target_header(table: TargetTable) -> list[str]:
    if table.per_unit_level:
        word = level_word(table)
        return [_("TT"), _("Đơn vị"), _("Số %(level)s") % {"level": word}, _("Số %(level)s đạt") % {"level": word},
                _("Tỷ lệ đạt (%)"), _("Đánh giá")]
    unit = f" ({table.unit})" if table.unit else ""
    return [_("TT"), _("Đơn vị"), _("Chỉ tiêu") + unit, _("Thực hiện") + unit, _("Tỷ lệ đạt (%)"), _("Đánh giá")]


def actual_text(line: TargetLine, table: TargetTable) -> str:
    """The actual figure; a ratio also shows what it is made of ("48,6 (17/35)")."""
    text = fmt_number(line.actual)
    if table.is_percentage and line.numerator is not None and line.denominator is not None:
        text = f"{text} ({fmt_number(line.numerator)}/{fmt_number(line.denominator)})"
    return text


def target_cells(line: TargetLine, index: int | None, table: TargetTable) -> list[str]:
    if table.per_unit_level:
        return ["" if index is None else str(index), line.unit_name, fmt_number(line.denominator),
                fmt_number(line.numerator), fmt_percent(line.percent), line.met_label]
    return [
        "" if index is None else str(index),
        line.unit_name,
        fmt_number(line.target_value),
        actual_text(line, table),
        fmt_percent(line.percent),
        line.met_label,
    ]


def target_rows(table: TargetTable) -> list[list[str]]:
    rows = [target_cells(line, i, table) for i, line in enumerate(table.lines, start=1)]
    if table.total:
        rows.append(target_cells(table.total, None, table))
    return rows


def target_caption(index: int, table: TargetTable) -> str:
    return _("1.%(index)s. %(title)s (nhiệm vụ %(task)s)") % {"index": index, "title": table.title, "task": table.task_number}


def target_sentence(table: TargetTable) -> str:
    total = table.total
    if total is None:
        return ""
    numbers = {"actual": fmt_number(total.actual), "target": fmt_number(total.target_value), "unit": table.unit}
    if table.per_unit_level:
        text = _("Toàn tỉnh có %(meeting)s/%(total)s %(level)s đạt chỉ tiêu") % {
            "meeting": fmt_number(total.numerator), "total": fmt_number(total.denominator), "level": level_word(table)}
    elif table.unit == "%":
        text = _("Toàn tỉnh đạt %(actual)s%% (chỉ tiêu %(target)s%%)") % numbers
    else:
        text = _("Toàn tỉnh thực hiện %(actual)s/%(target)s %(unit)s") % numbers
    if total.percent is not None:
        text += _(", đạt %(percent)s%% chỉ tiêu") % {"percent": fmt_percent(total.percent)}
    missed = [line.unit_name for line in table.lines if line.met is False]
    if missed:
        text += _("; chưa đạt: %(units)s") % {"units": ", ".join(missed)}
    return text.strip() + "."


def task_title(task: TaskItem) -> str:
    deadline = f" ({task.deadline})" if task.deadline else ""
    return f"{task.number}. {task.text}{deadline}"


def task_status_text(task: TaskItem) -> str:
    return _("Tình trạng: %(status)s.") % {"status": task.status_label} if task.status_label else ""


def lead_text(line) -> str:
    """"- UBND huyện Đăk Hà: Hoàn thành đúng hạn. <the agency's result>"."""
    parts = [f"- {line.agency}: {line.status_label}."]
    if line.completed_on:
        parts.append(_("Hoàn thành ngày %(date)s.") % {"date": format_vi_date(line.completed_on)})
    if line.narrative and line.narrative.result:
        parts.append(line.narrative.result)
    elif line.narrative is None:
        parts.append(_("(Chưa có báo cáo của đơn vị.)"))
    return " ".join(parts)


def status_summary(report: ConsolidatedReport) -> str:
    total = sum(item.count for item in report.task_counts)
    if not total:
        return ""
    parts = "; ".join(f"{item.count} {item.label.lower()}" for item in report.task_counts)
    return _("Tổng số %(total)s lượt nhiệm vụ được giao chủ trì: %(parts)s.") % {"total": total, "parts": parts}


def status_table(report: ConsolidatedReport) -> tuple[list[str], list[list[str]]]:
    """One row per lead assignment: task, agency, deadline, status, completion date."""
    header = [_("Nhiệm vụ"), _("Nội dung"), _("Đơn vị chủ trì"), _("Thời hạn"), _("Tình trạng"), _("Ngày hoàn thành")]
    rows = []
    for task in report.tasks:
        for line in task.leads:
            rows.append([
                task.number, task.text, line.agency, task.deadline or (format_vi_date(line.due) if line.due else ""),
                line.status_label, format_vi_date(line.completed_on) if line.completed_on else "",
            ])
    return header, rows


def closing_line(report: ConsolidatedReport) -> str:
    return report.closing
