"""British Columbia: WorkSafeBC's Certificate of Recognition program, small-employer stream ("SECOR",
"Small COR"), run by each industry's certifying partner.

The size limit and counting method differ by partner (go2HR: fewer than 20 FTE from payroll hours; BCCSA,
AgSafe, MSABC: 19 or fewer; BCFSC: average ≤19.99 over operating months and monthly peak ≤24). Audits are done
by a trained internal auditor after a Notice of Audit Activity at least two weeks ahead. WorkSafeBC pays an
incentive of 10% of base assessment with a small-employer floor of the lesser of $1,000 and 75% of premium.

References:
    https://www.worksafebc.com/en/health-safety/create-manage/certificate-recognition/program-participation
    https://www.go2hr.ca/certificate-of-recognition-cor-program/cor-program-audit-overview
    https://www.go2hr.ca/explore-all-resources/health-safety/student-audit
    https://www.bccsa.ca/Small-COR---.html
    https://www.bccsa.ca/COR----Auditors.html
    https://bcforestsafe.org/safe-companies-cor/audits/auditor-training
    https://www.bcforestsafe.org/safe-companies-cor/maintaining-safe/
    https://www.bcforestsafe.org/safe-companies-cor/worksafebc-cor/cor-incentive/
    https://agsafebc.ca/cor/small-employers/
    https://safetyalliancebc.ca/faqs/what-happens-to-my-2020-maintenance-audit-scheduling/
    Seed 004 (go2HR "How to participate in SECOR", 2023)
    /work/shared/domain/program-rules.md §1.3, §Q1–Q6, §4 C9, C10, §6 q1, q2, q14
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from fractions import Fraction
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
    RuleCitation,
    TrainingResult,
)
from provinces.profile import (
    AuditorObligation,
    AuditWindows,
    FactSpec,
    FollowUp,
    PartnerProfile,
    PassMark,
    Prerequisite,
    ProgramException,
    Province,
    Run,
    StepSpec,
    Threshold,
    TrainingRequirement,
    met,
    money,
    references,
    v,
)

CODE = "BC"
NAME = "British Columbia"
WCB_BOARD = "WorkSafeBC"

LEGACY = date(2000, 1, 1)
SEED_004 = "seed 004 (go2HR, How to participate in SECOR, 2023)"
WSBC = (
    "https://www.worksafebc.com/en/health-safety/create-manage/certificate-recognition/program-participation"
)
WSBC_SG = (
    "WorkSafeBC COR Standards & Guidelines via "
    "https://safetyalliancebc.ca/faqs/what-happens-to-my-2020-maintenance-audit-scheduling/"
)
GO2HR_FTE = "https://www.go2hr.ca/certificate-of-recognition-cor-program/cor-program-audit-overview"
GO2HR_STUDENT = "https://www.go2hr.ca/explore-all-resources/health-safety/student-audit"
BCCSA_SMALL = "https://www.bccsa.ca/Small-COR---.html"
BCCSA_AUDITORS = "https://www.bccsa.ca/COR----Auditors.html"
BCFSC_SMALL = "https://bcforestsafe.org/safe-companies-cor/audits/auditor-training"
BCFSC_SEBASE = "https://docest.com/doc/568095/sebase-isebase-submission-version-3 [DOC]"
BCFSC_MAINT = "https://www.bcforestsafe.org/safe-companies-cor/maintaining-safe/"
BCFSC_INCENTIVE = "https://www.bcforestsafe.org/safe-companies-cor/worksafebc-cor/cor-incentive/"
AGSAFE_SMALL = "https://agsafebc.ca/cor/small-employers/"
MSABC_SMALL = "https://safetyalliancebc.ca/2016/12/"
WSBC_WAIVER_2020 = (
    "WorkSafeBC, Information for COR certified employers (30 March 2020), "
    "https://www.worksafebc.com/en/about-us/news-events/announcements/2020/March/"
    "information-for-cor-certified-employers"
)
BCCSA_LARGE = "BCCSA, Large COR, https://www.bccsa.ca/Large-COR---.html"
BCCSA_INTERNAL = "BCCSA, COR Internal Auditors, https://bccsa.ca/cor_internal_auditors.php"
BCFSC_RECORDS = (
    "BC Forest Safety Council, Maintaining SAFE Certification, https://www.bcforestsafe.org/node/69"
)
BCFSC_IOO = "BC Forest Safety Council, Small employers (auditor training), https://bcforestsafe.org/safe-companies-cor/audits/auditor-training"
SD_SMALL = (
    "SafetyDriven, COR Policy Manual – Small Employer COR Certification, "
    "https://www.safetydriven.ca/cor/cor-policy-manual/cor-policy-manual-small-employer-cor-certification/"
)
SD_AUDITORS = (
    "SafetyDriven, COR Policy Manual – Small Employer Internal Auditors, "
    "https://www.safetydriven.ca/cor/cor-policy-manual/cor-policy-manual-small-employer-internal-auditors/"
)
SD_TERMS = (
    "SafetyDriven, COR Policy Manual – Terms of Participation, "
    "https://www.safetydriven.ca/cor/cor-policy-manual/cor-policy-manual-terms-of-participation/"
)
SD_FAQ = "SafetyDriven, COR FAQ, https://www.safetydriven.ca/faq/cor-faq/"
SD_CYCLE = (
    "SafetyDriven, The Audit Cycle: Keeping Your COR, "
    "https://www.safetydriven.ca/2017/04/07/the-audit-cycle-keeping-your-cor/"
)

EMPLOYEES = frozenset(
    {
        PersonCategory.OWNER,
        PersonCategory.FAMILY_MEMBER,
        PersonCategory.VOLUNTEER,
        PersonCategory.FULL_TIME_PERMANENT,
        PersonCategory.PART_TIME,
        PersonCategory.CASUAL,
        PersonCategory.TEMPORARY,
    }
)
WITH_DEDICATED = EMPLOYEES | {PersonCategory.DEDICATED_CONTRACTOR}

PASS_80_50 = PassMark(Decimal(80), Decimal(50), overall_text="80% overall and at least 50% in every element")
PASS_19_OF_24 = PassMark(
    Decimal(1900) / Decimal(24), None, overall_text="19 of 24 points (stated as 80%), no element minimum"
)

GO2HR_ELEMENTS = (
    "Management & Leadership Commitment",
    "Hazard Identification & Control",
    "Safe Work Procedures",
    "Inspections",
    "Investigation of Incidents",
    "Training",
    "Program Administration",
    "Joint OHS Committee",
)
SEBASE_ELEMENTS = (
    "A Management Leadership",
    "B Hazard Identification & Risk Control",
    "C Standards, Procedures & Work Instructions",
    "D Training, Education & Certification",
    "E H&S Communication Systems",
    "F Incident Reporting & Investigation",
    "G Non-Prime Contractor Management",
    "H Prime Contractor Management",
    "I Injury Management/RTW (optional)",
)


def _c(code: str, name: str, reference: str, validity: int | None = None) -> Course:
    return Course(code, name, validity, name, reference)


GOOD_STANDING_REF = (
    "BC Forest Safety Council, COR incentive (WorkSafeBC good-standing exclusions), "
    "https://www.bcforestsafe.org/safe-companies-cor/worksafebc-cor/cor-incentive/"
)


def good_standing(run: Run, estimate: IncentiveResult) -> IncentiveResult:
    """WorkSafeBC pays the incentive only to an employer in good standing in the previous year: no
    administrative penalty (or activity that could lead to one), no outstanding balance, payroll reported
    (also: no claim suppression, registered, no other misconduct). An answer of "no" on any input withholds
    the estimate; unanswered inputs leave it as an estimate with the condition stated."""
    s = run.scenario
    failed = []
    if s.wcb_administrative_penalty:
        failed.append("an administrative penalty")
    if s.wcb_outstanding_balance:
        failed.append("an outstanding balance")
    if s.wcb_payroll_reported is False:
        failed.append("payroll not reported")
    unknown = [
        label
        for label, answer in (
            ("administrative penalties", s.wcb_administrative_penalty),
            ("outstanding balance", s.wcb_outstanding_balance),
            ("payroll reported", s.wcb_payroll_reported),
        )
        if answer is None
    ]
    numbers = dict(estimate.numbers)
    numbers["good_standing"] = not failed if not unknown or failed else None
    citation = RuleCitation("incentive.good_standing", "WorkSafeBC good standing", GOOD_STANDING_REF)
    if failed:
        return dataclasses.replace(
            estimate,
            available=False,
            amount=money(0),
            amount_max=money(0),
            verdict="No WorkSafeBC incentive this year: the employer was not in good standing ("
            + ", ".join(failed)
            + "). "
            + estimate.verdict.replace("WorkSafeBC incentive estimate", "Otherwise it would be"),
            numbers=numbers,
            rules=(*estimate.rules, citation),
        )
    verdict = estimate.verdict
    if unknown:
        verdict += " Paid only in good standing (not yet answered: " + ", ".join(unknown) + ")."
    else:
        verdict += " Good standing: yes."
    return dataclasses.replace(estimate, verdict=verdict, numbers=numbers, rules=(*estimate.rules, citation))


class BritishColumbiaPartner(PartnerProfile):
    """BC hooks: the seed 004 seven-step path, the Notice of Audit Activity, and the WorkSafeBC incentive."""

    def province_deadlines(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult
    ) -> list[Deadline]:
        kd = run.scenario.key_dates
        value = self.param("notice_days").at(run.as_of)
        days: int | None = value.value
        out: list[Deadline] = self._audit_gap(run)
        if days is None:
            return out
        if kd.planned_audit_start is not None:
            due = dates.add_days(kd.planned_audit_start, -days)
            out.append(
                Deadline(
                    "notice_of_audit",
                    f"Send the Notice of Audit Activity at least {days} days before the audit starts "
                    f"({kd.planned_audit_start.isoformat()})",
                    due,
                    "An audit started without the notice period is not accepted; move the start date.",
                    value.reference,
                    met(due, kd.notice_of_audit_sent_on, run.as_of),
                )
            )
        if kd.notice_of_audit_sent_on is not None:
            earliest = dates.add_days(kd.notice_of_audit_sent_on, days)
            out.append(
                Deadline(
                    "earliest_audit_start",
                    f"Earliest audit start after the notice sent on {kd.notice_of_audit_sent_on.isoformat()}",
                    earliest,
                    "Audit activity before this date does not respect the notice period.",
                    value.reference,
                    None if kd.planned_audit_start is None else kd.planned_audit_start >= earliest,
                )
            )
        return out

    def _audit_gap(self, run: Run) -> list[Deadline]:
        """SafetyDriven: at least six months between audits, and the recertification audit no more than six
        months before expiry. One deadline: the earliest date the next audit may be done, with ``met`` telling
        whether the audit that followed respected it."""
        if "min_months_between_audits" not in self.params:
            return []
        kd = run.scenario.key_dates
        value = run.use("min_months_between_audits")
        months: int = value.value
        out: list[Deadline] = []
        last = max(
            (
                d
                for d in (kd.certified_on, kd.maintenance_year2_submitted_on, kd.last_maintenance_audit_on)
                if d
            ),
            default=None,
        )
        if last is None or kd.certified_on is None:
            return out
        earliest = dates.add_months(last, months)
        expiry = self.expiry(kd.certified_on, kd.certificate_expires_on, run.as_of, run.scenario)
        recert_from = dates.add_months(expiry, -months)
        following = kd.recertification_submitted_on or kd.maintenance_year3_submitted_on
        if following is not None and following <= last:
            following = None
        out.append(
            Deadline(
                "audit_gap",
                f"Next audit no earlier than this ({months} months after the audit of {last.isoformat()})",
                earliest,
                "Audits less than six months apart are not accepted; too short a gap before the "
                "recertification loses the COR.",
                value.reference,
                None if following is None else following >= earliest,
            )
        )
        out.append(
            Deadline(
                "recertification_window",
                f"Recertification audit no earlier than {months} months before expiry ({expiry.isoformat()})",
                recert_from,
                "A recertification audit done earlier is not accepted.",
                value.reference,
                None
                if kd.recertification_submitted_on is None
                else kd.recertification_submitted_on >= recert_from,
            )
        )
        return out

    def path_facts(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult, deadlines: list[Deadline]
    ) -> dict[str, tuple[bool, str]]:
        s = run.scenario
        kd = s.key_dates
        champion = any(
            p.roles & {"safety_champion", "internal_auditor"}
            and dates.is_active_on(p.start, p.end, run.as_of)
            for p in s.people
        )
        certified = run.certified()
        days = self.value("notice_days", run.as_of)
        return {
            "qualify": (
                eligibility.status in (EligibilityStatus.ELIGIBLE, EligibilityStatus.PREREQUISITES_MISSING),
                eligibility.verdict,
            ),
            "register": (
                s.has_membership and s.has_wcb_account,
                f"Register with {self.name} for the small-employer COR program.",
            ),
            "champion": (
                champion,
                "Identify a safety champion who will lead the process and be the internal auditor.",
            ),
            "training": (training.satisfied, training.verdict),
            "system": (
                kd.history_documented_since is not None or certified,
                "Develop your safety management system (use the self-assessment guide for each audit "
                "element).",
            ),
            "notice": (
                kd.notice_of_audit_sent_on is not None or certified,
                f"Submit your Notice of Audit Activity at least {days} days before starting the audit.",
            ),
            "audit": (
                kd.audit_submitted_on is not None or certified,
                "Submit the completed audit tool and scorecard with the required documents for quality "
                "assurance.",
            ),
            "certified": (
                certified,
                "Pass the quality-assurance review; WorkSafeBC approves the certificate.",
            ),
        }

    def incentive(self, run: Run) -> IncentiveResult:
        """incentive = max(10% × base assessment, min($1,000, 75% × premium)) (inferred; see
        BC_INCENTIVE_FLOOR_BASIS), paid only to an employer in good standing."""
        estimate = self._incentive_estimate(run)
        return good_standing(run, estimate)

    def _incentive_estimate(self, run: Run) -> IncentiveResult:
        value = run.use("incentive")
        spec: dict[str, Decimal] = value.value
        s = run.scenario
        premium = None if s.annual_premium is None else Decimal(str(s.annual_premium))
        base = None if s.base_assessment is None else Decimal(str(s.base_assessment))
        notes = (
            "Paid yearly as a credit to the WorkSafeBC account (no cheques since 2021), on the previous "
            "year's "
            "audit, if the employer is in good standing (no administrative penalty, claim suppression, "
            "outstanding balance, late payroll report or other misconduct).",
        )
        numbers: dict[str, Any] = {
            "rate": spec["rate"],
            "floor_cap": spec["floor_cap"],
            "floor_share": spec["floor_share"],
            "annual_premium": premium,
            "base_assessment": base,
        }
        if premium is None and base is None:
            return IncentiveResult(
                program="WorkSafeBC COR incentive",
                available=True,
                amount=None,
                amount_max=None,
                verdict="WorkSafeBC incentive: 10% of base assessment, at least the lesser of $1,000 and 75% "
                "of "
                "premium (enter your premium for an estimate).",
                numbers=numbers,
                notes=notes,
                rules=(self.param("incentive").citation(run.as_of),),
            )
        if base is None:
            numbers["base_assessment_assumed_equal_to_premium"] = True
        base = base if base is not None else premium
        premium = premium if premium is not None else base
        if base is None or premium is None:  # pragma: no cover - one of them is set, see above
            raise AssertionError("premium or base assessment required")
        ten = base * spec["rate"]
        floor_on = base if spec.get("floor_basis") == "base" else premium
        numbers["floor_basis"] = "base assessment" if spec.get("floor_basis") == "base" else "total premium"
        share = floor_on * spec["floor_share"]
        floor = min(spec["floor_cap"], share)
        numbers.update(ten_percent_of_base=money(ten), seventy_five_percent=money(share), floor=money(floor))
        if ten >= floor:
            amount, basis = ten, "10% of base assessment"
        elif share < spec["floor_cap"]:
            amount, basis = share, "75% of premium (below the $1,000 cap)"
        else:
            amount, basis = spec["floor_cap"], "the $1,000 small-employer cap"
        numbers["basis"] = basis
        return IncentiveResult(
            program="WorkSafeBC COR incentive",
            available=True,
            amount=money(amount),
            amount_max=money(amount),
            verdict=f"WorkSafeBC incentive estimate: ${money(amount)} ({basis}).",
            numbers=numbers,
            notes=notes,
            rules=(self.param("incentive").citation(run.as_of),),
        )


STEPS = (
    StepSpec("qualify", "Confirm you are a small employer for your certifying partner", SEED_004),
    StepSpec("register", "Register for the program", f"{SEED_004} step 1"),
    StepSpec("champion", "Identify a safety champion", f"{SEED_004} step 2"),
    StepSpec("training", "Internal auditor training", f"{SEED_004} step 3"),
    StepSpec("system", "Develop your safety management system", f"{SEED_004} step 4"),
    StepSpec("notice", "Submit your Notice of Audit Activity", f"{SEED_004} step 5"),
    StepSpec("audit", "Submit your completed audit for quality assurance", f"{SEED_004} step 6"),
    StepSpec("certified", "Become SECOR certified", f"{SEED_004} step 7"),
)


def _fte_or_peak(limit_text: str, reference: str, text: str) -> tuple[Any, ...]:
    return (
        v(
            Threshold("fte_or_peak", 19, True, limit_text, lookback_months=12),
            LEGACY,
            reference,
            text,
            warning="BC_THRESHOLD_METHOD",
        ),
    )


def _common() -> dict[str, Any]:
    return {
        "counted_categories": (
            v(EMPLOYEES, LEGACY, WSBC, "Employees on the WorkSafeBC account (method per partner)."),
        ),
        "prerequisites": (
            v(
                (
                    Prerequisite("wcb_account", "A WorkSafeBC account in good standing", WSBC),
                    Prerequisite(
                        "membership", "Registration with the certifying partner", f"{SEED_004} step 1"
                    ),
                ),
                LEGACY,
                f"{SEED_004} step 1; {WSBC}",
                "Register with the certifying partner for your industry; WorkSafeBC approves the "
                "certificate.",
            ),
        ),
        "follow_ups": (v((), LEGACY, WSBC, "No follow-up after training."),),
        "refresher": (v(None, LEGACY, WSBC, "No separate refresher rule (see course validity)."),),
        "history_months": (v(None, LEGACY, WSBC, "No minimum history stated before the first audit."),),
        "validity_months": (v(36, LEGACY, f"{BCCSA_SMALL}; {AGSAFE_SMALL}", "valid 3 years"),),
        "maintenance_anchor": (
            v(
                "calendar_year",
                LEGACY,
                WSBC_SG,
                "completed before 31 December of each maintenance year",
                warning="BC_MAINTENANCE_DEADLINE",
            ),
        ),
        "pass_mark.certification": (
            v(
                PASS_80_50,
                LEGACY,
                f"{BCCSA_SMALL}; {AGSAFE_SMALL}",
                "80% overall and at least 50% in each element",
            ),
        ),
        "pass_mark.recertification": (
            v(
                PASS_80_50,
                LEGACY,
                f"{BCCSA_SMALL}; {AGSAFE_SMALL}",
                "80% overall and at least 50% in each element",
            ),
        ),
        "pass_mark.maintenance": (
            v(
                PASS_80_50,
                LEGACY,
                "program-rules.md §6 q2 (not confirmed)",
                "Maintenance pass mark not confirmed; the certification standard is applied.",
                warning="MAINTENANCE_PASS_MARK_UNCONFIRMED",
            ),
        ),
        "audit_windows": (v(None, LEGACY, WSBC, "No data-gathering window encoded."),),
        "notice_days": (
            v(
                14,
                LEGACY,
                f"{SEED_004} step 5",
                "Submit the Notice of Audit Activity at least two weeks (14 days) before the audit.",
            ),
        ),
        "milestones": (v(None, LEGACY, WSBC, "No registration milestones."),),
        "reregistration_wait_months": (v(None, LEGACY, WSBC, "No waiting period."),),
        "exceptions": (
            v(
                (
                    ProgramException(
                        "bc_2020_audit_waiver",
                        "WorkSafeBC 2020 audit waiver (one-year certificate from the original expiry)",
                        date(2020, 3, 30),
                        date(2020, 8, 31),
                        12,
                        WSBC_WAIVER_2020,
                    ),
                ),
                LEGACY,
                WSBC_WAIVER_2020,
                "Certificates expiring by 31 August 2020 whose audit had not started could get a 2020 audit "
                "waiver: a one-year certificate from the original expiry date.",
            ),
        ),
        "incentive": (
            v(
                {"rate": Decimal("0.10"), "floor_cap": Decimal(1000), "floor_share": Decimal("0.75")},
                LEGACY,
                f"{SEED_004} step 7; {BCFSC_INCENTIVE}",
                "10% of base assessment; small employers get at least the lesser of $1,000 and 75% of "
                "premium.",
                warning="BC_INCENTIVE_FLOOR_BASIS",
            ),
        ),
    }


def _partner(
    code: str,
    name: str,
    industries: tuple[str, ...],
    website: str,
    courses: tuple[Course, ...],
    elements: tuple[str, ...],
    elements_ref: str,
    overrides: dict[str, Any],
    notes: tuple[str, ...] = (),
) -> BritishColumbiaPartner:
    values = _common()
    values.update(overrides)
    return BritishColumbiaPartner(
        code=code,
        name=name,
        province=CODE,
        industries=industries,
        programs=("SECOR", "COR"),
        website=website,
        courses={c.code: c for c in courses},
        audit_elements=elements,
        audit_elements_reference=elements_ref,
        params={k: Param(k, tuple(vs)) for k, vs in values.items()},
        steps=STEPS,
        notes=notes,
    )


GO2HR = _partner(
    "GO2HR",
    "go2HR",
    ("tourism", "hospitality"),
    "https://www.go2hr.ca",
    (
        _c("GO2HR_SECOR_IAT", "SECOR Internal Auditor Training (online + interactive, $199 + tax)", SEED_004),
        _c("GO2HR_STUDENT_AUDIT", "Student audit (also the initial certification audit)", SEED_004),
    ),
    GO2HR_ELEMENTS,
    f"{GO2HR_FTE} (go2HR COR elements; the SECOR element list is not confirmed, program-rules.md §6 q2)",
    {
        "threshold": (
            v(
                Threshold("fte_payroll", 20, False, "fewer than 20 FTE (annual payroll hours ÷ 2,080)"),
                LEGACY,
                GO2HR_FTE,
                "Small Employer COR (SECOR) for organizations with less than 20 FTEs; FTE = annual payroll "
                "hours "
                "divided by 2,080.",
            ),
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "internal_auditor",
                        "The safety champion completed SECOR Internal Auditor Training",
                        ("GO2HR_SECOR_IAT",),
                        "safety_champion",
                        SEED_004,
                    ),
                ),
                LEGACY,
                f"{SEED_004} steps 2-3",
                "A safety champion takes SECOR Internal Auditor Training and becomes the internal auditor.",
            ),
        ),
        "follow_ups": (
            v(
                (
                    FollowUp(
                        kind="student_audit",
                        after_course="GO2HR_SECOR_IAT",
                        course="GO2HR_STUDENT_AUDIT",
                        title="Complete the student audit (initial certification audit) within 12 months of "
                        "training",
                        consequence="A late student audit is not accepted; the champion may have to retake "
                        "the "
                        "training (inferred).",
                        reference=f"{GO2HR_STUDENT}; {SEED_004} step 3",
                        months=12,
                        voids_training=False,
                        warning="GO2HR_STUDENT_AUDIT_INFERRED",
                        met_by_certification=True,
                    ),
                ),
                LEGACY,
                GO2HR_STUDENT,
                "Student audit within the 12 months following training.",
            ),
        ),
        "facts": (
            v(
                (
                    FactSpec(
                        "fees",
                        "Fees",
                        "SECOR Internal Auditor Training: $199 + tax.",
                        "go2HR, How to participate in SECOR, https://b4pace.go2hr.ca",
                    ),
                    FactSpec(
                        "next_program",
                        "20 FTE or more: go2HR COR",
                        "Employers with 20 or more full-time equivalents join go2HR's COR program for large "
                        "employers.",
                        f"go2HR, COR program audit overview, {GO2HR_FTE}",
                        when="too_big",
                    ),
                ),
                LEGACY,
                GO2HR_FTE,
                "What go2HR publishes about fees and the large-employer COR.",
            ),
        ),
    },
    notes=("If the internal auditor leaves, another staff member must be certified as soon as possible.",),
)

BCCSA = _partner(
    "BCCSA",
    "BC Construction Safety Alliance",
    ("construction", "aggregate", "ready-mix"),
    BCCSA_SMALL,
    (
        _c("BCCSA_IAT", "COR Internal Auditor Training (two days, exam ≥80%)", BCCSA_AUDITORS, 36),
        _c("BCCSA_PHSM", "Principles of Health & Safety Management (online, co-requisite)", BCCSA_AUDITORS),
        _c("BCCSA_STUDENT_AUDIT", "Student Audit Assignment (passing grade)", BCCSA_AUDITORS),
    ),
    GO2HR_ELEMENTS,
    f"{GO2HR_FTE} (BC COR elements; BCCSA Small COR element list not confirmed)",
    {
        "threshold": _fte_or_peak(
            "19 or less employees (FTEs)",
            BCCSA_SMALL,
            "For companies with 19 or less employees (FTEs), the Small COR process applies.",
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "internal_auditor",
                        "A permanent employee certified as internal auditor (2-day course, PHSM "
                        "co-requisite, student "
                        "audit within 4 weeks; valid 3 years)",
                        ("BCCSA_IAT",),
                        "internal_auditor",
                        BCCSA_AUDITORS,
                        prerequisites=("BCCSA_PHSM",),
                    ),
                ),
                LEGACY,
                BCCSA_AUDITORS,
                "Internal auditor: permanent employee; PHSM online co-requisite; 2-day COR Internal Auditor "
                "Training; student audit within 4 weeks; certificate valid 3 years; requalify every 3 years.",
            ),
        ),
        "follow_ups": (
            v(
                (
                    FollowUp(
                        kind="student_audit",
                        after_course="BCCSA_IAT",
                        course="BCCSA_STUDENT_AUDIT",
                        title="Submit the Student Audit Assignment within 4 weeks of the course",
                        consequence="Without a passing student audit the auditor is not certified; retake "
                        "the "
                        "course.",
                        reference=BCCSA_AUDITORS,
                        days=28,
                    ),
                ),
                LEGACY,
                BCCSA_AUDITORS,
                "Student Audit Assignment within 4 weeks of the course, with a passing grade.",
            ),
        ),
        "facts": (
            v(
                (
                    FactSpec(
                        "next_program",
                        "Over 19 employees: BCCSA Large COR",
                        "Companies with 20 or more employees (FTEs) go to the Large COR: a BCCSA-qualified "
                        "external auditor must do the certification and re-certification audits (maintenance "
                        "audits may be internal).",
                        BCCSA_LARGE,
                        when="too_big",
                    ),
                ),
                LEGACY,
                BCCSA_LARGE,
                "What BCCSA requires above the Small COR limit.",
            ),
        ),
        "auditor_obligation": (
            v(
                AuditorObligation(
                    courses=("BCCSA_IAT",),
                    min_audits=2,
                    months=36,
                    otherwise="Retake the 2-day COR Internal Auditor Training and submit a new Student Audit "
                    "Assignment within four weeks.",
                    reference=BCCSA_INTERNAL,
                ),
                LEGACY,
                BCCSA_INTERNAL,
                "At least two COR audits within the three years after certification; requalify through the "
                "2-day course at least once every three years.",
            ),
        ),
    },
    notes=("BCCSA auditors complete at least 2 audits per 3-year period.",),
)

BCFSC = _partner(
    "BCFSC",
    "BC Forest Safety Council",
    ("forestry",),
    BCFSC_SMALL,
    (
        _c("BCFSC_SEOHS", "Small Employer OHS Training Course (two days)", BCFSC_SMALL, 36),
        _c("BCFSC_REFRESHER", "Small employer auditor refresher (7 hours)", BCFSC_SEBASE, 36),
    ),
    SEBASE_ELEMENTS,
    f"{BCFSC_SEBASE} (SEBASE v2.0)",
    {
        "threshold": (
            v(
                Threshold(
                    "average_and_peak",
                    19.99,
                    True,
                    "average of 19.99 or less over operating months and a monthly peak of 24 or less",
                    lookback_months=12,
                    peak_limit=24,
                    operating_month_share=Fraction(1, 4),
                ),
                LEGACY,
                BCFSC_SEBASE,
                "SEBASE: an average size in its operating months for the year of 19.99 or less and a peak "
                "size for "
                "any month of 24 or less; an operating month is any month at 25% or more of peak size.",
            ),
        ),
        "counted_categories": (
            v(WITH_DEDICATED, LEGACY, BCFSC_SMALL, "Dedicated contractors must be counted as workers."),
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "small_employer_auditor",
                        "The internal auditor completed the Small Employer OHS course (7 h refresher every 3 "
                        "years)",
                        ("BCFSC_SEOHS",),
                        "internal_auditor",
                        f"{BCFSC_SMALL}; {BCFSC_SEBASE}",
                        renewed_by=("BCFSC_REFRESHER",),
                        expiry_kind="training_refresher",
                    ),
                ),
                LEGACY,
                BCFSC_SEBASE,
                "Small employer auditors take the 2-day Small Employer OHS course and 7 hours of refresher "
                "training every three years.",
            ),
        ),
        "maintenance_anchor": (
            v(
                "anniversary_with_slip",
                LEGACY,
                BCFSC_MAINT,
                "due on the certification expiry anniversary; may slip to 30 June or 31 December, whichever "
                "comes first",
                warning="BCFSC_SLIP_DATE",
            ),
        ),
        "pass_mark.certification": (
            v(
                PASS_19_OF_24,
                LEGACY,
                BCFSC_SEBASE,
                "A successful score is 80% or 19/24 points.",
                warning="BCFSC_PASS_MARK_ROUNDING",
            ),
        ),
        "pass_mark.recertification": (
            v(
                PASS_19_OF_24,
                LEGACY,
                BCFSC_SEBASE,
                "A successful score is 80% or 19/24 points.",
                warning="BCFSC_PASS_MARK_ROUNDING",
            ),
        ),
        "pass_mark.maintenance": (
            v(
                PASS_19_OF_24,
                LEGACY,
                BCFSC_SEBASE,
                "A successful score is 80% or 19/24 points (maintenance not stated separately).",
                warning="BCFSC_PASS_MARK_ROUNDING",
            ),
        ),
        "facts": (
            v(
                (
                    FactSpec(
                        "records_period",
                        "Records the audit must cover",
                        "Certification, maintenance and recertification audits use records covering the last "
                        "12 months since the previous audit.",
                        BCFSC_RECORDS,
                    ),
                    FactSpec(
                        "auditor_upkeep",
                        "Internal auditor: staying qualified",
                        "For the COR incentive the small-employer auditor takes refresher training every "
                        "three years and performs at least two audits every three years; if status is lost, "
                        "the initial training is taken again.",
                        "BC Forest Safety Council, Individual owner operators and small employers, "
                        "https://www2.bcforestsafe.org/safe_companies/ioo.html",
                    ),
                    FactSpec(
                        "next_program",
                        "20 or more workers: BASE (large employer)",
                        "Large employers (20 or more workers and contractors) use the BASE audit; "
                        "certification and recertification audits are done by a BCFSC-certified external "
                        "auditor.",
                        "BC Forest Safety Council, Individual owner operators and small employers, "
                        "https://www2.bcforestsafe.org/safe_companies/ioo.html",
                        when="too_big",
                    ),
                ),
                LEGACY,
                BCFSC_RECORDS,
                "What BCFSC states about audit records, auditor upkeep and the large-employer program.",
            ),
        ),
    },
    notes=("The audit covers the 12 months before the audit date. SEBASE fee $630.",),
)

AGSAFE = _partner(
    "AGSAFE",
    "AgSafe BC",
    ("agriculture",),
    AGSAFE_SMALL,
    (_c("AGSAFE_IAT", "AgSafe COR Internal Auditor Training", AGSAFE_SMALL),),
    GO2HR_ELEMENTS,
    f"{GO2HR_FTE} (BC COR elements; AgSafe element list not confirmed)",
    {
        "threshold": _fte_or_peak(
            "19 or less full-time employees",
            AGSAFE_SMALL,
            "Certificate of Recognition for Small Employers: 19 or less full-time employees.",
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "internal_auditor",
                        "A permanent employee completed AgSafe COR Internal Auditor Training",
                        ("AGSAFE_IAT",),
                        "internal_auditor",
                        AGSAFE_SMALL,
                    ),
                ),
                LEGACY,
                AGSAFE_SMALL,
                "A permanent employee completes AgSafe COR Internal Auditor Training.",
            ),
        ),
    },
)

MSABC = _partner(
    "MSABC",
    "Manufacturing Safety Alliance of BC",
    ("manufacturing", "food and beverage"),
    "https://safetyalliancebc.ca",
    (
        _c(
            "MSABC_IAT",
            "OSSE small-employer internal auditor training (course name not confirmed)",
            MSABC_SMALL,
        ),
    ),
    GO2HR_ELEMENTS,
    f"{GO2HR_FTE} (BC COR elements; OSSE element list not confirmed)",
    {
        "threshold": _fte_or_peak(
            "1-19 full-time employees",
            MSABC_SMALL,
            "Small employers (1–19 full-time employees), OSSE program.",
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "internal_auditor",
                        "An internal auditor trained by MSABC",
                        ("MSABC_IAT",),
                        "internal_auditor",
                        MSABC_SMALL,
                        warning="TRAINING_RULES_UNCONFIRMED",
                    ),
                ),
                LEGACY,
                MSABC_SMALL,
                "MSABC's small-employer course list is not confirmed.",
            ),
        ),
    },
    notes=("MSABC recommends doing maintenance audits on the anniversary date.",),
)

SAFETYDRIVEN = _partner(
    "SAFETYDRIVEN",
    "SafetyDriven – Trucking Safety Council of BC",
    ("trucking", "moving and storage"),
    SD_SMALL,
    (
        _c("SD_IAT", "Small Employer Internal Auditor course and exam (two days)", SD_AUDITORS),
        _c("SD_STUDENT_AUDIT", "Student audit (may also be the certifying audit)", SD_AUDITORS),
    ),
    GO2HR_ELEMENTS,
    f"{SD_FAQ} (BC COR elements; the SafetyDriven Small Employer audit tool's element list is not confirmed)",
    {
        "threshold": (
            v(
                Threshold("fte_or_peak", 20, False, "fewer than 20 employees", lookback_months=12),
                LEGACY,
                SD_SMALL,
                "Small employers must be doing business with fewer than twenty employees.",
                warning="BC_THRESHOLD_METHOD",
            ),
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "internal_auditor",
                        "A permanent employee certified as small employer internal auditor (course and exam)",
                        ("SD_IAT",),
                        "internal_auditor",
                        SD_AUDITORS,
                    ),
                ),
                LEGACY,
                SD_AUDITORS,
                "A representative with a permanent (full- or part-time) position completes the course, "
                "passes the exam and completes a student audit within 12 months.",
            ),
        ),
        "follow_ups": (
            v(
                (
                    FollowUp(
                        kind="student_audit",
                        after_course="SD_IAT",
                        course="SD_STUDENT_AUDIT",
                        title="Submit the student audit within 12 months of the course (it can be the "
                        "certifying audit)",
                        consequence="Without the student audit the internal auditor is not certified.",
                        reference=SD_AUDITORS,
                        months=12,
                        voids_training=False,
                        met_by_certification=True,
                    ),
                ),
                LEGACY,
                SD_AUDITORS,
                "Student audit within 12 months of training.",
            ),
        ),
        "maintenance_anchor": (
            v(
                "anniversary",
                LEGACY,
                SD_TERMS,
                "on or before the first and second anniversary of the certification audit",
                warning="SD_MAINTENANCE_DUE",
            ),
        ),
        "pass_mark.certification": (v(PASS_80_50, LEGACY, SD_FAQ, "80% with no element below 50%"),),
        "pass_mark.recertification": (v(PASS_80_50, LEGACY, SD_FAQ, "80% with no element below 50%"),),
        "pass_mark.maintenance": (
            v(
                PassMark(None, None, required=False, overall_text="no pass needed"),
                LEGACY,
                SD_FAQ,
                "A maintenance audit need not pass (80% / 50%) to keep the COR and the rebate.",
            ),
        ),
        "audit_windows": (
            v(
                AuditWindows(45, 45),
                LEGACY,
                SD_FAQ,
                "An audit takes at most 45 days from start to finish; the report is submitted within 45 "
                "days after it.",
            ),
        ),
        "min_months_between_audits": (
            v(
                6,
                LEGACY,
                f"{SD_CYCLE}; {SD_TERMS}",
                "At least six months between audits; the re-certification audit is done no more than six "
                "months before the certificate expires.",
            ),
        ),
        "facts": (
            v(
                (
                    FactSpec(
                        "audit_timing",
                        "Audit timing",
                        "An audit takes at most 45 days from start to finish; the auditor submits the report "
                        "within 45 days; an action plan requested by SafetyDriven is due within 21 days.",
                        SD_FAQ,
                    ),
                    FactSpec(
                        "auditor_upkeep",
                        "Internal auditor",
                        "The internal auditor holds a permanent (full- or part-time) position; a part-timer "
                        "working for several companies may do only one audit a year. A minimum number of "
                        "audits per COR cycle applies.",
                        SD_AUDITORS,
                    ),
                    FactSpec(
                        "next_program",
                        "20 or more employees: large employer COR",
                        "Large employers register for the large employer COR: an internal auditor may only "
                        "do the maintenance audits; certification audits are external.",
                        SD_FAQ,
                        when="too_big",
                    ),
                ),
                LEGACY,
                SD_FAQ,
                "What SafetyDriven publishes about audit timing, auditors and the large-employer program.",
            ),
        ),
    },
    notes=(
        "For employers in WorkSafeBC classification units 732019 (general trucking) and 732030 (moving and "
        "storage), and naturally aligned employers.",
    ),
)

PARTNERS = {p.code: p for p in (GO2HR, BCCSA, BCFSC, AGSAFE, MSABC, SAFETYDRIVEN)}

PROVINCE = Province(
    code=CODE, name=NAME, wcb_board=WCB_BOARD, partners=PARTNERS, references=references(__doc__)
)
