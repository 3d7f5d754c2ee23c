"""Excel import benchmark: 30,000 cooperative rows through the cooperatives importer.

    .venv/bin/python bench/import.py [--rows 30000] [--skip-save]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/import.py

Runs against a throw-away test database (SQLite file in a temporary directory, or
test_<name> on the PostgreSQL server of DATABASE_URL), with a province of 10 districts
and 100 communes and an Alliance officer as the importing user. It measures:

1. phase 1 (read + check every row, nothing written) of a file as Excel saves it (shared
   strings) and of the same rows as openpyxl writes them (inline strings);
2. phase 2 (phase 1 again inside the transaction, then every row saved through
   `registry.services` with its establishment event and audit entry);
3. phase 1 of the same file once all rows exist (every row "unchanged").

The goal is phase 1 at >= 5,000 rows per second; the number of queries phase 1 issues is
printed to show it does not grow with the rows.
"""

import argparse
import datetime
import io
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
os.environ.setdefault("HOPTAC_TESTING", "true")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

GOAL = 5000
DISTRICTS = 10
COMMUNES_PER_DISTRICT = 10
SECTORS = ["Nông nghiệp", "Thương mại – dịch vụ", "Công nghiệp – tiểu thủ công nghiệp", "Vận tải"]
HEADER = [
    "Tên hợp tác xã", "Mã số HTX", "Huyện, thành phố", "Xã, phường, thị trấn", "Ngày thành lập",
    "Số giấy chứng nhận đăng ký", "Lĩnh vực", "Địa chỉ trụ sở", "Người đại diện", "Điện thoại", "Dữ liệu mẫu",
]  # fmt: skip


def build_units():
    from hoptac.units.models import AdminUnit, Agency

    province = AdminUnit.objects.create(code="62", name="Tỉnh Kon Tum", short_name="Kon Tum", level="province", kind="tinh")
    communes = []
    for d in range(DISTRICTS):
        district = AdminUnit.objects.create(
            code=str(600 + d), name=f"Huyện Thử {d}", short_name=f"Thử {d}", level="district", kind="huyen", parent=province
        )
        for c in range(COMMUNES_PER_DISTRICT):
            communes.append(
                AdminUnit.objects.create(
                    code=f"{23000 + d * 100 + c}", name=f"Xã Đăk Thử {d}-{c}", short_name=f"Đăk Thử {d}-{c}",
                    level="commune", kind="xa", parent=district,
                )
            )  # fmt: skip
    alliance = Agency.objects.create(code="lien-minh", name="Liên minh HTX tỉnh", kind=Agency.Kind.ALLIANCE, admin_unit=province)
    return communes, alliance


def data_rows(count, communes):
    for n in range(count):
        commune = communes[n % len(communes)]
        established = datetime.date(2000 + n % 18, 1 + n % 12, 1 + n % 28)
        yield [
            f"Hợp tác xã Nông nghiệp Dịch vụ số {n}", f"{6100000000 + n}", commune.parent.name,
            commune.short_name if n % 3 else commune.name.lower(),
            established if n % 2 else established.strftime("%d/%m/%Y"),  # real date cells and typed dates
            f"38.07.{n:06d}", SECTORS[n % len(SECTORS)], f"Thôn {n % 9 + 1}", "Nguyễn Văn A", "0260 3862 123", "",
        ]  # fmt: skip


def openpyxl_file(rows) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    ws = workbook.create_sheet("Hợp tác xã")
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_INLINE = re.compile(r'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t>(.*?)</t></is></c>', re.S)


def as_excel_saves_it(content: bytes) -> bytes:
    """The same workbook with a shared string table and a dimension, as Excel itself writes files."""
    source = zipfile.ZipFile(io.BytesIO(content))
    sheet_name = next(n for n in source.namelist() if n.startswith("xl/worksheets/sheet"))
    sheet = source.read(sheet_name).decode()
    strings: dict[str, int] = {}

    def shared(match):
        index = strings.setdefault(match.group(3), len(strings))
        return f'<c r="{match.group(1)}"{match.group(2) or ""} t="s"><v>{index}</v></c>'

    sheet = _INLINE.sub(shared, sheet)
    last_row = max(int(n) for n in re.findall(r'<row r="(\d+)"', sheet))
    sheet = sheet.replace("<sheetData>", f'<dimension ref="A1:K{last_row}"/><sheetData>', 1) if "<dimension" not in sheet else sheet
    table = "".join(f"<si><t>{text}</t></si>" for text in strings)
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == sheet_name:
                data = sheet.encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(item.filename, data)
        target.writestr("xl/sharedStrings.xml", sst)
    return buffer.getvalue()


