from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "hoptac.units"
    verbose_name = "Đơn vị hành chính và cơ quan"
