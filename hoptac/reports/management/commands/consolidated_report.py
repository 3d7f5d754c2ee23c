"""Write the consolidated year-end report of a round as DOCX, PDF or XLSX."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hoptac.lib.vi_format import format_vi_number
from hoptac.reports.consolidation import build_report
from hoptac.reports.models import ReportingRound
from hoptac.reports.queries import round_for_year
from hoptac.reports.renderers import FORMATS, render

from ._common import plan_from


class Command(BaseCommand):
    help = "Xuất báo cáo tổng hợp năm (Word theo Nghị định 30/2020, PDF, hoặc phụ lục Excel)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Năm báo cáo (kỳ báo cáo năm đó của văn bản đang theo dõi)")
        parser.add_argument("--plan", type=int, help="Mã văn bản chỉ đạo (mặc định: văn bản đang theo dõi)")
        parser.add_argument("--round", type=int, help="Mã kỳ báo cáo (thay cho --year/--plan)")
        parser.add_argument("--format", choices=sorted(FORMATS), default="docx")
        parser.add_argument("--output", required=True, help="Tệp kết quả")

    def handle(self, *args, year=None, plan=None, round=None, format="docx", output, **options):
        if round is not None:
            rnd = ReportingRound.objects.filter(pk=round).first()
            if rnd is None:
                raise CommandError(f"Không có kỳ báo cáo mã {round}.")
        else:
            if year is None:
                raise CommandError("Cần --year hoặc --round.")
            directive = plan_from(plan)
            rnd = round_for_year(directive, year)
            if rnd is None:
                raise CommandError(
                    f"Văn bản mã {directive.pk} chưa có kỳ báo cáo năm {year}; mở bằng: manage.py open_round --year {year}"
                )
        started = time.perf_counter()
        report = build_report(rnd)
        content = render(report, format)
        Path(output).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(
            f"Đã ghi {output} ({format_vi_number(len(content))} byte, "
            f"{format_vi_number(time.perf_counter() - started, 2)} giây)."
        ))
