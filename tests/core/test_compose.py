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
    assert set(SERVICES) == {"db", "redis", "web", "worker", "beat", "proxy"}


@pytest.mark.parametrize("name", ["db", "redis", "web", "worker", "beat", "proxy"])
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
    # the postgres image's own, and the Caddyfile's
    compose_only = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "SITE_ADDRESS"}
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


# --- the reverse proxy (issue 12: gunicorn was published directly, with no proxy in front) ----------------

CADDYFILE = ROOT / "deploy" / "Caddyfile"


def test_only_the_proxy_is_published():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {"80:80", "443:443"} <= set(SERVICES["proxy"]["ports"])
    assert SERVICES["web"]["expose"] == ["8000"]


def test_the_proxy_terminates_tls_in_front_of_gunicorn():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert any(v.startswith("caddy_data:/data") for v in proxy["volumes"])  # certificates survive restarts
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    caddyfile = CADDYFILE.read_text()
    assert re.search(r"^\{\$SITE_ADDRESS[^}]*\} \{", caddyfile, re.M)  # a host name: automatic HTTPS
    assert "reverse_proxy web:8000" in caddyfile
    assert "--bind 0.0.0.0:8000" in command_of(SERVICES["web"])


def test_the_proxy_limits_the_request_size_just_above_the_upload_limit():
    from django.conf import settings

    size = re.search(r"request_body \{\s*max_size (\d+)MiB\s*\}", CADDYFILE.read_text())
    assert size, "request_body max_size missing from the Caddyfile"
    limit = int(size.group(1)) * 1024 * 1024
    assert settings.UPLOAD_MAX_BYTES < limit <= settings.UPLOAD_MAX_BYTES + 4 * 1024 * 1024


def test_proxy_headers_are_trusted_from_the_proxy_container_only():
    from ipaddress import ip_address, ip_network

    proxy_ip = SERVICES["proxy"]["networks"]["default"]["ipv4_address"]
    subnet = COMPOSE["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert ip_address(proxy_ip) in ip_network(subnet)
    assert COMPOSE["x-django"]["environment"]["TRUSTED_PROXIES"] == proxy_ip
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["environment"]["TRUSTED_PROXIES"] == proxy_ip


def test_the_web_health_check_sends_an_allowed_host():
    test = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "Host: $${SITE_URL#*://}" in test
    assert "X-Forwarded-Proto" not in test  # would be dropped anyway: not from the proxy
