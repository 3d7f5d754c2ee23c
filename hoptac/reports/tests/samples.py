"""A small consolidated report built by hand, for renderer tests that need no database."""

import datetime
from decimal import Decimal as D

from hoptac.reports.report import (
    AssignmentLine,
    ConsolidatedReport,
    CooperativeRow,
    GroupRow,
    Narrative,
    ReportingLine,
    ReportingSummary,
    StatusCount,
    TargetLine,
    TargetTable,
    TaskItem,
)

DISTRICTS = [("610", "Thành phố Kon Tum", 7, 6), ("615", "Huyện Đăk Hà", 5, 5), ("614", "Huyện Kon Rẫy", 2, 1),
             ("618", "Huyện Ia H'Drai", 1, 1)]


def _line(code, name, target, actual, total=False):
    percent = (D(actual) * 100 / D(target)).quantize(D("0.1")) if target else None
    return TargetLine(code, name, D(target), D(actual), percent=percent, met=actual >= target, is_total=total)


def sample_report(**overrides) -> ConsolidatedReport:
    new_htx = TargetTable(
        target_id=1, task_number="1.2", text="thành lập mới ít nhất 15 HTX", indicator="htx_new", unit="HTX",
        comparator=">=", value=D(15), is_percentage=False,
        lines=tuple(_line(code, name, target, actual) for code, name, target, actual in DISTRICTS),
        total=_line("62", "Toàn tỉnh", 15, 13, total=True),
    )
    effective = TargetTable(
        target_id=2, task_number="1.2", text="ít nhất 50% số HTX hoạt động hiệu quả", indicator="htx_effective_share",
        unit="%", comparator=">=", value=D(50), is_percentage=True,
        lines=(TargetLine("615", "Huyện Đăk Hà", D(50), D("62.5"), D(5), D(8), D("125.0"), True),),
        total=TargetLine("62", "Toàn tỉnh", D(50), D("48.6"), D(17), D(35), D("97.2"), False, is_total=True),
    )
    narrative = Narrative("UBND huyện Đăk Hà", "Thành lập mới 5 HTX, vượt kế hoạch.", "Thiếu vốn.", "Hỗ trợ kinh phí.")
    task = TaskItem(
        number="1.2", text="Chỉ đạo mỗi xã thành lập mới ít nhất 01 Tổ hợp tác", deadline="thực hiện trong năm 2018",
        level=1, status="in_progress", status_label="Đang thực hiện trong hạn",
        leads=(
            AssignmentLine("UBND huyện Đăk Hà", "Chủ trì", "done_on_time", "Hoàn thành đúng hạn",
                           completed_on=datetime.date(2018, 11, 30), narrative=narrative),
            AssignmentLine("UBND huyện Kon Rẫy", "Chủ trì", "in_progress", "Đang thực hiện trong hạn"),
        ),
    )
    values = dict(
        round_id=1, year=2018, period_start=datetime.date(2018, 1, 1), period_end=datetime.date(2018, 12, 31),
        parent_body="UBND tỉnh Kon Tum", issuer="Liên minh Hợp tác xã tỉnh Kon Tum", number="    /BC-LMHTX",
        place="Kon Tum", issued_on=datetime.date(2018, 12, 28),
        subject="Kết quả thực hiện các giải pháp phát triển kinh tế hợp tác, HTX năm 2018",
        signer_authority="TM. BAN THƯỜNG VỤ", signer_title="Chủ tịch", signer_name="Nguyễn Lâm Cảnh",
        recipients=("UBND tỉnh (b/c)", "Liên minh HTX Việt Nam (b/c)", "Lưu: VT"),
        opening="Thực hiện Công văn của UBND tỉnh, Liên minh HTX tỉnh báo cáo như sau:",
        closing="Trên đây là báo cáo của Liên minh HTX tỉnh./.",
        section1=("Đã triển khai đến 12 cơ quan, đơn vị.",),
        targets=(new_htx, effective),
        tasks=(task,),
        task_counts=(StatusCount("done_on_time", "Hoàn thành đúng hạn", 1),
                     StatusCount("in_progress", "Đang thực hiện trong hạn", 1)),
        reporting=ReportingSummary(3, 2, 1, D("66.7"), D("33.3"), (
            ReportingLine("UBND huyện Đăk Hà", "on_time", "Gửi đúng hạn", "Đã tiếp nhận", datetime.date(2018, 12, 14)),
        )),
        section3_results=("Trong năm 2018, toàn tỉnh thành lập mới 13/15 HTX (đạt 86,7%).",),
        section3_limitations=("- Huyện Kon Rẫy chưa đạt chỉ tiêu thành lập mới HTX.",),
        section3_causes=("Nguồn lực hỗ trợ còn hạn chế.",),
        section4=("Tiếp tục thực hiện các nhiệm vụ chưa hoàn thành.",),
        section5=("Đề nghị UBND tỉnh bố trí kinh phí hỗ trợ HTX.",),
        cooperatives=(CooperativeRow("HTX Nông nghiệp Đăk Hà", "6100000001", "Huyện Đăk Hà", "Xã Đắk Ui",
                                     datetime.date(2018, 3, 1), "Đang hoạt động", True, 12, True),),
        groups=(GroupRow("Tổ hợp tác trồng sâm", "Huyện Kon Rẫy", "Xã Đăk Ruồng", datetime.date(2018, 4, 1), 7,
                         "Trồng trọt", "A Thắng"),),
    )
    values.update(overrides)
    return ConsolidatedReport(**values)
