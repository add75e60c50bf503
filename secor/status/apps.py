from django.apps import AppConfig


class StatusConfig(AppConfig):
    """The stored certification status: one row per employer that every page, list, PDF and the API read."""

    name = "secor.status"
    label = "status"
    verbose_name = "Certification status"

    def ready(self) -> None:
        from secor.status.signals import connect

        connect()
