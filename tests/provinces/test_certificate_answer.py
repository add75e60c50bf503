"""The engine answers certificate status (``Evaluation.certificate``, ``provinces/holding.py``): from the
scenario's ledger or its key dates, per partner, with sources; path, deadlines and incentive follow; and
certification closes the pre-certification deadlines (SK Milestone 1, go2HR's student audit)."""

from __future__ import annotations

from datetime import date

import pytest
from rules_builders import d, find, person, rec, run, scen, workers

from provinces.certificates import CertificateEvent, EventKind

ISSUED = date(2024, 3, 1)


def issued(number: str = "N-1", on: date = ISSUED, expires: date | None = None) -> CertificateEvent:
    return CertificateEvent(
        EventKind.ISSUED, on, number=number, issued_on=on, expires_on=expires or on.replace(year=on.year + 3)
    )


def ev(kind: EventKind, on: str, seq: int, **kw: object) -> CertificateEvent:
    return CertificateEvent(kind, d(on), sequence=seq, **kw)  # type: ignore[arg-type]


# ---- the answer from a ledger ----------------------------------------------------------------------------


def test_held_with_its_number_term_and_source() -> None:
    e = run(scen("AB", "ACSA", date(2025, 2, 28), people=workers(3), certificate_events=(issued(),)))
    cert = e.certificate
    assert cert is not None
    assert (cert.held, cert.state.value, cert.number, cert.partner) == (True, "held", "N-1", "ACSA")
    assert cert.rule is not None
    assert cert.rule.code == "certificate.term"
    assert "safetycouncil.ab.ca" in cert.rule.reference
    assert {x.kind for x in e.deadlines} >= {"maintenance_audit", "recertification", "certificate_expiry"}
    assert next(s for s in e.path if s.code == "certified").state.value == "done"
    assert e.incentive.amount is None or e.incentive.verdict.startswith("PIR")


@pytest.mark.parametrize(
    ("as_of", "held"),
    [("2025-02-28", True), ("2025-03-01", True), ("2025-03-02", False)],
    ids=["day-before", "last-day", "day-after"],
)
def test_missed_maintenance_from_the_ledger_day_before_of_after(as_of: str, held: bool) -> None:
    """ACSA: year-2 maintenance due on the anniversary (2025-03-01); cancelled from 2025-03-02."""
    e = run(scen("AB", "ACSA", d(as_of), people=workers(3), certificate_events=(issued(),)))
    cert = e.certificate
    assert cert is not None
    assert cert.held is held
    if not held:
        assert (cert.state.value, cert.not_held_since) == ("cancelled", date(2025, 3, 2))
        assert cert.missed == "Year 2 maintenance audit due"
        assert cert.rule is not None
        assert cert.rule.code == "certificate.missed_maintenance"
        assert not any(x.kind.startswith("maintenance_audit") for x in e.deadlines)
        assert e.next_step.startswith("Certificate cancelled since 2025-03-02. Start certification again")
        assert "ask ACSA to reinstate" in e.next_step


def test_accepted_maintenance_in_the_ledger_keeps_it() -> None:
    events = (issued(), ev(EventKind.MAINTENANCE_ACCEPTED, "2025-02-20", 1, submitted_on=d("2025-02-15")))
    e = run(scen("AB", "ACSA", date(2025, 6, 1), people=workers(3), certificate_events=events))
    assert e.certificate is not None
    assert e.certificate.held
    assert find(e, "maintenance_audit").met is True
    assert find(e, "maintenance_audit", 1).met is None


