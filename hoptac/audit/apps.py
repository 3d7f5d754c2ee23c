from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hoptac.audit"
    verbose_name = "Nhật ký thay đổi"
