"""Print the plan's targets against actuals: every target × every allocated unit + the province total."""

import csv
import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from hoptac.plans import scorecard
from hoptac.plans.models import Directive


class Command(BaseCommand):
    help = "Bảng đánh giá thực hiện chỉ tiêu: mỗi chỉ tiêu × mỗi địa bàn được giao và toàn tỉnh."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help="Mã văn bản chỉ đạo (mặc định: văn bản đang theo dõi, năm mới nhất)")
        parser.add_argument("--year", type=int, help="Năm đánh giá (mặc định: năm của từng chỉ tiêu)")
        parser.add_argument("--as-of", dest="as_of", type=datetime.date.fromisoformat,
                            help="Tính đến ngày (YYYY-MM-DD), khi năm chưa kết thúc")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, plan=None, year=None, as_of=None, format="table", **options):
        if plan is not None:
            directive = Directive.objects.filter(pk=plan).first()
            if directive is None:
                raise CommandError(f"Không có văn bản chỉ đạo mã {plan}.")
        else:
            directive = scorecard.active_directive()
            if directive is None:
                raise CommandError("Chưa có văn bản chỉ đạo nào đang theo dõi; dùng --plan <mã>.")
        rows = scorecard.evaluate(directive, year=year, as_of=as_of)
        if format == "json":
            self.stdout.write(json.dumps(scorecard.as_json_rows(rows), ensure_ascii=False, indent=2))
        elif format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerows(scorecard.as_csv_rows(rows))
        else:
            self.stdout.write(f"{directive}\n")
            self.stdout.write(scorecard.as_table(rows))
