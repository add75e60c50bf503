"""Alberta: the Partnerships SECOR program (co-issued by the Government of Alberta and a certifying partner).

Small employers (10 or fewer workers) build a health & safety management system and submit an annual
self-assessment to their certifying partner for quality review. Partners encoded: ACSA (construction), AMHSA
(municipalities), ESC (Energy Safety Canada, oil & gas), ASC (Alberta Safety Council, all industries without
an
association) and AASP (non-industry-specific).

References:
    https://alberta.ca/get-certificate-recognition.aspx
    https://www.youracsa.ca/cor-secor/secor-process/
    https://www.youracsa.ca/secor-training-requirements/
    https://www.amhsa.net/cor-auditing/about-pir-cor/small-employer-cor-secor/
    https://amhsa.net/cor-auditing/about-pir-cor/pir-process
    https://energysafetycanada.com/COR/CORSECOR/SECOR
    https://www.energysafetycanada.com/COR/CORSECOR/Maintaining-A-COR
    https://safetycouncil.ab.ca/secor-holders
    http://www.safetypartnershipsaasp.com/aasp_tmpl.php?content=secor
    https://www.ahsa.ca/cor/about-cor/
    Seeds 000 (thinksafetysolutions "How to prepare for a SECOR audit") and 001 (AEI SECOR FAQ)
    /work/shared/domain/program-rules.md §1.1, §Q1–Q6, §4 C1–C8
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
    AuditWindows,
    FactSpec,
    PartnerProfile,
    PassMark,
    Prerequisite,
    Province,
    RefresherRule,
    Run,
    StepSpec,
    Threshold,
    TrainingRequirement,
    money,
    references,
    v,
)

CODE = "AB"
NAME = "Alberta"
WCB_BOARD = "WCB-Alberta"

# No source dates the older rules; they apply to every as-of date before the next version.
LEGACY = date(2000, 1, 1)
# ACSA's current pages (12-month look-back, any-full-time-employee maintenance course, PHSM + CSTS + SFA)
# carry
# no date. Assumed; see docs/rule-choices.md "ACSA current rules start date".
ACSA_CURRENT_FROM = date(2019, 1, 1)
AASP_WINDOWS_FROM = date(2019, 1, 1)  # AASP SECOR form: "EFFECTIVE JANUARY 1, 2019"

SEED_000 = "seed 000 (thinksafetysolutions.com, How to prepare for a SECOR audit)"
SEED_001 = "seed 001 (Alberta Employment & Immigration SECOR FAQ)"
ACSA_PROCESS = "https://www.youracsa.ca/cor-secor/secor-process/"
ACSA_TRAINING = "https://www.youracsa.ca/secor-training-requirements/"
AMHSA_SECOR = "https://www.amhsa.net/cor-auditing/about-pir-cor/small-employer-cor-secor/"
ESC_SECOR = "https://energysafetycanada.com/COR/CORSECOR/SECOR"
ESC_SECOR_PROGRAM = "http://www.energysafetycanada.com/cor/secorprogram/secorprogram.cfm"
ESC_MAINT = "https://www.energysafetycanada.com/COR/CORSECOR/Maintaining-A-COR"
ESC_INSTRUMENT = "https://studylib.net/doc/9963239/the-new-secor-audit-protocol-forms [DOC]"
ESC_FEES = (
    "Energy Safety Canada, COR/SECOR Membership Fees, "
    "https://energysafetycanada.com/COR/What-is-COR/COR-SECOR-Membership-Fees"
)
ASC_SECOR = "https://safetycouncil.ab.ca/secor-holders"
AASP_SECOR = "http://www.safetypartnershipsaasp.com/aasp_tmpl.php?content=secor"
AASP_FORM = "https://fdocuments.in/document/small-employer-audit-alberta-association-for-safety-.html [DOC]"
AHSA_ELEMENTS = "https://www.ahsa.ca/cor/about-cor/"

WCB_COVERED = frozenset(
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
WITH_SUBCONTRACTORS = WCB_COVERED | {PersonCategory.SUBCONTRACTOR, PersonCategory.DEDICATED_CONTRACTOR}

PARTNERSHIPS_ELEMENTS = (
    "Management Leadership & Organizational Commitment",
    "Hazard Identification & Assessment",
    "Hazard Control",
    "Qualifications, Orientation & Training",
    "Workplace Inspections",
    "Emergency Response",
    "Incident Investigation",
    "Program Administration",
)
ELEMENTS_REF = (
    f"{AHSA_ELEMENTS} (Partnerships-style 8 elements; each partner's SECOR instrument may merge elements, "
    "program-rules.md §6 q6)"
)

PASS_80_50 = PassMark(Decimal(80), Decimal(50), overall_text="80% overall and at least 50% in every element")
PASS_80_50_QA = PassMark(
    Decimal(80),
    Decimal(50),
    qa_minimum=Decimal(80),
    overall_text="80% overall, at least 50% in every element, and a QA score of at least 80%",
)
PASS_60_OVERALL = PassMark(Decimal(60), None, overall_text="60% overall (no element minimum)")


def _course(
    code: str, name: str, reference: str, validity: int | None = None, description: str = ""
) -> Course:
    return Course(code, name, validity, description or name, reference)


def _common(reference_threshold: str) -> dict[str, Any]:
    """Values shared by every Alberta partner unless overridden."""
    return {
        "threshold": (
            v(
                Threshold(
                    "peak_headcount",
                    10,
                    True,
                    "10 or fewer workers at any time in the past 12 months",
                    lookback_months=12,
                ),
                LEGACY,
                reference_threshold,
                "No more than 10 employees at any given time (owners and everyone covered by the WCB "
                "account).",
            ),
        ),
        "counted_categories": (
            v(
                WCB_COVERED,
                LEGACY,
                f"{ACSA_PROCESS} ; {AASP_SECOR} ; {SEED_001}",
                "Everyone covered by the employer's WCB account counts: owners, family members, volunteers, "
                "full-time, part-time, casual and temporary staff. Material suppliers, inspectors and "
                "equipment "
                "rental deliverers do not.",
            ),
        ),
        "prerequisites": (
            v(
                (
                    Prerequisite(
                        "wcb_account", "An active WCB-Alberta account", f"{SEED_000} step 2; {SEED_001}"
                    ),
                    Prerequisite(
                        "membership",
                        "Membership of (registration with) the certifying partner",
                        f"{SEED_000} step 2; {SEED_001} step 1",
                    ),
                ),
                LEGACY,
                f"{SEED_000} step 2",
                "A WCB-Alberta account and the partner's membership are needed to start.",
            ),
        ),
        "follow_ups": (v((), LEGACY, SEED_001, "No follow-up after training."),),
        "refresher": (v(None, LEGACY, SEED_001, "No refresher rule stated by this partner."),),
        "history_months": (
            v(
                3,
                LEGACY,
                f"{SEED_000} step 4",
                "The system must be implemented and documented for at least 3 months before applying.",
                warning="AB_HISTORY_PERIOD",
            ),
        ),
        "validity_months": (
            v(
                36,
                LEGACY,
                f"{SEED_000}; {SEED_001}; {ASC_SECOR}",
                "valid 3 years subject to annual maintenance",
            ),
        ),
        "maintenance_anchor": (
            v(
                "anniversary",
                LEGACY,
                f"{ACSA_TRAINING} ('evaluation tool needs to be submitted annually')",
                "on or before the certification anniversary (inferred)",
                warning="AB_MAINTENANCE_ANCHOR_INFERRED",
            ),
        ),
        "pass_mark.certification": (
            v(
                PASS_80_50,
                LEGACY,
                f"{ESC_SECOR_PROGRAM}; {ESC_INSTRUMENT}; AHSA",
                "80% overall and ≥50% in every element",
            ),
        ),
        "pass_mark.recertification": (
            v(PASS_80_50, LEGACY, f"{ESC_SECOR_PROGRAM}; AHSA", "80% overall and ≥50% in every element"),
        ),
        "pass_mark.maintenance": (
            v(
                PASS_80_50,
                LEGACY,
                "program-rules.md §6 q3 (not confirmed for any AB partner)",
                "Maintenance pass mark not confirmed; the certification standard is applied.",
                warning="MAINTENANCE_PASS_MARK_UNCONFIRMED",
            ),
        ),
        "audit_windows": (v(None, LEGACY, SEED_001, "No data-gathering or submission window stated."),),
        "notice_days": (v(None, LEGACY, SEED_001, "No notice of audit needed for a self-assessment."),),
        "milestones": (v(None, LEGACY, SEED_001, "No registration milestones."),),
        "reregistration_wait_months": (v(None, LEGACY, SEED_001, "No waiting period stated."),),
        "incentive": (
            v(
                {"base": Decimal("0.05"), "max": Decimal("0.20")},
                LEGACY,
                f"{SEED_001} (PIR); https://amhsa.net/cor-auditing/about-pir-cor/pir-process",
                "PIR: automatic 5% industry-rate refund for a valid SECOR, up to 20% on claims-cost "
                "performance.",
                warning="AB_PIR_FIRST_YEAR",
            ),
        ),
    }


def in_first_certificate_year(certified_on: date | None, as_of: date) -> bool:
    """Not yet certified (the estimate is for the first year), or within a year of certification."""
    return certified_on is None or as_of < dates.add_years(certified_on, 1)


class AlbertaPartner(PartnerProfile):
    """Alberta hooks: the seed 000/001 path, ESC's one-year SECOR, and PIR."""

    def path_facts(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult, deadlines: list[Deadline]
    ) -> dict[str, tuple[bool, str]]:
        s = run.scenario
        kd = s.key_dates
        history: int | None = self.value("history_months", run.as_of)
        history_ok = False
        history_detail = f"Document it for at least {history} months before applying." if history else ""
        if kd.history_documented_since is not None and history:
            earliest = dates.add_months(kd.history_documented_since, history)
            history_ok = run.as_of >= earliest or kd.certified_on is not None
            history_detail = (
                f"Documented since {kd.history_documented_since.isoformat()}; apply from "
                f"{earliest.isoformat()}."
            )
        certified = run.certified()
        nxt = next((d for d in sorted(deadlines, key=lambda d: d.due) if d.met is None), None)
        return {
            "qualify": (
                eligibility.status in (EligibilityStatus.ELIGIBLE, EligibilityStatus.PREREQUISITES_MISSING),
                eligibility.verdict,
            ),
            "register": (
                s.has_wcb_account and s.has_membership,
                f"Open a WCB-Alberta account and join {self.name} ({self.code}).",
            ),
            "training": (training.satisfied, training.verdict),
            "system": (history_ok, history_detail),
            "self_assessment": (
                kd.audit_submitted_on is not None or kd.certified_on is not None,
                "Complete the SECOR self-assessment and submit it to the partner for quality review.",
            ),
            "certified": (
                certified,
                "The partner's QA review approves the self-assessment and issues the SECOR.",
            ),
            "maintain": (
                False,
                f"Next: {nxt.title} by {nxt.due.isoformat()}."
                if nxt
                else "Submit an annual self-assessment.",
            ),
        }

    def province_deadlines(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult
    ) -> list[Deadline]:
        kd = run.scenario.key_dates
        out: list[Deadline] = []
        if "one_year_history_months" in self.params and kd.history_documented_since is not None:
            value = self.param("one_year_history_months").at(run.as_of)
            earliest = dates.add_months(kd.history_documented_since, value.value)
            applied = kd.audit_submitted_on or kd.data_gathering_started_on or kd.certified_on
            out.append(
                Deadline(
                    kind="history_one_year_secor",
                    title=f"Earliest application for a one-year SECOR ({value.value} months of "
                    "documentation)",
                    due=earliest,
                    consequence="With less than this, no SECOR can be issued; between this and the full "
                    "period "
                    "only a one-year SECOR.",
                    reference=value.reference,
                    met=None if applied is None else applied >= earliest,
                )
            )
        return out

    def incentive(self, run: Run) -> IncentiveResult:
        value = run.use("incentive")
        rates: dict[str, Decimal] = value.value
        s = run.scenario
        certified = run.holds_secor()
        premium = None if s.annual_premium is None else Decimal(str(s.annual_premium))
        notes = (
            "Register in Partners in Injury Reduction (PIR) with WCB-Alberta; the refund is paid on the "
            "previous "
            "year's industry-rated premium as long as a valid certificate is kept.",
            "Some buyers do not accept SECOR (e.g. Alberta Transportation required COR).",
        )
        numbers: dict[str, Any] = {
            "base_rate": rates["base"],
            "max_rate": rates["max"],
            "annual_premium": premium,
        }
        rate = rates["base"]
        first_year = rates.get("first_year")
        if first_year is not None and in_first_certificate_year(s.key_dates.certified_on, run.as_of):
            rate = first_year
            numbers["first_year_rate"] = first_year
        shown = f"{rate * 100:.0f}%"
        amount = money(premium * rate) if premium is not None else None
        amount_max = money(premium * rates["max"]) if premium is not None else None
        if premium is None:
            verdict = (
                f"PIR refund: {shown} of your industry-rated premium, up to 20% (enter the premium for an "
                "estimate)."
            )
        else:
            verdict = (
                f"PIR refund estimate: ${amount} ({shown} of ${money(premium)}), up to ${amount_max} (20%)."
            )
        if not certified:
            verdict = "Once certified: " + verdict[0].lower() + verdict[1:]
        return IncentiveResult(
            program="WCB-Alberta Partners in Injury Reduction (PIR)",
            available=True,
            amount=amount,
            amount_max=amount_max,
            verdict=verdict,
            numbers=numbers,
            notes=notes,
            rules=(self.param("incentive").citation(run.as_of),),
        )


