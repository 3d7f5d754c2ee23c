import datetime
import io
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.reader.strings import read_string_table

from hoptac.lib.excel import (
    BLANK_RUN_LIMIT,
    ExcelError,
    Sheet,
    clean_cell,
    escape_formula,
    is_blank_row,
    iter_sheet_rows,
    merged_ranges,
    open_workbook,
    read_shared_strings,
    render_table,
    write_csv,
    write_xlsx,
)


def xlsx_bytes(rows, *, title="Trang 1", merge=None) -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("text", ["=1+1", "+84905", "-2+3", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_it_neutralises_cells_a_spreadsheet_would_run(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Hợp tác xã", "", None, -5, Decimal("-1.5"), datetime.date(2018, 1, 1), "a=b"])
def test_it_leaves_other_values_alone(value):
    assert escape_formula(value) == value


def test_it_writes_xlsx_that_reads_back_with_real_dates_numbers_and_escaped_formulas():
    rows = [
        ["Tên", "Ngày", "Số tiền", "Ghi chú"],
        ["Hợp tác xã Đắk Ui", datetime.date(2018, 12, 31), Decimal("1234.5"), "=cmd|' /C calc'!A0"],
        ["HTX B", None, -3, "@SUM(1)"],
    ]
    content = write_xlsx([Sheet("Hợp tác xã", rows, title_rows=["DỮ LIỆU MẪU"])])
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    values = list(ws.iter_rows(values_only=True))
    assert ws.title == "Hợp tác xã"
    assert values[0][0] == "DỮ LIỆU MẪU"
    assert values[1] == ("Tên", "Ngày", "Số tiền", "Ghi chú")
    assert values[2] == ("Hợp tác xã Đắk Ui", datetime.datetime(2018, 12, 31), 1234.5, "'=cmd|' /C calc'!A0")
    assert values[3] == ("HTX B", None, -3, "'@SUM(1)")
    assert ws["B3"].number_format == "DD/MM/YYYY"
    assert ws["D3"].data_type == "s"


def test_it_writes_csv_excel_opens_in_vietnamese_with_formulas_escaped():
    content = write_csv(
        [["Tên", "Ngày", "Vốn"], ["=1+1", datetime.date(2018, 3, 5), Decimal("1234.5")], ["Đăk Hà", None, -2]]
    )
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines() == ["Tên,Ngày,Vốn", "'=1+1,05/03/2018,\"1234,5\"", "Đăk Hà,,-2"]


def test_it_renders_one_table_in_either_format():
    rows = [["A"], ["x"]]
    assert render_table(rows, "csv", filename_stem="ds", sheet_title="S").filename == "ds.csv"
    xlsx = render_table(iter(rows), "xlsx", filename_stem="ds", sheet_title="S")
    assert (xlsx.filename, xlsx.content[:2]) == ("ds.xlsx", b"PK")
    with pytest.raises(ValueError):
        render_table(rows, "pdf", filename_stem="ds", sheet_title="S")


# --- reading bad files ------------------------------------------------------------------------


def docx_like() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "rỗng"),
        ("Tên,Mã số\nHTX A,123\n".encode(), "không phải là bảng tính Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        (docx_like(), "tệp Word"),
        (xlsx_bytes([["a"]])[:300], "bị hỏng"),
        (b"PK\x03\x04" + b"\0" * 100, "bị hỏng"),
    ],
    ids=["empty", "csv-renamed", "old-xls", "docx-renamed", "truncated", "garbage-zip"],
)
def test_it_refuses_what_is_not_a_readable_xlsx_with_a_message(content, message):
    with pytest.raises(ExcelError) as error:
        open_workbook(content)
    assert message in error.value.message


def test_it_refuses_a_file_over_the_size_limit():
    with pytest.raises(ExcelError, match="vượt giới hạn"):
        open_workbook(xlsx_bytes([["a"] * 10] * 200), max_bytes=1000)


def test_it_refuses_a_zip_that_unpacks_to_far_more_than_it_weighs():
    with pytest.raises(ExcelError, match="giải nén quá lớn"):
        open_workbook(xlsx_bytes([["a" * 100] * 10] * 100), max_unpacked_bytes=10_000)


def test_it_refuses_a_broken_workbook_inside_a_good_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook>not closed")
    with pytest.raises(ExcelError, match="bị hỏng"):
        open_workbook(buffer.getvalue())


# --- reading rows ---------------------------------------------------------------------------------


def test_it_streams_non_blank_rows_with_their_sheet_row_numbers():
    content = xlsx_bytes([["Tên", "Ngày"], ["  HTX A  ", datetime.date(2018, 1, 2)], [None, "   "], ["HTX B", None]])
    workbook = open_workbook(content)
    rows = [(number, [clean_cell(v) for v in values]) for number, values in iter_sheet_rows(workbook.active, max_columns=3)]
    workbook.close()
    assert rows == [
        (1, ["Tên", "Ngày", None]),
        (2, ["HTX A", datetime.datetime(2018, 1, 2), None]),
        (4, ["HTX B", None, None]),
    ]


@pytest.mark.parametrize(
    "values, blank",
    [((None, None), True), (("", "  ", None), True), ((0, None), False), ((False,), False), ((None, " x "), False)],
)
def test_it_tells_blank_rows_from_rows_of_zeros(values, blank):
    assert is_blank_row(values) is blank


def test_it_normalises_decomposed_vietnamese_text():
    decomposed = "Đăk Hà".replace("ă", "a\u0306").replace("à", "a\u0300")
    assert clean_cell(decomposed) == "Đăk Hà"
    assert clean_cell("  ") is None


def test_it_reads_a_sheet_formatted_down_to_its_last_row_quickly():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Tên"])
    ws.append(["HTX A"])
    ws.cell(row=1_048_576, column=16_384, value=None).number_format = "0"  # a formatted, empty last cell
    ws["XFD1048576"] = " "
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    book = open_workbook(buffer.getvalue())
    rows = list(iter_sheet_rows(book.active))
    book.close()
    assert [number for number, _values in rows] == [1, 2]
    assert time.perf_counter() - started < 5


def test_it_stops_after_a_long_run_of_blank_rows():
    workbook = openpyxl.Workbook(write_only=True)
    ws = workbook.create_sheet("Dữ liệu")
    ws.append(["Tên"])
    for _ in range(BLANK_RUN_LIMIT + 5):
        ws.append([None, ""])  # rows present in the file, but empty
    ws.append(["lost"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    book = open_workbook(buffer.getvalue())
    rows = list(iter_sheet_rows(book.worksheets[0]))
    book.close()
    assert [number for number, _values in rows] == [1]


def test_it_finds_merged_cells_that_read_only_mode_hides():
    content = xlsx_bytes([["Tên", "Xã"], ["HTX A", "Đắk Ui"], ["HTX B", None]], merge="B2:B3")
    workbook = open_workbook(content)
    ranges = merged_ranges(workbook, workbook.active)
    workbook.close()
    assert [(r.coord, r.min_row, r.max_row) for r in ranges] == [("B2:B3", 2, 3)]


SHARED_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">'
    "<si><t>Tên hợp tác xã</t></si>"
    '<si><t xml:space="preserve">  Đắk Ui </t></si>'
    "<si><r><rPr><b/></rPr><t>HTX </t></r><r><t>Hà Mòn</t></r></si>"
    '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>'
    "<si><t/></si><si><t>a_x005F_x000D_b</t></si>"
    "</sst>"
)


def excel_saved_workbook() -> bytes:
    """A workbook as Excel writes it: text cells point into the shared-string table."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="Hợp tác xã" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet {ns}><dimension ref="A1:B3"/><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>12.5</v></c></row>'
            '<row r="3"><c r="A3" t="s"><v>2</v></c></row>'
            "</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": SHARED_STRINGS,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_it_reads_shared_strings_exactly_as_openpyxl_does():
    ours = read_shared_strings(io.BytesIO(SHARED_STRINGS.encode()))
    assert ours == list(read_string_table(io.BytesIO(SHARED_STRINGS.encode())))
    assert ours[:4] == ["Tên hợp tác xã", "  Đắk Ui ", "HTX Hà Mòn", "東京"]


def test_it_reads_a_workbook_saved_by_excel():
    workbook = open_workbook(excel_saved_workbook())
    rows = [[clean_cell(v) for v in values] for _n, values in iter_sheet_rows(workbook.active, max_columns=2)]
    workbook.close()
    assert rows == [["Tên hợp tác xã", None], ["Đắk Ui", 12.5], ["HTX Hà Mòn", None]]
