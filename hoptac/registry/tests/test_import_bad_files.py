"""Bad files and bad rows get a clear message and change nothing (alliance_officer edits everything)."""

import datetime
import io
import re
import time
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from hoptac.audit.models import AuditEntry
from hoptac.lib.importing import import_file
from hoptac.registry.importers import CooperativeImporter, GroupImporter, guess_kind
from hoptac.registry.models import Cooperative

pytestmark = pytest.mark.django_db

HEADER = ["Tên hợp tác xã", "Mã số HTX", "Xã, phường, thị trấn", "Ngày thành lập", "Lĩnh vực"]
GOOD_ROW = ["HTX Đắk Ui", "6100000001", "Đắk Ui", "01/03/2015", "Nông nghiệp"]


def workbook_bytes(build) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table(*rows, title="Hợp tác xã", header=HEADER):
    def build(workbook):
        ws = workbook.active
        ws.title = title
        for row in [header, *rows]:
            ws.append(list(row))

    return workbook_bytes(build)


def with_empty_rows(content: bytes, count: int) -> bytes:
    """The same workbook with `count` formatted but empty rows appended to its first sheet."""
    source = zipfile.ZipFile(io.BytesIO(content))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    last = max(int(n) for n in re.findall(r'<row r="(\d+)"', sheet))
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(last + 1, last + 1 + count))
    sheet = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:XFD{last + count}"/>', sheet)
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item.filename, data)
    return buffer.getvalue()


def unchanged_registry():
    return not Cooperative.objects.exists() and not AuditEntry.objects.filter(action__startswith="registry.").exists()


def run(content, actor, importer=CooperativeImporter):
    return import_file(importer(actor=actor), content, commit=True, file_name="tep.xlsx")


def problem_texts(report):
    return [str(problem) for problem in report.all_problems()]


def merged(workbook):
    ws = workbook.active
    ws.title = "Hợp tác xã"
    ws.append(HEADER)
    ws.append(GOOD_ROW)
    ws.append(["HTX Hà Mòn", "6100000002", None, "01/03/2015"])
    ws.merge_cells("C2:C3")


def docx_renamed() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def groups_file():
    return table(["THT A", "Đắk Ui", "01/03/2018"], title="Tổ hợp tác",
                 header=["Tên tổ hợp tác", "Xã, phường, thị trấn", "Ngày thành lập"])  # fmt: skip


