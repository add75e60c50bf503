"""Issue 14, the rules engine round two: named scenarios with their sources and boundary tests.

- full-time judged from hours (ACSA, https://www.youracsa.ca/secor-training-requirements/);
- lapsed maintenance training makes the training answer and the path's training step unmet (ACSA);
- ESC's one-year SECOR with 3 to 12 months of documented history
  (https://energysafetycanada.com/COR/CORSECOR/SECOR);
- the removal date the user knows (SCSA 2018 example: last day 2018-12-31 → again from 2019-07-01, seed 003);
- readings for each source conflict, and the answer under the other reading;
- facts users ask for (fees, records period, next program, internal auditor obligations);
- WorkSafeBC good standing, the 2020 audit waiver, SafetyDriven's small-employer COR.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from rules_builders import d, find, person, rec, run, scen, warning_codes, workers

from provinces import ScenarioError, readings, scenario_from_dict
from provinces.base import EligibilityStatus, StepState

# ---- full-time from hours ---------------------------------------------------------------------------------

ACSA_PEOPLE = (person("ann", "owner", roles={"assessor"}, hours_per_week=40.0),)
ACSA_RECS = (
    rec("ann", "PHSM", "2025-01-10"),
    rec("bob", "CSTS", "2025-01-10"),
    rec("bob", "SFA", "2025-01-10"),
)


def _acsa_with_bob(hours: float | None) -> object:
    bob = person("bob", hours_per_week=hours)
    return run(scen("AB", "ACSA", d("2026-06-01"), people=(*ACSA_PEOPLE, bob), training=ACSA_RECS))


@pytest.mark.parametrize(
    ("hours", "held"),
    [(20.0, False), (29.5, False), (30.0, True), (30.5, True), (40.0, True)],
    ids=["20h-part-time-in-fact", "29.5h-day-before", "30h-boundary", "30.5h-after", "40h"],
)
def test_acsa_full_time_is_judged_from_hours(hours: float, held: bool) -> None:
    e = _acsa_with_bob(hours)
    req = next(r for r in e.training.requirements if "bob" in r.held_by or "CSTS" in r.courses)
    assert req.satisfied is held, req.reason
    if not held:
        assert f"works {hours:g} hours a week" in req.reason
        assert e.training.satisfied is False
    assert "FULL_TIME_HOURS_UNKNOWN" not in warning_codes(e)


def test_acsa_full_time_with_unknown_hours_is_accepted_with_a_warning() -> None:
    e = _acsa_with_bob(None)
    assert e.training.satisfied is True
    assert "FULL_TIME_HOURS_UNKNOWN" in warning_codes(e)


# ---- lapsed maintenance training --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "met"),
    [("2028-01-09", True), ("2028-01-10", True), ("2028-01-11", False)],
    ids=["day-before", "due-day", "day-after"],
)
def test_acsa_lapsed_maintenance_training_makes_training_and_path_unmet(as_of: str, met: bool) -> None:
    """ACSA: a full-time employee takes an accredited course every three years; the last was 2025-01-10."""
    bob = person("bob", hours_per_week=40.0)
    e = run(scen("AB", "ACSA", d(as_of), people=(*ACSA_PEOPLE, bob), training=ACSA_RECS))
    maintenance = [r for r in e.training.requirements if r.code == "maintenance_training"]
    assert bool(maintenance) is not met  # listed as a requirement once lapsed
    assert e.training.satisfied is met
    step = next(s for s in e.path if s.code == "training")
    assert (step.state is StepState.DONE) is met
    assert find(e, "training_refresher").due == d("2028-01-10")
    if not met:
        assert maintenance[0].satisfied is False
        assert "Lapsed" in maintenance[0].reason
        assert maintenance[0].courses  # the courses that would renew it
        assert e.training.verdict.startswith("Training missing")


def test_acsa_maintenance_training_from_a_leap_day_course() -> None:
    """2024-02-29 + 36 months = 2027-02-28 (month-end clamp): lapsed on 2027-03-01, not before."""
    bob = person("bob", hours_per_week=40.0)
    records = (
        rec("ann", "PHSM", "2024-02-29"),
        rec("bob", "CSTS", "2024-02-29"),
        rec("bob", "SFA", "2024-02-29"),
    )
    on_due = run(scen("AB", "ACSA", d("2027-02-28"), people=(*ACSA_PEOPLE, bob), training=records))
    after = run(scen("AB", "ACSA", d("2027-03-01"), people=(*ACSA_PEOPLE, bob), training=records))
    assert find(on_due, "training_refresher").due == d("2027-02-28")
    assert on_due.training.satisfied is True
    assert after.training.satisfied is False


# ---- ESC one-year SECOR -----------------------------------------------------------------------------------


def _esc(certified: str, since: str = "2024-01-15", as_of: str = "2025-03-01") -> object:
    return run(
        scen(
            "AB",
            "ESC",
            d(as_of),
            people=(person("ann", "owner", roles={"assessor"}, hours_per_week=40.0),),
            key_dates={"history_documented_since": since, "certified_on": certified},
        )
    )


@pytest.mark.parametrize(
    ("certified", "one_year"),
    [
        ("2024-04-14", False),  # day before 3 months: no SECOR at all should be issued; full term shown
        ("2024-04-15", True),  # exactly 3 months
        ("2024-07-15", True),
        ("2025-01-14", True),  # day before 12 months
        ("2025-01-15", False),  # 12 months: the full three-year SECOR
    ],
)
def test_esc_one_year_secor_has_a_one_year_term_and_no_maintenance_audits(
    certified: str, one_year: bool
) -> None:
    e = _esc(certified)
    expiry = find(e, "certificate_expiry")
    start = d(certified)
    if one_year:
        assert expiry.due == start.replace(year=start.year + 1)
        assert "one-year SECOR" in expiry.title
        assert all(x.kind != "maintenance_audit" for x in e.deadlines)
    else:
        assert expiry.due == start.replace(year=start.year + 3)
        assert [x.kind for x in e.deadlines].count("maintenance_audit") == 2


def test_esc_one_year_secor_from_a_leap_day() -> None:
    # on its last day the one-year certificate is held and its expiry is the next deadline; the next day it
    # has expired (and its own deadlines are gone: the way back is to recertify)
    e = _esc("2024-02-29", since="2023-08-01", as_of="2025-02-28")
    assert find(e, "certificate_expiry").due == date(2025, 2, 28)
    assert e.certificate is not None
    assert e.certificate.held
    after = _esc("2024-02-29", since="2023-08-01", as_of="2025-03-01")
    assert after.certificate is not None
    assert (after.certificate.state.value, after.certificate.not_held_since) == ("expired", date(2025, 3, 1))
    assert all(x.kind != "certificate_expiry" for x in after.deadlines)
    assert after.next_step.startswith("Certificate expired since 2025-03-01. Recertify with Energy Safety")


# ---- removal date ---------------------------------------------------------------------------------------------


def _scsa_removed(removed_on: str, means: str) -> object:
    return scenario_from_dict(
        {
            "province": "SK",
            "partner": "SCSA",
            "as_of": "2019-03-01",
            "key_dates": {"registered_on": "2018-09-15", "removed_on": removed_on},
            "removed_on_means": means,
        }
    )


@pytest.mark.parametrize(
    ("removed_on", "means", "again_from"),
    [
        ("2019-01-01", "first_day_not_registered", "2019-07-01"),  # SCSA's example (seed 003)
        ("2018-12-31", "last_day_registered", "2019-07-01"),  # the same removal, the day the user knows
        ("2018-12-31", "removal_decision", "2019-07-01"),
        ("2019-08-30", "last_day_registered", "2020-02-29"),  # first day off 2019-08-31 → leap day
    ],
)
def test_scsa_wait_counts_from_the_first_day_not_registered(
    removed_on: str, means: str, again_from: str
) -> None:
    from provinces import evaluate

    e = evaluate(_scsa_removed(removed_on, means))  # type: ignore[arg-type]
    wait = find(e, "reregistration_wait")
    assert wait.due == d(again_from)
    words = {
        "first_day_not_registered": "first day no longer registered",
        "last_day_registered": "last day registered",
        "removal_decision": "removal decision",
    }
    assert words[means] in wait.title
    assert ("SK_REMOVAL_DECISION_DATE" in warning_codes(e)) is (means == "removal_decision")


def test_removed_on_means_rejects_unknown_values() -> None:
    with pytest.raises(ScenarioError) as err:
        _scsa_removed("2019-01-01", "yesterday")
    assert err.value.field == "removed_on_means"


# ---- readings ---------------------------------------------------------------------------------------------------

ACSA_BUSY_LAST_WINTER = (
    *workers(9, start=d("2020-01-01"), hours_per_week=40.0),
    *workers(2, prefix="x", start=d("2025-12-01"), end=d("2026-03-01"), hours_per_week=40.0),
)


def test_acsa_lookback_reading_names_the_other_verdict() -> None:
    """11 workers last winter, 9 today: too large under ACSA's 12-month look-back, eligible 'at any given
    time' (AASP/AHSA wording). The answer names both."""
    e = run(scen("AB", "ACSA", d("2026-06-01"), people=ACSA_BUSY_LAST_WINTER))
    assert e.eligibility.status is EligibilityStatus.NOT_ELIGIBLE
    r = next(r for r in e.readings if r.conflict == "AB_LOOKBACK_PERIOD")
    assert (r.reading, r.default) == ("past_12_months", True)
    assert [o.reading for o in r.others] == ["any_given_time"]
    assert r.others[0].answer.startswith("Eligible")
    assert "at any given time" in r.summary
    assert "Too large" in r.summary


