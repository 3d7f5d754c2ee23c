"""The consolidated report object: its figures are the scorecard's, its texts come from the reports."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from hoptac.reports import services
from hoptac.reports.consolidation import build_report

from .conftest import moment, send

D = datetime.date


@pytest.fixture
def reported(rnd, units, alliance_officer):
    a = services.start_submission(rnd, units.committee_a, actor=None)
    narrative = a.narratives.get()
    services.save_draft(a, actor=None, now=moment(D(2018, 12, 10)), narratives={narrative.assignment_id: {
        "result": "Thành lập mới 2 HTX, đạt kế hoạch.", "difficulties": "Thiếu vốn điều lệ.",
        "proposals": "Hỗ trợ kinh phí thành lập HTX."}})
    a = services.submit(a, actor=None, now=moment(D(2018, 12, 12)))
    services.accept(a, actor=alliance_officer, now=moment(D(2018, 12, 13)))
    # Kon Rẫy writes a draft but never sends it: its text stays out of the report.
    b = services.start_submission(rnd, units.committee_b, actor=None)
    services.save_draft(b, actor=None, now=moment(D(2018, 12, 10)),
                        narratives={b.narratives.get().assignment_id: {"result": "Bản nháp chưa gửi"}})
    send(rnd, units.department, actor=None, on=D(2018, 12, 22))
    return rnd


def scorecard_json(directive, year):
    out = StringIO()
    call_command("scorecard", "--plan", str(directive.pk), "--year", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def number(value):
    return None if value is None else Decimal(str(value))


def test_it_reports_the_same_numbers_as_the_scorecard(reported, plan):
    report = build_report(reported, today=D(2018, 12, 28))
    printed = {(row["target"], row["unit_code"]): row for row in scorecard_json(plan.directive, 2018)}
    lines = [(table.target_id, line) for table in report.targets for line in table.all_lines()]
    assert len(lines) == len(printed) == 3
    for target_id, line in lines:
        row = printed[(target_id, line.unit_code)]
        assert (line.target_value, line.actual, line.numerator, line.denominator, line.percent, line.met) == (
            number(row["target_value"]), number(row["actual"]), number(row["numerator"]), number(row["denominator"]),
            number(row["percent_achieved"]), row["met"]), line.unit_name
        assert line.is_total == row["is_total"]


def test_it_shows_each_district_and_the_province_total(reported):
    [table] = build_report(reported, today=D(2018, 12, 28)).targets
    assert [(line.unit_name, line.target_value, line.actual, line.met) for line in table.lines] == [
        ("Huyện Đăk Hà", Decimal(2), Decimal(2), True), ("Huyện Kon Rẫy", Decimal(1), Decimal(0), False)]
    assert (table.total.unit_name, table.total.target_value, table.total.actual, table.total.percent) == (
        "Toàn tỉnh", Decimal(3), Decimal(2), Decimal("66.7"))


def test_it_writes_default_texts_from_the_figures(reported):
    report = build_report(reported, today=D(2018, 12, 28))
    assert report.section3_results[0] == "Trong năm 2018, toàn tỉnh thành lập mới 2/3 HTX (đạt 66,7%)."
    assert "- Chỉ tiêu “thành lập mới ít nhất 3 HTX” chưa đạt: toàn tỉnh 2/3 HTX; các đơn vị chưa đạt: Huyện Kon Rẫy." in (
        report.section3_limitations)
    assert report.section3_causes[1] == "- UBND huyện Đăk Hà: Thiếu vốn điều lệ."
    assert report.section5[1] == "- UBND huyện Đăk Hà: Hỗ trợ kinh phí thành lập HTX."
    assert report.subject == "Kết quả thực hiện các giải pháp phát triển kinh tế hợp tác, HTX năm 2018"
    assert report.opening.startswith(
        "Thực hiện Công văn số 123/UBND-KT ngày 20/02/2018 của Ủy ban nhân dân tỉnh Kon Tum về việc các giải pháp")
    assert report.parent_body == "UBND tỉnh Kon Tum"
    assert report.issuer == "Liên minh Hợp tác xã tỉnh"
    assert report.recipients == ("UBND tỉnh (b/c)", "Liên minh HTX Việt Nam (b/c)",
                                 "Các sở, ban ngành, UBND các huyện, thành phố", "Lưu: VT")
    assert "đã nhận 2 báo cáo (đạt 50,0%), trong đó 1 báo cáo gửi đúng hạn (25,0%), 1 báo cáo gửi muộn." in report.section1[1]


def test_it_takes_the_lead_agencies_received_texts_only(reported):
    report = build_report(reported, today=D(2018, 12, 28))
    task = next(t for t in report.tasks if t.number == "1")
    texts = {line.agency: line.narrative.result if line.narrative else None for line in task.leads}
    assert texts == {"UBND huyện Đăk Hà": "Thành lập mới 2 HTX, đạt kế hoạch.", "UBND huyện Kon Rẫy": None}


def test_it_gives_each_task_its_status_at_the_period_end(reported):
    report = build_report(reported, today=D(2018, 12, 28))
    statuses = {t.number: t.status_label for t in report.tasks}
    assert statuses["2"] == "Quá hạn, chưa hoàn thành"  # due 30/06/2018, never completed
    assert statuses["1"] == "Đang thực hiện trong hạn"  # due 31/12/2018 itself
    assert sum(c.count for c in report.task_counts) == 7


def test_it_uses_the_consolidators_own_texts_and_header(reported, alliance_officer):
    services.save_consolidation(reported, {
        "number": "125/BC-LMHTX", "place": "Kon Tum", "issued_on": D(2018, 12, 28),
        "section4": "Tiếp tục vận động thành lập HTX.\nNâng cao chất lượng báo cáo.",
        "signer_name": "Nguyễn Lâm Cảnh", "recipients": ["UBND tỉnh (b/c)", "Lưu: VT"],
    }, actor=alliance_officer)
    report = build_report(reported, today=D(2018, 12, 28))
    assert report.number_line == "Số: 125/BC-LMHTX"
    assert report.place_date == "Kon Tum, ngày 28 tháng 12 năm 2018"
    assert report.section4 == ("Tiếp tục vận động thành lập HTX.", "Nâng cao chất lượng báo cáo.")
    assert report.recipients == ("UBND tỉnh (b/c)", "Lưu: VT")
    assert report.signer_name == "Nguyễn Lâm Cảnh"


def test_it_refuses_consolidation_inputs_from_a_district(reported, district_a):
    with pytest.raises(PermissionError):
        services.save_consolidation(reported, {"number": "1/BC"}, actor=district_a)


def test_it_lists_the_registry_as_at_the_period_end(reported):
    report = build_report(reported, today=D(2018, 12, 28))
    assert [(c.name, c.district, c.commune) for c in report.cooperatives] == [
        ("HTX Cà phê Đăk Ruồng", "Huyện Kon Rẫy", "Xã Đăk Ruồng"),
        ("HTX Nông nghiệp Đắk Ui", "Huyện Đăk Hà", "Xã Đăk Ui"),
        ("HTX Dịch vụ Hà Mòn", "Huyện Đăk Hà", "Xã Hà Mòn"),
    ]
    assert all(c.state_label == "Đang hoạt động" for c in report.cooperatives)
