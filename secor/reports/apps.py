from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """PDF reports rendered from templates with WeasyPrint; large ones in a Celery task."""

    name = "secor.reports"
    label = "reports"
    verbose_name = "Reports"