def test_acsa_lookback_reading_selected_changes_the_verdict() -> None:
    s = scen(
        "AB",
        "ACSA",
        d("2026-06-01"),
        people=ACSA_BUSY_LAST_WINTER,
        readings={"AB_LOOKBACK_PERIOD": "any_given_time"},
    )
    e = run(s)
    assert e.eligibility.status is EligibilityStatus.ELIGIBLE
    assert e.eligibility.limit_text == "10 or fewer employees on the day (at any given time)"
    r = next(r for r in e.readings if r.conflict == "AB_LOOKBACK_PERIOD")
    assert (r.reading, r.default) == ("any_given_time", False)
    assert r.others[0].reading == "past_12_months"
    assert r.others[0].answer.startswith("Too large")


@pytest.mark.parametrize(
    ("count", "reading", "status"),
    [
        (8, "fewer_than_nine", "eligible"),
        (9, "nine_or_fewer", "eligible"),
        (9, "fewer_than_nine", "not_eligible"),
        (10, "nine_or_fewer", "not_eligible"),
    ],
)
def test_scsa_nine_readings(count: int, reading: str, status: str) -> None:
    s = scen("SK", "SCSA", people=workers(count), readings={"SK_THRESHOLD_NINE": reading})
    e = run(s)
    assert e.eligibility.status.value == status
    words = "9 or fewer" if reading == "nine_or_fewer" else "fewer than 9"
    assert words in e.eligibility.limit_text  # the limit is stated the way it was read


