"""The employer lists (consultant portfolio, reviewer's and staff's employer lists): one row per employer,
read from the stored status (:mod:`secor.status`), sorted, filtered, searched and paginated in SQL.

Queries: a constant number per page, whatever the number of employers (``tests/web/test_portfolio.py``
checks 10, 1,000 and 10,000). Nothing is evaluated here. The counts by mark (and how many rows are stale)
are one aggregate, cached per user, filters, day and status generation (any status write, or a change of
who sees which employer, starts a new generation), so a page that is read again costs no scan. Employers
without a row yet get a placeholder marked as being updated, so no one is left out.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from secor import tenancy
from secor.core.prepared import PreparedQuery, instances
from secor.employers.models import Employer
from secor.status.compute import rules_version
from secor.status.models import EmployerStatus

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
    "program",
)
PAGE_SIZE = 50
# Up to this many stale rows are recomputed before the page is read; more wait for the worker or the daily
# job (and are marked as being updated meanwhile).
INLINE_REFRESH = 20
COUNTS_SECONDS = 300  # a bound for caches not shared between processes (no Redis): the generation rules

SORT_FIELDS: dict[str, tuple[str, bool | None]] = {
    # key: (field, nulls_last for ascending (None: never null))
    "name": ("sort_name", None),
    "province": ("province", None),
    "partner": ("partner_code", None),
    "status": ("status_label", None),
    "next_deadline": ("next_deadline_due", True),
    # Overdue clients first: attention_on is the earliest overdue due date, else the next deadline.
    "days_left": ("attention_on", True),
    "readiness": ("readiness", False),
    "risk": ("risk_order", None),
    "rag": ("rag_order", None),
    "program": ("program_overdue", None),
}
LIST_FIELDS = (
    "version",
    "employer_id",
    "name",
    "sort_name",
    "province",
    "partner_code",
    "status_label",
    "rag",
    "rag_order",
    "reasons",
    "next_deadline_due",
    "next_deadline_title",
    "overdue_count",
    "program_overdue",
    "attention_on",
    "readiness",
    "risk",
    "risk_order",
    "risk_text",
    "certificate_label",
    "as_of",
    "valid_until",
    "rules_version",
    "dirty_since",
)


@dataclass
class PortfolioRow:
    status: EmployerStatus
    as_of: date

    @property
    def employer_id(self) -> int:
        return self.status.employer_id

    @property
    def name(self) -> str:
        return self.status.name

    @property
    def stale(self) -> bool:
        return not self.status.is_current(self.as_of, rules_version())

    @property
    def rag(self) -> str:
        return self.status.rag

    @property
    def reasons(self) -> list[str]:
        return list(self.status.reasons or [])

    @property
    def province(self) -> str:
        return self.status.province

    @property
    def partner_code(self) -> str:
        return self.status.partner_code

    @property
    def status_label(self) -> str:
        return self.status.status_label

    @property
    def next_deadline_due(self) -> date | None:
        return self.status.next_deadline_due

    @property
    def next_deadline_title(self) -> str:
        return self.status.next_deadline_title

    @property
    def days_left(self) -> int | None:
        due = self.status.next_deadline_due
        return None if due is None else (due - self.as_of).days

    @property
    def overdue(self) -> int:
        return self.status.overdue_count

    @property
    def program_overdue(self) -> int:
        return self.status.program_overdue

    @property
    def readiness(self) -> int | None:
        return self.status.readiness

    @property
    def risk(self) -> str:
        return self.status.risk

    @property
    def risk_text(self) -> str:
        return self.status.risk_text

    @property
    def certificate_label(self) -> str:
        return self.status.certificate_label


def _not_current(today: date) -> Q:
    return (
        Q(dirty_since__isnull=False)
        | ~Q(rules_version=rules_version())
        | Q(as_of__gt=today)
        | Q(valid_until__lte=today)
    )


def visible_statuses(user, *, probe: bool = False) -> QuerySet[EmployerStatus]:
    # The rules on the row's own employer column: the sorts walk their index (tenancy.scope's notes).
    return tenancy.scope(EmployerStatus.objects.all(), user, direct=True, probe=probe)


def add_missing_rows(user, today: date) -> int:
    """Employers the user sees that have no status row yet (created in bulk, or just now): compute a few
    at once, give the others a placeholder marked stale and ask the worker. Returns how many were missing."""
    from secor.status.services import bump_generation, recompute, schedule_recompute

    missing = tenancy.scope(Employer.objects.filter(stored_status__isnull=True), user)
    ids = list(missing.values_list("pk", flat=True)[:5000])
    if not ids:
        return 0
    if len(ids) <= INLINE_REFRESH:
        recompute(ids, today=today)
        return len(ids)
    now = timezone.now()
    rows = [
        EmployerStatus(
            employer_id=pk,
            name=(operating or legal)[:200],
            sort_name=(operating or legal).lower()[:200],
            province=province or "",
            reasons=["Being worked out: check back in a moment."],
            as_of=today,
            rules_version="",
            computed_at=now,
            dirty_since=now,
        )
        for pk, legal, operating, province in Employer.objects.filter(pk__in=ids).values_list(
            "pk", "legal_name", "operating_name", "province"
        )
    ]
    EmployerStatus.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    bump_generation()
    schedule_recompute(ids)
    return len(ids)


def filtered(
    user,
    *,
    province: str = "",
    partner: str = "",
    rag: str = "",
    q: str = "",
    sort: str = "rag",
    probe: bool = False,
) -> tuple[QuerySet[EmployerStatus], QuerySet[EmployerStatus]]:
    """(rows with every filter, rows with every filter but the mark: for the counts by mark), sorted.
    ``probe``: tenancy tested row by row (:func:`secor.tenancy.scope`), for a page of a list that shows
    most of the table."""
    qs = visible_statuses(user, probe=probe).only(*LIST_FIELDS)
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(employer__legal_name__icontains=q)
            | Q(employer__operating_name__icontains=q)
        )
    if province:
        qs = qs.filter(province=province)
    if partner:
        qs = qs.filter(partner_code=partner)
    all_marks = qs
    if rag:
        qs = qs.filter(rag=rag)
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
    ties = ("sort_name", "employer_id")
    return qs.order_by(order, *ties), all_marks


def counts_by_mark(qs: QuerySet[EmployerStatus], today: date) -> dict[str, int]:
    """How many rows carry each mark, and how many do not answer for today (one query)."""
    agg = qs.order_by().aggregate(
        red=Count("pk", filter=Q(rag="red")),
        amber=Count("pk", filter=Q(rag="amber")),
        green=Count("pk", filter=Q(rag="green")),
        grey=Count("pk", filter=Q(rag="grey")),
        stale=Count("pk", filter=_not_current(today)),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def cached_counts(
    user,
    qs: QuerySet[EmployerStatus] | Callable[[], QuerySet[EmployerStatus]],
    today: date,
    filters: dict[str, str],
) -> dict[str, int]:
    """The counts by mark, from the cache when nothing changed since they were counted. Counting afresh is
    also when the rows that do not answer for today are dealt with: employers without a row
    (:func:`add_missing_rows`); up to :data:`INLINE_REFRESH` stale rows recomputed before the page is read;
    more handed to the worker (once per generation, not per request) and marked "being updated"."""
    from secor.status.services import GENERATION_KEY, generation, recompute, schedule_recompute

    wanted = "\n".join(f"{k}={filters.get(k, '')}" for k in ("province", "partner", "q"))
    digest = hashlib.sha256(wanted.encode()).hexdigest()[:16]  # search text may hold any character
    # 3: kept with the generation they were counted at, read with the current one in one round trip
    key = "status:counts:3:" + ":".join([str(user.pk), today.isoformat(), rules_version(), digest])
    found = cache.get_many([GENERATION_KEY, key])
    kept = found.get(key)
    if kept is not None and kept[0] == int(found.get(GENERATION_KEY) or 0):
        return kept[1]
    if callable(qs):  # built only when the counts are taken afresh
        qs = qs()
    add_missing_rows(user, today)
    counted_at = generation()  # before counting: a change while counting makes these counts out of date
    counts = counts_by_mark(qs, today)
    counts["all_rows"] = EmployerStatus.objects.count()  # how much of the table the list is (page_statuses)
    if counts["stale"]:
        stale = qs.filter(_not_current(today)).values_list("employer_id", flat=True)
        if counts["stale"] <= INLINE_REFRESH:
            recompute(list(stale), today=today)
            counted_at = generation()
            counts = {**counts, **counts_by_mark(qs, today)}
        else:
            schedule_recompute(list(stale[:5000]))
    cache.set(key, (counted_at, counts), COUNTS_SECONDS)
    return counts


def portfolio_page(
    user,
    *,
    page: int | str = 1,
    as_of: date | None = None,
    per_page: int = PAGE_SIZE,
    **filters: str,
) -> dict[str, Any]:
    """One page of the list: rows, page object, counts by mark, total and how many rows are being updated."""
    today = as_of or timezone.localdate()
    counts = cached_counts(user, lambda: filtered(user, **filters)[1], today, filters)
    if filters.get("rag"):
        total = counts.get(filters["rag"], 0)
    else:
        total = sum(counts[k] for k in ("red", "amber", "green", "grey"))
    paginator = Paginator(_Unread(), per_page)
    paginator.count = total  # known from the counts: no separate COUNT query
    page_obj: Page = paginator.get_page(page)
    bottom = (page_obj.number - 1) * per_page
    # A list that is most of the table finds its page in a few rows: test those rows one by one.
    all_rows = counts.get("all_rows")
    probe = all_rows is not None and total >= PROBE_FROM and total * 4 >= all_rows
    page_obj.object_list = page_statuses(user, filters, bottom, bottom + per_page, probe=probe)
    rows = [PortfolioRow(s, today) for s in page_obj.object_list]
    return {"rows": rows, "page": page_obj, "counts": counts, "total": total, "updating": counts["stale"]}


class _Unread:
    """The paginator's object list: the page's rows come from :func:`page_statuses`."""

    def __getitem__(self, index: slice) -> list[Any]:
        return []


PROBE_FROM = 500  # rows: below, either plan is quick


def _page_query(context: tuple[Any, dict[str, str], int, int, bool]) -> QuerySet:
    user, filters, bottom, top, probe = context
    qs, _ = filtered(user, probe=probe, **filters)
    return qs.values_list(*_list_attnames())[bottom:top]


# One page of a list. The shape holds the user's tenancy shape, the filters and the slice, so the SQL is
# compiled once per list view (search text is not kept: a search runs through the ORM each time).
_PAGE = PreparedQuery(_page_query, nargs=0, maxsize=2048)


def page_statuses(
    user, filters: dict[str, str], bottom: int, top: int, *, probe: bool = False
) -> list[EmployerStatus]:
    """The status rows (:data:`LIST_FIELDS` only) from ``bottom`` to ``top`` of the filtered, sorted list."""
    if not user.is_active:
        return []
    if filters.get("q"):
        qs, _ = filtered(user, probe=probe, **filters)
        return list(qs[bottom:top])
    shape = (tenancy.user_shape(user), tuple(sorted(filters.items())), bottom, top, probe)
    rows = _PAGE.rows(shape, [], context=(user, filters, bottom, top, probe))
    return instances(EmployerStatus, _list_attnames(), rows, DEFAULT_DB_ALIAS)


@functools.cache
def _list_attnames() -> tuple[str, ...]:
    """:data:`LIST_FIELDS` in the model's field order (what ``Model.from_db`` expects)."""
    return tuple(f.attname for f in EmployerStatus._meta.concrete_fields if f.attname in LIST_FIELDS)


def portfolio_rows(
    user, *, as_of: date | None = None, chunk: int = 1000, **filters: str
) -> Iterator[PortfolioRow]:
    """Every row (no page), streamed in chunks: for the portfolio PDF."""
    today = as_of or timezone.localdate()
    qs, _ = filtered(user, **filters)
    for status in qs.iterator(chunk_size=chunk):
        yield PortfolioRow(status, today)
