"""SECOR rules engine: provinces, certifying partners, and their dated, sourced rules. Pure Python, no Django.

    from provinces import evaluate, scenario_from_dict
    evaluation = evaluate(scenario_from_dict(json.load(f)))
    evaluation.to_dict()

See docs/rules.md for the scenario and output formats and docs/rule-choices.md for the choices made where
sources conflict.
"""

from __future__ import annotations

from provinces.base import (
    AuditResult,
    AuditScores,
    Deadline,
    ElementScore,
    Evaluation,
    KeyDates,
    MonthlyHeadcount,
    Person,
    PersonCategory,
    RuleCitation,
    Scenario,
    ScenarioError,
    TrainingRecord,
    UnknownPartnerError,
    UnknownProvinceError,
)
from provinces.engine import earliest_audit_start, evaluate, maintenance_schedule, score_audit
from provinces.parsing import scenario_from_dict
from provinces.profile import PartnerProfile, Province
from provinces.registry import get_partner, get_province, provinces

__all__ = [
    "AuditResult",
    "AuditScores",
    "Deadline",
    "ElementScore",
    "Evaluation",
    "KeyDates",
    "MonthlyHeadcount",
    "PartnerProfile",
    "Person",
    "PersonCategory",
    "Province",
    "RuleCitation",
    "Scenario",
    "ScenarioError",
    "TrainingRecord",
    "UnknownPartnerError",
    "UnknownProvinceError",
    "earliest_audit_start",
    "evaluate",
    "get_partner",
    "get_province",
    "maintenance_schedule",
    "provinces",
    "scenario_from_dict",
    "score_audit",
]
