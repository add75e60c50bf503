"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked by reading it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_every_service_of_the_stack_is_there():
    assert set(SERVICES) == {"db", "redis", "web", "worker", "beat"}


@pytest.mark.parametrize("name", ["db", "redis", "web", "worker", "beat"])
def test_every_service_has_a_health_check_and_restarts(name):
    service = SERVICES[name]
    assert service["healthcheck"]["test"]
    assert service["restart"] == "unless-stopped"


def test_named_volumes_for_the_database_and_uploads():
    assert {"pgdata", "media"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    for name in ("web", "worker", "beat"):
        assert any(v.startswith("media:") for v in SERVICES[name]["volumes"])


def test_commands_point_at_modules_that_exist():
    web = command_of(SERVICES["web"])
    wsgi = re.search(r"gunicorn ([\w.]+):(\w+)", web)
    assert wsgi, web
    assert hasattr(importlib.import_module(wsgi.group(1)), wsgi.group(2))
    assert "manage.py migrate" in web
    for name, verb in (("worker", "worker"), ("beat", "beat")):
        command = command_of(SERVICES[name])
        app = re.search(r"celery -A ([\w.]+) " + verb, command)
        assert app, command
        assert hasattr(importlib.import_module(app.group(1)), "celery_app")


def test_app_services_depend_on_healthy_db_and_redis():
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"


def test_environment_names_match_the_settings():
    """Every variable compose or .env.example sets is one the settings read (no typo goes unnoticed)."""
    settings_source = (ROOT / "secor" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source)) | {"SECRET_KEY"}
    compose_only = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}  # the postgres image's own
    names = set()
    for service in SERVICES.values():
        env = service.get("environment", {})
        names |= set(env) if isinstance(env, dict) else {e.split("=", 1)[0] for e in env}
    example = (ROOT / ".env.example").read_text()
    names |= {
        line.lstrip("# ").split("=", 1)[0] for line in example.splitlines() if re.match(r"#? ?[A-Z_]+=", line)
    }
    unknown = names - read - compose_only
    assert not unknown, f"set in compose/.env.example but never read by secor/settings.py: {sorted(unknown)}"
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"} <= names


def test_the_dockerfile_installs_the_locked_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements/base.lock" in dockerfile
    assert "libpango-1.0-0" in dockerfile
