"""Open the yearly reporting round of a plan (safe to run again: the round is brought up to date)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hoptac.lib.vi_format import format_vi_date
from hoptac.reports import services

from ._common import plan_from, vi_date


class Command(BaseCommand):
    help = "Mở kỳ báo cáo năm của văn bản chỉ đạo (chạy lại không tạo kỳ trùng, chỉ cập nhật)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Năm báo cáo")
        parser.add_argument("--plan", type=int, help="Mã văn bản chỉ đạo (mặc định: văn bản đang theo dõi)")
        parser.add_argument("--opens", type=vi_date, help="Ngày mở kỳ báo cáo (dd/mm/yyyy)")
        parser.add_argument("--due", type=vi_date, help="Hạn gửi báo cáo (dd/mm/yyyy)")
        parser.add_argument("--lock", type=vi_date, help="Ngày khóa sổ (dd/mm/yyyy)")
        parser.add_argument("--from", dest="period_start", type=vi_date, help="Số liệu từ ngày (mặc định theo ngày chốt)")
        parser.add_argument("--to", dest="period_end", type=vi_date, help="Số liệu đến ngày (mặc định theo ngày chốt)")

    def handle(self, *args, year, plan=None, opens=None, due=None, lock=None, period_start=None, period_end=None, **options):
        directive = plan_from(plan)
        try:
            rnd, created = services.open_round(
                directive, year, actor=None, opens_on=opens, due_on=due, locks_on=lock,
                period_start=period_start, period_end=period_end,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        verb = "Đã mở" if created else "Đã có"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} kỳ báo cáo “{rnd.title}” (mã {rnd.pk}): số liệu {format_vi_date(rnd.period_start)}–"
            f"{format_vi_date(rnd.period_end)}, mở {format_vi_date(rnd.opens_on)}, hạn {format_vi_date(rnd.due_on)}, "
            f"khóa sổ {format_vi_date(rnd.locks_on)}; {rnd.expected_agencies.count()} đơn vị phải báo cáo."
        ))
