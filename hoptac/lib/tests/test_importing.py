"""The two-phase runner, with a toy importer writing Django's auth groups (no domain involved)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from hoptac.lib.importing import (
    CREATE,
    UNCHANGED,
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    Importer,
    IntegerColumn,
    Problem,
    RowError,
    TextColumn,
    header_key,
    import_file,
    template_workbook,
    validate,
)

pytestmark = pytest.mark.django_db


class GroupImporter(Importer):
    identifier = "groups"
    verbose_name = "Nhóm"
    sheet_title = "Nhóm"
    key_description = "tên nhóm"

    def get_columns(self):
        return [
            TextColumn("name", "Tên nhóm", required=True, max_length=20, aliases=("Tên",)),
            DecimalColumn("amount", "Số tiền (triệu đồng)", min_value=0),
            IntegerColumn("size", "Số người"),
            DateColumn("day", "Ngày lập"),
            ChoiceColumn("colour", "Màu", choices=[("do", "Đỏ"), ("xanh", "Xanh lá")]),
        ]

    def prefetch(self, rows):
        self.existing = {g.name: g for g in Group.objects.filter(name__in=[r.values["name"] for r in rows])}

    def row_key(self, row):
        return row.values["name"].lower()

    def plan(self, row):
        if row.values["name"] == "cấm":
            raise RowError("Tên này không được dùng.", "name")
        row.action = UNCHANGED if row.values["name"] in self.existing else CREATE

    def save_row(self, row):
        if row.values["name"] == "lỗi khi lưu":
            raise ValidationError({"amount": "Số tiền bị từ chối khi lưu."})
        return Group.objects.create(name=row.values["name"])


def xlsx(rows, *, title="Nhóm") -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["Tên nhóm", "Số tiền (triệu đồng)", "Số người", "Ngày lập", "Màu"]


def messages(report):
    return [str(problem) for problem in report.all_problems()]


def test_it_matches_headers_ignoring_accents_case_marks_and_hints():
    assert header_key("Ngày lập (dd/mm/yyyy) *") == header_key("ngay LAP") == "ngay lap"


def test_it_cleans_vietnamese_numbers_dates_and_choices():
    report = validate(GroupImporter(), xlsx([HEADER, ["A", "1.234,5", "1.250", "31/12/2018", "xanh la"]]))
    assert messages(report) == []
    assert report.rows[0].values == {
        "name": "A", "amount": Decimal("1234.5"), "size": 1250, "day": datetime.date(2018, 12, 31), "colour": "xanh",
    }  # fmt: skip


def test_it_accepts_real_excel_date_and_number_cells():
    report = validate(GroupImporter(), xlsx([HEADER, ["A", 12.25, 7.0, datetime.datetime(2018, 5, 1), "Đỏ"]]))
    assert report.rows[0].values["day"] == datetime.date(2018, 5, 1)
    assert report.rows[0].values["amount"] == Decimal("12.3")
    assert report.rows[0].values["size"] == 7


def test_it_reports_every_problem_with_row_column_and_reason():
    report = validate(
        GroupImporter(),
        xlsx([HEADER, ["A", "abc", "2,5", "31/02/2018", "tím"], [None, "-1", None, None, None], ["Một tên rất dài quá hai mươi"]]),
    )
    assert not report.is_valid
    assert messages(report) == [
        "Dòng 2, cột 'Số tiền (triệu đồng)': “abc” không phải là số (ví dụ hợp lệ: 1.234,5).",
        "Dòng 2, cột 'Số người': “2,5” phải là số nguyên.",
        "Dòng 2, cột 'Ngày lập': Ngày 31/02/2018 không có trong lịch (tháng 2/2018 không có ngày 31).",
        "Dòng 2, cột 'Màu': “tím” không có trong danh sách: Đỏ; Xanh lá.",
        "Dòng 3, cột 'Tên nhóm': Chưa nhập (cột bắt buộc).",
        "Dòng 3, cột 'Số tiền (triệu đồng)': Phải từ 0 trở lên.",
        "Dòng 4, cột 'Tên nhóm': Dài 28 ký tự, tối đa 20 ký tự.",
    ]
    assert report.counts() == {"create": 0, "update": 0, "unchanged": 0, "error": 3}


def test_it_reports_a_row_repeated_in_the_file():
    report = validate(GroupImporter(), xlsx([HEADER, ["A"], ["B"], ["a"]]))
    assert messages(report) == ["Dòng 4: Trùng với dòng 2 (cùng tên nhóm); mỗi bản ghi chỉ ghi một dòng."]


def test_it_reports_row_rules_on_their_column():
    report = validate(GroupImporter(), xlsx([HEADER, ["cấm"]]))
    assert messages(report) == ["Dòng 2, cột 'Tên nhóm': Tên này không được dùng."]


def test_it_finds_the_table_below_a_title_and_in_any_column_order_on_another_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Hướng dẫn"
    ws = workbook.create_sheet("Sheet2")
    ws.append(["DANH SÁCH NHÓM NĂM 2018"])
    ws.append(["Màu", "Ghi chú", "TÊN"])
    ws.append(["Đỏ", "bỏ qua", "A"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = validate(GroupImporter(), buffer.getvalue())
    assert messages(report) == []
    assert (report.sheet_title, report.header_row, report.ignored_headers) == ("Sheet2", 2, ["Ghi chú"])
    assert report.rows[0].row_number == 3
    assert report.rows[0].values["colour"] == "do"


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["Số người"], [1]], "Trang “Nhóm” thiếu cột bắt buộc: 'Tên nhóm'."),
        ([["Cột lạ"], ["x"]], "Không tìm thấy bảng Nhóm trong tệp"),
        ([HEADER], "không có dòng dữ liệu nào dưới dòng tiêu đề (dòng 1)"),
        ([["Tên nhóm", "Tên"], ["A", "B"]], "cột 'Tên nhóm' xuất hiện nhiều lần"),
    ],
)
def test_it_explains_a_sheet_it_cannot_use(rows, message):
    report = validate(GroupImporter(), xlsx(rows))
    assert len(report.problems) == 1
    assert message in str(report.problems[0])
    assert report.rows == []


def test_it_refuses_merged_cells_in_the_table():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Tên nhóm", "Màu"])
    ws.append(["A", "Đỏ"])
    ws.append(["B", None])
    ws.merge_cells("B2:B3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = validate(GroupImporter(), buffer.getvalue())
    assert "có ô gộp (B2:B3)" in str(report.problems[0])


def test_it_stops_at_the_row_cap():
    importer = GroupImporter()
    importer.max_rows = 3
    report = validate(importer, xlsx([HEADER, ["A"], ["B"], ["C"], ["D"]]))
    assert "hơn 3 dòng dữ liệu" in str(report.problems[0])


def test_it_saves_all_rows_in_one_go_and_then_finds_them_unchanged():
    content = xlsx([HEADER, ["A"], ["B"]])
    first = import_file(GroupImporter(), content, commit=True)
    second = import_file(GroupImporter(), content, commit=True)
    assert (first.saved, first.counts()["create"]) == (True, 2)
    assert second.counts() == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert Group.objects.count() == 2


def test_it_saves_nothing_when_one_row_is_refused_while_saving():
    report = import_file(GroupImporter(), xlsx([HEADER, ["A"], ["lỗi khi lưu"]]), commit=True)
    assert report.saved is False
    assert messages(report) == ["Dòng 3, cột 'Số tiền (triệu đồng)': Số tiền bị từ chối khi lưu."]
    assert not Group.objects.exists()


def test_it_saves_nothing_in_a_dry_run():
    report = import_file(GroupImporter(), xlsx([HEADER, ["A"]]), commit=False)
    assert (report.is_valid, report.saved, Group.objects.count()) == (True, False, 0)


def test_it_writes_a_template_with_a_notes_sheet():
    content = template_workbook(GroupImporter(), general_notes=["Số: 1.234,5."])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Nhóm", "Hướng dẫn"]
    assert [c.value for c in workbook["Nhóm"][1]] == HEADER
    notes = [row for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert ("Tên nhóm", "Có", None, "Chữ, tối đa 20 ký tự.") in notes
    assert ("Màu", None, None, "Một trong: Đỏ; Xanh lá.") in notes
    assert ("Lưu ý 1", None, "Số: 1.234,5.", None) in notes


def test_it_formats_problems_with_and_without_place():
    assert str(Problem("Sai.", 12, "Mã số HTX")) == "Dòng 12, cột 'Mã số HTX': Sai."
    assert str(Problem("Sai.", 12)) == "Dòng 12: Sai."
    assert str(Problem("Sai.")) == "Sai."


cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.booleans(),
)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell_values, min_size=5, max_size=5), min_size=1, max_size=8))
def test_it_turns_any_cell_content_into_values_or_messages(rows):
    printable = [[v if not isinstance(v, str) else "".join(ch for ch in v if ch.isprintable()) for v in row] for row in rows]
    report = validate(GroupImporter(), xlsx([HEADER, *printable]))
    for row in report.rows:
        assert row.errors or row.values["name"]
        for problem in row.errors:
            assert str(problem).startswith(f"Dòng {row.row_number}")
