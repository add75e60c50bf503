"""Data types of the SECOR rules engine: the employer description (``Scenario``) that goes in, the
``Evaluation`` that comes out, and the dated, sourced values (``Value``/``Param``) the partner profiles are
made of.

Plain Python, no Django: the rules are tested without a database and read like the program documents.
Every result can be turned into JSON-ready data with ``to_dict()`` (dates as ISO strings, money as strings).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # provinces.certificates imports this module; the names are only needed for types
    from provinces.certificates import CertificateEvent, CertificateStatus

T = TypeVar("T")


_EVOLVABLE: dict[type, frozenset[str]] = {}


def evolve(obj: T, **changes: Any) -> T:
    """``dataclasses.replace(obj, **changes)`` for the engine's hot paths (a reading comparison copies the
    scenario for each other reading): the fields copied and the changes set, without running ``__init__``
    again, about 7 times faster for the 30 fields of a :class:`Scenario`. Only for dataclasses whose
    ``__init__`` does nothing but assign (no ``__post_init__``, every field in ``__init__``, no slots); for
    any other it is ``dataclasses.replace``. A name that is not a field raises ``TypeError``, as there."""
    kind: Any = type(obj)
    names = _EVOLVABLE.get(kind)
    if names is None:
        fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else ()
        simple = (
            bool(fields)
            and not hasattr(kind, "__post_init__")
            and not hasattr(kind, "__slots__")
            and all(f.init for f in fields)
        )
        names = _EVOLVABLE[kind] = frozenset(f.name for f in fields) if simple else frozenset()
    if not names:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    unknown = changes.keys() - names
    if unknown:
        raise TypeError(f"{kind.__name__} has no field(s) {sorted(unknown)}")
    new: T = object.__new__(kind)
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


class ScenarioError(ValueError):
    """The scenario cannot be evaluated (unknown province or partner, bad date, missing field, wrong type).

    ``str(error)`` is a one-line message naming the offending field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class UnknownProvinceError(ScenarioError, LookupError):
    """No province module is registered under that code."""


class UnknownPartnerError(ScenarioError, LookupError):
    """The province has no certifying partner with that code."""


class PersonCategory(enum.StrEnum):
    """How a person relates to the employer. These are the database choices (``secor.employers.Person``)."""

    OWNER = "owner"
    FAMILY_MEMBER = "family_member"
    VOLUNTEER = "volunteer"
    FULL_TIME_PERMANENT = "full_time_permanent"
    PART_TIME = "part_time"
    CASUAL = "casual"
    TEMPORARY = "temporary"
    SUBCONTRACTOR = "subcontractor"
    DEDICATED_CONTRACTOR = "dedicated_contractor"
    SUPPLIER_VISITOR = "supplier_visitor"  # material suppliers, inspectors, rental deliverers, visitors


ROLES = frozenset({"assessor", "internal_auditor", "safety_champion"})


class StepState(enum.StrEnum):
    DONE = "done"
    CURRENT = "current"
    TODO = "todo"
    BLOCKED = "blocked"


