"""The reviewer's page lists the employer's business changes with the verdict, readable on a phone (no
sideways scroll) and at desktop width."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from secor.changes.services import change_record
from tests.audits.helpers import submitted_audit
from tests.browser.conftest import SCREENSHOTS, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_review_page_shows_business_changes_on_desktop_and_phone(viewport, request):
    s, audit = submitted_audit(_api)
    change_record(
        employer=s.employer,
        user=s.owner,
        data={"kind": "owner", "effective_on": dt.date(2026, 5, 1), "description": "Sold to a new owner"},
    )
    s.reviewer.set_password("pw-123456789")
    s.reviewer.save()
    page = request.getfixturevalue(viewport)
    log_in(page, s.reviewer.email, "pw-123456789")
    page.goto(f"/review/{audit.pk}/")
    section = page.locator("#business-changes")
    section.scroll_into_view_if_needed()
    assert "Business changes recorded" in section.inner_text()
    assert "New owner or change of legal name" in section.inner_text()
    assert f"{s.enrolment.partner.name}:" in section.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"review-business-changes-{viewport}")
    section.screenshot(path=str(SCREENSHOTS / f"review-business-changes-{viewport}-section.png"))
