"""Audit scoring: percent per element and overall, the pass marks in force for the audit kind, and the QA
score where the partner requires one."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from provinces.base import AuditResult, AuditScores, ElementResult
from provinces.rule_types import PassMark
from provinces.run import Run, display_percent, percent

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile


def score_audit(profile: PartnerProfile, audit: AuditScores, run: Run) -> AuditResult:
    """1. percent per element and overall (points awarded / points available); 2. compare with the pass
    marks in force for the audit kind; 3. the QA score where the partner requires one."""
    code = f"pass_mark.{audit.kind}"
    value = run.use(code)
    pm: PassMark = value.value
    elements: list[ElementResult] = []
    reasons: list[str] = []
    total_awarded = Decimal(0)
    total_available = Decimal(0)
    for e in audit.elements:
        if e.available <= 0:
            elements.append(ElementResult(e.name, e.awarded, e.available, None, None))
            continue
        p = percent(e.awarded, e.available)
        total_awarded += Decimal(str(e.awarded))
        total_available += Decimal(str(e.available))
        element_ok = None if pm.element_minimum is None else p >= pm.element_minimum
        if element_ok is False:
            reasons.append(
                f"{e.name}: {display_percent(p)}% is below the {pm.element_minimum}% element minimum"
            )
        elements.append(ElementResult(e.name, e.awarded, e.available, display_percent(p), element_ok))
    overall = total_awarded * 100 / total_available if total_available else None
    overall_ok = overall is not None and (pm.overall is None or overall >= pm.overall)
    if overall is not None and pm.overall is not None and not overall_ok:
        reasons.append(f"overall {display_percent(overall)}% is below the pass mark {pm.overall_text}")
    if overall is None:
        reasons.append("no scored elements")
    score_ok = overall_ok and all(e.passed is not False for e in elements)
    qa_passed: bool | None = None
    if pm.qa_minimum is not None:
        if audit.qa_score is None:
            reasons.append(f"quality-assurance score needed (at least {pm.qa_minimum}%)")
        else:
            qa_passed = Decimal(str(audit.qa_score)) >= pm.qa_minimum
            if not qa_passed:
                reasons.append(f"QA score {audit.qa_score}% is below {pm.qa_minimum}%")
    passed: bool | None
    if not pm.required:
        passed = True
        verdict = f"{audit.kind.capitalize()} audit: no pass mark applies; submitting it keeps the SECOR."
    elif not score_ok:
        passed = False
        verdict = f"{audit.kind.capitalize()} audit fails: " + "; ".join(reasons) + "."
    elif pm.qa_minimum is not None and qa_passed is None:
        passed = None
        verdict = (
            f"{audit.kind.capitalize()} audit score passes; the QA score decides (at least {pm.qa_minimum}%)."
        )
    elif qa_passed is False:
        passed = False
        verdict = f"{audit.kind.capitalize()} audit fails: " + "; ".join(reasons) + "."
    else:
        passed = True
        verdict = f"{audit.kind.capitalize()} audit passes ({pm.overall_text})."
    return AuditResult(
        kind=audit.kind,
        overall_percent=display_percent(overall) if overall is not None else None,
        passed=passed,
        verdict=verdict,
        elements=tuple(elements),
        overall_pass_mark=pm.overall,
        element_minimum=pm.element_minimum,
        pass_required=pm.required,
        qa_score=audit.qa_score,
        qa_passed=qa_passed,
        reasons=tuple(reasons),
        rules=(profile.param(code).citation(run.as_of),),
    )
