"""In-process profile of the benchmarked pages: per-request time against hello, queries, and a cProfile.

Cheap to iterate with (one process, no gunicorn): run it against a database seeded by
``benchmarks/web.py N --seed-only``:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/secor_status_bench \\
        .venv/bin/python benchmarks/profile_pages.py [--repeat 200] [--profile dashboard] [--sql portfolio]

It uses the production settings of ``benchmarks/web.py`` (``DEBUG=0``, Redis cache) and Django's test
``Client`` (the whole middleware stack, no network). ``--sql NAME`` prints the queries of one request of that
page; ``--profile NAME`` prints the top of a cProfile of ``--repeat`` requests. Ratios here are not the
gunicorn figures (no network, no WSGI server), but they move together. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--profile", default="")
    parser.add_argument("--sql", default="")
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a database seeded by benchmarks/web.py N --seed-only.")
    from benchmarks.web import EMAILS, SCENARIO, env_for

    os.environ.update(env_for(url, 8103))
    import django

    django.setup()
    import django_otp
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from secor.accounts import mfa
    from secor.accounts.models import EmployerMembership, User

    clients = {}
    for role, email in EMAILS.items():
        user = User.objects.get(email=email)
        client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1")
        client.force_login(user)
        if mfa.mfa_required(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name=mfa.APP_DEVICE_NAME, confirmed=True)
            session = client.session
            session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        clients[role] = client
    owner = User.objects.get(email=EMAILS["owner"])
    employer_id = EmployerMembership.objects.filter(user=owner).values_list("employer_id", flat=True).first()
    anon = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1")
    pages = {
        "hello": lambda: anon.get("/bench/hello/"),
        "dashboard": lambda: clients["owner"].get("/dashboard/"),
        "portfolio": lambda: clients["consultant"].get("/portfolio/?sort=days_left"),
        "reviewer list": lambda: clients["reviewer"].get("/portfolio/"),
        "evaluation API": lambda: clients["owner"].get(f"/api/employers/{employer_id}/evaluation/"),
        "eligibility API": lambda: anon.post("/api/eligibility/", SCENARIO, content_type="application/json"),
    }
    if args.only:
        wanted = {"hello", *args.only.split(",")}
        pages = {k: v for k, v in pages.items() if k in wanted}
    for name, call in pages.items():
        response = call()
        assert response.status_code == 200, (name, response.status_code, response.get("Location"))
    if args.sql:
        with CaptureQueriesContext(connection) as ctx:
            pages[args.sql]()
        print(f"{args.sql}: {len(ctx.captured_queries)} queries")
        for q in ctx.captured_queries:
            print(f"  {q['time']}s  {q['sql'][: int(os.environ.get('SQL_WIDTH', '400'))]}")
        return
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            pages[args.profile]()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        return
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.repeat):  # interleaved: every page once per round
        for name, call in pages.items():
            t = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - t)
    hello = sorted(times["hello"])[len(times["hello"]) // 2]
    for name, values in times.items():
        median = sorted(values)[len(values) // 2]
        with CaptureQueriesContext(connection) as ctx:
            pages[name]()
        queries = len(ctx.captured_queries)
        print(f"{name:<16} {median * 1000:7.2f} ms  {hello / median:6.3f}× hello  {queries:3d} queries")


if __name__ == "__main__":
    main()
