"""The audits area's only door to the rules engine (``provinces``).

Everything an audit needs from a partner's rules is read here, by the engine's names: pass marks and scoring
(``provinces.score_audit``), the maintenance schedule (``provinces.maintenance_schedule``), the Notice of
Audit Activity (``provinces.earliest_audit_start``), the AASP data-gathering and submission windows
(``audit_windows``), the documented-history minimum (``history_months``) and the auditor's courses (the
partner's training requirements held by the assessor / internal auditor, from its course catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import provinces
from provinces import dates
from provinces.profile import met as _engine_met


@dataclass(frozen=True)
class RuleValue:
    """A rule value with the text and source the user is shown."""

    value: Any
    text: str
    reference: str


AUDITOR_HOLDERS = ("assessor", "internal_auditor")


def profile(partner):
    """The engine's profile of a ``CertifyingPartner`` row."""
    return provinces.get_partner(partner.province, partner.code)


def _rule(partner, code: str, on: date) -> RuleValue | None:
    prof = profile(partner)
    if code not in prof.params:
        return None
    version = prof.param(code).at(on)
    return RuleValue(version.value, version.text, version.reference)


def deadline_met(due: date, done_on: date | None, as_of: date) -> bool | None:
    """The engine's reading of a deadline on ``as_of``: True done on or before ``due``, False done late or not
    done once ``due`` has passed, None still open."""
    return _engine_met(due, done_on, as_of)


def earliest_start(partner, notice_sent_on: date) -> date | None:
    """First allowed audit start after a Notice of Audit Activity; None when the partner needs no notice."""
    return provinces.earliest_audit_start(partner.province, partner.code, notice_sent_on)


def notice_rule(partner, on: date) -> RuleValue | None:
    rule = _rule(partner, "notice_days", on)
    return None if rule is None or rule.value is None else rule


def history_rule(partner, on: date) -> RuleValue | None:
    rule = _rule(partner, "history_months", on)
    return None if rule is None or rule.value is None else rule


def windows_rule(partner, on: date) -> RuleValue | None:
    """The data-gathering / submission windows (``AuditWindows``) in force on ``on``, if any."""
    prof = profile(partner)
    if "audit_windows" not in prof.params:
        return None
    version = prof.param("audit_windows").at(on)
    if version.value is None or on < version.effective_from:
        return None
    return RuleValue(version.value, version.text, version.reference)


def data_gathering_last_day(partner, starts_on: date) -> tuple[date, RuleValue] | None:
    rule = windows_rule(partner, starts_on)
    if rule is None:
        return None
    return dates.period_end_inclusive(starts_on, rule.value.data_gathering_days), rule


def submission_last_day(partner, starts_on: date, ends_on: date) -> tuple[date, RuleValue] | None:
    rule = windows_rule(partner, starts_on)
    if rule is None:
        return None
    return dates.add_days(ends_on, rule.value.submission_days), rule


def auditor_courses(partner, on: date) -> dict[str, Any]:
    """The courses that qualify someone to conduct the partner's audit on ``on``.

    Returns ``{"courses": set, "renewals": set, "follow_ups": tuple, "titles": list, "reference": str}``:
    the courses of the training requirements held by the assessor / internal auditor, the courses that renew
    them, and the follow-ups that void the course when missed (SK auditor certification within 8 months)."""
    prof = profile(partner)
    training = prof.param("training").at(on)
    # The requirement held by the assessor / internal auditor (AB), or named for the auditor whoever holds it
    # (SK "safety_auditor" held by a full-time SK employee; go2HR "internal_auditor" held by the champion).
    reqs = [
        r
        for r in training.value
        if r.holder in AUDITOR_HOLDERS or "auditor" in r.code or "assessor" in r.code
    ]
    courses: set[str] = set()
    renewals: set[str] = set()
    for r in reqs:
        courses.update(r.courses)
        renewals.update(r.renewed_by)
    follow_ups = tuple(fu for fu in prof.value("follow_ups", on) or () if fu.after_course in courses)
    return {
        "courses": courses,
        "renewals": renewals,
        "follow_ups": follow_ups,
        "titles": [r.title for r in reqs],
        "reference": "; ".join(sorted({r.reference for r in reqs})) or training.reference,
        "names": {c: prof.course_name(c) for c in courses | renewals},
    }


def pass_mark(partner, kind: str, on: date) -> RuleValue:
    version = profile(partner).param(f"pass_mark.{kind}").at(on)
    return RuleValue(version.value, version.text, version.reference)


def score(partner, kind: str, elements: list[tuple[str, float, float]], as_of: date, qa_score=None):
    """``provinces.score_audit`` on (element name, awarded, available) triples."""
    audit = provinces.AuditScores(
        kind=kind,
        elements=tuple(provinces.ElementScore(name, float(a), float(b)) for name, a, b in elements),
        qa_score=None if qa_score is None else float(qa_score),
    )
    return provinces.score_audit(partner.province, partner.code, audit, as_of)


def schedule(partner, certified_on: date, expires_on: date | None = None):
    return provinces.maintenance_schedule(partner.province, partner.code, certified_on, expires_on)


def audit_elements(partner) -> tuple[str, ...]:
    return tuple(profile(partner).audit_elements)
