"""Benchmark ``seed_demo --employers N``: how long generating N employers (with people, training, WCB
accounts, memberships, enrolments and history rows) takes.

Run it against a scratch database, it adds rows:

    createdb secor_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/secor_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/secor_bench .venv/bin/python benchmarks/seed_demo.py 10000

It creates N employers on top of the generated ones already there and prints the time, the rate and the
rows written per table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secor.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("employers", type=int, nargs="?", default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from secor.employers import demo
    from secor.employers.models import Employer, Person
    from training.models import TrainingRecord

    tables = {
        "employers": Employer,
        "people": Person,
        "training records": TrainingRecord,
        "employer history": Employer.history.model,
        "people history": Person.history.model,
    }
    before = {name: model.objects.count() for name, model in tables.items()}
    start = demo.generated_count()
    target = start + args.employers
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"generating {args.employers:,} employers ({start:,} exist already), batch {args.batch_size}")
    started = time.perf_counter()
    demo.build_generated(target, batch_size=args.batch_size)
    seconds = time.perf_counter() - started
    after = {name: model.objects.count() for name, model in tables.items()}
    rows = sum(after[n] - before[n] for n in tables)
    rate = args.employers / seconds
    print(f"time: {seconds:.1f} s  ({rate:,.0f} employers/s, {rows / seconds:,.0f} rows/s)")
    for name in tables:
        print(f"  {name:18} +{after[name] - before[name]:>9,}")


if __name__ == "__main__":
    main()
