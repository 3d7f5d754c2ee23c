"""Spreadsheets in and out: one row writer for .xlsx and .csv, and a guarded .xlsx reader.

Writing: rows are sequences of plain values (str, int, Decimal, float, date, bool, None);
strings a spreadsheet would run as a formula are neutralised with a leading apostrophe.
xlsx is written with openpyxl's write-only mode, so memory stays flat whatever the row count.

Reading: `open_workbook` refuses what is not a readable .xlsx (size, format, zip bomb)
with a message for the user; `iter_sheet_rows` streams the non-blank rows of a sheet
(openpyxl read-only mode) and stops at a long run of blank rows, so a sheet formatted down
to row 1,048,576 costs no more than its data. Every failure is an `ExcelError` whose text
can be shown as is.
"""

import csv
import datetime
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from .vi_format import format_vi_date

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")

# A cell starting with one of these is run as a formula (or DDE command) by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Sum of the unpacked parts; a real 50,000-row sheet stays far below it, a zip bomb does not.
DEFAULT_MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_COLUMNS = 40
# This many blank rows in a row end the table: formatting down to the sheet's last row is common.
BLANK_RUN_LIMIT = 1000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def escape_formula(value):
    """Prefix "'" to a string a spreadsheet would evaluate; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


# --- writing ---------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One worksheet to write. With `header`, the first row of `rows` is styled and frozen."""

    title: str
    rows: Iterable[Sequence]
    title_rows: Sequence[str] = ()
    column_widths: Sequence[float] = ()
    header: bool = True
    # (0-based column index, allowed values): a drop-down list on that column's data cells.
    choices: Sequence[tuple[int, Sequence[str]]] = ()
    wrap: bool = False
    # 0-based indexes of header cells to show in red (required columns of a template).
    emphasised: Sequence[int] = ()


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str


_TITLE_FONT = Font(bold=True, size=13, color="9C0006")
_HEADER_FONT = Font(bold=True)
_EMPHASISED_FONT = Font(bold=True, color="C00000")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "DD/MM/YYYY"
# Excel's limit for a sheet title, and characters it refuses in one.
_SHEET_TITLE_MAX = 31
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def safe_sheet_title(title: str) -> str:
    return _SHEET_TITLE_BAD.sub(" ", title)[:_SHEET_TITLE_MAX] or "Sheet"


