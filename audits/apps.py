from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    label = "audits"
    verbose_name = "Audits and review"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from audits.reference import sync_instruments

        # Instruments are versioned reference data shipped as YAML files; loaded after every migrate (after
        # the partners, which the employers app loads from the rules engine).
        post_migrate.connect(sync_instruments, sender=self, dispatch_uid="audits.sync_instruments")

        # Deadlines of audits in progress for the reminders sweep (BC notice, AASP windows): audits.deadlines.
        from audits.deadlines import register as register_deadlines

        register_deadlines()

        # Planned/submitted audit dates feed every rules-engine evaluation: audits.key_dates.
        from audits.key_dates import register as register_key_dates

        register_key_dates()
