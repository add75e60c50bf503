"""The safety program in a real browser, on a phone-sized viewport: an inspection with a deficiency becomes a
corrective action that is then closed; a half-filled inspection survives a reload (draft kept in the
browser); the pages never scroll sideways at 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from safety_program import models as m
from secor.accounts.models import EmployerMembership
from tests import factories as f
from tests.browser.conftest import log_in, shot
from tests.safety_program import factories as pf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def crew(transactional_db):
    employer = f.EmployerFactory(legal_name="Prairie Roofing Ltd.", operating_name="Prairie Roofing")
    user = f.UserFactory(email="owner@prairie.example", full_name="Olive Owner")
    user.set_password("pw-123456789")
    user.save()
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    f.EnrolmentFactory(employer=employer)
    f.PersonFactory(employer=employer, first_name="Dana", last_name="Lead", start_date=dt.date(2020, 1, 1))
    return employer, pf.template(employer)


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_inspection_deficiency_becomes_an_action_that_is_closed(phone, crew):
    employer, tpl = crew
    log_in(phone, "owner@prairie.example", "pw-123456789")
    phone.goto("/program/")
    no_sideways_scroll(phone)
    phone.get_by_role("link", name="New inspection").click()
    phone.get_by_role("link", name="Site · Site checklist").click()
    no_sideways_scroll(phone)
    phone.get_by_label("Done by").select_option(label="Dana Lead")
    lines = phone.locator("fieldset.check-line")
    lines.nth(0).get_by_text("OK", exact=True).click()
    lines.nth(1).get_by_text("Deficient", exact=True).click()
    lines.nth(1).get_by_label("Note (what is wrong, what to do)").fill("Ladder not tied off at the top")
    lines.nth(1).locator("input[type=file]").set_input_files(
        files=[{"name": "ladder.png", "mimeType": "image/png", "buffer": PNG}]
    )
    lines.nth(2).get_by_text("Not applicable", exact=True).click()
    phone.get_by_label("Sign (type your name)").fill("Dana Lead")
    shot(phone, "program-inspection-phone")
    phone.get_by_role("button", name="Save inspection").click()
    expect(phone.get_by_text("1 corrective action opened")).to_be_visible()
    no_sideways_scroll(phone)
    phone.get_by_role("link", name="Corrective action: open").click()
    expect(phone.get_by_text("Ladder not tied off at the top")).to_be_visible()
    phone.get_by_label("How it was fixed").fill("Tied off; crew shown how")
    phone.get_by_role("button", name="Close the action").click()
    expect(phone.get_by_text("Corrective action closed.")).to_be_visible()
    shot(phone, "program-action-closed-phone")
    action = m.CorrectiveAction.objects.get(employer=employer)
    assert action.status == "closed"
    assert action.closed_on is not None
    assert action.inspection.attachments.count() == 0  # the photo went to the action of its line
    assert action.attachments.get().original_name == "ladder.png"


def test_a_draft_survives_a_reload(phone, crew):
    _, tpl = crew
    log_in(phone, "owner@prairie.example", "pw-123456789")
    phone.goto(f"/program/inspections/new/?template={tpl.pk}")
    lines = phone.locator("fieldset.check-line")
    lines.nth(1).get_by_text("Deficient", exact=True).click()
    lines.nth(1).get_by_label("Note (what is wrong, what to do)").fill("Cord frayed")
    phone.reload()
    expect(phone.get_by_text("Your unsaved answers on this phone were restored.")).to_be_visible()
    expect(lines.nth(1).get_by_label("Note (what is wrong, what to do)")).to_have_value("Cord frayed")
    assert lines.nth(1).locator("input[value=deficient]").is_checked()
    assert m.Inspection.objects.count() == 0


def test_program_page_on_desktop(page, crew):
    log_in(page, "owner@prairie.example", "pw-123456789")
    page.goto("/program/")
    expect(page.get_by_role("heading", name="Safety program")).to_be_visible()
    shot(page, "program-overview-desktop")


def test_a_consultant_copies_a_template_to_a_client(page, crew):
    from safety_program.library import LibraryTemplate

    employer, _ = crew
    consultant = f.consultant_for(employer, email="casey@firm.example")
    consultant.set_password("pw-123456789")
    consultant.save()
    LibraryTemplate.objects.create(
        firm=consultant.consultant_firm,
        name="Scaffold checklist",
        inspection_kind_name="Scaffold",
        items=["Base plates on sills", "Green tag posted"],
    )
    log_in(page, "casey@firm.example", "pw-123456789")
    page.goto("/program/library/")
    page.get_by_label("Copy “Scaffold checklist” to client").select_option(label="Prairie Roofing")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_text("“Scaffold checklist” copied to Prairie Roofing.")).to_be_visible()
    shot(page, "program-library-desktop")
    copy = m.ChecklistTemplate.objects.get(employer=employer, name="Scaffold checklist")
    assert copy.items == ["Base plates on sills", "Green tag posted"]