def test_recorded_cancellation_and_reinstatement() -> None:
    events = (issued(), ev(EventKind.CANCELLED, "2024-09-01", 1, reason="Audit fraud", decided_by="reviewer"))
    e = run(scen("AB", "ACSA", date(2024, 10, 1), people=workers(3), certificate_events=events))
    cert = e.certificate
    assert cert is not None
    assert (cert.state.value, cert.reason, cert.decided_by) == ("cancelled", "Audit fraud", "reviewer")
    assert cert.rule is not None
    assert cert.rule.code == "certificate.partner_decision"
    back = events + (ev(EventKind.REINSTATED, "2024-09-15", 2, reason="error"),)
    again = run(scen("AB", "ACSA", date(2024, 10, 1), people=workers(3), certificate_events=back))
    assert again.certificate is not None
    assert again.certificate.held


def test_renewal_starts_the_schedule_again() -> None:
    events = (
        issued(),
        ev(EventKind.MAINTENANCE_ACCEPTED, "2025-02-01", 1, submitted_on=d("2025-02-01")),
        ev(EventKind.MAINTENANCE_ACCEPTED, "2026-02-01", 2, submitted_on=d("2026-02-01")),
        ev(EventKind.RENEWED, "2027-02-15", 3, issued_on=d("2027-03-01"), expires_on=d("2030-03-01")),
    )
    e = run(scen("AB", "ACSA", date(2027, 6, 1), people=workers(3), certificate_events=events))
    assert e.certificate is not None
    assert (e.certificate.held, e.certificate.expires_on) == (True, date(2030, 3, 1))
    assert find(e, "maintenance_audit").due == date(2028, 3, 1)


def test_an_issue_after_the_as_of_date_is_not_held_yet() -> None:
    e = run(scen("AB", "ACSA", date(2024, 2, 29), people=workers(3), certificate_events=(issued(),)))
    assert e.certificate is not None
    assert e.certificate.state.value == "never"
    assert not any(x.kind == "certificate_expiry" for x in e.deadlines)


@pytest.mark.parametrize(
    ("partner", "province", "state"),
    [
        ("SCSA", "SK", "lapsed"),
        ("GO2HR", "BC", "lapsed"),
        ("CSAM", "MB", "lapsed"),
        ("ASC", "AB", "cancelled"),
    ],
)
def test_each_partner_cites_its_own_rule_and_way_back(partner: str, province: str, state: str) -> None:
    e = run(scen(province, partner, date(2026, 11, 22), people=workers(3), certificate_events=(issued(),)))
    cert = e.certificate
    assert cert is not None
    assert cert.state.value == state
    assert cert.rule is not None
    assert "http" in cert.rule.reference
    assert cert.way_back.startswith("Start certification again with ")
    assert cert.way_back_reference
    if state == "lapsed":
        assert "reinstate" not in cert.way_back


def test_removed_sk_way_back_is_the_six_month_wait() -> None:
    events = (ev(EventKind.REMOVED, "2025-01-01", 0, reason="Milestone missed"),)
    e = run(scen("SK", "SCSA", date(2025, 2, 1), people=workers(3), certificate_events=events))
    cert = e.certificate
    assert cert is not None
    assert cert.state.value == "removed"
    assert cert.way_back.startswith(
        "Register with Saskatchewan Construction Safety Association again after the 6"
    )
    assert e.next_step.startswith("Removed from the program since 2025-01-01.")


def test_moved_to_cor_cites_the_size_limit() -> None:
    events = (issued(), ev(EventKind.MOVED_TO_COR, "2024-12-01", 1, reason="grew"))
    e = run(scen("MB", "CSAM", date(2025, 1, 1), people=workers(3), certificate_events=events))
    cert = e.certificate
    assert cert is not None
    assert cert.state.value == "moved_to_cor"
    assert "regular COR program" in cert.way_back
    assert cert.rule is not None
    assert cert.rule.code == "threshold"


