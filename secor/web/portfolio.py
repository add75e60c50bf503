"""The consultant portfolio: one row per client employer, computed from the rules engine.

Queries: a constant number, whatever the number of clients. The employers come with everything the engine
evaluation reads prefetched (:func:`secor.employers.evaluation.with_evaluation_data`), so neither the page nor
the per-row evaluation queries per row; ``tests/web/test_portfolio.py`` checks 3 vs 12 clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from provinces import base as rules
from secor import tenancy
from secor.employers.evaluation import current_enrolment, evaluate_employer, with_evaluation_data
from secor.employers.models import Employer, Enrolment
from secor.web.overview import (
    DEADLINE_SOON_DAYS,
    is_overdue,
    next_open_deadline,
    trained_person_risk,
)

SORT_KEYS = (
    "name",
    "province",
    "partner",
    "status",
    "next_deadline",
    "days_left",
    "readiness",
    "risk",
    "rag",
)
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "grey": 3}
MAX_ROWS = 500


@dataclass
class PortfolioRow:
    employer: Employer
    enrolment: Enrolment | None
    evaluation: rules.Evaluation | None
    status: str
    next_deadline: rules.Deadline | None
    days_left: int | None
    overdue: int
    readiness: int | None  # percent of path steps done
    risk: str  # red / amber / green / grey
    rag: str
    reasons: list[str]

    @property
    def province(self) -> str:
        return self.enrolment.partner.province if self.enrolment else self.employer.province

    @property
    def partner_code(self) -> str:
        return self.enrolment.partner.code if self.enrolment else ""

    def sort_value(self, key: str) -> Any:
        big = 10**9
        return {
            "name": self.employer.display_name.lower(),
            "province": self.province,
            "partner": self.partner_code,
            "status": self.status,
            "next_deadline": self.next_deadline.due if self.next_deadline else date.max,
            "days_left": self.days_left if self.days_left is not None else big,
            "readiness": self.readiness if self.readiness is not None else -1,
            "risk": RAG_ORDER[self.risk],
            "rag": RAG_ORDER[self.rag],
        }[key]


def portfolio_row(employer: Employer, enrolment: Enrolment | None, as_of: date) -> PortfolioRow:
    if enrolment is None:
        return PortfolioRow(
            employer,
            None,
            None,
            "Not enrolled",
            None,
            None,
            0,
            None,
            "grey",
            "grey",
            ["No certifying partner yet."],
        )
    audits = getattr(employer, "_eval_audits", [])  # prefetched by with_evaluation_data (audits.key_dates)
    evaluation = evaluate_employer(employer, as_of=as_of, enrolment=enrolment)
    nxt = next_open_deadline(evaluation, as_of)
    overdue = [d for d in evaluation.deadlines if is_overdue(d, as_of)]
    steps = evaluation.path
    readiness = (
        round(100 * sum(1 for s in steps if s.state == rules.StepState.DONE) / len(steps)) if steps else None
    )
    risk = trained_person_risk(evaluation)
    reasons: list[str] = []
    rag = "green"
    if overdue:
        rag = "red"
        reasons.append(f"{len(overdue)} overdue: {overdue[0].title}")
    if (
        not evaluation.eligibility.eligible
        and evaluation.eligibility.status != rules.EligibilityStatus.NO_DATA
    ):
        rag = "red"
        reasons.append(evaluation.eligibility.verdict)
    if enrolment.holds_certificate and enrolment.expires_on and enrolment.expires_on < as_of:
        rag = "red"
        reasons.append("Certificate expired.")
    if risk == "red":
        rag = "red"
        reasons.append(evaluation.training.verdict)
    if any(a.status == "corrections_requested" for a in audits):
        rag = "red"
        reasons.append("Audit sent back: the reviewer asked for corrections.")
    if rag == "green":
        if nxt and (nxt.due - as_of).days <= DEADLINE_SOON_DAYS:
            rag = "amber"
            reasons.append(f"{nxt.title} due in {(nxt.due - as_of).days} days.")
        if risk == "amber":
            rag = "amber"
            reasons.append("Only one person holds the required training.")
        if evaluation.eligibility.status == rules.EligibilityStatus.NO_DATA:
            rag = "amber"
            reasons.append("No people or headcounts recorded.")
    return PortfolioRow(
        employer=employer,
        enrolment=enrolment,
        evaluation=evaluation,
        status=enrolment.get_status_display(),
        next_deadline=nxt,
        days_left=(nxt.due - as_of).days if nxt else None,
        overdue=len(overdue),
        readiness=readiness,
        risk=risk,
        rag=rag,
        reasons=reasons,
    )


def portfolio_rows(
    user,
    *,
    as_of: date | None = None,
    province: str = "",
    partner: str = "",
    rag: str = "",
    q: str = "",
    sort: str = "rag",
) -> list[PortfolioRow]:
    """Every client employer the user may see, filtered and sorted. ``sort`` is a key of ``SORT_KEYS``,
    prefixed with ``-`` for descending."""
    as_of = as_of or timezone.localdate()
    # Everything the evaluation reads, enrolments included, comes prefetched: no query per client.
    employers = with_evaluation_data(tenancy.scope(Employer.objects.all(), user))
    if q:
        from django.db.models import Q

        employers = employers.filter(Q(legal_name__icontains=q) | Q(operating_name__icontains=q))
    rows = []
    for employer in employers.order_by("legal_name")[:MAX_ROWS]:
        enrolment = current_enrolment(employer)
        if province and (enrolment.partner.province if enrolment else employer.province) != province:
            continue
        if partner and (not enrolment or enrolment.partner.code != partner):
            continue
        row = portfolio_row(employer, enrolment, as_of)
        if rag and row.rag != rag:
            continue
        rows.append(row)
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key = "rag"
    rows.sort(
        key=lambda r: (r.sort_value(key), r.employer.display_name.lower()), reverse=sort.startswith("-")
    )
    return rows
