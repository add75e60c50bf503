"""A malformed audit or note id in the URL is a 404 like a missing one, never a 500 (found by schemathesis:
``/api/audits/null,null/...`` raised ValueError in the tenancy lookup)."""

from __future__ import annotations

import pytest

from audits.models import Audit
from tests.audits.factories import enrolled_employer

DETAIL_GETS = ["", "answers/", "evidence/", "notes/", "score/", "readiness/", "revisions/", "transitions/"]
DETAIL_POSTS = [
    "answers/",
    "evidence/",
    "evidence/1/remove/",
    "notes/",
    "submit/",
    "withdraw/",
    "assign/",
    "start-review/",
    "request-corrections/",
    "accept/",
    "reject/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("bad_id", ["null,null", "abc", "1.5"])
def test_malformed_audit_ids_are_404(api, bad_id):
    s = enrolled_employer("ACSA")
    client = api(s.owner)
    for suffix in DETAIL_GETS:
        assert client.get(f"/api/audits/{bad_id}/{suffix}").status_code == 404, suffix
    for suffix in DETAIL_POSTS:
        assert client.post(f"/api/audits/{bad_id}/{suffix}", {}, format="json").status_code == 404, suffix
    assert client.patch(f"/api/audits/{bad_id}/", {"scope": "x"}, format="json").status_code == 404
    assert (
        client.post(f"/api/audit-notes/{bad_id}/respond/", {"response": "x"}, format="json").status_code
        == 404
    )
    assert not Audit.objects.exists()


@pytest.mark.django_db
def test_audit_ids_stay_integers_in_the_schema(client):
    """The fix is in the lookup, not a URL regex: drf-spectacular would turn a regex id into a string."""
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in ("/api/audits/{id}/", "/api/audits/{id}/answers/", "/api/audit-notes/{id}/respond/"):
        method = next(iter(m for m in paths[path] if m in ("get", "post", "patch")))
        (param,) = [p for p in paths[path][method]["parameters"] if p["name"] == "id"]
        assert param["schema"]["type"] == "integer", path
