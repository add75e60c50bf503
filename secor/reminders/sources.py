"""Where deadlines come from.

The built-in source is the rules engine, through the one mapping of records to the engine
(:func:`secor.employers.evaluation.evaluate_employer`). Other apps contribute deadlines the engine cannot see
(for example the audits app: a BC Notice of Audit Activity sent, an audit in progress) by registering a
function::

    from secor.reminders.sources import register_deadline_source

    def audit_deadlines(employer, as_of):  # -> iterable of provinces.base.Deadline (or alike)
        ...

    register_deadline_source("audits", audit_deadlines)   # e.g. in AppConfig.ready()

The sweep evaluates employers a chunk at a time. It fetches each chunk's rows through
:func:`employers_for_sweep`: the evaluation data (:func:`secor.employers.evaluation.with_evaluation_data`)
plus whatever each source asks for with ``prefetch=`` (a function ``queryset -> queryset``, typically adding a
``Prefetch(..., to_attr=...)`` the source then reads), so a chunk costs the same number of queries whether it
holds 2 employers or 200.

Each source owns the deadlines it produced (``Deadline.origin``): when a source stops returning a deadline
it is marked resolved; when a source fails for an employer, that source's deadlines are left untouched.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

logger = logging.getLogger(__name__)

RULES = "rules"

DeadlineSource = Callable[[Any, date], Iterable[Any]]
Prefetcher = Callable[[QuerySet], QuerySet]
_SOURCES: dict[str, DeadlineSource] = {}
_PREFETCHERS: dict[str, Prefetcher] = {}


def register_deadline_source(name: str, func: DeadlineSource, *, prefetch: Prefetcher | None = None) -> None:
    """Add (or replace) a source of deadlines. ``func(employer, as_of)`` returns objects with ``kind``,
    ``title``, ``due``, ``consequence``, ``reference``, ``met`` and optionally ``person_id``. ``prefetch``
    (optional) extends the sweep's employer queryset with what ``func`` reads."""
    if name == RULES:
        raise ValueError(f"{RULES!r} is the rules engine's own source")
    _SOURCES[name] = func
    if prefetch is None:
        _PREFETCHERS.pop(name, None)
    else:
        _PREFETCHERS[name] = prefetch


def unregister_deadline_source(name: str) -> None:
    _SOURCES.pop(name, None)
    _PREFETCHERS.pop(name, None)


def employers_for_sweep(employer_ids: Iterable[int]) -> QuerySet:
    """The employers of one sweep chunk, with everything the sources read prefetched (a constant number
    of queries for the chunk, none per employer)."""
    from secor.employers.evaluation import with_evaluation_data
    from secor.employers.models import Employer

    queryset = with_evaluation_data(Employer.objects.filter(pk__in=list(employer_ids)).order_by("pk"))
    for name, prefetch in list(_PREFETCHERS.items()):
        if name in _SOURCES:
            queryset = prefetch(queryset)
    return queryset


def contributed_sources() -> dict[str, DeadlineSource]:
    return dict(_SOURCES)


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline ready to be stored (the fields of :class:`secor.reminders.models.Deadline`)."""

    origin: str
    key: str
    kind: str
    title: str
    due: date
    consequence: str
    source: str
    met: bool | None
    person_ref: str
    enrolment_id: int | None


def rows_from(origin: str, deadlines: Iterable[Any], enrolment_id: int | None = None) -> list[DeadlineRow]:
    """Turn engine deadlines into rows with stable keys: ``kind:person:due`` (prefixed by the origin for
    contributed sources). Two deadlines sharing a key in one answer (two requirements of one person expiring
    the same day) are told apart by a short hash of their title, so the keys stay the same from day to day."""
    items = list(deadlines)
    prefix = "" if origin == RULES else f"{origin}:"
    base = [f"{prefix}{d.kind}:{getattr(d, 'person_id', None) or '-'}:{d.due.isoformat()}" for d in items]
    counts = Counter(base)
    rows: list[DeadlineRow] = []
    seen: set[str] = set()
    for d, key in zip(items, base, strict=True):
        if counts[key] > 1:
            key = f"{key}:{hashlib.sha1(d.title.encode()).hexdigest()[:8]}"  # noqa: S324 - an id, not security
        if key in seen:  # the very same deadline twice: keep the first
            continue
        seen.add(key)
        rows.append(
            DeadlineRow(
                origin=origin,
                key=key[:200],
                kind=str(d.kind)[:60],
                title=str(d.title)[:300],
                due=d.due,
                consequence=str(d.consequence or ""),
                source=str(d.reference or "")[:500],
                met=d.met,
                person_ref=str(getattr(d, "person_id", None) or "")[:40],
                enrolment_id=enrolment_id,
            )
        )
    return rows


def rules_deadlines(employer: Any, as_of: date) -> tuple[list[DeadlineRow], bool]:
    """The rules engine's deadlines for ``employer`` on ``as_of``. Returns ``(rows, ok)``; ``ok`` is False
    when the evaluation failed (the stored deadlines are then left as they are). An employer with no
    enrolment has no partner to be evaluated against: no deadlines, ``ok``."""
    from secor.employers.evaluation import current_enrolment, evaluate_employer

    enrolment = current_enrolment(employer)
    if enrolment is None:
        return [], True
    try:
        evaluation = evaluate_employer(employer, as_of=as_of, enrolment=enrolment)
    except Exception:  # one employer's bad data must not stop the sweep for everyone else
        logger.exception("rules engine failed for employer %s", employer.pk)
        return [], False
    return rows_from(RULES, evaluation.deadlines, enrolment.pk), True


def all_deadlines(employer: Any, as_of: date) -> dict[str, list[DeadlineRow] | None]:
    """Deadlines per origin; ``None`` for an origin that failed."""
    out: dict[str, list[DeadlineRow] | None] = {}
    rows, ok = rules_deadlines(employer, as_of)
    out[RULES] = rows if ok else None
    for name, func in contributed_sources().items():
        try:
            out[name] = rows_from(name, func(employer, as_of))
        except Exception:
            logger.exception("deadline source %r failed for employer %s", name, employer.pk)
            out[name] = None
    return out
