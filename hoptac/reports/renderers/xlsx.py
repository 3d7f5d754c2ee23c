"""The consolidated report's Excel annex: one sheet per target (units × target, actual, %), the task
status table, the agencies' reporting, and the registry lists as at the end of the period."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from hoptac.lib.excel import Sheet, write_xlsx
from hoptac.lib.vi_format import format_vi_date

from ..report import ConsolidatedReport, TargetTable
from . import common


def target_sheet_title(index: int, table: TargetTable) -> str:
    return f"CT{index} {table.indicator or table.task_number}"


def _target_sheet(index: int, table: TargetTable, report: ConsolidatedReport) -> Sheet:
    header = [_("TT"), _("Mã đơn vị"), _("Đơn vị"), _("Chỉ tiêu"), _("Thực hiện"), _("Tử số"), _("Mẫu số"),
              _("Tỷ lệ đạt (%)"), _("Đánh giá")]
    rows = [header]
    for number, line in enumerate(table.all_lines(), start=1):
        rows.append([
            "" if line.is_total else number, line.unit_code, line.unit_name, line.target_value, line.actual,
            line.numerator, line.denominator, line.percent, line.met_label,
        ])
    return Sheet(
        title=target_sheet_title(index, table),
        title_rows=[
            f"{table.title} ({_('nhiệm vụ')} {table.task_number}; {_('đơn vị tính')}: {table.unit})",
            _("Số liệu từ %(start)s đến %(end)s") % {
                "start": format_vi_date(report.period_start), "end": format_vi_date(report.period_end)},
        ],
        rows=rows,
        column_widths=[5, 10, 32, 12, 12, 10, 10, 13, 11],
    )


def _summary_sheet(report: ConsolidatedReport) -> Sheet:
    rows = [[_("TT"), _("Nhiệm vụ"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Chỉ tiêu toàn tỉnh"), _("Thực hiện"),
             _("Tỷ lệ đạt (%)"), _("Đánh giá"), _("Số đơn vị chưa đạt")]]
    for index, table in enumerate(report.targets, start=1):
        total = table.total
        rows.append([
            index, table.task_number, table.title, table.unit,
            total.target_value if total else table.value, total.actual if total else None,
            total.percent if total else None, total.met_label if total else "",
            sum(1 for line in table.lines if line.met is False),
        ])
    return Sheet(title=_("Tổng hợp chỉ tiêu"), title_rows=[report.subject], rows=rows,
                 column_widths=[5, 9, 60, 11, 14, 12, 13, 11, 12], wrap=True)


def _tasks_sheet(report: ConsolidatedReport) -> Sheet:
    header, rows = common.status_table(report)
    return Sheet(
        title=_("Tình trạng nhiệm vụ"),
        title_rows=[_("Tình trạng thực hiện nhiệm vụ đến ngày %(date)s") % {"date": format_vi_date(report.period_end)}],
        rows=[header, *rows],
        column_widths=[9, 70, 36, 24, 26, 14],
        wrap=True,
    )


def _reporting_sheet(report: ConsolidatedReport) -> Sheet:
    rows = [[_("TT"), _("Đơn vị"), _("Tình hình gửi báo cáo"), _("Trạng thái báo cáo"), _("Ngày gửi lần đầu")]]
    for index, line in enumerate(report.reporting.lines, start=1):
        rows.append([index, line.agency, line.standing_label, line.state_label, line.first_submitted_on])
    summary = report.reporting
    return Sheet(
        title=_("Báo cáo của đơn vị"),
        title_rows=[
            _("Đã gửi %(received)s/%(expected)s (%(completeness)s%%), đúng hạn %(on_time)s/%(expected)s (%(timeliness)s%%)")
            % {"received": summary.received, "expected": summary.expected, "on_time": summary.on_time,
               "completeness": common.fmt_percent(summary.completeness), "timeliness": common.fmt_percent(summary.timeliness)},
        ],
        rows=rows,
        column_widths=[5, 45, 22, 18, 16],
    )


def _cooperatives_sheet(report: ConsolidatedReport) -> Sheet:
    rows = [[_("TT"), _("Tên hợp tác xã"), _("Mã số HTX"), _("Huyện, thành phố"), _("Xã, phường, thị trấn"),
             _("Ngày thành lập"), _("Tình trạng"), _("Theo Luật HTX 2012"), _("Số thành viên"), _("Thành viên Liên minh")]]
    for index, coop in enumerate(report.cooperatives, start=1):
        rows.append([index, coop.name, coop.registration_code, coop.district, coop.commune, coop.established_on,
                     coop.state_label, coop.compliant, coop.members, coop.alliance_member])
    return Sheet(
        title=_("HTX %(date)s") % {"date": report.period_end.strftime("%d-%m-%Y")},
        title_rows=[_("Danh sách hợp tác xã đến ngày %(date)s") % {"date": format_vi_date(report.period_end)}],
        rows=rows,
        column_widths=[5, 45, 14, 20, 22, 14, 18, 12, 12, 12],
    )


def _groups_sheet(report: ConsolidatedReport) -> Sheet:
    rows = [[_("TT"), _("Tên tổ hợp tác"), _("Huyện, thành phố"), _("Xã, phường, thị trấn"), _("Ngày thành lập"),
             _("Số tổ viên"), _("Lĩnh vực"), _("Tổ trưởng")]]
    for index, group in enumerate(report.groups, start=1):
        rows.append([index, group.name, group.district, group.commune, group.founded_on, group.members,
                     group.field_label, group.leader])
    return Sheet(
        title=_("THT %(date)s") % {"date": report.period_end.strftime("%d-%m-%Y")},
        title_rows=[_("Danh sách tổ hợp tác đến ngày %(date)s") % {"date": format_vi_date(report.period_end)}],
        rows=rows,
        column_widths=[5, 40, 20, 22, 14, 10, 20, 24],
    )


def render(report: ConsolidatedReport) -> bytes:
    with translation.override("vi"):
        sheets = [_summary_sheet(report)]
        sheets += [_target_sheet(i, table, report) for i, table in enumerate(report.targets, start=1)]
        sheets += [_tasks_sheet(report), _reporting_sheet(report), _cooperatives_sheet(report), _groups_sheet(report)]
        if report.is_demo:
            for sheet in sheets:
                sheet.title_rows = [*sheet.title_rows, _("DỮ LIỆU MẪU — không dùng làm văn bản chính thức")]
        return write_xlsx(sheets)
