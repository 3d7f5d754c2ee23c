from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "hoptac.dashboard"
    verbose_name = "Tổng quan"
