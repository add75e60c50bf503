"""Named scenarios across AB, SK, BC and MB partners, covering every boundary of the rules.

Each id names the province/partner and the boundary; the comment or id cites the source (seed file or page in
program-rules.md). Expectations are checked by ``_check`` on the Evaluation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rules_builders import audit, d, find, person, rec, run, scen, snaps, warning_codes, workers

from provinces.base import Evaluation, Person, Scenario

ACSA_TRAINED = (
    person("ann", "owner", roles={"assessor"}),
    person("bob"),
)
ACSA_RECORDS = (
    rec("ann", "PHSM", "2025-01-10"),
    rec("bob", "CSTS", "2025-01-10"),
    rec("bob", "SFA", "2025-01-10"),
)


def _left(p: Person, end: str) -> Person:
    from dataclasses import replace

    return replace(p, end=d(end))


def _check(e: Evaluation, expected: dict[str, Any]) -> None:
    for key, want in expected.items():
        if key == "status":
            assert e.eligibility.status.value == want, e.eligibility.verdict
        elif key == "count":
            assert e.eligibility.count == pytest.approx(want), e.eligibility.numbers
        elif key == "warn":
            assert set(want) <= warning_codes(e), warning_codes(e)
        elif key == "nowarn":
            assert not set(want) & warning_codes(e), warning_codes(e)
        elif key == "training":
            assert e.training.satisfied is want, e.training.verdict
        elif key.startswith("req:"):
            r = next(r for r in e.training.requirements if r.code == key[4:])
            assert r.satisfied is want, r.reason
        elif key.startswith("dl:"):
            kind, _, rest = key[3:].partition("#")
            nth = int(rest) if rest else 0
            due, met = want
            dl = find(e, kind, nth)
            assert (dl.due.isoformat(), dl.met) == (due, met), dl
        elif key.startswith("nodl:"):
            assert all(x.kind != key[5:] for x in e.deadlines), [x.kind for x in e.deadlines]
        elif key == "cert":  # (state, not held since)
            assert e.certificate is not None
            since = e.certificate.not_held_since
            assert (e.certificate.state.value, since.isoformat() if since else None) == want, e.certificate
        elif key == "audit":
            assert e.audit is not None
            assert e.audit.passed is want, e.audit.verdict
        elif key == "incentive":
            assert (str(e.incentive.amount) if e.incentive.amount is not None else None) == want, e.incentive
        elif key == "basis":
            assert e.incentive.numbers["basis"] == want
        elif key.startswith("step:"):
            step = next(s for s in e.path if s.code == key[5:])
            assert step.state.value == want, [(s.code, s.state.value) for s in e.path]
        elif key == "move_to_cor_by":
            assert e.eligibility.move_to_cor_by == d(want)
        elif key == "note":
            assert any(want in n for n in e.incentive.notes), e.incentive.notes
        elif key == "no_note":
            assert not any(want in n for n in e.incentive.notes), e.incentive.notes
        else:  # pragma: no cover
            raise AssertionError(f"unknown expectation {key}")


def _ab(n: int, partner: str = "ACSA", **kw: Any) -> Scenario:
    return scen("AB", partner, people=workers(n) + tuple(kw.pop("extra", ())), **kw)


def _sk(n: int, partner: str = "SCSA", **kw: Any) -> Scenario:
    return scen("SK", partner, people=workers(n, province="SK") + tuple(kw.pop("extra", ())), **kw)


def _months(n: int, count: int, first: str = "2025-12-01") -> Any:
    return snaps([count] * n, first)


# A full year of BCFSC snapshots ending with the as-of month (2025-12 … 2026-11).
def _bcfsc(counts: list[int], **kw: Any) -> Scenario:
    assert len(counts) == 12
    return scen("BC", "BCFSC", monthly_headcounts=snaps(counts, "2025-12-01"), **kw)


SK_TRAINED = (person("sam", "full_time_permanent", province="SK", wcb_account="111"),)
SK_FULL = (
    rec("sam", "SCSA_SM", "2026-01-10"),
    rec("sam", "SCSA_SAT", "2026-02-10"),
    rec("sam", "SCSA_AUDITOR_CERT", "2026-06-01"),
    rec("sam", "SCSA_LSE", "2026-03-10"),
    rec("sam", "SCSA_SCOT", "2026-03-11"),
)

CASES = [
    # ---- Alberta eligibility: ≤10 at any time in the past 12 months (ACSA secor-process; seed 001) ----
    pytest.param(
        _ab(10),
        {"status": "eligible", "count": 10, "warn": {"AB_THRESHOLD_WORDING"}},
        id="AB-ACSA-10-eligible[C1]",
    ),
    pytest.param(
        _ab(11),
        {"status": "not_eligible", "count": 11, "step:training": "blocked"},
        id="AB-ACSA-11-go-to-COR[seed001]",
    ),
    pytest.param(_ab(9), {"status": "eligible", "nowarn": {"AB_THRESHOLD_WORDING"}}, id="AB-ACSA-9-eligible"),
    pytest.param(
        _ab(10, extra=workers(3, "supplier_visitor", prefix="s")),
        {"status": "eligible", "count": 10},
        id="AB-ACSA-suppliers-inspectors-never-count[seed001]",
    ),
    pytest.param(
        _ab(10, extra=workers(1, "subcontractor", prefix="sub")),
        {"status": "eligible", "warn": {"AB_SUBCONTRACTORS"}},
        id="AB-ACSA-subcontractor-not-counted[C3]",
    ),
    pytest.param(
        _ab(10, "AMHSA", extra=workers(1, "subcontractor", prefix="sub")),
        {"status": "not_eligible", "count": 11},
        id="AB-AMHSA-counts-subcontractors[AMHSA]",
    ),
    pytest.param(
        _ab(10, extra=(person("x", "owner"), person("y", "family_member"), person("z", "volunteer"))),
        {"status": "not_eligible", "count": 13},
        id="AB-owners-family-volunteers-count[ACSA]",
    ),
    pytest.param(
        scen(
            "AB",
            "ACSA",
            people=workers(2, "part_time", "p")
            + workers(2, "casual", "c")
            + workers(3, "temporary", "t")
            + workers(3, "family_member", "f"),
        ),
        {"status": "eligible", "count": 10},
        id="AB-part-time-casual-temporary-count-10[ACSA]",
    ),
    pytest.param(
        _ab(10, extra=(_left(person("gone"), "2026-03-22"),)),
        {"status": "not_eligible", "count": 11, "warn": {"AB_LOOKBACK_PERIOD"}},
        id="AB-ACSA-peak-11-eight-months-ago[ACSA-12-months;C2]",
    ),
    pytest.param(
        _ab(10, extra=(_left(person("gone"), "2025-11-22"),)),
        {"status": "eligible", "count": 10},
        id="AB-ACSA-11th-left-on-window-start-not-counted",
    ),
    pytest.param(
        _ab(10, extra=(_left(person("gone"), "2025-11-23"),)),
        {"status": "not_eligible", "count": 11},
        id="AB-ACSA-11th-left-day-after-window-start-counted",
    ),
    pytest.param(
        scen(
            "AB", "ACSA", as_of=date(2018, 6, 1), people=workers(10) + (_left(person("gone"), "2017-10-01"),)
        ),
        {"status": "eligible", "count": 10, "warn": {"EFFECTIVE_DATE_ASSUMED"}},
        id="AB-ACSA-2018-older-rule-counts-on-the-day[seed001]",
    ),
    pytest.param(
        # year 2 maintenance submitted (without it the certificate is cancelled and there is no COR move)
        _ab(
            11,
            holds_secor=True,
            key_dates={"certified_on": "2025-03-01", "last_maintenance_audit_on": "2026-02-20"},
        ),
        {"status": "outgrown", "move_to_cor_by": "2027-03-01", "dl:move_to_cor": ("2027-03-01", None)},
        id="AB-ACSA-outgrown-move-to-COR-next-maintenance[seed001]",
    ),
    pytest.param(
        _ab(5, has_wcb_account=False),
        {"status": "prerequisites_missing"},
        id="AB-no-WCB-account[seed000-step2]",
    ),
    pytest.param(
        _ab(5, has_membership=False),
        {"status": "prerequisites_missing", "step:register": "current"},
        id="AB-no-membership-register-is-current[seed000-step2]",
    ),
    pytest.param(scen("AB", "ACSA"), {"status": "no_data", "warn": {"NO_HEADCOUNT_DATA"}}, id="AB-no-data"),
    pytest.param(
        scen("AB", "ASC", monthly_headcounts=_months(12, 9) + snaps([11], "2026-05-01")),
        {"status": "not_eligible", "count": 11},
        id="AB-ASC-monthly-snapshot-peak-11",
    ),
    # ---- Saskatchewan eligibility: (9) or less incl. subcontractors (seed 003; SCSA page C4) ----
    pytest.param(
        _sk(9),
        {"status": "eligible", "warn": {"SK_THRESHOLD_NINE"}},
        id="SK-SCSA-9-eligible-with-warning[C4]",
    ),
    pytest.param(
        _sk(10),
        {"status": "not_eligible", "nowarn": {"SK_THRESHOLD_NINE"}},
        id="SK-SCSA-10-not-eligible[seed003]",
    ),
    pytest.param(_sk(8), {"status": "eligible", "nowarn": {"SK_THRESHOLD_NINE"}}, id="SK-SCSA-8-no-warning"),
    pytest.param(
        _sk(8, extra=workers(2, "subcontractor", prefix="sub")),
        {"status": "not_eligible", "count": 10},
        id="SK-SCSA-subcontractors-count[seed003]",
    ),
    pytest.param(
        _sk(3, general_contractor_expected_workers=10),
        {"status": "not_eligible"},
        id="SK-SCSA-GC-expecting-10-no-longer-qualifies[seed003]",
    ),
    pytest.param(
        _sk(3, general_contractor_expected_workers=9), {"status": "eligible"}, id="SK-SCSA-GC-expecting-9-ok"
    ),
    pytest.param(
        _sk(3, permanent_office_in_province=False),
        {"status": "prerequisites_missing"},
        id="SK-SCSA-no-permanent-office[seed003]",
    ),
    pytest.param(
        _sk(9, "HCSAS"), {"status": "eligible", "nowarn": {"SK_THRESHOLD_NINE"}}, id="SK-HCSAS-9-less-than-10"
    ),
    pytest.param(_sk(10, "HCSAS"), {"status": "not_eligible"}, id="SK-HCSAS-10-not-eligible[HCSAS]"),
    pytest.param(
        _sk(9, "HCSAS", extra=workers(1, "subcontractor", prefix="sub")),
        {"status": "eligible"},
        id="SK-HCSAS-subcontractor-not-on-WCB-account",
    ),
    # ---- BC eligibility by partner (program-rules §1.3, C10) ----
    pytest.param(
        scen("BC", "GO2HR", annual_payroll_hours=41_579),
        {"status": "eligible"},
        id="BC-GO2HR-41579h-19.99-FTE[go2HR]",
    ),
    pytest.param(
        scen("BC", "GO2HR", annual_payroll_hours=41_600),
        {"status": "not_eligible", "count": 20},
        id="BC-GO2HR-41600h-20-FTE-not-eligible[go2HR]",
    ),
    pytest.param(
        scen("BC", "GO2HR", people=workers(19, hours_per_week=40)),
        {"status": "eligible", "count": 19, "warn": {"FTE_ESTIMATED"}},
        id="BC-GO2HR-FTE-estimated-from-weekly-hours",
    ),
    pytest.param(
        scen("BC", "BCCSA", people=workers(19)),
        {"status": "eligible", "warn": {"BC_THRESHOLD_METHOD"}},
        id="BC-BCCSA-19",
    ),
    pytest.param(
        scen("BC", "BCCSA", people=workers(20)), {"status": "not_eligible"}, id="BC-BCCSA-20-not-eligible"
    ),
    pytest.param(
        scen("BC", "BCCSA", annual_payroll_hours=39_520), {"status": "eligible"}, id="BC-BCCSA-19.0-FTE"
    ),
    pytest.param(
        scen("BC", "BCCSA", annual_payroll_hours=39_521),
        {"status": "not_eligible"},
        id="BC-BCCSA-19.0005-FTE",
    ),
    pytest.param(
        scen("BC", "AGSAFE", people=workers(19)), {"status": "eligible"}, id="BC-AGSAFE-19-full-time[AgSafe]"
    ),
    pytest.param(
        scen("BC", "MSABC", people=workers(20)), {"status": "not_eligible"}, id="BC-MSABC-20[MSABC-1-19]"
    ),
    pytest.param(
        _bcfsc([15] * 11 + [24]),
        {"status": "eligible", "count": pytest.approx(15.75)},
        id="BC-BCFSC-peak-24-ok[SEBASE]",
    ),
    pytest.param(
        _bcfsc([15] * 11 + [25]), {"status": "not_eligible"}, id="BC-BCFSC-peak-25-not-eligible[SEBASE]"
    ),
    pytest.param(_bcfsc([20] * 11 + [19]), {"status": "eligible"}, id="BC-BCFSC-average-19.92-ok"),
    pytest.param(
        _bcfsc([20] * 12), {"status": "not_eligible", "count": 20}, id="BC-BCFSC-average-20-not-eligible"
    ),
    pytest.param(
        _bcfsc([20] * 10 + [4, 4]),
        {"status": "not_eligible", "count": 20},
        id="BC-BCFSC-months-under-25pct-not-operating",
    ),
    pytest.param(
        _bcfsc([20] * 10 + [5, 5]),
        {"status": "eligible", "count": 17.5},
        id="BC-BCFSC-month-at-25pct-is-operating",
    ),
    pytest.param(
        scen("BC", "BCFSC", people=workers(19) + workers(1, "dedicated_contractor", prefix="dc")),
        {"status": "not_eligible", "count": 20},
        id="BC-BCFSC-dedicated-contractors-count[BCFSC]",
    ),
    pytest.param(scen("MB", "CSAM", people=workers(9)), {"status": "eligible"}, id="MB-CSAM-9-less-than-10"),
    pytest.param(
        scen("MB", "CSAM", people=workers(10)),
        {"status": "not_eligible", "warn": {"MB_RULES_PARTIAL"}},
        id="MB-CSAM-10",
    ),
    # ---- Training (seed 000, ACSA training page, seed 003, BCCSA) ----
    pytest.param(
        scen("AB", "ACSA", people=ACSA_TRAINED, training=ACSA_RECORDS),
        {"training": True},
        id="AB-ACSA-trained",
    ),
    pytest.param(
        scen(
            "AB",
            "ACSA",
            people=(_left(ACSA_TRAINED[0], "2026-11-22"), ACSA_TRAINED[1]),
            training=ACSA_RECORDS,
        ),
        {"training": False, "req:assessor_phsm": False, "dl:trained_person_left": ("2026-11-22", False)},
        id="AB-ACSA-assessor-left-on-as-of[seed000]",
    ),
    pytest.param(
        scen(
            "AB",
            "ACSA",
            people=(_left(ACSA_TRAINED[0], "2026-11-23"), ACSA_TRAINED[1]),
            training=ACSA_RECORDS,
        ),
        {"training": True, "nodl:trained_person_left": True},
        id="AB-ACSA-assessor-leaves-tomorrow-still-counts",
    ),
    pytest.param(
        scen("AB", "ACSA", people=(ACSA_TRAINED[0], person("bob", "part_time")), training=ACSA_RECORDS),
        {"req:csts": False, "req:first_aid": False},
        id="AB-ACSA-part-timer-cannot-hold-CSTS[ACSA-full-time]",
    ),
    pytest.param(
        scen("AB", "ACSA", people=(person("ann", "owner"), ACSA_TRAINED[1]), training=ACSA_RECORDS),
        {"req:assessor_phsm": False},
        id="AB-ACSA-PHSM-holder-not-appointed-assessor[seed000]",
    ),
    pytest.param(
        scen("AB", "ACSA", people=ACSA_TRAINED, training=(rec("bob", "CSTS", "2023-11-22"),)),
        {"dl:training_refresher": ("2026-11-22", None)},
        id="AB-ACSA-refresher-due-today-open[ACSA-3-years]",
    ),
    pytest.param(
        scen(
            "AB",
            "ACSA",
            as_of=date(2026, 11, 23),
            people=ACSA_TRAINED,
            training=(rec("bob", "CSTS", "2023-11-22"),),
        ),
        {"dl:training_refresher": ("2026-11-22", False), "warn": {"AB_REFRESHER_RULE"}},
        id="AB-ACSA-refresher-day-after-missed",
    ),
    pytest.param(
        scen(
            "AB",
            "ACSA",
            as_of=date(2019, 6, 1),
            people=ACSA_TRAINED,
            training=(rec("ann", "PHSM", "2014-01-10"), rec("bob", "ACSA_COURSE", "2017-03-01")),
        ),
        {"dl:training_refresher": ("2020-03-01", None)},
        id="AB-ACSA-current-rule-any-full-time-course[ACSA]",
    ),
    pytest.param(
        scen(
            "AB",
            "ACSA",
            as_of=date(2018, 6, 1),
            people=ACSA_TRAINED,
            training=(rec("ann", "PHSM", "2014-01-10"), rec("bob", "ACSA_COURSE", "2017-03-01")),
        ),
        {"dl:training_refresher": ("2017-01-10", False)},
        id="AB-ACSA-older-rule-initial-person-must-refresh[seed001;C8]",
    ),
    pytest.param(
        scen(
            "AB",
            "ESC",
            people=(person("ann", roles={"assessor"}),),
            training=(rec("ann", "SPD", "2023-01-10"), rec("ann", "ESC_SECOR_REFRESHER", "2025-12-01")),
        ),
        {"training": True, "dl:training_refresher": ("2028-12-01", None)},
        id="AB-ESC-refresher-resets-assessor-3-years[ESC]",
    ),
    pytest.param(
        scen(
            "AB",
            "ESC",
            people=(person("ann", roles={"assessor"}),),
            training=(rec("ann", "SPD", "2023-01-10"),),
        ),
        {"training": False},
        id="AB-ESC-assessor-status-expired",
    ),
    pytest.param(
        scen("SK", "SCSA", people=SK_TRAINED, training=SK_FULL, wcb_account="111"),
        {"training": True, "dl:auditor_certification": ("2026-10-10", True)},
        id="SK-SCSA-four-courses-and-certified[seed003]",
    ),
    pytest.param(
        scen(
            "SK",
            "SCSA",
            people=SK_TRAINED,
            training=(rec("sam", "SCSA_SAT", "2026-01-05"), *SK_FULL[:1], *SK_FULL[2:]),
        ),
        {"req:safety_auditor": False},
        id="SK-SCSA-auditor-training-before-safety-management[seed003-prerequisite]",
    ),
    pytest.param(
        scen(
            "SK",
            "SCSA",
            people=SK_TRAINED,
            training=(
                rec("sam", "SCSA_SM", "2025-01-01"),
                rec("sam", "SCSA_SAT", "2025-02-28"),
                rec("sam", "SCSA_AUDITOR_CERT", "2025-10-28"),
            ),
        ),
        {"req:safety_auditor": True, "dl:auditor_certification": ("2025-10-28", True)},
        id="SK-SCSA-auditor-certified-on-8-month-day",
    ),
    pytest.param(
        scen(
            "SK",
            "SCSA",
            people=SK_TRAINED,
            training=(
                rec("sam", "SCSA_SM", "2025-01-01"),
                rec("sam", "SCSA_SAT", "2025-02-28"),
                rec("sam", "SCSA_AUDITOR_CERT", "2025-10-29"),
            ),
        ),
        {"req:safety_auditor": False, "dl:auditor_certification": ("2025-10-28", False)},
        id="SK-SCSA-auditor-certified-day-late-repeat-course[seed003]",
    ),
    pytest.param(
        scen("SK", "SCSA", as_of=date(2026, 10, 10), people=SK_TRAINED, training=SK_FULL[:2]),
        {"req:safety_auditor": True, "dl:auditor_certification": ("2026-10-10", None)},
        id="SK-SCSA-no-certification-yet-on-due-day-open",
    ),
    pytest.param(
        scen("SK", "SCSA", as_of=date(2026, 10, 11), people=SK_TRAINED, training=SK_FULL[:2]),
        {"req:safety_auditor": False, "dl:auditor_certification": ("2026-10-10", False)},
        id="SK-SCSA-no-certification-day-after-due",
    ),
    pytest.param(
        scen(
            "SK",
            "SCSA",
            people=(person("sam", province="SK", wcb_account="222"),),
            training=SK_FULL,
            wcb_account="111",
        ),
        {"training": False},
        id="SK-SCSA-trained-employee-for-another-WCB-account[seed003]",
    ),
    pytest.param(
        scen("SK", "SCSA", people=(person("sam", "part_time", province="SK"),), training=SK_FULL),
        {"training": False},
        id="SK-SCSA-part-time-excluded[seed003]",
    ),
    pytest.param(
        scen("SK", "SCSA", people=(person("sam", province="AB"),), training=SK_FULL),
        {"training": False},
        id="SK-SCSA-not-a-Saskatchewan-employee[seed003]",
    ),
    pytest.param(
        scen(
            "SK",
            "SCSA",
            as_of=date(2026, 2, 10),
            people=SK_TRAINED,
            training=(
                rec("sam", "SCSA_SM", "2022-01-01"),
                rec("sam", "SCSA_SAT", "2023-02-10"),
                rec("sam", "SCSA_AUDITOR_CERT", "2023-05-01"),
            ),
        ),
        {
            "req:safety_auditor": True,
            "dl:auditor_expiry": ("2026-02-10", None),
            "dl:auditor_maintenance_audit": ("2025-10-10", False),
            "warn": {"SK_AUDITOR_MAINTENANCE"},
        },
        id="SK-SCSA-auditor-valid-on-expiry-day-maintenance-4-months-before[seed003]",
    ),
    pytest.param(
        scen(
            "SK",
            "SCSA",
            as_of=date(2026, 2, 11),
            people=SK_TRAINED,
            training=(
                rec("sam", "SCSA_SM", "2022-01-01"),
                rec("sam", "SCSA_SAT", "2023-02-10"),
                rec("sam", "SCSA_AUDITOR_CERT", "2023-05-01"),
            ),
        ),
        {"req:safety_auditor": False},
        id="SK-SCSA-auditor-expired-day-after-3-years",
    ),
    pytest.param(
        scen(
            "BC",
            "BCCSA",
            people=(person("ian", roles={"internal_auditor"}),),
            training=(
                rec("ian", "BCCSA_PHSM", "2026-01-01"),
                rec("ian", "BCCSA_IAT", "2026-02-01"),
                rec("ian", "BCCSA_STUDENT_AUDIT", "2026-03-01"),
            ),
        ),
        {"training": True, "dl:student_audit": ("2026-03-01", True)},
        id="BC-BCCSA-student-audit-on-day-28[BCCSA-4-weeks]",
    ),
    pytest.param(
        scen(
            "BC",
            "BCCSA",
            people=(person("ian", roles={"internal_auditor"}),),
            training=(
                rec("ian", "BCCSA_PHSM", "2026-01-01"),
                rec("ian", "BCCSA_IAT", "2026-02-01"),
                rec("ian", "BCCSA_STUDENT_AUDIT", "2026-03-02"),
            ),
        ),
        {"training": False, "dl:student_audit": ("2026-03-01", False)},
        id="BC-BCCSA-student-audit-day-29-late",
    ),
    pytest.param(
        scen(
            "BC",
            "GO2HR",
            people=(person("cat", roles={"safety_champion"}),),
            training=(rec("cat", "GO2HR_SECOR_IAT", "2026-02-29" if False else "2024-02-29"),),
            annual_payroll_hours=10_000,
        ),
        {
            "training": True,
            "dl:student_audit": ("2025-02-28", False),
            "warn": {"GO2HR_STUDENT_AUDIT_INFERRED"},
        },
        id="BC-GO2HR-student-audit-12-months-from-leap-day[go2HR]",
    ),
    pytest.param(
        scen(
            "BC",
            "BCFSC",
            people=(person("fay", roles={"internal_auditor"}),),
            training=(rec("fay", "BCFSC_SEOHS", "2022-01-10"), rec("fay", "BCFSC_REFRESHER", "2024-12-01")),
        ),
        {"training": True, "dl:training_refresher": ("2027-12-01", None)},
        id="BC-BCFSC-7h-refresher-extends-3-years[BCFSC]",
    ),
    # ---- Deadlines: maintenance anchors (C6), validity, leap days, month ends ----
    pytest.param(
        _ab(3, "ASC", as_of=date(2025, 8, 31), key_dates={"certified_on": "2024-08-31"}),
        {
            "dl:maintenance_audit": ("2025-08-31", None),
            "dl:maintenance_audit#1": ("2026-08-31", None),
            "dl:certificate_expiry": ("2027-08-31", None),
            "cert": ("held", None),
        },
        id="AB-ASC-anniversary-31-aug[ASC]",
    ),
    pytest.param(
        _ab(3, "ASC", key_dates={"certified_on": "2024-08-31"}),
        {
            "cert": ("cancelled", "2025-09-01"),
            "nodl:maintenance_audit": True,
            "nodl:certificate_expiry": True,
        },
        id="AB-ASC-missed-year-2-cancelled-next-day-no-maintenance-deadlines[ASC]",
    ),
    pytest.param(
        _ab(3, "ASC", as_of=date(2025, 2, 28), key_dates={"certified_on": "2024-02-29"}),
        {"dl:maintenance_audit": ("2025-02-28", None), "dl:certificate_expiry": ("2027-02-28", None)},
        id="AB-ASC-anniversary-from-leap-day",
    ),
    pytest.param(
        _ab(3, "ASC", as_of=date(2025, 3, 1), key_dates={"certified_on": "2024-02-29"}),
        {"cert": ("cancelled", "2025-03-01")},
        id="AB-ASC-anniversary-from-leap-day-cancelled-1-march",
    ),
    pytest.param(
        _ab(3, "ASC", as_of=date(2025, 8, 31), key_dates={"certified_on": "2024-08-31"}),
        {"dl:maintenance_audit": ("2025-08-31", None)},
        id="AB-ASC-maintenance-due-day-open",
    ),
    pytest.param(
        _ab(
            3,
            "ASC",
            as_of=date(2025, 9, 1),
            key_dates={"certified_on": "2024-08-31", "maintenance_year2_submitted_on": "2025-08-31"},
        ),
        {"dl:maintenance_audit": ("2025-08-31", True)},
        id="AB-ASC-maintenance-submitted-on-due-day",
    ),
    pytest.param(
        _ab(
            3,
            "ASC",
            as_of=date(2025, 9, 5),
            key_dates={"certified_on": "2024-08-31", "maintenance_year2_submitted_on": "2025-09-01"},
        ),
        {"cert": ("cancelled", "2025-09-01"), "nodl:maintenance_audit": True},
        id="AB-ASC-maintenance-submitted-day-after-cancelled[ASC]",
    ),
    pytest.param(
        _ab(
            3,
            "AMHSA",
            key_dates={"certified_on": "2024-03-10", "maintenance_year2_submitted_on": "2025-12-31"},
        ),
        {
            "dl:maintenance_audit": ("2025-12-31", True),
            "dl:maintenance_audit#1": ("2026-12-31", None),
            "cert": ("held", None),
        },
        id="AB-AMHSA-calendar-years[AMHSA]",
    ),
    pytest.param(
        _ab(3, "ESC", as_of=date(2025, 3, 31), key_dates={"certified_on": "2024-03-10"}),
        {"dl:maintenance_audit": ("2025-03-31", None), "dl:certificate_expiry": ("2027-03-10", None)},
        id="AB-ESC-month-of-expiry[ESC]",
    ),
    pytest.param(
        _ab(3, key_dates={"history_documented_since": "2024-05-31", "audit_submitted_on": "2024-08-30"}),
        {"dl:history_minimum": ("2024-08-31", False)},
        id="AB-ACSA-history-3-months-day-before[seed000-step4]",
    ),
    pytest.param(
        _ab(3, key_dates={"history_documented_since": "2024-05-31", "audit_submitted_on": "2024-08-31"}),
        {"dl:history_minimum": ("2024-08-31", True)},
        id="AB-ACSA-history-3-months-on-the-day",
    ),
    pytest.param(
        _ab(
            3, "ESC", key_dates={"history_documented_since": "2024-02-29", "audit_submitted_on": "2024-07-01"}
        ),
        {"dl:history_minimum": ("2025-02-28", False), "dl:history_one_year_secor": ("2024-05-29", True)},
        id="AB-ESC-12-months-or-one-year-SECOR-at-3[ESC;C5]",
    ),
    pytest.param(
        _ab(
            3,
            "AASP",
            key_dates={
                "data_gathering_started_on": "2024-03-01",
                "data_gathering_completed_on": "2024-03-15",
                "audit_submitted_on": "2024-04-05",
            },
        ),
        {"dl:data_gathering_end": ("2024-03-15", True), "dl:audit_submission": ("2024-04-05", True)},
        id="AB-AASP-15-day-and-21-day-windows-on-last-day[AASP-2019]",
    ),
    pytest.param(
        _ab(
            3,
            "AASP",
            key_dates={
                "data_gathering_started_on": "2024-03-01",
                "data_gathering_completed_on": "2024-03-16",
                "audit_submitted_on": "2024-04-07",
            },
        ),
        {"dl:data_gathering_end": ("2024-03-15", False), "dl:audit_submission": ("2024-04-06", False)},
        id="AB-AASP-16th-day-and-22nd-day-late",
    ),
    pytest.param(
        _ab(3, "AASP", as_of=date(2019, 2, 1), key_dates={"data_gathering_started_on": "2018-12-31"}),
        {"nodl:data_gathering_end": True},
        id="AB-AASP-before-2019-no-window",
    ),
    pytest.param(
        _ab(3, "AASP", as_of=date(2019, 2, 1), key_dates={"data_gathering_started_on": "2019-01-01"}),
        {"dl:data_gathering_end": ("2019-01-15", False)},
        id="AB-AASP-from-2019-01-01-window-applies",
    ),
    pytest.param(
        _sk(3, key_dates={"registered_on": "2024-08-31"}),
        {"dl:milestone_1": ("2025-08-31", False), "dl:certification_deadline": ("2026-02-28", False)},
        id="SK-SCSA-milestones-12-18-from-31-aug[seed003]",
    ),
    pytest.param(
        _sk(3, as_of=date(2025, 8, 31), key_dates={"registered_on": "2024-08-31"}),
        {"dl:milestone_1": ("2025-08-31", None)},
        id="SK-SCSA-milestone-1-due-day-open",
    ),
    pytest.param(
        _sk(
            3,
            as_of=date(2025, 9, 1),
            key_dates={"registered_on": "2024-08-31", "milestone1_completed_on": "2025-08-31"},
        ),
        {"dl:milestone_1": ("2025-08-31", True)},
        id="SK-SCSA-milestone-1-on-due-day-met",
    ),
    pytest.param(
        _sk(3, key_dates={"registered_on": "2024-02-29", "certified_on": "2025-08-29"}),
        # certification closes Milestone 1 (SCSA: the milestone is a step to certification)
        {"dl:milestone_1": ("2025-02-28", True), "dl:certification_deadline": ("2025-08-29", True)},
        id="SK-SCSA-milestones-from-leap-day",
    ),
    pytest.param(
        _sk(3, key_dates={"registered_on": "2024-02-29", "certified_on": "2025-08-30"}),
        {"dl:certification_deadline": ("2025-08-29", False)},
        id="SK-SCSA-certified-day-after-18-months",
    ),
    pytest.param(
        _sk(3, as_of=date(2018, 10, 1), key_dates={"registered_on": "2016-06-01"}),
        {"dl:transition_certification": ("2018-12-31", None), "nodl:milestone_1": True},
        id="SK-SCSA-registered-2016-old-rules-until-2018-12-31[seed003]",
    ),
    pytest.param(
        _sk(3, as_of=date(2018, 10, 1), key_dates={"registered_on": "2017-05-01"}),
        {"dl:milestone_1": ("2019-09-01", None), "dl:certification_deadline": ("2020-03-01", None)},
        id="SK-SCSA-registered-2017-transition-18-months-from-2018-09[seed003]",
    ),
    pytest.param(
        _sk(3, as_of=date(2019, 7, 2), key_dates={"removed_on": "2019-01-01", "registered_on": "2019-07-01"}),
        {"dl:reregistration_wait": ("2019-07-01", True), "warn": {"SK_REREGISTRATION_WAIT_INFERRED"}},
        id="SK-SCSA-6-month-wait-register-2019-07-01[seed003-example]",
    ),
    pytest.param(
        _sk(3, as_of=date(2019, 7, 2), key_dates={"removed_on": "2019-01-01", "registered_on": "2019-06-30"}),
        {"dl:reregistration_wait": ("2019-07-01", False)},
        id="SK-SCSA-re-registered-day-before-wait-ends",
    ),
    pytest.param(
        scen(
            "BC",
            "GO2HR",
            as_of=date(2026, 12, 20),
            annual_payroll_hours=9000,
            key_dates={"planned_audit_start": "2026-12-15", "notice_of_audit_sent_on": "2026-12-01"},
        ),
        {"dl:notice_of_audit": ("2026-12-01", True), "dl:earliest_audit_start": ("2026-12-15", True)},
        id="BC-GO2HR-NOAA-14-days[seed004-step5]",
    ),
    pytest.param(
        scen(
            "BC",
            "GO2HR",
            as_of=date(2026, 12, 20),
            annual_payroll_hours=9000,
            key_dates={"planned_audit_start": "2026-12-15", "notice_of_audit_sent_on": "2026-12-02"},
        ),
        {"dl:notice_of_audit": ("2026-12-01", False), "dl:earliest_audit_start": ("2026-12-16", False)},
        id="BC-GO2HR-NOAA-13-days-too-late",
    ),
    pytest.param(
        scen(
            "BC",
            "GO2HR",
            as_of=date(2026, 12, 20),
            annual_payroll_hours=9000,
            key_dates={"planned_audit_start": "2026-12-15", "notice_of_audit_sent_on": "2026-11-30"},
        ),
        {"dl:notice_of_audit": ("2026-12-01", True)},
        id="BC-GO2HR-NOAA-15-days",
    ),
    pytest.param(
        scen("BC", "GO2HR", annual_payroll_hours=9000, key_dates={"planned_audit_start": "2026-12-06"}),
        {"dl:notice_of_audit": ("2026-11-22", None), "step:notice": "todo"},
        id="BC-GO2HR-NOAA-last-day-today-open",
    ),
    pytest.param(
        scen("BC", "BCCSA", date(2025, 12, 31), people=workers(3), key_dates={"certified_on": "2024-07-21"}),
        {
            "dl:maintenance_audit": ("2025-12-31", None),
            "dl:recertification": ("2027-07-21", None),
            "warn": {"BC_MAINTENANCE_DEADLINE"},
        },
        id="BC-BCCSA-maintenance-before-31-december[WorkSafeBC-S&G]",
    ),
    pytest.param(
        _bcfsc([5] * 12, as_of=date(2025, 6, 30), key_dates={"certified_on": "2024-03-10"}),
        {
            "dl:maintenance_audit": ("2025-03-10", None),
            "dl:maintenance_audit_final": ("2025-06-30", None),
            "cert": ("held", None),
        },
        id="BC-BCFSC-march-anniversary-slips-to-30-june[BCFSC]",
    ),
    pytest.param(
        _bcfsc([5] * 12, as_of=date(2025, 7, 1), key_dates={"certified_on": "2024-03-10"}),
        {"cert": ("lapsed", "2025-07-01"), "nodl:maintenance_audit_final": True},
        id="BC-BCFSC-slip-date-passed-lapsed-1-july[BCFSC]",
    ),
    pytest.param(
        _bcfsc(
            [5] * 12,
            as_of=date(2025, 12, 1),
            key_dates={"certified_on": "2024-07-21", "maintenance_year2_submitted_on": "2025-11-30"},
        ),
        {"dl:maintenance_audit_final": ("2025-12-31", True)},
        id="BC-BCFSC-july-anniversary-slips-to-31-december",
    ),
    pytest.param(
        scen("MB", "CSAM", people=workers(3), key_dates={"registered_on": "2024-08-31"}),
        {"dl:certification_deadline": ("2026-02-28", False)},
        id="MB-CSAM-certify-within-18-months[CSAM-2015]",
    ),
    pytest.param(
        scen(
            "MB", "CSAM", as_of=date(2015, 6, 1), people=workers(3), key_dates={"registered_on": "2015-04-30"}
        ),
        {"nodl:certification_deadline": True},
        id="MB-CSAM-registered-before-2015-05-01-no-18-month-rule",
    ),
    # ---- Audit scoring (80% overall, 50% per element; §3.4) ----
    pytest.param(
        _ab(3, audit=audit("certification", (80, 100), (50, 100), (350, 350))),
        {"audit": True},
        id="AB-certification-pass-80-and-50",
    ),
    pytest.param(
        _ab(3, audit=audit("certification", (79.9, 100))), {"audit": False}, id="AB-certification-79.9-fails"
    ),
    pytest.param(
        _ab(3, audit=audit("certification", (80, 100))), {"audit": True}, id="AB-certification-80.0-passes"
    ),
    pytest.param(
        _ab(3, audit=audit("certification", (49.9, 100), (350, 350))),
        {"audit": False},
        id="AB-element-49.9-fails",
    ),
    pytest.param(
        _ab(3, audit=audit("certification", (50, 100), (350, 350))),
        {"audit": True},
        id="AB-element-50-passes",
    ),
    pytest.param(
        _ab(3, "ASC", audit=audit("certification", (90, 100), qa=80)),
        {"audit": True},
        id="AB-ASC-QA-80-passes",
    ),
    pytest.param(
        _ab(3, "ASC", audit=audit("certification", (90, 100), qa=79.9)),
        {"audit": False},
        id="AB-ASC-QA-79.9-fails",
    ),
    pytest.param(
        _ab(3, "ASC", audit=audit("certification", (90, 100))), {"audit": None}, id="AB-ASC-QA-pending"
    ),
    pytest.param(
        _ab(3, "ESC", audit=audit("maintenance", (10, 100), (300, 300))),
        {"audit": True, "warn": {"ESC_MAINTENANCE_PASS_MARK"}},
        id="AB-ESC-maintenance-60-overall-no-element-min",
    ),
    pytest.param(
        _ab(3, "ESC", audit=audit("maintenance", (59.9, 100))), {"audit": False}, id="AB-ESC-maintenance-59.9"
    ),
    pytest.param(
        _ab(3, audit=audit("maintenance", (79, 100))),
        {"audit": False, "warn": {"MAINTENANCE_PASS_MARK_UNCONFIRMED"}},
        id="AB-ACSA-maintenance-unconfirmed-uses-80",
    ),
    pytest.param(
        _bcfsc([5] * 12, audit=audit("certification", (19, 24))),
        {"audit": True, "warn": {"BCFSC_PASS_MARK_ROUNDING"}},
        id="BC-BCFSC-19-of-24-passes",
    ),
    pytest.param(
        _bcfsc([5] * 12, audit=audit("certification", (18, 24))),
        {"audit": False},
        id="BC-BCFSC-18-of-24-fails",
    ),
    pytest.param(
        scen("MB", "CSAM", people=workers(2), audit=audit("maintenance", (49, 100), (150, 150))),
        {"audit": False},
        id="MB-CSAM-every-audit-50-per-section",
    ),
    # ---- Incentives (§Q6) ----
    pytest.param(
        scen("BC", "GO2HR", annual_payroll_hours=5000, annual_premium=1333.33),
        {
            "incentive": "1000.00",
            "basis": "75% of premium (below the $1,000 cap)",
            "warn": {"BC_INCENTIVE_FLOOR_BASIS"},
        },
        id="BC-floor-75pct-at-1333.33[seed004]",
    ),
    pytest.param(
        scen("BC", "GO2HR", annual_payroll_hours=5000, annual_premium=1333.34),
        {"incentive": "1000.00", "basis": "the $1,000 small-employer cap"},
        id="BC-floor-cap-at-1333.34",
    ),
    pytest.param(
        scen("BC", "GO2HR", annual_payroll_hours=5000, annual_premium=1000),
        {"incentive": "750.00"},
        id="BC-floor-75pct-of-1000",
    ),
    pytest.param(
        scen("BC", "GO2HR", annual_payroll_hours=5000, annual_premium=25000, base_assessment=20000),
        {"incentive": "2000.00", "basis": "10% of base assessment"},
        id="BC-10pct-of-base",
    ),
    pytest.param(
        scen("BC", "GO2HR", annual_payroll_hours=5000, annual_premium=12000, base_assessment=10000),
        {"incentive": "1000.00"},
        id="BC-10pct-equals-cap-at-10000-base[BCFSC-table]",
    ),
    pytest.param(
        _ab(3, annual_premium=20000, holds_secor=True),
        {"incentive": "1000.00", "warn": {"AB_PIR_FIRST_YEAR"}},
        id="AB-PIR-5pct[seed001]",
    ),
    pytest.param(
        _sk(3), {"incentive": None, "note": "exceed $1M"}, id="SK-no-rebate-procurement-note[SK-2019]"
    ),
    pytest.param(
        _sk(3, as_of=date(2019, 3, 31)),
        {"incentive": None, "no_note": "exceed $1M"},
        id="SK-procurement-rule-not-yet-2019-03-31",
    ),
    pytest.param(
        scen("MB", "CSAM", people=workers(2), annual_premium=4000),
        {"incentive": "3000.00"},
        id="MB-4000-gives-3000",
    ),
    pytest.param(
        scen("MB", "CSAM", people=workers(2), annual_premium=100000),
        {"incentive": "15000.00"},
        id="MB-100000-gives-15000",
    ),
    pytest.param(
        scen("MB", "CSAM", people=workers(2), annual_premium=2000),
        {"incentive": "1500.00"},
        id="MB-capped-at-75pct",
    ),
]


@pytest.mark.parametrize(("scenario", "expected"), CASES)
def test_scenario(scenario: Scenario, expected: dict[str, Any]) -> None:
    _check(run(scenario), expected)


def test_there_are_at_least_80_named_scenarios() -> None:
    assert len(CASES) >= 80
