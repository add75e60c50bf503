"""Training records through the API: expiry computed from the course, the catalogue read-only, filters."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests import factories as f
from training.models import Course, TrainingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return f.PersonFactory()


@pytest.fixture
def client(person):
    c = APIClient()
    c.force_authenticate(f.employer_admin(person.employer))
    return c


def expiring_course() -> Course:
    course = Course.objects.filter(validity_months__isnull=False).order_by("pk").first()
    assert course is not None, "the reference catalogue has courses with a validity period"
    return course


def test_expiry_is_computed_from_the_course(client, person):
    course = expiring_course()
    response = client.post(
        "/api/training-records/",
        {"person": person.pk, "course": course.pk, "completed_on": "2024-01-31", "expires_on": "2099-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # month arithmetic from provinces.dates.add_months; the client cannot set it
    from provinces.dates import add_months

    assert body["expires_on"] == add_months(dt.date(2024, 1, 31), course.validity_months).isoformat()
    assert body["employer"] == person.employer_id
    assert body["course_code"] == course.code


def test_expiry_follows_a_changed_completion_date(client, person):
    course = expiring_course()
    record = f.TrainingRecordFactory(person=person, course=course, completed_on=dt.date(2023, 6, 1))
    response = client.patch(
        f"/api/training-records/{record.pk}/", {"completed_on": "2024-06-01"}, format="json"
    )
    assert response.status_code == 200
    record.refresh_from_db()
    from provinces.dates import add_months

    assert record.expires_on == add_months(dt.date(2024, 6, 1), course.validity_months)


def test_course_without_validity_does_not_expire(client, person):
    course = Course.objects.filter(validity_months__isnull=True).order_by("pk").first()
    response = client.post(
        "/api/training-records/",
        {"person": person.pk, "course": course.pk, "completed_on": "2024-01-31"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["expires_on"] is None


def test_completed_today_is_allowed(client, person):
    response = client.post(
        "/api/training-records/",
        {"person": person.pk, "course": f.course("ACSA").pk, "completed_on": dt.date.today().isoformat()},
        format="json",
    )
    assert response.status_code == 201


def test_deleting_is_soft_and_hides_the_record(client, person):
    record = f.TrainingRecordFactory(person=person)
    assert client.delete(f"/api/training-records/{record.pk}/").status_code == 204
    assert TrainingRecord.objects.get(pk=record.pk).deleted_at is not None
    assert client.get(f"/api/training-records/{record.pk}/").status_code == 404
    assert record.pk not in {r["id"] for r in client.get("/api/training-records/").json()["results"]}


def test_records_of_a_deleted_person_are_hidden(client, person):
    record = f.TrainingRecordFactory(person=person)
    assert client.delete(f"/api/people/{person.pk}/").status_code == 204
    assert client.get(f"/api/training-records/{record.pk}/").status_code == 404


def test_filters(client, person):
    course = expiring_course()
    soon = f.TrainingRecordFactory(person=person, course=course, completed_on=dt.date(2022, 1, 1))
    later = f.TrainingRecordFactory(person=person, course=course, completed_on=dt.date(2025, 1, 1))
    cutoff = later.expires_on
    ids = {
        r["id"] for r in client.get("/api/training-records/", {"expires_before": cutoff}).json()["results"]
    }
    assert ids == {soon.pk}
    ids = {r["id"] for r in client.get("/api/training-records/", {"person": person.pk}).json()["results"]}
    assert ids == {soon.pk, later.pk}
    # another tenant's person id simply matches nothing (no 400 that would tell it exists)
    other = f.PersonFactory()
    response = client.get("/api/training-records/", {"person": other.pk})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_course_catalogue_is_read_only_reference_data(client):
    response = client.get("/api/courses/", {"province": "SK"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows
    assert {r["province"] for r in rows} == {"SK"}
    assert client.post("/api/courses/", {"code": "X", "name": "X"}, format="json").status_code == 405
    assert client.delete(f"/api/courses/{rows[0]['id']}/").status_code == 405


def test_partners_are_public_to_logged_in_users():
    client = APIClient()
    client.force_authenticate(f.UserFactory())
    response = client.get("/api/partners/", {"province": "AB"})
    assert response.status_code == 200
    assert "ACSA" in {p["code"] for p in response.json()["results"]}
    assert APIClient().get("/api/partners/").status_code == 403
