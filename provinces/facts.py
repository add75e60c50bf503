"""Facts users ask for: the partner's fees, the period the audit's records must cover, what the next program
requires when the employer is too big, and what an internal auditor must do to stay qualified (with the
audits each person has done, ``Person.audits_done``). Each comes from the partner's own public page.

Partners list them in the optional ``facts`` and ``auditor_obligation`` rule values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from provinces import dates
from provinces.base import EligibilityResult, EligibilityStatus, Fact
from provinces.rule_types import AuditorObligation, FactSpec
from provinces.run import Run

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile

TOO_BIG = (EligibilityStatus.NOT_ELIGIBLE, EligibilityStatus.OUTGROWN)


def facts(profile: PartnerProfile, run: Run, eligibility: EligibilityResult) -> tuple[Fact, ...]:
    out: list[Fact] = []
    if "facts" in profile.params:
        specs: tuple[FactSpec, ...] = profile.param("facts").at(run.as_of).value
        for spec in specs:
            if spec.when == "too_big" and eligibility.status not in TOO_BIG:
                continue
            out.append(Fact(spec.code, spec.title, spec.text, spec.reference))
    if "auditor_obligation" in profile.params:
        rule: AuditorObligation | None = profile.param("auditor_obligation").at(run.as_of).value
        if rule is not None:
            out.extend(auditor_facts(run, rule))
    return tuple(out)


def auditor_facts(run: Run, rule: AuditorObligation) -> list[Fact]:
    """One fact per current person holding the internal auditor course: audits done against the minimum, by
    the end of the 3-year period counted from their latest course."""
    s = run.scenario
    out: list[Fact] = []
    for person in s.people:
        if not dates.is_active_on(person.start, person.end, run.as_of):
            continue
        taken = [
            r.completed_on
            for r in s.training
            if r.person_id == person.id and r.course in rule.courses and r.completed_on <= run.as_of
        ]
        if not taken:
            continue
        end = dates.add_months(max(taken), rule.months)
        done = person.audits_done
        need = f"at least {rule.min_audits} audits by {end.isoformat()}"
        if done is None:
            text = f"{person.name}: {need} to stay qualified (enter the audits done so far)."
        elif done >= rule.min_audits:
            text = (
                f"{person.name}: {done} audits done, {need} met. Requalify by taking the course again by "
                f"{end.isoformat()}."
            )
        elif run.as_of > end:
            text = (
                f"{person.name}: only {done} of {rule.min_audits} audits by {end.isoformat()}: "
                f"{rule.otherwise}"
            )
        else:
            text = (
                f"{person.name}: {done} of {rule.min_audits} audits done; {rule.min_audits - done} more by "
                f"{end.isoformat()}, otherwise {rule.otherwise[0].lower()}{rule.otherwise[1:]}"
            )
        out.append(Fact("auditor_obligation", "Internal auditor: staying qualified", text, rule.reference))
    return out
