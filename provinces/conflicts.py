"""Catalogue of warnings: source conflicts (program-rules.md §4, C1–C13) and unconfirmed rules (§6).

A rule value that rests on a conflict carries ``warning=<code>``; the engine adds the warning to every answer
that
used the value. Codes are stable (the UI and the reminder e-mails key on them); each is explained, with the
choice
made, in ``docs/rule-choices.md``.
"""

from __future__ import annotations

from provinces.base import Warning as RuleWarning

RULES_DOC = "program-rules.md"

_CATALOGUE: dict[str, tuple[str, str]] = {
    "AB_THRESHOLD_WORDING": (
        "Alberta sources word the limit differently (≤10 by ACSA/AASP/AHSA/ESC/AEI; alberta.ca 'COR for 10 "
        "or "
        "more'; older pages 'less than 10'). We use 10 or fewer; a 10-person firm may also choose COR "
        "(ACSA).",
        f"{RULES_DOC} §4 C1; https://www.youracsa.ca/cor-secor/secor-process/ ; "
        "https://alberta.ca/get-certificate-recognition.aspx",
    ),
    "AB_LOOKBACK_PERIOD": (
        "Alberta sources disagree on the counting period ('at any given time', 'within the past 12 months', "
        "'during the year'). We take the peak in the partner's look-back window; the current count differs.",
        f"{RULES_DOC} §4 C2; https://www.youracsa.ca/cor-secor/secor-process/",
    ),
    "AB_SUBCONTRACTORS": (
        "Alberta partners differ on subcontractors: AMHSA counts them; ACSA/AASP count only people covered "
        "by "
        "the employer's WCB account. This partner's choice was applied to the subcontractors listed.",
        f"{RULES_DOC} §4 C3; https://www.amhsa.net/cor-auditing/about-pir-cor/small-employer-cor-secor/",
    ),
    "SK_THRESHOLD_NINE": (
        "SCSA states the limit both as 'nine or fewer' and 'fewer than nine' on the same page. With exactly "
        "9 "
        "workers we treat the employer as eligible (majority wording and the 2018 page); confirm with SCSA.",
        f"{RULES_DOC} §4 C4; https://scsaonline.ca/programs/secor ; seed 003",
    ),
    "AB_HISTORY_PERIOD": (
        "Alberta sources differ on the documented history needed before applying (3 months: seed 000 and old "
        "ACSA; 12 months with a one-year SECOR at 3 months: ESC; 1 year: AHSA). This partner's period was "
        "used.",
        f"{RULES_DOC} §4 C5; seed 000; https://energysafetycanada.com/COR/CORSECOR/SECOR",
    ),
    "AB_MAINTENANCE_ANCHOR": (
        "Alberta partners anchor the maintenance due date differently (anniversary: ASC; calendar year: "
        "AMHSA; "
        "month of expiry: ESC). Where the partner states none we use the anniversary date.",
        f"{RULES_DOC} §4 C6; https://safetycouncil.ab.ca/secor-holders",
    ),
    "AB_PIR_FIRST_YEAR": (
        "PIR amounts conflict: automatic 5% (AEI FAQ, AMHSA SECOR page) vs 10% in the first COR year (CCSA, "
        "AMHSA PIR page). The 10% first-year rate is not confirmed for SECOR; the estimate uses 5% (max "
        "20%).",
        f"{RULES_DOC} §4 C7; seed 001; https://amhsa.net/cor-auditing/about-pir-cor/pir-process",
    ),
    "AB_REFRESHER_RULE": (
        "The 3-year refresher rule changed: the older AEI FAQ requires the initially trained person to take "
        "a "
        "1-day refresher; ACSA now accepts any accredited ACSA course by any full-time employee. The rule in "
        "force on the as-of date was applied; its start date is not stated by ACSA (assumed).",
        f"{RULES_DOC} §4 C8; seed 001; https://www.youracsa.ca/secor-training-requirements/",
    ),
    "BC_INCENTIVE_FLOOR_BASIS": (
        "The small-employer floor is '75% of base rate premiums' (go2HR, seed 004) or '75% of total "
        "assessment' "
        "(BCFSC, AgSafe). We apply it to the total premium; the formula max(10% base, min($1,000, 75% "
        "premium)) "
        "is inferred from BCFSC's table.",
        f"{RULES_DOC} §4 C9, §6 q14; seed 004; "
        "https://www.bcforestsafe.org/safe-companies-cor/worksafebc-cor/cor-incentive/",
    ),
    "BC_THRESHOLD_METHOD": (
        "This BC partner states its small-employer limit ('19 or less FTEs / full-time employees') without a "
        "counting method. We use FTE = annual payroll hours ÷ 2,080 (go2HR's method) when payroll hours are "
        "given, otherwise the peak headcount.",
        f"{RULES_DOC} §4 C10; https://www.bccsa.ca/Small-COR---.html",
    ),
    "FTE_ESTIMATED": (
        "No annual payroll hours were given, so FTE was estimated from each counted person's weekly hours × "
        "52 "
        "(40 h when unknown). Enter the payroll hours for an exact figure.",
        f"{RULES_DOC} §3.1; "
        "https://www.go2hr.ca/certificate-of-recognition-cor-program/cor-program-audit-overview",
    ),
    "SK_AUDITOR_MAINTENANCE": (
        "SCSA sources differ on keeping auditor status: one personal maintenance audit in 3 years (seed), an "
        "audit every year (older re-cert page), or a maintenance audit + online re-cert within 3 years "
        "(current). "
        "We require one audit within the 3-year validity, ideally 4 months before expiry.",
        f"{RULES_DOC} §4 C11; seed 003; "
        "https://scsaonline.ca/courses/online-training/safety-auditor-re-certification-training",
    ),
    "SK_AUDIT_CADENCE": (
        "SCSA sources differ on the company audit cycle: 'internal or external audit annually' (seed) vs "
        "annual "
        "audit plus an SCSA external audit every 3 years (current). We schedule annual maintenance audits on "
        "the "
        "certification anniversary (inferred) and a recertification by expiry.",
        f"{RULES_DOC} §4 C12; seed 003; https://scsaonline.ca/programs/secor",
    ),
    "MAINTENANCE_PASS_MARK_UNCONFIRMED": (
        "No source confirms this partner's SECOR maintenance-audit pass mark. The conservative certification "
        "standard (80% overall, 50% per element) was applied.",
        f"{RULES_DOC} §6 q2-q3",
    ),
    "SK_PASS_MARK_UNCONFIRMED": (
        "SCSA's SECOR pass mark is not confirmed on an SCSA page; the HCSAS standard (80% overall, 50% in "
        "every "
        "element) was applied.",
        f"{RULES_DOC} §3.4, §6 q8; https://hcsas.sk.ca/certificate-of-recognition-cor-secor/",
    ),
    "ESC_MAINTENANCE_PASS_MARK": (
        "ESC's 60% overall maintenance pass mark is published for COR; applying it to SECOR is inferred "
        "(older Enform rules required no pass at all for internal maintenance audits).",
        f"{RULES_DOC} §3.4; https://www.energysafetycanada.com/COR/CORSECOR/Maintaining-A-COR",
    ),
    "BCFSC_PASS_MARK_ROUNDING": (
        "BCFSC states 'a successful score is 80% or 19/24 points', but 19/24 is 79.17%. We accept 19 of 24 "
        "points (the stated count), i.e. an overall score of at least 19/24.",
        f"{RULES_DOC} §3.4; https://docest.com/doc/568095/sebase-isebase-submission-version-3 [DOC]",
    ),
    "BC_MAINTENANCE_DEADLINE": (
        "WorkSafeBC's standards say maintenance audits are 'completed prior to December 31'. We treat "
        "31 December itself as the last day; submitting earlier is safer.",
        f"{RULES_DOC} §Q5 BC; "
        "https://safetyalliancebc.ca/faqs/what-happens-to-my-2020-maintenance-audit-scheduling/",
    ),
    "BCFSC_SLIP_DATE": (
        "BCFSC lets a maintenance audit slip from the anniversary 'until June 30th or December 31st, "
        "whichever "
        "comes first'. We take the first 30 June or 31 December on or after the anniversary.",
        "https://www.bcforestsafe.org/safe-companies-cor/maintaining-safe/",
    ),
    "GO2HR_STUDENT_AUDIT_INFERRED": (
        "go2HR's 12-month student-audit window is stated for its COR internal auditors; applying it to the "
        "SECOR "
        "student audit is inferred.",
        f"{RULES_DOC} §Q3 BC; https://www.go2hr.ca/explore-all-resources/health-safety/student-audit",
    ),
    "SK_REREGISTRATION_WAIT_INFERRED": (
        "The 6-month waiting period after removal is only stated for the 2018 transition; applying it to "
        "every "
        "removal for missed milestones is inferred.",
        f"{RULES_DOC} §6 q9; seed 003",
    ),
    "SK_PEAK_PERIOD_INFERRED": (
        "SCSA does not say over which period workers are counted; we take the peak in the last 12 months "
        "(HCSAS: 'at any given time').",
        f"{RULES_DOC} §1.2; seed 003; https://hcsas.sk.ca/certificate-of-recognition-cor-secor/",
    ),
    "AB_MAINTENANCE_ANCHOR_INFERRED": (
        "This partner asks for an annual submission but states no due date; we use the certification "
        "anniversary (as ASC does).",
        f"{RULES_DOC} §4 C6; https://www.youracsa.ca/secor-training-requirements/",
    ),
    "EFFECTIVE_DATE_ASSUMED": (
        "The start date of a rule used here is not stated by its source; the date in docs/rule-choices.md "
        "was "
        "assumed. Evaluations before that date use the older rule.",
        f"{RULES_DOC} §1.1; docs/rule-choices.md",
    ),
    "TRAINING_RULES_UNCONFIRMED": (
        "This partner's SECOR course list is not confirmed by a source we hold; the requirement shown is a "
        "placeholder to confirm with the partner.",
        f"{RULES_DOC} §Q3",
    ),
    "MB_RULES_PARTIAL": (
        "Manitoba (CSAM) is encoded from brief notes only: threshold, 18-month certification, 3 months of "
        "documentation, pass mark and rebate. Course names and maintenance timing are not confirmed.",
        f"{RULES_DOC} §Q7; http://www.constructionsafety.ca/secor-program/",
    ),
    "FULL_TIME_HOURS_UNKNOWN": (
        "A person counted as the full-time employee has no weekly hours recorded. ACSA defines full-time as "
        "continuous employment of about 30–40 hours a week; enter the hours to confirm.",
        "https://www.youracsa.ca/secor-training-requirements/",
    ),
    "SK_REMOVAL_DECISION_DATE": (
        "The removal decision's date was treated as the last day registered (the wait counts from the next "
        "day). Check the date on the partner's removal letter.",
        "https://scsaonline.ca/programs/secor",
    ),
    "SD_MAINTENANCE_DUE": (
        "SafetyDriven's terms ask for maintenance audits by the first and second anniversary of the "
        "certification audit; its reminders and WorkSafeBC's standards say before 31 December. We use the "
        "anniversary (the earlier date).",
        "https://www.safetydriven.ca/cor/cor-policy-manual/cor-policy-manual-terms-of-participation/ ; "
        "https://www.safetydriven.ca/2018/10/11/cor-audit-reminder/",
    ),
    "NO_HEADCOUNT_DATA": (
        "No people, monthly headcounts or payroll hours were given, so eligibility could not be counted.",
        "docs/rules.md",
    ),
    "AB_PROCUREMENT_SECOR_NOT_ACCEPTED": (
        "Some buyers do not accept a SECOR (e.g. Alberta Transportation required COR or an ACSA temporary "
        "letter).",
        f"{RULES_DOC} §3.2; http://www.transportation.alberta.ca/700.htm",
    ),
}


def warning(code: str) -> RuleWarning:
    """The catalogued warning for ``code`` (KeyError for an unknown code: codes are stable and listed
    here)."""
    message, reference = _CATALOGUE[code]
    return RuleWarning(code, message, reference)


def codes() -> tuple[str, ...]:
    return tuple(_CATALOGUE)
