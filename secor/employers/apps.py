from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "secor.employers"
    label = "employers"
    verbose_name = "Employers and programs"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from secor.employers.reference import sync_reference_data

        # Reference data (certifying partners, course catalogue) comes from the rules engine and is loaded
        # after every migrate, so it ships "with the migrations" and follows rule changes.
        post_migrate.connect(sync_reference_data, sender=self, dispatch_uid="secor.employers.sync_reference")
