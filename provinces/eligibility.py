"""Eligibility: who counts, how the partner counts them (peak headcount, FTE from payroll hours, BCFSC's
average and peak), the size limit, the other prerequisites, and the status (eligible, too large,
outgrown…)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from provinces import dates
from provinces.base import (
    Check,
    EligibilityResult,
    EligibilityStatus,
    ExcludedPerson,
    Person,
    PersonCategory,
    RuleCitation,
)
from provinces.rule_types import FTE_HOURS_PER_YEAR, NON_EMPLOYEES, Threshold
from provinces.run import Run

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile


def counts(
    profile: PartnerProfile, person: Person, categories: frozenset[PersonCategory]
) -> tuple[bool, str]:
    """Whether ``person`` counts toward the limit, and why not."""
    if person.category is PersonCategory.SUPPLIER_VISITOR:
        return False, "suppliers, inspectors, rental deliverers and visitors never count"
    if person.category not in categories:
        return False, f"{person.category.value.replace('_', ' ')}s are not counted by {profile.code}"
    return True, ""


def eligibility(profile: PartnerProfile, run: Run) -> EligibilityResult:
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
        ok, why = profile.counts(p, categories)
        if ok:
            counted.append(p)
        else:
            excluded.append(ExcludedPerson(p.id, why))
    if profile.province == "AB" and any(
        p.category in (PersonCategory.SUBCONTRACTOR, PersonCategory.DEDICATED_CONTRACTOR) for p in s.people
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
        count = peak_count(profile, run, th, counted, numbers)
        size_ok = count is not None and within(count, th.limit, th.inclusive)
    elif method == "fte_payroll":
        count = fte_count(profile, run, counted, numbers)
        size_ok = count is not None and within(count, th.limit, th.inclusive)
    elif method == "average_and_peak":
        count = average_and_peak(profile, run, th, counted, numbers)
        peak = numbers.get("monthly_peak")
        size_ok = (
            count is not None
            and within(count, th.limit, th.inclusive)
            and peak is not None
            and (th.peak_limit is None or peak <= th.peak_limit)
        )
    else:  # pragma: no cover - guarded by the registry test
        raise ValueError(f"unknown counting method {th.method!r}")

    if count is not None and th.warn_at is not None and th.warn_code and count == th.warn_at:
        run.warn(th.warn_code)
    if profile.province == "AB" and count == th.limit:
        run.warn("AB_THRESHOLD_WORDING")

    gc_too_big = (
        th.gc_expected_limit is not None
        and s.general_contractor_expected_workers is not None
        and s.general_contractor_expected_workers > th.gc_expected_limit
    )
    if s.general_contractor_expected_workers is not None:
        numbers["general_contractor_expected_workers"] = s.general_contractor_expected_workers

    prereqs = profile.prerequisites(run)
    rules.extend(c.rule for c in prereqs)
    move_to_cor_by: date | None = None
    shown = fmt_count(count)
    if count is None:
        status = EligibilityStatus.NO_DATA
        run.warn("NO_HEADCOUNT_DATA")
        verdict = "Cannot decide: enter the people who work for you, monthly headcounts or payroll hours."
    elif gc_too_big:
        status = EligibilityStatus.OUTGROWN if s.holds_secor else EligibilityStatus.NOT_ELIGIBLE
        verdict = (
            f"Not eligible: as a general contractor you expect {s.general_contractor_expected_workers} "
            f"workers (including subcontractors), more than {th.gc_expected_limit}. Advise {profile.code} "
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
        verdict = f"Eligible for SECOR with {profile.code}: {shown} (limit: {th.limit_text})."
    if status is EligibilityStatus.OUTGROWN:
        move_to_cor_by = profile.next_audit_due(run)
        when = move_to_cor_by.isoformat() if move_to_cor_by else "the next maintenance or certification audit"
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


def within(count: float, limit: float, inclusive: bool) -> bool:
    return count <= limit if inclusive else count < limit


def peak_count(
    profile: PartnerProfile, run: Run, th: Threshold, counted: list[Person], numbers: dict[str, Any]
) -> float | None:
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
        if profile.province == "AB" and peak != current:
            run.warn("AB_LOOKBACK_PERIOD")
        if profile.province == "SK" and peak != current:
            run.warn("SK_PEAK_PERIOD_INFERRED")
    snaps = [
        h for h in s.monthly_headcounts if h.month <= s.as_of and dates.last_day_of_month(h.month) >= start
    ]
    if snaps:
        snap_peak = max(h.count for h in snaps)
        numbers["snapshot_peak"] = snap_peak
        candidates.append(snap_peak)
    return float(max(candidates)) if candidates else None


def fte_count(
    profile: PartnerProfile, run: Run, counted: list[Person], numbers: dict[str, Any]
) -> float | None:
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


def average_and_peak(
    profile: PartnerProfile, run: Run, th: Threshold, counted: list[Person], numbers: dict[str, Any]
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


def prerequisites(profile: PartnerProfile, run: Run) -> tuple[Check, ...]:
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


def fmt_count(count: float | None) -> str:
    if count is None:
        return "no data"
    if float(count).is_integer():
        return f"{int(count)} counted"
    return f"{count:.2f}"
