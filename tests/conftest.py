"""Shared fixtures.

- ``media_root``: every test writes uploads into its own temporary folder.
- ``second_factor_for_force_login`` (autouse): staff and partner reviewers must pass a second factor
  (django-otp, docs/accounts.md) before any page or session API call. ``client.force_login(user)`` (Django's
  ``Client`` and DRF's ``APIClient``) therefore also verifies the session the way django-otp does: it gives
  the user a confirmed TOTP device if they have none (:func:`tests.mfa.totp_device`) and stores its
  persistent id under ``django_otp.DEVICE_ID_SESSION_KEY``. So existing and new tests keep using
  ``force_login``. To test the second factor itself, log in through the form (``client.post(
  "/accounts/login/", …)``) or mark the test ``@pytest.mark.no_auto_mfa``. ``force_authenticate`` (DRF)
  skips authentication, and with it the second factor. Browser tests: ``tests/browser/conftest.log_in``
  enters the current TOTP code when the code step appears.
- ``celery_worker_process``: a real Celery worker in its own process, consuming from the real Redis broker,
  using the test database. Tests that use it must be ``django_db(transaction=True)`` so the worker sees
  committed rows. Under ``CI=true`` a missing Redis fails the run; elsewhere the test is skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from hypothesis import settings as hypothesis_settings

# CI runs property tests with a fixed seed so a rare example cannot make one run red and the next green;
# locally they explore freely.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def second_factor_for_force_login(request, monkeypatch):
    if request.node.get_closest_marker("no_auto_mfa"):
        return
    from django.test import Client

    from tests.mfa import verify_session

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """Rate limits (sign-up and password-reset e-mails) count in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def require_service(ok: bool, what: str) -> None:
    """Skip locally, fail under CI: CI must never skip a real-service test."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available")
    pytest.skip(f"{what} not available")


def redis_available() -> bool:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis"):
        return False
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False
    return True


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{host}:{port}/{s['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """Start ``celery -A secor worker`` in a subprocess against the test database and broker; yield a dict
    with ``app`` and ``mail_dir`` (the worker writes e-mail there with the file backend)."""
    require_service(redis_available(), "Redis (REDIS_URL)")
    from secor.celery import app

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "secor.settings",
        "SECOR_TESTING": "0",
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CONN_MAX_AGE": "0",
    }
    app.control.purge()
    node = f"test-{os.getpid()}@localhost"
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "secor",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            node,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"the Celery worker exited early:\n{proc.stdout.read()}")
            replies = app.control.ping(destination=[node], timeout=0.5)
            if replies:
                break
        else:
            pytest.fail("the Celery worker did not answer a ping within 60 s")
        yield {"app": app, "mail_dir": mail_dir, "node": node, "process": proc}
    finally:
        app.conf.task_always_eager = previous
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
