"""The phone field pages in a real browser at 390 px: meeting attendance survives a reload (draft kept in the
browser) and is saved; the hazard and incident forms and the schedule page never scroll sideways; the
portfolio's program column at 390 px and 1366 px. Screenshots for review."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from safety_program import models as m
from secor.accounts.models import EmployerMembership
from tests import factories as f
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def crew(transactional_db):
    employer = f.EmployerFactory(legal_name="Prairie Roofing Ltd.", operating_name="Prairie Roofing")
    user = f.UserFactory(email="owner@prairie.example", full_name="Olive Owner")
    user.set_password("pw-123456789")
    user.save()
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    f.EnrolmentFactory(employer=employer)
    f.PersonFactory(employer=employer, first_name="Dana", last_name="Lead", start_date=dt.date(2020, 1, 1))
    f.PersonFactory(employer=employer, first_name="Ann", last_name="Helper", start_date=dt.date(2020, 1, 1))
    m.ActivitySchedule.objects.create(
        employer=employer, activity="meeting", every=1, unit="month", starts_on=dt.date(2025, 1, 1)
    )
    return employer


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_meeting_attendance_on_a_phone_survives_a_reload(phone, crew):
    log_in(phone, "owner@prairie.example", "pw-123456789")
    phone.goto("/program/")
    phone.get_by_role("link", name="New meeting").click()
    no_sideways_scroll(phone)
    phone.get_by_label("Topics").fill("Ladder safety")
    phone.get_by_text("Dana Lead", exact=True).last.click()
    phone.get_by_text("Ann Helper", exact=True).last.click()
    phone.reload()  # the connection dropped: the draft comes back from the phone
    expect(phone.get_by_text("Your unsaved answers on this phone were restored.")).to_be_visible()
    expect(phone.get_by_label("Topics")).to_have_value("Ladder safety")
    phone.get_by_label("Led by").select_option(label="Dana Lead")
    phone.get_by_label("Sign (type your name)").fill("Dana Lead")
    shot(phone, "program-meeting-phone")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_role("heading", name="Safety meeting or toolbox talk")).to_be_visible()
    expect(
        phone.get_by_text("Dana Lead, Ann Helper").or_(phone.get_by_text("Ann Helper, Dana Lead"))
    ).to_be_visible()
    meeting = m.SafetyMeeting.objects.get(employer=crew)
    assert sorted(p.first_name for p in meeting.participants.all()) == ["Ann", "Dana"]
    # the draft was dropped once saved: a new form is empty
    phone.goto("/program/meetings/new/")
    expect(phone.get_by_label("Topics")).to_have_value("")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/program/hazards/new/", "program-hazard-phone"),
        ("/program/incidents/new/", "program-incident-phone"),
        ("/program/drills/new/", "program-drill-phone"),
        ("/program/verifications/new/", "program-verification-phone"),
        ("/program/schedules/", "program-schedules-phone"),
        ("/program/import/", "program-import-phone"),
    ],
)
def test_field_pages_fit_a_phone(phone, crew, url, name):
    log_in(phone, "owner@prairie.example", "pw-123456789")
    phone.goto(url)
    no_sideways_scroll(phone)
    shot(phone, name)


def test_portfolio_program_column(browser, live_server, crew):
    firm = f.ConsultantFirmFactory(name="Safety First")
    consultant = f.UserFactory(email="casey@firm.example", consultant_firm=firm)
    consultant.set_password("pw-123456789")
    consultant.save()
    f.ConsultantAccessFactory(employer=crew, firm=firm)
    for width, name in ((1366, "portfolio-program-desktop"), (390, "portfolio-program-phone")):
        context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url)
        page = context.new_page()
        log_in(page, "casey@firm.example", "pw-123456789")
        page.goto("/portfolio/")
        expect(page.locator('td[data-label="Program overdue"]')).to_contain_text("overdue")
        no_sideways_scroll(page)
        shot(page, name)
        context.close()
