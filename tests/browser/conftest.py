"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from apt (``/usr/bin/chromium``), not Playwright's download (no network for it here). The ORM
and Playwright's sync API share the test thread, hence ``DJANGO_ALLOW_ASYNC_UNSAFE``; tests use
``django_db(transaction=True)`` so the server thread sees committed rows. Screenshots of every main page go
to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is required for browser tests under CI=true (apt-get install -y chromium)")
        pytest.skip("chromium not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def watch_csp(page) -> list[str]:
    """Collect the browser's Content-Security-Policy complaints: the policy (docs/security.md) forbids inline
    code, and a template that adds some must fail a test instead of breaking silently in the browser."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = watch_csp(page)
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        device_scale_factor=2,
        is_mobile=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = watch_csp(page)
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, email: str, password: str) -> None:
    """Log in through the form; staff and reviewers (and anyone with a second factor) then enter the
    current code of their authenticator app (a test device is made if they have none: tests/mfa.py)."""
    from secor.accounts import mfa
    from secor.accounts.models import User
    from tests.mfa import current_code, totp_device

    user = User.objects.filter(email__iexact=email).first()
    device = totp_device(user) if user and (mfa.mfa_required(user) or mfa.has_device(user)) else None
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")
    if device is not None and "/accounts/mfa/verify/" in page.url:
        page.get_by_label("Code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state("networkidle")
