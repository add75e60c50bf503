"""Each persona's main flow in a real browser, with a screenshot of every main page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from secor.accounts.models import EmployerMembership
from secor.employers.models import Enrolment, Person
from tests import factories as f
from tests.browser.conftest import log_in, shot
from training.models import TrainingRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner(transactional_db):
    employer = f.EmployerFactory(legal_name="Prairie Roofing Ltd.", operating_name="Prairie Roofing")
    user = f.UserFactory(email="owner@prairie.example", full_name="Olive Owner")
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    f.EnrolmentFactory(
        employer=employer,
        status=Enrolment.Status.CERTIFIED,
        registered_on=dt.date(2023, 1, 10),
        issued_on=dt.date(2024, 3, 1),
        expires_on=dt.date(2027, 3, 1),
        certificate_number="AB-SECOR-4711",
        last_maintenance_audit_on=dt.date(2025, 2, 20),
    )
    f.WCBAccountFactory(employer=employer)
    f.OperatingProvinceFactory(employer=employer)
    for first, last, start in (
        ("Ada", "Lovelace", dt.date(2019, 4, 1)),
        ("Ben", "Carter", dt.date(2024, 6, 1)),
    ):
        f.PersonFactory(employer=employer, first_name=first, last_name=last, start_date=start)
    for i in range(5):
        f.PersonFactory(
            employer=employer,
            first_name=f"Crew{i}",
            last_name="Member",
            start_date=dt.date(2025, 4 + i, 1),
            end_date=dt.date(2025, 10, 31) if i > 2 else None,
        )
    return user


def test_checker_then_sign_up(page):
    page.goto("/check/")
    shot(page, "01-checker-form")
    page.get_by_label("Your province and certifying partner").select_option("AB/ACSA")
    page.get_by_label("Owners and partners").fill("1")
    page.get_by_label("Full-time employees").fill("5")
    page.get_by_label("Subcontractors").fill("4")
    page.get_by_label("I am registered with (or a member of) this certifying partner").check()
    page.get_by_role("button", name="Check my eligibility").click()
    expect(page.get_by_role("heading", name="Yes: you can get a SECOR")).to_be_visible()
    expect(page.get_by_text("subcontractors are not counted by ACSA").first).to_be_visible()
    shot(page, "02-checker-result")
    page.get_by_role("link", name="Sign up and keep these answers").click()
    expect(page.get_by_text("Your checker answers are kept")).to_be_visible()
    page.get_by_label("Your name").fill("Sam Signup")
    page.get_by_label("E-mail address").fill("sam@roofs.example")
    page.get_by_label("Password", exact=True).fill("roofs-and-ladders-26")
    page.get_by_label("Password again").fill("roofs-and-ladders-26")
    page.get_by_label("Business name (legal name)").fill("Sam's Roofs Ltd.")
    shot(page, "03-signup")
    page.get_by_role("button", name="Create my account").click()
    # The address is confirmed from the e-mailed link before the account opens (docs/accounts.md).
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    from django.core import mail

    link = re.search(r"http://\S+(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", name="Sam's Roofs Ltd.")).to_be_visible()
    expect(page.get_by_text("What to do next", exact=True)).to_be_visible()
    shot(page, "04-dashboard-new-employer")
    assert EmployerMembership.objects.filter(user__email="sam@roofs.example", role="admin").exists()


def test_employer_adds_person_and_training_and_sees_matrix_change(page, owner):
    log_in(page, owner.email, f.PASSWORD)
    expect(page.get_by_role("heading", name="Prairie Roofing")).to_be_visible()
    expect(page.get_by_text("Limit: 10")).to_be_visible()
    shot(page, "05-dashboard")
    missing_before = page.locator('td[data-state="missing"]').count()
    page.get_by_role("link", name="People & training").click()
    shot(page, "06-people")
    page.get_by_role("link", name="Add a person").first.click()
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Newhire")
    page.get_by_label("Category").select_option("full_time_permanent")
    page.get_by_label("Hours per week").fill("40")
    page.get_by_label("Start date").fill("2026-09-01")
    page.get_by_role("button", name="Save and add training").click()
    expect(page.get_by_role("heading", name="Add training for Dana Newhire")).to_be_visible()
    csts = page.locator("#id_course option", has_text="CSTS").first.get_attribute("value")
    page.get_by_label("Course").select_option(csts)
    page.get_by_label("Completed on").fill("2026-10-15")
    page.get_by_label("Certificate (optional)").set_input_files(
        files=[{"name": "csts.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    shot(page, "07-training-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("for Dana Newhire is saved")).to_be_visible()
    record = TrainingRecord.objects.get(person__first_name="Dana")
    assert record.certificate_sha256
    page.get_by_role("link", name="Dashboard").click()
    row = page.locator("table.matrix tbody tr").filter(has=page.locator("th", has_text="Dana Newhire"))
    expect(row.locator('td[data-state="valid"]')).to_have_count(1)
    # Dana holds the industry course: that requirement is met, so nobody else "misses" it any more, and
    # Dana misses the other two.
    expect(row.locator('td[data-state="missing"]')).to_have_count(2)
    people_before = missing_before // 3
    assert page.locator('td[data-state="missing"]').count() == (people_before + 1) * 2
    assert page.locator('td[data-state="not_required"]').count() == people_before
    shot(page, "08-dashboard-after-training")


def test_form_with_bad_input_keeps_values(page, owner):
    log_in(page, owner.email, f.PASSWORD)
    page.goto("/people/new/")
    page.get_by_label("First name").fill("Eve")
    page.get_by_label("Category").select_option("part_time")
    page.get_by_label("Start date").fill("2026-05-01")
    page.get_by_label("End date").fill("2026-04-01")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The end date cannot be before the start date.")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Eve")
    expect(page.get_by_label("End date")).to_have_attribute("aria-invalid", "true")
    shot(page, "09-form-errors")
    assert not Person.objects.filter(first_name="Eve").exists()


def test_consultant_opens_client_from_portfolio(page, phone, owner):
    firm = f.ConsultantFirmFactory(name="SafetyFirst Consulting")
    consultant = f.UserFactory(
        email="consultant@safetyfirst.example", consultant_firm=firm, full_name="Casey Consultant"
    )
    f.ConsultantAccessFactory(employer=owner.employer_memberships.first().employer, firm=firm)
    for name, province, partner in (
        ("Bow River Framing", "AB", ("AB", "ACSA")),
        ("Regina Drywall", "SK", ("SK", "SCSA")),
        ("Coast Cafe", "BC", ("BC", "GO2HR")),
    ):
        employer = f.EmployerFactory(legal_name=f"{name} Ltd.", operating_name=name, province=province)
        f.ConsultantAccessFactory(employer=employer, firm=firm)
        f.EnrolmentFactory(employer=employer, partner=f.partner(*partner), registered_on=dt.date(2026, 2, 1))
        f.PersonFactory(employer=employer, province=province)
    log_in(page, consultant.email, f.PASSWORD)
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    expect(page.locator("#portfolio tbody tr")).to_have_count(4)
    shot(page, "10-portfolio")
    page.get_by_label("Province").select_option("SK")
    expect(page.locator("#portfolio tbody tr")).to_have_count(1)
    page.get_by_label("Province").select_option("")
    expect(page.locator("#portfolio tbody tr")).to_have_count(4)
    page.get_by_role("button", name="Open Prairie Roofing").click()
    expect(page.get_by_role("heading", name="Prairie Roofing")).to_be_visible()
    expect(page.locator(".current-employer")).to_contain_text("Prairie Roofing")
    log_in(phone, consultant.email, f.PASSWORD)
    phone.goto("/portfolio/")
    # On a phone each cell is "label | value": the value starts after the label column, not on top of it.
    cell = phone.locator("#portfolio td[data-label='Province']").first
    share = cell.evaluate(
        "e => parseFloat(getComputedStyle(e).paddingLeft) / e.getBoundingClientRect().width"
    )
    assert share > 0.3, share
    # A label that wraps onto several lines makes its cell taller instead of running over the next cell.
    grown = cell.evaluate(
        """e => { const before = e.getBoundingClientRect().height;
                  e.dataset.label = 'A label long enough to wrap onto three lines or more at a phone width';
                  const after = e.getBoundingClientRect().height;
                  const label = e.getBoundingClientRect().left;
                  return [before, after, label]; }"""
    )
    assert grown[1] > grown[0] * 2, grown
    shot(phone, "11-portfolio-phone")
    phone.goto("/dashboard/")
    shot(phone, "12-dashboard-phone")


def test_reviewer_requests_corrections_and_employer_sees_them(page, browser, live_server):
    from rest_framework.test import APIClient

    from tests.audits.helpers import submitted_audit

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    setup, audit = submitted_audit(api)
    log_in(page, setup.reviewer.email, f.PASSWORD)
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()
    shot(page, "13-review-queue")
    page.goto(f"/review/{audit.pk}/")
    page.get_by_role("button", name="Start review").click()
    note_form = page.locator(f'form.stacked[action^="/review/{audit.pk}/note/"]')
    note_form.locator("select").first.select_option("actionable")
    note_form.locator("textarea").fill("Attach the signed safety policy for element 1.")
    note_form.get_by_role("button", name="Add note").click()
    page.once("dialog", lambda dialog: dialog.accept())  # the decision asks for confirmation
    page.locator(f'form[action^="/review/{audit.pk}/corrections/"]').get_by_role(
        "button", name="Request corrections"
    ).click()
    expect(page.get_by_text("Corrections requested").first).to_be_visible()
    shot(page, "14-review-corrections-requested")

    employer_page = browser.new_context(base_url=live_server.url).new_page()
    log_in(employer_page, setup.owner.email, f.PASSWORD)
    expect(employer_page.locator("#audits-h")).to_be_visible()
    expect(employer_page.get_by_text("Corrections requested").first).to_be_visible()
    shot(employer_page, "15-employer-dashboard-corrections")
    employer_page.goto(f"/audits/{audit.pk}/")
    expect(employer_page.get_by_text("Attach the signed safety policy for element 1.").first).to_be_visible()
    shot(employer_page, "16-employer-audit-corrections")
    employer_page.context.close()
