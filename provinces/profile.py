"""Certifying-partner profiles: the rule values of one partner (dated and sourced) and the hooks that apply
them.

``PartnerProfile`` holds the generic algorithms (headcount, training, deadlines, audit scoring, path). Each
province module subclasses it and overrides the named hooks where the province differs, like python-holidays'
``_populate_subdiv_<code>_…`` hooks:

- ``path_facts(run, ...)``: which steps of the province's certification path are done;
- ``province_deadlines(run, ...)``: deadlines only that province has (SK milestones, BC notice of audit…);
- ``incentive(run)``: the province's WCB incentive.

Rule values live in ``params``: a mapping of stable code → ``Param`` (dated ``Value`` versions with a
reference).
The standard codes are listed in ``PARAM_CODES``; ``tests/provinces/test_registry.py`` checks every profile
has
them and that every version has a source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

from provinces import conflicts, dates
from provinces.base import (
    AuditResult,
    AuditScores,
    Check,
    Course,
    Deadline,
    ElementResult,
    EligibilityResult,
    EligibilityStatus,
    ExcludedPerson,
    IncentiveResult,
    Param,
    PathStep,
    Person,
    PersonCategory,
    RequirementResult,
    RuleCitation,
    Scenario,
    StepState,
    TrainingRecord,
    TrainingResult,
    Value,
)
from provinces.base import Warning as RuleWarning

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
CENT = Decimal("0.01")


# ------------------------------------------------------------------------------------------------------------
# Rule value types
# ------------------------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------------------------
# An evaluation in progress
# ------------------------------------------------------------------------------------------------------------


class Run:
    """One evaluation: the scenario, its partner profile, and the warnings raised so far (deduplicated)."""

    def __init__(self, scenario: Scenario, profile: PartnerProfile) -> None:
        self.scenario = scenario
        self.profile = profile
        self.as_of = scenario.as_of
        self.warnings: list[RuleWarning] = []

    def use(self, code: str) -> Value[Any]:
        """The value of ``code`` in force on the as-of date; raises its warning if it carries one."""
        value = self.profile.param(code).at(self.as_of)
        if value.warning:
            self.warn(value.warning)
        return value

    def cite(self, code: str) -> RuleCitation:
        self.use(code)
        return self.profile.param(code).citation(self.as_of)

    def warn(self, code: str) -> None:
        if all(w.code != code for w in self.warnings):
            self.warnings.append(conflicts.warning(code))


def met(due: date, done: date | None, as_of: date) -> bool | None:
    """True done on or before ``due``; False done late, or not done and ``due`` has passed; None still
    open."""
    if done is not None and done <= as_of:
        return done <= due
    return False if as_of > due else None


def percent(awarded: float, available: float) -> Decimal:
    return Decimal(str(awarded)) * 100 / Decimal(str(available))


def display_percent(p: Decimal) -> Decimal:
    """Two decimals, rounded down so a failing 79.996% never shows as 80.00%."""
    return p.quantize(CENT, rounding=ROUND_FLOOR)


def money(x: Decimal | float | int) -> Decimal:
    from decimal import ROUND_HALF_UP

    return Decimal(str(x)).quantize(CENT, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------------------------------------
# The profile
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PartnerProfile:
    """A certifying partner's SECOR program in one province."""

    code: str
    name: str
    province: str
    industries: tuple[str, ...]
    programs: tuple[str, ...]
    website: str
    courses: Mapping[str, Course]
    audit_elements: tuple[str, ...]
    audit_elements_reference: str
    params: Mapping[str, Param[Any]]
    steps: tuple[StepSpec, ...]
    notes: tuple[str, ...] = ()

    # ---- values -------------------------------------------------------------------------------------------

    def param(self, code: str) -> Param[Any]:
        try:
            return self.params[code]
        except KeyError:
            raise KeyError(f"{self.province}/{self.code} has no rule value {code!r}") from None

    def value(self, code: str, on: date | None = None) -> Any:
        """The plain value of rule ``code`` in force on ``on`` (latest when None)."""
        return self.param(code).at(on).value

    def rules(self, on: date | None = None) -> tuple[RuleCitation, ...]:
        """Every rule value in force on ``on``, with its source."""
        return tuple(self.params[c].citation(on) for c in sorted(self.params))

    # ---- eligibility --------------------------------------------------------------------------------------

    def counts(self, person: Person, categories: frozenset[PersonCategory]) -> tuple[bool, str]:
        """Whether ``person`` counts toward the limit, and why not."""
        if person.category is PersonCategory.SUPPLIER_VISITOR:
            return False, "suppliers, inspectors, rental deliverers and visitors never count"
        if person.category not in categories:
            return False, f"{person.category.value.replace('_', ' ')}s are not counted by {self.code}"
        return True, ""

    def eligibility(self, run: Run) -> EligibilityResult:
        """1. split people into counted / not counted; 2. count by the partner's method; 3. compare with the
        limit; 4. check the other prerequisites; 5. decide the status (outgrown when a SECOR is held)."""
        s = run.scenario
        threshold_value = run.use("threshold")
        th: Threshold = threshold_value.value
        categories: frozenset[PersonCategory] = run.use("counted_categories").value
        rules = [run.cite("threshold"), run.cite("counted_categories")]
        counted: list[Person] = []
        excluded: list[ExcludedPerson] = []
        for p in s.people:
            ok, why = self.counts(p, categories)
            if ok:
                counted.append(p)
            else:
                excluded.append(ExcludedPerson(p.id, why))
        if self.province == "AB" and any(
            p.category in (PersonCategory.SUBCONTRACTOR, PersonCategory.DEDICATED_CONTRACTOR)
            for p in s.people
        ):
            run.warn("AB_SUBCONTRACTORS")

        numbers: dict[str, Any] = {}
        count: float | None
        size_ok: bool
        method = th.method
        if method == "fte_or_peak":
            method = "fte_payroll" if s.annual_payroll_hours is not None else "peak_headcount"
            numbers["method_chosen"] = method
        if method == "peak_headcount":
            count = self._peak(run, th, counted, numbers)
            size_ok = count is not None and self._within(count, th.limit, th.inclusive)
        elif method == "fte_payroll":
            count = self._fte(run, counted, numbers)
            size_ok = count is not None and self._within(count, th.limit, th.inclusive)
        elif method == "average_and_peak":
            count = self._average_and_peak(run, th, counted, numbers)
            peak = numbers.get("monthly_peak")
            size_ok = (
                count is not None
                and self._within(count, th.limit, th.inclusive)
                and peak is not None
                and (th.peak_limit is None or peak <= th.peak_limit)
            )
        else:  # pragma: no cover - guarded by the registry test
            raise ValueError(f"unknown counting method {th.method!r}")

        if count is not None and th.warn_at is not None and th.warn_code and count == th.warn_at:
            run.warn(th.warn_code)
        if self.province == "AB" and count == th.limit:
            run.warn("AB_THRESHOLD_WORDING")

        gc_too_big = (
            th.gc_expected_limit is not None
            and s.general_contractor_expected_workers is not None
            and s.general_contractor_expected_workers > th.gc_expected_limit
        )
        if s.general_contractor_expected_workers is not None:
            numbers["general_contractor_expected_workers"] = s.general_contractor_expected_workers

        prereqs = self.prerequisites(run)
        rules.extend(c.rule for c in prereqs)
        move_to_cor_by: date | None = None
        shown = _fmt(count)
        if count is None:
            status = EligibilityStatus.NO_DATA
            run.warn("NO_HEADCOUNT_DATA")
            verdict = "Cannot decide: enter the people who work for you, monthly headcounts or payroll hours."
        elif gc_too_big:
            status = EligibilityStatus.OUTGROWN if s.holds_secor else EligibilityStatus.NOT_ELIGIBLE
            verdict = (
                f"Not eligible: as a general contractor you expect {s.general_contractor_expected_workers} "
                f"workers (including subcontractors), more than {th.gc_expected_limit}. Advise {self.code} "
                "and "
                "start the standard COR process."
            )
        elif not size_ok:
            status = EligibilityStatus.OUTGROWN if s.holds_secor else EligibilityStatus.NOT_ELIGIBLE
            verdict = f"Too large for SECOR: {shown} (limit: {th.limit_text})."
        elif not all(c.passed for c in prereqs):
            status = EligibilityStatus.PREREQUISITES_MISSING
            missing = ", ".join(c.title for c in prereqs if not c.passed)
            verdict = f"Small enough ({shown}; limit: {th.limit_text}), but missing: {missing}."
        else:
            status = EligibilityStatus.ELIGIBLE
            verdict = f"Eligible for SECOR with {self.code}: {shown} (limit: {th.limit_text})."
        if status is EligibilityStatus.OUTGROWN:
            move_to_cor_by = self.next_audit_due(run)
            when = (
                move_to_cor_by.isoformat()
                if move_to_cor_by
                else "the next maintenance or certification audit"
            )
            verdict += f" You hold a SECOR but have outgrown it: move to COR at your next audit ({when})."
        elif status is EligibilityStatus.NOT_ELIGIBLE:
            verdict += " Apply for the regular COR program instead."
        return EligibilityResult(
            status=status,
            eligible=status is EligibilityStatus.ELIGIBLE,
            verdict=verdict,
            method=th.method,
            count=count,
            limit=th.limit,
            limit_text=th.limit_text,
            numbers=numbers,
            counted_people=tuple(p.id for p in counted),
            excluded_people=tuple(excluded),
            prerequisites=prereqs,
            rules=tuple(rules),
            move_to_cor_by=move_to_cor_by,
        )

    @staticmethod
    def _within(count: float, limit: float, inclusive: bool) -> bool:
        return count <= limit if inclusive else count < limit

    def _peak(self, run: Run, th: Threshold, counted: list[Person], numbers: dict[str, Any]) -> float | None:
        s = run.scenario
        start = dates.lookback_start(s.as_of, th.lookback_months)
        numbers["window_start"] = start
        numbers["window_end"] = s.as_of
        candidates: list[int] = []
        if s.people:
            peak, peak_on = peak_headcount(counted, start, s.as_of)
            current = sum(dates.is_active_on(p.start, p.end, s.as_of) for p in counted)
            numbers.update(peak=peak, peak_on=peak_on, current=current)
            candidates.append(peak)
            if self.province == "AB" and peak != current:
                run.warn("AB_LOOKBACK_PERIOD")
            if self.province == "SK" and peak != current:
                run.warn("SK_PEAK_PERIOD_INFERRED")
        snaps = [
            h
            for h in s.monthly_headcounts
            if h.month <= s.as_of and dates.last_day_of_month(h.month) >= start
        ]
        if snaps:
            snap_peak = max(h.count for h in snaps)
            numbers["snapshot_peak"] = snap_peak
            candidates.append(snap_peak)
        return float(max(candidates)) if candidates else None

    def _fte(self, run: Run, counted: list[Person], numbers: dict[str, Any]) -> float | None:
        s = run.scenario
        if s.annual_payroll_hours is not None:
            hours = float(s.annual_payroll_hours)
            numbers["annual_payroll_hours"] = hours
        else:
            employees = [
                p
                for p in counted
                if p.category not in NON_EMPLOYEES and dates.is_active_on(p.start, p.end, s.as_of)
            ]
            if not employees:
                return None
            run.warn("FTE_ESTIMATED")
            hours = sum((p.hours_per_week if p.hours_per_week is not None else 40.0) * 52 for p in employees)
            numbers["estimated_annual_hours"] = hours
        fte = hours / FTE_HOURS_PER_YEAR
        numbers["hours_per_fte"] = FTE_HOURS_PER_YEAR
        numbers["fte"] = round(fte, 4)
        return fte

    def _average_and_peak(
        self, run: Run, th: Threshold, counted: list[Person], numbers: dict[str, Any]
    ) -> float | None:
        s = run.scenario
        first = dates.add_months(dates.month_start(s.as_of), -11)
        months = list(dates.iter_month_starts(first, s.as_of))
        snap = {dates.month_start(h.month): h.count for h in s.monthly_headcounts}
        monthly: dict[date, int] = {}
        for m in months:
            if m in snap:
                monthly[m] = snap[m]
            elif s.people:
                end = min(dates.last_day_of_month(m), s.as_of)
                monthly[m] = peak_headcount(counted, m, end)[0]
        if not monthly:
            return None
        peak = max(monthly.values())
        share = th.operating_month_share or Fraction(0)
        operating = [c for c in monthly.values() if c > 0 and c >= share * peak]
        average = Fraction(sum(operating), len(operating)) if operating else Fraction(0)
        numbers.update(
            months={m.isoformat(): c for m, c in monthly.items()},
            monthly_peak=peak,
            operating_months=len(operating),
            operating_month_share=float(share),
            average=round(float(average), 4),
            peak_limit=th.peak_limit,
        )
        return float(average)

    def prerequisites(self, run: Run) -> tuple[Check, ...]:
        value = run.use("prerequisites")
        s = run.scenario
        present = {
            "wcb_account": s.has_wcb_account,
            "membership": s.has_membership,
            "permanent_office": s.permanent_office_in_province,
        }
        return tuple(
            Check(
                p.code,
                p.title,
                present[p.code],
                RuleCitation(f"prerequisite.{p.code}", p.title, p.reference, value.effective_from),
            )
            for p in value.value
        )

    # ---- training -----------------------------------------------------------------------------------------

    def holder_ok(self, person: Person, req: TrainingRequirement, scenario: Scenario) -> tuple[bool, str]:
        """Whether ``person`` may hold requirement ``req`` (ignoring the course itself)."""
        roles = person.roles
        if req.holder == "full_time_permanent":
            ok = person.category is PersonCategory.FULL_TIME_PERMANENT or (
                person.category is PersonCategory.OWNER
                and (person.hours_per_week is None or person.hours_per_week >= FULL_TIME_HOURS)
            )
            why = "is not a full-time permanent employee"
        elif req.holder == "assessor":
            ok = bool(roles & {"assessor", "internal_auditor"}) and person.category not in NON_EMPLOYEES
            why = "is not the company's appointed assessor"
        elif req.holder == "internal_auditor":
            ok = bool(roles & {"internal_auditor", "assessor"}) and person.category not in NON_EMPLOYEES
            why = "is not marked as the internal auditor"
        elif req.holder == "safety_champion":
            ok = "safety_champion" in roles and person.category not in NON_EMPLOYEES
            why = "is not marked as the safety champion"
        else:
            ok = person.category not in NON_EMPLOYEES
            why = "is not an employee"
        if ok and req.province_employee and person.province not in (None, self.province):
            ok, why = False, f"is not a {self.province} employee"
        if (
            ok
            and req.one_account
            and person.wcb_account is not None
            and scenario.wcb_account is not None
            and person.wcb_account != scenario.wcb_account
        ):
            ok, why = False, f"is already the trained employee for WCB account {person.wcb_account}"
        return ok, why

    def record_expiry(self, record: TrainingRecord) -> date | None:
        if record.expires_on is not None:
            return record.expires_on
        course = self.courses.get(record.course)
        if course is None or course.validity_months is None:
            return None
        return dates.add_months(record.completed_on, course.validity_months)

    def _follow_up_failed(
        self, run: Run, record: TrainingRecord, follow_ups: Iterable[FollowUp]
    ) -> FollowUp | None:
        for fu in follow_ups:
            if fu.after_course != record.course or not fu.voids_training:
                continue
            due = fu.due(record.completed_on)
            done = _first_done(
                run.scenario.training, record.person_id, (fu.course,), record.completed_on, run.as_of
            )
            if met(due, done, run.as_of) is False:
                return fu
        return None

    def _person_holds(
        self, run: Run, person: Person, req: TrainingRequirement, follow_ups: tuple[FollowUp, ...]
    ) -> tuple[bool, str, date | None]:
        """(holds it now, reason if not, validity end)."""
        recs = [
            r
            for r in run.scenario.training
            if r.person_id == person.id and r.course in req.courses and r.completed_on <= run.as_of
        ]
        if not recs:
            return False, "has no record of the course", None
        good = [r for r in recs if self._follow_up_failed(run, r, follow_ups) is None]
        if not good:
            fu = self._follow_up_failed(run, recs[-1], follow_ups)
            return (
                False,
                f"missed the deadline: {fu.title if fu else 'follow-up'} (course must be repeated)",
                None,
            )
        latest = max(good, key=lambda r: r.completed_on)
        if req.prerequisites and not any(
            r.person_id == person.id
            and r.course in req.prerequisites
            and r.completed_on <= latest.completed_on
            for r in run.scenario.training
        ):
            needed = " or ".join(self.course_name(c) for c in req.prerequisites)
            return (
                False,
                f"took {self.course_name(latest.course)} without the prerequisite {needed} first",
                None,
            )
        expiry = self.record_expiry(latest)
        if expiry is not None and req.renewed_by:
            renewals = [
                r
                for r in run.scenario.training
                if r.person_id == person.id
                and r.course in req.renewed_by
                and latest.completed_on <= r.completed_on <= run.as_of
            ]
            for r in renewals:
                e = self.record_expiry(r)
                if e is not None and e > expiry:
                    expiry = e
        if expiry is not None and run.as_of > expiry:
            return False, f"{latest.course} expired on {expiry.isoformat()}", expiry
        return True, "", expiry

    def training(self, run: Run) -> TrainingResult:
        """Check every training requirement in force on the as-of date against the current people."""
        value = run.use("training")
        follow_ups: tuple[FollowUp, ...] = run.use("follow_ups").value
        s = run.scenario
        results: list[RequirementResult] = []
        for req in value.value:
            if req.warning:
                run.warn(req.warning)
            held_by: list[str] = []
            reasons: list[str] = []
            for person in s.people:
                has_course = any(r.person_id == person.id and r.course in req.courses for r in s.training)
                if not has_course:
                    continue
                if not dates.is_active_on(person.start, person.end, run.as_of):
                    left = person.end.isoformat() if person.end else "?"
                    reasons.append(f"{person.name} held it but left on {left}")
                    continue
                ok, why = self.holder_ok(person, req, s)
                if not ok:
                    reasons.append(f"{person.name} {why}")
                    continue
                holds, why, _ = self._person_holds(run, person, req, follow_ups)
                if holds:
                    held_by.append(person.id)
                else:
                    reasons.append(f"{person.name} {why}")
            names = " or ".join(self.course_name(c) for c in req.courses)
            if held_by:
                reason = "Held by " + ", ".join(_name(s, pid) for pid in held_by) + "."
            else:
                reason = f"Nobody current holds it ({names}). " + (
                    "; ".join(reasons) + "." if reasons else ""
                )
            results.append(
                RequirementResult(
                    code=req.code,
                    title=req.title,
                    holder=req.holder,
                    courses=req.courses,
                    satisfied=bool(held_by),
                    held_by=tuple(held_by),
                    reason=reason.strip(),
                    rule=RuleCitation(f"training.{req.code}", req.title, req.reference, value.effective_from),
                )
            )
        satisfied = all(r.satisfied for r in results)
        missing = [r.title for r in results if not r.satisfied]
        verdict = (
            "All training requirements are met."
            if satisfied
            else "Training missing: " + "; ".join(missing) + "."
        )
        rules = [run.cite("training")]
        if run.profile.param("refresher").at(run.as_of).value is not None:
            rules.append(run.cite("refresher"))
        return TrainingResult(satisfied, verdict, tuple(results), tuple(rules))

    def course_name(self, code: str) -> str:
        course = self.courses.get(code)
        return course.name if course else code

    # ---- deadlines ----------------------------------------------------------------------------------------

    def maintenance_due(
        self, certified_on: date, year: int, expires_on: date, on: date | None
    ) -> tuple[date, date | None, Value[Any]]:
        """Due date (and final slip date, if any) of the maintenance audit in certificate year ``year`` (2 or
        3)."""
        anchor_value = self.param("maintenance_anchor").at(on)
        anchor = anchor_value.value
        k = year - 1
        final: date | None = None
        if anchor == "anniversary":
            due = dates.add_years(certified_on, k)
        elif anchor == "calendar_year":
            due = date(certified_on.year + k, 12, 31)
        elif anchor == "expiry_month":
            due = dates.last_day_of_month(dates.add_years(expires_on, k - 3))
        elif anchor == "anniversary_with_slip":
            due = dates.add_years(expires_on, k - 3)
            final = dates.first_on_or_after(due, ((6, 30), (12, 31)))
        else:  # pragma: no cover - guarded by the registry test
            raise ValueError(f"unknown maintenance anchor {anchor!r}")
        return due, final, anchor_value

    def expiry(self, certified_on: date, expires_on: date | None, on: date | None) -> date:
        return expires_on or dates.add_months(certified_on, self.param("validity_months").at(on).value)

    def maintenance_schedule(
        self, certified_on: date, expires_on: date | None = None, run: Run | None = None
    ) -> list[Deadline]:
        """Maintenance audits in years 2 and 3, the recertification and the certificate expiry."""
        on = run.as_of if run else None
        expiry = self.expiry(certified_on, expires_on, on)
        kd = run.scenario.key_dates if run else None
        validity = self.param("validity_months").at(on)
        out: list[Deadline] = []
        previous = certified_on
        for year in (2, 3):
            due, final, anchor = self.maintenance_due(certified_on, year, expiry, on)
            if run is not None and anchor.warning:
                run.warn(anchor.warning)
            done: date | None = None
            if kd is not None:
                done = kd.maintenance_year2_submitted_on if year == 2 else kd.maintenance_year3_submitted_on
                last = kd.last_maintenance_audit_on
                if done is None and last is not None and previous < last <= (final or due):
                    done = last
            ok = met(final or due, done, run.as_of) if run else None
            out.append(
                Deadline(
                    kind="maintenance_audit",
                    title=f"Year {year} maintenance audit due ({anchor.text})",
                    due=due,
                    consequence="Missing an annual maintenance submission cancels the SECOR.",
                    reference=anchor.reference,
                    met=ok,
                )
            )
            if final is not None:
                out.append(
                    Deadline(
                        kind="maintenance_audit_final",
                        title=f"Year {year} maintenance audit: latest allowed date (30 June / 31 December "
                        "slip)",
                        due=final,
                        consequence="After this date the SECOR is cancelled.",
                        reference=anchor.reference,
                        met=ok,
                    )
                )
            previous = final or due
        recert_done = kd.recertification_submitted_on if kd else None
        out.append(
            Deadline(
                kind="recertification",
                title="Recertification audit submitted by the certificate expiry date",
                due=expiry,
                consequence="Without a recertification audit by expiry the SECOR lapses and certification "
                "starts over (incentives stop).",
                reference=validity.reference,
                met=met(expiry, recert_done, run.as_of) if run else None,
            )
        )
        out.append(
            Deadline(
                kind="certificate_expiry",
                title=f"SECOR expires ({validity.text})",
                due=expiry,
                consequence="The certificate is no longer valid after this date.",
                reference=validity.reference,
                met=met(expiry, recert_done, run.as_of) if run else None,
            )
        )
        return out

    def next_audit_due(self, run: Run) -> date | None:
        kd = run.scenario.key_dates
        if kd.certified_on is None:
            return None
        dues = [
            d.due
            for d in self.maintenance_schedule(kd.certified_on, kd.certificate_expires_on, None)
            if d.kind in ("maintenance_audit", "recertification") and d.due >= run.as_of
        ]
        return min(dues) if dues else None

    def earliest_audit_start(self, notice_sent_on: date, on: date | None = None) -> date | None:
        days = self.param("notice_days").at(on).value
        return None if days is None else dates.add_days(notice_sent_on, days)

    def deadlines(self, run: Run, eligibility: EligibilityResult, training: TrainingResult) -> list[Deadline]:
        s = run.scenario
        kd = s.key_dates
        out: list[Deadline] = []
        # 1. documented history before applying
        history_value = run.profile.param("history_months").at(run.as_of)
        history: int | None = history_value.value
        if history is not None and kd.history_documented_since is not None:
            run.use("history_months")
            applied = kd.audit_submitted_on or kd.data_gathering_started_on or kd.certified_on
            earliest = dates.add_months(kd.history_documented_since, history)
            out.append(
                Deadline(
                    kind="history_minimum",
                    title=f"Earliest application: {history} months of documented health & safety history",
                    due=earliest,
                    consequence="An application with less documented history is not accepted "
                    f"({history_value.text}).",
                    reference=history_value.reference,
                    met=None if applied is None else applied >= earliest,
                )
            )
        # 2. data-gathering and submission windows (AASP)
        windows_value = run.profile.param("audit_windows").at(run.as_of)
        windows: AuditWindows | None = windows_value.value
        if windows is not None and kd.data_gathering_started_on is not None:
            if kd.data_gathering_started_on >= windows_value.effective_from:
                end = dates.period_end_inclusive(kd.data_gathering_started_on, windows.data_gathering_days)
                out.append(
                    Deadline(
                        kind="data_gathering_end",
                        title=f"Finish data gathering ({windows.data_gathering_days} days, start to "
                        "completion)",
                        due=end,
                        consequence="Data gathering longer than the window is not accepted; the assessment "
                        "must "
                        "be redone.",
                        reference=windows_value.reference,
                        met=met(end, kd.data_gathering_completed_on, run.as_of),
                    )
                )
                if kd.data_gathering_completed_on is not None:
                    sub = dates.add_days(kd.data_gathering_completed_on, windows.submission_days)
                    out.append(
                        Deadline(
                            kind="audit_submission",
                            title=f"Submit the assessment within {windows.submission_days} days after the "
                            "last "
                            "day of data gathering",
                            due=sub,
                            consequence="A late submission is not accepted by the partner.",
                            reference=windows_value.reference,
                            met=met(sub, kd.audit_submitted_on, run.as_of),
                        )
                    )
        # 3. maintenance schedule
        if kd.certified_on is not None:
            out.extend(self.maintenance_schedule(kd.certified_on, kd.certificate_expires_on, run))
        # 4. moving to COR
        if eligibility.status is EligibilityStatus.OUTGROWN and eligibility.move_to_cor_by is not None:
            out.append(
                Deadline(
                    kind="move_to_cor",
                    title="Move to the regular COR program at the next maintenance or certification audit",
                    due=eligibility.move_to_cor_by,
                    consequence="Above the limit you are no longer qualified to hold a SECOR.",
                    reference=eligibility.rules[0].reference,
                    met=None,
                )
            )
        # 5. training follow-ups, refreshers, expiries, people who left
        out.extend(self.training_deadlines(run, training))
        out.extend(self.province_deadlines(run, eligibility, training))
        return out

    def training_deadlines(self, run: Run, training: TrainingResult) -> list[Deadline]:
        s = run.scenario
        out: list[Deadline] = []
        follow_ups: tuple[FollowUp, ...] = run.profile.param("follow_ups").at(run.as_of).value
        for fu in follow_ups:
            for person in s.people:
                if not dates.is_active_on(person.start, person.end, run.as_of):
                    continue
                recs = [
                    r
                    for r in s.training
                    if r.person_id == person.id
                    and r.course == fu.after_course
                    and r.completed_on <= run.as_of
                ]
                if not recs:
                    continue
                if fu.warning:
                    run.warn(fu.warning)
                latest = max(recs, key=lambda r: r.completed_on)
                due = fu.due(latest.completed_on)
                done = _first_done(s.training, person.id, (fu.course,), latest.completed_on, run.as_of)
                out.append(
                    Deadline(
                        fu.kind,
                        f"{fu.title} ({person.name})",
                        due,
                        fu.consequence,
                        fu.reference,
                        met(due, done, run.as_of),
                        person.id,
                    )
                )
        # refresher
        refresher_value = run.profile.param("refresher").at(run.as_of)
        rr: RefresherRule | None = refresher_value.value
        if rr is not None:
            d = self._refresher_deadline(run, rr, refresher_value)
            if d is not None:
                out.append(d)
        # expiry of the training that currently satisfies a requirement
        value = run.profile.param("training").at(run.as_of)
        reqs = {r.code: r for r in value.value}
        seen: set[tuple[str, str]] = set()
        for result in training.requirements:
            req = reqs[result.code]
            for pid in result.held_by:
                holder = s.person(pid)
                if holder is None:
                    continue
                _, _, expiry = self._person_holds(run, holder, req, follow_ups)
                if expiry is None or (pid, req.code) in seen:
                    continue
                seen.add((pid, req.code))
                out.append(
                    Deadline(
                        req.expiry_kind,
                        f"{req.title}: training of {holder.name} expires",
                        expiry,
                        "After expiry the requirement is no longer met; renew or retrain before this date.",
                        req.reference,
                        met(expiry, None, run.as_of),
                        pid,
                    )
                )
        # trained person left and nobody else holds the requirement
        for result in training.requirements:
            if result.satisfied:
                continue
            req = reqs[result.code]
            for person in s.people:
                if person.end is None or person.end > run.as_of:
                    continue
                if any(r.person_id == person.id and r.course in req.courses for r in s.training):
                    out.append(
                        Deadline(
                            "trained_person_left",
                            f"{req.title}: {person.name} left; train a replacement",
                            person.end,
                            "The requirement has not been met since this person left; train another "
                            "employee as soon as possible to keep the SECOR.",
                            req.reference,
                            False,
                            person.id,
                        )
                    )
        return out

    def _refresher_deadline(self, run: Run, rr: RefresherRule, value: Value[Any]) -> Deadline | None:
        s = run.scenario
        refresher_courses = (
            set(rr.refresher_courses)
            if rr.refresher_courses is not None
            else {c.code for c in self.courses.values() if c.accredited}
        )
        past = [r for r in s.training if r.completed_on <= run.as_of]
        if rr.mode == "any_full_time":
            fts = {
                p.id
                for p in s.people
                if dates.is_active_on(p.start, p.end, run.as_of)
                and self.holder_ok(p, TrainingRequirement("", "", (), "full_time_permanent", ""), s)[0]
            }
            recs = [
                r
                for r in past
                if r.person_id in fts and r.course in refresher_courses | set(rr.initial_courses)
            ]
            if not recs:
                return None
            run.use("refresher")
            last = max(r.completed_on for r in recs)
            due = dates.add_months(last, rr.months)
            return Deadline(
                "training_refresher",
                rr.title,
                due,
                rr.consequence,
                value.reference,
                met(due, None, run.as_of),
            )
        initial = sorted((r for r in past if r.course in rr.initial_courses), key=lambda r: r.completed_on)
        if not initial:
            return None
        run.use("refresher")
        first = initial[0]
        person = s.person(first.person_id)
        mine = [
            r.completed_on
            for r in past
            if r.person_id == first.person_id and r.course in refresher_courses | set(rr.initial_courses)
        ]
        due = dates.add_months(max(mine), rr.months)
        name = person.name if person else first.person_id
        ok = met(due, None, run.as_of)
        if person is not None and person.end is not None and person.end <= run.as_of:
            ok = False
        return Deadline(
            "training_refresher",
            f"{rr.title} ({name})",
            due,
            rr.consequence,
            value.reference,
            ok,
            first.person_id,
        )

    def province_deadlines(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult
    ) -> list[Deadline]:
        """Hook: deadlines only this province has."""
        return []

    # ---- audit scoring ------------------------------------------------------------------------------------

    def score_audit(self, audit: AuditScores, run: Run) -> AuditResult:
        """1. percent per element and overall (points awarded / points available); 2. compare with the pass
        marks in force for the audit kind; 3. the QA score where the partner requires one."""
        code = f"pass_mark.{audit.kind}"
        value = run.use(code)
        pm: PassMark = value.value
        elements: list[ElementResult] = []
        reasons: list[str] = []
        total_awarded = Decimal(0)
        total_available = Decimal(0)
        for e in audit.elements:
            if e.available <= 0:
                elements.append(ElementResult(e.name, e.awarded, e.available, None, None))
                continue
            p = percent(e.awarded, e.available)
            total_awarded += Decimal(str(e.awarded))
            total_available += Decimal(str(e.available))
            element_ok = None if pm.element_minimum is None else p >= pm.element_minimum
            if element_ok is False:
                reasons.append(
                    f"{e.name}: {display_percent(p)}% is below the {pm.element_minimum}% element minimum"
                )
            elements.append(ElementResult(e.name, e.awarded, e.available, display_percent(p), element_ok))
        overall = total_awarded * 100 / total_available if total_available else None
        overall_ok = overall is not None and (pm.overall is None or overall >= pm.overall)
        if overall is not None and pm.overall is not None and not overall_ok:
            reasons.append(f"overall {display_percent(overall)}% is below the pass mark {pm.overall_text}")
        if overall is None:
            reasons.append("no scored elements")
        score_ok = overall_ok and all(e.passed is not False for e in elements)
        qa_passed: bool | None = None
        if pm.qa_minimum is not None:
            if audit.qa_score is None:
                reasons.append(f"quality-assurance score needed (at least {pm.qa_minimum}%)")
            else:
                qa_passed = Decimal(str(audit.qa_score)) >= pm.qa_minimum
                if not qa_passed:
                    reasons.append(f"QA score {audit.qa_score}% is below {pm.qa_minimum}%")
        passed: bool | None
        if not pm.required:
            passed = True
            verdict = f"{audit.kind.capitalize()} audit: no pass mark applies; submitting it keeps the SECOR."
        elif not score_ok:
            passed = False
            verdict = f"{audit.kind.capitalize()} audit fails: " + "; ".join(reasons) + "."
        elif pm.qa_minimum is not None and qa_passed is None:
            passed = None
            verdict = (
                f"{audit.kind.capitalize()} audit score passes; the QA score decides (at least "
                f"{pm.qa_minimum}%)."
            )
        elif qa_passed is False:
            passed = False
            verdict = f"{audit.kind.capitalize()} audit fails: " + "; ".join(reasons) + "."
        else:
            passed = True
            verdict = f"{audit.kind.capitalize()} audit passes ({pm.overall_text})."
        return AuditResult(
            kind=audit.kind,
            overall_percent=display_percent(overall) if overall is not None else None,
            passed=passed,
            verdict=verdict,
            elements=tuple(elements),
            overall_pass_mark=pm.overall,
            element_minimum=pm.element_minimum,
            pass_required=pm.required,
            qa_score=audit.qa_score,
            qa_passed=qa_passed,
            reasons=tuple(reasons),
            rules=(self.param(code).citation(run.as_of),),
        )

    # ---- path ---------------------------------------------------------------------------------------------

    def path_facts(
        self,
        run: Run,
        eligibility: EligibilityResult,
        training: TrainingResult,
        deadlines: list[Deadline],
    ) -> dict[str, tuple[bool, str]]:
        """Hook: for each step code, (done, detail). Provinces override."""
        return {}

    def path(
        self,
        run: Run,
        eligibility: EligibilityResult,
        training: TrainingResult,
        deadlines: list[Deadline],
    ) -> tuple[tuple[PathStep, ...], str]:
        """The province's ordered steps with states, and the next thing to do.

        The first step not done is ``current`` and later ones ``todo``. When the employer is too large every
        step not done is ``blocked`` and the next step is to go to COR."""
        facts = self.path_facts(run, eligibility, training, deadlines)
        blocked = eligibility.status in (EligibilityStatus.NOT_ELIGIBLE, EligibilityStatus.OUTGROWN)
        steps: list[PathStep] = []
        current: PathStep | None = None
        for spec in self.steps:
            done, detail = facts.get(spec.code, (False, ""))
            if done:
                state = StepState.DONE
            elif blocked:
                state = StepState.BLOCKED
            elif current is None:
                state = StepState.CURRENT
            else:
                state = StepState.TODO
            step = PathStep(spec.code, spec.title, state, detail, spec.reference)
            if state is StepState.CURRENT:
                current = step
            steps.append(step)
        if blocked:
            next_step = eligibility.verdict
        elif current is not None:
            next_step = f"{current.title}: {current.detail}" if current.detail else current.title
        else:
            next_step = "All steps done: keep the system running and meet the deadlines below."
        return tuple(steps), next_step

    # ---- incentive ----------------------------------------------------------------------------------------

    def incentive(self, run: Run) -> IncentiveResult:  # pragma: no cover - every province overrides
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Province:
    """A province: its WCB board and certifying partners. Each province module defines ``PROVINCE``."""

    code: str
    name: str
    wcb_board: str
    partners: Mapping[str, PartnerProfile]
    references: tuple[str, ...]

    def partner(self, code: str) -> PartnerProfile:
        from provinces.base import UnknownPartnerError

        found = self.partners.get(code.upper())
        if found is None:
            known = ", ".join(sorted(self.partners))
            raise UnknownPartnerError(
                f"unknown certifying partner {code!r} for {self.code} (known: {known})", field="partner"
            )
        return found


