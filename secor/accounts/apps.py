from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "secor.accounts"
    label = "accounts"
    verbose_name = "Users and access"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from secor.accounts import mfa  # noqa: F401  (its log-in signal receiver)
        from secor.accounts.auth import end_tokens

        def _end_tokens_on_logout(sender, request, user, **kwargs):
            # Logging out of the site ends the user's API tokens too (docs/accounts.md).
            end_tokens(user)

        user_logged_out.connect(_end_tokens_on_logout, dispatch_uid="accounts-end-tokens-on-logout")
