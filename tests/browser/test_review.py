"""The review loop in a real browser: notices with the reviewer's message, the reviewer workspace (queue
filters, confirmation, distinct decision buttons, errors next to the question, revision differences,
next/previous question) and phone widths. Screenshots go to test-artifacts/screenshots/review-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from playwright.sync_api import expect
from rest_framework.test import APIClient

from audits import services
from audits.models import Audit
from secor.reminders.models import Notification
from tests import factories as f
from tests.audits.helpers import submitted_audit
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "Element 1 needs the signed policy; resubmit within 15 days."


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _answer_by() -> dt.date:
    return dt.date.today() + dt.timedelta(days=15)


def test_correction_request_produces_a_notice_and_an_email_with_the_message(page, browser, live_server):
    setup, audit = submitted_audit(_api)
    mail.outbox.clear()
    log_in(page, setup.reviewer.email, f.PASSWORD)
    page.goto(f"/review/{audit.pk}/")
    page.get_by_role("button", name="Start review").click()
    first_q = page.locator("tr[id^=rq-]").first
    first_q.locator("select").select_option("actionable")
    first_q.locator("textarea").fill("Attach the signed safety policy.")
    first_q.get_by_role("button", name="Add note").click()
    decision = page.locator(f'form[action^="/review/{audit.pk}/corrections/"]')
    decision.get_by_label("Message to the employer").fill(MESSAGE)
    decision.get_by_label("Answer by").fill(_answer_by().isoformat())
    page.once("dialog", lambda d: d.accept())
    decision.get_by_role("button", name="Request corrections").click()
    expect(page.locator("#audit-status")).to_have_text("Corrections requested")

    notice = Notification.objects.get(user=setup.owner, kind="review_corrections")
    assert MESSAGE in notice.body
    [message] = [m for m in mail.outbox if m.to == [setup.owner.email]]
    assert message.subject == f"Corrections requested – {setup.employer.display_name}"
    assert MESSAGE in message.body
    assert MESSAGE in message.alternatives[0][0]
    assert f"/audits/{audit.pk}/" in message.body

    employer = browser.new_context(base_url=live_server.url).new_page()
    log_in(employer, setup.owner.email, f.PASSWORD)
    employer.goto("/reminders/")
    expect(employer.get_by_text(f"Corrections requested – {setup.employer.display_name}")).to_be_visible()
    employer.goto(f"/audits/{audit.pk}/")
    callout = employer.locator("#reviewer-decision")
    expect(callout).to_contain_text(MESSAGE)
    expect(callout).to_contain_text(f"Answer by {_answer_by():%A} {_answer_by().day} {_answer_by():%B %Y}")
    shot(employer, "review-employer-audit-corrections")
    employer.context.close()


def test_decision_buttons_differ_and_ask_for_confirmation(page):
    setup, audit = submitted_audit(_api)
    services.review_start(audit=audit, by=setup.reviewer)
    log_in(page, setup.reviewer.email, f.PASSWORD)
    page.goto(f"/review/{audit.pk}/")
    colours = {
        name: page.get_by_role("button", name=name, exact=True).evaluate(
            "b => getComputedStyle(b).backgroundColor + '|' + getComputedStyle(b).color"
        )
        for name in ("Request corrections", "Accept", "Reject")
    }
    assert len(set(colours.values())) == 3, colours
    # Dismissing the confirmation changes nothing.
    seen = []
    page.once("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Accept", exact=True).click()
    page.wait_for_timeout(300)
    assert seen
    assert "Accept" in seen[0]
    assert Audit.objects.get(pk=audit.pk).status == "in_review"
    shot(page, "review-workspace-desktop")


def _no_sideways_scroll(page, path: str) -> None:
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)"
            ".slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60))",
            width,
        )
        if scroll > width:
            wide += page.evaluate(
                "w => [...document.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1)"
                ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '/' + e.clientWidth)",
                width,
            )
        assert scroll <= width, f"{path} is {scroll} px wide at {width} px: {wide}"


def test_review_workspace_queue_errors_and_phone_widths(page, phone, browser, live_server):
    setup, audit = submitted_audit(_api)
    services.review_start(audit=audit, by=setup.reviewer)
    log_in(page, setup.reviewer.email, f.PASSWORD)

    # An empty note on the third question: the error is in that question's row, which is in view.
    page.goto(f"/review/{audit.pk}/")
    row = page.locator("tr[id^=rq-]").nth(2)
    row.get_by_role("button", name="Add note").click()
    row = page.locator("tr[id^=rq-]").nth(2)
    expect(row.get_by_text("This field is required.")).to_be_visible()
    expect(row.get_by_text("This field is required.")).to_be_in_viewport()
    # Next / previous question.
    first = page.locator("tr[id^=rq-]").first
    first.get_by_role("link", name="Next question →").click()
    assert page.url.endswith(f"#{page.locator('tr[id^=rq-]').nth(1).get_attribute('id')}")

    # The decided list finds the accepted audit with the "Accepted" status (docs/demo.md).
    services.review_accept(audit=Audit.objects.get(pk=audit.pk), by=setup.reviewer)
    page.goto("/review/")
    expect(page.get_by_text("Nothing to review.")).to_be_visible()
    page.get_by_label("Status").select_option(label="Accepted")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=setup.employer.display_name)).to_be_visible()
    page.get_by_role("link", name="Decided").click()
    expect(page.get_by_role("link", name=setup.employer.display_name)).to_be_visible()
    shot(page, "review-queue-decided-desktop")

    log_in(phone, setup.reviewer.email, f.PASSWORD)
    for path in ("/review/", "/review/?view=all", f"/review/{audit.pk}/", f"/audits/{audit.pk}/revisions/1/"):
        _no_sideways_scroll(phone, path)
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto("/review/?view=all")
    shot(phone, "review-queue-phone")
    phone.goto(f"/review/{audit.pk}/")
    shot(phone, "review-workspace-phone")

    owner = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}).new_page()
    log_in(owner, setup.owner.email, f.PASSWORD)
    _no_sideways_scroll(owner, f"/audits/{audit.pk}/")
    owner.set_viewport_size({"width": 390, "height": 844})
    owner.goto(f"/audits/{audit.pk}/")
    shot(owner, "review-employer-audit-phone")
    owner.context.close()


def test_employer_moves_between_questions_and_stays_after_saving(page):
    setup, audit = submitted_audit(_api, submit=False)
    log_in(page, setup.owner.email, f.PASSWORD)
    page.goto(f"/audits/{audit.pk}/")
    page.locator("ul.questions a").first.click()
    heading = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)  # still on the question
    page.get_by_role("link", name="Next question →").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(heading)
    page.get_by_role("link", name="← Previous question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
