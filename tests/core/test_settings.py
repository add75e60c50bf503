"""Settings come from the environment; production values pass ``check --deploy`` without warnings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra):
    # A production-like environment: none of the test run's own variables (browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must never have).
    dropped = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!k2p9@q4#v8&m1z6^t3*w5(r0)y-u_e=i+o[p]a{s}d|f;g:h'j,k<l>b.n/c?" * 2,
    "ALLOWED_HOSTS": "secor.example.com",
    "SECOR_TESTING": "0",
}


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(PRODUCTION["SECRET_KEY"] + "\n")
    env = {**{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}, "SECRET_KEY_FILE": str(secret)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=env)
    assert result.returncode == 0, result.stderr


def test_embedded_default_needs_nothing_installed():
    from secor import settings as s

    if os.environ.get("DATABASE_URL"):
        pytest.skip("this run uses DATABASE_URL")
    assert s.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.parametrize(
    ("url", "db", "expected"),
    [
        pytest.param("redis://127.0.0.1:6379", 14, "redis://127.0.0.1:6379/14", id="no-db"),
        pytest.param("redis://127.0.0.1:6379/0", 14, "redis://127.0.0.1:6379/14", id="db-0"),
        pytest.param("redis://:pw@redis:6379/3", 9, "redis://:pw@redis:6379/9", id="password"),
    ],
)
def test_redis_db_number_is_swapped_for_tests(url, db, expected):
    from secor.settings import _redis_db

    assert _redis_db(url, db) == expected


def test_bad_cron_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from secor.settings import _cron

    with pytest.raises(ImproperlyConfigured, match="five fields"):
        _cron("15 6 * *")


@pytest.mark.parametrize(
    ("addr", "site_url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("0.0.0.0:8123", "http://127.0.0.1:8123"),  # a wildcard bind is reached on 127.0.0.1
        ("9000", "http://127.0.0.1:9000"),  # runserver's bare port
        ("localhost:8080", "http://localhost:8080"),
    ],
)
def test_site_url_follows_the_address_the_run_command_serves_on(addr, site_url):
    """Links in e-mails and calendar feeds work from ``make run`` whatever ``ADDR`` it serves on (issue 15)."""
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "ADDR"}}
    env.update({"ADDR": addr, "DEBUG": "1"})
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "secor.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == site_url
