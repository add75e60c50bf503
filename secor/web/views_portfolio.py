"""The employer list: a consultant's clients, a reviewer's partner's employers, or (staff) every employer, in
one sortable, filterable, paginated table read from the stored status, with a switch into any."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secor.core.fields import PROVINCE_CHOICES
from secor.employers.models import CertifyingPartner
from secor.web.portfolio import SORT_KEYS, portfolio_page

COLUMNS = [
    ("rag", "Mark"),
    ("name", "Employer"),
    ("province", "Province"),
    ("partner", "Partner"),
    ("status", "Status"),
    ("next_deadline", "Next deadline"),
    ("days_left", "Days left"),
    ("readiness", "Readiness"),
    ("risk", "Key-person risk"),
    ("program", "Program overdue"),
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


def list_title(user) -> str:
    if getattr(user, "is_consultant", False):
        return "Clients"
    return "Employers"


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    filters = portfolio_filters(request)
    data = portfolio_page(request.user, page=request.GET.get("page", 1), **filters)
    sort = filters["sort"]
    columns = []
    for key, label in COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": "Client" if key == "name" and request.user.is_consultant else label,
                "current": current,
                "aria_sort": ("descending" if descending else "ascending") if current else None,
                "next_sort": f"-{key}" if current and not descending else key,
            }
        )
    query = {k: v for k, v in filters.items() if v and k != "sort"}
    context = {
        **data,
        "title": list_title(request.user),
        "filters": filters,
        "columns": columns,
        "query": query,
        "provinces": PROVINCE_CHOICES,
        "partners": CertifyingPartner.objects.order_by("code").values_list("code", flat=True).distinct(),
    }
    template = (
        "portfolio/_table.html"
        if request.htmx and request.htmx.target == "portfolio-table"
        else ("portfolio/portfolio.html")
    )
    return render(request, template, context)
