from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "secor.reminders"
    label = "reminders"
    verbose_name = "Deadlines and reminders"
