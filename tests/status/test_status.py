"""The stored status: written on commit after a change, coalesced, skipped by quiet sweeps, honest marks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secor.accounts.models import EmployerMembership
from secor.reminders.services import run_sweep
from secor.status import compute, services
from secor.status.models import EmployerStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 11, 22, 19, 0, tzinfo=dt.UTC)  # 12:00 in Edmonton


def make_employer(**kwargs):
    employer = f.EmployerFactory(legal_name="Status Roofing Ltd.", **kwargs)
    f.EnrolmentFactory(employer=employer, registered_on=dt.date(2026, 1, 10))
    f.WCBAccountFactory(employer=employer)
    f.OperatingProvinceFactory(employer=employer)
    for first in ("Ada", "Ben"):
        f.PersonFactory(
            employer=employer, first_name=first, last_name="Roofer", start_date=dt.date(2020, 1, 6)
        )
    return employer


# ---- recompute after a change --------------------------------------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_a_saved_person_marks_the_row_stale_then_the_commit_recomputes_it(django_capture_on_commit_callbacks):
    employer = make_employer()
    services.recompute([employer.pk])
    row = EmployerStatus.objects.get(employer=employer)
    assert row.is_current(dt.date(2026, 11, 22))
    counted = row.counted
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        f.PersonFactory(employer=employer, first_name="Cy", start_date=dt.date(2021, 1, 4))
    row.refresh_from_db()
    assert row.dirty_since is not None  # stale at once, in the same transaction: readers say so
    assert not row.is_current(dt.date(2026, 11, 22))
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert row.dirty_since is None
    assert row.counted == counted + 1


@time_machine.travel(NOON, tick=False)
def test_many_changes_in_one_transaction_are_recomputed_once(django_capture_on_commit_callbacks, monkeypatch):
    employer = make_employer()
    calls = []
    real = services.recompute
    monkeypatch.setattr(services, "recompute", lambda ids, **kw: calls.append(list(ids)) or real(ids, **kw))
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for i in range(5):
                f.PersonFactory(employer=employer, first_name=f"P{i}")
    assert calls == [[employer.pk]]


@time_machine.travel(NOON, tick=False)
def test_a_recompute_that_started_before_a_change_leaves_the_row_stale():
    employer = make_employer()
    services.recompute([employer.pk])
    later = dt.datetime(2026, 11, 22, 19, 0, 5, tzinfo=dt.UTC)
    EmployerStatus.objects.filter(employer=employer).update(dirty_since=later)
    services.recompute([employer.pk])  # started at NOON, before the change
    assert EmployerStatus.objects.get(employer=employer).dirty_since == later


# ---- how long an answer holds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2027, 1, 9), dt.date(2027, 1, 10)),  # the day before a due date: good until the due date
        (dt.date(2027, 1, 10), dt.date(2027, 1, 11)),  # the day of: until the day after (it becomes overdue)
        (dt.date(2027, 1, 11), dt.date(2027, 2, 1)),  # the day after: nothing left but the new month
        (dt.date(2027, 1, 31), dt.date(2027, 2, 1)),  # month end
        (dt.date(2028, 2, 28), dt.date(2028, 2, 29)),  # leap day in the records
        (dt.date(2028, 2, 29), dt.date(2028, 3, 1)),
    ],
)
def test_valid_until_boundaries(today, expected):
    evaluation = {
        "scenario": {"as_of": today.isoformat()},  # the as-of echo does not count
        "eligibility": {"numbers": {"window_end": today.isoformat(), "window_start": "2026-01-09"}},
        "deadlines": [{"due": "2027-01-10"}, {"due": "2028-02-29"}],
    }
    assert compute.valid_until(today, evaluation=evaluation) == expected


def test_the_lookback_lengths_cover_every_partners_counting_window():
    """``valid_until`` shifts a person's or a headcount's dates by ``LOOKBACK_MONTHS`` only: every partner's
    counting window, in every version and under every reading, must be one of those lengths (or the day
    itself), else a row would be trusted past the day a worker leaves the window."""
    import provinces
    from provinces import readings

    seen = set()
    for province in provinces.provinces():
        for profile in province.partners.values():
            params = [profile.param("threshold")]
            days = {v.effective_from for v in params[0].versions} | {dt.date(2026, 12, 1)}
            for conflict in readings.CONFLICTS:
                if not any(conflict.applies(profile, day) for day in days):
                    continue
                for reading in conflict.readings:
                    rewritten = conflict.apply(profile, reading.code).get("threshold")
                    if rewritten is not None:
                        params.append(rewritten)
            for param in params:
                for version in param.versions:
                    seen.add(version.value.lookback_months)
    assert seen <= {0, *compute.LOOKBACK_MONTHS}, seen
    assert 12 in seen  # the test looks at the real rules


def _decisions(value):
    """An evaluation without the values that echo the as-of day."""
    if isinstance(value, dict):
        return {k: _decisions(v) for k, v in value.items() if k not in compute.AS_OF_ECHOES}
    if isinstance(value, list):
        return [_decisions(v) for v in value]
    return value


def test_an_answer_does_not_change_before_its_valid_until():
    """The promise the daily job relies on to skip a row: on every day before ``valid_until`` the engine gives
    the same answer as on the row's as-of day. Walked day by day over 50 days (a month end included) for
    generated employers of every partner (people leaving, training expiring, certificates in every state)."""
    import provinces
    from secor.employers import demo
    from secor.employers.evaluation import current_enrolment, scenario_for
    from secor.employers.models import Employer

    start = dt.date(2026, 11, 20)
    demo.build_generated(28, today=start)
    leaver = make_employer()  # peak 3 until the leaver's last day leaves the 12-month window (11 Dec 2026)
    f.PersonFactory(
        employer=leaver, first_name="Cy", start_date=dt.date(2021, 3, 1), end_date=dt.date(2025, 12, 10)
    )
    checked = recomputed = 0
    for employer in Employer.objects.order_by("pk"):
        enrolment = current_enrolment(employer)
        if enrolment is None:
            continue
        scenario = scenario_for(employer, as_of=start, enrolment=enrolment)
        day, until, answer = start, None, None
        while day < start + dt.timedelta(days=50):
            data = compute.jsonable(provinces.evaluate(dataclasses.replace(scenario, as_of=day)))
            if until is None or day >= until:
                answer = _decisions(data)
                until = compute.valid_until(day, scenario=scenario, evaluation=data)
                recomputed += 1
            else:
                assert _decisions(data) == answer, (employer.legal_name, day, until)
                checked += 1
            day += dt.timedelta(days=1)
    assert checked > 20 * 30  # most days were answered by a stored row
    assert recomputed > 28  # and some rows did reach their day


# ---- the daily job ------------------------------------------------------------------------------------


def test_a_quiet_day_recomputes_nothing_and_a_change_recomputes_one():
    employers = [make_employer() for _ in range(3)]
    with time_machine.travel(NOON, tick=False):
        first = run_sweep(dispatch=False)
        assert first.statuses_recomputed == 3
        again = run_sweep(dispatch=False)
        assert again.employers == 3
        assert again.statuses_recomputed == 0
        f.PersonFactory(employer=employers[0], first_name="New")  # marks the row stale (signal)
        changed = run_sweep(dispatch=False)
        assert changed.statuses_recomputed == 1
    rows = EmployerStatus.objects.all()
    soonest = min(r.valid_until for r in rows)
    with time_machine.travel(dt.datetime.combine(soonest, dt.time(19), tzinfo=dt.UTC), tick=False):
        later = run_sweep(dispatch=False)  # the day an answer could change: those rows are recomputed
        assert later.statuses_recomputed >= 1


@time_machine.travel(NOON, tick=False)
def test_quiet_sweep_queries_do_not_grow_with_employers():
    for _ in range(2):
        make_employer()
    run_sweep(dispatch=False)
    with CaptureQueriesContext(connection) as small:
        run_sweep(dispatch=False)
    for _ in range(6):
        make_employer()
    run_sweep(dispatch=False)
    with CaptureQueriesContext(connection) as large:
        run_sweep(dispatch=False)
    assert len(large.captured_queries) == len(small.captured_queries)


# ---- the mark and the dashboard -------------------------------------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_one_person_holding_the_training_is_a_risk_not_an_amber_mark():
    employer = make_employer()
    from secor.employers.demo import training_plan

    ada = employer.people.get(first_name="Ada")
    ada.is_assessor = True
    ada.save()
    for course in training_plan(employer.enrolments.get().partner, dt.date(2026, 11, 22)):
        f.TrainingRecordFactory(person=ada, course=course, completed_on=dt.date(2026, 10, 1))
    row = services.recompute([employer.pk])[0]
    assert row.risk == "amber"
    assert "one person" in row.risk_text
    assert not any("one person" in reason.lower() for reason in row.reasons)
    if not row.reasons:
        assert row.rag == "green"


@time_machine.travel(NOON, tick=False)
def test_dashboard_reads_once(client):
    employer = make_employer()
    user = f.UserFactory(email="dash@example.com")
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    services.recompute([employer.pk])
    client.force_login(user)
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("web:dashboard"))
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    people_reads = [s for s in sqls if 'FROM "employers_person"' in s]
    assert len(people_reads) == 1, people_reads  # once, for the matrix, the chart and the holders
    assert not any("employers_enrolment" in s and "employers_wcbaccount" in s for s in sqls)  # no evaluation
    # The first visit also finds the user's only employer and keeps it in the session (a savepoint, the
    # session's update, its release), which later visits read instead.
    assert len(sqls) <= 18, "\n".join(sqls)
    with CaptureQueriesContext(connection) as again:
        body = client.get(reverse("web:dashboard")).content.decode()
    # The cards drawn from the stored status are rendered once per status version.
    assert not any('FROM "employers_person"' in q["sql"] for q in again.captured_queries)
    assert len(again.captured_queries) <= 9
    assert "Who is trained" in body
    f.PersonFactory(employer=employer, first_name="Zed", last_name="Newcomer")  # recompute (on commit)
    services.recompute([employer.pk])
    assert "Zed Newcomer" in client.get(reverse("web:dashboard")).content.decode()


@time_machine.travel(NOON, tick=False)
def test_evaluation_api_reads_the_stored_row(client):
    employer = make_employer()
    user = f.UserFactory(email="api@example.com")
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    services.recompute([employer.pk])
    stored = EmployerStatus.objects.get(employer=employer).evaluation
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(f"/api/employers/{employer.pk}/evaluation/").json()
    # the stored evaluation, as the API shows every evaluation: with public citations (title + address)
    from secor.core.citations import public_evaluation

    assert body == public_evaluation(stored)
    assert not any('FROM "training_trainingrecord"' in q["sql"] for q in ctx.captured_queries)
    # one query for the employer with its stored row (the session and the user aside), only the columns the
    # stored answer reads
    (read,) = [q["sql"] for q in ctx.captured_queries if 'FROM "employers_employer"' in q["sql"]]
    assert '"status_employerstatus"."evaluation"' in read
    assert '"status_employerstatus"."reasons"' not in read


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("stale", ["rules", "missing"])
def test_evaluation_api_brings_a_stale_or_missing_row_up_to_date(client, stale):
    """The API reads only a few columns of the employer; a row to recompute needs no more than that."""
    employer = make_employer()
    user = f.UserFactory(email="api@example.com")
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    services.recompute([employer.pk])
    expected = EmployerStatus.objects.get(employer=employer).evaluation
    if stale == "rules":
        EmployerStatus.objects.filter(employer=employer).update(rules_version="an older engine")
    else:
        EmployerStatus.objects.filter(employer=employer).delete()
    client.force_login(user)
    body = client.get(f"/api/employers/{employer.pk}/evaluation/").json()
    from secor.core.citations import public_evaluation

    row = EmployerStatus.objects.get(employer=employer)
    assert row.rules_version == compute.rules_version()
    assert row.evaluation == expected
    assert body == public_evaluation(expected)