def references(doc: str | None) -> tuple[str, ...]:
    """The lines of a module docstring's ``References:`` section."""
    if not doc or "References:" not in doc:
        return ()
    section = doc.split("References:", 1)[1]
    return tuple(line.strip() for line in section.strip().splitlines() if line.strip())


# ------------------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------------------


def peak_headcount(people: Iterable[Person], start: date, end: date) -> tuple[int, date | None]:
    """Largest number of ``people`` employed on the same day within ``[start, end]``, and the first such day.

    The count only rises on a start date, so checking ``start`` and every start date in the window
    suffices."""
    people = list(people)
    candidates = {start} | {p.start for p in people if p.start is not None and start <= p.start <= end}
    best, best_on = 0, None
    for day in sorted(candidates):
        n = sum(dates.is_active_on(p.start, p.end, day) for p in people)
        if n > best:
            best, best_on = n, day
    return best, best_on


def _first_done(
    records: Iterable[TrainingRecord], person_id: str, courses: tuple[str, ...], after: date, as_of: date
) -> date | None:
    found = [
        r.completed_on
        for r in records
        if r.person_id == person_id and r.course in courses and after <= r.completed_on <= as_of
    ]
    return min(found) if found else None


def _name(s: Scenario, person_id: str) -> str:
    p = s.person(person_id)
    return p.name if p else person_id


def _fmt(count: float | None) -> str:
    if count is None:
        return "no data"
    if float(count).is_integer():
        return f"{int(count)} counted"
    return f"{count:.2f}"
