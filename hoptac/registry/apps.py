from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "hoptac.registry"
    verbose_name = "Sổ theo dõi HTX, THT"
