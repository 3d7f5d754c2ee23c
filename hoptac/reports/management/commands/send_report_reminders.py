"""List the agencies whose report is missing or late and e-mail each one reminder per kind."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from hoptac.reports.models import ReportingRound
from hoptac.reports.reminders import DAYS_BEFORE_DUE, send_reminders

from ._common import vi_date


class Command(BaseCommand):
    help = "Nhắc các đơn vị chưa gửi hoặc gửi muộn báo cáo (mỗi đơn vị, mỗi loại nhắc chỉ gửi thư một lần)."

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, help="Mã kỳ báo cáo (mặc định: mọi kỳ đang mở, chưa khóa sổ)")
        parser.add_argument("--today", type=vi_date, help="Ngày xét (dd/mm/yyyy; mặc định hôm nay)")
        parser.add_argument("--days-before", type=int, default=DAYS_BEFORE_DUE, help="Nhắc trước hạn bao nhiêu ngày")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi thư")

    def handle(self, *args, round=None, today=None, days_before=DAYS_BEFORE_DUE, dry_run=False, **options):
        today = today or timezone.localdate()
        if round is not None:
            rounds = list(ReportingRound.objects.filter(pk=round))
            if not rounds:
                raise CommandError(f"Không có kỳ báo cáo mã {round}.")
        else:
            rounds = list(ReportingRound.objects.filter(Q(opens_on__lte=today) & Q(locks_on__gte=today)))
        if not rounds:
            self.stdout.write("Không có kỳ báo cáo nào đang mở.")
            return
        for rnd in rounds:
            run = send_reminders(rnd, today=today, days_before=days_before, dry_run=dry_run)
            self.stdout.write(f"{rnd.title} (mã {rnd.pk}): {len(run.due)} đơn vị chưa gửi báo cáo.")
            for reminder in run.due:
                if reminder in run.sent:
                    note = "đã gửi thư tới " + ", ".join(reminder.recipients)
                elif reminder in run.no_address:
                    note = "không có địa chỉ thư điện tử"
                elif reminder.already_sent_at:
                    note = "đã nhắc lúc " + timezone.localtime(reminder.already_sent_at).strftime("%d/%m/%Y %H:%M")
                else:
                    note = "chưa gửi (chạy thử)"
                self.stdout.write(f"  - {reminder.agency.name}: {reminder.kind_label} — {note}")
            self.stdout.write(self.style.SUCCESS(f"  Đã gửi {len(run.sent)} thư nhắc."))
