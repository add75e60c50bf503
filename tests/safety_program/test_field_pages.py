"""The phone field pages: an inspection answered line by line (deficiencies become corrective actions, photos
from the camera), bad input refused next to the fields with nothing written, an action closed with evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safety_program import models as m
from tests import factories as f
from tests.safety_program import factories as pf

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def setup(client):
    employer = f.EmployerFactory()
    user = f.employer_admin(employer)
    client.force_login(user)
    person = f.PersonFactory(
        employer=employer, first_name="Dana", last_name="Lead", start_date=dt.date(2020, 1, 1)
    )
    return employer, person, pf.template(employer)


def body(tpl, person, **extra):
    data = {
        "template": tpl.pk,
        "occurred_on": timezone.localdate().isoformat(),
        "led_by": person.pk,
        "signed_name": "Dana Lead",
        "result-0": "ok",
        "result-1": "deficient",
        "note-1": "Ladder not tied off",
        "result-2": "na",
    }
    data.update(extra)
    return data


def test_the_choose_page_lists_live_checklists_only(client, setup):
    employer, _, tpl = setup
    pf.template(employer, name="Old checklist", archived=True)
    html = client.get("/program/inspections/new/").content.decode()
    assert f"?template={tpl.pk}" in html
    assert "Old checklist" not in html


def test_the_form_is_phone_ready(client, setup):
    _, _, tpl = setup
    html = client.get(f"/program/inspections/new/?template={tpl.pk}").content.decode()
    assert 'accept="image/*" capture="environment"' in html
    assert f'data-draft="inspection-{tpl.pk}"' in html
    assert "program-draft.js" in html
    assert html.count('type="radio"') == 9  # three lines, three choices each


def test_a_deficiency_with_a_photo_becomes_a_corrective_action(client, setup):
    employer, person, tpl = setup
    data = body(tpl, person, **{"photo-1": SimpleUploadedFile("ladder.png", PNG)})
    response = client.post("/program/inspections/new/", data)
    assert response.status_code == 302
    inspection = m.Inspection.objects.get()
    action = m.CorrectiveAction.objects.get()
    assert action.inspection == inspection
    assert action.attachments.get().original_name == "ladder.png"
    detail = client.get(response["Location"]).content.decode()
    assert f"/program/actions/{action.pk}/" in detail
    assert f'data-clear-draft="inspection-{tpl.pk}"' in detail


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"result-1": ""}, "Mark this line OK, deficient or not applicable."),
        ({"note-1": ""}, "Describe the deficiency"),
        ({"occurred_on": "2999-01-01"}, "cannot be in the future"),
        ({"signed_name": ""}, "This field is required"),
        ({"photo-1": SimpleUploadedFile("ladder.png", b"MZ not a png")}, "does not look like a PNG"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_writes_nothing(client, setup, change, message):
    _, person, tpl = setup
    response = client.post("/program/inspections/new/", body(tpl, person, **change))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Nothing was saved" in html
    assert 'value="Dana Lead"' in html or change.get("signed_name") == ""  # typed values stay
    assert m.Inspection.objects.count() == 0
    assert m.CorrectiveAction.objects.count() == 0
    assert m.Attachment.objects.count() == 0


def test_someone_who_had_left_cannot_do_the_inspection(client, setup):
    employer, _, tpl = setup
    gone = f.PersonFactory(
        employer=employer, first_name="Gone", start_date=dt.date(2020, 1, 1), end_date=dt.date(2021, 1, 1)
    )
    response = client.post("/program/inspections/new/", body(tpl, gone))
    assert "had left on 2021-01-01" in response.content.decode()
    assert m.Inspection.objects.count() == 0


def test_an_archived_checklist_cannot_be_answered(client, setup):
    employer, person, _ = setup
    old = pf.template(employer, name="Old", archived=True)
    response = client.post("/program/inspections/new/", body(old, person))
    assert "archived" in response.content.decode()
    assert m.Inspection.objects.count() == 0


def test_another_tenants_checklist_is_a_404(client, setup):
    _, person, _ = setup
    foreign = pf.template(f.EmployerFactory())
    assert client.get(f"/program/inspections/new/?template={foreign.pk}").status_code == 404
    assert client.get("/program/inspections/new/?template=abc").status_code == 404


def test_closing_an_action(client, setup):
    employer, person, tpl = setup
    pf.inspection(employer, tpl=tpl, on=dt.date(2025, 3, 10), person=person)
    action = m.CorrectiveAction.objects.get()
    url = f"/program/actions/{action.pk}/"
    bad = client.post(url, {"closed_on": "2025-03-09", "closure_evidence": "Tied off"})
    assert "before it was opened" in bad.content.decode()
    action.refresh_from_db()
    assert action.status == "open"
    good = client.post(
        url,
        {
            "closed_on": "2025-03-12",
            "closure_evidence": "Tied off",
            "photo": SimpleUploadedFile("fix.png", PNG),
        },
    )
    assert good.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("closed", dt.date(2025, 3, 12))
    assert action.attachments.get().original_name == "fix.png"


def test_a_reviewer_sees_the_action_but_cannot_close_it(client, setup):
    employer, person, tpl = setup
    f.EnrolmentFactory(employer=employer)
    pf.inspection(employer, tpl=tpl, person=person)
    action = m.CorrectiveAction.objects.get()
    client.force_login(f.reviewer_of("AB", "ACSA"))
    assert "Close it" not in client.get(f"/program/actions/{action.pk}/").content.decode()
    response = client.post(
        f"/program/actions/{action.pk}/", {"closed_on": "2025-03-12", "closure_evidence": "x"}
    )
    assert response.status_code == 403
    client.force_login(f.employer_admin(f.EmployerFactory()))
    assert client.get(f"/program/actions/{action.pk}/").status_code == 404
