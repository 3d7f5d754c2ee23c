"""Write a stored directive in the plan JSON format (PLAN_JSON.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hoptac.plans import plan_json
from hoptac.plans.models import Directive


class Command(BaseCommand):
    help = "Xuất văn bản chỉ đạo đã lưu ra tệp JSON theo định dạng hoptac.plan/1."

    def add_arguments(self, parser):
        parser.add_argument("directive_id", type=int, help="Mã văn bản chỉ đạo")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--output", "-o", help="Tệp ghi ra (mặc định: màn hình)")

    def handle(self, *args, directive_id, output=None, **options):
        directive = Directive.objects.select_related("issuer").filter(pk=directive_id).first()
        if directive is None:
            raise CommandError(f"Không có văn bản chỉ đạo mã {directive_id}.")
        text = plan_json.dumps(plan_json.export_plan(directive))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Đã ghi {output}")
        else:
            self.stdout.write(text, ending="")
