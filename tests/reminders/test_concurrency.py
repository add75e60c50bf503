"""Exactly once under concurrency, on PostgreSQL: several sweeps at the same moment, same database.

Each thread has its own database connection (Django opens one per thread) and runs the whole sweep; a barrier
starts them together. Every reminder that is due must be e-mailed exactly once: no duplicates, no misses.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from secor.reminders.models import Deadline, Notification, Reminder
from secor.reminders.schedule import current_occurrence
from secor.reminders.services import run_sweep
from tests.factories import (
    ConsultantAccessFactory,
    ConsultantFirmFactory,
    EmployerMembershipFactory,
    UserFactory,
)
from tests.reminders.factories import NotificationPreferenceFactory, build_ab_certified, build_sk_new

SWEEPS = 4


@pytest.fixture
def _restore_celery_join_flag():
    """Eager tasks run inside ``denied_join_result()``, which saves and restores a process-global flag; four
    threads doing that at once can leave it set ("Never call result.get() within a task!" in a later test
    that waits on a real worker). Put it back as it was."""
    from celery import _state

    before = _state.task_join_will_block()
    yield
    _state._set_task_join_will_block(before)


def expected_reminders(today: dt.date) -> set[tuple[int, str]]:
    """(deadline, recipient e-mail) pairs that must be e-mailed today, computed independently of the ledger."""
    out = set()
    for d in Deadline.objects.filter(resolved_at__isnull=True).exclude(met=True):
        if current_occurrence(d.due, today, offsets=[90, 30, 7, 1, 0], overdue_every_days=7) is None:
            continue
        emails = set(
            d.employer.user_memberships.filter(receives_reminders=True).values_list("user__email", flat=True)
        )
        for grant in d.employer.consultant_grants.filter(revoked_at__isnull=True):
            emails |= set(grant.firm.users.values_list("email", flat=True))
        out |= {(d.pk, e) for e in emails}
    return out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and ON CONFLICT need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_restore_celery_join_flag")
def test_concurrent_sweeps_send_each_reminder_exactly_once(travel):
    today = dt.date(2026, 12, 1)
    travel(today)
    firm = ConsultantFirmFactory()
    UserFactory(consultant_firm=firm)
    UserFactory(consultant_firm=firm)
    for i in range(12):
        employer = build_ab_certified() if i % 2 else build_sk_new()
        EmployerMembershipFactory(employer=employer, receives_reminders=True)
        if i % 3 == 0:
            ConsultantAccessFactory(employer=employer, firm=firm)
    digest_user = UserFactory()
    NotificationPreferenceFactory(user=digest_user, digest=True)
    EmployerMembershipFactory(employer=employer, user=digest_user)

    barrier = threading.Barrier(SWEEPS)
    errors: list[BaseException] = []
    stats = []

    def sweep():
        try:
            barrier.wait(timeout=30)
            stats.append(run_sweep(chunk=3))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(SWEEPS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors

    singles = [
        m for m in mail.outbox if "digest" not in m.subject.lower() and "deadlines for" not in m.subject
    ]
    sent = Counter()
    for m in singles:
        (pk,) = re.findall(r"/reminders/deadlines/(\d+)/", m.body)
        sent[(int(pk), m.to[0])] += 1
    expected = {pair for pair in expected_reminders(today) if pair[1] != digest_user.email}
    duplicates = {k: v for k, v in sent.items() if v > 1}
    misses = expected - set(sent)
    assert expected, "the scenario must produce reminders"
    assert duplicates == {}
    assert misses == set()
    assert set(sent) == expected
    assert Reminder.objects.filter(status=Reminder.Status.PENDING).count() == 0
    # one in-app notice per ledger row, one digest for the digest user
    assert Notification.objects.count() == Reminder.objects.exclude(status=Reminder.Status.SKIPPED).count()
    # each ledger row was claimed by exactly one of the sweeps
    assert sum(s.reminders_claimed + s.reminders_reclaimed for s in stats) == Notification.objects.count()
    digests = [m for m in mail.outbox if m.to == [digest_user.email]]
    assert len(digests) == 1