STEPS = (
    StepSpec("qualify", "Confirm you qualify (10 or fewer workers)", f"{SEED_000} step 1; {SEED_001}"),
    StepSpec(
        "register",
        "WCB-Alberta account and certifying-partner membership",
        f"{SEED_000} step 2; {SEED_001} step 1",
    ),
    StepSpec("training", "Take the required training", f"{SEED_000} step 3; {SEED_001} step 2"),
    StepSpec(
        "system",
        "Develop, implement and document the health & safety management system",
        f"{SEED_000} step 4; {SEED_001} step 3",
    ),
    StepSpec(
        "self_assessment", "Complete and submit the self-assessment", f"{SEED_000} step 5; {SEED_001} step 4"
    ),
    StepSpec("certified", "SECOR issued after quality review", SEED_001),
    StepSpec("maintain", "Maintain: annual self-assessment and 3-year refresher training", SEED_001),
)


def _partner(
    code: str,
    name: str,
    industries: tuple[str, ...],
    website: str,
    courses: tuple[Course, ...],
    overrides: dict[str, Any],
    notes: tuple[str, ...] = (),
) -> AlbertaPartner:
    values = _common(overrides.pop("_threshold_reference", website))
    values.update(overrides)
    return AlbertaPartner(
        code=code,
        name=name,
        province=CODE,
        industries=industries,
        programs=("SECOR", "COR"),
        website=website,
        courses={c.code: c for c in courses},
        audit_elements=PARTNERSHIPS_ELEMENTS,
        audit_elements_reference=ELEMENTS_REF,
        params={k: Param(k, tuple(vs)) for k, vs in values.items()},
        steps=STEPS,
        notes=notes,
    )


