from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hoptac.plans"
    verbose_name = "Văn bản chỉ đạo và nhiệm vụ"