def test_scsa_exactly_nine_reports_the_other_reading() -> None:
    e = run(scen("SK", "SCSA", people=workers(9)))
    r = next(r for r in e.readings if r.conflict == "SK_THRESHOLD_NINE")
    assert r.reading == "nine_or_fewer"
    assert r.answer.startswith("Eligible")
    assert r.others
    assert r.others[0].answer.startswith("Too large")


def test_amhsa_subcontractor_reading() -> None:
    people = (*workers(8), *workers(3, "subcontractor", prefix="s"))
    default = run(scen("AB", "AMHSA", people=people))
    assert default.eligibility.status is EligibilityStatus.NOT_ELIGIBLE  # AMHSA counts subcontractors
    r = next(r for r in default.readings if r.conflict == "AB_SUBCONTRACTORS")
    assert r.reading == "counted"
    assert r.others[0].answer.startswith("Eligible")
    other = run(scen("AB", "AMHSA", people=people, readings={"AB_SUBCONTRACTORS": "not_counted"}))
    assert other.eligibility.status is EligibilityStatus.ELIGIBLE


def test_asc_maintenance_anchor_reading_moves_the_due_date() -> None:
    kd = {"certified_on": "2025-03-15"}
    base = run(scen("AB", "ASC", d("2025-06-01"), people=workers(3), key_dates=kd))
    assert find(base, "maintenance_audit").due == d("2026-03-15")
    cal = run(
        scen(
            "AB",
            "ASC",
            d("2025-06-01"),
            people=workers(3),
            key_dates=kd,
            readings={"AB_MAINTENANCE_ANCHOR": "calendar_year"},
        )
    )
    assert find(cal, "maintenance_audit").due == d("2026-12-31")
    r = next(r for r in base.readings if r.conflict == "AB_MAINTENANCE_ANCHOR")
    assert {o.reading for o in r.others} == {"calendar_year", "expiry_month"}


