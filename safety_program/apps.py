from django.apps import AppConfig


class SafetyProgramConfig(AppConfig):
    name = "safety_program"
    label = "safety_program"
    verbose_name = "Safety program records"

    def ready(self) -> None:
        # The stored program status follows every record change: safety_program.state.
        from safety_program.state import connect

        connect()
        # Scheduled activities, open corrective actions and document reviews are deadlines like any other:
        # safety_program.deadlines (the reminders app never imports this app).
        from safety_program.deadlines import register as register_deadlines

        register_deadlines()
        # The documented history derived from the records feeds every evaluation: safety_program.history.
        from safety_program.history import register as register_key_dates

        register_key_dates()