# ---- ACSA ----

ACSA_COURSES = (
    _course("PHSM", "Principles of Health & Safety Management", ACSA_TRAINING),
    _course("SEHSM", "Small Employer Health & Safety Management (former name of PHSM)", ACSA_TRAINING),
    _course("CSTS", "Construction Safety Training System (CSTS)", ACSA_TRAINING),
    _course("SFA", "Standard First Aid (two-day)", ACSA_TRAINING),
    _course("INDUSTRY_SAFETY", "Safety training for the company's line of business", SEED_000),
    _course("ACSA_COURSE", "Other accredited ACSA course", ACSA_TRAINING),
    _course("SECOR_REFRESHER", "SECOR refresher (one day minimum)", SEED_001),
)

ACSA = _partner(
    "ACSA",
    "Alberta Construction Safety Association",
    ("construction",),
    ACSA_PROCESS,
    ACSA_COURSES,
    {
        "threshold": (
            v(
                Threshold(
                    "peak_headcount", 10, True, "10 or fewer employees at any given time", lookback_months=0
                ),
                LEGACY,
                f"{SEED_001}; old ACSA secor-process page (no 12-month clause)",
                "Ten or fewer employees at any given time (counted on the as-of date).",
                warning="EFFECTIVE_DATE_ASSUMED",
            ),
            v(
                Threshold(
                    "peak_headcount",
                    10,
                    True,
                    "no more than 10 employees at any time within the past 12 months",
                    lookback_months=12,
                ),
                ACSA_CURRENT_FROM,
                ACSA_PROCESS,
                "Your company cannot have more than 10 employees at any given time within the past 12 "
                "months.",
            ),
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "health_safety_management",
                        "A full-time permanent employee trained in PHSM (or the small-employer SECOR course)",
                        ("PHSM", "SEHSM"),
                        "full_time_permanent",
                        f"{SEED_000} step 3",
                    ),
                    TrainingRequirement(
                        "first_aid",
                        "A full-time permanent employee with Standard First Aid",
                        ("SFA",),
                        "full_time_permanent",
                        f"{SEED_000} step 3",
                    ),
                    TrainingRequirement(
                        "industry_safety",
                        "A full-time permanent employee with safety training for the line of business",
                        ("INDUSTRY_SAFETY", "CSTS", "ACSA_COURSE"),
                        "full_time_permanent",
                        f"{SEED_000} step 3",
                    ),
                    TrainingRequirement(
                        "assessor",
                        "An appointed assessor trained in PHSM or Small Employer H&S Management",
                        ("PHSM", "SEHSM"),
                        "assessor",
                        f"{SEED_000} (assessor)",
                    ),
                ),
                LEGACY,
                f"{SEED_000} step 3; older ACSA pages [DOC]",
                "One or more full-time permanent employees take PHSM (or the SECOR course), Standard First "
                "Aid "
                "and industry safety training; an assessor is appointed.",
                warning="EFFECTIVE_DATE_ASSUMED",
            ),
            v(
                (
                    TrainingRequirement(
                        "assessor_phsm",
                        "The SECOR assessor certified in PHSM (previously Small Employer H&S Management)",
                        ("PHSM", "SEHSM"),
                        "assessor",
                        ACSA_TRAINING,
                    ),
                    TrainingRequirement(
                        "csts",
                        "A full-time employee certified in CSTS",
                        ("CSTS",),
                        "full_time_permanent",
                        ACSA_TRAINING,
                    ),
                    TrainingRequirement(
                        "first_aid",
                        "A full-time employee with Standard First Aid (two-day course)",
                        ("SFA",),
                        "full_time_permanent",
                        ACSA_TRAINING,
                    ),
                ),
                ACSA_CURRENT_FROM,
                ACSA_TRAINING,
                "For initial certification the assessor is certified in PHSM and a full-time employee in "
                "CSTS "
                "and Standard First Aid.",
            ),
        ),
        "refresher": (
            v(
                RefresherRule(
                    "initial_person",
                    36,
                    ("PHSM", "SEHSM"),
                    ("SECOR_REFRESHER", "ACSA_COURSE", "PHSM"),
                    "3-year refresher by the person who took the initial H&S management training",
                    "Without the refresher the SECOR cannot be maintained.",
                ),
                LEGACY,
                SEED_001,
                "The individual who received the initial health and safety management system training takes "
                "a "
                "minimum one-day refresher course every three years.",
                warning="AB_REFRESHER_RULE",
            ),
            v(
                RefresherRule(
                    "any_full_time",
                    36,
                    ("PHSM", "SEHSM", "CSTS", "SFA"),
                    None,
                    "3-year maintenance training: a full-time employee takes an accredited ACSA course",
                    "Without it the SECOR cannot be maintained.",
                ),
                ACSA_CURRENT_FROM,
                ACSA_TRAINING,
                "As maintenance, at least one full-time employee takes an accredited ACSA course every three "
                "years (no longer restricted to the assessor).",
                warning="AB_REFRESHER_RULE",
            ),
        ),
        "facts": (
            v(
                (
                    FactSpec(
                        "next_program",
                        "More than 10 employees: COR",
                        "Above 10 employees ACSA accepts no SECOR application: apply for COR (a company with "
                        "10 employees may also choose COR).",
                        "ACSA, COR process, http://www.youracsa.ca/cor-secor/cor-process/",
                        when="too_big",
                    ),
                ),
                LEGACY,
                ACSA_PROCESS,
                "What ACSA requires above the SECOR limit.",
            ),
        ),
    },
    notes=("ACSA takes SECOR submissions by e-mail; a 10-employee company may choose COR instead.",),
)

