"""``python manage.py run_sweep``: the whole daily job without Celery beat (the embedded default).

Schedule it with cron or a systemd timer when there is no Redis; with Redis, beat runs
``secor.reminders.tasks.daily_sweep``, which calls the same entry point (:func:`secor.core.daily.run_daily`).
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from secor.core.daily import run_daily


class Command(BaseCommand):
    help = (
        "The daily job: certificate decisions (missed maintenance, expiry), then every employer's deadlines "
        "and the reminders that are due."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD); default today.")
        parser.add_argument("--chunk", type=int, help="Employers per chunk (default REMINDER_SWEEP_CHUNK).")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}") from exc
        stats = run_daily(today=today, chunk=options.get("chunk"))
        self.stdout.write(json.dumps(stats, sort_keys=True))
