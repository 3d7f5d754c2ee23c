"""manage.py load_agencies --province 62: the standard agencies of a province (safe to run again)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hoptac.units.agencies import AgencyDataError, load_agencies
from hoptac.units.loaders import UnitDataError


class Command(BaseCommand):
    help = (
        "Tạo hoặc cập nhật (theo mã) các cơ quan, đơn vị của tỉnh: UBND tỉnh, Liên minh HTX tỉnh, các sở, "
        "UBND các huyện, thành phố. Cần nạp đơn vị hành chính của tỉnh trước."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="Mã tỉnh, ví dụ 62 (Kon Tum)")

    def handle(self, *args, province, **options):
        started = time.perf_counter()
        try:
            counts = load_agencies(province)
        except (AgencyDataError, UnitDataError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Cơ quan, đơn vị: tạo mới %(created)d, cập nhật %(updated)d, không đổi %(unchanged)d") % counts
        )
        self.stdout.write(self.style.SUCCESS(_("Xong trong %(seconds).1f giây.") % {"seconds": time.perf_counter() - started}))
