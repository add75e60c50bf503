from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "secor.core"
    label = "core"
    verbose_name = "Core"
