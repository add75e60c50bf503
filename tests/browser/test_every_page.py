"""Every page, for every persona, at 320 px wide (WCAG 2.2 1.4.10 Reflow): no sideways scrolling, and no
serious or critical axe-core violation (axe-core 4, vendored in ``tests/browser/vendor/``).

One world is built per persona test (factories, a submitted audit, a sweep for deadlines and notices); each
page is visited, measured and checked (width, headings in order, axe), and every failure is listed at the
end so one run shows them all. The audit and review pages (``/audits/…``, ``/review/…``) are checked in their
own test, on an audit taken once round the review loop (notes, a response, a changed score, a file with a
long name, revision 2 in review).
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
# Heading order: one h1 first, and no level skipped on the way down (h2 → h4 is a skip; h4 → h2 is fine).
HEADINGS = """() => {
  const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length || h.closest('.visually-hidden'))
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 40)]);
  const problems = [];
  if (!levels.length || levels[0][0] !== 1) problems.push('the first heading is not an h1');
  if (levels.filter(l => l[0] === 1).length > 1) problems.push('more than one h1');
  for (let i = 1; i < levels.length; i++) {
    if (levels[i][0] > levels[i - 1][0] + 1)
      problems.push('h' + levels[i - 1][0] + ' "' + levels[i - 1][1] + '" then h' + levels[i][0] + ' "' + levels[i][1] + '"');
  }
  return problems;
}"""


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(transactional_db):
    from secor.reminders.services import run_sweep
    from tests.audits.helpers import submitted_audit

    setup, audit = submitted_audit(_api)
    _second_revision(setup, audit)
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
        f"/audits/new/?employer={employer.pk}",
        f"/audits/{audit.pk}/",
        f"/audits/{audit.pk}/revisions/1/",
        f"/audits/{audit.pk}/revisions/2/",
        f"/audits/{audit.pk}/readiness/",
        f"/audits/{audit.pk}/questions/{q.pk}/",
    ]
    queue = ["/review/", "/review/?view=decided", "/review/?view=all", f"/review/{audit.pk}/"]
    return {
        "employer admin": (setup.owner, own, review_pages),
        "consultant": (consultant, ["/portfolio/", "/dashboard/", "/people/", "/reminders/"], ["/audits/"]),
        "reviewer": (setup.reviewer, ["/reminders/"], [*queue, f"/audits/{audit.pk}/revisions/2/"]),
        "staff": (staff, ["/portfolio/", "/reminders/"], ["/review/", "/review/?view=all"]),
        "anonymous": (
            None,
            ["/", "/check/", "/signup/", "/accounts/login/", "/accounts/password_reset/", "/no-such-page/"],
            [],
        ),
    }


def _second_revision(setup, audit) -> None:
    """Take the audit round the loop once: a reviewer's notes (on a question and on the whole audit),
    corrections requested with a message, the employer's response, a changed score and a file with a long
    name, resubmitted as revision 2 and back in review, so the pages show notes, responses and differences."""
    from decimal import Decimal

    from audits.models import Question
    from tests.audits.factories import pdf_file
    from tests.audits.helpers import at

    reviewer, owner = _api(setup.reviewer), _api(setup.owner)
    q = (
        Question.objects.filter(element__instrument=audit.instrument, points__gte=Decimal("2"))
        .exclude(scoring_rule="interview_percentage")
        .order_by("element__number", "order")
        .first()
    )
    with at(dt.date(2026, 3, 12)):
        assert reviewer.post(f"/api/audits/{audit.pk}/start-review/").status_code == 200
        r = reviewer.post(
            f"/api/audits/{audit.pk}/notes/",
            {
                "kind": "actionable",
                "text": "The policy is not dated; attach the dated and signed copy.",
                "question": q.pk,
            },
            format="json",
        )
        assert r.status_code == 201, r.json()
        note_id = r.json()["id"]
        reviewer.post(
            f"/api/audits/{audit.pk}/notes/",
            {"kind": "informational", "text": "Good records."},
            format="json",
        )
        r = reviewer.post(
            f"/api/audits/{audit.pk}/request-corrections/", {"reason": "See the notes."}, format="json"
        )
        assert r.status_code == 200, r.json()
    with at(dt.date(2026, 3, 16)):
        r = owner.post(
            f"/api/audit-notes/{note_id}/respond/", {"response": "Dated policy attached."}, format="json"
        )
        assert r.status_code == 200, r.json()
        r = owner.post(
            f"/api/audits/{audit.pk}/answers/",
            {"question": q.pk, "score": "0", "notes": "Re-scored: the policy is not dated."},
            format="json",
        )
        assert r.status_code == 200, r.json()
        name = "health-and-safety-policy-signed-and-dated-by-the-owner-2026-03-16-final-version.pdf"
        r = owner.post(
            f"/api/audits/{audit.pk}/evidence/",
            {"question": q.pk, "file": pdf_file(name, b"dated"), "method": "documentation"},
            format="multipart",
        )
        assert r.status_code == 201, r.json()
        assert owner.post(f"/api/audits/{audit.pk}/submit/").status_code == 201
    with at(dt.date(2026, 3, 18)):
        assert reviewer.post(f"/api/audits/{audit.pk}/start-review/").status_code == 200


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
            for problem in page.evaluate(HEADINGS):
                problems.append(f"{path}: headings: {problem}")
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
