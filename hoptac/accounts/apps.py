from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hoptac.accounts"
    verbose_name = "Tài khoản và phân quyền"
