"""Store a plan JSON file (PLAN_JSON.md): everything is checked first; a bad file changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hoptac.plans import plan_json, services


class Command(BaseCommand):
    help = "Nhập văn bản chỉ đạo từ tệp JSON (hoptac.plan/1); lỗi được liệt kê đầy đủ, không lưu gì khi có lỗi."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp JSON")
        parser.add_argument("--source", help="Tệp toàn văn (.txt) mà vị trí “source” trỏ tới")
        parser.add_argument("--year", type=int, help="Năm kế hoạch (mặc định: suy ra từ chỉ tiêu, thời hạn)")

    def handle(self, *args, file, source=None, year=None, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không có tệp {file}.")
        source_text = Path(source).read_text(encoding="utf-8") if source else ""
        try:
            data = plan_json.loads(path.read_text(encoding="utf-8"))
            directive = services.create_plan_from_json(data, actor=None, source_text=source_text, year=year)
        except plan_json.PlanError as exc:
            lines = [f"Không nhập được {file} ({len(exc.errors)} lỗi), chưa lưu gì:"]
            lines += [f"  - {error}" for error in exc.errors]
            raise CommandError("\n".join(lines)) from None
        tasks = directive.tasks.count()
        self.stdout.write(self.style.SUCCESS(f"Đã nhập văn bản mã {directive.pk}: {tasks} nhiệm vụ, năm kế hoạch {directive.year}."))
        for warning in directive.warnings:
            self.stdout.write(f"  Lưu ý: {warning}")
