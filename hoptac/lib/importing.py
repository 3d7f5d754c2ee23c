"""Two-phase spreadsheet import: check every row, show the result, then save all rows or none.

An `Importer` (one per kind of record, defined by the app that owns the records) declares
its `Column`s and four hooks: `prepare` (load lookups once), `prefetch` (load the existing
records the file refers to, in a few queries), `plan` (decide create / update / unchanged
for one row) and `save_row` (call the app's service). This module knows nothing of the
records themselves.

Phase 1 (`validate`) reads the sheet, matches its headers to the columns, cleans each cell
and plans each row, collecting every problem as "Dòng 12, cột 'Mã số HTX': …".
Phase 2 (`import_file(..., commit=True)`) repeats phase 1 and, if nothing is wrong, saves
the rows in one transaction; any error while saving rolls the whole file back.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .dates import DateParseError, format_vi_date, parse_vi_date
from .excel import (
    DEFAULT_MAX_BYTES,
    BLANK_RUN_LIMIT,
    ExcelError,
    Sheet,
    clean_cell,
    iter_sheet_rows,
    merged_ranges,
    open_workbook,
    write_xlsx,
)
from .text import fold
from .vi_format import BooleanParseError, NumberParseError, format_vi_number, parse_vi_bool, parse_vi_number

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
ERROR = "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, ERROR)

DEFAULT_MAX_ROWS = 50_000
NOTES_SHEET_TITLE = "Hướng dẫn"
# How many leading non-blank rows may precede the header (a title, a note for the reader).
HEADER_SEARCH_ROWS = 10


class CellError(ValueError):
    """A value cannot be used; the message says why (the runner adds row and column)."""


class RowError(ValueError):
    """A row cannot be imported; `column` (an identifier) names the cell at fault, if one is."""

    def __init__(self, message, column: str | None = None):
        self.column = column
        super().__init__(message)


@dataclass
class Problem:
    message: str
    row_number: int | None = None
    column: str | None = None  # the column's header, as the user sees it

    def __str__(self):
        if self.row_number and self.column:
            return _("Dòng %(row)s, cột '%(column)s': %(message)s") % {
                "row": self.row_number, "column": self.column, "message": self.message,
            }
        if self.row_number:
            return _("Dòng %(row)s: %(message)s") % {"row": self.row_number, "message": self.message}
        return self.message


@dataclass
class RowResult:
    """One data row: its cleaned values, problems, and what saving it would do."""

    row_number: int
    values: dict
    errors: list[Problem] = field(default_factory=list)
    action: str = CREATE
    target: object = None  # the existing record an update applies to
    changes: dict = field(default_factory=dict)  # identifier -> (current, new) for updates
    warnings: list[Problem] = field(default_factory=list)
    context: dict = field(default_factory=dict)  # what `plan` resolved, for `save_row`

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def effective_action(self) -> str:
        return ERROR if self.errors else self.action


# --- columns -------------------------------------------------------------------------------------


def header_key(text) -> str:
    """Matching key of a header: folded, without "*" marks and bracketed hints ("(dd/mm/yyyy)")."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|\*", " ", str(text or ""))
    return fold(text)


class Column:
    """One spreadsheet column: how it is recognised, explained and cleaned.

    `clean(value, row)` gets the raw cell value (stripped string, number, datetime, bool or
    None) and the values cleaned so far in this row; it returns the Python value or raises
    CellError (or ValueError / ValidationError) with the reason in Vietnamese. Blank cells
    give None; what None means (keep, default) is the importer's decision.
    """

    def __init__(self, identifier: str, verbose_name: str, *, required=False, help_text="", aliases=(), width=18):
        self.identifier = identifier
        self.verbose_name = str(verbose_name)
        self.required = required
        self.help_text = help_text
        self.aliases = tuple(aliases)
        self.width = width

    def __repr__(self):
        return f"<{type(self).__name__} {self.identifier}>"

    @property
    def header_keys(self) -> set[str]:
        return {header_key(self.verbose_name), *(header_key(a) for a in self.aliases)}

    def clean(self, value, row: dict):
        if value is None:
            if self.required:
                raise CellError(_("Chưa nhập (cột bắt buộc)."))
            return None
        return self.to_python(value, row)

    def to_python(self, value, row: dict):
        return value

    def format_help(self) -> str:
        """What the cell must look like, for the notes sheet."""
        return ""

    def allowed_values(self) -> Sequence[str]:
        """Labels offered in a drop-down list in the template, if the column has a fixed list."""
        return ()