# ---- AMHSA
# -----------------------------------------------------------------------------------------------------

AMHSA = _partner(
    "AMHSA",
    "Alberta Municipal Health & Safety Association",
    ("municipalities",),
    AMHSA_SECOR,
    (_course("AMHSA_SECOR", "AMHSA SECOR assessor training (course name not confirmed)", AMHSA_SECOR),),
    {
        "threshold": (
            v(
                Threshold(
                    "peak_headcount", 10, True, "total employees never above 10 at any time during the year"
                ),
                LEGACY,
                AMHSA_SECOR,
                "The total number of employees (including subcontractors and seasonal staff) cannot exceed "
                "10 at "
                "any time during the year (taken as the past 12 months).",
            ),
        ),
        "counted_categories": (
            v(
                WITH_SUBCONTRACTORS,
                LEGACY,
                AMHSA_SECOR,
                "Employees include anyone who directly affects the outcome of the work: municipal manager, "
                "administration, seasonal, part-time and temporary employees, and subcontractors.",
                warning="AB_SUBCONTRACTORS",
            ),
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "assessor",
                        "An assessor trained for the AMHSA SECOR self-assessment",
                        ("AMHSA_SECOR",),
                        "assessor",
                        AMHSA_SECOR,
                        warning="TRAINING_RULES_UNCONFIRMED",
                    ),
                ),
                LEGACY,
                AMHSA_SECOR,
                "AMHSA's SECOR course list is not confirmed (AMHSA recommends the WCB Return to Work "
                "Seminar).",
            ),
        ),
        "maintenance_anchor": (
            v(
                "calendar_year",
                LEGACY,
                AMHSA_SECOR,
                "a SECOR audit in each of the next two calendar years (by 31 December)",
                warning="AB_MAINTENANCE_ANCHOR",
            ),
        ),
    },
)

