"""Store the Kon Tum 2018 directive (seed/kontum_2018.plan.json with its text). Running it again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hoptac.plans import plan_json, services
from hoptac.plans.models import Assignment
from hoptac.units.models import Agency

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"
PLAN_FILE = SEED_DIR / "kontum_2018.plan.json"
TEXT_FILE = SEED_DIR / "kontum_2018.txt"
MISSING_AGENCIES = (
    "Chưa có danh mục cơ quan của tỉnh Kon Tum. Hãy chạy trước:\n"
    "  manage.py load_units --province 62\n"
    "  manage.py load_agencies --province 62"
)


class Command(BaseCommand):
    help = "Nạp văn bản chỉ đạo mẫu của UBND tỉnh Kon Tum năm 2018 (cần nạp đơn vị hành chính và cơ quan trước)."

    def handle(self, *args, **options):
        if not Agency.objects.filter(kind=Agency.Kind.DISTRICT_COMMITTEE).exists():
            raise CommandError(MISSING_AGENCIES)
        data = plan_json.loads(PLAN_FILE.read_text(encoding="utf-8"))
        source_text = TEXT_FILE.read_text(encoding="utf-8")
        try:
            parsed = plan_json.parse_plan(data)
        except plan_json.PlanError as exc:
            raise CommandError("\n".join(["Không nạp được văn bản mẫu:", *exc.errors, "", MISSING_AGENCIES])) from None
        existing = services.find_existing_plan(parsed)
        if existing is not None:
            self.stdout.write(f"Văn bản mẫu đã có (mã {existing.pk}), không thay đổi gì.")
            return
        directive = services.create_plan_from_json(data, actor=None, source_text=source_text, parsed=parsed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp văn bản mẫu (mã {directive.pk}): {directive.tasks.count()} nhiệm vụ, "
                f"{Assignment.objects.filter(task__directive=directive).count()} phân công."
            )
        )