def timed(function):
    """(result, wall-clock seconds); the CPU seconds of this process go to `timed.cpu`."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    timed.cpu = time.process_time() - cpu
    return result, time.perf_counter() - started


def read_only_seconds(content: bytes) -> float:
    from hoptac.lib.excel import iter_sheet_rows, open_workbook

    def read():
        workbook = open_workbook(content)
        count = sum(1 for _ in iter_sheet_rows(workbook.worksheets[0], max_columns=len(HEADER)))
        workbook.close()
        return count

    return timed(read)[1]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--skip-save", action="store_true", help="measure phase 1 only")
    args = parser.parse_args()

    from hoptac.accounts import permissions as perms
    from hoptac.accounts.services import create_user_with_role
    from hoptac.lib.excel import DEFAULT_MAX_BYTES
    from hoptac.lib.importing import import_file, validate
    from hoptac.registry.importers import CooperativeImporter
    from hoptac.registry.models import Cooperative

    workdir = tempfile.mkdtemp(prefix="hoptac-import-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(workdir, "bench.sqlite3")  # a file, not memory
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        communes, alliance = build_units()
        actor = create_user_with_role(
            "bench_officer", password=None, role=perms.ALLIANCE_OFFICER, actor=None, agency=alliance
        )
        rows = list(data_rows(args.rows, communes))
        inline = openpyxl_file(rows)
        shared = as_excel_saves_it(inline)
        limit = max(DEFAULT_MAX_BYTES, len(inline), len(shared)) + 1
        print(f"hoptac import benchmark — {datetime.date.today():%d/%m/%Y}")
        print(f"machine: {machine()}")
        print(f"database: {connection.vendor} (openpyxl {openpyxl.__version__}, Django {django.get_version()})")
        print(f"rows: {args.rows:,}; file as Excel saves it {len(shared) / 1e6:.1f} MB, as openpyxl writes it {len(inline) / 1e6:.1f} MB")
        print()

        results = []
        for label, content in (("Excel file (shared strings)", shared), ("openpyxl file (inline strings)", inline)):
            read = read_only_seconds(content)
            with CaptureQueriesContext(connection) as queries:
                report, seconds = timed(lambda c=content: validate(CooperativeImporter(actor=actor), c, max_bytes=limit))
            assert report.is_valid and report.counts()["create"] == args.rows, [str(p) for p in report.all_problems()[:5]]
            results.append((f"phase 1, {label}", seconds, len(queries)))
            print(f"phase 1, {label}: {args.rows / seconds:,.0f} rows/s ({seconds:.2f} s, CPU {timed.cpu:.2f} s; "
                  f"reading the sheet alone {read:.2f} s; {len(queries)} queries)")  # fmt: skip

        if not args.skip_save:
            report, seconds = timed(lambda: import_file(CooperativeImporter(actor=actor), shared, commit=True, max_bytes=limit))
            assert report.saved and Cooperative.objects.count() == args.rows
            results.append(("phase 1 + phase 2 (save)", seconds, None))
            print(f"phase 1 + 2, save every row: {args.rows / seconds:,.0f} rows/s ({seconds:.2f} s, CPU {timed.cpu:.2f} s)")
            with CaptureQueriesContext(connection) as queries:
                report, seconds = timed(lambda: validate(CooperativeImporter(actor=actor), shared, max_bytes=limit))
            assert report.counts()["unchanged"] == args.rows
            print(f"phase 1, same file again (all unchanged): {args.rows / seconds:,.0f} rows/s "
                  f"({seconds:.2f} s, CPU {timed.cpu:.2f} s; {len(queries)} queries)")  # fmt: skip

        excel_rate = args.rows / results[0][1]
        print()
        print(f"goal: phase 1 of the Excel file >= {GOAL:,} rows/s: {'met' if excel_rate >= GOAL else 'NOT met'} "
              f"({excel_rate:,.0f} rows/s); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
