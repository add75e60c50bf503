"""Rule value types: the shapes of a partner's dated, sourced rule values (``Param`` versions in
``PartnerProfile.params``), the standard value codes, and the counting constants.

Each type is plain data; the algorithms that read them live in the question modules (``eligibility``,
``training``, ``deadlines``, ``scoring``, ``path``, ``incentive``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from provinces import dates
from provinces.base import PersonCategory, Value

PARAM_CODES = (
    "threshold",
    "counted_categories",
    "prerequisites",
    "training",
    "follow_ups",
    "refresher",
    "history_months",
    "validity_months",
    "maintenance_anchor",
    "pass_mark.certification",
    "pass_mark.maintenance",
    "pass_mark.recertification",
    "audit_windows",
    "notice_days",
    "milestones",
    "reregistration_wait_months",
    "incentive",
)

FULL_TIME_HOURS = 30.0  # ACSA: "continuous employment of about 30–40 h/week"
FTE_HOURS_PER_YEAR = 2080  # go2HR: "divide your annual payroll hours by 2,080"
NON_EMPLOYEES = frozenset(
    {PersonCategory.SUBCONTRACTOR, PersonCategory.DEDICATED_CONTRACTOR, PersonCategory.SUPPLIER_VISITOR}
)


@dataclass(frozen=True)
class Threshold:
    """How workers are counted and the small-employer limit.

    ``method``: "peak_headcount" (peak in the look-back window), "fte_payroll" (annual payroll hours / 2,080),
    "fte_or_peak" (FTE when payroll hours are given, else peak headcount), "average_and_peak" (BCFSC).
    """

    method: str
    limit: float
    inclusive: bool  # True: count <= limit; False: count < limit
    limit_text: str
    lookback_months: int = 12
    peak_limit: float | None = None  # BCFSC: monthly peak <= 24
    operating_month_share: Fraction | None = None  # BCFSC: operating month = at least 25% of peak
    warn_at: float | None = None  # SK: warn at exactly 9
    warn_code: str | None = None
    gc_expected_limit: int | None = None  # SK: GC expecting more than 9 workers no longer qualifies


@dataclass(frozen=True)
class Prerequisite:
    code: str  # "wcb_account" | "membership" | "permanent_office"
    title: str
    reference: str


@dataclass(frozen=True)
class TrainingRequirement:
    """One training requirement: any one of ``courses``, held by a current person of the ``holder`` kind."""

    code: str
    title: str
    courses: tuple[str, ...]
    holder: str  # "full_time_permanent" | "assessor" | "internal_auditor" | "safety_champion" | "employee"
    reference: str
    prerequisites: tuple[str, ...] = ()  # any one of these, completed by the same person on or before
    renewed_by: tuple[str, ...] = ()  # courses that extend the validity (refresher, re-certification)
    province_employee: bool = False  # SK: a Saskatchewan employee
    one_account: bool = False  # SK: a person is the trained employee for one WCB account only
    warning: str | None = None
    expiry_kind: str = "training_expiry"  # deadline kind when this training runs out


@dataclass(frozen=True)
class FollowUp:
    """Something that must follow a course within a window (SK auditor certification, BC student audit)."""

    kind: str  # deadline kind
    after_course: str
    course: str  # the follow-up is recorded as a TrainingRecord with this course code
    title: str
    consequence: str
    reference: str
    months: int | None = None
    days: int | None = None
    voids_training: bool = True  # when missed, the course no longer counts (must be repeated)
    warning: str | None = None
    # the follow-up is the initial certification audit (go2HR's student audit): a certificate issued after
    # the course closes it
    met_by_certification: bool = False

    def due(self, completed_on: date) -> date:
        if self.months is not None:
            return dates.add_months(completed_on, self.months)
        return dates.add_days(completed_on, self.days or 0)


@dataclass(frozen=True)
class RefresherRule:
    """Periodic maintenance training. ``mode``: "any_full_time" (any full-time employee takes any accredited
    course, ACSA now) or "initial_person" (the initially trained person takes a refresher, AEI FAQ)."""

    mode: str
    months: int
    initial_courses: tuple[str, ...]
    refresher_courses: tuple[str, ...] | None  # None = any accredited course in the catalogue
    title: str
    consequence: str


@dataclass(frozen=True)
class PassMark:
    overall: Decimal | None  # percent; None = no overall mark
    element_minimum: Decimal | None  # percent per element; None = no element minimum
    required: bool = True  # False: the audit need not pass ("no pass needed")
    qa_minimum: Decimal | None = None  # ASC: quality-assurance score >= 80%
    overall_text: str = ""


@dataclass(frozen=True)
class AuditWindows:
    data_gathering_days: int  # inclusive of the start day
    submission_days: int  # after the last day of data gathering


@dataclass(frozen=True)
class Milestones:
    milestone1_months: int | None
    certification_months: int


@dataclass(frozen=True)
class StepSpec:
    code: str
    title: str
    reference: str


def v(value: Any, effective_from: date, reference: str, text: str, warning: str | None = None) -> Value[Any]:
    """Shorthand for a dated, sourced value."""
    return Value(value, effective_from, reference, text, warning)


@dataclass(frozen=True)
class ProgramException:
    """A dated program exception granted to an employer (listed by ``code`` in
    ``Scenario.program_exceptions``), e.g. WorkSafeBC's 2020 audit waiver: a certificate whose original expiry
    fell in ``[expiring_from, expiring_to]`` got a one-year certificate from that expiry."""

    code: str
    title: str
    expiring_from: date
    expiring_to: date
    extend_months: int
    reference: str

    def applies_to(self, original_expiry: date) -> bool:
        return self.expiring_from <= original_expiry <= self.expiring_to


@dataclass(frozen=True)
class FactSpec:
    """Something users ask the partner about, from the partner's own page. ``when``: "always", or "too_big"
    (only when the employer is above the small-employer limit: what the next program requires)."""

    code: str  # "fees" | "records_period" | "next_program" | "audit_timing" | …
    title: str
    text: str
    reference: str
    when: str = "always"


@dataclass(frozen=True)
class AuditorObligation:
    """What an internal auditor must do to stay qualified (BCCSA: at least 2 audits in the 3 years after the
    course, otherwise the 2-day course again and a new student audit)."""

    courses: tuple[str, ...]  # the internal auditor course(s)
    min_audits: int
    months: int
    otherwise: str
    reference: str
