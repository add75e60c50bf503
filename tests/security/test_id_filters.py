"""List filters answer the same for another tenant's id and an id that does not exist (issue 12).

A model-choice filter answered 200 with an empty list for a foreign id and 400 "Select a valid choice" for a
missing one, telling an outsider which ids exist. Each filter is now a plain number (``id_filter``)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from audits.models import Audit
from tests import factories as f
from tests.audits.helpers import submitted_audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def world(api):
    """A submitted audit of one employer (foreign to the observer), and an observer with their own employer."""
    s, audit = submitted_audit(api)
    assert audit.revisions.exists()
    observer_employer = f.EmployerFactory()
    observer = f.employer_admin(observer_employer)
    return {"foreign": s, "audit": audit, "observer": api(observer)}


def missing_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last + 1000


@pytest.mark.parametrize(
    ("url", "param", "foreign_of"),
    [
        ("/api/audits/", "employer", lambda w: w["foreign"].employer.pk),
        ("/api/audit-revisions/", "audit", lambda w: w["audit"].pk),
        ("/api/maintenance-dues/", "enrolment", lambda w: w["foreign"].enrolment.pk),
        ("/api/reminders/deadlines/", "employer", lambda w: w["foreign"].employer.pk),
    ],
)
def test_foreign_and_missing_ids_answer_alike(world, url, param, foreign_of):
    from secor.employers.models import Employer, Enrolment

    model = {"employer": Employer, "audit": Audit, "enrolment": Enrolment}[param]
    client = world["observer"]
    foreign = client.get(url, {param: foreign_of(world)})
    missing = client.get(url, {param: missing_id(model)})
    assert foreign.status_code == missing.status_code == 200, (foreign.content, missing.content)
    assert foreign.json() == missing.json()
    assert foreign.json()["count"] == 0
    not_a_number = client.get(url, {param: "abc"})
    assert not_a_number.status_code == 400


def test_the_filter_still_filters_for_the_owner(world, api):
    owner = api(world["foreign"].owner)
    audit = world["audit"]
    assert owner.get("/api/audits/", {"employer": audit.employer_id}).json()["count"] == 1
    assert owner.get("/api/audits/", {"employer": missing_id(Audit)}).json()["count"] == 0
    assert owner.get("/api/audit-revisions/", {"audit": audit.pk}).json()["count"] == 1
