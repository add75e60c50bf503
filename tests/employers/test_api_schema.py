"""The OpenAPI schema generates without errors and the docs pages load."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_schema_endpoint_describes_the_records_api():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in (
        "/api/employers/",
        "/api/employers/{id}/evaluation/",
        "/api/employers/{id}/consultant-access/",
        "/api/employers/{id}/members/",
        "/api/people/",
        "/api/training-records/",
        "/api/enrolments/{id}/status/",
        "/api/eligibility/",
        "/api/auth/token/",
        "/api/me/",
    ):
        assert path in paths, path
    assert "post" in paths["/api/eligibility/"]


def test_docs_pages_load():
    client = APIClient()
    client.force_authenticate(f.UserFactory())
    for url in ("/api/docs/",):
        response = client.get(url)
        assert response.status_code == 200
        assert b"swagger" in response.content.lower()


OUR_MODULES = (
    "secor/employers/api.py",
    "secor/employers/serializers.py",
    "secor/accounts/api.py",
    "secor/accounts/serializers.py",
    "training/api.py",
    "training/serializers.py",
    "secor/core/api.py",
)


def test_schema_is_valid_and_our_views_raise_no_warnings(capsys, tmp_path):
    """``spectacular --validate``; warnings about the records API's own views fail the test. (Run
    ``manage.py spectacular --validate --fail-on-warn`` to see every area's.)"""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--file", str(out))
    assert out.stat().st_size > 10_000
    stderr = capsys.readouterr().err
    ours = [line for line in stderr.splitlines() if any(m in line for m in OUR_MODULES)]
    assert ours == []
    for enum in ("EnrolmentStatusEnum", "MembershipStatusEnum", "PersonCategoryEnum"):
        assert enum in out.read_text()
