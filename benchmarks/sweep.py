"""Benchmark of the daily deadline sweep: seed N employers, time the sweep, report time per employer, memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sweep \\
        .venv/bin/python benchmarks/sweep.py 1000 10000


For each N: a fresh database (dropped and created; PostgreSQL only), ``migrate``, then
``manage.py seed_demo --employers N --no-world`` in a child process (so seeding does not count in this
process's peak memory; falls back to a small bulk seeding of our own if the command is missing), then in this
process:

1. the first daily job (every deadline is new: evaluation + inserts + today's reminders),
2. the job again the same day (a retry: everything already done),
3. the job on the next day with no record changed (the steady daily state: the date moved, nothing else),
4. the job a week later (the dates of a week reached: some statuses recomputed, some reminders due).

The job is ``run_daily`` (``secor/core/daily.py``), what beat and ``manage.py run_sweep`` both run: the audit
schedule's overdue sweep, the certificate rules, the deadline sweep, reminders and digests.

It prints wall time, time per employer, queries, and peak memory: the growth of this process's peak resident
set (``resource.getrusage``) over the sweep, and, with ``--tracemalloc``, Python's traced peak (slower).
E-mail goes to Django's dummy backend and tasks run in-process (as in the embedded default), so the figures
are the job's own cost; the time spent rendering and sending the day's e-mails (a Celery worker's work in
production) is also given apart.
Not part of the test suite (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENV = {
    "DJANGO_SETTINGS_MODULE": "secor.settings",
    "SECOR_TESTING": "0",
    "REDIS_URL": "",
    "CELERY_BROKER_URL": "memory://",
    "CELERY_RESULT_BACKEND": "cache+memory://",
    "CELERY_TASK_ALWAYS_EAGER": "1",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "LOG_LEVEL": "WARNING",
    # Production-like: with DEBUG on, Django keeps the last 9,000 queries and inflates peak memory.
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-not-used-anywhere-else-0123456789",
}


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(*args: str) -> None:
    env = {**os.environ, **ENV}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)  # noqa: S603


def seed(n: int) -> str:
    """Seed N employers; returns how."""
    try:
        manage("seed_demo", "--employers", str(n), "--no-world", "--verbosity", "0")
        return "seed_demo"
    except subprocess.CalledProcessError:
        manage("shell", "-c", f"from benchmarks.sweep import own_seed; own_seed({n})")
        return "own bulk seeding"


def ensure_contacts() -> None:
    """One user per employer with reminders on (seeded employers may have no log-ins), so the sweep also
    inserts, claims and sends reminders, not only evaluates."""
    from secor.accounts.models import EmployerMembership, User
    from secor.employers.models import Employer

    ids = list(Employer.objects.filter(user_memberships__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        batch = ids[start : start + 1000]
        users = User.objects.bulk_create([User(email=f"contact{pk}@bench.example") for pk in batch])
        EmployerMembership.objects.bulk_create(
            [EmployerMembership(user=u, employer_id=pk) for u, pk in zip(users, batch, strict=True)]
        )
    from django.db import connection

    with connection.cursor() as cursor:  # statistics for the bulk-loaded rows, as seed_demo leaves them
        cursor.execute("ANALYZE")


def own_seed(n: int) -> None:
    """Fallback: N AB/ACSA certificate holders, each with 3 workers, one trained, and one contact."""
    import datetime as dt

    from secor.accounts.models import EmployerMembership, User
    from secor.employers.models import CertifyingPartner, Employer, Enrolment, Person

    acsa = CertifyingPartner.objects.get(province="AB", code="ACSA")
    for start in range(0, n, 1000):
        size = min(1000, n - start)
        employers = Employer.objects.bulk_create(
            [Employer(legal_name=f"Bench {start + i} Ltd.", province="AB") for i in range(size)]
        )
        users = User.objects.bulk_create([User(email=f"bench{start + i}@example.com") for i in range(size)])
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    employer=e,
                    partner=acsa,
                    status=Enrolment.Status.CERTIFIED,
                    registered_on=dt.date(2023, 1, 1),
                    issued_on=dt.date(2024, 1, 1) + dt.timedelta(days=i % 365),
                    expires_on=dt.date(2027, 1, 1) + dt.timedelta(days=i % 365),
                )
                for i, e in enumerate(employers)
            ]
        )
        Person.objects.bulk_create(
            [
                Person(
                    employer=e,
                    first_name=f"W{k}",
                    category="full_time_permanent",
                    start_date=dt.date(2020, 1, 1),
                )
                for e in employers
                for k in range(3)
            ]
        )
        EmployerMembership.objects.bulk_create(
            [EmployerMembership(user=u, employer=e) for u, e in zip(users, employers, strict=True)]
        )


def measure(label: str, n: int, use_tracemalloc: bool, day) -> dict:
    from django.db import connection

    from secor.core.daily import run_daily
    from secor.employers.models import Employer

    with connection.cursor() as cursor:
        # Fresh planner statistics before each day, as autovacuum keeps them in production. (This machine's
        # PostgreSQL runs with autovacuum off: without this, a day's queries plan on the row counts of the
        # day before, and the reminder lookups seq-scan a table grown by 50,000 rows.) Not timed.
        cursor.execute("ANALYZE")
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    mail = [0.0]  # seconds spent delivering e-mails (tasks run in process here; a worker's job in production)

    def timed(fn):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                mail[0] += time.perf_counter() - started

        return wrapper

    from secor.reminders import notices, services

    originals = services.deliver_reminder, services.deliver_digest, notices.deliver_notice
    services.deliver_reminder, services.deliver_digest, notices.deliver_notice = map(timed, originals)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if use_tracemalloc:
        tracemalloc.start()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        stats = run_daily(today=day)
        seconds = time.perf_counter() - started
    services.deliver_reminder, services.deliver_digest, notices.deliver_notice = originals
    traced = tracemalloc.get_traced_memory()[1] if use_tracemalloc else None
    if use_tracemalloc:
        tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    employers = Employer.objects.alive().count()
    row = {
        "label": label,
        "employers": employers,
        "seconds": seconds,
        "ms_per_employer": 1000 * seconds / max(employers, 1),
        "ms_per_employer_without_mail": 1000 * (seconds - mail[0]) / max(employers, 1),
        "queries": queries[0],
        "peak_rss_mb": rss_after / 1024,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "traced_peak_mb": traced / 1024 / 1024 if traced is not None else None,
        "stats": stats,
    }
    print(
        f"N={n:>6} {label:<16} {seconds:8.1f} s  {row['ms_per_employer']:6.2f} ms/employer  "
        f"({row['ms_per_employer_without_mail']:5.2f} without sending e-mail)  {queries[0]:>7} queries  "
        f"peak RSS {row['peak_rss_mb']:.0f} MB (+{row['rss_growth_mb']:.0f} MB during the sweep)"
        + (f"  traced peak {row['traced_peak_mb']:.1f} MB" if traced is not None else "")
        + f"  statuses {stats.get('statuses_recomputed', '?')}  deadlines +{stats.get('deadlines_created')}"
        f"  reminders {stats.get('reminders_created')}  e-mails {stats.get('emails_dispatched')}",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child: one size, seeded
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may drop and recreate.")
    os.environ.update(ENV)
    if args.one:  # a fresh interpreter per size, so the peak memory is this size's own
        import django

        django.setup()
        import datetime as dt

        from django.utils import timezone

        (n,) = args.sizes
        today = timezone.localdate()
        measure("first day", n, args.tracemalloc, today)
        measure("same day again", n, args.tracemalloc, today)
        measure("next day", n, args.tracemalloc, today + dt.timedelta(days=1))
        measure("a week later", n, args.tracemalloc, today + dt.timedelta(days=8))
        return
    for n in args.sizes:
        recreate_database(url)
        started = time.perf_counter()
        manage("migrate", "--run-syncdb", "--verbosity", "0")
        how = seed(n)
        manage("shell", "-c", "from benchmarks.sweep import ensure_contacts; ensure_contacts()")
        print(f"N={n:>6} seeded with {how} in {time.perf_counter() - started:.0f} s", flush=True)
        extra = ["--tracemalloc"] if args.tracemalloc else []
        subprocess.run([sys.executable, __file__, "--one", str(n), *extra], check=True, env=os.environ)  # noqa: S603


if __name__ == "__main__":
    main()
