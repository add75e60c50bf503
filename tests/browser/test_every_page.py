"""Every page, for every persona, at 320 px wide (WCAG 2.2 1.4.10 Reflow): no sideways scrolling, and no
serious or critical axe-core violation (axe-core 4, vendored in ``tests/browser/vendor/``).

One world is built per persona test (factories, a submitted audit, a sweep for deadlines and notices); each
page is visited, measured and checked, and every failure is listed at the end so one run shows them all.
The audit and review pages (``/audits/…``, ``/review/…``) are the review workspace's; they are checked in
their own tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from secor.accounts.models import EmployerMembership
from secor.reminders.models import Deadline
from tests import factories as f
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTH = 320
AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""
WIDTH_CHECK = "[document.documentElement.scrollWidth, window.innerWidth]"


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(transactional_db):
    from secor.reminders.services import run_sweep
    from tests.audits.helpers import submitted_audit

    setup, audit = submitted_audit(_api)
    employer = setup.employer
    person = setup.auditor
    training = person.training_records.first()
    for i in range(3):
        f.PersonFactory(employer=employer, first_name=f"Crew{i}", last_name="Member-with-a-long-surname")
    account = f.WCBAccountFactory(employer=employer)
    firm = f.ConsultantFirmFactory(name="SafetyFirst Consulting")
    consultant = f.UserFactory(email="consultant@safetyfirst.example", consultant_firm=firm)
    f.ConsultantAccessFactory(employer=employer, firm=firm)
    staff = f.staff_user(email="staff@secor.example")
    run_sweep(dispatch=False)
    deadline = Deadline.objects.filter(employer=employer).first()
    q = audit.instrument.elements.first().questions.first()
    membership = employer.partner_memberships.first()
    from secor.changes.services import change_record

    change = change_record(
        employer=employer,
        user=setup.owner,
        data={"kind": "outgrown", "effective_on": dt.date(2026, 3, 2), "workers_after": 12},
    )
    own = [
        "/dashboard/",
        "/people/",
        "/people/new/",
        f"/people/{person.pk}/",
        f"/people/{person.pk}/delete/",
        f"/people/{person.pk}/training/new/",
        *([f"/training/{training.pk}/"] if training else []),
        "/accounts-and-memberships/",
        "/wcb-accounts/new/",
        f"/wcb-accounts/{account.pk}/",
        "/memberships/new/",
        *([f"/memberships/{membership.pk}/"] if membership else []),
        "/enrolment/",
        "/import/",
        "/reminders/",
        f"/reminders/employers/{employer.pk}/deadlines/",
        *([f"/reminders/deadlines/{deadline.pk}/"] if deadline else []),
        "/employers/",
        f"/changes/{employer.pk}/",
        f"/changes/{employer.pk}/new/?kind=wcb_account",
        f"/changes/{employer.pk}/{change.pk}/",
        f"/certificate/{employer.pk}/",
    ]
    review_pages = [
        "/audits/",
        "/audits/new/",
        f"/audits/{audit.pk}/",
        f"/audits/{audit.pk}/revisions/1/",
        f"/audits/{audit.pk}/readiness/",
        f"/audits/{audit.pk}/questions/{q.pk}/",
    ]
    return {
        "employer admin": (setup.owner, own, review_pages),
        "consultant": (consultant, ["/portfolio/", "/dashboard/", "/people/", "/reminders/"], ["/audits/"]),
        "reviewer": (setup.reviewer, ["/reminders/"], ["/review/", f"/review/{audit.pk}/"]),
        "staff": (staff, ["/portfolio/", "/reminders/"], ["/review/"]),
        "anonymous": (
            None,
            ["/", "/check/", "/signup/", "/accounts/login/", "/accounts/password_reset/", "/no-such-page/"],
            [],
        ),
    }


def _check_pages(browser, live_server, user, paths, *, employer_pk=None) -> list[str]:
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 800}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    try:
        if user is not None:
            log_in(page, user.email, f.PASSWORD)
            if employer_pk and not EmployerMembership.objects.filter(user=user).exists():
                page.goto("/portfolio/")
                page.locator(f'button[formaction="/employers/{employer_pk}/switch/"]').first.click()
                page.wait_for_load_state()
        for path in paths:
            response = page.goto(path)
            page.wait_for_load_state()
            if response is not None and response.status >= 500:
                problems.append(f"{path}: HTTP {response.status}")
                continue
            scroll, inner = page.evaluate(WIDTH_CHECK)
            if scroll > inner:
                problems.append(f"{path}: {scroll} px wide at {inner} px (scrolls sideways)")
            page.add_script_tag(path=str(AXE))
            for violation in page.evaluate(AXE_RUN):
                problems.append(f"{path}: axe {violation}")
    finally:
        context.close()
    return problems


PERSONAS = ["employer admin", "consultant", "reviewer", "staff", "anonymous"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_reflows_at_320px_without_serious_axe_violations(persona, world, browser, live_server):
    user, own, _review = world[persona]
    employer_pk = world["employer admin"][0].employer_memberships.first().employer_id
    problems = _check_pages(browser, live_server, user, own, employer_pk=employer_pk)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
@pytest.mark.xfail(
    strict=False,
    reason="/audits/ and /review/ pages: phone layout and heading order are the review helper's work "
    "(issue 15 item 6); the lead removes this mark when it lands",
)
def test_audit_and_review_pages_reflow_at_320px_without_serious_axe_violations(
    persona, world, browser, live_server
):
    user, _own, review_pages = world[persona]
    employer_pk = world["employer admin"][0].employer_memberships.first().employer_id
    problems = _check_pages(browser, live_server, user, review_pages, employer_pk=employer_pk)
    assert not problems, "\n".join(problems)


def test_the_checker_result_reflows_and_passes_axe(browser, live_server, transactional_db):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 800}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    try:
        page.goto("/check/")
        page.get_by_label("Your province and certifying partner").select_option("AB/ACSA")
        page.get_by_label("Full-time employees").fill("4")
        page.get_by_role("button", name="Check my eligibility").click()
        page.get_by_text("Where these rules come from").wait_for()
        scroll, inner = page.evaluate(WIDTH_CHECK)
        assert scroll <= inner
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []
    finally:
        context.close()
