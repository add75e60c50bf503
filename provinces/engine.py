"""Evaluate a scenario: eligibility, training, deadlines, audit score, path and incentive, with warnings.

1. Look up the partner profile (``registry.get_partner``).
2. Eligibility → training → deadlines (which need both) → the certificate's answer (the ledger and the
   partner's rule for a missed maintenance audit, ``provinces/holding.py``), which removes the certificate's
   own deadlines once it is not held → audit score → path (which needs all of them) → incentive. Each step
   is a hook on the profile, so a province overrides only what differs.
3. Warnings raised by any rule value used are collected once each, in the order they were first raised.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from provinces import dates, facts, holding, readings
from provinces.base import (
    AuditResult,
    AuditScores,
    Deadline,
    Evaluation,
    OtherReading,
    ReadingResult,
    Scenario,
    ScenarioError,
)
from provinces.profile import PartnerProfile, Run
from provinces.registry import get_partner, get_province


def evaluate(scenario: Scenario, *, compare_readings: bool = True) -> Evaluation:
    """The full, explained answer for ``scenario`` on ``scenario.as_of``. Deterministic: the same scenario
    gives the same evaluation.

    The readings selected in ``scenario.readings`` are applied (``provinces/readings.py``); with
    ``compare_readings`` the answer also reports, for each source conflict that mattered, the reading used and
    the answer under the other readings where it differs."""
    province = get_province(scenario.province)
    partner_profile = get_partner(scenario.province, scenario.partner, scenario.as_of)
    profile = readings.apply(partner_profile, scenario.as_of, scenario.readings)
    events = holding.ledger(profile, scenario)
    scenario = holding.with_ledger_dates(scenario, events)
    run = Run(scenario, profile)
    eligibility = profile.eligibility(run)
    training = profile.training(run)
    every = profile.deadlines(run, eligibility, training)
    run.certificate = holding.answer(profile, run, events, every)
    deadlines = sorted(
        holding.follow(run.certificate, every), key=lambda d: (d.due, d.kind, d.person_id or "")
    )
    audit = profile.score_audit(scenario.audit, run) if scenario.audit is not None else None
    path, next_step = profile.path(run, eligibility, training, deadlines)
    incentive = holding.incentive(run.certificate, profile.incentive(run))
    summary = {
        "province": province.code,
        "province_name": province.name,
        "wcb_board": province.wcb_board,
        "partner": profile.code,
        "partner_name": profile.name,
        "as_of": scenario.as_of,
        "employer_name": scenario.employer_name,
        "people": len(scenario.people),
        "training_records": len(scenario.training),
        "holds_secor": scenario.holds_secor,
    }
    evaluation = Evaluation(
        scenario=summary,
        eligibility=eligibility,
        training=training,
        path=path,
        next_step=next_step,
        deadlines=tuple(deadlines),
        audit=audit,
        incentive=incentive,
        warnings=tuple(run.warnings),
        facts=facts.facts(profile, run, eligibility),
        certificate=run.certificate,
    )
    if compare_readings:
        evaluation = dataclasses.replace(
            evaluation, readings=reading_results(partner_profile, scenario, evaluation)
        )
    return evaluation


def _answer(conflict: readings.Conflict, evaluation: Evaluation) -> tuple[object, str]:
    """The part of ``evaluation`` that ``conflict`` can change: a key to compare between readings (the
    decision, not its wording) and the sentence to show."""
    if conflict.area == "eligibility":
        return evaluation.eligibility.status, evaluation.eligibility.verdict
    if conflict.area == "incentive":
        return (evaluation.incentive.available, evaluation.incentive.amount), evaluation.incentive.verdict
    if conflict.area == "training":
        refresher = [d for d in evaluation.deadlines if d.kind == "training_refresher"]
        text = " ".join(
            [evaluation.training.verdict, *(f"{d.title} by {d.due.isoformat()}." for d in refresher)]
        )
        return (evaluation.training.satisfied, tuple((d.due, d.met) for d in refresher)), text
    shown = [d for d in evaluation.deadlines if d.kind in conflict.kinds]
    text = "; ".join(f"{d.title.split(' (')[0]}: {d.due.isoformat()}" for d in shown)
    return tuple((d.kind, d.due, d.met) for d in shown), (text + "." if shown else "No dated deadline yet.")


def reading_results(
    profile: PartnerProfile, scenario: Scenario, evaluation: Evaluation
) -> tuple[ReadingResult, ...]:
    """For each source conflict that mattered to this answer (its warning was raised) or that the scenario
    chose a reading for: the reading used, and the answer under each other reading where it differs."""
    raised = {w.code for w in evaluation.warnings}
    out: list[ReadingResult] = []
    for conflict in readings.available(profile, scenario.as_of):
        selected = scenario.readings.get(conflict.code)
        if selected is None and not conflict.raised_by() & raised:
            continue
        default = conflict.default(profile, scenario.as_of)
        used = conflict.reading(selected or default)
        key, answer = _answer(conflict, evaluation)
        others: list[OtherReading] = []
        for other in conflict.readings:
            if other.code == used.code:
                continue
            alternative = evaluate(
                dataclasses.replace(scenario, readings={**scenario.readings, conflict.code: other.code}),
                compare_readings=False,
            )
            other_key, other_answer = _answer(conflict, alternative)
            if other_key != key:
                others.append(OtherReading(other.code, other.label, other_answer))
        summary = f"{conflict.topic}: under “{used.label}” ({used.source}): {answer}"
        summary += "".join(f" Under “{o.label}”: {o.answer}" for o in others)
        if not others:
            summary = (
                f"{conflict.topic}: read as “{used.label}” ({used.source}); the other readings give the "
                "same answer here."
            )
        out.append(
            ReadingResult(
                conflict=conflict.code,
                topic=conflict.topic,
                reading=used.code,
                label=used.label,
                source=used.source,
                default=used.code == default,
                answer=answer,
                others=tuple(others),
                summary=summary,
            )
        )
    return tuple(out)


def score_audit(province: str, partner: str, audit: AuditScores, as_of: date) -> AuditResult:
    """Score ``audit`` against the partner's pass marks in force on ``as_of``."""
    if audit.kind not in ("certification", "maintenance", "recertification"):
        raise ScenarioError(
            f"audit.kind must be certification, maintenance or recertification, not {audit.kind!r}"
        )
    profile = get_partner(province, partner, as_of)
    run = Run(Scenario(province=province, partner=partner, as_of=as_of), profile)
    return profile.score_audit(audit, run)


def maintenance_schedule(
    province: str, partner: str, certified_on: date, expires_on: date | None = None
) -> tuple[Deadline, ...]:
    """Maintenance due dates for certificate years 2 and 3, the recertification and the expiry (``met``
    None)."""
    profile = get_partner(province, partner, certified_on)
    return tuple(profile.maintenance_schedule(certified_on, expires_on, None))


def earliest_audit_start(province: str, partner: str, notice_sent_on: date) -> date | None:
    """First allowed audit start after a Notice of Audit Activity sent on ``notice_sent_on`` (BC: 14 days
    later, ``dates.notice_is_sufficient``); None where the partner has no notice rule."""
    profile = get_partner(province, partner, notice_sent_on)
    return profile.earliest_audit_start(notice_sent_on, notice_sent_on)


__all__ = ["dates", "earliest_audit_start", "evaluate", "maintenance_schedule", "score_audit"]
