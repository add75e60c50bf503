"""Time travel: every deadline kind gets its reminders on the right days, not the day before or after.

For each kind, records that make the rules engine produce it (tests/reminders/factories.py) and the sweep
runs on the day before, the day of and the day after each reminder offset (90, 30, 7, 1 days before, on the
day) and each weekly overdue reminder. Kinds that only the audits app knows (Notice of Audit Activity,
data-gathering and submission windows) come in through the deadline-source hook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail

from secor.core.citations import public_text
from secor.reminders.models import Deadline, Reminder
from secor.reminders.services import run_sweep
from secor.reminders.sources import register_deadline_source, unregister_deadline_source
from tests.factories import EmployerFactory, EmployerMembershipFactory
from tests.reminders.factories import BUILDERS

BEFORE = {-90, -30, -7, -1, 0}
FULL = BEFORE | {7, 14}  # and weekly while overdue
PROBE_DAYS = sorted({day + delta for day in FULL for delta in (-1, 0, 1)})


def sweep_days(travel, due: dt.date, match) -> dict[int, int]:
    """Run the sweep on each probe day; return {relative day: new reminders for the matching deadline}."""
    sent: dict[int, int] = {}
    before = 0
    for rel in PROBE_DAYS:
        travel(due + timedelta(days=rel))
        run_sweep()
        count = Reminder.objects.filter(deadline__in=Deadline.objects.filter(**match)).count()
        if count != before:
            sent[rel] = count - before
        before = count
    return sent


def engine_case(builder, kind, due, expected, id_):
    return pytest.param(builder, kind, due, expected, id=id_)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("builder", "kind", "due", "expected"),
    [
        # A missed maintenance audit cancels (AB) or lapses (BC) the certificate the next day and an expired
        # certificate has no deadlines of its own: no overdue reminders for them (the certificate's notice
        # tells the loss).
        engine_case("ab_certified", "maintenance_audit", dt.date(2027, 3, 1), BEFORE, "maintenance_audit"),
        engine_case("ab_maintained", "recertification", dt.date(2029, 3, 1), BEFORE, "recertification"),
        engine_case("ab_maintained", "certificate_expiry", dt.date(2029, 3, 1), BEFORE, "certificate_expiry"),
        engine_case("ab_certified", "training_refresher", dt.date(2029, 1, 10), FULL, "training_refresher"),
        engine_case("ab_esc_history", "history_minimum", dt.date(2027, 10, 1), BEFORE, "history_minimum"),
        engine_case(
            "ab_esc_history", "history_one_year_secor", dt.date(2027, 1, 1), BEFORE, "history_one_year"
        ),
        # After its date the next audit becomes the target: this deadline is resolved, a new one appears.
        engine_case("ab_outgrown", "move_to_cor", dt.date(2027, 3, 1), BEFORE, "move_to_cor"),
        # Exists from the day the person leaves; overdue from then on.
        engine_case(
            "ab_person_left", "trained_person_left", dt.date(2027, 2, 1), {0, 7, 14}, "trained_person_left"
        ),
        engine_case("sk_new", "milestone_1", dt.date(2027, 1, 15), FULL, "milestone_1"),
        engine_case("sk_new", "certification_deadline", dt.date(2027, 7, 15), FULL, "certification_deadline"),
        engine_case("sk_new", "auditor_certification", dt.date(2027, 1, 1), FULL, "auditor_certification"),
        engine_case(
            "sk_auditor", "auditor_maintenance_audit", dt.date(2029, 1, 1), FULL, "auditor_maintenance_audit"
        ),
        engine_case("sk_removed", "reregistration_wait", dt.date(2027, 6, 1), BEFORE, "reregistration_wait"),
        engine_case("bc_go2hr", "student_audit", dt.date(2027, 5, 1), FULL, "student_audit"),
        engine_case(
            "bc_bcfsc", "maintenance_audit_final", dt.date(2027, 6, 30), BEFORE, "maintenance_audit_final"
        ),
    ],
)
def test_engine_deadline_reminders_at_each_boundary(travel, builder, kind, due, expected):
    employer = BUILDERS[builder]()
    sent = sweep_days(travel, due, {"employer": employer, "kind": kind, "due": due})
    assert sent == dict.fromkeys(sorted(expected), 1), f"{kind}: reminders on days {sent}"
    deadline = Deadline.objects.get(employer=employer, kind=kind, due=due)
    assert deadline.title
    assert deadline.consequence
    assert deadline.source
    mails = [m for m in mail.outbox if public_text(deadline.title) in m.body]
    assert len(mails) == len(expected)


@dataclass(frozen=True)
class AuditDeadline:
    kind: str
    title: str
    due: dt.date
    consequence: str = "Not accepted by the partner."
    reference: str = "https://example.org/audit-guide"
    met: bool | None = None
    person_id: str | None = None


AUDIT_DUE = dt.date(2027, 4, 15)


@pytest.fixture
def audit_source():
    def source(employer, as_of):
        return [
            AuditDeadline("notice_of_audit", "Send the Notice of Audit Activity", AUDIT_DUE),
            AuditDeadline("earliest_audit_start", "Earliest audit start", AUDIT_DUE + timedelta(days=1)),
            AuditDeadline("data_gathering_end", "Finish data gathering", AUDIT_DUE + timedelta(days=2)),
            AuditDeadline("audit_submission", "Submit the audit", AUDIT_DUE + timedelta(days=3)),
        ]

    register_deadline_source("audits-test", source)
    yield
    unregister_deadline_source("audits-test")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "shift", "expected"),
    [
        pytest.param("notice_of_audit", 0, FULL, id="notice_of_audit"),
        pytest.param("earliest_audit_start", 1, BEFORE, id="earliest_audit_start"),
        pytest.param("data_gathering_end", 2, FULL, id="data_gathering_end"),
        pytest.param("audit_submission", 3, FULL, id="audit_submission"),
    ],
)
def test_contributed_deadline_reminders_at_each_boundary(travel, audit_source, kind, shift, expected):
    employer = EmployerFactory(province="BC")  # no enrolment: only the contributed source has deadlines
    EmployerMembershipFactory(employer=employer, receives_reminders=True)
    due = AUDIT_DUE + timedelta(days=shift)
    sent = sweep_days(travel, due, {"employer": employer, "kind": kind})
    assert sent == dict.fromkeys(sorted(expected), 1)
    assert Deadline.objects.get(employer=employer, kind=kind).origin == "audits-test"