class EligibilityStatus(enum.StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"  # too many workers: go to COR
    OUTGROWN = "outgrown"  # holds a SECOR but no longer qualifies: move to COR at the next audit
    PREREQUISITES_MISSING = (
        "prerequisites_missing"  # size is fine, but WCB account / membership / office missing
    )
    NO_DATA = "no_data"  # no people, snapshots or payroll hours to count


# What ``key_dates.removed_on`` means (SK re-registration wait); the first is the default.
REMOVED_ON_MEANINGS = ("first_day_not_registered", "last_day_registered", "removal_decision")

# ------------------------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone who works for or with the employer. ``end`` is exclusive: on and after it the person has
    left."""

    id: str
    name: str
    category: PersonCategory
    start: date | None
    end: date | None = None
    hours_per_week: float | None = None
    province: str | None = None
    roles: frozenset[str] = frozenset()
    wcb_account: str | None = None  # the WCB account this person is the trained employee for (SK: only one)
    audits_done: int | None = None  # internal auditor: audits done in the current 3-year auditor period


@dataclass(frozen=True)
class TrainingRecord:
    """A completed course. ``course`` is a code from the partner's catalogue (``PartnerProfile.courses``)."""

    person_id: str
    course: str
    completed_on: date
    expires_on: date | None = None


@dataclass(frozen=True)
class MonthlyHeadcount:
    """A monthly snapshot of counted workers, for users who do not list people. ``month`` is the 1st."""

    month: date
    count: int


@dataclass(frozen=True)
class KeyDates:
    """Dates in the employer's SECOR history. All optional; each unlocks the deadlines that depend on it."""

    registered_on: date | None = None  # registration / membership with the certifying partner
    history_documented_since: date | None = None  # health & safety system implemented and documented since
    certified_on: date | None = None
    certificate_expires_on: date | None = None
    last_maintenance_audit_on: date | None = None
    milestone1_completed_on: date | None = None  # SK: courses + safety program + manual
    removed_on: date | None = None  # SK: the removal date the user knows; see removed_on_means
    planned_audit_start: date | None = None
    notice_of_audit_sent_on: date | None = None  # BC Notice of Audit Activity
    data_gathering_started_on: date | None = None
    data_gathering_completed_on: date | None = None
    audit_submitted_on: date | None = None
    maintenance_year2_submitted_on: date | None = None
    maintenance_year3_submitted_on: date | None = None
    recertification_submitted_on: date | None = None


@dataclass(frozen=True)
class ElementScore:
    name: str
    awarded: float
    available: float


@dataclass(frozen=True)
class AuditScores:
    kind: str  # "certification" | "maintenance" | "recertification"
    elements: tuple[ElementScore, ...]
    qa_score: float | None = None


AUDIT_KINDS = ("certification", "maintenance", "recertification")


@dataclass(frozen=True)
class Scenario:
    """An employer description, evaluated as of ``as_of``."""

    province: str
    partner: str
    as_of: date
    people: tuple[Person, ...] = ()
    training: tuple[TrainingRecord, ...] = ()
    monthly_headcounts: tuple[MonthlyHeadcount, ...] = ()
    annual_payroll_hours: float | None = None
    key_dates: KeyDates = KeyDates()
    audit: AuditScores | None = None
    has_wcb_account: bool = True
    has_membership: bool = True
    permanent_office_in_province: bool = True
    general_contractor_expected_workers: int | None = None
    holds_secor: bool = False
    annual_premium: Decimal | float | None = None  # total WCB assessment for the year
    base_assessment: Decimal | float | None = (
        None  # BC: assessment at the base rate, before surcharge/discount
    )
    wcb_account: str | None = None  # the employer's WCB account number (SK: one trained person per account)
    employer_name: str | None = None
    # SK: what ``key_dates.removed_on`` is: "first_day_not_registered" (default), "last_day_registered" or
    # "removal_decision" (the date of the partner's removal decision)
    removed_on_means: str = "first_day_not_registered"
    # dated program exceptions granted to this employer (codes, e.g. "bc_2020_audit_waiver")
    program_exceptions: tuple[str, ...] = ()
    # WorkSafeBC good standing in the previous year (None = not stated): an administrative penalty, an
    # outstanding balance, payroll reported on time
    wcb_administrative_penalty: bool | None = None
    wcb_outstanding_balance: bool | None = None
    wcb_payroll_reported: bool | None = None
    # reading chosen per source conflict (conflict code -> reading code); missing = the default reading
    readings: Mapping[str, str] = field(default_factory=dict)
    # the certificate's ledger (provinces/certificates.py); None or empty: implied by the key dates
    # (issued on ``certified_on``, maintenance accepted on ``last_maintenance_audit_on``)
    certificate_events: tuple[CertificateEvent, ...] | None = None

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)


# ------------------------------------------------------------------------------------------------------------
# Dated, sourced values
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCitation:
    """A rule that decided something: a stable code, plain-language text, its source and when it took
    effect."""

    code: str
    text: str
    reference: str
    effective_from: date | None = None


@dataclass(frozen=True)
class Value(Generic[T]):
    """One version of a rule value (OpenFisca style): in force from ``effective_from`` until the next
    version."""

    value: T
    effective_from: date
    reference: str
    text: str
    warning: str | None = (
        None  # code of a source conflict / unconfirmed rule, emitted whenever this value is used
    )


@dataclass(frozen=True)
class Param(Generic[T]):
    """A named rule value with its dated versions, oldest first."""

    code: str
    versions: tuple[Value[T], ...]

    def __post_init__(self) -> None:
        if not self.versions:
            raise ValueError(f"{self.code}: a parameter needs at least one version")
        dates = [v.effective_from for v in self.versions]
        if dates != sorted(dates):
            raise ValueError(f"{self.code}: versions must be ordered by effective_from")

    def at(self, on: date | None) -> Value[T]:
        """The version in force on ``on`` (latest when ``on`` is None). Before the first version, the first
        version applies: the oldest value we know is the best description of the earlier rule."""
        if on is None:
            return self.versions[-1]
        current = self.versions[0]
        for version in self.versions:
            if version.effective_from <= on:
                current = version
        return current

    def citation(self, on: date | None) -> RuleCitation:
        v = self.at(on)
        return RuleCitation(self.code, v.text, v.reference, v.effective_from)


def param(code: str, *versions: Value[Any]) -> Param[Any]:
    return Param(code, tuple(versions))


@dataclass(frozen=True)
class Course:
    """A course in a partner's catalogue. ``validity_months`` None = does not expire."""

    code: str
    name: str
    validity_months: int | None
    description: str
    reference: str
    accredited: bool = True  # counts as "an accredited course" for ACSA-style maintenance training


