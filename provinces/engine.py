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
    EligibilityResult,
    Evaluation,
    IncentiveResult,
    OtherReading,
    ReadingResult,
    Scenario,
    ScenarioError,
    TrainingResult,
    evolve,
)
from provinces.profile import PartnerProfile, Run
from provinces.registry import get_partner, get_province


@dataclasses.dataclass
class _Steps:
    """An evaluation in progress, as far as :func:`_decide` took it: what a source conflict can change (what
    :func:`_answer` compares between readings) and what :func:`evaluate` needs to finish the answer.
    ``training``, ``deadlines`` and ``incentive`` are None until computed."""

    profile: PartnerProfile  # the readings applied
    scenario: Scenario  # the ledger's dates filled in
    run: Run
    eligibility: EligibilityResult
    training: TrainingResult | None = None
    deadlines: tuple[Deadline, ...] | None = None
    incentive: IncentiveResult | None = None


def _decide(partner_profile: PartnerProfile, scenario: Scenario, *, eligibility_only: bool = False) -> _Steps:
    """Step 2 as far as the deadlines and the certificate's answer (or only the eligibility). Each step reads
    the scenario, the profile and the steps before it (``Run.warnings`` is collected, never read), so stopping
    early changes nothing before the stop."""
    profile = readings.apply(partner_profile, scenario.as_of, scenario.readings)
    events = holding.ledger(profile, scenario)
    scenario = holding.with_ledger_dates(scenario, events)
    run = Run(scenario, profile)
    steps = _Steps(profile, scenario, run, profile.eligibility(run))
    if eligibility_only:
        return steps
    steps.training = profile.training(run)
    every = profile.deadlines(run, steps.eligibility, steps.training)
    run.certificate = holding.answer(profile, run, events, every)
    steps.deadlines = tuple(
        sorted(holding.follow(run.certificate, every), key=lambda d: (d.due, d.kind, d.person_id or ""))
    )
    return steps


def _incentive(steps: _Steps) -> IncentiveResult:
    assert steps.run.certificate is not None  # set by a full _decide
    return holding.incentive(steps.run.certificate, steps.profile.incentive(steps.run))


def evaluate(scenario: Scenario, *, compare_readings: bool = True) -> Evaluation:
    """The full, explained answer for ``scenario`` on ``scenario.as_of``. Deterministic: the same scenario
    gives the same evaluation.

    The readings selected in ``scenario.readings`` are applied (``provinces/readings.py``); with
    ``compare_readings`` the answer also reports, for each source conflict that mattered, the reading used and
    the answer under the other readings where it differs."""
    province = get_province(scenario.province)
    partner_profile = get_partner(scenario.province, scenario.partner, scenario.as_of)
    steps = _decide(partner_profile, scenario)
    profile, scenario, run = steps.profile, steps.scenario, steps.run
    training, deadlines = steps.training, steps.deadlines
    assert training is not None and deadlines is not None  # noqa: PT018 - a full _decide
    audit = profile.score_audit(scenario.audit, run) if scenario.audit is not None else None
    path, next_step = profile.path(run, steps.eligibility, training, list(deadlines))
    # the incentive after the audit and the path, as always: the warnings are listed in the order raised
    steps.incentive = _incentive(steps)
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
        eligibility=steps.eligibility,
        training=training,
        path=path,
        next_step=next_step,
        deadlines=deadlines,
        audit=audit,
        incentive=steps.incentive,
        warnings=tuple(run.warnings),
        facts=facts.facts(profile, run, steps.eligibility),
        certificate=run.certificate,
    )
    if compare_readings:
        evaluation = evolve(evaluation, readings=reading_results(partner_profile, scenario, steps))
    return evaluation


def _alternative(partner_profile: PartnerProfile, scenario: Scenario, area: str, base: _Steps) -> _Steps:
    """The answer under another reading, only as far as :func:`_answer` looks for a conflict of ``area``: the
    eligibility alone for an eligibility conflict; the deadlines (and the training) for a training or deadline
    conflict; for an incentive conflict, the incentive alone, on the steps of ``base`` (the answer under the
    readings in use), because an incentive reading rewrites only the incentive's rules. Never the audit score,
    path or facts, which no conflict is compared on. The same values a full :func:`evaluate` gives for those
    parts (tests/provinces/test_reading_comparisons.py checks every reading of every scenario)."""
    if area == "incentive":
        profile = readings.apply(partner_profile, scenario.as_of, scenario.readings)
        run = Run(evolve(base.scenario, readings=scenario.readings), profile)
        run.certificate = base.run.certificate
        steps = _Steps(profile, run.scenario, run, base.eligibility, base.training, base.deadlines)
        steps.incentive = _incentive(steps)
        return steps
    return _decide(partner_profile, scenario, eligibility_only=area == "eligibility")


def _answer(conflict: readings.Conflict, steps: _Steps) -> tuple[object, str]:
    """The part of the answer that ``conflict`` can change: a key to compare between readings (the decision,
    not its wording) and the sentence to show."""
    if conflict.area == "eligibility":
        return steps.eligibility.status, steps.eligibility.verdict
    if conflict.area == "incentive":
        incentive = steps.incentive
        assert incentive is not None  # set for an incentive conflict
        return (incentive.available, incentive.amount), incentive.verdict
    training, deadlines = steps.training, steps.deadlines
    assert training is not None and deadlines is not None  # noqa: PT018 - a full _decide
    if conflict.area == "training":
        refresher = [d for d in deadlines if d.kind == "training_refresher"]
        text = " ".join([training.verdict, *(f"{d.title} by {d.due.isoformat()}." for d in refresher)])
        return (training.satisfied, tuple((d.due, d.met) for d in refresher)), text
    shown = [d for d in deadlines if d.kind in conflict.kinds]
    text = "; ".join(f"{d.title.split(' (')[0]}: {d.due.isoformat()}" for d in shown)
    return tuple((d.kind, d.due, d.met) for d in shown), (text + "." if shown else "No dated deadline yet.")


def reading_results(profile: PartnerProfile, scenario: Scenario, steps: _Steps) -> tuple[ReadingResult, ...]:
    """For each source conflict that mattered to this answer (its warning was raised) or that the scenario
    chose a reading for: the reading used, and the answer under each other reading where it differs."""
    raised = {w.code for w in steps.run.warnings}
    out: list[ReadingResult] = []
    for conflict in readings.available(profile, scenario.as_of):
        selected = scenario.readings.get(conflict.code)
        if selected is None and not conflict.raised_by() & raised:
            continue
        default = conflict.default(profile, scenario.as_of)
        used = conflict.reading(selected or default)
        key, answer = _answer(conflict, steps)
        others: list[OtherReading] = []
        for other in conflict.readings:
            if other.code == used.code:
                continue
            alternative = _alternative(
                profile,
                evolve(scenario, readings={**scenario.readings, conflict.code: other.code}),
                conflict.area,
                steps,
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
