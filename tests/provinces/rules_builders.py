"""Small builders for rule-engine tests (plain Python, no Django)."""

from __future__ import annotations

from datetime import date
from typing import Any

from provinces import evaluate
from provinces.base import (
    AuditScores,
    Deadline,
    ElementScore,
    Evaluation,
    KeyDates,
    MonthlyHeadcount,
    Person,
    PersonCategory,
    Scenario,
    TrainingRecord,
)

AS_OF = date(2026, 11, 22)
START = date(2010, 1, 1)


def d(text: str) -> date:
    return date.fromisoformat(text)


def workers(
    n: int,
    category: str = "full_time_permanent",
    prefix: str = "w",
    start: date | None = START,
    end: date | None = None,
    **kw: Any,
) -> tuple[Person, ...]:
    return tuple(
        Person(f"{prefix}{i}", f"{prefix.upper()}{i}", PersonCategory(category), start, end, **kw)
        for i in range(n)
    )


def person(pid: str, category: str = "full_time_permanent", start: date | None = START, **kw: Any) -> Person:
    roles = frozenset(kw.pop("roles", ()))
    return Person(pid, kw.pop("name", pid.capitalize()), PersonCategory(category), start, roles=roles, **kw)


def rec(person_id: str, course: str, completed: str, expires: str | None = None) -> TrainingRecord:
    return TrainingRecord(person_id, course, d(completed), d(expires) if expires else None)


def snaps(counts: list[int], first: str) -> tuple[MonthlyHeadcount, ...]:
    from provinces.dates import add_months

    start = d(first)
    return tuple(MonthlyHeadcount(add_months(start, i), c) for i, c in enumerate(counts))


def audit(kind: str, *scores: tuple[float, float], qa: float | None = None) -> AuditScores:
    return AuditScores(kind, tuple(ElementScore(f"E{i + 1}", a, b) for i, (a, b) in enumerate(scores)), qa)


def scen(province: str, partner: str, as_of: date = AS_OF, **kw: Any) -> Scenario:
    if "key_dates" in kw and isinstance(kw["key_dates"], dict):
        kw["key_dates"] = KeyDates(
            **{k: d(v) if isinstance(v, str) else v for k, v in kw["key_dates"].items()}
        )
    return Scenario(province=province, partner=partner, as_of=as_of, **kw)


def find(evaluation: Evaluation, kind: str, nth: int = 0, person_id: str | None = None) -> Deadline:
    found = [
        x for x in evaluation.deadlines if x.kind == kind and (person_id is None or x.person_id == person_id)
    ]
    if len(found) <= nth:
        raise AssertionError(f"no deadline {kind!r} #{nth}: {[x.kind for x in evaluation.deadlines]}")
    return found[nth]


def warning_codes(evaluation: Evaluation) -> set[str]:
    return {w.code for w in evaluation.warnings}


def run(s: Scenario) -> Evaluation:
    return evaluate(s)
