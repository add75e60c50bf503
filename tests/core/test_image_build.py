"""The production image's static-file build step, replayed on this machine without Docker (issue 12).

The Dockerfile ran ``collectstatic`` with ``DEBUG=1``, so the manifest production storage needs was never
written and every page answered 500 with ``DEBUG=0``. This test reads the Dockerfile, runs its ``ENV`` and
the ``RUN`` step that collects static files (into a temporary ``STATIC_ROOT``), then starts the image's own
``CMD`` (gunicorn) with production settings and fetches ``/``, ``/check/`` and ``/accounts/login/`` through a
(simulated) trusted proxy, plus the stylesheet the pages link to."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import _database_url

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    lines = [line for line in DOCKERFILE.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    out = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def dockerfile_env() -> dict[str, str]:
    env = {}
    for word, rest in dockerfile_instructions():
        if word == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def static_build_step() -> str:
    """The shell command of the RUN line that collects static files (only that ``&&`` part)."""
    for word, rest in dockerfile_instructions():
        if word == "RUN" and "collectstatic" in rest:
            return next(part.strip() for part in rest.split("&&") if "collectstatic" in part)
    raise AssertionError("the Dockerfile has no collectstatic step")


def image_cmd() -> list[str]:
    for word, rest in dockerfile_instructions():
        if word == "CMD":
            return json.loads(rest)
    raise AssertionError("the Dockerfile has no CMD")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_build_step_uses_production_settings():
    step = static_build_step()
    assert "DEBUG=0" in step.split("python")[0]
    assert "DEBUG=1" not in DOCKERFILE


@pytest.mark.django_db
def test_replayed_image_build_serves_pages_with_debug_off(tmp_path):
    static_root = tmp_path / "staticfiles"
    venv_bin = str(Path(sys.executable).parent)
    dropped = {
        "DEBUG",
        "SECRET_KEY",
        "SECOR_TESTING",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DATABASE_URL",
        "REDIS_URL",
    }
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base.update(dockerfile_env())
    base.update({"PATH": f"{venv_bin}:{base.get('PATH', '')}", "STATIC_ROOT": str(static_root)})

    build = subprocess.run(
        ["bash", "-c", static_build_step()], cwd=ROOT, env=base, capture_output=True, text=True, timeout=300
    )
    assert build.returncode == 0, build.stdout + build.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    assert "css/app.css" in manifest["paths"]

    port = free_port()
    cmd = image_cmd()
    assert cmd[0] == "gunicorn"
    argv = [str(Path(venv_bin) / "gunicorn"), *cmd[1:]]
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "1"
    run_env = {
        **base,
        "DEBUG": "0",
        "SECRET_KEY": "replayed-image-test-" + "x" * 50,
        "ALLOWED_HOSTS": "secor.example.com",
        "DATABASE_URL": _database_url(),
        "TRUSTED_PROXIES": "127.0.0.1",
        "CONN_MAX_AGE": "0",
    }
    server = subprocess.Popen(argv, cwd=ROOT, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    try:

        def fetch(path: str) -> tuple[int, str]:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}",
                headers={"Host": "secor.example.com", "X-Forwarded-Proto": "https"},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode(errors="replace")

        deadline = time.monotonic() + 60
        while True:
            try:
                fetch("/accounts/login/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)

        for path in ("/", "/check/", "/accounts/login/"):
            status, body = fetch(path)
            assert status == 200, (path, body[:2000])
            assert "/static/css/app.css" not in body  # hashed name from the manifest
        stylesheet = "/static/" + manifest["paths"]["css/app.css"]
        assert stylesheet in body
        assert fetch(stylesheet)[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
