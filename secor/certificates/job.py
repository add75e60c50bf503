"""The daily job's certificate decisions: each partner's rule for a missed maintenance audit, and expiry.

For every enrolment whose stored status says a certificate is held, the rules engine's answer for ``today``
(``Evaluation.certificate``: the ledger and the partner's rule applied to the evaluation's maintenance
schedule, which knows the submitted audits) is compared with the ledger; when the engine says the
certificate was cancelled, lapsed or expired and the ledger does not say so yet, the decision is recorded
(:func:`services.record_rule_decision`, once, with notices). The same code runs under Celery beat and
under ``manage.py run_sweep`` (:func:`secor.core.daily.run_daily`).

Cost: enrolments with no schedule date passed since their last recorded maintenance are skipped without an
evaluation (one query for the candidates, the schedule computed in Python per certificate).
"""

from __future__ import annotations

import logging
from datetime import date

from provinces import certificates as rules
from provinces.certificates import HoldState
from secor.certificates import services
from secor.employers.models import Employer, Enrolment

logger = logging.getLogger(__name__)


def _candidate(row: dict, today: date) -> bool:
    import provinces

    issued, expires = row["issued_on"], row["expires_on"]
    if issued is None:
        return False
    if expires is not None and expires < today:
        return True
    try:
        schedule = provinces.maintenance_schedule(
            row["partner__province"], row["partner__code"], issued, expires
        )
    except Exception:  # an unknown partner code: leave it to the evaluation's own error handling
        return False
    covered = row["last_maintenance_audit_on"] or issued
    for d in schedule:
        if d.kind in ("maintenance_audit", "maintenance_audit_final") and covered < d.due < today:
            return True
    return False


def apply_certificate_rules(*, today: date, chunk: int = 200) -> dict[str, int]:
    from secor.employers.evaluation import evaluate_employer, with_evaluation_data

    counts = {"checked": 0, "evaluated": 0, "cancelled": 0, "lapsed": 0, "expired": 0}
    rows = (
        Enrolment.objects.filter(status__in=Enrolment.HOLDS_CERTIFICATE, employer__deleted_at__isnull=True)
        .values(
            "pk",
            "employer_id",
            "issued_on",
            "expires_on",
            "last_maintenance_audit_on",
            "partner__province",
            "partner__code",
        )
        .order_by("pk")
    )
    candidates: list[dict] = []
    for row in rows.iterator(chunk_size=2000):
        counts["checked"] += 1
        if _candidate(row, today):
            candidates.append(row)
    for start in range(0, len(candidates), chunk):
        batch = candidates[start : start + chunk]
        employers = {
            e.pk: e
            for e in with_evaluation_data(Employer.objects.filter(pk__in={r["employer_id"] for r in batch}))
        }
        enrolments = {
            e.pk: e
            for e in Enrolment.objects.filter(pk__in=[r["pk"] for r in batch])
            .select_related("partner", "employer")
            .prefetch_related(services.ledger_prefetch())
        }
        for row in batch:
            enrolment = enrolments[row["pk"]]
            employer = employers[row["employer_id"]]
            try:
                evaluation = evaluate_employer(employer, as_of=today, enrolment=enrolment)
            except Exception:
                logger.exception("certificate rules: evaluating enrolment %s failed", enrolment.pk)
                continue
            counts["evaluated"] += 1
            # the engine's answer for the day (the ledger, then the partner's rule for a missed maintenance
            # audit applied to the evaluation's maintenance schedule)
            answer = evaluation.certificate
            if answer is None or answer.held or answer.not_held_since is None:
                continue
            if answer.state not in (HoldState.CANCELLED, HoldState.LAPSED, HoldState.EXPIRED):
                continue
            recorded = rules.fold(services.rule_events(enrolment), answer.not_held_since)
            if not recorded.held and recorded.state is not HoldState.EXPIRED:
                continue
            due = answer.not_held_since.fromordinal(answer.not_held_since.toordinal() - 1)
            if answer.state is HoldState.EXPIRED:
                written = services.record_rule_decision(
                    enrolment=enrolment, due_on=due, title="", expiry=True
                )
            else:
                written = services.record_rule_decision(
                    enrolment=enrolment, due_on=due, title=answer.missed or "Maintenance audit"
                )
            if written:
                counts[str(answer.state.value)] = counts.get(str(answer.state.value), 0) + 1
    return counts
