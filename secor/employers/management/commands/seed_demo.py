"""``python manage.py seed_demo [--employers N]``: the demo world, and optionally N generated employers.

Idempotent: a second run creates nothing new. Prints the log-ins (password ``demo-pass-2026``) as a table.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from secor.employers import demo


class Command(BaseCommand):
    help = "Create the demo world (employers, people, training, audits, log-ins); --employers N adds more."

    def add_arguments(self, parser):
        parser.add_argument(
            "--employers",
            type=int,
            default=0,
            metavar="N",
            help="make sure N generated employers exist (with people and training), for benchmarks",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="employers per bulk transaction")
        parser.add_argument("--no-world", action="store_true", help="skip the hand-made world")

    def handle(self, *args, **options):
        total = options["employers"]
        if total < 0:
            raise CommandError("--employers must be 0 or more")
        report = None
        if not options["no_world"]:
            report, seconds = demo.timed(demo.build_world)
            demo.queue_demo_reminders(report)
            created = ", ".join(f"{n} {what}" for what, n in sorted(report.created.items())) or "nothing new"
            self.stdout.write(f"Demo world ready in {seconds:.1f} s (created: {created}).")
            for message in report.skipped:
                self.stderr.write(self.style.WARNING(f"skipped {message}"))
        if total:
            before = demo.generated_count()

            def progress(done: int, of: int) -> None:
                if options["verbosity"] > 1 or done == of or done % 2000 == 0:
                    self.stdout.write(f"  generated employers: {done:,}/{of:,}")

            counts, seconds = demo.timed(
                demo.build_generated, total, batch_size=options["batch_size"], progress=progress
            )
            made = counts.get("employers", 0)
            rate = made / seconds if seconds and made else 0
            detail = ", ".join(f"{n:,} {what}" for what, n in counts.items()) or "nothing new"
            self.stdout.write(
                f"Generated employers: {before:,} existed, {made:,} created in {seconds:.1f} s "
                f"({rate:,.0f} employers/s; {detail})."
            )
            if made and connection.vendor == "postgresql":
                # Fresh statistics after a bulk load (PostgreSQL's advice): until autovacuum gets round to
                # it, the planner thinks the tables are nearly empty and picks plans that take minutes.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        if report is not None:
            self._print_table(report)

    def _print_table(self, report: demo.WorldReport) -> None:
        self.stdout.write("")
        self.stdout.write("Employers:")
        rows = [("employer", "prov", "partner", "state")] + [e[:4] for e in report.employers]
        self._table(rows)
        if report.audits:
            self.stdout.write("")
            self.stdout.write("Audits:")
            self._table([("employer", "audit", "status", "what to look at")] + report.audits)
        self.stdout.write("")
        self.stdout.write(f"Log-ins (password for all: {demo.PASSWORD}):")
        self._table(
            [("e-mail", "role", "sees", "second factor")]
            + [(x.email, x.role, x.sees, x.second_factor) for x in report.logins]
        )
        self.stdout.write(
            "Staff and reviewers enter a code after the password: add the app key above to an authenticator "
            "app, or print the current code with `python manage.py demo_code EMAIL`."
        )

    def _table(self, rows: list[tuple[str, ...]]) -> None:
        widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        self.stdout.write(line)
        for n, row in enumerate(rows):
            self.stdout.write(
                "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
            )
            if n == 0:
                self.stdout.write(line)
        self.stdout.write(line)
