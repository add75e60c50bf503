"""The SECOR project package: settings, URLs, the Celery app and the core apps as sub-packages."""

from .celery import app as celery_app

__all__ = ["celery_app"]
