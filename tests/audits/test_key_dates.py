"""Audit dates reach every evaluation through the one mapping (secor.employers.evaluation), not only the
dashboard: the API, the portfolio and the reminder sweep see that the self-assessment was submitted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secor.employers.evaluation import scenario_for, with_evaluation_data
from secor.employers.models import Employer
from tests.audits.helpers import submitted_audit

pytestmark = pytest.mark.django_db


def test_a_submitted_audit_sets_the_key_dates_of_the_evaluation(api):
    s, audit = submitted_audit(api)
    key_dates = scenario_for(s.employer, as_of=dt.date(2026, 3, 20)).key_dates
    assert key_dates.audit_submitted_on == dt.date(2026, 3, 10)
    assert key_dates.planned_audit_start == dt.date(2026, 3, 2)
    assert key_dates.data_gathering_completed_on == dt.date(2026, 3, 6)


def test_a_draft_audit_gives_its_plan_but_no_submission(api):
    s, audit = submitted_audit(api, submit=False)
    key_dates = scenario_for(s.employer, as_of=dt.date(2026, 3, 20)).key_dates
    assert key_dates.audit_submitted_on is None
    assert key_dates.planned_audit_start == dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("submit", "state"), [pytest.param(True, "done", id="submitted"), pytest.param(False, "todo", id="draft")]
)
def test_the_api_evaluation_knows_whether_the_audit_was_submitted(api, submit, state):
    s, audit = submitted_audit(api, submit=submit)
    body = api(s.owner).get(f"/api/employers/{s.employer.pk}/evaluation/?as_of=2026-03-20").json()
    steps = {step["code"]: step["state"] for step in body["path"]}
    assert steps["self_assessment"] == state


def test_prefetched_evaluation_reads_audits_without_queries(api):
    s, audit = submitted_audit(api)
    employer = with_evaluation_data(Employer.objects.filter(pk=s.employer.pk)).get()
    with CaptureQueriesContext(connection) as ctx:
        key_dates = scenario_for(employer, as_of=dt.date(2026, 3, 20)).key_dates
    assert key_dates.audit_submitted_on == dt.date(2026, 3, 10)
    assert len(ctx.captured_queries) == 0
