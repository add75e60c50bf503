"""Manitoba: SECOR through the Construction Safety Association of Manitoba (CSAM), encoded from brief notes.

CSAM SECOR is for construction and related employers with fewer than 10 people; certification must be obtained
within 18 months of registration (effective 2015-05-01); the self-audit shows at least 3 months of
documentation; every audit needs 80% overall and 50% in each of its 15 sections; certified employers qualify
for the WCB Manitoba prevention rebate (the greater of 15% of premium and $3,000, capped at 75% of premium).

References:
    http://www.constructionsafety.ca/secor-program/
    http://www.constructionsafety.ca/revised-safety-program-registration-policy/
    https://www.constructionsafety.ca/online-audit-tool/
    https://www.safemanitoba.com/safe-work-certified/Pages/Prevention-Rebate.aspx
    https://www.wcb.mb.ca/
    /work/shared/domain/program-rules.md §Q4 (MB pass mark), §Q5, §Q6 (Manitoba), §Q7
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
    money,
    references,
    v,
)

CODE = "MB"
NAME = "Manitoba"
WCB_BOARD = "Workers Compensation Board of Manitoba"

LEGACY = date(2000, 1, 1)
CSAM_18_MONTHS_FROM = date(2015, 5, 1)
CSAM_SECOR = "http://www.constructionsafety.ca/secor-program/"
CSAM_POLICY = "http://www.constructionsafety.ca/revised-safety-program-registration-policy/"
REBATE = "https://www.safemanitoba.com/safe-work-certified/Pages/Prevention-Rebate.aspx"

COUNTED = frozenset(
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
PASS_80_50 = PassMark(Decimal(80), Decimal(50), overall_text="80% overall and at least 50% in every section")


class ManitobaPartner(PartnerProfile):
    """Manitoba hooks: the 18-month certification deadline and the prevention rebate."""

    def province_deadlines(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult
    ) -> list[Deadline]:
        kd = run.scenario.key_dates
        if kd.registered_on is None:
            return []
        value = self.param("milestones").at(kd.registered_on)
        ms: Milestones | None = value.value
        if ms is None:
            return []
        due = dates.add_months(kd.registered_on, ms.certification_months)
        return [
            Deadline(
                "certification_deadline",
                f"Certification within {ms.certification_months} months of registration",
                due,
                "No new registration number is issued after a failure to certify in time.",
                value.reference,
                met(due, kd.certified_on, run.as_of),
            )
        ]

    def path_facts(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult, deadlines: list[Deadline]
    ) -> dict[str, tuple[bool, str]]:
        s = run.scenario
        kd = s.key_dates
        history = self.value("history_months", run.as_of)
        documented = kd.history_documented_since is not None and (
            run.as_of >= dates.add_months(kd.history_documented_since, history) or kd.certified_on is not None
        )
        certified = run.certified()
        return {
            "qualify": (
                eligibility.status in (EligibilityStatus.ELIGIBLE, EligibilityStatus.PREREQUISITES_MISSING),
                eligibility.verdict,
            ),
            "register": (kd.registered_on is not None and s.has_membership, "Register for SECOR with CSAM."),
            "training": (training.satisfied, training.verdict),
            "system": (documented, f"Implement the safety program and document at least {history} months."),
            "audit": (
                kd.audit_submitted_on is not None or certified,
                "Submit the self-audit through CSAM's online audit tool.",
            ),
            "certified": (
                certified,
                "Pass the audit (80% overall, 50% per section) within 18 months of registering.",
            ),
        }

    def incentive(self, run: Run) -> IncentiveResult:
        value = run.use("incentive")
        spec: dict[str, Decimal] = value.value
        s = run.scenario
        premium = None if s.annual_premium is None else Decimal(str(s.annual_premium))
        numbers: dict[str, Any] = {**spec, "annual_premium": premium}
        rules = (self.param("incentive").citation(run.as_of),)
        notes = (
            "The rebate covers the 12 months from the certification anniversary and is paid about a month "
            "after it.",
        )
        if premium is None:
            return IncentiveResult(
                "WCB Manitoba prevention rebate",
                True,
                None,
                None,
                "Prevention rebate: the greater of 15% of premium and $3,000, at most 75% of premium (enter "
                "the "
                "premium for an estimate).",
                numbers,
                notes,
                rules,
            )
        amount = min(max(premium * spec["rate"], spec["minimum"]), premium * spec["cap_share"])
        return IncentiveResult(
            "WCB Manitoba prevention rebate",
            True,
            money(amount),
            money(amount),
            f"Prevention rebate estimate: ${money(amount)} (greater of 15% and $3,000, capped at 75% of "
            f"${money(premium)}).",
            numbers,
            notes,
            rules,
        )


STEPS = (
    StepSpec("qualify", "Confirm you qualify (fewer than 10 people)", CSAM_SECOR),
    StepSpec("register", "Register for SECOR with CSAM", CSAM_POLICY),
    StepSpec("training", "Complete the SECOR training modules", CSAM_SECOR),
    StepSpec("system", "Implement the safety program (at least 3 months documented)", CSAM_POLICY),
    StepSpec("audit", "Submit the self-audit", "https://www.constructionsafety.ca/online-audit-tool/"),
    StepSpec("certified", "SECOR certified (within 18 months of registration)", CSAM_POLICY),
)

MODULES = tuple(
    Course(
        f"CSAM_MODULE_{i}",
        f"CSAM SECOR training module {i} (name not confirmed)",
        None,
        "One of CSAM's three SECOR training modules",
        CSAM_SECOR,
    )
    for i in (1, 2, 3)
)

CSAM = ManitobaPartner(
    code="CSAM",
    name="Construction Safety Association of Manitoba",
    province=CODE,
    industries=("construction",),
    programs=("SECOR", "COR"),
    website="https://www.constructionsafety.ca",
    courses={c.code: c for c in MODULES},
    audit_elements=tuple(f"Section {i}" for i in range(1, 16)),
    audit_elements_reference=f"{CSAM_SECOR} (15 sections; names not confirmed)",
    params={
        k: Param(k, tuple(vs))
        for k, vs in {
            "threshold": (
                v(
                    Threshold("peak_headcount", 10, False, "less than 10 people", lookback_months=12),
                    LEGACY,
                    CSAM_SECOR,
                    "SECOR is for construction and related employers who employ less than 10 people.",
                    warning="MB_RULES_PARTIAL",
                ),
            ),
            "counted_categories": (v(COUNTED, LEGACY, CSAM_SECOR, "People employed by the employer."),),
            "prerequisites": (
                v(
                    (
                        Prerequisite("wcb_account", "A WCB Manitoba account", CSAM_SECOR),
                        Prerequisite("membership", "Registration with CSAM (company member ID)", CSAM_POLICY),
                    ),
                    LEGACY,
                    CSAM_POLICY,
                    "Register with CSAM; its audit tool is keyed to the company member ID.",
                ),
            ),
            "training": (
                v(
                    tuple(
                        TrainingRequirement(
                            f"module_{c.code[-1]}",
                            f"Completed {c.name}",
                            (c.code,),
                            "employee",
                            CSAM_SECOR,
                            warning="TRAINING_RULES_UNCONFIRMED",
                        )
                        for c in MODULES
                    ),
                    LEGACY,
                    CSAM_SECOR,
                    "Three SECOR training modules.",
                ),
            ),
            "follow_ups": (v((), LEGACY, CSAM_SECOR, "No follow-up after training."),),
            "refresher": (v(None, LEGACY, CSAM_SECOR, "No refresher rule known."),),
            "history_months": (
                v(3, LEGACY, CSAM_POLICY, "At least 3 months of documentation in the self-audit."),
            ),
            "validity_months": (
                v(
                    36,
                    LEGACY,
                    "https://www.safemanitoba.com/safe-work-certified",
                    "valid 3 years (SAFE Work Certified)",
                ),
            ),
            "maintenance_anchor": (
                v(
                    "anniversary",
                    LEGACY,
                    "https://www.safemanitoba.com/safe-work-certified",
                    "annual maintenance audit before the anniversary date",
                ),
            ),
            "pass_mark.certification": (
                v(
                    PASS_80_50,
                    LEGACY,
                    CSAM_SECOR,
                    "A minimum of 50% in each section and 80% overall to pass each audit.",
                ),
            ),
            "pass_mark.maintenance": (
                v(
                    PASS_80_50,
                    LEGACY,
                    CSAM_SECOR,
                    "A minimum of 50% in each section and 80% overall to pass each audit.",
                ),
            ),
            "pass_mark.recertification": (
                v(
                    PASS_80_50,
                    LEGACY,
                    CSAM_SECOR,
                    "A minimum of 50% in each section and 80% overall to pass each audit.",
                ),
            ),
            "audit_windows": (v(None, LEGACY, CSAM_SECOR, "No data-gathering window known."),),
            "notice_days": (v(None, LEGACY, CSAM_SECOR, "No notice of audit rule known."),),
            "milestones": (
                v(None, LEGACY, CSAM_POLICY, "No certification deadline before 2015-05-01."),
                v(
                    Milestones(None, 18),
                    CSAM_18_MONTHS_FROM,
                    CSAM_POLICY,
                    "Certification must be obtained within 18 months from the date of registration.",
                ),
            ),
            "reregistration_wait_months": (
                v(None, LEGACY, CSAM_POLICY, "No new registration number is issued after failure."),
            ),
            "incentive": (
                v(
                    {"rate": Decimal("0.15"), "minimum": Decimal(3000), "cap_share": Decimal("0.75")},
                    LEGACY,
                    REBATE,
                    "Prevention rebate: the greatest of 15 per cent of premium or $3,000, to a maximum of 75 "
                    "per "
                    "cent of premium.",
                ),
            ),
        }.items()
    },
    steps=STEPS,
)

PARTNERS = {"CSAM": CSAM}

PROVINCE = Province(
    code=CODE, name=NAME, wcb_board=WCB_BOARD, partners=PARTNERS, references=references(__doc__)
)
