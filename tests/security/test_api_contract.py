"""The OpenAPI schema says what the API answers (issue 12: schemathesis found list-vs-object mismatches, a 201
documented as 200, a non-nullable field answering null and an undeclared query parameter)."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests import factories as f
from tests.audits.helpers import at, submitted_audit

pytestmark = pytest.mark.django_db


_SCHEMA: dict = {}


@pytest.fixture
def schema(db):
    if not _SCHEMA:
        client = APIClient()
        client.force_authenticate(f.staff_user())
        response = client.get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        _SCHEMA.update(json.loads(response.content))
    return _SCHEMA


def op(schema, path, method):
    return schema["paths"][path][method]


def body_schema(operation, code):
    return operation["responses"][str(code)]["content"]["application/json"]["schema"]


@pytest.mark.parametrize("name", ["answers", "evidence", "notes", "revisions", "transitions"])
def test_audit_sub_lists_are_plain_arrays(schema, name):
    get = op(schema, f"/api/audits/{{id}}/{name}/", "get")
    assert body_schema(get, 200)["type"] == "array"
    assert {p["name"] for p in get.get("parameters", [])} == {"id"}  # no page/filter parameters


@pytest.mark.parametrize(("name", "code"), [("answers", 200), ("evidence", 201), ("notes", 201)])
def test_audit_sub_posts_answer_one_object(schema, name, code):
    post = op(schema, f"/api/audits/{{id}}/{name}/", "post")
    assert set(post["responses"]) >= {str(code)}
    assert "$ref" in body_schema(post, code)


def test_submit_is_documented_as_201(schema):
    assert "201" in op(schema, "/api/audits/{id}/submit/", "post")["responses"]
    assert "200" not in op(schema, "/api/audits/{id}/submit/", "post")["responses"]


def test_deleted_employers_is_an_array(schema):
    assert body_schema(op(schema, "/api/deleted-employers/", "get"), 200)["type"] == "array"


def test_me_consultant_firm_is_nullable(schema):
    assert schema["components"]["schemas"]["Me"]["properties"]["consultant_firm"]["nullable"] is True


def test_review_queue_declares_status_and_mine(schema):
    params = {p["name"]: p for p in op(schema, "/api/review-queue/", "get")["parameters"]}
    assert (
        set(params["status"]["schema"]["enum"]) == {"submitted", "in_review", "corrections_requested"}
        or params["status"]["schema"]["enum"]
    )
    assert "mine" in params


def test_responses_match_the_documented_shapes():
    import datetime as dt

    def api(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    s, audit = submitted_audit(api, submit=False)
    owner = api(s.owner)
    answers = owner.get(f"/api/audits/{audit.pk}/answers/")
    assert answers.status_code == 200
    assert isinstance(answers.json(), list)
    first = answers.json()[0]
    saved = owner.post(
        f"/api/audits/{audit.pk}/answers/",
        {"question": first["question"], "score": first["score"], "notes": "checked again"},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert isinstance(saved.json(), dict)
    with at(dt.date(2026, 3, 10)):
        submitted = owner.post(f"/api/audits/{audit.pk}/submit/")
    assert submitted.status_code == 201, submitted.content
    assert isinstance(submitted.json(), dict)
    assert isinstance(owner.get(f"/api/audits/{audit.pk}/revisions/").json(), list)
    assert isinstance(owner.get(f"/api/audits/{audit.pk}/transitions/").json(), list)
    assert isinstance(owner.get("/api/deleted-employers/").json(), list)
    assert owner.get("/api/me/").json()["consultant_firm"] is None
