"""Time travel, every partner with maintenance audits: the clock is moved to the day before the year-2
maintenance audit's last day, the last day and the day after; the daily job runs through both deployments'
entry points (``manage.py run_sweep --date D``, the embedded default, and the Celery beat task
``secor.reminders.tasks.daily_sweep``, both ``secor.core.daily.run_daily``). Afterwards the rules engine's
evaluation, the stored status row and the dashboard all say the same: held up to and including the last day,
cancelled (Alberta) or lapsed (SK, BC, MB) from the next day, with no maintenance deadlines left and the way
back as the next step."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

import provinces
from secor.certificates import services
from secor.certificates.models import CertificateEvent
from secor.employers.evaluation import evaluate_employer
from secor.status.models import EmployerStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2024, 3, 1)

# Every partner in the registry has annual maintenance audits in a three-year term; what a missed one does
# (docs/rule-choices.md, "Missed maintenance").
OUTCOME = {
    ("AB", "ACSA"): "cancelled",
    ("AB", "AMHSA"): "cancelled",
    ("AB", "ESC"): "cancelled",
    ("AB", "ASC"): "cancelled",
    ("AB", "AASP"): "cancelled",
    ("SK", "SCSA"): "lapsed",
    ("SK", "HCSAS"): "lapsed",
    ("BC", "GO2HR"): "lapsed",
    ("BC", "BCCSA"): "lapsed",
    ("BC", "BCFSC"): "lapsed",
    ("BC", "AGSAFE"): "lapsed",
    ("BC", "MSABC"): "lapsed",
    ("BC", "SAFETYDRIVEN"): "lapsed",
    ("MB", "CSAM"): "lapsed",
}
LABEL = {"cancelled": "Certificate cancelled", "lapsed": "Certificate lapsed"}


def test_every_partner_is_covered():
    assert set(OUTCOME) == {(p.code, code) for p in provinces.provinces() for code in p.partners}


def _certified(province: str, code: str):
    employer = f.EmployerFactory(province=province)
    enrolment = f.EnrolmentFactory(
        employer=employer, partner=f.partner(province, code), registered_on=ISSUED - dt.timedelta(days=400)
    )
    expires = next(
        d.due
        for d in provinces.maintenance_schedule(province, code, ISSUED)
        if d.kind == "certificate_expiry"
    )
    services.issue(
        enrolment=enrolment,
        number=f"{code}-TT-{enrolment.pk}",
        issued_on=ISSUED,
        expires_on=expires,
        reason="test certificate",
        decided_as=services.Decider.REVIEWER,
        notify=False,
    )
    enrolment.refresh_from_db()
    return enrolment


def _last_day(province: str, code: str) -> dt.date:
    rows = provinces.maintenance_schedule(province, code, ISSUED)
    final = [d.due for d in rows if d.kind == "maintenance_audit_final"]
    return final[0] if final else next(d.due for d in rows if d.kind == "maintenance_audit")


def _run_daily_job(path: str, day: dt.date) -> dict:
    if path == "embedded":
        out = StringIO()
        call_command("run_sweep", "--date", day.isoformat(), stdout=out)
        return json.loads(out.getvalue())
    from secor.reminders import tasks

    return tasks.daily_sweep.apply().get()


@pytest.mark.parametrize("path", ["embedded", "beat"])
@pytest.mark.parametrize(("province", "code"), list(OUTCOME), ids=[c for _, c in OUTCOME])
def test_missed_maintenance_day_before_of_after(
    province, code, path, client, django_capture_on_commit_callbacks
):
    outcome = OUTCOME[(province, code)]
    enrolment = _certified(province, code)
    employer = enrolment.employer
    admin = f.employer_admin(employer)
    last = _last_day(province, code)
    client.force_login(admin)

    for day in (last - dt.timedelta(days=1), last):
        with time_machine.travel(dt.datetime.combine(day, dt.time(18, 0), tzinfo=dt.UTC), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                stats = _run_daily_job(path, day)
            assert stats[f"certificates_{outcome}"] == 0, day
            evaluation = evaluate_employer(employer)
            assert evaluation.certificate.held, (day, evaluation.certificate)
            assert any(d.kind == "maintenance_audit" and d.due <= last for d in evaluation.deadlines)
            row = EmployerStatus.objects.get(employer=employer)
            assert (row.as_of, row.certificate_state) == (day, "held")
            body = client.get(reverse("web:dashboard")).content.decode()
            assert LABEL[outcome] not in body
        enrolment.refresh_from_db()
        assert enrolment.status == "certified", day

    after = last + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(after, dt.time(18, 0), tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            stats = _run_daily_job(path, after)
        assert stats[f"certificates_{outcome}"] == 1

        # the ledger: the missed audit and the partner's rule, decided by the daily job, effective the day after
        decision = CertificateEvent.objects.filter(enrolment=enrolment).latest("pk")
        assert (decision.kind, decision.effective_on, decision.decided_as) == (outcome, after, "daily_job")
        enrolment.refresh_from_db()
        assert enrolment.status == outcome

        # the engine
        evaluation = evaluate_employer(employer)
        cert = evaluation.certificate
        assert (cert.held, cert.state.value, cert.not_held_since) == (False, outcome, after)
        assert cert.partner == code
        assert cert.rule is not None
        assert cert.rule.code == "certificate.missed_maintenance"
        assert "http" in cert.rule.reference
        assert cert.way_back.startswith("Start certification again with ")
        assert cert.way_back_reference
        kinds = {d.kind for d in evaluation.deadlines}
        assert not kinds & {
            "maintenance_audit",
            "maintenance_audit_final",
            "recertification",
            "certificate_expiry",
        }
        assert evaluation.next_step.startswith(f"{LABEL[outcome]} since {after.isoformat()}.")
        assert evaluation.incentive.amount is None

        # the stored status row every reader uses
        row = EmployerStatus.objects.get(employer=employer)
        assert (row.as_of, row.certificate_state, row.certificate_label) == (after, outcome, LABEL[outcome])
        assert row.status_label == LABEL[outcome]
        assert row.rag == "red"
        assert f"Certificate: {LABEL[outcome]}." in row.reasons
        assert row.evaluation["certificate"]["not_held_since"] == after.isoformat()
        assert not any(d["kind"] == "maintenance_audit" for d in row.evaluation["deadlines"])

        # the dashboard
        body = client.get(reverse("web:dashboard")).content.decode()
        assert LABEL[outcome] in body
        assert "The way back:" in body
        assert "Start certification again with" in body
        assert "Year 3 maintenance audit" not in body


def test_the_engine_answers_before_the_daily_job_records_it(client):
    """A day after the last day on which the daily job has not run (yet): the engine, and so the stored status
    row, the certificate page and the public verification, already say "cancelled"; the ledger and the
    enrolment follow when the job runs."""
    enrolment = _certified("AB", "ASC")
    client.force_login(f.employer_admin(enrolment.employer))
    after = _last_day("AB", "ASC") + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(after, dt.time(18, 0), tzinfo=dt.UTC), tick=False):
        from secor.status.services import ensure_current

        ensure_current(enrolment.employer, today=after)
        row = EmployerStatus.objects.get(employer=enrolment.employer)
        assert (row.certificate_state, row.status_label) == ("cancelled", "Certificate cancelled")
        enrolment.refresh_from_db()
        assert enrolment.status == "certified"  # nothing recorded yet
        assert not CertificateEvent.objects.filter(enrolment=enrolment, kind="cancelled").exists()
        page = client.get(reverse("certificates:ledger", args=[enrolment.employer_id])).content.decode()
        assert "Certificate cancelled" in page
        assert "The way back:" in page
        from secor.certificates.public import verify

        result = verify(enrolment.certificate_number)
        assert (result.valid, result.since) == (False, after)