def test_pir_first_year_reading() -> None:
    kd = {"certified_on": "2025-06-01"}
    first = run(
        scen(
            "AB",
            "ACSA",
            d("2026-05-31"),
            people=workers(3),
            key_dates=kd,
            annual_premium=10000,
            readings={"AB_PIR_FIRST_YEAR": "ten_percent_first_year"},
        )
    )
    assert first.incentive.amount == pytest.approx(1000)
    second = run(
        scen(
            "AB",
            "ACSA",
            d("2026-06-01"),
            people=workers(3),
            key_dates=kd,
            annual_premium=10000,
            readings={"AB_PIR_FIRST_YEAR": "ten_percent_first_year"},
        )
    )
    assert second.incentive.amount == pytest.approx(500)
    default = run(scen("AB", "ACSA", d("2026-05-31"), people=workers(3), key_dates=kd, annual_premium=10000))
    assert default.incentive.amount == pytest.approx(500)
    r = next(r for r in default.readings if r.conflict == "AB_PIR_FIRST_YEAR")
    assert r.others
    assert "10%" in r.others[0].answer


def test_bc_floor_basis_reading() -> None:
    kw = {"people": workers(3), "annual_premium": 1200, "base_assessment": 800}
    total = run(scen("BC", "BCCSA", **kw))
    base = run(scen("BC", "BCCSA", readings={"BC_INCENTIVE_FLOOR_BASIS": "base_premium"}, **kw))
    assert total.incentive.amount == pytest.approx(900)  # 75% of 1,200
    assert base.incentive.amount == pytest.approx(600)  # 75% of 800
    r = next(r for r in total.readings if r.conflict == "BC_INCENTIVE_FLOOR_BASIS")
    assert r.others
    assert "$600.00" in r.others[0].answer


def test_readings_are_validated_with_field_paths() -> None:
    base = {"province": "AB", "partner": "ACSA", "as_of": "2026-01-01"}
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict({**base, "readings": {"AB_NOPE": "x"}})
    assert err.value.field == "readings.AB_NOPE"
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict({**base, "readings": {"AB_LOOKBACK_PERIOD": "forever"}})
    assert err.value.field == "readings.AB_LOOKBACK_PERIOD"
    ok = scenario_from_dict({**base, "readings": {"AB_LOOKBACK_PERIOD": "any_given_time"}})
    assert ok.readings == {"AB_LOOKBACK_PERIOD": "any_given_time"}
    assert readings.check({"AB_LOOKBACK_PERIOD": "forever"})
    assert readings.check({"AB_LOOKBACK_PERIOD": "any_given_time"}) == []


def test_every_conflict_with_readings_is_catalogued() -> None:
    from provinces import conflicts

    assert set(readings.codes()) <= set(conflicts.codes())
    for c in readings.CONFLICTS:
        assert len(c.readings) >= 2
        assert len({r.code for r in c.readings}) == len(c.readings)


# ---- facts ------------------------------------------------------------------------------------------------------


