from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from secor.core.health import check_broker, check_database


@never_cache
@require_GET
def healthz(request):
    """Database and broker reachability as JSON; 503 when either is down."""
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    ok = db_ok and broker_ok
    return JsonResponse(
        {
            "status": "ok" if ok else "error",
            "database": {"ok": db_ok, "detail": db_detail},
            "broker": {"ok": broker_ok, "detail": broker_detail},
        },
        status=200 if ok else 503,
    )


def home(request):
    """The front door, by role: visitors see the landing page; reviewers their queue; consultants (and site
    staff) their client portfolio; employer members their dashboard (or a choice of employer)."""
    from django.shortcuts import redirect, render
    from django.urls import NoReverseMatch, reverse

    user = request.user
    if not user.is_authenticated:
        return render(request, "core/home.html")
    if user.is_reviewer:
        for name in ("audits:review-queue",):
            try:
                return redirect(reverse(name))
            except NoReverseMatch:
                continue
    if user.is_consultant or user.is_staff:
        from secor.web.current import current_employer

        if (
            user.is_consultant
            and current_employer(request) is not None
            and request.GET.get("portfolio") != "1"
        ):
            return redirect("web:dashboard")
        return redirect("web:portfolio")
    return redirect("web:dashboard")


def bench_hello(request):
    """A hello-world JSON answer: the baseline of ``benchmarks/web.py``. Routed only when the
    ``BENCHMARK_HELLO`` setting is on (never in a deployment)."""
    return JsonResponse({"hello": "world"})


def not_found(request, exception=None):
    """``handler404``: under ``/api/`` a URL that matches no route answers JSON like every other API error
    (the schema documents ``{"detail"}``); pages keep the site's 404 page."""
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
