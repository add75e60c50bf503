"""``python manage.py run_sweep``: the daily deadline sweep without Celery beat (the embedded default).

Schedule it with cron or a systemd timer when there is no Redis; with Redis, beat runs
``secor.reminders.tasks.daily_sweep``, which calls the same service.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from secor.reminders.services import run_sweep


class Command(BaseCommand):
    help = "Refresh every employer's deadlines and send the reminders that are due (the daily sweep)."

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
        stats = run_sweep(today=today, chunk=options.get("chunk"))
        self.stdout.write(json.dumps(stats.as_dict(), sort_keys=True))
