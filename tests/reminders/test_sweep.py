"""The daily sweep: deadlines kept current, recipients, preferences, policies, exactly-once delivery."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from secor.accounts.models import ConsultantAccess
from secor.core.citations import sources_text
from secor.reminders.models import Deadline, Digest, Notification, Reminder
from secor.reminders.services import run_sweep
from secor.reminders.sources import register_deadline_source, unregister_deadline_source
from tests.factories import (
    ConsultantAccessFactory,
    ConsultantFirmFactory,
    EmployerMembershipFactory,
    UserFactory,
)
from tests.reminders import backends
from tests.reminders.conftest import at_noon
from tests.reminders.factories import (
    NotificationPreferenceFactory,
    ReminderPolicyFactory,
    build_ab_certified,
    certified_employer,
)

pytestmark = pytest.mark.django_db

# ab_certified: year-2 maintenance audit due 2027-03-01; 90 days before is 2026-12-01.
MAINT_DUE = dt.date(2027, 3, 1)
DAY_90 = MAINT_DUE - timedelta(days=90)


def maint_mails(to=None):
    return [
        m for m in mail.outbox if "Year 2 maintenance audit" in m.subject and (to is None or m.to == [to])
    ]


def test_sweep_materialises_the_engines_deadlines_and_keeps_them_current(travel):
    travel(dt.date(2026, 11, 22))
    employer = build_ab_certified()
    stats = run_sweep()
    rows = {d.kind: d for d in Deadline.objects.filter(employer=employer)}
    assert {"maintenance_audit", "recertification", "certificate_expiry", "training_refresher"} <= set(rows)
    expiry = rows["certificate_expiry"]
    assert expiry.due == dt.date(2029, 3, 1)
    assert expiry.consequence
    assert expiry.source
    assert expiry.met is None
    assert expiry.enrolment_id == employer.enrolments.get().pk
    assert stats.deadlines_created == Deadline.objects.count()

    again = run_sweep()  # nothing changed: nothing written
    assert (again.deadlines_created, again.deadlines_updated, again.deadlines_resolved) == (0, 0, 0)

    enrolment = employer.enrolments.get()
    enrolment.expires_on = dt.date(2029, 6, 1)
    enrolment.save()
    changed = run_sweep()
    expiry.refresh_from_db()
    assert expiry.resolved_at is not None  # the old date vanished: resolved, not deleted
    new = Deadline.objects.get(employer=employer, kind="certificate_expiry", resolved_at__isnull=True)
    assert new.due == dt.date(2029, 6, 1)
    assert changed.deadlines_resolved >= 1

    enrolment.expires_on = dt.date(2029, 3, 1)  # and back: the same row is reopened
    enrolment.save()
    run_sweep()
    expiry.refresh_from_db()
    assert expiry.resolved_at is None


def test_reminder_goes_to_contacts_and_consultants_once_with_link_and_notice(travel, settings):
    travel(DAY_90)
    employer = build_ab_certified()
    contact = employer.user_memberships.get().user
    quiet = EmployerMembershipFactory(employer=employer, receives_reminders=False).user
    firm = ConsultantFirmFactory()
    consultant = UserFactory(consultant_firm=firm)
    ConsultantAccessFactory(employer=employer, firm=firm)
    old_firm = ConsultantFirmFactory()
    former = UserFactory(consultant_firm=old_firm)
    ConsultantAccessFactory(employer=employer, firm=old_firm, revoked_at=timezone.now())
    inactive = EmployerMembershipFactory(employer=employer, user=UserFactory(is_active=False)).user

    run_sweep()
    run_sweep()  # the same day again: nothing new
    call_command("run_sweep")  # the embedded default, same service

    assert {m.to[0] for m in maint_mails()} == {contact.email, consultant.email}
    assert len(maint_mails()) == 2
    assert not {quiet.email, former.email, inactive.email} & {m.to[0] for m in mail.outbox}
    message = maint_mails(contact.email)[0]
    deadline = Deadline.objects.get(employer=employer, kind="maintenance_audit", due=MAINT_DUE)
    link = f"{settings.SITE_URL}/reminders/deadlines/{deadline.pk}/"
    assert link in message.body
    html = message.alternatives[0][0]
    assert link in html
    assert "If missed" in html
    assert "due in 90 days" in message.subject
    assert deadline.consequence in message.body
    assert sources_text(deadline.source) in message.body
    notice = Notification.objects.get(user=contact, deadline=deadline)
    assert notice.read_at is None
    assert notice.url == f"/reminders/deadlines/{deadline.pk}/"
    assert Reminder.objects.filter(deadline=deadline, status=Reminder.Status.SENT).count() == 2


def test_met_deadline_gets_no_reminder(travel):
    travel(DAY_90)
    employer = build_ab_certified()
    enrolment = employer.enrolments.get()
    enrolment.last_maintenance_audit_on = dt.date(2026, 11, 20)  # year 2 audit done early
    enrolment.save()
    run_sweep()
    assert Deadline.objects.get(employer=employer, kind="maintenance_audit", due=MAINT_DUE).met is True
    assert maint_mails() == []


def test_digest_users_get_one_daily_digest_instead_of_single_mails(travel):
    travel(DAY_90)
    employer = build_ab_certified()
    contact = employer.user_memberships.get().user
    NotificationPreferenceFactory(user=contact, digest=True)
    other, _ = certified_employer(issued_on=dt.date(2026, 3, 1), expires_on=dt.date(2029, 3, 1))
    EmployerMembershipFactory(employer=other, user=contact)

    run_sweep()
    run_sweep()
    mine = [m for m in mail.outbox if m.to == [contact.email]]
    assert len(mine) == 1
    assert "digest" in mine[0].subject.lower() or "deadlines for" in mine[0].subject
    assert mine[0].body.count("Year 2 maintenance audit") == 2  # both employers in one message
    assert Digest.objects.get(user=contact).status == Digest.Status.SENT
    assert Notification.objects.filter(user=contact).count() == 2  # the in-app notices still appear
    assert not Reminder.objects.filter(recipient=contact, status=Reminder.Status.PENDING).exists()


def test_muted_kind_sends_nothing(travel):
    travel(DAY_90)
    employer = build_ab_certified()
    contact = employer.user_memberships.get().user
    NotificationPreferenceFactory(user=contact, muted_kinds=["maintenance_audit"])
    run_sweep()
    assert maint_mails() == []
    assert not Notification.objects.filter(user=contact, kind="maintenance_audit").exists()
    assert Reminder.objects.get(recipient=contact, deadline__kind="maintenance_audit").status == "skipped"


@pytest.mark.parametrize(
    ("offsets", "overdue", "enabled", "day", "expected"),
    [
        pytest.param([14], 0, True, -15, 0, id="custom-day-before"),
        pytest.param([14], 0, True, -14, 1, id="custom-day-of"),
        pytest.param([14], 0, True, 0, 1, id="no-overdue-still-the-last"),
        pytest.param([90, 30, 7, 1, 0], 7, False, -90, 0, id="disabled"),
    ],
)
def test_reminder_policy_per_employer(travel, offsets, overdue, enabled, day, expected):
    travel(MAINT_DUE + timedelta(days=day))
    employer = build_ab_certified()
    ReminderPolicyFactory(employer=employer, offsets=offsets, overdue_every_days=overdue, enabled=enabled)
    run_sweep()
    assert len(maint_mails()) == expected


@pytest.mark.parametrize(("overdue", "day", "expected"), [(3, 2, 0), (3, 3, 1), (0, 3, 0)])
def test_overdue_reminders_every_n_days(travel, overdue, day, expected):
    """Overdue reminders follow the employer's policy. A missed maintenance audit is no longer overdue the
    next day (the certificate is cancelled: the certificate notice tells it), so a deadline that stays
    overdue is used: the only trained person left on 2027-02-01."""
    from tests.reminders.factories import build_ab_person_left

    left = dt.date(2027, 2, 1)
    travel(left)
    employer = build_ab_person_left()
    ReminderPolicyFactory(employer=employer, offsets=[0], overdue_every_days=overdue, enabled=True)
    run_sweep()
    before = Reminder.objects.filter(deadline__kind="trained_person_left").count()
    travel(left + timedelta(days=day))
    run_sweep()
    after = Reminder.objects.filter(deadline__kind="trained_person_left").count()
    assert after - before == expected


@pytest.fixture
def celery_retries_eagerly():
    """Eager tasks that do not propagate errors follow Celery's retry path (apply → Retry → apply again)."""
    from secor.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def test_transient_mail_failure_is_retried_and_sent_once(travel, settings, celery_retries_eagerly):
    settings.EMAIL_BACKEND = "tests.reminders.backends.FlakyBackend"
    backends.state.update(failures=2, calls=0)
    travel(DAY_90)
    build_ab_certified()
    run_sweep()
    assert len(maint_mails()) == 1  # two failures, retried with backoff (eagerly here), then sent
    row = Reminder.objects.get(deadline__kind="maintenance_audit", deadline__due=MAINT_DUE)
    assert row.status == Reminder.Status.SENT
    assert row.attempts == 3


