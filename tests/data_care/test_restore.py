"""Restore of soft-deleted employers, people and training records, with history."""

from __future__ import annotations

import pytest

from secor.employers import restore
from secor.employers.models import Employer, Person
from tests.factories import TrainingRecordFactory


@pytest.fixture
def record(person):
    return TrainingRecordFactory(person=person)


def test_history_shows_delete_and_restore(person, admin):
    restore.soft_delete(obj=person, user=admin)
    restore.restore(obj=person, user=admin)
    person.refresh_from_db()
    assert person.deleted_at is None
    reasons = [(h["reason"], h["user"], h["deleted"]) for h in restore.history_of(person)]
    assert reasons[:2] == [("restored", admin.email, False), ("deleted", admin.email, True)]


def test_restoring_a_live_row_is_refused(person, admin):
    from secor.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError, match="not deleted"):
        restore.restore(obj=person, user=admin)


def test_a_child_waits_for_its_parent(employer, person, record, admin):
    from secor.core.exceptions import ApplicationError

    restore.soft_delete(obj=record, user=admin)
    restore.soft_delete(obj=person, user=admin)
    with pytest.raises(ApplicationError, match="restore the person first"):
        restore.restore(obj=record, user=admin)
    restore.soft_delete(obj=employer, user=admin)
    with pytest.raises(ApplicationError, match="restore the employer first"):
        restore.restore(obj=person, user=admin)


# --- API ------------------------------------------------------------------------------------------------------


def test_admin_restores_a_person_through_the_api(api, person, admin):
    restore.soft_delete(obj=person, user=admin)
    response = api(admin).post(f"/api/people/{person.pk}/restore/")
    assert response.status_code == 200, response.content
    assert response.json()["history"][0]["reason"] == "restored"
    assert Person.objects.get(pk=person.pk).deleted_at is None


def test_admin_restores_a_training_record(api, record, admin):
    restore.soft_delete(obj=record, user=admin)
    assert api(admin).post(f"/api/training-records/{record.pk}/restore/").status_code == 200
    record.refresh_from_db()
    assert record.deleted_at is None


def test_admin_restores_a_deleted_employer(api, employer, admin):
    restore.soft_delete(obj=employer, user=admin)
    assert [e["id"] for e in api(admin).get("/api/deleted-employers/").json()] == [employer.pk]
    assert api(admin).post(f"/api/employers/{employer.pk}/restore/").status_code == 200
    assert Employer.objects.get(pk=employer.pk).deleted_at is None
    assert api(admin).get("/api/deleted-employers/").json() == []


def test_deleted_list(api, employer, person, record, admin):
    restore.soft_delete(obj=record, user=admin)
    restore.soft_delete(obj=person, user=admin)
    body = api(admin).get(f"/api/employers/{employer.pk}/deleted/").json()
    assert [p["id"] for p in body["people"]] == [person.pk]
    assert [t["id"] for t in body["training_records"]] == [record.pk]


def test_restore_permissions(api, employer, person, member, outsider, reviewer, staff, admin):
    restore.soft_delete(obj=person, user=admin)
    path = f"/api/people/{person.pk}/restore/"
    assert api(outsider).post(path).status_code == 404
    assert api(member).post(path).status_code == 403
    assert api(reviewer).post(path).status_code == 403
    assert api().post(path).status_code in (401, 403)
    assert api(outsider).get(f"/api/employers/{employer.pk}/deleted/").status_code == 404
    assert api(member).get(f"/api/employers/{employer.pk}/deleted/").status_code == 403
    assert api(staff).post(path).status_code == 200


def test_a_deleted_employer_is_invisible_to_others(api, employer, outsider, member, admin):
    restore.soft_delete(obj=employer, user=admin)
    assert api(outsider).post(f"/api/employers/{employer.pk}/restore/").status_code == 404
    assert api(member).post(f"/api/employers/{employer.pk}/restore/").status_code == 404
    assert api(outsider).get("/api/deleted-employers/").json() == []


def test_deleted_list_query_count_does_not_grow_with_rows(
    api, employer, admin, django_assert_max_num_queries
):
    from tests.factories import PersonFactory

    for _ in range(5):
        person = PersonFactory(employer=employer)
        record = TrainingRecordFactory(person=person)
        restore.soft_delete(obj=record, user=admin)
        restore.soft_delete(obj=person, user=admin)
    client = api(admin)
    with django_assert_max_num_queries(8):
        body = client.get(f"/api/employers/{employer.pk}/deleted/").json()
    assert len(body["people"]) == 5
    assert len(body["training_records"]) == 5
