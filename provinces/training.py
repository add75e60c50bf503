"""Training: whether each training requirement in force is held by a current person of the right kind
(course, holder, prerequisites, follow-ups, expiry and renewals)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from provinces import dates
from provinces.base import (
    Deadline,
    Person,
    PersonCategory,
    RequirementResult,
    RuleCitation,
    Scenario,
    TrainingRecord,
    TrainingResult,
    Value,
)
from provinces.rule_types import (
    FULL_TIME_HOURS,
    NON_EMPLOYEES,
    FollowUp,
    RefresherRule,
    TrainingRequirement,
)
from provinces.run import Run, first_done, met, person_name

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile


def is_full_time(person: Person) -> bool | None:
    """Full-time judged from hours (ACSA: "continuous employment of about 30–40 hours per week", on the
    payroll and covered by the WCB account; https://www.youracsa.ca/secor-training-requirements/).

    A full-time permanent employee or a working owner is full-time at 30 hours a week or more, not below;
    None when the hours are unknown (accepted, with the warning ``FULL_TIME_HOURS_UNKNOWN``). Other
    categories (part-time, casual, temporary, family, volunteers, contractors) are never full-time."""
    if person.category not in (PersonCategory.FULL_TIME_PERMANENT, PersonCategory.OWNER):
        return False
    if person.hours_per_week is None:
        return None
    return person.hours_per_week >= FULL_TIME_HOURS


def holder_ok(
    profile: PartnerProfile, person: Person, req: TrainingRequirement, scenario: Scenario
) -> tuple[bool, str]:
    """Whether ``person`` may hold requirement ``req`` (ignoring the course itself)."""
    roles = person.roles
    if req.holder == "full_time_permanent":
        ok = is_full_time(person) is not False
        why = "is not a full-time permanent employee"
        if person.hours_per_week is not None and person.hours_per_week < FULL_TIME_HOURS and not ok:
            why = (
                f"works {person.hours_per_week:g} hours a week; a full-time employee works about 30–40 hours "
                "a week"
            )
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
                if req.holder == "full_time_permanent" and is_full_time(person) is None:
                    run.warn("FULL_TIME_HOURS_UNKNOWN")
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
    maintenance = maintenance_training(profile, run)
    if maintenance is not None:
        results.append(maintenance)
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


MAINTENANCE_TRAINING = "maintenance_training"


def maintenance_training(profile: PartnerProfile, run: Run) -> RequirementResult | None:
    """The periodic maintenance training (ACSA: an accredited course every 3 years; AEI: the initially trained
    person's refresher) once it has lapsed: an unmet training requirement, so the training answer and the
    path's training step are unmet, not only the refresher deadline. None while it is not lapsed (its
    deadline is in ``deadlines``), where the partner has no such rule, or before anyone took the initial
    training (nothing to maintain)."""
    value = profile.param("refresher").at(run.as_of)
    rr: RefresherRule | None = value.value
    if rr is None:
        return None
    deadline = refresher_deadline(profile, run, rr, value)
    if deadline is None or deadline.met is not False:
        return None
    if deadline.due < run.as_of:
        reason = f"Lapsed: due by {deadline.due.isoformat()} and not taken. {rr.consequence}"
    else:
        reason = f"Lapsed: the person who must take it has left. {rr.consequence}"
    courses = rr.refresher_courses or tuple(sorted(c.code for c in profile.courses.values() if c.accredited))
    return RequirementResult(
        code=MAINTENANCE_TRAINING,
        title=rr.title,
        holder="full_time_permanent" if rr.mode == "any_full_time" else "employee",
        courses=tuple(courses),
        satisfied=False,
        held_by=(),
        reason=reason,
        rule=RuleCitation("refresher", rr.title, value.reference, value.effective_from),
    )


def refresher_deadline(
    profile: PartnerProfile, run: Run, rr: RefresherRule, value: Value[Any]
) -> Deadline | None:
    s = run.scenario
    refresher_courses = (
        set(rr.refresher_courses)
        if rr.refresher_courses is not None
        else {c.code for c in profile.courses.values() if c.accredited}
    )
    past = [r for r in s.training if r.completed_on <= run.as_of]
    if rr.mode == "any_full_time":
        fts = {
            p.id
            for p in s.people
            if dates.is_active_on(p.start, p.end, run.as_of)
            and profile.holder_ok(p, TrainingRequirement("", "", (), "full_time_permanent", ""), s)[0]
        }
        recs = [
            r for r in past if r.person_id in fts and r.course in refresher_courses | set(rr.initial_courses)
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
