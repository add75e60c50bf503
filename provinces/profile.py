"""Certifying-partner profiles: the rule values of one partner (dated and sourced) and the hooks that apply
them.

``PartnerProfile`` answers the engine's questions; each question's algorithm lives in its own module and the
profile's method delegates to it, so a province overrides only what differs:

- ``eligibility``  → ``provinces/eligibility.py`` (who counts, how, the limit, prerequisites);
- ``training``     → ``provinces/training.py`` (training requirements held by current people);
- ``deadlines``    → ``provinces/deadlines.py`` (history, windows, maintenance schedule, training deadlines);
- ``score_audit``  → ``provinces/scoring.py`` (element and overall percentages against the pass marks);
- ``path``         → ``provinces/path.py`` (the ordered certification steps and the next step);
- ``incentive``    → ``provinces/incentive.py`` (shared helpers; each province implements the hook).

The value types (``Threshold``, ``TrainingRequirement``, …) are in ``provinces/rule_types.py`` and the
evaluation in progress (``Run``, ``met``) in ``provinces/run.py``; both are re-exported here.

Each province module subclasses ``PartnerProfile`` and overrides the named hooks where the province differs,
like python-holidays' ``_populate_subdiv_<code>_…`` hooks:

- ``path_facts(run, ...)``: which steps of the province's certification path are done;
- ``province_deadlines(run, ...)``: deadlines only that province has (SK milestones, BC notice of audit…);
- ``incentive(run)``: the province's WCB incentive.

Rule values live in ``params``: a mapping of stable code → ``Param`` (dated ``Value`` versions with a
reference). The standard codes are listed in ``PARAM_CODES``; ``tests/provinces/test_registry.py`` checks
every profile has them and that every version has a source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from provinces import deadlines as _deadlines
from provinces import eligibility as _eligibility
from provinces import incentive as _incentive
from provinces import path as _path
from provinces import scoring as _scoring
from provinces import training as _training
from provinces.base import (
    AuditResult,
    AuditScores,
    Check,
    Course,
    Deadline,
    EligibilityResult,
    IncentiveResult,
    Param,
    PathStep,
    Person,
    PersonCategory,
    RuleCitation,
    Scenario,
    TrainingRecord,
    TrainingResult,
    Value,
)
from provinces.eligibility import peak_headcount
from provinces.incentive import money
from provinces.rule_types import (
    FTE_HOURS_PER_YEAR,
    FULL_TIME_HOURS,
    NON_EMPLOYEES,
    PARAM_CODES,
    AuditorObligation,
    AuditWindows,
    FactSpec,
    FollowUp,
    Milestones,
    PassMark,
    Prerequisite,
    ProgramException,
    RefresherRule,
    StepSpec,
    Threshold,
    TrainingRequirement,
    v,
)
from provinces.run import CENT, Run, display_percent, met, percent

__all__ = [
    "CENT",
    "FTE_HOURS_PER_YEAR",
    "FULL_TIME_HOURS",
    "NON_EMPLOYEES",
    "PARAM_CODES",
    "AuditWindows",
    "AuditorObligation",
    "FactSpec",
    "FollowUp",
    "Milestones",
    "PartnerProfile",
    "PassMark",
    "Prerequisite",
    "ProgramException",
    "Province",
    "RefresherRule",
    "Run",
    "StepSpec",
    "Threshold",
    "TrainingRequirement",
    "display_percent",
    "met",
    "money",
    "peak_headcount",
    "percent",
    "references",
    "v",
]


@dataclass(frozen=True, eq=False)
class PartnerProfile:
    """A certifying partner's SECOR program in one province."""

    code: str
    name: str
    province: str
    industries: tuple[str, ...]
    programs: tuple[str, ...]
    website: str
    courses: Mapping[str, Course]
    audit_elements: tuple[str, ...]
    audit_elements_reference: str
    params: Mapping[str, Param[Any]]
    steps: tuple[StepSpec, ...]
    notes: tuple[str, ...] = ()

    # ---- values -------------------------------------------------------------------------------------------

    def param(self, code: str) -> Param[Any]:
        try:
            return self.params[code]
        except KeyError:
            raise KeyError(f"{self.province}/{self.code} has no rule value {code!r}") from None

    def value(self, code: str, on: date | None = None) -> Any:
        """The plain value of rule ``code`` in force on ``on`` (latest when None)."""
        return self.param(code).at(on).value

    def rules(self, on: date | None = None) -> tuple[RuleCitation, ...]:
        """Every rule value in force on ``on``, with its source."""
        return tuple(self.params[c].citation(on) for c in sorted(self.params))

    def course_name(self, code: str) -> str:
        return _training.course_name(self, code)

    # ---- eligibility (provinces/eligibility.py) -----------------------------------------------------------

    def counts(self, person: Person, categories: frozenset[PersonCategory]) -> tuple[bool, str]:
        """Whether ``person`` counts toward the limit, and why not."""
        return _eligibility.counts(self, person, categories)

    def eligibility(self, run: Run) -> EligibilityResult:
        return _eligibility.eligibility(self, run)

    def prerequisites(self, run: Run) -> tuple[Check, ...]:
        return _eligibility.prerequisites(self, run)

    # ---- training (provinces/training.py) -----------------------------------------------------------------

    def holder_ok(self, person: Person, req: TrainingRequirement, scenario: Scenario) -> tuple[bool, str]:
        """Whether ``person`` may hold requirement ``req`` (ignoring the course itself)."""
        return _training.holder_ok(self, person, req, scenario)

    def record_expiry(self, record: TrainingRecord) -> date | None:
        return _training.record_expiry(self, record)

    def follow_up_failed(
        self, run: Run, record: TrainingRecord, follow_ups: Iterable[FollowUp]
    ) -> FollowUp | None:
        """The follow-up whose missed deadline voids ``record``, if any."""
        return _training.follow_up_failed(self, run, record, follow_ups)

    def training(self, run: Run) -> TrainingResult:
        return _training.training(self, run)

    # ---- deadlines (provinces/deadlines.py) ---------------------------------------------------------------

    def maintenance_due(
        self, certified_on: date, year: int, expires_on: date, on: date | None
    ) -> tuple[date, date | None, Value[Any]]:
        return _deadlines.maintenance_due(self, certified_on, year, expires_on, on)

    def expiry(
        self, certified_on: date, expires_on: date | None, on: date | None, scenario: Scenario | None = None
    ) -> date:
        """The certificate's expiry (the partner's validity, ESC's one-year SECOR, or a granted exception)."""
        return _deadlines.expiry(self, certified_on, expires_on, on, scenario)

    def maintenance_schedule(
        self,
        certified_on: date,
        expires_on: date | None = None,
        run: Run | None = None,
        scenario: Scenario | None = None,
    ) -> list[Deadline]:
        return _deadlines.maintenance_schedule(self, certified_on, expires_on, run, scenario)

    def next_audit_due(self, run: Run) -> date | None:
        return _deadlines.next_audit_due(self, run)

    def earliest_audit_start(self, notice_sent_on: date, on: date | None = None) -> date | None:
        return _deadlines.earliest_audit_start(self, notice_sent_on, on)

    def deadlines(self, run: Run, eligibility: EligibilityResult, training: TrainingResult) -> list[Deadline]:
        return _deadlines.deadlines(self, run, eligibility, training)

    def training_deadlines(self, run: Run, training: TrainingResult) -> list[Deadline]:
        return _deadlines.training_deadlines(self, run, training)

    def province_deadlines(
        self, run: Run, eligibility: EligibilityResult, training: TrainingResult
    ) -> list[Deadline]:
        """Hook: deadlines only this province has."""
        return []

    # ---- audit scoring (provinces/scoring.py) -------------------------------------------------------------

    def score_audit(self, audit: AuditScores, run: Run) -> AuditResult:
        return _scoring.score_audit(self, audit, run)

    # ---- path (provinces/path.py) -------------------------------------------------------------------------

    def path_facts(
        self,
        run: Run,
        eligibility: EligibilityResult,
        training: TrainingResult,
        deadlines: list[Deadline],
    ) -> dict[str, tuple[bool, str]]:
        """Hook: for each step code, (done, detail). Provinces override."""
        return {}

    def path(
        self,
        run: Run,
        eligibility: EligibilityResult,
        training: TrainingResult,
        deadlines: list[Deadline],
    ) -> tuple[tuple[PathStep, ...], str]:
        return _path.path(self, run, eligibility, training, deadlines)

    # ---- incentive (provinces/incentive.py) ---------------------------------------------------------------

    def incentive(self, run: Run) -> IncentiveResult:  # pragma: no cover - every province overrides
        return _incentive.incentive(self, run)


@dataclass(frozen=True, eq=False)
class Province:
    """A province: its WCB board and certifying partners. Each province module defines ``PROVINCE``."""

    code: str
    name: str
    wcb_board: str
    partners: Mapping[str, PartnerProfile]
    references: tuple[str, ...]

    def partner(self, code: str) -> PartnerProfile:
        from provinces.base import UnknownPartnerError

        found = self.partners.get(code.upper())
        if found is None:
            known = ", ".join(sorted(self.partners))
            raise UnknownPartnerError(
                f"unknown certifying partner {code!r} for {self.code} (known: {known})", field="partner"
            )
        return found


def references(doc: str | None) -> tuple[str, ...]:
    """The lines of a module docstring's ``References:`` section."""
    if not doc or "References:" not in doc:
        return ()
    section = doc.split("References:", 1)[1]
    return tuple(line.strip() for line in section.strip().splitlines() if line.strip())
