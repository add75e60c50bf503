"""The employer lists (consultant portfolio, reviewer's and staff's employer lists): one row per employer,
read from the stored status (:mod:`secor.status`), sorted, filtered, searched and paginated in SQL.

Queries: a constant number per page, whatever the number of employers (``tests/web/test_portfolio.py``
checks 10, 1,000 and 10,000). Nothing is evaluated here; rows whose stored status does not answer for today
are marked as being updated (and a handful are brought up to date before the page is read).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from secor import tenancy
from secor.employers.models import Employer
from secor.status.compute import rules_version

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
PAGE_SIZE = 50
# Up to this many stale rows are recomputed before the page is read; more wait for the worker or the daily
# job (and are marked as being updated meanwhile).
INLINE_REFRESH = 20

S = "stored_status__"
SORT_FIELDS: dict[str, tuple[str, bool | None]] = {
    # key: (field, nulls_last for ascending (None: not nullable))
    "name": (f"{S}sort_name", None),
    "province": (f"{S}province", None),
    "partner": (f"{S}partner_code", None),
    "status": (f"{S}status_label", None),
    "next_deadline": (f"{S}next_deadline_due", True),
    # Overdue clients first: attention_on is the earliest overdue due date, else the next deadline.
    "days_left": (f"{S}attention_on", True),
    "readiness": (f"{S}readiness", False),
    "risk": (f"{S}risk_order", None),
    "rag": (f"{S}rag_order", None),
}


@dataclass
class PortfolioRow:
    employer: Employer
    status: Any  # EmployerStatus | None
    as_of: date

    @property
    def stale(self) -> bool:
        return self.status is None or not self.status.is_current(self.as_of, rules_version())

    @property
    def rag(self) -> str:
        return self.status.rag if self.status else "grey"

    @property
    def reasons(self) -> list[str]:
        if self.status is None:
            return ["Being worked out: check back in a moment."]
        return list(self.status.reasons or [])

    @property
    def province(self) -> str:
        return (self.status.province if self.status else "") or self.employer.province

    @property
    def partner_code(self) -> str:
        return self.status.partner_code if self.status else ""

    @property
    def status_label(self) -> str:
        return self.status.status_label if self.status else ""

    @property
    def next_deadline_due(self) -> date | None:
        return self.status.next_deadline_due if self.status else None

    @property
    def next_deadline_title(self) -> str:
        return self.status.next_deadline_title if self.status else ""

    @property
    def days_left(self) -> int | None:
        due = self.next_deadline_due
        return None if due is None else (due - self.as_of).days

    @property
    def overdue(self) -> int:
        return self.status.overdue_count if self.status else 0

    @property
    def readiness(self) -> int | None:
        return self.status.readiness if self.status else None

    @property
    def risk(self) -> str:
        return self.status.risk if self.status else "grey"

    @property
    def risk_text(self) -> str:
        return self.status.risk_text if self.status else ""

    @property
    def certificate_label(self) -> str:
        return self.status.certificate_label if self.status else ""


def _not_current(today: date) -> Q:
    return (
        Q(stored_status__isnull=True)
        | Q(stored_status__dirty_since__isnull=False)
        | ~Q(stored_status__rules_version=rules_version())
        | Q(stored_status__as_of__gt=today)
        | Q(stored_status__valid_until__lte=today)
    )


def visible_employers(user) -> QuerySet[Employer]:
    return tenancy.scope(Employer.objects.all(), user)


def refresh_stale(employers: QuerySet[Employer], today: date) -> int:
    """Bring a few stale rows up to date before the page reads them; ask the worker for the rest.
    Returns how many stale rows remain."""
    from secor.status.services import recompute, schedule_recompute

    stale = list(employers.filter(_not_current(today)).values_list("pk", flat=True)[: INLINE_REFRESH + 1])
    if not stale:
        return 0
    if len(stale) <= INLINE_REFRESH:
        recompute(stale, today=today)
        return 0
    schedule_recompute(list(employers.filter(_not_current(today)).values_list("pk", flat=True)[:5000]))
    return len(stale)


def filtered(
    user,
    *,
    province: str = "",
    partner: str = "",
    rag: str = "",
    q: str = "",
    sort: str = "rag",
) -> tuple[QuerySet[Employer], QuerySet[Employer]]:
    """(rows with every filter, rows with every filter but the mark: for the counts by mark), sorted."""
    qs = (
        visible_employers(user)
        .select_related("stored_status")
        .defer(f"{S}evaluation", f"{S}certificate", f"{S}eligibility_verdict")
    )
    if q:
        qs = qs.filter(Q(legal_name__icontains=q) | Q(operating_name__icontains=q))
    if province:
        qs = qs.filter(
            Q(stored_status__province=province)
            | (Q(stored_status__province="") | Q(stored_status__isnull=True)) & Q(province=province)
        )
    if partner:
        qs = qs.filter(stored_status__partner_code=partner)
    all_marks = qs
    if rag:
        qs = (
            qs.filter(stored_status__rag=rag)
            if rag != "grey"
            else qs.filter(Q(stored_status__rag="grey") | Q(stored_status__isnull=True))
        )
    key = sort.lstrip("-")
    if key not in SORT_FIELDS:
        key, sort = "rag", "rag"
    field, nulls_last = SORT_FIELDS[key]
    descending = sort.startswith("-")
    expr = F(field)
    if nulls_last is None:
        order = expr.desc() if descending else expr.asc()
    elif nulls_last:  # "no deadline" stays at the end both ways
        order = expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True)
    else:
        order = expr.desc(nulls_last=True) if descending else expr.asc(nulls_first=True)
    tie = F(f"{S}sort_name").asc(nulls_last=True)
    return qs.order_by(order, tie, "legal_name", "pk"), all_marks


def counts_by_mark(qs: QuerySet[Employer]) -> dict[str, int]:
    """How many rows carry each mark (one query)."""
    agg = qs.order_by().aggregate(
        red=Count("pk", filter=Q(stored_status__rag="red")),
        amber=Count("pk", filter=Q(stored_status__rag="amber")),
        green=Count("pk", filter=Q(stored_status__rag="green")),
        grey=Count("pk", filter=Q(stored_status__rag="grey") | Q(stored_status__isnull=True)),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def portfolio_page(
    user,
    *,
    page: int | str = 1,
    as_of: date | None = None,
    per_page: int = PAGE_SIZE,
    refresh: bool = True,
    **filters: str,
) -> dict[str, Any]:
    """One page of the list: rows, page object, counts by mark, total and how many rows are being updated."""
    today = as_of or timezone.localdate()
    updating = refresh_stale(visible_employers(user), today) if refresh else 0
    qs, all_marks = filtered(user, **filters)
    counts = counts_by_mark(all_marks)
    total = sum(counts.values()) if not filters.get("rag") else counts.get(filters["rag"], 0)
    paginator = Paginator(qs, per_page)
    paginator.count = total  # known from the counts: no separate COUNT query
    page_obj: Page = paginator.get_page(page)
    rows = [PortfolioRow(e, getattr(e, "stored_status", None), today) for e in page_obj.object_list]
    return {"rows": rows, "page": page_obj, "counts": counts, "total": total, "updating": updating}


def portfolio_rows(
    user, *, as_of: date | None = None, chunk: int = 1000, **filters: str
) -> Iterator[PortfolioRow]:
    """Every row (no page), streamed in chunks: for the portfolio PDF."""
    today = as_of or timezone.localdate()
    qs, _ = filtered(user, **filters)
    for employer in qs.iterator(chunk_size=chunk):
        yield PortfolioRow(employer, getattr(employer, "stored_status", None), today)