# ---- ESC ----

ESC = _partner(
    "ESC",
    "Energy Safety Canada",
    ("oil and gas",),
    ESC_SECOR,
    (
        _course("SPD", "Safety Program Development", ESC_SECOR, validity=36),
        _course("ESC_SECOR_REFRESHER", "SECOR Refresher (online)", ESC_INSTRUMENT, validity=36),
    ),
    {
        "threshold": (
            v(
                Threshold("peak_headcount", 10, True, "SECOR for 1-10 employees (COR for 11+)"),
                LEGACY,
                "https://energysafetycanada.com/COR/What-is-COR/COR-SECOR-Membership-Fees",
                "SECOR (1–10 employees); COR (11+ employees).",
            ),
        ),
        "training": (
            v(
                (
                    TrainingRequirement(
                        "assessor_spd",
                        "The assessor has completed Safety Program Development (status renewed every 3 "
                        "years)",
                        ("SPD",),
                        "assessor",
                        f"{ESC_SECOR}; {ESC_INSTRUMENT}",
                        renewed_by=("ESC_SECOR_REFRESHER",),
                        expiry_kind="training_refresher",
                    ),
                ),
                LEGACY,
                ESC_INSTRUMENT,
                "Anyone conducting a SECOR assessment must have completed Safety Program Development; the "
                "SECOR "
                "Refresher resets assessor status for another three years.",
            ),
        ),
        "history_months": (
            v(
                12,
                LEGACY,
                ESC_SECOR,
                "ESC: ensure you have 12 months of documentation (at least 3 months may give a one-year "
                "SECOR).",
                warning="AB_HISTORY_PERIOD",
            ),
        ),
        "one_year_history_months": (
            v(3, LEGACY, ESC_SECOR, "At least three months of documentation may give a one-year SECOR."),
        ),
        "maintenance_anchor": (
            v(
                "expiry_month",
                LEGACY,
                ESC_MAINT,
                "by the end of the month of the expiry date",
                warning="AB_MAINTENANCE_ANCHOR",
            ),
        ),
        "pass_mark.maintenance": (
            v(
                PASS_60_OVERALL,
                LEGACY,
                ESC_MAINT,
                "A maintenance audit requires a 60% overall score (published for COR).",
                warning="ESC_MAINTENANCE_PASS_MARK",
            ),
        ),
        "facts": (
            v(
                (
                    FactSpec(
                        "fees",
                        "Fees",
                        "SECOR (1–10 employees): $150 a year for members, $600 for non-members. COR (11+ "
                        "employees): $250 / $1,200.",
                        ESC_FEES,
                    ),
                    FactSpec(
                        "records_period",
                        "Records the audit must cover",
                        "12 months of documentation; with at least 3 months a one-year SECOR may be issued.",
                        f"Energy Safety Canada, SECOR, {ESC_SECOR}",
                    ),
                    FactSpec(
                        "next_program",
                        "11 or more employees: COR",
                        "Employers with 11 or more employees go to COR (fee $250 member / $1,200 "
                        "non-member).",
                        ESC_FEES,
                        when="too_big",
                    ),
                ),
                LEGACY,
                ESC_FEES,
                "What ESC publishes about fees, records and COR.",
            ),
        ),
    },
    notes=("ESC's online SECOR tool is mandatory from 2022; SECOR fee $150 member / $600 non-member.",),
)

