from django.core.management.base import BaseCommand

from .load_demo import DEMO_PASSWORD

DEMO_LOGINS = [
    ("lanhdao", "Lãnh đạo UBND tỉnh (chỉ xem)"),
    ("lienminh", "Cán bộ Liên minh HTX tỉnh (tổng hợp)"),
    ("sokhdt", "Cán bộ Sở Kế hoạch và Đầu tư"),
    ("kontum", "Cán bộ UBND thành phố Kon Tum"),
    ("dakha", "Cán bộ UBND huyện Đăk Hà"),
    ("admin", "Quản trị hệ thống"),
]


class Command(BaseCommand):
    help = "In địa chỉ và các tài khoản mẫu."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"hoptac (dữ liệu mẫu Kon Tum) chạy tại {url}"))
        self.stdout.write(f"Mật khẩu chung của các tài khoản mẫu: {DEMO_PASSWORD}")
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write("")
