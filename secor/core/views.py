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
    """Landing page (the dashboards replace this for logged-in users)."""
    from django.shortcuts import render

    return render(request, "core/home.html")
