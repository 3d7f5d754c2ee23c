"""Load the Kon Tum demonstration: units, agencies, the 2018 directive, a registry,
task progress, a reporting round and demo users. Safe to run again: every step
leaves existing data as it is."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_PASSWORD = "hoptac2018"
PROVINCE_CODE = "62"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tỉnh Kon Tum năm 2018 (chạy lại không nhân đôi dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2018, help="Hạt giống ngẫu nhiên (dữ liệu xác định)")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Mật khẩu của các tài khoản mẫu")

    def step(self, label, func):
        started = time.perf_counter()
        result = func()
        self.stdout.write(f"  {label}: {result if result is not None else 'xong'} ({time.perf_counter() - started:.1f} s)")
        return result

    def handle(self, *args, seed, password, **options):
        from hoptac.accounts.demo import create_demo_users
        from hoptac.plans.demo import build_demo_progress
        from hoptac.plans.queries import active_plan
        from hoptac.registry.demo import build_demo_registry
        from hoptac.reports.demo import build_demo_round

        self.stdout.write("Nạp dữ liệu mẫu Kon Tum:")
        self.step("Đơn vị hành chính", lambda: call_command("load_units", province=PROVINCE_CODE, verbosity=0))
        self.step("Cơ quan, đơn vị", lambda: call_command("load_agencies", province=PROVINCE_CODE, verbosity=0))
        self.step("Văn bản chỉ đạo mẫu", lambda: call_command("load_seed_plan", verbosity=0))
        with transaction.atomic():
            users = self.step("Tài khoản mẫu", lambda: len(create_demo_users(password)))
        from django.contrib.auth import get_user_model

        actor = get_user_model().objects.get(username="lienminh")
        self.step("Sổ theo dõi HTX, THT", lambda: build_demo_registry(seed=seed, actor=actor))
        directive = active_plan()
        self.step("Tiến độ nhiệm vụ", lambda: build_demo_progress(directive, seed=seed, actor=actor))
        self.step("Kỳ báo cáo năm 2018", lambda: build_demo_round(directive, actor=actor))
        del users
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu mẫu."))
