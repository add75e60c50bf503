from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "secor.accounts"
    label = "accounts"
    verbose_name = "Users and access"

    def ready(self) -> None:
        # Signal receivers: log-out ends API tokens (auth.py); the second factor owed at log-in (mfa.py).
        from secor.accounts import auth, mfa  # noqa: F401
