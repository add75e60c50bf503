"""The portfolio's "Program overdue" column: overdue safety program activities (scheduled activities not done,
corrective actions past due, document reviews) read from the stored status row; recording the activity
clears it; the page's query count does not grow with the clients' program records."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safety_program import models as m
from secor.status.models import EmployerStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def program_cell(body: str, name: str) -> str:
    row = re.search(rf"<tr data-rag[^>]*>(?:(?!</tr>).)*?{re.escape(name)}(?:(?!</tr>).)*</tr>", body, re.S)
    assert row, name
    cell = re.search(r'data-label="Program overdue"[^>]*>(.*?)</td>', row.group(0), re.S)
    assert cell
    return " ".join(re.sub(r"<[^>]+>", " ", cell.group(1)).split())


@pytest.fixture
def portfolio(client, django_capture_on_commit_callbacks):
    firm = f.ConsultantFirmFactory(name="Safety First")
    consultant = f.UserFactory(email="c@example.com", consultant_firm=firm)
    clients = []
    for name in ("Alpha Roofing", "Beta Framing"):
        employer = f.EmployerFactory(legal_name=name, operating_name=name)
        f.ConsultantAccessFactory(employer=employer, firm=firm)
        f.EnrolmentFactory(employer=employer, registered_on=dt.date(2026, 1, 10))
        clients.append(employer)
    client.force_login(consultant)
    return clients


def test_overdue_program_activities_show_in_the_portfolio(
    client, portfolio, django_capture_on_commit_callbacks
):
    alpha, beta = portfolio
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        # monthly meetings since four months ago, none held: overdue; an action past its due date: overdue
        m.ActivitySchedule.objects.create(
            employer=alpha,
            activity="meeting",
            every=1,
            unit="month",
            starts_on=today - dt.timedelta(days=120),
        )
        m.CorrectiveAction.objects.create(
            employer=alpha,
            title="Replace ladder",
            opened_on=today - dt.timedelta(days=30),
            due_on=today - dt.timedelta(days=1),
        )
        # an action due today is not overdue yet (overdue from the day after)
        m.CorrectiveAction.objects.create(
            employer=beta, title="Fix rail", opened_on=today - dt.timedelta(days=3), due_on=today
        )
    body = client.get(reverse("web:portfolio")).content.decode()
    assert "Program overdue" in body
    assert "{#" not in body  # template comments never reach the page
    assert program_cell(body, "Alpha Roofing") == "2 overdue"
    assert program_cell(body, "Beta Framing") == "0"
    assert EmployerStatus.objects.get(employer=alpha).program_overdue == 2

    # holding the meeting and closing the action clear it (the status follows the program's records)
    with django_capture_on_commit_callbacks(execute=True):
        m.SafetyMeeting.objects.create(employer=alpha, occurred_on=today, topics="Ladders")
        action = m.CorrectiveAction.objects.get(employer=alpha)
        action.status, action.closed_on, action.closure_evidence = "closed", today, "Replaced"
        action.save()
    body = client.get(reverse("web:portfolio")).content.decode()
    assert program_cell(body, "Alpha Roofing") == "0"
    assert EmployerStatus.objects.get(employer=alpha).program_overdue == 0

    # sorted by the column, most overdue first
    with django_capture_on_commit_callbacks(execute=True):
        m.CorrectiveAction.objects.create(
            employer=beta,
            title="Guard the saw",
            opened_on=today - dt.timedelta(days=20),
            due_on=today - dt.timedelta(days=5),
        )
    body = client.get(reverse("web:portfolio"), {"sort": "-program"}).content.decode()
    assert body.index("Beta Framing") < body.index("Alpha Roofing")


def test_query_count_does_not_grow_with_program_records(
    client, portfolio, django_capture_on_commit_callbacks
):
    alpha, _ = portfolio
    today = timezone.localdate()
    client.get(reverse("web:portfolio"))  # rows computed

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("web:portfolio")).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            m.CorrectiveAction.objects.create(
                employer=alpha,
                title=f"Action {i}",
                opened_on=today - dt.timedelta(days=30),
                due_on=today - dt.timedelta(days=2),
            )
    client.get(reverse("web:portfolio"))  # the status row was rewritten by the recompute after the changes
    assert queries() == before
