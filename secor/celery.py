"""The Celery application (cookiecutter-django style): settings come from Django with the CELERY_ prefix."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secor.settings")

app = Celery("secor")
app.config_from_object("django.conf:settings", namespace="CELERY")


@setup_logging.connect
def config_loggers(*args, **kwargs):  # noqa: ARG001 - Celery's signal signature
    """Use Django's LOGGING for the worker too."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


app.autodiscover_tasks()


@app.task(name="secor.core.ping")
def ping(value: str = "pong") -> str:
    """Round-trip check used by /healthz-style probes and the broker integration test."""
    return value