BAD_FILES = {
    "wrong-sheet": (
        groups_file,
        "Trang “Tổ hợp tác” thiếu cột bắt buộc: 'Tên hợp tác xã', 'Mã số HTX'. Các trang có trong tệp: “Tổ hợp tác”.",
    ),
    "missing-columns": (
        lambda: table(["HTX A", "Đắk Ui"], header=["Tên hợp tác xã", "Xã, phường, thị trấn"]),
        "Trang “Hợp tác xã” thiếu cột bắt buộc: 'Mã số HTX', 'Ngày thành lập'.",
    ),
    "no-table": (
        lambda: table(["a", "b"], header=["Họ tên", "Ghi chú"], title="Sheet1"),
        "Không tìm thấy bảng Hợp tác xã trong tệp",
    ),
    "merged-cells": (lambda: workbook_bytes(merged), "Trang “Hợp tác xã” có ô gộp (C2:C3)."),
    "only-empty-rows": (
        lambda: with_empty_rows(table(), 1_048_000),
        "Trang “Hợp tác xã” không có dòng dữ liệu nào dưới dòng tiêu đề (dòng 1).",
    ),
    "csv-renamed": (lambda: "Tên hợp tác xã,Mã số HTX\nHTX A,6100000001\n".encode(), "không phải là bảng tính Excel"),
    "docx-renamed": (docx_renamed, "Đây là tệp Word (.docx)"),
    "old-xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "tệp Excel đời cũ (.xls)"),
    "truncated": (lambda: table(GOOD_ROW)[:900], "bị hỏng"),
    "empty": (lambda: b"", "Tệp rỗng"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_it_explains_a_bad_file_and_changes_nothing(kind, units, alliance_officer):
    make, expected = BAD_FILES[kind]
    started = time.perf_counter()
    report = run(make(), alliance_officer)
    assert len(report.problems) == 1
    assert expected in str(report.problems[0])
    assert (report.saved, report.rows) == (False, [])
    assert unchanged_registry()
    assert time.perf_counter() - started < 20


def test_it_refuses_a_file_over_the_size_limit(units, alliance_officer):
    report = import_file(CooperativeImporter(actor=alliance_officer), table(GOOD_ROW), commit=True, max_bytes=2000)
    assert "vượt giới hạn" in str(report.problems[0])
    assert unchanged_registry()


def test_it_reads_the_data_above_a_million_formatted_empty_rows_quickly(units, alliance_officer):
    content = with_empty_rows(table(GOOD_ROW, ["HTX Hà Mòn", "6100000002", "Hà Mòn", "02/03/2015"]), 1_048_000)
    started = time.perf_counter()
    report = run(content, alliance_officer)
    assert problem_texts(report) == []
    assert report.counts()["create"] == 2
    assert Cooperative.objects.count() == 2
    assert time.perf_counter() - started < 10


def test_it_stops_at_the_row_cap_without_saving(units, alliance_officer):
    importer = CooperativeImporter(actor=alliance_officer)
    importer.max_rows = 2
    rows = [[f"HTX {n}", f"61000000{n:02d}", "Đắk Ui", "01/03/2015"] for n in range(3)]
    report = import_file(importer, table(*rows), commit=True)
    assert "Tệp có hơn 2 dòng dữ liệu" in str(report.problems[0])
    assert unchanged_registry()


def test_it_recognises_the_kind_of_a_template_by_its_sheet(units):
    assert guess_kind(table(GOOD_ROW)) == "cooperatives"
    assert guess_kind(groups_file()) == "groups"
    assert guess_kind(table(GOOD_ROW, title="Sheet1")) is None
    assert guess_kind(b"not excel") is None


def test_it_imports_nothing_of_the_wrong_kind_into_groups(units, alliance_officer):
    report = run(table(GOOD_ROW), alliance_officer, importer=GroupImporter)
    assert "thiếu cột bắt buộc: 'Tên tổ hợp tác'" in str(report.problems[0])


# --- generated bad rows -------------------------------------------------------------------------

names = st.one_of(st.none(), st.just("HTX Đắk Ui"), st.text(min_size=1, max_size=300))
codes = st.one_of(
    st.none(), st.just("6100000001"), st.just("6100000002"), st.integers(0, 10**12), st.text(max_size=45),
    st.from_regex(r"\d{10}", fullmatch=True),
)  # fmt: skip
communes = st.one_of(
    st.none(), st.sampled_from(["Đắk Ui", "dak ui", "XÃ HÀ MÒN", "Đăk Ruồng", "23440", "Không có xã này"]), st.text(max_size=20)
)  # fmt: skip
dates = st.one_of(
    st.none(), st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 1, 1)),
    st.sampled_from(["31/02/2018", "01/03/2015", "2015-03-01", "13/13/2013", "hôm qua"]), st.integers(-5, 80000),
    st.floats(allow_nan=True),
)  # fmt: skip
sectors = st.one_of(st.none(), st.sampled_from(["Nông nghiệp", "xay dung", "Vận tải", "Trồng lúa", "=1+1"]))
rows = st.lists(st.tuples(names, codes, communes, dates, sectors), min_size=1, max_size=6)


def _printable(value):
    # openpyxl refuses control characters in cells; the file could not contain them either.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable())
    return value


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(rows)
def test_it_never_half_saves_a_file_of_generated_rows(units, alliance_officer, generated):
    before = (Cooperative.objects.count(), AuditEntry.objects.count())
    content = table(*[[_printable(v) for v in row] for row in generated])
    report = run(content, alliance_officer)
    after = (Cooperative.objects.count(), AuditEntry.objects.count())
    if report.saved:
        assert report.is_valid
        assert after[0] - before[0] == report.counts()["create"]
    else:
        assert after == before
        assert report.all_problems()
    for row in report.rows:
        for problem in row.errors:
            assert re.match(rf"Dòng {row.row_number}(, cột '[^']+')?: \S", str(problem))
