from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from secor.employers.models import Enrolment
from secor.web.overview import cell_for, headcount_chart
from tests import factories as f
from training.models import Course

pytestmark = pytest.mark.django_db


def test_dashboard_needs_login(client):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_home_routes_employer_to_dashboard(owner_client):
    response = owner_client.get("/")
    assert response["Location"] == reverse("web:dashboard")


def test_home_shows_landing_to_visitors(client):
    body = client.get("/").content.decode()
    assert "Am I eligible?" in body


def test_dashboard_shows_status_chart_limit_steps_and_matrix(owner_client, owner):
    response = owner_client.get(reverse("web:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "What to do next" in body
    assert "<svg" in body
    assert "Limit: 10" in body
    assert "Who is trained" in body
    assert body.count('data-state="missing"') == 9  # 3 people x 3 required ACSA courses, none trained
    assert "Take the required training" in body


def test_certificate_card_links_to_the_certificate_ledger(owner_client, owner):
    body = owner_client.get(reverse("web:dashboard")).content.decode()
    card = body[body.index('id="cert-h"') : body.index('id="next-h"')]
    assert f'href="/certificate/{owner.employer.pk}/"' in card
    assert "The certificate and its history" in card
    assert owner_client.get(f"/certificate/{owner.employer.pk}/").status_code == 200


def test_matrix_changes_when_training_is_added(owner_client, owner):
    person = owner.employer.people.get(first_name="Ada")
    course = Course.objects.get(partner__code="ACSA", partner__province="AB", code="CSTS")
    f.TrainingRecordFactory(
        person=person, course=course, completed_on=dt.date.today() - dt.timedelta(days=30)
    )
    body = owner_client.get(reverse("web:dashboard")).content.decode()
    # Ada now holds the industry course: the requirement is met, so nobody else "misses" it.
    assert body.count('data-state="missing"') == 6
    assert body.count('data-state="not_required"') == 2
    assert 'data-state="valid"' in body


@time_machine.travel(dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC), tick=False)
def test_certificate_countdown(owner_client, owner):
    Enrolment.objects.filter(employer=owner.employer).update(
        status=Enrolment.Status.CERTIFIED,
        issued_on=dt.date(2024, 12, 1),
        expires_on=dt.date(2027, 12, 1),
        # year 2 maintenance audit done (without it the certificate is cancelled from 2025-12-02)
        last_maintenance_audit_on=dt.date(2025, 11, 15),
        certificate_number="SEC-123",
    )
    body = owner_client.get(reverse("web:dashboard")).content.decode()
    assert "374 days" in body  # 2026-11-22 -> 2027-12-01
    assert "SEC-123" in body


def test_other_tenant_cannot_switch_into_employer(client, owner, outsider):
    client.force_login(outsider)
    response = client.post(reverse("web:switch_employer", args=[owner.employer.pk]))
    assert response.status_code == 404
    assert client.get(reverse("web:dashboard"))["Location"] == reverse("web:choose_employer")


def test_employer_without_enrolment_gets_an_empty_state(client):
    user = f.EmployerMembershipFactory().user
    client.force_login(user)
    body = client.get(reverse("web:dashboard")).content.decode()
    assert "Add your program enrolment" in body


@pytest.mark.parametrize(
    ("expires", "state"),
    [
        pytest.param(None, "valid", id="never-expires"),
        pytest.param(dt.date(2026, 11, 21), "expired", id="expired-yesterday"),
        pytest.param(dt.date(2026, 11, 22), "expiring", id="expires-today-still-valid"),
        pytest.param(dt.date(2027, 2, 20), "expiring", id="90-days"),
        pytest.param(dt.date(2027, 2, 21), "valid", id="91-days"),
    ],
)
def test_matrix_cell_boundaries(expires, state):
    class R:
        completed_on = dt.date(2025, 1, 1)
        expires_on = expires

    assert cell_for([R()], dt.date(2026, 11, 22)).state == state
    assert cell_for([], dt.date(2026, 11, 22)).state == "missing"


def test_chart_marks_months_over_the_limit():
    series = [{"month": dt.date(2026, m, 1), "count": c} for m, c in ((1, 9), (2, 10), (3, 11))]
    chart = headcount_chart(series, 10)
    assert [b["over"] for b in chart["bars"]] == [False, False, True]
    assert chart["limit_y"] is not None
    assert "limit is 10" in chart["summary"]
