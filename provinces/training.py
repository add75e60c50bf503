"""Training: whether each training requirement in force is held by a current person of the right kind
(course, holder, prerequisites, follow-ups, expiry and renewals)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from provinces import dates
from provinces.base import (
    Person,
    PersonCategory,
    RequirementResult,
    RuleCitation,
    Scenario,
    TrainingRecord,
    TrainingResult,
)
from provinces.rule_types import FULL_TIME_HOURS, NON_EMPLOYEES, FollowUp, TrainingRequirement
from provinces.run import Run, first_done, met, person_name

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile


def holder_ok(
    profile: PartnerProfile, person: Person, req: TrainingRequirement, scenario: Scenario
) -> tuple[bool, str]:
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
    if ok and req.province_employee and person.province not in (None, profile.province):
        ok, why = False, f"is not a {profile.province} employee"
    if (
        ok
        and req.one_account
        and person.wcb_account is not None
        and scenario.wcb_account is not None
        and person.wcb_account != scenario.wcb_account
    ):
        ok, why = False, f"is already the trained employee for WCB account {person.wcb_account}"
    return ok, why


def record_expiry(profile: PartnerProfile, record: TrainingRecord) -> date | None:
    if record.expires_on is not None:
        return record.expires_on
    course = profile.courses.get(record.course)
    if course is None or course.validity_months is None:
        return None
    return dates.add_months(record.completed_on, course.validity_months)


def follow_up_failed(
    profile: PartnerProfile, run: Run, record: TrainingRecord, follow_ups: Iterable[FollowUp]
) -> FollowUp | None:
    for fu in follow_ups:
        if fu.after_course != record.course or not fu.voids_training:
            continue
        due = fu.due(record.completed_on)
        done = first_done(
            run.scenario.training, record.person_id, (fu.course,), record.completed_on, run.as_of
        )
        if met(due, done, run.as_of) is False:
            return fu
    return None


def person_holds(
    profile: PartnerProfile,
    run: Run,
    person: Person,
    req: TrainingRequirement,
    follow_ups: tuple[FollowUp, ...],
) -> tuple[bool, str, date | None]:
    """(holds it now, reason if not, validity end)."""
    recs = [
        r
        for r in run.scenario.training
        if r.person_id == person.id and r.course in req.courses and r.completed_on <= run.as_of
    ]
    if not recs:
        return False, "has no record of the course", None
    good = [r for r in recs if follow_up_failed(profile, run, r, follow_ups) is None]
    if not good:
        fu = follow_up_failed(profile, run, recs[-1], follow_ups)
        return (
            False,
            f"missed the deadline: {fu.title if fu else 'follow-up'} (course must be repeated)",
            None,
        )
    latest = max(good, key=lambda r: r.completed_on)
    if req.prerequisites and not any(
        r.person_id == person.id and r.course in req.prerequisites and r.completed_on <= latest.completed_on
        for r in run.scenario.training
    ):
        needed = " or ".join(profile.course_name(c) for c in req.prerequisites)
        return (
            False,
            f"took {profile.course_name(latest.course)} without the prerequisite {needed} first",
            None,
        )
    expiry = profile.record_expiry(latest)
    if expiry is not None and req.renewed_by:
        renewals = [
            r
            for r in run.scenario.training
            if r.person_id == person.id
            and r.course in req.renewed_by
            and latest.completed_on <= r.completed_on <= run.as_of
        ]
        for r in renewals:
            e = profile.record_expiry(r)
            if e is not None and e > expiry:
                expiry = e
    if expiry is not None and run.as_of > expiry:
        return False, f"{latest.course} expired on {expiry.isoformat()}", expiry
    return True, "", expiry


def training(profile: PartnerProfile, run: Run) -> TrainingResult:
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
            ok, why = profile.holder_ok(person, req, s)
            if not ok:
                reasons.append(f"{person.name} {why}")
                continue
            holds, why, _ = person_holds(profile, run, person, req, follow_ups)
            if holds:
                held_by.append(person.id)
            else:
                reasons.append(f"{person.name} {why}")
        names = " or ".join(profile.course_name(c) for c in req.courses)
        if held_by:
            reason = "Held by " + ", ".join(person_name(s, pid) for pid in held_by) + "."
        else:
            reason = f"Nobody current holds it ({names}). " + ("; ".join(reasons) + "." if reasons else "")
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
        "All training requirements are met." if satisfied else "Training missing: " + "; ".join(missing) + "."
    )
    rules = [run.cite("training")]
    if run.profile.param("refresher").at(run.as_of).value is not None:
        rules.append(run.cite("refresher"))
    return TrainingResult(satisfied, verdict, tuple(results), tuple(rules))


def course_name(profile: PartnerProfile, code: str) -> str:
    course = profile.courses.get(code)
    return course.name if course else code
