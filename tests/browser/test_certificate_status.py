"""The dashboard says what the engine says about the certificate: a certificate whose year-2 maintenance audit
was missed is cancelled from the next day (ACSA), with why, the way back and its public sources, no
maintenance deadline left, on a desktop and on a 390 px phone without sideways scroll."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from secor.certificates import services
from tests import factories as f
from tests.browser.conftest import log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)


def _cancelled_employer():
    employer = f.EmployerFactory(operating_name="Prairie Roofing", province="AB")
    owner = f.employer_admin(employer)
    enrolment = f.EnrolmentFactory(
        employer=employer, partner=f.partner("AB", "ACSA"), registered_on=dt.date(2023, 1, 15)
    )
    f.WCBAccountFactory(employer=employer)
    f.OperatingProvinceFactory(employer=employer)
    f.PersonFactory(employer=employer, category="full_time_permanent", start_date=dt.date(2020, 1, 1))
    # issued 2024-03-01; nothing submitted for year 2 (due 2025-03-01): cancelled since 2025-03-02
    services.issue(
        enrolment=enrolment,
        number="ACSA-AB-2024-00018",
        issued_on=dt.date(2024, 3, 1),
        expires_on=dt.date(2027, 3, 1),
        reason="Certification audit accepted",
        decided_as=services.Decider.REVIEWER,
        notify=False,
    )
    return employer, owner


@pytest.mark.parametrize("device", ["page", "phone"])
def test_dashboard_says_the_certificate_was_cancelled_and_the_way_back(device, request):
    page = request.getfixturevalue(device)
    if device == "page":
        page.set_viewport_size({"width": 1366, "height": 900})
    _employer, owner = _cancelled_employer()
    log_in(page, owner.email, f.PASSWORD)
    card = page.locator("section[aria-labelledby=cert-h]")
    expect(card).to_contain_text("Certificate cancelled")
    expect(card).to_contain_text("Your SECOR was cancelled on Mar 2, 2025.")
    expect(card).to_contain_text("The way back: Start certification again with")
    expect(card.locator("a[rel~=external]").first).to_be_visible()  # a public source, with its address
    assert "program-rules" not in card.inner_text()
    assert "seed 0" not in card.inner_text().lower()
    body = page.locator("main").inner_text()
    assert "Year 3 maintenance audit" not in body
    assert "Certificate cancelled since 2025-03-02" in body  # the next step
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"engine-certificate-cancelled-{'1366' if device == 'page' else '390'}")