def test_mail_down_longer_than_the_retries_is_sent_by_a_later_sweep(travel, settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.FlakyBackend"
    backends.state.update(failures=100, calls=0)
    travel(DAY_90)
    build_ab_certified()
    run_sweep()
    row = Reminder.objects.get(deadline__kind="maintenance_audit", deadline__due=MAINT_DUE)
    assert row.status == Reminder.Status.PENDING
    assert row.claimed_at is not None
    assert maint_mails() == []
    backends.state["failures"] = 0
    run_sweep()  # claim still fresh: left to the retrying task
    assert maint_mails() == []
    travel(DAY_90 + timedelta(days=1))  # next day: the stale claim is taken over
    run_sweep()
    run_sweep()
    assert len(maint_mails()) == 1
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT
    assert Notification.objects.filter(reminder=row).count() == 1


def test_worker_died_after_claiming_rows_next_sweep_finishes_them(travel):
    travel(DAY_90)
    build_ab_certified()
    run_sweep()
    row = Reminder.objects.get(deadline__kind="maintenance_audit", deadline__due=MAINT_DUE)
    # Simulate a worker that claimed the row and died before the notice and the e-mail.
    Notification.objects.filter(reminder=row).delete()
    Reminder.objects.filter(pk=row.pk).update(status=Reminder.Status.PENDING, sent_at=None)
    mail.outbox.clear()
    travel(at_noon(DAY_90) + timedelta(hours=3))
    run_sweep()
    assert len(maint_mails()) == 1
    assert Notification.objects.filter(reminder=row).count() == 1
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT


def test_a_failing_source_leaves_its_deadlines_alone(travel):
    travel(dt.date(2026, 11, 22))
    employer = build_ab_certified()
    state = {"fail": False}

    class D:
        kind, title, consequence, reference, met, person_id = (
            "notice_of_audit",
            "Notice",
            "x",
            "ref",
            None,
            None,
        )
        due = dt.date(2027, 1, 10)

    def source(employer, as_of):
        if state["fail"]:
            raise RuntimeError("audits app is down")
        return [D()]

    register_deadline_source("audits-test", source)
    try:
        run_sweep()
        row = Deadline.objects.get(employer=employer, origin="audits-test")
        state["fail"] = True
        # The sweep re-reads an employer's sources when its stored status is recomputed (a record changed).
        from secor.status.services import request_recompute

        request_recompute(employer.pk)
        stats = run_sweep()
        row.refresh_from_db()
        assert row.resolved_at is None
        assert stats.employer_errors == 1
        state["fail"] = False
        D.due = dt.date(2027, 1, 11)
        run_sweep()
        row.refresh_from_db()
        assert row.resolved_at is not None  # gone from the source: resolved
    finally:
        unregister_deadline_source("audits-test")


def test_sweep_walks_employers_in_chunks(travel, django_assert_max_num_queries):
    travel(DAY_90)
    for _ in range(5):
        build_ab_certified()
    stats = run_sweep(chunk=2)
    assert stats.employers == 5
    assert len(maint_mails()) == 5


def test_consultant_access_revoked_stops_reminders(travel):
    travel(DAY_90)
    employer = build_ab_certified()
    firm = ConsultantFirmFactory()
    consultant = UserFactory(consultant_firm=firm)
    grant = ConsultantAccessFactory(employer=employer, firm=firm)
    ConsultantAccess.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    run_sweep()
    assert maint_mails(consultant.email) == []
