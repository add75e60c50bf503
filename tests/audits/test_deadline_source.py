"""The audits area's deadline source for the reminders sweep: BC Notice of Audit Activity, AASP windows."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
import time_machine

import provinces
from audits import deadlines as source
from audits.models import Audit, AuditKind, AuditStatus, Instrument
from secor.employers.models import Enrolment
from secor.reminders.models import Deadline
from secor.reminders.services import run_sweep
from secor.reminders.sources import contributed_sources, employers_for_sweep
from secor.status.services import request_recompute
from tests.audits.factories import enrolled_employer
from tests.factories import EmployerFactory, EnrolmentFactory, partner
from tests.reminders.conftest import at_noon

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
START = TODAY + timedelta(days=20)  # a BC audit planned 20 days ahead
NOTICE_DUE = START - timedelta(days=14)  # 2026-11-28


def engine_reference(province: str, code: str, param: str, on: dt.date) -> str:
    return provinces.get_partner(province, code).param(param).at(on).reference


def plan(setup_or_employer, *, starts_on: dt.date, **fields) -> Audit:
    """An audit row as planning stores it (the planning rules are tested in test_planning.py)."""
    employer = getattr(setup_or_employer, "employer", setup_or_employer)
    enrolment = employer.enrolments.get()
    instrument = Instrument.objects.filter(partner=enrolment.partner).first() or Instrument.objects.create(
        partner=enrolment.partner,
        code=f"{enrolment.partner.code}-TEST",
        version="1",
        title="Test instrument",
        description="For deadline tests.",
        effective_from=dt.date(2019, 1, 1),
        kinds=["certification"],
        checksum="0" * 64,
    )
    fields.setdefault("auditor_type", Audit.AuditorType.EXTERNAL)
    fields.setdefault("external_auditor_name", "A. Auditor")
    return Audit.objects.create(
        employer=employer,
        enrolment=enrolment,
        partner=enrolment.partner,
        instrument=instrument,
        kind=AuditKind.CERTIFICATION,
        starts_on=starts_on,
        **fields,
    )


def by_kind(audit: Audit, as_of: dt.date) -> dict[str, object]:
    found = source.audit_deadlines(audit, as_of)
    assert len({d.kind for d in found}) == len(found)
    return {d.kind: d for d in found}


def aasp_employer():
    employer = EmployerFactory(province="AB")
    EnrolmentFactory(
        employer=employer,
        partner=partner("AB", "AASP"),
        status=Enrolment.Status.IN_PROGRESS,
        registered_on=dt.date(2025, 1, 15),
        history_documented_since=dt.date(2025, 1, 1),
    )
    return employer


def test_the_source_is_registered_by_the_audits_app():
    assert contributed_sources()["audits"] is source.employer_audit_deadlines


# ---- BC Notice of Audit Activity ------------------------------------------------------------------------


def test_bc_audit_planned_20_days_ahead_needs_the_notice_14_days_before_the_start():
    audit = plan(enrolled_employer("GO2HR"), starts_on=START)
    notice = by_kind(audit, TODAY)["notice_of_audit"]
    assert notice.due == NOTICE_DUE == dt.date(2026, 11, 28)
    # The inverse of the engine's rule: a notice sent on the due date allows exactly this start.
    assert provinces.earliest_audit_start("BC", "GO2HR", notice.due) == START
    assert notice.met is None  # not sent, still open
    assert notice.reference == engine_reference("BC", "GO2HR", "notice_days", START)
    assert "14 days" in notice.title
    assert START.isoformat() in notice.title
    assert notice.consequence
    assert set(by_kind(audit, TODAY)) == {"notice_of_audit"}  # go2HR has no AASP windows


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(NOTICE_DUE - timedelta(days=1), None, id="day-before-open"),
        pytest.param(NOTICE_DUE, None, id="due-day-still-open"),
        pytest.param(NOTICE_DUE + timedelta(days=1), False, id="day-after-missed"),
    ],
)
def test_notice_not_sent_is_open_until_the_due_date_then_missed(as_of, expected):
    audit = plan(enrolled_employer("GO2HR"), starts_on=START)
    assert by_kind(audit, as_of)["notice_of_audit"].met is expected


@pytest.mark.parametrize(
    ("sent_on", "expected"),
    [
        pytest.param(NOTICE_DUE - timedelta(days=1), True, id="sent-day-before"),
        pytest.param(NOTICE_DUE, True, id="sent-on-due-day"),  # exactly 14 days before the start
        pytest.param(NOTICE_DUE + timedelta(days=1), False, id="sent-day-after-late"),  # 13 days' notice
    ],
)
def test_notice_sent_on_or_before_the_due_date_is_met(sent_on, expected):
    audit = plan(enrolled_employer("GO2HR"), starts_on=START, notice_sent_on=sent_on)
    assert by_kind(audit, START)["notice_of_audit"].met is expected


def test_a_notice_dated_in_the_future_is_not_sent_yet():
    audit = plan(enrolled_employer("GO2HR"), starts_on=START, notice_sent_on=NOTICE_DUE)
    assert by_kind(audit, TODAY)["notice_of_audit"].met is None


def test_partners_without_notice_or_windows_contribute_nothing():
    audit = plan(enrolled_employer("ACSA"), starts_on=START)
    assert source.audit_deadlines(audit, TODAY) == []


# ---- AASP data-gathering and submission windows ---------------------------------------------------------

AASP_START = dt.date(2026, 12, 1)
GATHERING_END = dt.date(2026, 12, 15)  # 15 days counting the first: the 1st to the 15th


def test_aasp_data_gathering_ends_on_day_15_and_submission_is_due_21_days_after_the_last_day():
    audit = plan(aasp_employer(), starts_on=AASP_START)
    found = by_kind(audit, TODAY)
    assert set(found) == {"data_gathering_end"}  # no last day planned yet: no submission deadline
    end = found["data_gathering_end"]
    assert end.due == GATHERING_END
    assert end.met is None
    assert end.reference == engine_reference("AB", "AASP", "audit_windows", AASP_START)

    Audit.objects.filter(pk=audit.pk).update(ends_on=dt.date(2026, 12, 10))
    audit.refresh_from_db()
    submission = by_kind(audit, TODAY)["audit_submission"]
    assert submission.due == dt.date(2026, 12, 31)  # 10 December + 21 days
    assert submission.met is None
    assert submission.reference == end.reference
    assert "21 days" in submission.title


@pytest.mark.parametrize(
    ("ends_on", "expected"),
    [
        pytest.param(GATHERING_END - timedelta(days=1), True, id="day-14"),
        pytest.param(GATHERING_END, True, id="day-15"),
        pytest.param(GATHERING_END + timedelta(days=1), False, id="day-16-too-long"),
    ],
)
def test_data_gathering_boundaries(ends_on, expected):
    audit = plan(aasp_employer(), starts_on=AASP_START, ends_on=ends_on)
    as_of = ends_on + timedelta(days=1)
    assert by_kind(audit, as_of)["data_gathering_end"].met is expected
    # A planned last day that has not come yet is not "done": still open before the window closes.
    assert by_kind(audit, AASP_START)["data_gathering_end"].met is None


@pytest.mark.parametrize(
    ("submitted_on", "as_of", "expected"),
    [
        pytest.param(None, dt.date(2026, 12, 30), None, id="not-submitted-day-before"),
        pytest.param(None, dt.date(2026, 12, 31), None, id="not-submitted-due-day"),
        pytest.param(None, dt.date(2027, 1, 1), False, id="not-submitted-day-after"),
        pytest.param(dt.date(2026, 12, 31), dt.date(2027, 1, 5), True, id="submitted-on-due-day"),
        pytest.param(dt.date(2027, 1, 1), dt.date(2027, 1, 5), False, id="submitted-day-after"),
    ],
)
def test_submission_window_boundaries(submitted_on, as_of, expected):
    audit = plan(
        aasp_employer(), starts_on=AASP_START, ends_on=dt.date(2026, 12, 10), first_submitted_on=submitted_on
    )
    assert by_kind(audit, as_of)["audit_submission"].met is expected


def test_aasp_audit_started_before_the_windows_took_effect_has_no_window_deadlines():
    audit = plan(aasp_employer(), starts_on=dt.date(2018, 12, 1), ends_on=dt.date(2018, 12, 31))
    assert source.audit_deadlines(audit, dt.date(2019, 2, 1)) == []


def test_the_partners_review_due_date_is_not_an_employer_deadline():
    audit = plan(
        aasp_employer(),
        starts_on=AASP_START,
        ends_on=dt.date(2026, 12, 10),
        first_submitted_on=dt.date(2026, 12, 20),
        status=AuditStatus.IN_REVIEW,
        review_due_on=dt.date(2027, 1, 17),
    )
    found = source.employer_audit_deadlines(audit.employer, dt.date(2026, 12, 21))
    assert {d.kind for d in found} == {"data_gathering_end", "audit_submission"}
    assert dt.date(2027, 1, 17) not in {d.due for d in found}


# ---- through the reminders sweep -----------------------------------------------------------------------


def test_sweep_stores_the_audit_deadlines_updates_met_and_resolves_them_when_the_audit_is_decided():
    s = enrolled_employer("GO2HR")
    audit = plan(s, starts_on=START)
    with time_machine.travel(at_noon(TODAY), tick=False):
        run_sweep()
        row = Deadline.objects.get(employer=s.employer, origin="audits", kind="notice_of_audit")
        assert row.due == NOTICE_DUE
        assert row.met is None
        assert row.resolved_at is None
        assert row.source == engine_reference("BC", "GO2HR", "notice_days", START)

        # A queryset update fires no signal: tell the stored status, as the audit services do on save.
        Audit.objects.filter(pk=audit.pk).update(notice_sent_on=TODAY)
        request_recompute(s.employer.pk)
        run_sweep()
        row.refresh_from_db()
        assert row.met is True

        Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.ACCEPTED)
        request_recompute(s.employer.pk)
        run_sweep()
        row.refresh_from_db()
        assert row.resolved_at is not None  # a decided audit contributes nothing any more


def test_prefetched_chunk_reads_the_audits_without_queries(django_assert_num_queries):
    employers = []
    for _ in range(3):
        s = enrolled_employer("GO2HR")
        plan(s, starts_on=START)
        employers.append(s.employer.pk)
    fetched = list(employers_for_sweep(employers))
    with django_assert_num_queries(0):
        found = [source.employer_audit_deadlines(e, TODAY) for e in fetched]
    assert [[d.kind for d in f] for f in found] == [["notice_of_audit"]] * 3