@dataclass(frozen=True)
class Warning:  # the domain word; modules import it as ``base.Warning`` or alias it
    """A source conflict or unconfirmed rule that affected the answer. ``code`` is stable."""

    code: str
    message: str
    reference: str


# ------------------------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------------------------


class _ToDict:
    def to_dict(self) -> dict[str, Any]:
        result = to_jsonable(self)
        assert isinstance(result, dict)
        return result


def to_jsonable(obj: Any) -> Any:
    """Dates → ISO strings, Decimals → strings, enums → values, sets → sorted lists, dataclasses → dicts."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (frozenset, set)):
        return sorted(to_jsonable(x) for x in obj)
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj


@dataclass(frozen=True)
class Check(_ToDict):
    """A yes/no prerequisite (WCB account, membership, office) with the rule that requires it."""

    code: str
    title: str
    passed: bool
    rule: RuleCitation


@dataclass(frozen=True)
class ExcludedPerson(_ToDict):
    person_id: str
    reason: str


@dataclass(frozen=True)
class EligibilityResult(_ToDict):
    status: EligibilityStatus
    eligible: bool
    verdict: str
    method: str  # "peak_headcount" | "fte_payroll" | "average_and_peak"
    count: float | None  # the number compared with the limit (peak, FTE or average)
    limit: float
    limit_text: str
    numbers: Mapping[str, Any]
    counted_people: tuple[str, ...]
    excluded_people: tuple[ExcludedPerson, ...]
    prerequisites: tuple[Check, ...]
    rules: tuple[RuleCitation, ...]
    move_to_cor_by: date | None = None


@dataclass(frozen=True)
class RequirementResult(_ToDict):
    code: str
    title: str
    holder: str
    courses: tuple[str, ...]
    satisfied: bool
    held_by: tuple[str, ...]
    reason: str
    rule: RuleCitation


@dataclass(frozen=True)
class TrainingResult(_ToDict):
    satisfied: bool
    verdict: str
    requirements: tuple[RequirementResult, ...]
    rules: tuple[RuleCitation, ...]


@dataclass(frozen=True)
class PathStep(_ToDict):
    code: str
    title: str
    state: StepState
    detail: str
    reference: str


@dataclass(frozen=True)
class Deadline(_ToDict):
    """A dated obligation. ``met``: True done on time, False missed (or done late), None still open."""

    kind: str
    title: str
    due: date
    consequence: str
    reference: str
    met: bool | None
    person_id: str | None = None


@dataclass(frozen=True)
class ElementResult(_ToDict):
    name: str
    awarded: float
    available: float
    percent: Decimal | None
    passed: bool | None


@dataclass(frozen=True)
class AuditResult(_ToDict):
    kind: str
    overall_percent: Decimal | None
    passed: bool | None  # None: QA score still needed
    verdict: str
    elements: tuple[ElementResult, ...]
    overall_pass_mark: Decimal | None
    element_minimum: Decimal | None
    pass_required: bool
    qa_score: float | None
    qa_passed: bool | None
    reasons: tuple[str, ...]
    rules: tuple[RuleCitation, ...]


@dataclass(frozen=True)
class IncentiveResult(_ToDict):
    program: str
    available: bool
    amount: Decimal | None
    amount_max: Decimal | None
    verdict: str
    numbers: Mapping[str, Any]
    notes: tuple[str, ...]
    rules: tuple[RuleCitation, ...]


@dataclass(frozen=True)
class OtherReading(_ToDict):
    reading: str
    label: str
    answer: str


@dataclass(frozen=True)
class ReadingResult(_ToDict):
    """How a source conflict was read for this answer, and what another reading would answer where it differs.

    ``summary`` is the sentence to show: "Alberta: counting period: under 'the most at any one time within the
    past 12 months' (ACSA): Too large …; under 'at any given time (the count on the day)': Eligible …"."""

    conflict: str
    topic: str
    reading: str
    label: str
    source: str
    default: bool
    answer: str
    others: tuple[OtherReading, ...]
    summary: str


@dataclass(frozen=True)
class Fact(_ToDict):
    """Something users ask the partner about (fees, the period the audit's records cover, the next program
    when too big, internal auditor obligations), with its public source."""

    code: str
    title: str
    text: str
    reference: str


@dataclass(frozen=True)
class Evaluation(_ToDict):
    scenario: Mapping[str, Any]
    eligibility: EligibilityResult
    training: TrainingResult
    path: tuple[PathStep, ...]
    next_step: str
    deadlines: tuple[Deadline, ...]
    audit: AuditResult | None
    incentive: IncentiveResult
    warnings: tuple[Warning, ...] = field(default_factory=tuple)
    readings: tuple[ReadingResult, ...] = ()
    facts: tuple[Fact, ...] = ()
    # is a certificate held on the as-of date; if not, since when, why and the way back
    certificate: CertificateStatus | None = None
