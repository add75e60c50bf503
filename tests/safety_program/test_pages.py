"""The safety program page: per element since when implemented, what is overdue, the declared warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safety_program import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    today = timezone.localdate()
    employer = f.EmployerFactory()
    f.EnrolmentFactory(employer=employer, history_documented_since=None)
    user = f.employer_admin(employer)
    client.force_login(user)
    return employer, today


def test_page_shows_elements_overdue_items_and_history(client, setup, django_assert_max_num_queries):
    employer, today = setup
    kind = m.InspectionKind.objects.create(employer=employer, name="Site")
    m.ActivitySchedule.objects.create(
        employer=employer,
        activity="inspection",
        inspection_kind=kind,
        starts_on=today - dt.timedelta(days=200),
    )
    m.ActivitySchedule.objects.create(
        employer=employer, activity="meeting", starts_on=today - dt.timedelta(days=200)
    )
    owner = f.PersonFactory(employer=employer, first_name="Olga", last_name="Owner", category="owner")
    for days in (150, 120, 90, 60, 30, 5):
        meeting = m.SafetyMeeting.objects.create(
            employer=employer, occurred_on=today - dt.timedelta(days=days), topics="x"
        )
        meeting.participants.set([owner])
    m.Inspection.objects.create(employer=employer, kind=kind, occurred_on=today - dt.timedelta(days=70))
    m.CorrectiveAction.objects.create(
        employer=employer,
        title="Tie off ladder",
        opened_on=today - dt.timedelta(days=20),
        due_on=today - dt.timedelta(days=6),
    )
    with django_assert_max_num_queries(25):
        response = client.get("/program/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "5. Workplace Inspections" in html
    assert "Site inspection was due" in html
    assert "Implemented since" in html  # the management element, from the meetings
    assert "Tie off ladder" in html
    assert "Management: Olga Owner" in html
    assert "Declared" not in html
    assert "program_" not in html  # no raw codes
    assert "safety_program" not in html


def test_a_typed_history_date_is_shown_as_declared(client, setup):
    employer, _ = setup
    enrolment = employer.enrolments.get()
    enrolment.history_documented_since = dt.date(2024, 1, 1)
    enrolment.save()
    html = client.get("/program/").content.decode()
    assert "Declared, not shown by records" in html


def test_suggested_schedule_is_added_once(client, setup):
    employer, _ = setup
    response = client.post("/program/schedules/start/", follow=True)
    assert "7 schedules added" in response.content.decode()
    assert m.ActivitySchedule.objects.filter(employer=employer).count() == 7
    client.post("/program/schedules/start/")
    assert m.ActivitySchedule.objects.filter(employer=employer).count() == 7


def test_a_reviewer_cannot_add_schedules(client, setup):
    employer, _ = setup
    client.force_login(f.reviewer_of("AB", "ACSA"))
    session = client.session
    session["current_employer"] = employer.pk
    session.save()
    response = client.post("/program/schedules/start/")
    assert response.status_code in (302, 403, 404)
    assert m.ActivitySchedule.objects.filter(employer=employer).count() == 0