def test_bccsa_next_program_only_when_too_big() -> None:
    small = run(scen("BC", "BCCSA", people=workers(19)))
    big = run(scen("BC", "BCCSA", people=workers(20)))
    assert "next_program" not in {f.code for f in small.facts}
    fact = next(f for f in big.facts if f.code == "next_program")
    assert "external auditor" in fact.text
    assert "bccsa.ca/Large-COR" in fact.reference


@pytest.mark.parametrize(
    ("audits", "as_of", "expect"),
    [
        (None, "2026-01-01", "enter the audits done"),
        (1, "2026-01-01", "1 of 2 audits done; 1 more by 2027-03-01"),
        (1, "2027-03-01", "1 more by 2027-03-01"),
        (1, "2027-03-02", "only 1 of 2 audits by 2027-03-01"),
        (2, "2027-03-02", "2 audits done"),
    ],
)
def test_bccsa_internal_auditor_obligation(audits: int | None, as_of: str, expect: str) -> None:
    """BCCSA: at least 2 audits within the 3 years after the course, otherwise the 2-day course and a new
    student audit (https://bccsa.ca/cor_internal_auditors.php)."""
    auditor = person("ida", roles={"internal_auditor"}, audits_done=audits)
    records = (rec("ida", "BCCSA_PHSM", "2024-02-01"), rec("ida", "BCCSA_IAT", "2024-03-01"))
    e = run(scen("BC", "BCCSA", d(as_of), people=(auditor,), training=records))
    fact = next(f for f in e.facts if f.code == "auditor_obligation")
    assert expect in fact.text
    assert "cor_internal_auditors" in fact.reference


def test_fees_and_records_period_facts() -> None:
    scsa = run(scen("SK", "SCSA", people=workers(3)))
    assert any(f.code == "fees" and "$250" in f.text for f in scsa.facts)
    bcfsc = run(scen("BC", "BCFSC", people=workers(3)))
    assert any(f.code == "records_period" and "12 months" in f.text for f in bcfsc.facts)


# ---- WorkSafeBC good standing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("penalty", "balance", "payroll", "available"),
    [
        (False, False, True, True),
        (True, False, True, False),
        (False, True, True, False),
        (False, False, False, False),
    ],
)
def test_bc_incentive_needs_good_standing(
    penalty: bool, balance: bool, payroll: bool, available: bool
) -> None:
    e = run(
        scen(
            "BC",
            "GO2HR",
            people=workers(3),
            annual_premium=20000,
            base_assessment=20000,
            wcb_administrative_penalty=penalty,
            wcb_outstanding_balance=balance,
            wcb_payroll_reported=payroll,
        )
    )
    assert e.incentive.available is available
    assert e.incentive.amount == pytest.approx(2000 if available else 0)
    if not available:
        assert "not in good standing" in e.incentive.verdict


def test_bc_incentive_with_good_standing_unanswered_says_so() -> None:
    e = run(scen("BC", "GO2HR", people=workers(3), annual_premium=20000))
    assert e.incentive.available is True
    assert "not yet answered" in e.incentive.verdict


# ---- WorkSafeBC 2020 audit waiver -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("certified", "extended"),
    [("2017-05-03", True), ("2017-08-31", True), ("2017-09-01", False)],
    ids=["example-2020-05-03", "last-day-2020-08-31", "day-after"],
)
def test_bc_2020_audit_waiver_extends_expiry_by_a_year(certified: str, extended: bool) -> None:
    """WorkSafeBC (30 March 2020): certificates expiring by 31 August 2020 could get a one-year certificate
    from the original expiry (2020-05-03 → 2021-05-03)."""
    # as of 2020-03-01, before every original expiry, with both maintenance audits done: the certificate is
    # held, so its recertification and expiry deadlines are shown (a lost certificate has none)
    s = scen(
        "BC",
        "BCCSA",
        d("2020-03-01"),
        people=workers(3),
        key_dates={
            "certified_on": certified,
            "maintenance_year2_submitted_on": "2018-11-01",
            "maintenance_year3_submitted_on": "2019-11-01",
        },
        program_exceptions=("bc_2020_audit_waiver",),
    )
    e = run(s)
    original = d(certified).replace(year=2020)
    expected = original.replace(year=2021) if extended else original
    assert find(e, "certificate_expiry").due == expected
    assert find(e, "recertification").due == expected
    assert ("2020 audit waiver" in find(e, "certificate_expiry").title) is extended
    without = run(replace(s, program_exceptions=()))
    assert find(without, "certificate_expiry").due == original


