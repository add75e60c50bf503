"""No body makes a record endpoint answer 500: random JSON for every writable field of every kind."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests import factories as f
from tests.tenancy.world import ENDPOINTS

pytestmark = pytest.mark.django_db

FIELDS = {
    "employer": [
        "legal_name",
        "province",
        "annual_premium",
        "general_contractor_expected_workers",
        "contact_email",
    ],
    "operating_province": ["employer", "province", "permanent_office"],
    "wcb_account": ["employer", "board", "account_number", "active_from", "active_to"],
    "membership": ["employer", "partner", "registered_on", "ended_on", "status"],
    "enrolment": ["employer", "partner", "registered_on", "issued_on", "expires_on", "status", "removed_on"],
    "person": [
        "employer",
        "first_name",
        "category",
        "hours_per_week",
        "start_date",
        "end_date",
        "wcb_account",
    ],
    "headcount_snapshot": ["employer", "month", "workers"],
    "payroll_year": ["employer", "year", "payroll_hours"],
    "training_record": ["person", "course", "completed_on"],
}

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        ["", "AB", "WCB-AB", "1234567", "2024-01-01", "9999-12-31", "0001-01-01", "casual", "1e400"]
    ),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@pytest.mark.parametrize("kind", list(FIELDS))
# too_slow is a wall-clock check: on a loaded machine it fails without anything being wrong.
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_bodies_never_500(kind, data):
    employer = f.EmployerFactory()
    client = APIClient()
    client.force_authenticate(f.employer_admin(employer))
    person = f.PersonFactory(employer=employer)
    account = f.WCBAccountFactory(employer=employer)
    known = {
        "employer": st.just(employer.pk),
        "person": st.just(person.pk),
        "wcb_account": st.just(account.pk),
        "partner": st.just(f.partner("AB", "ACSA").pk),
        "course": st.just(f.course("ACSA").pk),
    }
    body = {}
    for field in FIELDS[kind]:
        if data.draw(st.booleans()):
            body[field] = data.draw(known[field] | values if field in known else values)
    response = client.post(ENDPOINTS[kind], json.dumps(body), content_type="application/json")
    allowed = (201, 400)
    if kind == "enrolment" and any(
        body.get(k) not in (None, "") for k in ("issued_on", "expires_on", "removed_on")
    ):
        allowed = (400, 403)  # the certificate is the partner's (403 says who can); unreadable input is a 400
    assert response.status_code in allowed, (body, response.content[:300])
