from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "secor.accounts"
    label = "accounts"
    verbose_name = "Users and access"
