"""The cross-tenant permission suite, from the outside (HTTP): every kind of record × every role × list,
detail, create, update and delete. See ``world.py`` for the roles and docs/tenancy.md for the table.

Another tenant's record is a 404 (it does not exist for you); a record you may read but not change is a
403; anonymous callers are refused (403: session authentication is tried first and has no challenge)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.safety_program.factories import ENDPOINTS as PROGRAM_KINDS
from tests.tenancy.world import (
    CHANGES,
    EMPLOYER_DELETERS,
    ENDPOINTS,
    KINDS,
    PARENTS,
    READERS,
    ROLES,
    WRITERS,
    build_world,
)

pytestmark = pytest.mark.django_db

CASES = [pytest.param(kind, role, id=f"{kind}-{role}") for kind in KINDS for role in ROLES]
CHILD_CASES = [pytest.param(kind, role, id=f"{kind}-{role}") for kind in KINDS[1:] for role in ROLES]
MOVE_CASES = [
    pytest.param(kind, role, id=f"{kind}-{role}")
    for kind in KINDS[1:]
    for role in ("employer_admin", "employer_member", "consultant_active")
]


@pytest.fixture
def world(request):
    # The safety program's records are built only for the tests of those kinds (the suite stays fast).
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    return build_world(with_program=params.get("kind") in PROGRAM_KINDS)


def client_for(world, role: str) -> APIClient:
    client = APIClient()
    user = world.user(role)
    if user is not None:
        client.force_authenticate(user)
    return client


def ids_in(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(("kind", "role"), CASES)
def test_list_shows_only_permitted_rows(world, kind, role):
    response = client_for(world, role).get(ENDPOINTS[kind])
    if role == "anonymous":
        assert response.status_code == 403
        return
    ids = ids_in(response)
    assert (world.records[kind].pk in ids) is (role in READERS)
    # Nobody but staff, the other tenant's own users and its partner's reviewer sees the other tenant.
    sees_other = role in {"staff", "other_admin", "reviewer_other"}
    assert (world.other_records[kind].pk in ids) is sees_other


@pytest.mark.parametrize(("kind", "role"), CASES)
def test_detail_is_200_for_readers_and_404_for_everyone_else(world, kind, role):
    response = client_for(world, role).get(f"{ENDPOINTS[kind]}{world.records[kind].pk}/")
    if role == "anonymous":
        assert response.status_code == 403
    elif role in READERS:
        assert response.status_code == 200
        assert response.json()["id"] == world.records[kind].pk
    else:
        assert response.status_code == 404
        assert "Prairie" not in response.content.decode()


@pytest.mark.parametrize(("kind", "role"), CASES)
def test_update_is_allowed_forbidden_or_not_found(world, kind, role):
    record = world.records[kind]
    [(field, value)] = CHANGES[kind].items()
    before = getattr(type(record).objects.get(pk=record.pk), field)
    response = client_for(world, role).patch(f"{ENDPOINTS[kind]}{record.pk}/", CHANGES[kind], format="json")
    after = getattr(type(record).objects.get(pk=record.pk), field)
    if role == "anonymous":
        assert response.status_code == 403
    elif role in WRITERS:
        assert response.status_code == 200, response.content
        assert str(after) == str(value)
        return
    elif role in READERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404
    assert after == before


@pytest.mark.parametrize(("kind", "role"), CASES)
def test_delete_is_allowed_forbidden_or_not_found(world, kind, role):
    record = world.records[kind]
    model = type(record)
    deleters = EMPLOYER_DELETERS if kind == "employer" else WRITERS
    response = client_for(world, role).delete(f"{ENDPOINTS[kind]}{record.pk}/")
    still_there = model.objects.filter(
        pk=record.pk, **({"deleted_at__isnull": True} if hasattr(record, "deleted_at") else {})
    )
    if role == "anonymous":
        assert response.status_code == 403
    elif role in deleters:
        assert response.status_code == 204, response.content
        assert not still_there.exists()
        # gone for everyone through the API (soft-deleted rows are restorable elsewhere, not listed)
        assert client_for(world, "staff").get(f"{ENDPOINTS[kind]}{record.pk}/").status_code == 404
        return
    elif role in READERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404
    assert still_there.exists()


@pytest.mark.parametrize(("kind", "role"), CHILD_CASES)
def test_create_child_only_for_writers_of_the_employer(world, kind, role):
    """A child record of the employer: writers 201; a reader who may not change it 403; anyone else gets
    the same 400 as for an id that does not exist (nothing leaks)."""
    model = type(world.records[kind])
    count = model.objects.count()
    body = world.create_body(kind)
    response = client_for(world, role).post(ENDPOINTS[kind], body, format="json")
    if role == "anonymous":
        assert response.status_code == 403
    elif role in WRITERS:
        assert response.status_code == 201, response.content
        assert model.objects.count() == count + 1
        return
    elif role in READERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 400
        parent = PARENTS.get(kind, "employer")
        assert parent in response.json()
        assert "does not exist" in str(response.json()[parent])
    assert model.objects.count() == count


@pytest.mark.parametrize(("kind", "role"), MOVE_CASES)
def test_cannot_move_a_record_to_another_tenant(world, kind, role):
    """Re-parenting a record onto an employer (person) the user cannot see is refused like a missing id."""
    record = world.records[kind]
    parent = PARENTS.get(kind, "employer")
    parent_kind = {"person": "person", "document": "program_document"}.get(parent)
    target = world.other_records[parent_kind] if parent_kind else world.other
    response = client_for(world, role).patch(
        f"{ENDPOINTS[kind]}{record.pk}/", {parent: target.pk}, format="json"
    )
    assert response.status_code == 400
    record.refresh_from_db()
    assert getattr(record, f"{parent}_id") != target.pk


@pytest.mark.parametrize(
    "role",
    [pytest.param(r, id=r) for r in ROLES if r != "anonymous"],
)
def test_create_employer(world, role):
    response = client_for(world, role).post(
        "/api/employers/", {"legal_name": "Fresh Start Ltd.", "province": "AB"}
    )
    if role in {"reviewer_same", "reviewer_other"}:
        assert response.status_code == 403
        assert "reviewers" in response.json()["detail"]
        return
    assert response.status_code == 201, response.content
    new_id = response.json()["id"]
    # the creator can see (and, unless staff, administers) the new employer
    assert client_for(world, role).get(f"/api/employers/{new_id}/").status_code == 200
    outsider = "consultant_none" if role == "other_admin" else "other_admin"
    assert client_for(world, outsider).get(f"/api/employers/{new_id}/").status_code == 404
