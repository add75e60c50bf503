"""The consultant portfolio page: every client in one sortable, filterable table, with a switch into any."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secor.core.fields import PROVINCE_CHOICES
from secor.employers.models import CertifyingPartner
from secor.web.portfolio import SORT_KEYS, portfolio_rows

COLUMNS = [
    ("rag", "Mark"),
    ("name", "Client"),
    ("province", "Province"),
    ("partner", "Partner"),
    ("status", "Status"),
    ("next_deadline", "Next deadline"),
    ("days_left", "Days left"),
    ("readiness", "Readiness"),
    ("risk", "Trained-person risk"),
]


def portfolio_filters(request: HttpRequest) -> dict[str, str]:
    get = request.GET
    sort = get.get("sort", "rag")
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "rag"
    rag = get.get("rag", "")
    return {
        "province": get.get("province", "") if get.get("province", "") in dict(PROVINCE_CHOICES) else "",
        "partner": get.get("partner", "")[:20],
        "rag": rag if rag in ("red", "amber", "green", "grey") else "",
        "q": get.get("q", "").strip()[:100],
        "sort": sort,
    }


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    filters = portfolio_filters(request)
    rows = portfolio_rows(request.user, **filters)
    sort = filters["sort"]
    columns = []
    for key, label in COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": label,
                "current": current,
                "aria_sort": ("descending" if descending else "ascending") if current else None,
                "next_sort": f"-{key}" if current and not descending else key,
            }
        )
    query = {k: v for k, v in filters.items() if v and k != "sort"}
    context = {
        "rows": rows,
        "filters": filters,
        "columns": columns,
        "query": query,
        "provinces": PROVINCE_CHOICES,
        "partners": CertifyingPartner.objects.order_by("code").values_list("code", flat=True).distinct(),
        "counts": {rag: sum(1 for r in rows if r.rag == rag) for rag in ("red", "amber", "green", "grey")},
    }
    template = (
        "portfolio/_table.html"
        if request.htmx and request.htmx.target == "portfolio-table"
        else ("portfolio/portfolio.html")
    )
    return render(request, template, context)
