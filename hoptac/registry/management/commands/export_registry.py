"""Export a registry list as .xlsx or .csv, limited to what the named user may see.

    manage.py export_registry cooperatives|years|groups|members --user USERNAME
        [--format xlsx|csv] [--output FILE] [--on dd/mm/yyyy] [--year YYYY]
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hoptac.lib.dates import DateParseError, parse_vi_date
from hoptac.lib.excel import FORMATS
from hoptac.registry.exporters import EXPORTERS


class Command(BaseCommand):
    help = "Xuất danh sách hợp tác xã, số liệu năm, tổ hợp tác hoặc thành viên Liên minh ra Excel hoặc CSV."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(EXPORTERS))
        parser.add_argument("--user", required=True, help="Tên đăng nhập; tệp chỉ gồm dữ liệu người đó được xem")
        parser.add_argument("--format", choices=FORMATS, default="xlsx")
        parser.add_argument("--output", help="Tệp ghi ra (mặc định: tên chuẩn, trong thư mục hiện tại)")
        parser.add_argument("--on", help="Tình trạng hợp tác xã tại ngày (dd/mm/yyyy), mặc định hôm nay")
        parser.add_argument("--year", type=int, help="Chỉ số liệu của năm này")

    def handle(self, *args, kind, user, format, output, on, year, **options):
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Không có người dùng “{user}”.") from None
        try:
            day = parse_vi_date(on) if on else None
        except DateParseError as exc:
            raise CommandError(str(exc)) from None
        exported = EXPORTERS[kind](actor, on=day, year=year).render(format)
        target = Path(output or exported.filename)
        target.write_bytes(exported.content)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {target}."))
