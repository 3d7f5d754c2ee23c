from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "hoptac.ingest"
    verbose_name = "Đọc văn bản chỉ đạo"