# ---- ASC ----

ASC = _partner(
    "ASC",
    "Alberta Safety Council",
    ("all industries without an established health and safety association",),
    ASC_SECOR,
    (_course("ASC_PROGRAM_BUILDING", "Health & Safety Program Building (small employer)", ASC_SECOR),),
    {
        "training": (
            v(
                (
                    TrainingRequirement(
                        "assessor",
                        "An assessor trained in H&S Program Building (small employer)",
                        ("ASC_PROGRAM_BUILDING",),
                        "assessor",
                        ASC_SECOR,
                    ),
                ),
                LEGACY,
                ASC_SECOR,
                "ASC: Health & Safety Program Building (small employer) course.",
            ),
        ),
        "maintenance_anchor": (
            v(
                "anniversary",
                LEGACY,
                ASC_SECOR,
                "on or before the anniversary date",
                warning="AB_MAINTENANCE_ANCHOR",
            ),
        ),
        "pass_mark.certification": (
            v(
                PASS_80_50_QA,
                LEGACY,
                ASC_SECOR,
                "When the audit meets the 80% standard and the quality assurance score meets the 80% "
                "standard, "
                "a SECOR is issued (element minimum 50% as for all Alberta audits).",
            ),
        ),
        "pass_mark.recertification": (
            v(PASS_80_50_QA, LEGACY, ASC_SECOR, "80% audit standard and QA score of at least 80%."),
        ),
    },
)

