from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "hoptac.lib"
    verbose_name = "Thư viện chung"
