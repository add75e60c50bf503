"""NUL bytes and lone surrogates answer 400 everywhere (issue 12), never a psycopg 500.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"); SQLite stores it, so these tests
matter on PostgreSQL, which CI uses. The four URLs are the ones the outside probe found answering 500."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = f.staff_user()
    client.force_login(user)
    return user


@pytest.fixture
def reviewer(client):
    user = f.reviewer_of("AB", "ACSA")
    client.force_login(user)
    return user


def test_the_suite_runs_this_on_postgresql_in_ci():
    import os

    if os.environ.get("CI", "").lower() == "true":
        assert connection.vendor == "postgresql"


def test_calendar_feed_with_nul_needs_no_login(client):
    response = client.get("/reminders/calendar/%00abc.ics")
    assert response.status_code == 400
    assert b"cannot be stored" in response.content


def test_portfolio_search_with_nul(client):
    client.force_login(f.consultant_for(f.EmployerFactory()))
    response = client.get("/portfolio/?q=a%00b")
    assert response.status_code == 400


def test_review_page_status_with_nul(client, reviewer):
    assert client.get("/review/?status=in_review").status_code == 200
    assert client.get("/review/?status=a%00b").status_code == 400


def test_review_queue_api_status_with_nul(client, reviewer):
    response = client.get("/api/review-queue/?status=a%00b")
    assert response.status_code == 400
    assert "cannot be stored" in response.json()["detail"]


def test_query_parameter_name_with_nul(client, staff):
    assert client.get("/api/employers/?a%00=1").status_code == 400


def test_form_field_with_nul(client):
    response = client.post("/accounts/login/", {"username": "a\x00b@example.com", "password": "x"})
    assert response.status_code == 400


def test_json_body_with_nul_escape(client, staff):
    body = json.dumps({"legal_name": "Evil\u0000 Ltd.", "province": "AB"})
    response = client.post("/api/employers/", body, content_type="application/json")
    assert response.status_code == 400
    assert "cannot be stored" in response.json()["detail"]


def test_json_body_with_lone_surrogate(client, staff):
    body = '{"legal_name": "Broken \\ud800 Ltd.", "province": "AB"}'
    response = client.post("/api/employers/", body, content_type="application/json")
    assert response.status_code == 400


def test_json_body_with_nested_nul_key(client, staff):
    body = json.dumps({"answers": [{"note\u0000": "x"}]})
    response = client.post("/api/employers/", body, content_type="application/json")
    assert response.status_code == 400


def test_a_real_emoji_pair_is_fine(client, staff):
    body = '{"legal_name": "Roofing \\ud83d\\ude00 Ltd."}'
    response = client.post("/api/employers/", body, content_type="application/json")
    assert response.status_code != 400 or "cannot be stored" not in response.content.decode()


@pytest.mark.parametrize(
    ("body", "unstorable"),
    [
        ('{"a": "Evil\\u0000"}', True),
        ('{"a": "Broken \\uDBFF"}', True),  # upper-case hex is the same escape
        ('{"a": "Evil\u0000"}', False),  # a raw NUL is not JSON: the parser answers 400 with its own message
        ('{"a": "the text \\\\u0000, escaped"}', False),  # an escaped backslash, then "u0000": plain text
        ('{"a": "caf\\u00e9 \\uE000"}', False),
        ('{"a": "plain"}', False),
    ],
)
def test_json_bodies_are_parsed_only_when_they_may_hold_one(rf, body, unstorable):
    """The raw-bytes pre-check lets through only bodies that cannot decode to NUL or a surrogate; the rest
    are decided by the full parse."""
    from secor.core.middleware import request_has_unstorable

    request = rf.post("/api/employers/", body, content_type="application/json")
    assert request_has_unstorable(request) is unstorable


def test_patch_form_body_with_nul(client, staff):
    employer = f.EmployerFactory()
    response = client.patch(
        f"/api/employers/{employer.pk}/",
        "legal_name=Evil%00+Ltd.",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "cannot be stored" in response.json()["detail"]


def test_cookie_with_nul(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/check/").status_code == 400


def test_multipart_field_with_nul(client, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # (Django already drops non-printable characters from upload file names.)
    upload = SimpleUploadedFile("people.csv", b"first_name\n", content_type="text/csv")
    response = client.post("/import/", {"file": upload, "kind": "peo\x00ple"})
    assert response.status_code == 400


def test_plain_requests_still_pass(client):
    assert client.get("/check/").status_code == 200
    assert client.get("/reminders/calendar/no-such-token.ics").status_code == 404
