"""Evaluate a scenario: eligibility, training, deadlines, audit score, path and incentive, with warnings.

1. Look up the partner profile (``registry.get_partner``).
2. Eligibility → training → deadlines (which need both) → audit score → path (which needs all of them) →
   incentive. Each step is a hook on the profile, so a province overrides only what differs.
3. Warnings raised by any rule value used are collected once each, in the order they were first raised.
"""

from __future__ import annotations

from datetime import date

from provinces import dates
from provinces.base import (
    AuditResult,
    AuditScores,
    Deadline,
    Evaluation,
    Scenario,
    ScenarioError,
)
from provinces.profile import Run
from provinces.registry import get_partner, get_province


def evaluate(scenario: Scenario) -> Evaluation:
    """The full, explained answer for ``scenario`` on ``scenario.as_of``. Deterministic: the same scenario
    gives
    the same evaluation."""
    province = get_province(scenario.province)
    profile = get_partner(scenario.province, scenario.partner, scenario.as_of)
    run = Run(scenario, profile)
    eligibility = profile.eligibility(run)
    training = profile.training(run)
    deadlines = sorted(
        profile.deadlines(run, eligibility, training), key=lambda d: (d.due, d.kind, d.person_id or "")
    )
    audit = profile.score_audit(scenario.audit, run) if scenario.audit is not None else None
    path, next_step = profile.path(run, eligibility, training, deadlines)
    incentive = profile.incentive(run)
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
    return Evaluation(
        scenario=summary,
        eligibility=eligibility,
        training=training,
        path=path,
        next_step=next_step,
        deadlines=tuple(deadlines),
        audit=audit,
        incentive=incentive,
        warnings=tuple(run.warnings),
    )


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
