"""Benchmark of the pages that read the stored status, against a hello-world view, at N employers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/secor_status_bench \\
        .venv/bin/python benchmarks/web.py 1000 10000

For each N: a fresh PostgreSQL database (dropped and created), ``migrate``, the hand-made demo world
(``seed_demo``), N generated employers on one partner (ACSA) all granted to the demo consultant firm, then
the first daily sweep (which computes every stored status). Then:

1. **Web** — gunicorn (``--workers 3``, sync) with the production settings (``DEBUG=0``, a ``SECRET_KEY``,
   ``ALLOWED_HOSTS``, static files collected, Redis cache) plus ``BENCHMARK_HELLO=1``, which routes
   ``/bench/hello/``: a ``JsonResponse`` through the same middleware. In rounds, each endpoint is driven for
   ``--seconds`` by ``--clients`` client threads (a new connection per request, as gunicorn's sync workers
   close them), between two hello slots of half that length, and its throughput is divided by the mean of
   those two hello throughputs (the machine's speed drifts within a round; the hello next to a page is the
   fair comparison): the employer
   dashboard, the portfolio (first page, sorted by days left), the reviewer's employer list,
   ``GET /api/employers/{id}/evaluation/`` and ``POST /api/eligibility/``. The median ratio over the
   rounds is printed. (The eligibility throttle is raised for the run: it would otherwise answer 429.)
2. **Readiness PDF** — in process: the whole download (context + HTML + PDF) against WeasyPrint alone on
   the same HTML, median of ``--pdf-runs``.
3. **Sweep** — in process: a second sweep the same day and a sweep the next day (no record changed either
   time), milliseconds per employer, queries, and the growth of peak memory.

Ratios, not absolute times, are what to compare (other processes share the CPU). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "benchmark-only-secret-key-not-used-anywhere-else-0123456789abcdef"
STATIC_ROOT = ROOT / "var" / "bench-static"


def env_for(url: str, port: int) -> dict[str, str]:
    redis = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    base = redis.rsplit("/", 1)[0] if redis.count("/") >= 3 else redis
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "secor.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRUSTED_PROXIES": "127.0.0.1",  # the client plays the TLS proxy (X-Forwarded-Proto: https)
        "SITE_URL": f"http://127.0.0.1:{port}",
        "REDIS_URL": f"{base}/{os.environ.get('BENCH_REDIS_DB', '12')}",  # a database number of its own
        "STATIC_ROOT": str(STATIC_ROOT),
        "BENCHMARK_HELLO": "1",
        "ELIGIBILITY_THROTTLE_RATE": "100000000/min",
        "API_ANON_THROTTLE_RATE": "100000000/min",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "LOG_LEVEL": "WARNING",
        "SECOR_TESTING": "0",
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


def analyze(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname=parts.path.lstrip("/"),
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("ANALYZE")
    conn.close()


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


SEED = """
from secor.accounts.models import ConsultantAccess, ConsultantFirm
from secor.employers import demo
from secor.employers.models import Employer

demo.build_generated({n}, partner_codes=("ACSA",), batch_size=1000)
firm = ConsultantFirm.objects.get(name=demo.CONSULTANT_FIRM)
granted = set(ConsultantAccess.objects.filter(firm=firm).values_list("employer_id", flat=True))
generated = Employer.objects.filter(contact_email__endswith="@" + demo.GENERATED_DOMAIN)
new = [pk for pk in generated.values_list("pk", flat=True) if pk not in granted]
ConsultantAccess.objects.bulk_create(
    [ConsultantAccess(employer_id=pk, firm=firm) for pk in new], batch_size=2000
)
"""

SESSIONS = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice
from secor.accounts import mfa
from secor.accounts.models import User, EmployerMembership
store = import_module(settings.SESSION_ENGINE).SessionStore
out = {{}}
for role, email in {emails!r}.items():
    user = User.objects.get(email=email)
    s = store()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "secor.accounts.auth.AccountBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if mfa.mfa_required(user):  # a reviewer's session is verified with a second factor, as after log-in
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name=mfa.APP_DEVICE_NAME, confirmed=True
        )
        s[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    s.create()
    out[role] = s.session_key
owner = User.objects.get(email={owner!r})
memberships = EmployerMembership.objects.filter(user=owner)
out["employer_id"] = memberships.values_list("employer_id", flat=True).first()
print("SESSIONS " + json.dumps(out))
"""

EMAILS = {
    "owner": "owner@prairie-roofing.demo",
    "consultant": "consultant@safetyfirst.demo",
    "reviewer": "reviewer-acsa@demo.secor",
}