def _number_of(value) -> Decimal:
    try:
        number = parse_vi_number(value)
    except NumberParseError as exc:
        raise CellError(str(exc)) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 15:
        raise CellError(_("“%(value)s” không phải là một số dùng được.") % {"value": _text_of(value)})
    return number


def _text_of(value) -> str:
    if value.__class__ is str:
        return value
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed into a number cell: 6100000001.0
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if hasattr(value, "strftime"):
        return format_vi_date(value)
    return str(value)


class TextColumn(Column):
    def __init__(self, *args, max_length: int = 250, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length

    def to_python(self, value, row):
        text = _text_of(value).strip()
        if len(text) > self.max_length:
            raise CellError(
                _("Dài %(length)s ký tự, tối đa %(max)s ký tự.") % {"length": len(text), "max": self.max_length}
            )
        return text

    def format_help(self):
        return _("Chữ, tối đa %(max)s ký tự.") % {"max": self.max_length}


class IntegerColumn(Column):
    def __init__(self, *args, min_value: int | None = 0, max_value: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_value = min_value
        self.max_value = max_value

    def to_python(self, value, row):
        number = _number_of(value)
        if number != number.to_integral_value():
            raise CellError(_("“%(value)s” phải là số nguyên.") % {"value": _text_of(value)})
        number = int(number)
        if self.min_value is not None and number < self.min_value:
            raise CellError(_("Phải từ %(min)s trở lên.") % {"min": format_vi_number(self.min_value)})
        if self.max_value is not None and number > self.max_value:
            raise CellError(_("Phải từ %(max)s trở xuống.") % {"max": format_vi_number(self.max_value)})
        return number

    def format_help(self):
        return _("Số nguyên, ví dụ 1.250 (dấu chấm phân cách hàng nghìn).")


class YearColumn(IntegerColumn):
    def __init__(self, *args, min_value=1945, max_value=2100, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value, row):
        try:
            return super().to_python(value, row)
        except CellError:
            raise CellError(_("“%(value)s” không phải là năm (4 chữ số, ví dụ 2018).") % {"value": _text_of(value)})

    def format_help(self):
        return _("Năm, 4 chữ số, ví dụ 2018.")


class DecimalColumn(Column):
    def __init__(self, *args, decimal_places: int = 1, max_digits: int = 14, min_value=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decimal_places = decimal_places
        self.max_digits = max_digits
        self.min_value = min_value

    def to_python(self, value, row):
        number = _number_of(value)
        quantum = Decimal(1).scaleb(-self.decimal_places)
        if isinstance(value, float):
            # A number cell: Excel shows it rounded already, so round the binary noise away.
            number = number.quantize(quantum, rounding=ROUND_HALF_UP)
        elif number != number.quantize(quantum, rounding=ROUND_HALF_UP):
            raise CellError(
                _("“%(value)s” có quá %(places)s chữ số sau dấu phẩy.") % {"value": value, "places": self.decimal_places}
            )
        if abs(number) >= Decimal(10) ** (self.max_digits - self.decimal_places):
            raise CellError(_("Số %(value)s quá lớn.") % {"value": format_vi_number(number)})
        if self.min_value is not None and number < self.min_value:
            raise CellError(_("Phải từ %(min)s trở lên.") % {"min": format_vi_number(self.min_value)})
        return number

    def format_help(self):
        return _("Số, dấu chấm phân cách hàng nghìn, dấu phẩy thập phân, ví dụ 1.234,5 (tối đa %(places)s chữ số thập phân).") % {
            "places": self.decimal_places
        }


class DateColumn(Column):
    def __init__(self, *args, min_year: int = 1945, max_year: int = 2100, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_year = min_year
        self.max_year = max_year

    def to_python(self, value, row):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            raise CellError(
                _("“%(value)s” là một con số, không phải ngày: hãy nhập dạng ngày/tháng/năm, ví dụ 31/12/2018.")
                % {"value": _text_of(value)}
            )
        try:
            day = parse_vi_date(value)
        except DateParseError as exc:
            raise CellError(str(exc)) from None
        if not self.min_year <= day.year <= self.max_year:
            raise CellError(
                _("Năm %(year)s không hợp lý (từ %(min)s đến %(max)s).")
                % {"year": day.year, "min": self.min_year, "max": self.max_year}
            )
        return day

    def format_help(self):
        return _("Ngày dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 31/12/2018, hoặc ô kiểu Ngày của Excel.")


class BooleanColumn(Column):
    def to_python(self, value, row):
        try:
            return parse_vi_bool(value)
        except BooleanParseError as exc:
            raise CellError(str(exc)) from None

    def format_help(self):
        return _("“Có” (hoặc x) nếu đúng; để trống hoặc “Không” nếu không.")

    def allowed_values(self):
        return (_("Có"), _("Không"))


class ChoiceColumn(Column):
    """A value from a fixed list, recognised by its label (any accents, any case) or its code."""

    def __init__(self, *args, choices: Sequence[tuple[str, str]], synonyms: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = [(value, str(label)) for value, label in choices]
        self._lookup = {}
        for value, label in self.choices:
            self._lookup.setdefault(fold(label), value)
            self._lookup.setdefault(fold(value), value)
        for text, value in (synonyms or {}).items():
            self._lookup.setdefault(fold(text), value)
        self._seen: dict = {}

    def to_python(self, value, row):
        seen = (value.__class__, value)
        if seen in self._seen:  # the same few labels fill a whole column
            return self._seen[seen]
        key = fold(_text_of(value))
        if key in self._lookup:
            self._seen[seen] = self._lookup[key]
            return self._lookup[key]
        raise CellError(
            _("“%(value)s” không có trong danh sách: %(allowed)s.")
            % {"value": _text_of(value), "allowed": "; ".join(label for _v, label in self.choices)}
        )

    def label_of(self, value) -> str:
        return dict(self.choices).get(value, value or "")

    def format_help(self):
        return _("Một trong: %(allowed)s.") % {"allowed": "; ".join(label for _v, label in self.choices)}

    def allowed_values(self):
        return [label for _v, label in self.choices]


# --- importer ------------------------------------------------------------------------------------


class Importer:
    """What to import and how: subclasses set the attributes and implement the hooks."""

    identifier = ""
    verbose_name = ""
    sheet_title = ""
    key_description = ""  # what identifies a record in the file, e.g. "mã số HTX và năm"
    notes: Sequence[str] = ()
    max_rows = DEFAULT_MAX_ROWS

    def __init__(self, *, actor=None):
        self.actor = actor
        self.columns = self.get_columns()
        self.columns_by_id = {column.identifier: column for column in self.columns}
        # Headers written in the source language are recognised whatever language the page is in.
        with translation.override(settings.LANGUAGE_CODE):
            for source in self.get_columns():
                column = self.columns_by_id[source.identifier]
                column.aliases = (*column.aliases, source.verbose_name, *source.aliases)

    def get_columns(self) -> list[Column]:
        raise NotImplementedError

    def check_allowed(self) -> None:
        """Raise RowError (no column) when the actor may not import this kind at all."""

    def prepare(self) -> None:
        """Load what cleaning needs (unit names …), with a bounded number of queries."""

    def clean_row(self, row: RowResult) -> None:
        """Checks across the cells of a row (resolve names, …); raise RowError.

        Runs on every row: a value is None where its cell was blank or invalid (see row.errors).
        """

    def prefetch(self, rows: list[RowResult]) -> None:
        """Load the existing records the valid rows refer to, with a bounded number of queries."""

    def row_key(self, row: RowResult):
        """The identity of the row's record (hashable); two rows with the same key are an error."""
        return None

    def plan(self, row: RowResult) -> None:
        """Set row.action (CREATE / UPDATE / UNCHANGED), row.target and row.changes, or raise RowError."""
        row.action = CREATE

    def save_row(self, row: RowResult):
        raise NotImplementedError

    def column_for_field(self, field_name: str) -> Column | None:
        """The column a model field's error belongs to (services report errors per field)."""
        return self.columns_by_id.get(field_name)

    def warn(self, row: RowResult, identifier: str | None, message: str) -> None:
        """Note something the user should know before confirming (the row is still saved)."""
        column = self.columns_by_id.get(identifier) if identifier else None
        row.warnings.append(Problem(message, row.row_number, column.verbose_name if column else None))

    def describe(self, row: RowResult) -> str:
        """A short label of the row's record for the preview ("HTX A (6100000001)")."""
        return ""

    def display(self, identifier: str, value) -> str:
        column = self.columns_by_id.get(identifier)
        if isinstance(column, ChoiceColumn) and value:
            return column.label_of(value)
        return display_value(value)

    def change_list(self, row: RowResult) -> list[tuple[str, str, str]]:
        """(column header, current, new) for each change an update makes."""
        result = []
        for identifier, (old, new) in row.changes.items():
            column = self.columns_by_id.get(identifier)
            name = column.verbose_name if column else identifier
            result.append((name, self.display(identifier, old), self.display(identifier, new)))
        return result


def display_value(value) -> str:
    """A value as the preview shows it: dates dd/mm/yyyy, numbers 1.234,5, yes/no."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, (int, Decimal)):
        return format_vi_number(value)
    if hasattr(value, "strftime"):
        return format_vi_date(value)
    return str(value)


@dataclass
class ImportReport:
    identifier: str
    verbose_name: str
    file_name: str = ""
    sheet_title: str = ""
    header_row: int | None = None
    columns_found: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # about the file as a whole
    rows: list[RowResult] = field(default_factory=list)
    saved: bool = False

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(ACTIONS, 0)
        for row in self.rows:
            result[row.effective_action] += 1
        return result

    @property
    def is_valid(self) -> bool:
        return not self.problems and all(row.is_valid for row in self.rows)

    def row_errors(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.errors]

    def all_problems(self) -> list[Problem]:
        return [*self.problems, *self.row_errors()]

    def warnings(self) -> list[Problem]:
        return [warning for row in self.rows for warning in row.warnings]

    def rows_with(self, action: str) -> list[RowResult]:
        return [row for row in self.rows if row.effective_action == action]

    def summary(self) -> str:
        counts = self.counts()
        return _("%(create)s dòng thêm mới, %(update)s dòng cập nhật, %(unchanged)s dòng không đổi, %(error)s dòng có lỗi.") % counts


class _Rollback(Exception):
    pass


def _messages_of(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc)]


def _locate_table(workbook, importer: Importer):
    """Find the sheet and header row holding the importer's columns.

    Returns (worksheet, rows iterator positioned after the header, header row number,
    {column index: Column}, ignored headers) or raises ExcelError naming what is missing.
    """
    wanted_title = fold(importer.sheet_title)
    notes_title = fold(NOTES_SHEET_TITLE)
    sheets = sorted(
        (ws for ws in workbook.worksheets if fold(ws.title) != notes_title),
        key=lambda ws: fold(ws.title) != wanted_title,
    )
    keys = {column.identifier: column.header_keys for column in importer.columns}
    required = [column for column in importer.columns if column.required]
    best = None  # (matched count, sheet title, missing columns)
    for ws in sheets:
        rows = iter_sheet_rows(ws)
        for _index, (number, values) in zip(range(HEADER_SEARCH_ROWS), rows):
            mapping: dict[int, Column] = {}
            duplicates = []
            ignored = []
            for position, value in enumerate(values):
                value = clean_cell(value)
                if value is None:
                    continue
                key = header_key(value)
                column = next((importer.columns_by_id[i] for i, k in keys.items() if key in k), None)
                if column is None:
                    ignored.append(str(value))
                elif column in mapping.values():
                    duplicates.append(column)
                else:
                    mapping[position] = column
            if not mapping:
                continue
            missing = [column for column in required if column not in mapping.values()]
            if not missing:
                if duplicates:
                    raise ExcelError(
                        _("Trang “%(sheet)s”: cột '%(column)s' xuất hiện nhiều lần; hãy giữ lại một cột.")
                        % {"sheet": ws.title, "column": duplicates[0].verbose_name}
                    )
                return ws, rows, number, mapping, ignored
            if best is None or len(mapping) > best[0]:
                best = (len(mapping), ws.title, missing)
    titles = ", ".join(f"“{ws.title}”" for ws in workbook.worksheets)
    if best is None:
        raise ExcelError(
            _(
                "Không tìm thấy bảng %(kind)s trong tệp: không trang nào có dòng tiêu đề với các cột của mẫu "
                "(trang “%(sheet)s”). Các trang có trong tệp: %(titles)s. Hãy dùng tệp mẫu tải về từ hệ thống."
            )
            % {"kind": importer.verbose_name, "sheet": importer.sheet_title, "titles": titles}
        )
    _count, title, missing = best
    raise ExcelError(
        _("Trang “%(sheet)s” thiếu cột bắt buộc: %(missing)s. Các trang có trong tệp: %(titles)s.")
        % {
            "sheet": title,
            "missing": ", ".join(f"'{column.verbose_name}'" for column in missing),
            "titles": titles,
        }
    )


def _read_rows(workbook, importer: Importer, report: ImportReport) -> list[tuple[int, dict]] | None:
    ws, rows, header_row, mapping, ignored = _locate_table(workbook, importer)
    report.sheet_title = ws.title
    report.header_row = header_row
    report.columns_found = [column.verbose_name for column in mapping.values()]
    report.ignored_headers = ignored
    merged = [r for r in merged_ranges(workbook, ws) if r.max_row >= header_row]
    if merged:
        shown = ", ".join(r.coord for r in merged[:5])
        raise ExcelError(
            _(
                "Trang “%(sheet)s” có ô gộp (%(ranges)s%(more)s). Ô gộp làm mất dữ liệu của các ô bị gộp: "
                "hãy bỏ gộp ô (Merge & Center) và điền đủ từng ô rồi tải lên lại."
            )
            % {"sheet": ws.title, "ranges": shown, "more": "…" if len(merged) > 5 else ""}
        )
    data = []
    unread_run = 0
    for number, values in rows:
        raw = {column.identifier: clean_cell(values[position]) for position, column in mapping.items()}
        if all(value is None for value in raw.values()):
            # Only columns we do not read are filled in (a running number, a remark …);
            # a long run of those is a column filled down past the data.
            unread_run += 1
            if unread_run >= BLANK_RUN_LIMIT:
                break
            continue
        unread_run = 0
        if len(data) >= importer.max_rows:
            raise ExcelError(
                _("Tệp có hơn %(max)s dòng dữ liệu; hãy chia thành nhiều tệp, mỗi tệp tối đa %(max)s dòng.")
                % {"max": format_vi_number(importer.max_rows)}
            )
        data.append((number, raw))
    if not data:
        raise ExcelError(
            _("Trang “%(sheet)s” không có dòng dữ liệu nào dưới dòng tiêu đề (dòng %(row)s).")
            % {"sheet": ws.title, "row": header_row}
        )
    return data


def _clean_row(importer: Importer, number: int, raw: dict) -> RowResult:
    row = RowResult(row_number=number, values={})
    for column in importer.columns:
        value = raw.get(column.identifier)
        try:
            row.values[column.identifier] = column.clean(value, row.values)
        except (CellError, ValueError, ValidationError) as exc:
            row.values[column.identifier] = None
            for message in _messages_of(exc):
                row.errors.append(Problem(message, number, column.verbose_name))
    return row


def _row_problem(importer: Importer, row: RowResult, exc) -> list[Problem]:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        problems = []
        for field_name, errors in exc.message_dict.items():
            column = importer.column_for_field(field_name)
            for message in errors:
                problems.append(Problem(message, row.row_number, column.verbose_name if column else None))
        return problems
    column_id = getattr(exc, "column", None)
    column = importer.columns_by_id.get(column_id) if column_id else None
    return [Problem(message, row.row_number, column.verbose_name if column else None) for message in _messages_of(exc)]


def validate(importer: Importer, source, *, file_name: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> ImportReport:
    """Phase 1: read and check every row; nothing is written."""
    report = ImportReport(importer.identifier, str(importer.verbose_name), file_name=file_name)
    try:
        importer.check_allowed()
    except RowError as exc:
        report.problems.append(Problem(str(exc)))
        return report
    workbook = None
    try:
        workbook = open_workbook(source, max_bytes=max_bytes)
        data = _read_rows(workbook, importer, report)
    except ExcelError as exc:
        report.problems.append(Problem(exc.message))
        return report
    finally:
        if workbook is not None:
            workbook.close()

    importer.prepare()
    report.rows = [_clean_row(importer, number, raw) for number, raw in data]
    for row in report.rows:
        # Also on rows with a bad cell, so that one upload lists as many problems as possible.
        try:
            importer.clean_row(row)
        except (RowError, CellError, ValidationError) as exc:
            row.errors.extend(_row_problem(importer, row, exc))

    first_row_of: dict = {}
    for row in report.rows:
        if not row.is_valid:
            continue
        key = importer.row_key(row)
        if key is None:
            continue
        if key in first_row_of:
            row.errors.append(
                Problem(
                    _("Trùng với dòng %(row)s (cùng %(key)s); mỗi bản ghi chỉ ghi một dòng.")
                    % {"row": first_row_of[key], "key": importer.key_description},
                    row.row_number,
                )
            )
        else:
            first_row_of[key] = row.row_number

    valid = [row for row in report.rows if row.is_valid]
    importer.prefetch(valid)
    for row in valid:
        try:
            importer.plan(row)
        except (RowError, CellError, ValidationError) as exc:
            row.errors.extend(_row_problem(importer, row, exc))

    # Within a row, problems read left to right as the columns do.
    position = {column.verbose_name: index for index, column in enumerate(importer.columns)}
    for row in report.rows:
        row.errors.sort(key=lambda problem: position.get(problem.column, len(position)))
    return report


def import_file(
    importer: Importer, source, *, commit: bool, file_name: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> ImportReport:
    """Phase 1, then (with `commit` and no problem found) phase 2 in one transaction.

    The check is repeated inside the transaction that saves, so what is saved is what was
    checked against the data as it is at that moment.
    """
    if not commit:
        return validate(importer, source, file_name=file_name, max_bytes=max_bytes)
    try:
        with transaction.atomic():
            report = validate(importer, source, file_name=file_name, max_bytes=max_bytes)
            if not report.is_valid:
                return report
            for row in report.rows:
                if row.action not in (CREATE, UPDATE):
                    continue
                try:
                    importer.save_row(row)
                except (ValidationError, RowError, CellError) as exc:
                    row.errors.extend(_row_problem(importer, row, exc))
                    raise _Rollback from None
                except IntegrityError:
                    row.errors.append(
                        Problem(
                            _("Không lưu được vì trùng với một bản ghi đã có (có thể vừa được người khác nhập)."),
                            row.row_number,
                        )
                    )
                    raise _Rollback from None
            report.saved = True
    except _Rollback:
        report.saved = False
    return report


# --- template ------------------------------------------------------------------------------------


def template_workbook(importer: Importer, *, general_notes: Sequence[str] = ()) -> bytes:
    """An empty .xlsx to fill in: the data sheet with its headers, and a "Hướng dẫn" sheet."""
    columns = importer.columns
    data = Sheet(
        importer.sheet_title,
        [[column.verbose_name for column in columns]],
        column_widths=[column.width for column in columns],
        choices=[(index, column.allowed_values()) for index, column in enumerate(columns) if column.allowed_values()],
        emphasised=[index for index, column in enumerate(columns) if column.required],
    )
    notes_rows = [[_("Cột"), _("Bắt buộc"), _("Ý nghĩa"), _("Cách ghi, giá trị cho phép")]]
    for column in columns:
        notes_rows.append(
            [column.verbose_name, _("Có") if column.required else "", str(column.help_text), column.format_help()]
        )
    notes_rows.append([])
    for number, line in enumerate([*importer.notes, *general_notes], start=1):
        notes_rows.append([_("Lưu ý %(number)s") % {"number": number}, "", str(line)])
    notes = Sheet(
        NOTES_SHEET_TITLE,
        notes_rows,
        title_rows=[_("Hướng dẫn điền trang “%(sheet)s”") % {"sheet": importer.sheet_title}],
        column_widths=[30, 10, 60, 70],
        wrap=True,
    )
    return write_xlsx([data, notes])


def general_notes(max_rows: int = DEFAULT_MAX_ROWS, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """Rules every import follows, for the notes sheet and the upload page."""
    return [
        _("Dòng 1 là dòng tiêu đề: giữ nguyên tên cột; có thể bỏ các cột không bắt buộc hoặc đổi thứ tự cột."),
        _("Mỗi dòng là một bản ghi. Không gộp ô (Merge & Center), không để dòng tổng cộng."),
        _("Số: dấu chấm phân cách hàng nghìn, dấu phẩy thập phân (1.234,5); ô kiểu Số của Excel cũng được."),
        _("Ngày: ngày/tháng/năm (31/12/2018); ô kiểu Ngày của Excel cũng được."),
        _("Tên xã ghi như “Đăk Ui” hoặc “Xã Đăk Ui” (có dấu hay không dấu đều được); khi tên xã trùng nhau, ghi thêm cột huyện."),
        _("Ô để trống: khi thêm mới thì lấy giá trị mặc định; khi cập nhật thì giữ nguyên giá trị đang có."),
        _("Tải lên lại cùng một tệp không tạo bản ghi trùng: bản ghi đã có được cập nhật."),
        _("Tối đa %(rows)s dòng dữ liệu và %(mb)s MB mỗi tệp; hơn %(blank)s dòng trống liên tiếp được coi là hết dữ liệu.")
        % {
            "rows": format_vi_number(max_rows),
            "mb": format_vi_number(max_bytes // (1024 * 1024)),
            "blank": format_vi_number(BLANK_RUN_LIMIT),
        },
        _("Hệ thống kiểm tra toàn bộ tệp trước; chỉ khi không còn lỗi nào, mọi dòng mới được lưu cùng lúc."),
    ]