def test_program_exceptions_are_validated() -> None:
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(
            {
                "province": "AB",
                "partner": "ACSA",
                "as_of": "2026-01-01",
                "program_exceptions": ["bc_2020_audit_waiver"],
            }
        )
    assert err.value.field == "program_exceptions[0]"


# ---- SafetyDriven ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "status"), [(19, "eligible"), (20, "not_eligible")])
def test_safetydriven_small_employer_is_fewer_than_twenty(n: int, status: str) -> None:
    assert run(scen("BC", "SAFETYDRIVEN", people=workers(n))).eligibility.status.value == status


def test_safetydriven_maintenance_audit_need_not_pass() -> None:
    from rules_builders import audit

    from provinces import score_audit

    result = score_audit("BC", "SAFETYDRIVEN", audit("maintenance", (1, 10), (2, 10)), d("2026-01-01"))
    assert result.passed is True
    assert result.pass_required is False
    cert = score_audit("BC", "SAFETYDRIVEN", audit("certification", (8, 10), (4, 10)), d("2026-01-01"))
    assert cert.passed is False


@pytest.mark.parametrize(
    ("recert", "met"),
    [("2027-09-14", False), ("2027-09-15", True)],
    ids=["day-before-six-months", "six-months"],
)
def test_safetydriven_six_months_between_audits(recert: str, met: bool) -> None:
    """At least six months between audits; the recertification no more than six months before expiry
    (https://www.safetydriven.ca/2017/04/07/the-audit-cycle-keeping-your-cor/)."""
    kd = {
        "certified_on": "2025-03-15",
        "maintenance_year2_submitted_on": "2026-03-10",
        "last_maintenance_audit_on": "2027-03-15",
        "recertification_submitted_on": recert,
    }
    e = run(scen("BC", "SAFETYDRIVEN", d("2028-01-01"), people=workers(3), key_dates=kd))
    gap = find(e, "audit_gap")
    assert gap.due == d("2027-09-15")
    assert gap.met is met
    assert find(e, "recertification_window").due == d("2027-09-15")


# ---- readings: the default changes nothing ----------------------------------------------------------------------


def _partners() -> list[tuple[str, str]]:
    from provinces import provinces

    return [(prov.code, code) for prov in provinces() for code in prov.partners]


@pytest.mark.parametrize(("province", "partner"), _partners())
def test_choosing_the_default_reading_explicitly_changes_no_answer(province: str, partner: str) -> None:
    """Today's choice is the default: selecting it explicitly gives the same evaluation (only the report of
    the readings may differ, since a selected reading is always reported)."""
    from provinces import get_partner

    people = (*workers(9, hours_per_week=40.0), *workers(2, "subcontractor", prefix="s"))
    kw = {
        "people": people,
        "key_dates": {"certified_on": "2025-03-15", "history_documented_since": "2024-10-01"},
    }
    base = run(scen(province, partner, d("2026-06-01"), annual_premium=9000, **kw))
    profile = get_partner(province, partner, d("2026-06-01"))
    chosen = {
        c.code: c.default(profile, d("2026-06-01")) for c in readings.available(profile, d("2026-06-01"))
    }
    explicit = run(scen(province, partner, d("2026-06-01"), annual_premium=9000, readings=chosen, **kw))
    left = {k: v for k, v in base.to_dict().items() if k != "readings"}
    right = {k: v for k, v in explicit.to_dict().items() if k != "readings"}
    assert left == right
    assert {r.conflict for r in explicit.readings} == set(chosen)
    assert all(r.default for r in explicit.readings)