SCENARIO = {
    "province": "AB",
    "partner": "ACSA",
    "as_of": "2026-11-22",
    "employer_name": "Prairie Roofing Ltd.",
    "people": [
        {"id": "ann", "name": "Ann Owner", "category": "owner", "start": "2019-04-01", "roles": ["assessor"]},
        {"id": "bob", "name": "Bob Foreman", "category": "full_time_permanent", "start": "2020-02-03"},
        {
            "id": "cy",
            "name": "Cy Helper",
            "category": "part_time",
            "start": "2024-05-01",
            "end": "2026-09-30",
        },
    ],
    "training": [
        {"person_id": "ann", "course": "PHSM", "completed_on": "2023-10-02"},
        {"person_id": "bob", "course": "CSTS", "completed_on": "2023-10-05"},
    ],
}


class Endpoint:
    def __init__(self, name, method, path, cookie=None, body=None):
        self.name, self.method, self.path, self.cookie, self.body = name, method, path, cookie, body

    def request(self, port: int) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        if self.cookie:
            headers["Cookie"] = f"sessionid={self.cookie}"
        data = None
        if self.body is not None:
            data = json.dumps(self.body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(self.method, self.path, body=data, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status


def drive(endpoint: Endpoint, port: int, seconds: float, clients: int) -> tuple[float, set[int]]:
    """Requests per second with ``clients`` threads for ``seconds``; the statuses seen."""
    done = [0] * clients
    statuses: set[int] = set()
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        while time.perf_counter() < stop:
            statuses.add(endpoint.request(port))
            done[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - started), statuses


def wait_up(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            if Endpoint("hello", "GET", "/bench/hello/").request(port) == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def web(n: int, env: dict[str, str], args) -> dict[str, float]:
    out = manage(
        env, "shell", "-v", "0", "-c", SESSIONS.format(emails=EMAILS, owner=EMAILS["owner"]), capture=True
    )
    sessions = json.loads(out.split("SESSIONS ", 1)[1].splitlines()[0])
    employer_id = sessions["employer_id"]
    endpoints = [
        Endpoint("hello", "GET", "/bench/hello/"),
        Endpoint("dashboard", "GET", "/dashboard/", sessions["owner"]),
        Endpoint("portfolio", "GET", "/portfolio/?sort=days_left", sessions["consultant"]),
        Endpoint("reviewer list", "GET", "/portfolio/", sessions["reviewer"]),
        Endpoint("evaluation API", "GET", f"/api/employers/{employer_id}/evaluation/", sessions["owner"]),
        Endpoint("eligibility API", "POST", "/api/eligibility/", body=SCENARIO),
    ]
    if args.only:
        wanted = {"hello", *args.only.split(",")}
        endpoints = [e for e in endpoints if e.name in wanted]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(  # noqa: S603
        [
            gunicorn,
            "secor.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_up(args.port, proc)
        for e in endpoints:  # warm up every worker (template cache, connections) and check the answers
            for _ in range(args.workers * 3):
                status = e.request(args.port)
                if status != 200:
                    raise SystemExit(f"{e.name}: HTTP {status} during warm-up")
        ratios: dict[str, list[float]] = {e.name: [] for e in endpoints[1:]}
        rates: dict[str, list[float]] = {e.name: [] for e in endpoints}
        for _round in range(args.rounds):
            # Each page between two hello slots: its ratio is to the mean of the hello just before and just
            # after it, so a machine whose speed drifts during a round (a shared VM does) moves both sides.
            before, _ = drive(endpoints[0], args.port, args.seconds / 2, args.clients)
            rates["hello"].append(before)
            for e in endpoints[1:]:
                rate, statuses = drive(e, args.port, args.seconds, args.clients)
                if statuses != {200}:
                    print(f"  warning: {e.name} answered {sorted(statuses)}")
                after, _ = drive(endpoints[0], args.port, args.seconds / 2, args.clients)
                rates["hello"].append(after)
                rates[e.name].append(rate)
                ratios[e.name].append(rate / ((before + after) / 2))
                before = after
        print(
            f"N={n:>6} web (gunicorn {args.workers} workers, {args.clients} clients, {args.rounds} rounds):"
        )
        print(f"    {'hello':<16} {statistics.median(rates['hello']):8.1f} req/s")
        result = {}
        for name, values in ratios.items():
            result[name] = statistics.median(values)
            print(
                f"    {name:<16} {statistics.median(rates[name]):8.1f} req/s  "
                f"{result[name]:.3f}× hello  (rounds: {', '.join(f'{v:.3f}' for v in values)})"
            )
        return result
    finally:
        proc.terminate()
        proc.wait(timeout=30)


INPROC = """
import resource, statistics, time, datetime as dt
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from django.conf import settings
from secor.accounts.models import User, EmployerMembership
from secor.employers.models import Employer
from secor.reports import pdf
from secor.reminders.services import run_sweep

owner = User.objects.get(email={owner!r})
memberships = EmployerMembership.objects.filter(user=owner)
employer = Employer.objects.get(pk=memberships.values_list("employer_id", flat=True).first())
whole, raw = [], []
def download():
    context = pdf.readiness_context(employer, user=owner)
    html = render_to_string("pdf/readiness.html", {{"generated_at": timezone.now(), **context}})
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return html
download()  # warms caches (templates, fonts)
context = pdf.readiness_context(employer, user=owner)
for i in range({pdf_runs} * 2):
    # WeasyPrint alone renders an HTML it has not seen, as the download does (another generation time):
    # rendering the download's own HTML a second time is faster, caches being warm. Alternate which goes
    # first.
    fresh = render_to_string("pdf/readiness.html", {{"generated_at": timezone.now(), **context}})
    t0 = time.perf_counter()
    if i % 2:
        HTML(string=fresh, base_url=str(settings.BASE_DIR)).write_pdf()
        t1 = time.perf_counter()
        download()
        t2 = time.perf_counter()
        raw.append(t1 - t0); whole.append(t2 - t1)
    else:
        download()
        t1 = time.perf_counter()
        HTML(string=fresh, base_url=str(settings.BASE_DIR)).write_pdf()
        t2 = time.perf_counter()
        whole.append(t1 - t0); raw.append(t2 - t1)
w, r = statistics.median(whole), statistics.median(raw)
# By parts: what the download adds to WeasyPrint (the context, the HTML), timed on its own; steadier than the
# difference of two medians of ~0.8 s renderings that vary by ±10 % on a shared machine.
parts = []
for _ in range({pdf_runs} * 2):
    t0 = time.perf_counter()
    context = pdf.readiness_context(employer, user=owner)
    render_to_string("pdf/readiness.html", {{"generated_at": timezone.now(), **context}})
    parts.append(time.perf_counter() - t0)
p = statistics.median(parts)
print(f"N={n:>6} readiness PDF: whole download {{w*1000:.0f}} ms, WeasyPrint alone {{r*1000:.0f}} ms: "
      f"{{w/r:.3f}}× raw WeasyPrint; by parts: context and HTML {{p*1000:.0f}} ms, "
      f"{{(r + p)/r:.3f}}× raw WeasyPrint")

def sweep(label, day):
    queries = [0]
    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with connection.execute_wrapper(count):
        t = time.perf_counter()
        stats = run_sweep(today=day, dispatch=False)
        s = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    per = 1000 * s / max(stats.employers, 1)
    print(f"N={n:>6} sweep, {{label:<28}} {{s:7.2f}} s  {{per:6.3f}} ms/employer  {{queries[0]}} queries  "
          f"recomputed {{stats.statuses_recomputed}}  peak RSS {{after/1024:.0f}} MB "
          f"(+{{(after-before)/1024:.0f}} MB)")

today = timezone.localdate()
sweep("same day again (no change)", today)
sweep("next day (no change)", today + dt.timedelta(days=1))
sweep("the day after (no change)", today + dt.timedelta(days=2))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pdf-runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the database (seeded by a previous run)")
    parser.add_argument("--only", default="", help="comma-separated endpoint names (default: all)")
    parser.add_argument("--no-web", action="store_true", help="skip the gunicorn measurements")
    parser.add_argument("--no-inproc", action="store_true", help="skip the PDF and sweep measurements")
    parser.add_argument("--seed-only", action="store_true", help="seed the database and stop (for profiling)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may drop and recreate.")
    env = env_for(url, args.port)
    for n in args.sizes:
        started = time.perf_counter()
        if not args.reuse:
            recreate_database(url)
            manage(env, "migrate", "--verbosity", "0")
            manage(env, "seed_demo", "--verbosity", "0", capture=True)
            manage(env, "shell", "-v", "0", "-c", SEED.format(n=n))
            t = time.perf_counter()
            manage(env, "run_sweep")  # the first sweep computes every stored status
            analyze(url)  # as autovacuum would have done on a live database after a bulk load
            print(f"N={n:>6} first sweep (computes every status) {time.perf_counter() - t:.0f} s")
        else:
            manage(env, "run_sweep")  # rows as of another day (an earlier run's sweeps) are brought to today
            analyze(url)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        print(f"N={n:>6} ready in {time.perf_counter() - started:.0f} s", flush=True)
        if args.seed_only:
            continue
        if not args.no_web:
            web(n, env, args)
        if args.no_inproc:
            continue
        manage(
            env, "shell", "-v", "0", "-c", INPROC.format(owner=EMAILS["owner"], pdf_runs=args.pdf_runs, n=n)
        )


if __name__ == "__main__":
    main()
