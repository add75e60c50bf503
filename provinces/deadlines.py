"""Deadlines: documented history, audit windows, the maintenance schedule (anchor per partner),
recertification and expiry, moving to COR, and training follow-ups, refreshers, expiries and people who left.
Province-only deadlines come from the profile's ``province_deadlines`` hook."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from provinces import dates
from provinces.base import Deadline, EligibilityResult, EligibilityStatus, TrainingResult, Value
from provinces.rule_types import AuditWindows, FollowUp, RefresherRule, TrainingRequirement
from provinces.run import Run, first_done, met
from provinces.training import person_holds

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile


def maintenance_due(
    profile: PartnerProfile, certified_on: date, year: int, expires_on: date, on: date | None
) -> tuple[date, date | None, Value[Any]]:
    """Due date (and final slip date, if any) of the maintenance audit in certificate year ``year`` (2 or
    3)."""
    anchor_value = profile.param("maintenance_anchor").at(on)
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


def expiry(profile: PartnerProfile, certified_on: date, expires_on: date | None, on: date | None) -> date:
    return expires_on or dates.add_months(certified_on, profile.param("validity_months").at(on).value)


def maintenance_schedule(
    profile: PartnerProfile, certified_on: date, expires_on: date | None = None, run: Run | None = None
) -> list[Deadline]:
    """Maintenance audits in years 2 and 3, the recertification and the certificate expiry."""
    on = run.as_of if run else None
    expiry = profile.expiry(certified_on, expires_on, on)
    kd = run.scenario.key_dates if run else None
    validity = profile.param("validity_months").at(on)
    out: list[Deadline] = []
    previous = certified_on
    for year in (2, 3):
        due, final, anchor = profile.maintenance_due(certified_on, year, expiry, on)
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
                    title=f"Year {year} maintenance audit: latest allowed date (30 June / 31 December slip)",
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


def next_audit_due(profile: PartnerProfile, run: Run) -> date | None:
    kd = run.scenario.key_dates
    if kd.certified_on is None:
        return None
    dues = [
        d.due
        for d in profile.maintenance_schedule(kd.certified_on, kd.certificate_expires_on, None)
        if d.kind in ("maintenance_audit", "recertification") and d.due >= run.as_of
    ]
    return min(dues) if dues else None


def earliest_audit_start(
    profile: PartnerProfile, notice_sent_on: date, on: date | None = None
) -> date | None:
    days = profile.param("notice_days").at(on).value
    return None if days is None else dates.add_days(notice_sent_on, days)


def deadlines(
    profile: PartnerProfile, run: Run, eligibility: EligibilityResult, training: TrainingResult
) -> list[Deadline]:
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
                    title=f"Finish data gathering ({windows.data_gathering_days} days, start to completion)",
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
        out.extend(profile.maintenance_schedule(kd.certified_on, kd.certificate_expires_on, run))
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
    out.extend(profile.training_deadlines(run, training))
    out.extend(profile.province_deadlines(run, eligibility, training))
    return out


def training_deadlines(profile: PartnerProfile, run: Run, training: TrainingResult) -> list[Deadline]:
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
                if r.person_id == person.id and r.course == fu.after_course and r.completed_on <= run.as_of
            ]
            if not recs:
                continue
            if fu.warning:
                run.warn(fu.warning)
            latest = max(recs, key=lambda r: r.completed_on)
            due = fu.due(latest.completed_on)
            done = first_done(s.training, person.id, (fu.course,), latest.completed_on, run.as_of)
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
        d = refresher_deadline(profile, run, rr, refresher_value)
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
            _, _, expiry = person_holds(profile, run, holder, req, follow_ups)
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
