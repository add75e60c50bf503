"""Screenshots of the pages issue 15 changed, at 1366 px and at a 390 px phone, for the people who look at
them (``test-artifacts/screenshots/screen-<persona>-<page>-<width>.png``); each also must not scroll
sideways. The world is the every-page test's: an audit taken once round the review loop."""

from __future__ import annotations

import re

import pytest

from tests import factories as f
from tests.browser.conftest import log_in, shot
from tests.browser.test_every_page import world  # noqa: F401 - the shared fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


def _pages(built) -> dict[str, list[str]]:
    _owner, own, review = built["employer admin"]
    deadline = next((p for p in own if p.startswith("/reminders/deadlines/")), None)
    return {
        "employer admin": [
            *review,
            "/dashboard/",
            "/reminders/",
            "/import/",
            *([deadline] if deadline else []),
        ],
        "reviewer": built["reviewer"][2],
        "consultant": ["/portfolio/"],
    }


@pytest.mark.parametrize("persona", ["employer admin", "reviewer", "consultant"])
def test_changed_pages_at_desktop_and_phone_width(persona, world, browser, live_server):  # noqa: F811
    user = world[persona][0]
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            log_in(page, user.email, f.PASSWORD)
            for path in _pages(world)[persona]:
                page.goto(path)
                page.wait_for_load_state()
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    problems.append(f"{path} is {scroll} px wide at {width} px")
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                shot(page, f"screen-{persona.replace(' ', '-')}-{name}-{width}")
                if width < 1000:  # long phone pages: the first screen too, readable at full size
                    page.screenshot(
                        path=str(shot(page, f"top-{persona.replace(' ', '-')}-{name}-{width}")),
                        full_page=False,
                    )
        finally:
            context.close()
    assert not problems, problems
