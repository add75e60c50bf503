"""Requests that used to answer 500 (found by schemathesis, not_a_server_error) now answer 400 with a message
that says what to fix, and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from audits.models import Audit
from secor.employers.models import Enrolment
from tests.audits.factories import enrolled_employer, plan_payload
from tests.audits.helpers import at

pytestmark = pytest.mark.django_db


def test_deleting_an_enrolment_that_audits_refer_to_is_a_400():
    s = enrolled_employer("ACSA")
    client = APIClient()
    client.force_authenticate(s.owner)
    with at(dt.date(2026, 3, 10)):
        created = client.post(
            "/api/audits/",
            plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6)),
            format="json",
        )
    assert created.status_code == 201, created.json()
    r = client.delete(f"/api/enrolments/{s.enrolment.pk}/")
    assert r.status_code == 400
    assert r.json() == {
        "detail": "This enrolment cannot be deleted while audits refer to it; remove those first."
    }
    assert Enrolment.objects.filter(pk=s.enrolment.pk).exists()
    assert Audit.objects.filter(enrolment=s.enrolment).count() == 1


def test_deleting_an_enrolment_nothing_refers_to_still_works():
    s = enrolled_employer("ACSA", train=False)
    client = APIClient()
    client.force_authenticate(s.owner)
    assert client.delete(f"/api/enrolments/{s.enrolment.pk}/").status_code == 204
    assert not Enrolment.objects.filter(pk=s.enrolment.pk).exists()
