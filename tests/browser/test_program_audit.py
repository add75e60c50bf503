"""An audit question shows a program record as missing; the record is created on a phone and then cited
(issue 11). Screenshots at 390 px and 1366 px; no sideways scroll on the phone."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audits.models import Audit, Question
from audits.services import current_instrument
from safety_program.citation_models import CitedRecord
from tests.audits.factories import enrolled_employer
from tests.browser.conftest import log_in, shot
from tests.safety_program import factories as pf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def audit_question(transactional_db):
    s = enrolled_employer("ACSA")
    s.owner.email = "owner@audit.example"
    s.owner.set_password("pw-123456789")
    s.owner.save()
    today = timezone.localdate()
    audit = Audit.objects.create(
        employer=s.employer,
        enrolment=s.enrolment,
        partner=s.enrolment.partner,
        instrument=current_instrument(s.enrolment.partner, "certification"),
        kind="certification",
        auditor_person=s.auditor,
        starts_on=today,
        ends_on=today,
    )
    pf.template(s.employer)  # a live site checklist to answer
    q = Question.objects.get(element__instrument=audit.instrument, code="5.1")
    return s, audit, q


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_missing_record_is_created_on_a_phone_then_cited(phone, audit_question):
    s, audit, q = audit_question
    log_in(phone, "owner@audit.example", "pw-123456789")
    phone.goto(f"/audits/{audit.pk}/questions/{q.pk}/")
    need = phone.locator('.record-need[data-need="inspection"]')
    expect(need.get_by_text("missing — none in the review window")).to_be_visible()
    no_sideways_scroll(phone)
    shot(phone, "program-audit-missing-phone")
    need.get_by_role("link", name="Record one in the safety program").click()
    phone.get_by_role("link", name="Site · Site checklist").click()
    phone.get_by_label("Done by").select_option(label=s.auditor.full_name)
    lines = phone.locator("fieldset.check-line")
    for i in range(lines.count()):
        lines.nth(i).get_by_text("OK", exact=True).click()
    phone.get_by_label("Sign (type your name)").fill(s.auditor.full_name)
    phone.get_by_role("button", name="Save inspection").click()
    expect(phone.get_by_text("Inspection saved")).to_be_visible()

    phone.goto(f"/audits/{audit.pk}/questions/{q.pk}/")
    need = phone.locator('.record-need[data-need="inspection"]')
    expect(need.get_by_text("1 in the window")).to_be_visible()
    need.get_by_role("button", name="Cite").click()
    expect(phone.locator(".message-success")).to_contain_text("Cited for 5.1: Site inspection")
    expect(phone.locator("#cited-records")).to_contain_text("Site inspection")
    no_sideways_scroll(phone)
    shot(phone, "program-audit-cited-phone")
    cited = CitedRecord.objects.get(audit=audit)
    assert cited.question_id == q.pk
    assert cited.record_kind == "inspection"


def test_question_records_on_desktop(browser, live_server, audit_question):
    s, audit, q = audit_question
    pf.inspection(s.employer, on=timezone.localdate())
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    log_in(page, "owner@audit.example", "pw-123456789")
    page.goto(f"/audits/{audit.pk}/questions/{q.pk}/")
    expect(page.get_by_role("heading", name="Program records as evidence")).to_be_visible()
    shot(page, "program-audit-question-desktop")
    context.close()