# ---- AASP ----

AASP = _partner(
    "AASP",
    "Alberta Association for Safety Partnerships",
    ("non-industry-specific",),
    AASP_SECOR,
    (
        _course("AASP_SECOR", "AASP SECOR self-assessor training (course name not confirmed)", AASP_FORM),
        _course("AASP_SECOR_REFRESHER", "AASP SECOR self-assessor refresher", AASP_FORM),
    ),
    {
        "_threshold_reference": f"{AASP_SECOR}; {SEED_001}",
        "training": (
            v(
                (
                    TrainingRequirement(
                        "self_assessor",
                        "A self-assessor with the original SECOR training",
                        ("AASP_SECOR",),
                        "assessor",
                        AASP_FORM,
                        warning="TRAINING_RULES_UNCONFIRMED",
                    ),
                ),
                LEGACY,
                AASP_FORM,
                "The AASP SECOR form records the self-assessor's original SECOR training date.",
            ),
        ),
        "refresher": (
            v(
                RefresherRule(
                    "initial_person",
                    36,
                    ("AASP_SECOR",),
                    ("AASP_SECOR_REFRESHER", "AASP_SECOR"),
                    "3-year self-assessor refresher",
                    "Without a current refresher the self-assessment is not accepted.",
                ),
                LEGACY,
                f"{AASP_FORM}; {SEED_001}",
                "The form records the self-assessor's last refresher date; the refresher is taken every "
                "three "
                "years (AEI FAQ).",
            ),
        ),
        "audit_windows": (
            v(None, LEGACY, AASP_FORM, "Before 2019 no data-gathering or submission window."),
            v(
                AuditWindows(15, 21),
                AASP_WINDOWS_FROM,
                AASP_FORM,
                "Effective January 1, 2019: data gathering must not exceed 15 days (start to completion); "
                "submit "
                "within 21 days after the last day of data gathering.",
            ),
        ),
    },
)

PARTNERS = {p.code: p for p in (ACSA, AMHSA, ESC, ASC, AASP)}

PROVINCE = Province(
    code=CODE, name=NAME, wcb_board=WCB_BOARD, partners=PARTNERS, references=references(__doc__)
)
