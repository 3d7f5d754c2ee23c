"""manage.py load_units --province 62 | --all: load pre-2025 administrative units (safe to run again)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _, gettext_lazy

from hoptac.units.loaders import UnitDataError, load_units

LEVEL_LABELS = {"province": gettext_lazy("Tỉnh"), "district": gettext_lazy("Huyện"), "commune": gettext_lazy("Xã")}


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính trước năm 2025 (tỉnh, huyện, xã) từ danh mục vietnam-provinces; chạy lại không nhân đôi."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--province", help="Mã tỉnh, ví dụ 62 (Kon Tum)")
        which.add_argument("--all", action="store_true", help="Toàn quốc (63 tỉnh)")
        parser.add_argument(
            "--successors",
            action="store_true",
            default=None,
            help="Ghi đơn vị kế thừa năm 2025 của từng xã (mặc định: có)",
        )
        parser.add_argument(
            "--no-successors",
            dest="successors",
            action="store_false",
            help="Bỏ qua đơn vị kế thừa của xã (giữ nguyên giá trị đã lưu)",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        province = None if options["all"] else options["province"]
        try:
            result = load_units(province, successors=options["successors"] is not False)
        except UnitDataError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        for level, label in LEVEL_LABELS.items():
            counts = result[level]
            self.stdout.write(
                _("%(label)s: tạo mới %(created)d, cập nhật %(updated)d, không đổi %(unchanged)d") % {"label": label, **counts}
            )
        if result["successors_missing"]:
            missing = result["successors_missing"]
            self.stdout.write(
                _("Không xác định được đơn vị kế thừa năm 2025 của %(count)d xã: %(codes)s")
                % {"count": len(missing), "codes": ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")}
            )
        self.stdout.write(self.style.SUCCESS(_("Xong trong %(seconds).1f giây.") % {"seconds": elapsed}))
