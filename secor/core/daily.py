"""The daily job: one entry point for everything that runs once a day, in both deployments.

Celery beat runs it (``CELERY_BEAT_SCHEDULE["daily-deadline-sweep"]`` → ``secor.reminders.tasks.daily_sweep``)
and so does ``python manage.py run_sweep [--date D]`` (the embedded default without Redis, from cron or a
systemd timer). Every step takes the same ``today``, so ``--date D`` computes every decision and every message
(notices and e-mails) for D:

1. the audits' maintenance schedule rows whose last day passed are marked (and a missed one decided by the
   partner's rule through the certificate ledger);
2. the certificate ledger: each partner's rule for a missed maintenance audit, and expiry, for every held
   certificate (:func:`secor.certificates.job.apply_certificate_rules`), with notices;
3. the deadline sweep: deadlines refreshed from the (now current) certificates, reminders, notices, e-mails,
   digests (:func:`secor.reminders.services.run_sweep`).

Each step is idempotent (claims, unique ledger rows, row locks), so running the job twice a day, or two
copies at once, decides and sends everything exactly once.
"""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone

logger = logging.getLogger(__name__)


def run_daily(
    *, today: date | None = None, chunk: int | None = None, dispatch: bool = True
) -> dict[str, int]:
    from audits.services import sweep_overdue
    from secor.certificates.job import apply_certificate_rules
    from secor.reminders.services import run_sweep

    today = today or timezone.localdate()
    schedule = sweep_overdue(today=today)
    certificates = apply_certificate_rules(today=today)
    stats = run_sweep(today=today, chunk=chunk, dispatch=dispatch).as_dict()
    stats.update({f"schedule_{k}": v for k, v in schedule.items()})
    stats.update({f"certificates_{k}": v for k, v in certificates.items()})
    logger.info("daily job for %s: %s", today, stats)
    return stats
