"""Safe defaults (issue 12): production unless told otherwise, and proxy headers only from a configured proxy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.test import APIClient

from secor.core.proxy import TrustedProxyMiddleware
from tests.employers.test_eligibility_api import ab_scenario

ROOT = Path(__file__).resolve().parents[2]
REAL_SECRET = "k2p9q4v8m1z6t3w5r0yueiopasdfghjklzxcvbnm-0123456789-QWERTYUIOPASDFGHJKL"  # noqa: S105


def settings_in_subprocess(env_extra: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    """Import the settings in a clean process (no pytest: not the test suite) and print ``expr``."""
    dropped = {"DEBUG", "SECRET_KEY", "SECOR_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"DJANGO_SETTINGS_MODULE": "secor.settings", **env_extra})
    code = f"import django; django.setup(); from django.conf import settings as s; print(({expr}))"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_debug_unset_is_production_and_needs_a_secret():
    result = settings_in_subprocess({}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_unset_with_a_secret_runs_production_settings():
    result = settings_in_subprocess(
        {"SECRET_KEY": REAL_SECRET}, "s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(False, True, True)"


def test_the_development_secret_is_refused_in_production():
    from secor.settings import _DEV_SECRET

    result = settings_in_subprocess({"DEBUG": "0", "SECRET_KEY": _DEV_SECRET}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_mode_is_explicit():
    result = settings_in_subprocess({"DEBUG": "1"}, "s.DEBUG, s.SECRET_KEY.startswith('dev-insecure')")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(True, True)"
    run_sh = (ROOT / "scripts" / "run.sh").read_text()
    assert run_sh.index("export DEBUG=${DEBUG:-1}") < run_sh.index("manage.py migrate")


# --- proxy headers ---------------------------------------------------------------------------------------


def _eligibility(client_ip_header: str | None, *, remote: str = "203.0.113.9"):
    extra = {"REMOTE_ADDR": remote}
    if client_ip_header is not None:
        extra["HTTP_X_FORWARDED_FOR"] = client_ip_header
    return APIClient().post("/api/eligibility/", ab_scenario(1), format="json", **extra)


@pytest.fixture
def three_per_minute(monkeypatch):
    from secor.employers.api import EligibilityThrottle

    monkeypatch.setitem(EligibilityThrottle.THROTTLE_RATES, "eligibility", "3/min")
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_varying_x_forwarded_for_does_not_escape_the_throttle(three_per_minute):
    codes = [_eligibility(f"198.51.100.{i}").status_code for i in range(5)]
    assert codes[:3] == [200, 200, 200], codes
    assert codes[3:] == [429, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_has_its_own_bucket(settings, three_per_minute):
    settings.TRUSTED_PROXIES = ["203.0.113.0/24"]
    first = [_eligibility("198.51.100.1").status_code for _ in range(4)]
    other = _eligibility("198.51.100.2").status_code
    assert first == [200, 200, 200, 429]
    assert other == 200
    # A client cannot prepend its own entries: the right-most untrusted address is the one that counts.
    assert _eligibility("10.9.9.9, 198.51.100.1").status_code == 429


def _through(middleware_settings, **meta):
    seen = {}

    def view(request):
        seen["remote"] = request.META["REMOTE_ADDR"]
        seen["secure"] = request.is_secure()
        seen["xff"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return None

    request = RequestFactory().get("/", **meta)
    TrustedProxyMiddleware(view)(request)
    return seen


def test_untrusted_peer_loses_its_forwarding_headers(settings):
    settings.TRUSTED_PROXIES = ["172.28.5.10"]
    seen = _through(
        settings,
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert seen == {"remote": "198.51.100.7", "secure": False, "xff": None}


def test_trusted_proxy_headers_are_believed(settings):
    settings.TRUSTED_PROXIES = ["172.28.5.10"]
    seen = _through(
        settings,
        REMOTE_ADDR="172.28.5.10",
        HTTP_X_FORWARDED_FOR="garbage, 198.51.100.7",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert seen["remote"] == "198.51.100.7"
    assert seen["secure"] is True
