"""The employer list: a consultant's clients, a reviewer's partner's employers, or (staff) every employer, in
one sortable, filterable, paginated table read from the stored status, with a switch into any."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from secor.core.fields import PROVINCE_CHOICES
from secor.web.fragments import render_version
from secor.web.portfolio import SORT_KEYS, PortfolioRow, portfolio_page

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


ROW_SECONDS = 24 * 3600


@functools.cache
def partner_codes() -> list[str]:
    """The partners the filter offers: every partner the rules engine knows (the stored statuses' partner
    codes come from them), without a query."""
    import provinces

    codes = set()
    for province in provinces.provinces():
        partners = province.partners
        for partner in partners.values() if isinstance(partners, dict) else partners:
            codes.add(getattr(partner, "code", partner))
    return sorted(codes)


def rows_html(rows: list[PortfolioRow], *, clients: bool) -> list[SafeString]:
    """Each row's ``<tr>``, rendered once per version of its stored status (a new version at every
    recompute) and day, then read from the cache: one cache round trip for the page's rows. Rows carry no
    per-request token (their "Open" buttons submit the table's one switch form)."""
    template = get_template("portfolio/_row.html")
    switch = reverse("web:switch_employer", args=[0])
    render = render_version()

    def key(row: PortfolioRow) -> str | None:
        version = row.status.version
        if version is None:  # a placeholder (being worked out): not kept
            return None
        return (
            f"portfolio-row:{render}:{row.employer_id}:{version}:{row.as_of}:{int(row.stale)}:{int(clients)}"
        )

    keys = [key(row) for row in rows]
    cached = cache.get_many([k for k in keys if k])
    fresh = {}
    out = []
    for row, k in zip(rows, keys, strict=True):
        html = cached.get(k) if k else None
        if html is None:
            url = switch.replace("/0/", f"/{row.employer_id}/")
            html = template.render({"row": row, "clients": clients, "switch_url": url})
            if k:
                fresh[k] = html
        out.append(mark_safe(html))  # noqa: S308 - our own template's output
    if fresh:
        cache.set_many(fresh, ROW_SECONDS)
    return out


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
        "rows_html": rows_html(data["rows"], clients=bool(request.user.is_consultant)),
        "title": list_title(request.user),
        "filters": filters,
        "columns": columns,
        "query": query,
        "provinces": PROVINCE_CHOICES,
        "partners": partner_codes(),
    }
    template = (
        "portfolio/_table.html"
        if request.htmx and request.htmx.target == "portfolio-table"
        else ("portfolio/portfolio.html")
    )
    return render(request, template, context)
