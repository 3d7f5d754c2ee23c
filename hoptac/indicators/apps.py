from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "hoptac.indicators"
    verbose_name = "Chỉ số"