def test_no_incentive_while_not_held() -> None:
    held = run(
        scen(
            "MB",
            "CSAM",
            date(2025, 2, 1),
            people=workers(3),
            annual_premium=30000,
            certificate_events=(issued(),),
        )
    )
    assert held.incentive.amount is not None
    lost = run(
        scen(
            "MB",
            "CSAM",
            date(2025, 3, 2),
            people=workers(3),
            annual_premium=30000,
            certificate_events=(issued(),),
        )
    )
    assert lost.incentive.amount is None
    assert lost.incentive.verdict.startswith("Not paid: WCB Manitoba prevention rebate is paid only while")
    assert "Once certified again: Prevention rebate estimate" in lost.incentive.verdict


def test_expired_by_date_without_a_renewal() -> None:
    events = (
        issued(),
        ev(EventKind.MAINTENANCE_ACCEPTED, "2025-02-01", 1, submitted_on=d("2025-02-01")),
        ev(EventKind.MAINTENANCE_ACCEPTED, "2026-02-01", 2, submitted_on=d("2026-02-01")),
    )
    last = run(scen("AB", "ACSA", date(2027, 3, 1), people=workers(3), certificate_events=events))
    assert last.certificate is not None
    assert last.certificate.held
    after = run(scen("AB", "ACSA", date(2027, 3, 2), people=workers(3), certificate_events=events))
    cert = after.certificate
    assert cert is not None
    assert (cert.state.value, cert.not_held_since) == ("expired", date(2027, 3, 2))
    assert cert.way_back.startswith("Recertify with Alberta Construction Safety Association")
    assert not any(x.kind in ("recertification", "certificate_expiry") for x in after.deadlines)


# ---- pre-certification deadlines close on certification -----------------------------------------------


def _sk(as_of: date, **key_dates: str) -> object:
    return run(scen("SK", "SCSA", as_of, people=workers(3, province="SK"), key_dates=key_dates))


def test_sk_milestone_1_counts_as_met_by_certification() -> None:
    # registered 2024-01-15: Milestone 1 due 2025-01-15 (12 months), nothing recorded for it
    open_ = _sk(date(2025, 1, 16), registered_on="2024-01-15")
    assert find(open_, "milestone_1").met is False  # type: ignore[arg-type]
    certified = _sk(date(2025, 1, 16), registered_on="2024-01-15", certified_on="2024-12-01")
    assert find(certified, "milestone_1").met is True  # type: ignore[arg-type]
    # certified after the as-of date: not yet
    later = _sk(date(2024, 11, 30), registered_on="2024-01-15", certified_on="2024-12-01")
    assert find(later, "milestone_1").met is None  # type: ignore[arg-type]


def _bc(partner: str, course: str, as_of: date, certified: str | None) -> object:
    key_dates = {"certified_on": certified} if certified else {}
    return run(
        scen(
            "BC",
            partner,
            as_of,
            annual_payroll_hours=9000,
            people=(person("cam", roles={"safety_champion", "internal_auditor"}),),
            training=(rec("cam", course, "2024-01-10"),),
            key_dates=key_dates,
        )
    )


@pytest.mark.parametrize(("partner", "course"), [("GO2HR", "GO2HR_SECOR_IAT"), ("SAFETYDRIVEN", "SD_IAT")])
def test_student_audit_is_met_by_the_certification_audit(partner: str, course: str) -> None:
    """go2HR: the champion's student audit "also acts as your initial certification audit" (seed 004)."""
    missed = _bc(partner, course, date(2025, 1, 11), None)
    assert find(missed, "student_audit").met is False  # type: ignore[arg-type]
    closed = _bc(partner, course, date(2025, 1, 11), "2024-11-01")
    assert find(closed, "student_audit").met is True  # type: ignore[arg-type]
    before = _bc(partner, course, date(2024, 10, 31), "2024-11-01")
    assert find(before, "student_audit").met is None  # type: ignore[arg-type]


def test_bccsa_student_audit_assignment_is_not_closed_by_certification() -> None:
    e = _bc("BCCSA", "BCCSA_IAT", date(2024, 3, 1), "2024-02-20")
    assert find(e, "student_audit").met is False  # type: ignore[arg-type]
