from django.apps import AppConfig


class SafetyProgramConfig(AppConfig):
    name = "safety_program"
    label = "safety_program"
    verbose_name = "Safety program records"