def _xlsx_value(ws, value, *, wrap=False):
    value = escape_formula(value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local wall-clock time.
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = _DATE_FORMAT
        return cell
    if isinstance(value, bool):
        return _("Có") if value else ""
    if wrap and isinstance(value, str):
        cell = WriteOnlyCell(ws, value=value)
        cell.alignment = _WRAP
        return cell
    return value


def _styled(ws, value, *, font, fill=None):
    cell = WriteOnlyCell(ws, value=escape_formula(value))
    cell.font = font
    if fill is not None:
        cell.fill = fill
    cell.alignment = _WRAP
    return cell


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx file holding `sheets`, written in openpyxl's write-only (streaming) mode."""
    workbook = openpyxl.Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(safe_sheet_title(sheet.title))
        for index, width in enumerate(sheet.column_widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        first_data_row = len(sheet.title_rows) + (2 if sheet.header else 1)
        if sheet.header:
            ws.freeze_panes = f"A{first_data_row}"
        for index, allowed in sheet.choices:
            # Excel caps an inline list at 255 characters; longer lists are described in the notes instead.
            formula = '"' + ",".join(a.replace('"', "'").replace(",", " ") for a in allowed) + '"'
            if len(formula) > 255:
                continue
            validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
            letter = get_column_letter(index + 1)
            validation.add(f"{letter}{first_data_row}:{letter}{first_data_row + 50_000}")
            ws.data_validations.append(validation)
        for line in sheet.title_rows:
            ws.append([_styled(ws, line, font=_TITLE_FONT)])
        rows = iter(sheet.rows)
        if sheet.header:
            header = next(rows, None)
            if header is not None:
                ws.append(
                    [
                        _styled(
                            ws, value, font=_EMPHASISED_FONT if i in sheet.emphasised else _HEADER_FONT, fill=_HEADER_FILL
                        )
                        for i, value in enumerate(header)
                    ]
                )
        for row in rows:
            ws.append([_xlsx_value(ws, value, wrap=sheet.wrap) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_formula(value)
    if isinstance(value, bool):
        return _("Có") if value else ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return format_vi_date(value)
    if isinstance(value, (Decimal, float)):
        # Vietnamese decimal comma, no thousands separator: unambiguous when read back.
        text = f"{Decimal(str(value)):f}"
        return text.replace(".", ",")
    return str(value)


def write_csv(rows: Iterable[Sequence], *, title_rows: Sequence[str] = ()) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel shows Vietnamese letters correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in title_rows:
        writer.writerow([escape_formula(line)])
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_table(
    rows: Iterable[Sequence],
    fmt: str,
    *,
    filename_stem: str,
    sheet_title: str,
    title_rows: Sequence[str] = (),
    column_widths: Sequence[float] = (),
) -> ExportFile:
    """Rows (header first) as an .xlsx or .csv file."""
    if fmt == "csv":
        return ExportFile(write_csv(rows, title_rows=title_rows), CSV_CONTENT_TYPE, f"{filename_stem}.csv")
    if fmt == "xlsx":
        sheet = Sheet(sheet_title, rows, title_rows=title_rows, column_widths=column_widths)
        return ExportFile(write_xlsx([sheet]), XLSX_CONTENT_TYPE, f"{filename_stem}.xlsx")
    raise ValueError(f"Unknown format {fmt!r}")


# --- reading ---------------------------------------------------------------------------------


class ExcelError(Exception):
    """The file cannot be read as a table; the message is for the user, in Vietnamese."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _open_binary(source):
    """(file object, whether we opened it) for a path, bytes, an uploaded file or a binary file object."""
    if isinstance(source, (str, os.PathLike)):
        return open(source, "rb"), True
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(source), True
    fileobj = getattr(source, "file", source)  # Django's UploadedFile wraps the real file
    return fileobj, False


def _size_of(fileobj) -> int:
    position = fileobj.tell()
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(position)
    return size


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_spreadsheet_file(fileobj, *, max_bytes: int, max_unpacked_bytes: int) -> None:
    """Refuse, with a message, anything that is not a plausible .xlsx of acceptable size."""
    fileobj.seek(0)
    size = _size_of(fileobj)
    if size == 0:
        raise ExcelError(_("Tệp rỗng (0 byte)."))
    if size > max_bytes:
        raise ExcelError(
            _("Tệp nặng %(size)s MB, vượt giới hạn %(limit)s MB. Hãy chia thành nhiều tệp nhỏ hơn.")
            % {"size": _megabytes(size), "limit": _megabytes(max_bytes)}
        )
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(_OLE_MAGIC):
        raise ExcelError(
            _(
                "Đây là tệp Excel đời cũ (.xls) hoặc tệp có đặt mật khẩu. Hãy mở tệp bằng Excel, bỏ mật khẩu "
                "nếu có và chọn “Lưu thành” kiểu “Sổ làm việc Excel (*.xlsx)”."
            )
        )
    if not head.startswith(_ZIP_MAGIC):
        raise ExcelError(
            _("Tệp không phải là bảng tính Excel (.xlsx): nội dung không đúng định dạng, dù tên tệp có đuôi gì.")
        )
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ExcelError(_("Tệp Excel bị hỏng hoặc chưa tải lên trọn vẹn; không đọc được.")) from None
    finally:
        fileobj.seek(0)
    if not any(name.startswith("xl/") for name in names):
        if any(name.startswith("word/") for name in names):
            raise ExcelError(_("Đây là tệp Word (.docx) chứ không phải bảng tính Excel (.xlsx)."))
        raise ExcelError(
            _("Tệp không phải là bảng tính Excel (.xlsx). Nếu là tệp LibreOffice (.ods), hãy lưu lại dạng .xlsx.")
        )
    if unpacked > max_unpacked_bytes:
        raise ExcelError(_("Tệp Excel có nội dung giải nén quá lớn bất thường; không đọc tệp này."))


_SHARED_STRING = f"{{{SHEET_MAIN_NS}}}si"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_RUN = f"{{{SHEET_MAIN_NS}}}r"


def read_shared_strings(source) -> list[str]:
    """The plain text of each shared string, as openpyxl's `read_string_table` gives it
    (formatting runs joined, phonetic guides left out), without building its objects."""
    strings = []
    for _event, node in iterparse(source):
        if node.tag == _SHARED_STRING:
            text = (node.findtext(_TEXT) or "") + "".join(run.findtext(_TEXT) or "" for run in node.iterfind(_RUN))
            strings.append(text.replace("x005F_", ""))
            node.clear()
    return strings


class _UnsizedWorksheet(ReadOnlyWorksheet):
    # openpyxl looks for the stored dimension when it opens a sheet, parsing the whole sheet
    # when there is none (files openpyxl itself writes); rows are read without it here.
    def _get_size(self):
        pass


class _Reader(ExcelReader):
    """openpyxl's read-only reader, minus two full passes over the file that reading rows needs not."""

    def read_strings(self):
        # Excel keeps every text cell in the shared-string table; openpyxl's own parser of the
        # table takes about as long as reading the sheet.
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = read_shared_strings(source)

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            worksheet = _UnsizedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def open_workbook(
    source, *, max_bytes: int = DEFAULT_MAX_BYTES, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES
):
    """Open an .xlsx for reading (openpyxl read-only, cached formula values). Close it when done."""
    fileobj, _owned = _open_binary(source)
    check_spreadsheet_file(fileobj, max_bytes=max_bytes, max_unpacked_bytes=max_unpacked_bytes)
    try:
        reader = _Reader(fileobj, read_only=True, data_only=True)
        reader.read()
        return reader.wb
    except Exception:  # openpyxl raises many types (KeyError, ValueError, ParseError …) on a broken file
        raise ExcelError(_("Tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; không đọc được.")) from None


def clean_cell(value):
    """Strings stripped and NFC-normalised (blank → None); other values unchanged."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        return value
    return value


def is_blank_row(values) -> bool:
    """No value in the row but blanks (None, or strings of spaces)."""
    if not any(values):
        return all(value is None or value == "" for value in values)
    return all(value.__class__ is str and not value.strip() for value in values if value)


def iter_sheet_rows(
    worksheet, *, max_columns: int = MAX_COLUMNS, blank_run_limit: int = BLANK_RUN_LIMIT
) -> Iterator[tuple[int, tuple]]:
    """Yield (row number, values) for each non-blank row of a read-only worksheet.

    Values are as openpyxl reads them (pass each through `clean_cell` before use), padded
    to `max_columns`. Reading stops after `blank_run_limit` consecutive blank rows.
    """
    # The stored dimension may claim A1:XFD1048576; rows are read as they come instead.
    worksheet.reset_dimensions()
    blank_run = 0
    try:
        rows = worksheet.iter_rows(min_row=1, max_col=max_columns, values_only=True)
        for number, values in enumerate(rows, start=1):
            if is_blank_row(values):
                blank_run += 1
                if blank_run >= blank_run_limit:
                    return
                continue
            blank_run = 0
            yield number, values
    except ExcelError:
        raise
    except (ParseError, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError):
        raise ExcelError(_("Trang tính bị hỏng; không đọc hết được dữ liệu.")) from None


_MERGE_CELL = re.compile(rb'<(?:[A-Za-z0-9_]+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}[0-9]{1,7}(?::[A-Za-z]{1,3}[0-9]{1,7})?)"')
_CHUNK = 1 << 20


def merged_ranges(workbook, worksheet) -> list[CellRange]:
    """The merged cell ranges of a read-only worksheet (openpyxl does not read them in that mode).

    The sheet's XML is scanned as bytes, which costs far less than parsing it again.
    """
    archive = getattr(workbook, "_archive", None)
    path = getattr(worksheet, "_worksheet_path", None)
    if archive is None or not path:
        return []
    found: dict[str, CellRange] = {}
    tail = b""
    try:
        with archive.open(path) as source:
            while chunk := source.read(_CHUNK):
                data = tail + chunk
                for match in _MERGE_CELL.finditer(data):
                    ref = match.group(1).decode("ascii").upper()
                    if ref not in found:
                        found[ref] = CellRange(ref if ":" in ref else f"{ref}:{ref}")
                tail = data[-200:]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ExcelError(_("Trang tính bị hỏng; không đọc hết được dữ liệu.")) from None
    return sorted(found.values(), key=lambda r: (r.min_row, r.min_col))


def sheet_titles(workbook) -> list[str]:
    return [ws.title for ws in workbook.worksheets]
