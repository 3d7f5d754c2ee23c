from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hoptac.reports"
    verbose_name = "Báo cáo"
