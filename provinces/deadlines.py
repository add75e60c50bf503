"""Deadlines: documented history, audit windows, the maintenance schedule (anchor per partner),
recertification and expiry, moving to COR, and training follow-ups, refreshers, expiries and people who left.
Province-only deadlines come from the profile's ``province_deadlines`` hook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from provinces import dates
from provinces.base import (
    Deadline,
    EligibilityResult,
    EligibilityStatus,
    KeyDates,
    Scenario,
    TrainingResult,
    Value,
)
from provinces.certificates import EventKind, missed_maintenance_rule
from provinces.rule_types import AuditWindows, FollowUp, ProgramException, RefresherRule
from provinces.run import Run, first_done, met
from provinces.training import person_holds, refresher_deadline

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


@dataclass(frozen=True)
class Term:
    """A certificate's term: when it expires and why (the partner's validity, ESC's one-year SECOR, or a dated
    program exception that extended it)."""

    expires_on: date
    text: str
    reference: str
    maintenance_audits: bool  # False for a one-year certificate: no maintenance audits in its term
    exception: ProgramException | None = None


def one_year_term(profile: PartnerProfile, kd: KeyDates | None, on: date | None) -> Value[Any] | None:
    """ESC: with at least 3 but fewer than 12 months of documented history when the employer applied, only a
    one-year SECOR is issued ("ensure you have 12 months of documentation … at least three months … may be
    eligible to receive a one year SECOR", https://energysafetycanada.com/COR/CORSECOR/SECOR). The
    application date is the first of audit submission, data-gathering start and certification that is
    known."""
    if kd is None or kd.history_documented_since is None or "one_year_history_months" not in profile.params:
        return None
    applied = kd.audit_submitted_on or kd.data_gathering_started_on or kd.certified_on
    full: int | None = profile.param("history_months").at(on).value
    if applied is None or full is None:
        return None
    short = profile.param("one_year_history_months").at(on)
    since = kd.history_documented_since
    if dates.add_months(since, short.value) <= applied < dates.add_months(since, full):
        return short
    return None


def certificate_term(
    profile: PartnerProfile,
    certified_on: date,
    expires_on: date | None,
    on: date | None,
    scenario: Scenario | None = None,
) -> Term:
    """The term of a certificate issued on ``certified_on`` (``expires_on`` when the employer entered it)."""
    kd = scenario.key_dates if scenario is not None else None
    validity = profile.param("validity_months").at(on)
    short = one_year_term(profile, kd, on)
    if short is not None:
        term = Term(
            expires_on or dates.add_months(certified_on, 12),
            f"one-year SECOR: {short.text.rstrip('.')}",
            short.reference,
            maintenance_audits=False,
        )
    else:
        term = Term(
            expires_on or dates.add_months(certified_on, validity.value),
            validity.text,
            validity.reference,
            maintenance_audits=True,
        )
    granted = scenario.program_exceptions if scenario is not None else ()
    if granted and "exceptions" in profile.params:
        exceptions: tuple[ProgramException, ...] = profile.param("exceptions").at(on).value
        for exc in exceptions:
            if exc.code in granted and exc.applies_to(term.expires_on):
                term = Term(
                    dates.add_months(term.expires_on, exc.extend_months),
                    f"{term.text}; {exc.title}: extended from {term.expires_on.isoformat()}",
                    exc.reference,
                    term.maintenance_audits,
                    exc,
                )
    return term


def expiry(
    profile: PartnerProfile,
    certified_on: date,
    expires_on: date | None,
    on: date | None,
    scenario: Scenario | None = None,
) -> date:
    return certificate_term(profile, certified_on, expires_on, on, scenario).expires_on


def maintenance_schedule(
    profile: PartnerProfile,
    certified_on: date,
    expires_on: date | None = None,
    run: Run | None = None,
    scenario: Scenario | None = None,
) -> list[Deadline]:
    """Maintenance audits in years 2 and 3, the recertification and the certificate expiry. A one-year
    certificate has no maintenance audits; a granted program exception moves the expiry."""
    on = run.as_of if run else None
    scenario = run.scenario if run else scenario
    term = certificate_term(profile, certified_on, expires_on, on, scenario)
    expiry = term.expires_on
    kd = run.scenario.key_dates if run else None
    cancels = missed_maintenance_rule(profile.province, profile.code).outcome is EventKind.CANCELLED
    loses, lost = ("cancels", "cancelled") if cancels else ("lapses", "lapsed")
    out: list[Deadline] = []
    previous = certified_on
    for year in (2, 3) if term.maintenance_audits else ():
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
                consequence=f"Missing an annual maintenance submission {loses} the SECOR.",
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
                    consequence=f"After this date the SECOR is {lost}.",
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
            reference=term.reference,
            met=met(expiry, recert_done, run.as_of) if run else None,
        )
    )
    out.append(
        Deadline(
            kind="certificate_expiry",
            title=f"SECOR expires ({term.text})",
            due=expiry,
            consequence="The certificate is no longer valid after this date.",
            reference=term.reference,
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
        for d in profile.maintenance_schedule(
            kd.certified_on, kd.certificate_expires_on, None, scenario=run.scenario
        )
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
            ok = met(due, done, run.as_of)
            certified = s.key_dates.certified_on
            if fu.met_by_certification and certified is not None and latest.completed_on <= certified:
                # the student audit is the initial certification audit: the partner accepted it by issuing
                # the certificate (docs/rule-choices.md, "Pre-certification deadlines")
                ok = True if certified <= run.as_of else ok
            out.append(
                Deadline(
                    fu.kind,
                    f"{fu.title} ({person.name})",
                    due,
                    fu.consequence,
                    fu.reference,
                    ok,
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
        if result.code not in reqs:  # the maintenance training: its deadline is the refresher above
            continue
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
        if result.satisfied or result.code not in reqs:
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
