"""The training matrix: current people × the courses their partner requires, each cell valid, expiring,
expired, missing or not required, and each requirement with who holds it (key-person risk).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import provinces
from provinces import base as rules
from secor.employers.models import Employer, Enrolment

EXPIRING_DAYS = 90  # a course expiring within this many days is "expiring" (amber)


@dataclass
class MatrixCell:
    state: str  # valid | expiring | expired | missing | not_required
    label: str
    record: Any = None
    expires_on: date | None = None
    reason: str = ""

    @property
    def rag(self) -> str:
        return {
            "valid": "green",
            "expiring": "amber",
            "expired": "red",
            "missing": "grey",
            "not_required": "none",
        }[self.state]


@dataclass
class TrainingMatrix:
    courses: list[dict[str, str]] = field(default_factory=list)  # [{"code", "name"}]
    rows: list[dict[str, Any]] = field(default_factory=list)  # [{"person", "cells": [MatrixCell]}]
    requirements: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def cell_for(records: list[Any], as_of: date) -> MatrixCell:
    """The state of one person × course: the record that lasts longest decides."""
    if not records:
        return MatrixCell("missing", "Missing")
    best = max(records, key=lambda r: (r.expires_on is None, r.expires_on or date.min, r.completed_on))
    if best.expires_on is None:
        return MatrixCell("valid", "Valid", best)
    if as_of > best.expires_on:
        return MatrixCell("expired", f"Expired {best.expires_on:%Y-%m-%d}", best, best.expires_on)
    if (best.expires_on - as_of).days <= EXPIRING_DAYS:
        return MatrixCell("expiring", f"Expires {best.expires_on:%Y-%m-%d}", best, best.expires_on)
    return MatrixCell("valid", f"Valid to {best.expires_on:%Y-%m-%d}", best, best.expires_on)


def training_matrix(
    employer: Employer,
    evaluation: rules.Evaluation,
    enrolment: Enrolment,
    as_of: date,
    *,
    people: list[Any] | None = None,
    records: list[Any] | None = None,
    names: dict[str, str] | None = None,
) -> TrainingMatrix:
    """People (current) × the courses the partner requires, plus each requirement with who holds it.
    ``people`` (alive), ``records`` (their training) and ``names`` (course names) may come prefetched."""
    from training.models import Course, TrainingRecord

    reqs = list(evaluation.training.requirements)
    codes = sorted({code for req in reqs for code in req.courses})
    if names is None:
        names = dict(
            Course.objects.filter(partner=enrolment.partner, code__in=codes).values_list("code", "name")
        )
    if people is None:
        people = list(employer.people.filter(deleted_at__isnull=True))
    everyone = people
    people = sorted(
        (p for p in people if p.is_active_on(as_of) or p.start_date > as_of),
        key=lambda p: (not p.is_assessor, not p.is_safety_champion, p.last_name, p.first_name),
    )
    if records is None:
        records = list(
            TrainingRecord.objects.filter(
                person__in=people,
                deleted_at__isnull=True,
                course__code__in=codes,
                course__partner=enrolment.partner,
            ).select_related("course")
        )
    by_key: dict[tuple[int, str], list[Any]] = {}
    for record in records:
        if record.course.code in codes and record.course.partner_id == enrolment.partner_id:
            by_key.setdefault((record.person_id, record.course.code), []).append(record)
    # One column per requirement: any one of its courses satisfies it ("PHSM or the older SEHSM").
    matrix = TrainingMatrix(
        courses=[
            {
                "code": "+".join(r.courses),
                "name": names.get(r.courses[0], r.courses[0]) + (" (or equivalent)" if r.courses[1:] else ""),
                "title": " or ".join(names.get(c, c) for c in r.courses),
            }
            for r in reqs
        ]
    )
    # Suppliers and visitors never need the program's training, nor do the categories the partner does not
    # count (e.g. subcontractors with ACSA): a row of "Missing" for them would be noise. They are listed
    # when they do hold one of the courses.
    counted = counted_categories(enrolment, as_of)
    holders = {person_id for person_id, _code in by_key}
    people = [
        p
        for p in people
        if p.pk in holders
        or (
            p.category != "supplier_visitor"
            and (counted is None or rules.PersonCategory(p.category) in counted)
        )
    ]
    people_by_id = {str(p.pk): p for p in everyone}
    can_hold = _holder_check(enrolment)
    # A requirement nobody here can hold (no one is marked as assessor yet) stays "Missing" for everyone:
    # "Not required" would hide the gap.
    someone_can = [r.satisfied or any(can_hold(p, r)[0] for p in people) for r in reqs]
    for person in people:
        cells = []
        for r, possible in zip(reqs, someone_can, strict=True):
            cell = cell_for([rec for code in r.courses for rec in by_key.get((person.pk, code), [])], as_of)
            if cell.state == "missing" and possible:
                cell = _not_required(person, r, people_by_id, can_hold) or cell
            cells.append(cell)
        matrix.rows.append({"person": person, "cells": cells})
    for req in evaluation.training.requirements:
        holders = [people_by_id[pid] for pid in req.held_by if pid in people_by_id]
        if not req.satisfied:
            risk, risk_text = "red", "Nobody holds this: the program requirement is not met."
        elif len(holders) == 1:
            risk, risk_text = "amber", f"Only {holders[0].full_name} holds this. If they leave, you lose it."
        else:
            risk, risk_text = "green", f"{len(holders)} people hold this."
        matrix.requirements.append(
            {
                "requirement": req,
                "holders": holders,
                "risk": risk,
                "risk_text": risk_text,
                "course_names": [names.get(c, c) for c in req.courses],
            }
        )
    return matrix


def _holder_check(enrolment: Enrolment):
    """``check(person, requirement) -> (ok, why)``: whether a person may hold a requirement at all (the
    engine's own :meth:`PartnerProfile.holder_ok`: a family member is not "the full-time permanent employee",
    an employee not marked as assessor is not the assessor)."""
    from types import SimpleNamespace

    try:
        profile = provinces.get_partner(enrolment.partner.province, enrolment.partner.code)
    except Exception:  # noqa: BLE001 - no profile: everyone may hold everything (the old matrix)
        return lambda person, req: (True, "")

    def check(person: Any, req: rules.RequirementResult) -> tuple[bool, str]:
        roles = set()
        if person.is_assessor:
            roles |= {"assessor", "internal_auditor"}
        if person.is_safety_champion:
            roles.add("safety_champion")
        engine_person = rules.Person(
            id=str(person.pk),
            name=person.full_name,
            category=rules.PersonCategory(person.category),
            start=person.start_date,
            end=person.end_date,
            hours_per_week=float(person.hours_per_week) if person.hours_per_week is not None else None,
            province=person.province or None,
            roles=frozenset(roles),
        )
        spec = SimpleNamespace(holder=req.holder, province_employee=False, one_account=False)
        return profile.holder_ok(engine_person, spec, None)  # type: ignore[arg-type]

    return check


def _not_required(
    person: Any, req: rules.RequirementResult, people_by_id: dict, can_hold
) -> MatrixCell | None:
    """A person without the course whom the program does not need to take it: the requirement is already met
    by someone else, or this person cannot be its holder. ``None``: they are a candidate, it is missing."""
    if req.satisfied:
        names = [people_by_id[pid].full_name for pid in req.held_by if pid in people_by_id]
        return MatrixCell(
            "not_required",
            "Not required",
            reason=f"Held by {', '.join(names)}." if names else "Requirement met.",
        )
    ok, why = can_hold(person, req)
    if not ok:
        return MatrixCell("not_required", "Not required", reason=f"{person.full_name} {why}.")
    return None


def counted_categories(enrolment: Enrolment, as_of: date) -> frozenset | None:
    try:
        profile = provinces.get_partner(enrolment.partner.province, enrolment.partner.code)
        return frozenset(profile.value("counted_categories", as_of))
    except Exception:  # noqa: BLE001 - the chart is a picture; the verdict next to it is the engine's own
        return None
