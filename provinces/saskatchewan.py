"""Saskatchewan: SECOR (a CFCSA national trademark) through SCSA (construction) and HCSAS (heavy
construction).

SCSA: 9 or fewer Saskatchewan workers including owners and subcontractors, a permanent office in Saskatchewan,
Milestone 1 within 12 months of registration and certification (baseline external audit) by 18 months; the
program changed on 2018-09-01 (four mandatory courses, auditor certification within 8 months of training).
No WCB rebate exists for COR/SECOR in Saskatchewan; the benefit is procurement.

References:
    https://scsaonline.ca/programs/secor
    https://scsaonline.ca/courses/online-training/safety-auditor-re-certification-training
    https://scsaonline.ca/cor-updates
    https://hcsas.sk.ca/certificate-of-recognition-cor-secor/
    https://www.wcbsask.com/policy-and-procedure/safety-associations-pol-062020
    Seed 003 (SCSA SECOR page, 2018–2020 version)
    /work/shared/domain/program-rules.md §1.2, §Q1–Q6, §4 C4, C11, C12, §6 q8–q10
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from provinces import dates
from provinces.base import (
    Course,
    Deadline,
    EligibilityResult,
    EligibilityStatus,
    IncentiveResult,
    Param,
    PersonCategory,
    TrainingResult,
)
from provinces.profile import (
    FactSpec,
    FollowUp,
    Milestones,
    PartnerProfile,
    PassMark,
    Prerequisite,
    Province,
    Run,
    StepSpec,
    Threshold,
    TrainingRequirement,
    met,
    references,
    v,
)

CODE = "SK"
NAME = "Saskatchewan"
WCB_BOARD = "Saskatchewan Workers' Compensation Board (WCB)"

LEGACY = date(2000, 1, 1)
SCSA_2018 = date(
    2018, 9, 1
)  # seed 003: "Effective September 1, 2018 the SCSA is implementing new SECOR program requirements"
TRANSITION_OLD_REGISTRATION_END = date(2016, 12, 31)
TRANSITION_OLD_DEADLINE = date(2018, 12, 31)
TRANSITION_NEW_REGISTRATION_START = date(2017, 1, 1)
PROCUREMENT_FROM = date(2019, 4, 1)

SEED_003 = "seed 003 (SCSA SECOR page, 2018)"
SCSA_SECOR = "https://scsaonline.ca/programs/secor"
SCSA_RECERT = "https://scsaonline.ca/courses/online-training/safety-auditor-re-certification-training"
HCSAS_SECOR = "https://hcsas.sk.ca/certificate-of-recognition-cor-secor/"
NATIONAL_TOOL = "https://scsaonline.ca/cor-updates"

ALL_WORKERS = frozenset(
    {
        PersonCategory.OWNER,
        PersonCategory.FAMILY_MEMBER,
        PersonCategory.VOLUNTEER,
        PersonCategory.FULL_TIME_PERMANENT,
        PersonCategory.PART_TIME,
        PersonCategory.CASUAL,
        PersonCategory.TEMPORARY,
        PersonCategory.SUBCONTRACTOR,
        PersonCategory.DEDICATED_CONTRACTOR,
    }
)
WCB_COVERED = ALL_WORKERS - {PersonCategory.SUBCONTRACTOR, PersonCategory.DEDICATED_CONTRACTOR}

NATIONAL_ELEMENTS = tuple(
    f"Element {i}" for i in range(1, 16)
)  # CFCSA harmonized tool: 15 elements (14 = Procurement & Contractor Management); SECOR count not confirmed

PASS_80_50 = PassMark(Decimal(80), Decimal(50), overall_text="80% overall and at least 50% in every element")


def _c(code: str, name: str, reference: str, validity: int | None = None) -> Course:
    return Course(code, name, validity, name, reference)


SCSA_COURSES = (
    _c("SCSA_SM", "Safety Management", f"{SEED_003}; {SCSA_SECOR}"),
    _c("SCSA_SESM", "Small Employer Safety Management (pre-2018; accepted as Safety Management)", SEED_003),
    _c(
        "SCSA_SAT",
        "Safety Auditor Training (Safety Auditor Fundamentals, two days)",
        f"{SEED_003}; {SCSA_SECOR}",
        36,
    ),
    _c("SCSA_AUDITOR_CERT", "SCSA Internal Auditor Certification (self-audit accepted)", SEED_003),
    _c("SCSA_AUDITOR_RECERT", "Safety Auditor Re-Certification (online)", SCSA_RECERT, 36),
    _c("SCSA_AUDITOR_MAINTENANCE_AUDIT", "Personal maintenance audit (auditor status)", SEED_003),
    _c("SCSA_LSE", "Leadership for Safety Excellence (with proficiency)", SCSA_SECOR),
    _c("SCSA_SCOT", "Safety Construction Orientation Training (SCOT)", SCSA_SECOR),
    _c("SFA", "Standard First Aid / CPR", "old SCSA SECOR page (pre-2018)"),
)

FT_SK = "A full-time permanent Saskatchewan employee"


def _req(code: str, title: str, courses: tuple[str, ...], reference: str, **kw: Any) -> TrainingRequirement:
    return TrainingRequirement(
        code, title, courses, "full_time_permanent", reference, province_employee=True, one_account=True, **kw
    )


SCSA_TRAINING_2018 = (
    _req("safety_management", f"{FT_SK} completed Safety Management", ("SCSA_SM", "SCSA_SESM"), SEED_003),
    _req(
        "safety_auditor",
        f"{FT_SK} completed Safety Auditor Training after Safety Management, certified within 8 months",
        ("SCSA_SAT",),
        SEED_003,
        prerequisites=("SCSA_SM", "SCSA_SESM"),
        renewed_by=("SCSA_AUDITOR_RECERT",),
        expiry_kind="auditor_expiry",
    ),
    _req("leadership", f"{FT_SK} completed Leadership for Safety Excellence", ("SCSA_LSE",), SCSA_SECOR),
    _req("scot", f"{FT_SK} completed SCOT", ("SCSA_SCOT",), SCSA_SECOR),
)
SCSA_TRAINING_LEGACY = (
    _req(
        "small_employer_safety_management",
        "The owner or most senior representative completed Small Employer Safety Management",
        ("SCSA_SESM", "SCSA_SM"),
        "old SCSA SECOR page (pre-2018)",
    ),
    _req(
        "scot",
        "Permanent full-time employees completed SCOT",
        ("SCSA_SCOT",),
        "old SCSA SECOR page (pre-2018)",
    ),
    _req("first_aid", "Standard First Aid / CPR", ("SFA",), "old SCSA SECOR page (pre-2018)"),
)

AUDITOR_CERT = FollowUp(
    kind="auditor_certification",
    after_course="SCSA_SAT",
    course="SCSA_AUDITOR_CERT",
    title="Submit a self-audit and obtain SCSA Internal Auditor Certification within 8 months of training",
    consequence="Failure means repeating the two-day Safety Auditor Training course.",
    reference=SEED_003,
    months=8,
)


REMOVAL_DATE_WORDS = {
    "first_day_not_registered": "the first day no longer registered",
    "last_day_registered": "the last day registered",
    "removal_decision": "the date of the removal decision",
}


def first_day_not_registered(removed_on: date, means: str) -> tuple[date, str]:
    """The first day the company is no longer registered, from the date the user knows, and that date's
    meaning in words. SCSA's example (seed 003): registered until 2018-12-31, removed after it, may register
    again "as of July 1, 2019" — six months from the first day off the program. The last registered day and
    the removal decision's date (treated as the last registered day, a documented choice) count from the day
    after."""
    words = REMOVAL_DATE_WORDS.get(means, REMOVAL_DATE_WORDS["first_day_not_registered"])
    if means in ("last_day_registered", "removal_decision"):
        return dates.add_days(removed_on, 1), words
    return removed_on, words


def milestone1_met(due: date, completed: date | None, certified: date | None, as_of: date) -> bool | None:
    """Milestone 1 (courses, safety program, manual) is a step toward certification: a certificate issued on
    or before the as-of date shows it was met, whatever was recorded (docs/rule-choices.md,
    "Pre-certification deadlines")."""
    if certified is not None and certified <= as_of:
        return True
    return met(due, completed, as_of)


class SaskatchewanPartner(PartnerProfile):
    """Saskatchewan hooks: milestones, the 2018 transition, auditor status, the removal wait, procurement."""

    def province_deadlines(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult
    ) -> list[Deadline]:
        s = run.scenario
        kd = s.key_dates
        out: list[Deadline] = []
        milestones_value = self.param("milestones").at(kd.registered_on or run.as_of)
        ms = milestones_value.value
        if kd.registered_on is not None and self.code == "SCSA":
            if kd.registered_on <= TRANSITION_OLD_REGISTRATION_END:
                out.append(
                    Deadline(
                        "transition_certification",
                        "Registered on or before 2016-12-31: be certified under the old requirements by "
                        "2018-12-31",
                        TRANSITION_OLD_DEADLINE,
                        "Removal from the SECOR program and a mandatory six-month wait (re-register from "
                        "2019-07-01 under the new requirements).",
                        SEED_003,
                        met(TRANSITION_OLD_DEADLINE, kd.certified_on, run.as_of),
                    )
                )
                ms = None
            elif kd.registered_on < SCSA_2018:
                ms = self.param("milestones").at(SCSA_2018).value
        if kd.registered_on is not None and ms is not None:
            start = kd.registered_on
            if self.code == "SCSA" and TRANSITION_NEW_REGISTRATION_START <= start < SCSA_2018:
                start = (
                    SCSA_2018  # "transition … within a total of 18 months" from the September 2018 contact
                )
            if ms.milestone1_months is not None:
                due1 = dates.add_months(start, ms.milestone1_months)
                out.append(
                    Deadline(
                        "milestone_1",
                        "Milestone 1: all courses done, safety program and manual submitted",
                        due1,
                        "You are removed from the SECOR program (then a six-month wait before "
                        "re-registering).",
                        milestones_value.reference,
                        milestone1_met(due1, kd.milestone1_completed_on, kd.certified_on, run.as_of),
                    )
                )
            due2 = dates.add_months(start, ms.certification_months)
            out.append(
                Deadline(
                    "certification_deadline",
                    f"Certification (baseline external audit passed) within {ms.certification_months} months "
                    "of "
                    "registration",
                    due2,
                    "You are removed from the SECOR program (then a six-month wait before re-registering).",
                    milestones_value.reference,
                    met(due2, kd.certified_on, run.as_of),
                )
            )
        wait_value = self.param("reregistration_wait_months").at(run.as_of)
        if kd.removed_on is not None and wait_value.value is not None:
            run.use("reregistration_wait_months")
            off, entered = first_day_not_registered(kd.removed_on, s.removed_on_means)
            if s.removed_on_means == "removal_decision":
                run.warn("SK_REMOVAL_DECISION_DATE")
            earliest = dates.add_months(off, wait_value.value)
            again = kd.registered_on if kd.registered_on and kd.registered_on > kd.removed_on else None
            out.append(
                Deadline(
                    "reregistration_wait",
                    f"Earliest re-registration after removal ({wait_value.value}-month wait from "
                    f"{off.isoformat()}, the first day no longer registered; you entered "
                    f"{kd.removed_on.isoformat()} as {entered})",
                    earliest,
                    "A registration before this date is not accepted.",
                    wait_value.reference,
                    None if again is None else again >= earliest,
                )
            )
        if self.code == "SCSA":
            out.extend(self._auditor_maintenance(run))
        return out

    def _auditor_maintenance(self, run: Run) -> list[Deadline]:
        """One personal maintenance audit within the 3-year auditor validity, best ≥4 months before expiry."""
        s = run.scenario
        out: list[Deadline] = []
        for person in s.people:
            if not dates.is_active_on(person.start, person.end, run.as_of):
                continue
            sats = [
                r
                for r in s.training
                if r.person_id == person.id and r.course == "SCSA_SAT" and r.completed_on <= run.as_of
            ]
            if not sats:
                continue
            latest = max(sats, key=lambda r: r.completed_on)
            if self.follow_up_failed(run, latest, self.value("follow_ups", run.as_of)) is not None:
                continue  # certification missed: the course must be repeated, no auditor status to maintain
            cadence = run.use("auditor_audit_cadence") if "auditor_audit_cadence" in self.params else None
            expiry = self.record_expiry(latest) or dates.add_months(latest.completed_on, 36)
            audits = sorted(
                r.completed_on
                for r in s.training
                if r.person_id == person.id
                and r.course == "SCSA_AUDITOR_MAINTENANCE_AUDIT"
                and latest.completed_on <= r.completed_on <= run.as_of
            )
            consequence = (
                "Without a maintenance audit and re-certification before expiry the auditor repeats the "
                "two-day Safety Auditor Training; COR audits are only accepted from a valid internal auditor."
            )
            if cadence is not None and cadence.value == "annual":
                previous = latest.completed_on
                for year in (1, 2, 3):
                    due = min(dates.add_months(latest.completed_on, 12 * year), expiry)
                    done = next((a for a in audits if previous < a <= due), None)
                    out.append(
                        Deadline(
                            "auditor_maintenance_audit",
                            f"Submit this year's personal audit (auditor year {year}) ({person.name})",
                            due,
                            consequence,
                            SCSA_RECERT,
                            met(due, done, run.as_of),
                            person.id,
                        )
                    )
                    previous = due
                continue
            due = dates.add_months(expiry, -4)
            done = audits[0] if audits else None
            out.append(
                Deadline(
                    "auditor_maintenance_audit",
                    f"Submit the personal maintenance audit (best practice: 4 months before auditor expiry) "
                    f"({person.name})",
                    due,
                    consequence,
                    SEED_003,
                    met(due, done, run.as_of),
                    person.id,
                )
            )
        return out

    def path_facts(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult, deadlines: list[Deadline]
    ) -> dict[str, tuple[bool, str]]:
        s = run.scenario
        kd = s.key_dates
        nxt = next((d for d in sorted(deadlines, key=lambda d: d.due) if d.met is None), None)
        certified = run.certified()
        return {
            "qualify": (
                eligibility.status in (EligibilityStatus.ELIGIBLE, EligibilityStatus.PREREQUISITES_MISSING),
                eligibility.verdict,
            ),
            "register": (
                kd.registered_on is not None and s.has_membership,
                f"Register into the {self.code} SECOR program with the Registration Compliance Declaration.",
            ),
            "training": (training.satisfied, training.verdict),
            "program": (
                kd.milestone1_completed_on is not None or kd.certified_on is not None,
                "Develop and implement the safety program and submit the manual (Milestone 1; most companies "
                "need at least six months).",
            ),
            "audit": (certified, "Undergo and pass the external (baseline) health & safety audit."),
            "maintain": (
                False,
                f"Next: {nxt.title} by {nxt.due.isoformat()}."
                if nxt
                else "Submit a satisfactory audit annually.",
            ),
        }

    def incentive(self, run: Run) -> IncentiveResult:
        run.use("incentive")
        notes = ["WCB Saskatchewan adjusts premiums through its claims-based experience rating program only."]
        if run.as_of >= PROCUREMENT_FROM:
            notes.append(
                "From 2019-04-01 the Ministry of Central Services requires COR or SECOR (or an "
                "SCSA-acknowledged "
                "equivalent) on construction contracts expected to exceed $1M."
            )
        return IncentiveResult(
            program="None (Saskatchewan has no COR/SECOR rebate)",
            available=False,
            amount=None,
            amount_max=None,
            verdict="No WCB incentive for SECOR in Saskatchewan; the benefit is access to public "
            "construction "
            "contracts and bids that ask for a certified safety program.",
            numbers={},
            notes=tuple(notes),
            rules=(self.param("incentive").citation(run.as_of),),
        )


STEPS = (
    StepSpec(
        "qualify", "Confirm you qualify (9 or fewer workers incl. subcontractors, office in SK)", SEED_003
    ),
    StepSpec("register", "Register into the SECOR program", f"{SEED_003} step 1"),
    StepSpec("training", "Complete the mandatory courses", f"{SEED_003} step 2"),
    StepSpec("program", "Develop and implement a safety program (Milestone 1)", f"{SEED_003} step 3"),
    StepSpec(
        "audit", "Undergo and pass an external health & safety audit (certification)", f"{SEED_003} step 4"
    ),
    StepSpec("maintain", "Maintain certification: a satisfactory audit annually", f"{SEED_003} step 5"),
)


def _common() -> dict[str, Any]:
    return {
        "prerequisites": (
            v(
                (
                    Prerequisite(
                        "wcb_account",
                        "A Saskatchewan WCB account (each account qualifies on its own)",
                        SEED_003,
                    ),
                    Prerequisite("membership", "Registration in the partner's SECOR program", SEED_003),
                    Prerequisite("permanent_office", "Permanent office(s) in Saskatchewan", SEED_003),
                ),
                LEGACY,
                SEED_003,
                "Full Saskatchewan SECOR is available to companies with permanent office(s) in Saskatchewan; "
                "each "
                "WCB account must qualify for its own certificate.",
            ),
        ),
        "follow_ups": (v((), LEGACY, SEED_003, "No follow-up after training."),),
        "refresher": (v(None, LEGACY, SEED_003, "Safety Management needs no recertification."),),
        "history_months": (v(None, LEGACY, SEED_003, "No minimum history; milestones apply instead."),),
        "validity_months": (v(36, LEGACY, SCSA_SECOR, "valid 3 years (SCSA external audit every 3 years)"),),
        "maintenance_anchor": (
            v(
                "anniversary",
                LEGACY,
                f"{SEED_003} step 5; {SCSA_SECOR}",
                "an audit every year, by the certification anniversary (inferred)",
                warning="SK_AUDIT_CADENCE",
            ),
        ),
        "pass_mark.certification": (
            v(
                PASS_80_50,
                LEGACY,
                HCSAS_SECOR,
                "80% overall, at least 50% in each element (HCSAS baseline audit)",
            ),
        ),
        "pass_mark.recertification": (
            v(PASS_80_50, LEGACY, HCSAS_SECOR, "80% overall, at least 50% in each element"),
        ),
        "pass_mark.maintenance": (
            v(
                PASS_80_50,
                LEGACY,
                f"{SEED_003} ('satisfactory internal or external audit annually'); program-rules.md §6 q8",
                "A 'satisfactory' annual audit: the certification standard is applied.",
                warning="MAINTENANCE_PASS_MARK_UNCONFIRMED",
            ),
        ),
        "audit_windows": (v(None, LEGACY, SEED_003, "No data-gathering window stated."),),
        "notice_days": (v(None, LEGACY, SEED_003, "No notice of audit rule."),),
        "milestones": (v(None, LEGACY, SEED_003, "No milestones stated."),),
        "reregistration_wait_months": (v(None, LEGACY, SEED_003, "No waiting period stated."),),
        "incentive": (
            v(
                None,
                LEGACY,
                "https://www.wcbsask.com (experience rating); SCSA news (procurement from 2019-04-01)",
                "No COR/SECOR-specific WCB rebate in Saskatchewan; COR/SECOR is required on Ministry of "
                "Central "
                "Services construction contracts over $1M from 2019-04-01.",
            ),
        ),
    }


def _partner(
    code: str,
    name: str,
    industries: tuple[str, ...],
    website: str,
    courses: tuple[Course, ...],
    overrides: dict[str, Any],
    notes: tuple[str, ...] = (),
) -> SaskatchewanPartner:
    values = _common()
    values.update(overrides)
    return SaskatchewanPartner(
        code=code,
        name=name,
        province=CODE,
        industries=industries,
        programs=("SECOR", "COR"),
        website=website,
        courses={c.code: c for c in courses},
        audit_elements=NATIONAL_ELEMENTS,
        audit_elements_reference=f"{NATIONAL_TOOL} (CFCSA harmonized national tool; SECOR element count not "
        "confirmed)",
        params={k: Param(k, tuple(vs)) for k, vs in values.items()},
        steps=STEPS,
        notes=notes,
    )


SCSA = _partner(
    "SCSA",
    "Saskatchewan Construction Safety Association",
    ("construction",),
    SCSA_SECOR,
    SCSA_COURSES,
    {
        "threshold": (
            v(
                Threshold(
                    "peak_headcount",
                    9,
                    True,
                    "9 or fewer Saskatchewan workers, including owners and subcontractors",
                    lookback_months=12,
                    warn_at=9,
                    warn_code="SK_THRESHOLD_NINE",
                    gc_expected_limit=9,
                ),
                LEGACY,
                f"{SEED_003}; {SCSA_SECOR}",
                "A company with (9) or less employees including owners, full time, part time, casual and "
                "sub-contractors, in the field and in the office. A general contractor expecting more than 9 "
                "workers (including sub-contractors) no longer qualifies.",
            ),
        ),
        "counted_categories": (
            v(
                ALL_WORKERS,
                LEGACY,
                SEED_003,
                "Owners, full-time, part-time, casual and sub-contractors, both in the field and in the "
                "office.",
            ),
        ),
        "training": (
            v(
                SCSA_TRAINING_LEGACY,
                LEGACY,
                "old SCSA SECOR page (pre-2018)",
                "Small Employer Safety Management, SCOT and Standard First Aid/CPR.",
            ),
            v(
                SCSA_TRAINING_2018,
                SCSA_2018,
                f"{SEED_003}; {SCSA_SECOR}",
                "Four mandatory courses (Safety Management before Safety Auditor Training, LSE, SCOT) "
                "completed "
                "and maintained by at least one full-time permanent Saskatchewan employee, who can be the "
                "trained "
                "employee for one WCB account only.",
            ),
        ),
        "follow_ups": (
            v((), LEGACY, "old SCSA SECOR page (pre-2018)", "No auditor certification before 2018."),
            v(
                (AUDITOR_CERT,),
                SCSA_2018,
                SEED_003,
                "Internal Auditor Certification within 8 months of training.",
            ),
        ),
        "pass_mark.certification": (
            v(
                PASS_80_50,
                LEGACY,
                HCSAS_SECOR,
                "80% overall and 50% in each element (HCSAS; SCSA not confirmed)",
                warning="SK_PASS_MARK_UNCONFIRMED",
            ),
        ),
        "pass_mark.recertification": (
            v(
                PASS_80_50,
                LEGACY,
                HCSAS_SECOR,
                "80% overall and 50% in each element (HCSAS; SCSA not confirmed)",
                warning="SK_PASS_MARK_UNCONFIRMED",
            ),
        ),
        "milestones": (
            v(None, LEGACY, "old SCSA SECOR page (pre-2018)", "No milestones before the 2018 program."),
            v(
                Milestones(12, 18),
                SCSA_2018,
                SEED_003,
                "Complete Milestone 1 within the first 12 months of registration, then achieve certification "
                "by "
                "18 months.",
            ),
        ),
        "reregistration_wait_months": (
            v(None, LEGACY, SEED_003, "No waiting period before the 2018 program."),
            v(
                6,
                SCSA_2018,
                SEED_003,
                "A company removed from the program waits six months before registering again.",
                warning="SK_REREGISTRATION_WAIT_INFERRED",
            ),
        ),
        "auditor_audit_cadence": (
            v(
                "once_in_three_years",
                LEGACY,
                f"{SEED_003}; {SCSA_RECERT}",
                "One personal maintenance audit during the three-year auditor validity (best submitted four "
                "months before expiry).",
                warning="SK_AUDITOR_MAINTENANCE",
            ),
        ),
        "facts": (
            v(
                (
                    FactSpec(
                        "fees",
                        "Fees",
                        "SECOR registration is free for SCSA members and $250 for others (from January "
                        "2024); COR registration is $325 for non-members.",
                        f"SCSA, SECOR, {SCSA_SECOR}",
                    ),
                    FactSpec(
                        "next_program",
                        "More than 9 workers: the standard COR",
                        "A company above the limit, or a general contractor expecting to engage more than 9 "
                        "workers (including subcontractors), advises SCSA and starts the process for the "
                        "standard COR.",
                        f"SCSA, SECOR, {SCSA_SECOR}",
                        when="too_big",
                    ),
                ),
                SCSA_2018,
                SCSA_SECOR,
                "What SCSA publishes about fees and the standard COR.",
            ),
        ),
    },
    notes=("SECOR registration is free for SCSA members and $250 for others (from January 2024).",),
)

HCSAS = _partner(
    "HCSAS",
    "Heavy Construction Safety Association of Saskatchewan",
    ("heavy construction",),
    HCSAS_SECOR,
    (
        _c("WHMIS_TTT", "WHMIS Train-the-Trainer (GHS)", HCSAS_SECOR),
        _c("LSE", "Leadership for Safety Excellence", HCSAS_SECOR),
        _c("PHSM", "Principles of Health & Safety Management", HCSAS_SECOR),
        _c("HCSAS_AUDITOR", "Auditor Training Program", HCSAS_SECOR),
    ),
    {
        "threshold": (
            v(
                Threshold(
                    "peak_headcount",
                    10,
                    False,
                    "less than 10 employees at any given time",
                    lookback_months=12,
                ),
                LEGACY,
                HCSAS_SECOR,
                "SECOR is designed for companies with less than 10 employees at any given time, including "
                "all staff "
                "covered by the Saskatchewan WCB account.",
            ),
        ),
        "counted_categories": (
            v(WCB_COVERED, LEGACY, HCSAS_SECOR, "All staff covered by your Saskatchewan WCB account."),
        ),
        "training": (
            v(
                tuple(
                    TrainingRequirement(code, f"Completed {name}", (course,), "employee", HCSAS_SECOR)
                    for code, name, course in (
                        ("whmis_ttt", "WHMIS Train-the-Trainer (GHS)", "WHMIS_TTT"),
                        ("lse", "Leadership for Safety Excellence", "LSE"),
                        ("phsm", "Principles of Health & Safety Management", "PHSM"),
                        ("auditor", "the Auditor Training Program", "HCSAS_AUDITOR"),
                    )
                ),
                LEGACY,
                HCSAS_SECOR,
                "WHMIS Train-the-Trainer GHS, LSE, PHSM and the Auditor Training Program.",
            ),
        ),
    },
)

PARTNERS = {p.code: p for p in (SCSA, HCSAS)}

PROVINCE = Province(
    code=CODE, name=NAME, wcb_board=WCB_BOARD, partners=PARTNERS, references=references(__doc__)
)
