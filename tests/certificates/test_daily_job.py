"""A missed maintenance audit cancels (or lapses, per partner) on the right day, in both deployments: the
embedded default (``manage.py run_sweep --date D``) and beat (``secor.reminders.tasks.daily_sweep``) run the
same entry point. Time travel per partner: the day before the last day, the last day, the day after."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

import provinces
from secor.certificates import services
from secor.certificates.models import CertificateEvent
from secor.core.daily import run_daily
from secor.employers.models import Enrolment
from secor.reminders.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2024, 3, 1)

# partner -> (province, expected status after a missed maintenance audit)
PARTNERS = {"ACSA": ("AB", "cancelled"), "SCSA": ("SK", "lapsed"), "GO2HR": ("BC", "lapsed")}


def certified(province: str, code: str, issued: dt.date = ISSUED) -> Enrolment:
    employer = f.EmployerFactory(province=province)
    enrolment = f.EnrolmentFactory(
        employer=employer, partner=f.partner(province, code), registered_on=issued - dt.timedelta(days=400)
    )
    expires = next(
        d.due
        for d in provinces.maintenance_schedule(province, code, issued)
        if d.kind == "certificate_expiry"
    )
    services.issue(
        enrolment=enrolment,
        number=f"{code}-T-{enrolment.pk}",
        issued_on=issued,
        expires_on=expires,
        reason="test certificate",
        decided_as=services.Decider.REVIEWER,
        notify=False,
    )
    enrolment.refresh_from_db()
    return enrolment


def year2_last_day(province: str, code: str, issued: dt.date = ISSUED) -> dt.date:
    rows = provinces.maintenance_schedule(province, code, issued)
    final = [d.due for d in rows if d.kind == "maintenance_audit_final"]
    due = [d.due for d in rows if d.kind == "maintenance_audit"]
    return final[0] if final else due[0]


def run_embedded(day: dt.date) -> dict:
    out = StringIO()
    call_command("run_sweep", "--date", day.isoformat(), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("code", list(PARTNERS))
def test_missed_maintenance_on_the_right_day(code, django_capture_on_commit_callbacks):
    province, outcome = PARTNERS[code]
    enrolment = certified(province, code)
    admin = f.employer_admin(enrolment.employer)
    last = year2_last_day(province, code)

    for day in (last - dt.timedelta(days=1), last):
        with django_capture_on_commit_callbacks(execute=True):
            run_embedded(day)
        enrolment.refresh_from_db()
        assert enrolment.status == "certified", day

    after = last + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        stats = run_embedded(after)
    assert stats[f"certificates_{outcome}"] == 1
    enrolment.refresh_from_db()
    assert enrolment.status == outcome
    missed, decision = CertificateEvent.objects.filter(enrolment=enrolment).order_by("pk")[1:]
    assert (missed.kind, decision.kind) == ("maintenance_missed", outcome)
    assert decision.effective_on == after
    assert decision.due_on == last
    assert decision.decided_as == "daily_job"
    assert "Source:" in decision.reason
    assert Notification.objects.filter(user=admin, kind=f"certificate_{outcome}").count() == 1

    # exactly once: the same day again, and the next days, record and tell nothing new
    for day in (after, after, after + dt.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            run_embedded(day)
    assert CertificateEvent.objects.filter(enrolment=enrolment).count() == 3
    assert Notification.objects.filter(user=admin, kind=f"certificate_{outcome}").count() == 1


def test_the_beat_task_runs_the_same_job(monkeypatch):
    """Beat's task is the same entry point: on the day after the last day it cancels too."""
    from secor.reminders import tasks

    enrolment = certified("AB", "ACSA")
    after = year2_last_day("AB", "ACSA") + dt.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: after)
    stats = tasks.daily_sweep.apply().get()
    assert stats["certificates_cancelled"] == 1
    assert "employers" in stats  # the deadline sweep ran in the same job
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"


def test_a_submitted_maintenance_audit_keeps_the_certificate():
    enrolment = certified("AB", "ACSA")
    last = year2_last_day("AB", "ACSA")
    services.record_event(
        enrolment=enrolment,
        kind="maintenance_accepted",
        effective_on=last - dt.timedelta(days=20),
        submitted_on=last - dt.timedelta(days=30),
        reason="Maintenance audit accepted",
        decided_as=services.Decider.REVIEWER,
        notify=False,
    )
    run_daily(today=last + dt.timedelta(days=1))
    enrolment.refresh_from_db()
    assert enrolment.status == "in_maintenance"


def test_expiry_is_recorded_the_day_after():
    enrolment = certified("AB", "ACSA", issued=dt.date(2023, 1, 10))
    for accepted in (dt.date(2024, 1, 5), dt.date(2025, 1, 5)):
        services.record_event(
            enrolment=enrolment,
            kind="maintenance_accepted",
            effective_on=accepted,
            submitted_on=accepted,
            reason="accepted",
            decided_as=services.Decider.REVIEWER,
            notify=False,
        )
    expires = enrolment.expires_on
    run_daily(today=expires)
    enrolment.refresh_from_db()
    assert enrolment.status == "in_maintenance"
    stats = run_daily(today=expires + dt.timedelta(days=1))
    assert stats["certificates_expired"] == 1
    enrolment.refresh_from_db()
    assert enrolment.status == "lapsed"
    event = CertificateEvent.objects.filter(enrolment=enrolment).latest("pk")
    assert (event.kind, event.effective_on) == ("expired", expires + dt.timedelta(days=1))
