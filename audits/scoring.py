"""Question and element scoring (our part) and the pass/fail verdict (the rules engine's part).

Scoring rules of a question (as AuditSoft and the AFPA small-employer protocol describe them):

- ``all_or_nothing``: the score is 0 or the question's full points;
- ``range``: any score from 0 to the points, in steps of 0.5;
- ``interview_percentage``: points × positive ÷ asked, rounded to 2 decimals (e.g. 8 of 10 positive on a
  3-point question scores 2.40). At least ``minimum_interviews`` interviews are needed.

An element's points available are the sum of all its questions' points; unanswered questions score 0 (so the
live score is what the audit would get if submitted now). The percentages and the pass/fail verdict come from
``provinces.score_audit`` with the partner's pass marks in force on the scoring date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from audits import rules
from audits.models import ScoringRule

HALF = Decimal("0.5")
CENT = Decimal("0.01")


def compute_score(
    question, score: Decimal | None, interviews_positive: int | None, interviews_total: int | None
) -> Decimal | None:
    """The score to store for an answer; raises ``ValidationError`` with field messages on bad input."""
    points = question.points
    if question.scoring_rule == ScoringRule.INTERVIEW_PERCENTAGE:
        if interviews_total is None and interviews_positive is None:
            if score is not None:
                raise ValidationError(
                    {"interviews_total": "Scored from interviews: give the number asked and positive."}
                )
            return None
        errors = {}
        if interviews_total is None or interviews_total == 0:
            errors["interviews_total"] = "Give how many people were interviewed."
        elif question.minimum_interviews and interviews_total < question.minimum_interviews:
            errors["interviews_total"] = (
                f"Interview at least {question.minimum_interviews} people for this question."
            )
        if interviews_positive is None:
            errors["interviews_positive"] = "Give how many answers were positive."
        elif interviews_total is not None and interviews_positive > interviews_total:
            errors["interviews_positive"] = "Positive answers cannot exceed the number interviewed."
        if errors:
            raise ValidationError(errors)
        return (points * interviews_positive / interviews_total).quantize(CENT, rounding=ROUND_HALF_UP)
    if score is None:
        return None
    if score < 0 or score > points:
        raise ValidationError({"score": f"The score must be between 0 and {points.normalize()}."})
    if question.scoring_rule == ScoringRule.ALL_OR_NOTHING and score not in (0, points):
        raise ValidationError({"score": f"All or nothing: score 0 or {points.normalize()}."})
    if question.scoring_rule == ScoringRule.RANGE and (score / HALF) != (score / HALF).to_integral_value():
        raise ValidationError({"score": "Use steps of 0.5."})
    return score


@dataclass
class ElementTally:
    number: int
    name: str
    awarded: Decimal = Decimal(0)
    available: Decimal = Decimal(0)
    answered: int = 0
    questions: int = 0
    percent: Decimal | None = None
    passed: bool | None = None


@dataclass
class LiveScore:
    elements: list[ElementTally]
    result: object  # provinces.AuditResult
    as_of: date
    answered: int = 0
    questions: int = 0
    pass_mark_text: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def overall_percent(self):
        return self.result.overall_percent

    @property
    def passed(self):
        return self.result.passed


def tally(instrument, answers_by_question: dict[int, Decimal | None]) -> list[ElementTally]:
    """Points per element from ``{question_id: score}`` (prefetched instrument elements and questions)."""
    out = []
    for element in instrument.elements.all():
        t = ElementTally(element.number, element.name)
        for q in element.questions.all():
            t.questions += 1
            t.available += q.points
            score = answers_by_question.get(q.pk)
            if score is not None:
                t.answered += 1
                t.awarded += score
        out.append(t)
    return out


def score_tallies(partner, kind: str, tallies: list[ElementTally], as_of: date, qa_score=None) -> LiveScore:
    result = rules.score(
        partner, kind, [(t.name, t.awarded, t.available) for t in tallies], as_of, qa_score=qa_score
    )
    by_name = {e.name: e for e in result.elements}
    for t in tallies:
        e = by_name.get(t.name)
        if e is not None:
            t.percent, t.passed = e.percent, e.passed
    pm = rules.pass_mark(partner, kind, as_of)
    return LiveScore(
        elements=tallies,
        result=result,
        as_of=as_of,
        answered=sum(t.answered for t in tallies),
        questions=sum(t.questions for t in tallies),
        pass_mark_text=pm.value.overall_text or pm.text,
        reasons=list(result.reasons),
    )
