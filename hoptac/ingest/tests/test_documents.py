"""Directives in other shapes: a kế hoạch with parts I–V, a chỉ thị, a quyết định with Điều, a .docx."""

import io

import docx
import pytest
from docx.enum.text import WD_BREAK

from hoptac.ingest.parser import parse_bytes, parse_path

from .conftest import DOCUMENTS


def _by_number(plan):
    return {t["number"]: t for t in plan["tasks"]}


def _deadline(task):
    d = task["deadline"]
    return (d["kind"], d["start"], d["due"], d["recurrence"])


def _target(task, index=0):
    t = task["targets"][index]
    return (t["indicator"], t["comparator"], t["value"], t["unit"], t["base_year"], t["year"], t["per_unit_level"])


# --- kế hoạch: parts I–V, points a), b), bullets - and + -------------------------------------------


@pytest.fixture(scope="module")
def plan_ke_hoach():
    return parse_path(DOCUMENTS / "ke_hoach_2019.md").to_json()


def test_it_reads_the_header_of_a_ke_hoach(plan_ke_hoach):
    document = plan_ke_hoach["document"]
    assert document["type"] == "kế hoạch"
    assert document["number"] == "45/KH-UBND"
    assert document["issued_on"] == "2019-01-15"
    assert document["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"
    assert document["subject"] == "Phát triển kinh tế tập thể năm 2019"
    assert document["signer"] == {"name": "Nguyễn Văn Hòa", "title": "Phó Chủ tịch"}
    assert document["basis"] == [
        {"number": "461/QĐ-TTg", "issued_on": "2018-04-27", "issuer": "Thủ tướng Chính phủ"},
        {"number": "125/LMHTXVN-VP", "issued_on": "2019-01-10", "issuer": "Liên minh HTX Việt Nam"},
    ]
    assert document["recipients"][0] == "Bộ Kế hoạch và Đầu tư (b/c)"


def test_it_numbers_parts_items_points_and_bullets_of_a_ke_hoach(plan_ke_hoach):
    assert [t["number"] for t in plan_ke_hoach["tasks"]] == [
        "II", "II.1", "II.1.a", "II.1.b", "II.2", "II.2.a", "II.2.b", "II.3", "II.3.1", "II.3.1.1",
        "III", "IV", "IV.1", "IV.1.a", "IV.1.b", "IV.2", "IV.2.a", "IV.3", "V",
    ]


def test_it_skips_the_purpose_section_with_a_warning(plan_ke_hoach):
    assert not any(t["number"].startswith("I.") or t["number"] == "I" for t in plan_ke_hoach["tasks"])
    assert "Bỏ qua phần I “MỤC ĐÍCH, YÊU CẦU” (không phải nhiệm vụ)." in plan_ke_hoach["warnings"]


def test_it_reads_lead_and_coordinators_of_points_of_a_ke_hoach(plan_ke_hoach):
    tasks = _by_number(plan_ke_hoach)
    assert tasks["II.1.a"]["lead"] == ["Sở Thông tin và Truyền thông"]
    assert tasks["II.1.a"]["coordinate"] == ["Liên minh HTX tỉnh", "Đài Phát thanh và Truyền hình tỉnh"]
    assert _deadline(tasks["II.1.a"]) == ("ongoing", None, None, None)
    assert tasks["II.1.b"]["lead"] == ["Liên minh HTX tỉnh"]
    assert _deadline(tasks["II.1.b"]) == ("once", None, "2019-09-30", None)
    assert _target(tasks["II.1.b"]) == (None, ">=", 4, "lớp", None, 2019, None)


def test_it_takes_allocations_listed_in_parentheses(plan_ke_hoach):
    task = _by_number(plan_ke_hoach)["II.2.a"]
    assert task["lead"] == ["Ủy ban nhân dân các huyện, thành phố"]
    assert _deadline(task) == ("once", None, "2019-12-31", None)
    assert len(task["targets"]) == 1
    assert _target(task) == ("htx_new", ">=", 30, "HTX", None, 2019, None)
    allocations = [(a["unit"], a["value"]) for a in task["targets"][0]["allocations"]]
    assert allocations[:2] == [("thành phố Kon Tum", 6), ("huyện Đăk Hà", 5)]
    assert sum(value for _unit, value in allocations) == 30


def test_it_reads_a_ceiling_and_warns_of_a_task_without_lead(plan_ke_hoach):
    task = _by_number(plan_ke_hoach)["II.2.b"]
    assert [_target(task, 0), _target(task, 1)] == [
        ("htx_effective_share", ">=", 60, "%", None, 2019, None),
        (None, "<=", 5, "%", None, 2019, None),
    ]
    assert _deadline(task) == ("once", None, "2019-12-31", None)
    assert task["lead"] == []
    assert "Nhiệm vụ II.2.b: chưa xác định được đơn vị chủ trì." in plan_ke_hoach["warnings"]


def test_it_lets_bullets_inherit_the_units_a_heading_addresses(plan_ke_hoach):
    tasks = _by_number(plan_ke_hoach)
    assert tasks["II.3"]["lead"] == tasks["II.3.1"]["lead"] == tasks["II.3.1.1"]["lead"] == ["Ủy ban nhân dân các huyện, thành phố"]
    assert _deadline(tasks["II.3.1"]) == ("window", "2019-04-01", "2019-09-30", None)
    assert _target(tasks["II.3.1"]) == ("tht_new", ">=", 1, "THT", None, 2019, "commune")


def test_it_reads_the_organisation_part_of_a_ke_hoach(plan_ke_hoach):
    tasks = _by_number(plan_ke_hoach)
    assert tasks["IV.1.a"]["lead"] == ["Sở Kế hoạch và Đầu tư"]
    assert tasks["IV.1.a"]["coordinate"] == ["Sở Tài chính"]
    assert _deadline(tasks["IV.1.a"]) == ("once", None, "2019-03-31", None)
    assert _deadline(tasks["IV.1.b"]) == ("recurring", None, None, {"every": "quarter"})
    assert tasks["IV.3"]["lead"] == ["Liên minh HTX tỉnh"]
    assert _deadline(tasks["IV.3"]) == ("once", None, "2019-12-15", None)


def test_it_makes_the_unit_asked_to_coordinate_the_coordinator(plan_ke_hoach):
    """"2. Sở Tài chính: a) Phối hợp với Sở Kế hoạch và Đầu tư …": the other department leads."""
    task = _by_number(plan_ke_hoach)["IV.2.a"]
    assert task["lead"] == ["Sở Kế hoạch và Đầu tư"]
    assert task["coordinate"] == ["Sở Tài chính"]


def test_it_reads_the_lead_from_the_text_under_a_heading(plan_ke_hoach):
    task = _by_number(plan_ke_hoach)["V"]
    assert task["lead"] == ["Các sở, ban ngành, đơn vị thuộc tỉnh", "Ủy ban nhân dân các huyện, thành phố"]
    assert _deadline(task) == ("recurring", None, None, {"every": "year", "month": 11, "day": 30})


# --- chỉ thị: "Giao Sở … chủ trì", "X có trách nhiệm", "Đề nghị" ------------------------------------


@pytest.fixture(scope="module")
def plan_chi_thi():
    return parse_path(DOCUMENTS / "chi_thi_2019.txt").to_json()


def test_it_reads_the_header_of_a_chi_thi(plan_chi_thi):
    document = plan_chi_thi["document"]
    assert (document["type"], document["number"], document["issued_on"]) == ("chỉ thị", "08/CT-UBND", "2019-03-05")
    assert document["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"
    assert document["subject"] == "Về việc tăng cường phát triển kinh tế tập thể trên địa bàn tỉnh"
    assert document["signer"] == {"name": "Nguyễn Văn Hùng", "title": "Chủ tịch"}


def test_it_reads_giao_chu_tri_and_co_trach_nhiem(plan_chi_thi):
    tasks = _by_number(plan_chi_thi)
    assert [t["number"] for t in plan_chi_thi["tasks"]] == ["1", "2", "3", "3.a", "3.b", "4", "5"]
    assert tasks["1"]["lead"] == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert tasks["1"]["coordinate"] == ["Ủy ban nhân dân các huyện, thành phố"]
    assert _deadline(tasks["1"]) == ("once", None, "2019-12-31", None)
    assert _target(tasks["1"]) == ("value_chain_models", ">=", 5, "mô hình", None, 2019, None)
    assert tasks["2"]["lead"] == ["Sở Kế hoạch và Đầu tư"]
    assert _deadline(tasks["2"]) == ("once", None, "2019-06-30", None)
    assert _target(tasks["2"]) == ("htx_law2012_share", "=", 100, "%", None, 2019, None)


def test_it_reads_points_under_a_unit_that_is_responsible(plan_chi_thi):
    tasks = _by_number(plan_chi_thi)
    assert tasks["3.a"]["lead"] == tasks["3.b"]["lead"] == ["Ủy ban nhân dân các huyện, thành phố"]
    assert _deadline(tasks["3.a"]) == ("window", "2019-06-01", "2019-07-31", None)
    assert _target(tasks["3.a"]) == ("htx_ceased_resolved_share", "=", 100, "%", None, 2019, None)
    assert _target(tasks["3.b"]) == ("htx_member_growth", ">=", 15, "%", 2018, 2019, None)


def test_it_reads_a_request_to_mass_organisations_and_a_yearly_report(plan_chi_thi):
    tasks = _by_number(plan_chi_thi)
    assert tasks["4"]["lead"] == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội tỉnh"]
    assert _deadline(tasks["4"]) == ("ongoing", None, None, None)
    assert tasks["5"]["lead"] == ["Các sở, ban ngành, đơn vị thuộc tỉnh", "Ủy ban nhân dân các huyện, thành phố"]
    assert _deadline(tasks["5"]) == ("recurring", None, None, {"every": "year", "month": 12, "day": 15})


# --- quyết định: Điều 1–3, a footnote with a wrong total ------------------------------------------


@pytest.fixture(scope="module")
def plan_quyet_dinh():
    return parse_path(DOCUMENTS / "quyet_dinh_2019.txt").to_json()


def test_it_reads_articles_of_a_quyet_dinh(plan_quyet_dinh):
    document = plan_quyet_dinh["document"]
    assert (document["type"], document["number"], document["issued_on"]) == ("quyết định", "123/QĐ-UBND", "2019-02-20")
    assert document["signer"] == {"name": "Nguyễn Hữu Tháp", "title": "Phó Chủ tịch"}
    assert {"number": "23/2012/QH13", "issued_on": "2012-11-20", "issuer": None} in document["basis"]
    tasks = _by_number(plan_quyet_dinh)
    assert list(tasks) == ["1", "1.1", "1.2", "2", "3"]
    assert tasks["1"]["lead"] == tasks["1.1"]["lead"] == ["Ủy ban nhân dân các huyện, thành phố"]
    assert _target(tasks["1.2"]) == ("value_chain_models", ">=", 1, "mô hình", None, 2019, "district")
    assert tasks["2"]["lead"] == ["Sở Kế hoạch và Đầu tư"]
    assert tasks["2"]["coordinate"] == ["Liên minh HTX tỉnh"]
    assert _deadline(tasks["2"]) == ("once", None, "2019-12-20", None)


def test_it_warns_when_footnote_allocations_do_not_add_up(plan_quyet_dinh):
    task = _by_number(plan_quyet_dinh)["1.1"]
    target = task["targets"][0]
    assert (target["indicator"], target["value"]) == ("htx_new", 25)
    assert target["allocations"][0] == {"unit": "Thành phố Kon Tum", "value": 5}
    assert len(target["allocations"]) == 10
    assert any("tổng phân bổ 24 khác giá trị chỉ tiêu 25" in w for w in plan_quyet_dinh["warnings"])


# --- .docx ---------------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH KON TUM"
    header.cell(0, 0).add_paragraph("Số: 210/UBND-KT")
    header.cell(0, 0).add_paragraph("V/v phát triển hợp tác xã năm 2020")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(0, 1).add_paragraph("Kon Tum, ngày 10 tháng 02 năm 2020")
    document.add_paragraph("Kính gửi: Ủy ban nhân dân các huyện, thành phố.")
    document.add_paragraph("Ủy ban nhân dân tỉnh yêu cầu các đơn vị thực hiện một số nội dung sau:")
    document.add_paragraph("Ủy ban nhân dân các huyện, thành phố:", style="List Number")
    first = document.add_paragraph("Thành lập mới ít nhất 12 HTX", style="List Bullet")
    marker = first.add_run("1")
    marker.font.superscript = True
    first.add_run(" (thực hiện trong quý II, III năm 2020).")
    page = document.add_paragraph("Phối hợp với Liên minh HTX tỉnh kiện toàn các HTX yếu kém ", style="List Bullet")
    page.add_run().add_break(WD_BREAK.LINE)
    page.add_run("(thực hiện thường xuyên).")
    document.add_paragraph(
        "Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư bố trí kinh phí hỗ trợ (hoàn thành trước ngày 31/3/2020).",
        style="List Number",
    )
    note = document.add_paragraph()
    number = note.add_run("1")
    number.font.superscript = True
    note.add_run(" Thành phố Kon Tum 04 HTX, huyện Đăk Hà 04 HTX, huyện Ngọc Hồi 04 HTX.")
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Như trên;")
    document.add_paragraph("- Lưu: VT, KT.")
    document.add_paragraph("KT. CHỦ TỊCH")
    document.add_paragraph("PHÓ CHỦ TỊCH")
    document.add_paragraph("Y Ngọc")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_it_parses_a_docx_with_a_header_table_list_numbering_and_superscript_footnotes():
    plan = parse_bytes(_docx_bytes(), "cong-van.docx").to_json()
    document = plan["document"]
    assert document["type"] == "công văn"
    assert document["number"] == "210/UBND-KT"
    assert document["issued_on"] == "2020-02-10"
    assert document["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"
    assert document["subject"] == "V/v phát triển hợp tác xã năm 2020"
    assert document["recipients"][0] == "Ủy ban nhân dân các huyện, thành phố"
    assert document["signer"] == {"name": "Y Ngọc", "title": "Phó Chủ tịch"}
    tasks = _by_number(plan)
    assert list(tasks) == ["1", "1.1", "1.2", "2"]
    assert tasks["1.1"]["lead"] == ["Ủy ban nhân dân các huyện, thành phố"]
    assert _deadline(tasks["1.1"]) == ("window", "2020-04-01", "2020-09-30", None)
    target = tasks["1.1"]["targets"][0]
    assert (target["indicator"], target["comparator"], target["value"], target["year"]) == ("htx_new", ">=", 12, 2020)
    assert [(a["unit"], a["value"]) for a in target["allocations"]] == [
        ("Thành phố Kon Tum", 4), ("huyện Đăk Hà", 4), ("huyện Ngọc Hồi", 4)
    ]
    # A bullet that begins "Phối hợp với …" under units addressed by a heading: the named unit leads.
    assert tasks["1.2"]["lead"] == ["Liên minh HTX tỉnh"]
    assert tasks["1.2"]["coordinate"] == ["Ủy ban nhân dân các huyện, thành phố"]
    assert _deadline(tasks["1.2"]) == ("ongoing", None, None, None)
    assert tasks["2"]["lead"] == ["Sở Tài chính"]
    assert _deadline(tasks["2"]) == ("once", None, "2020-03-31", None)
    assert plan["warnings"] == []
