"""Writing the stored status, and asking for it to be written.

- :func:`request_recompute` is the one function other code calls after changing something a status depends
  on (people, headcount, payroll, training, accounts, memberships, enrolments, certificate events, audits).
  It marks the rows stale at once (in the caller's transaction) and, once the transaction commits, asks for
  one recompute of every employer touched in it (coalesced): in a Celery worker when there is a broker, in
  process otherwise. The model signals in :mod:`secor.status.signals` call it for ordinary saves and deletes.
- :func:`recompute` evaluates a batch of employers (a constant number of queries for the batch) and upserts
  their rows, then refreshes their stored deadlines for the reminders from the same evaluation.
- :func:`refresh_for_sweep` is the daily job's step: it recomputes only the rows that are not current for
  the day (missing, changed, or whose ``valid_until`` has come), so a day with no changes costs a query per
  chunk.
- :func:`ensure_current` lets a single-employer page (dashboard, evaluation API, PDFs) make sure its row
  answers for today before reading it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from secor.status import compute
from secor.status.models import RAG_ORDER, RISK_ORDER, EmployerStatus

logger = logging.getLogger(__name__)

_local = threading.local()

UPDATE_FIELDS = [
    "enrolment",
    "partner",
    "name",
    "sort_name",
    "province",
    "partner_code",
    "enrolment_status",
    "status_label",
    "rag",
    "rag_order",
    "reasons",
    "eligible",
    "eligibility_status",
    "eligibility_verdict",
    "counted",
    "limit",
    "certificate_state",
    "certificate_label",
    "certificate_number",
    "certificate_expires_on",
    "certificate",
    "next_deadline_due",
    "next_deadline_title",
    "overdue_count",
    "first_overdue_title",
    "program_overdue",
    "attention_on",
    "readiness",
    "risk",
    "risk_order",
    "risk_text",
    "evaluation",
    "error",
    "as_of",
    "valid_until",
    "rules_version",
    "computed_at",
    "version",
]


# ----------------------------------------------------------------------------------------------------------
# Asking
# ----------------------------------------------------------------------------------------------------------


GENERATION_KEY = "status:generation"


def generation() -> int:
    """A number that changes whenever any stored status (or who may see which) changes: lists key their
    cached counts on it."""
    from django.core.cache import cache

    return int(cache.get(GENERATION_KEY) or 0)


def bump_generation() -> None:
    from django.core.cache import cache

    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def request_recompute(employer_ids: int | Iterable[int]) -> None:
    """Mark these employers' statuses stale now and recompute them after the current transaction commits
    (every employer touched in one transaction is recomputed once)."""
    ids = {employer_ids} if isinstance(employer_ids, int) else {int(i) for i in employer_ids if i is not None}
    if not ids:
        return
    now = timezone.now()
    EmployerStatus.objects.filter(employer_id__in=ids).update(dirty_since=Coalesce("dirty_since", now))
    bump_generation()
    pending: set[int] | None = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    pending.update(ids)
    transaction.on_commit(_flush)


def _flush() -> None:
    ids = getattr(_local, "pending", None)
    _local.pending = None
    if not ids:
        return
    ids_list = sorted(ids)
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        _recompute_quietly(ids_list)
        return
    from secor.status.tasks import recompute_statuses

    try:
        recompute_statuses.delay(ids_list)
    except Exception:  # noqa: BLE001 - no broker right now: the rows stay marked stale and readers say so
        logger.exception("could not queue the status recompute of %s employers", len(ids_list))


def schedule_recompute(employer_ids: list[int]) -> None:
    """Ask a worker to recompute these rows (lists do this for the stale rows they show). Without a broker
    (the embedded default) nothing is queued: the daily job and the pages about one employer catch up."""
    if not employer_ids or getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        return
    from secor.status.tasks import recompute_statuses

    try:
        recompute_statuses.delay(sorted(employer_ids))
    except Exception:  # noqa: BLE001 - no broker right now: the rows stay marked stale
        logger.exception("could not queue the status recompute of %s employers", len(employer_ids))


def _recompute_quietly(ids: list[int]) -> None:
    try:
        recompute(ids)
    except Exception:  # noqa: BLE001 - a failed recompute leaves the rows marked stale, never half written
        logger.exception("status recompute failed for employers %s", ids[:20])


# ----------------------------------------------------------------------------------------------------------
# Computing
# ----------------------------------------------------------------------------------------------------------


def _corrections_requested(employer: Any) -> bool:
    audits = getattr(employer, "_eval_audits", None) or []
    return any(getattr(a, "status", "") == "corrections_requested" for a in audits)


PROGRAM_SOURCE = "program"  # the safety program's deadline source (safety_program.deadlines)


def _row_for(employer: Any, today: date, version: str, now: Any) -> tuple[EmployerStatus, dict | None]:
    """The status row for one (prefetched) employer and its deadline rows per origin for the reminders."""
    import provinces
    from secor.employers.evaluation import current_enrolment, scenario_for
    from secor.reminders.sources import RULES, contributed_sources, rows_from

    enrolment = current_enrolment(employer)
    name = employer.display_name
    row = EmployerStatus(
        employer_id=employer.pk,
        name=name[:200],
        sort_name=name.lower()[:200],
        province=(enrolment.partner.province if enrolment else employer.province) or "",
        as_of=today,
        rules_version=version,
        computed_at=now,
        version=uuid.uuid4(),
        reasons=[],
    )
    deadlines: dict[str, Any] = {}
    extra_dates: list[date] = []
    for origin, func in contributed_sources().items():
        try:
            deadlines[origin] = rows_from(origin, func(employer, today))
            extra_dates.extend(r.due for r in deadlines[origin])
        except Exception:  # noqa: BLE001 - as the sweep: one source failing leaves its deadlines alone
            logger.exception("deadline source %r failed for employer %s", origin, employer.pk)
            deadlines[origin] = None
    # The safety program's overdue activities (its deadline source, issue 11): the portfolio's column.
    row.program_overdue = min(sum(1 for r in deadlines.get(PROGRAM_SOURCE) or [] if r.met is False), 32767)
    if enrolment is None:
        row.rag, row.reasons = "grey", ["No certifying partner yet."]
        row.status_label = "Not enrolled"
        row.certificate_state, row.certificate_label = "none", "Not enrolled"
        row.valid_until = compute.valid_until(today, extra=extra_dates) if extra_dates else None
        deadlines[RULES] = []
        row.rag_order, row.risk_order = RAG_ORDER["grey"], RISK_ORDER["grey"]
        return row, deadlines
    row.enrolment_id = enrolment.pk
    row.partner_id = enrolment.partner_id
    row.partner_code = enrolment.partner.code
    row.enrolment_status = enrolment.status
    row.status_label = enrolment.get_status_display()
    row.certificate_number = enrolment.certificate_number
    row.certificate_expires_on = enrolment.expires_on
    try:
        scenario = scenario_for(employer, as_of=today, enrolment=enrolment)
        evaluation = provinces.evaluate(scenario)
    except Exception as exc:  # noqa: BLE001 - records the engine cannot read: say so on the row
        logger.warning("status: employer %s could not be evaluated: %s", employer.pk, exc)
        row.rag, row.reasons = "grey", ["These records could not be evaluated; check the enrolment."]
        row.error = f"{exc.__class__.__name__}: {exc}"[:500]
        row.valid_until = compute.valid_until(today)
        row.rag_order, row.risk_order = RAG_ORDER["grey"], RISK_ORDER["grey"]
        return row, None
    data = compute.jsonable(evaluation)  # = evaluation.to_dict(), faster
    summary = compute.summarise(
        evaluation, enrolment, today, corrections_requested=_corrections_requested(employer)
    )
    eligibility = evaluation.eligibility
    nxt = summary.next_deadline
    row.rag, row.rag_order, row.reasons = summary.rag, RAG_ORDER[summary.rag], summary.reasons
    row.eligible = eligibility.eligible
    row.eligibility_status = str(eligibility.status)
    row.eligibility_verdict = eligibility.verdict
    row.counted = eligibility.count
    row.limit = eligibility.limit
    row.certificate = summary.certificate
    row.certificate_state = str(summary.certificate["state"])[:30]
    row.certificate_label = str(summary.certificate["label"])[:120]
    answer = evaluation.certificate
    if answer is not None and answer.state.value != "never":
        # the engine's answer for the day, which the enrolment's cached columns follow only once the daily
        # job has recorded the decision
        row.certificate_number = answer.number or row.certificate_number
        row.certificate_expires_on = answer.expires_on
        if answer.lost:
            row.status_label = answer.label[:60]
    row.next_deadline_due = nxt.due if nxt else None
    row.next_deadline_title = nxt.title[:300] if nxt else ""
    row.overdue_count = min(len(summary.overdue), 32767)
    row.first_overdue_title = summary.overdue[0].title[:300] if summary.overdue else ""
    row.attention_on = min(d.due for d in summary.overdue) if summary.overdue else row.next_deadline_due
    row.readiness = summary.readiness
    row.risk, row.risk_order, row.risk_text = summary.risk, RISK_ORDER[summary.risk], summary.risk_text
    row.evaluation = data
    row.valid_until = compute.valid_until(today, scenario=scenario, evaluation=data, extra=extra_dates)
    deadlines[RULES] = rows_from(RULES, evaluation.deadlines, enrolment.pk)
    return row, deadlines


def recompute(
    employer_ids: Iterable[int],
    *,
    today: date | None = None,
    refresh_deadlines: bool = True,
    stats: Any = None,
) -> list[EmployerStatus]:
    """Evaluate these employers on ``today`` and store their rows (and, by default, their deadlines for the
    reminders, counted in the sweep's ``stats``). A constant number of queries for the batch."""
    from secor.reminders.sources import employers_for_sweep

    ids = sorted(set(employer_ids))
    if not ids:
        return []
    today = today or timezone.localdate()
    started = timezone.now()
    version = compute.rules_version()
    rows: list[EmployerStatus] = []
    computed: dict[int, dict | None] = {}
    failed: list[int] = []
    for employer in employers_for_sweep(ids):
        if employer.deleted_at is not None:  # a deleted employer has no status (lists rely on it)
            continue
        row, deadlines = _row_for(employer, today, version, started)
        rows.append(row)
        computed[employer.pk] = deadlines
        if deadlines is None or any(v is None for v in deadlines.values()):
            failed.append(employer.pk)  # a source failed: try again at the next sweep
    found = {r.employer_id for r in rows}
    gone = [pk for pk in ids if pk not in found]
    with transaction.atomic():
        if rows:
            EmployerStatus.objects.bulk_create(
                rows,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["employer"],
                update_fields=UPDATE_FIELDS,
            )
            # A change that arrived while we computed keeps the row stale (its own recompute follows).
            EmployerStatus.objects.filter(employer_id__in=found, dirty_since__lte=started).update(
                dirty_since=None
            )
            if failed:
                EmployerStatus.objects.filter(employer_id__in=failed).update(
                    dirty_since=Coalesce("dirty_since", started)
                )
        if gone:  # deleted employers (soft or hard) have no status
            EmployerStatus.objects.filter(employer_id__in=gone).delete()
    transaction.on_commit(bump_generation)
    if refresh_deadlines and computed:
        from secor.reminders.services import refresh_deadlines as refresh

        refresh(employer_ids=list(computed), today=today, computed=computed, stats=stats)
    return rows


def stale_ids(employer_ids: Iterable[int], today: date) -> list[int]:
    """Which of these employers have no row that answers for ``today`` (one query)."""
    ids = list(employer_ids)
    current = EmployerStatus.objects.filter(
        employer_id__in=ids,
        dirty_since__isnull=True,
        rules_version=compute.rules_version(),
        as_of__lte=today,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=today))
    fresh = set(current.values_list("employer_id", flat=True))
    return [pk for pk in ids if pk not in fresh]


def refresh_for_sweep(*, employer_ids: list[int], today: date, stats: Any = None) -> list[int]:
    """The daily job's step for one chunk: recompute the rows that do not answer for ``today`` (and their
    deadlines); returns the ids recomputed."""
    ids = stale_ids(employer_ids, today)
    if ids:
        recompute(ids, today=today, stats=stats)
    return ids


def ensure_current(employer: Any, *, today: date | None = None) -> EmployerStatus | None:
    """The employer's row, recomputed first when it does not answer for ``today`` exactly (a page about one
    employer shows the figures of the day it is read). Deleted employers have none."""
    today = today or timezone.localdate()
    row = EmployerStatus.objects.filter(employer_id=employer.pk).first()
    if row is not None and row.is_current(today) and row.as_of == today:
        return row
    rows = recompute([employer.pk], today=today)
    return rows[0] if rows else None
