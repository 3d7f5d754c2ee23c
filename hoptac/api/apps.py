from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hoptac.api"
    verbose_name = "API"
