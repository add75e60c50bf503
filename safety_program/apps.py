from django.apps import AppConfig


class SafetyProgramConfig(AppConfig):
    name = "safety_program"
    label = "safety_program"
    verbose_name = "Safety program records"

    def ready(self) -> None:
        # Scheduled activities, open corrective actions and document reviews are deadlines like any other:
        # safety_program.deadlines (the reminders app never imports this app).
        from safety_program.deadlines import register as register_deadlines

        register_deadlines()
