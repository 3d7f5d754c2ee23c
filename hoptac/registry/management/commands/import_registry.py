"""Import a registry spreadsheet (.xlsx) from the command line: check every row, then save all or nothing.

    manage.py import_registry FILE.xlsx [--dry-run] [--kind cooperatives|years|groups|members] [--user USERNAME]

Without --user the import acts for the system (no territorial limit, audit entries without
an actor); with it, the user's rights and territory apply exactly as on the upload page.
Exits with status 1, having saved nothing, when any row has a problem.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hoptac.lib.excel import DEFAULT_MAX_BYTES
from hoptac.lib.importing import import_file
from hoptac.registry.importers import IMPORTERS, guess_kind


class Command(BaseCommand):
    help = "Nhập sổ hợp tác xã, số liệu năm, tổ hợp tác hoặc thành viên Liên minh từ tệp Excel (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument("--kind", choices=sorted(IMPORTERS), help="Loại dữ liệu (mặc định: nhận theo tên trang tính)")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (quyền và địa bàn của người đó được áp dụng)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu")
        parser.add_argument("--max-mb", type=int, default=DEFAULT_MAX_BYTES // (1024 * 1024), help="Giới hạn dung lượng tệp (MB)")

    def handle(self, *args, file, kind, user, dry_run, max_mb, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"Không có người dùng “{user}”.") from None
        kind = kind or guess_kind(path)
        if kind is None:
            raise CommandError("Không nhận ra loại dữ liệu từ tên trang tính; hãy ghi --kind (" + ", ".join(sorted(IMPORTERS)) + ").")
        importer = IMPORTERS[kind](actor=actor)
        report = import_file(importer, path, commit=not dry_run, file_name=path.name, max_bytes=max_mb * 1024 * 1024)

        for warning in report.warnings():
            self.stdout.write(self.style.WARNING(str(warning)))
        problems = report.all_problems()
        for problem in problems:
            self.stderr.write(str(problem))
        if report.rows:
            self.stdout.write(f"{report.verbose_name}: {report.summary()}")
        if problems:
            raise CommandError(f"Không lưu gì: {len(problems)} lỗi.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Chạy thử: tệp hợp lệ, không lưu gì."))
        elif report.saved:
            self.stdout.write(self.style.SUCCESS("Đã lưu."))
