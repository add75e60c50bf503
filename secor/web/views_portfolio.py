"""The employer list: a consultant's clients, a reviewer's partner's employers, or (staff) every employer, in
one sortable, filterable, paginated table read from the stored status, with a switch into any."""

from __future__ import annotations

import functools
import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from secor.core.fields import PROVINCE_CHOICES
from secor.web.fragments import CSRF_PLACEHOLDER, render_version, with_csrf_token
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


def row_keys(rows: list[PortfolioRow], *, clients: bool) -> list[str | None]:
    """The cache key of each row's ``<tr>``: its stored status's version (a new one at every recompute), the
    day, whether it is stale and the list's kind. ``None`` for a placeholder row (being worked out)."""
    render = render_version()
    return [
        None
        if row.status.version is None
        else f"portfolio-row:{render}:{row.employer_id}:{row.status.version}:{row.as_of}:"
        f"{int(row.stale)}:{int(clients)}"
        for row in rows
    ]


def rows_html(
    rows: list[PortfolioRow], *, clients: bool, keys: list[str | None] | None = None
) -> list[SafeString]:
    """Each row's ``<tr>``, rendered once per version of its stored status (a new version at every
    recompute) and day, then read from the cache: one cache round trip for the page's rows. Rows carry no
    per-request token (their "Open" buttons submit the table's one switch form)."""
    template = get_template("portfolio/_row.html")
    switch = reverse("web:switch_employer", args=[0])
    if keys is None:
        keys = row_keys(rows, clients=clients)
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
    clients = bool(request.user.is_consultant)
    context = {
        **data,
        "title": list_title(request.user),
        "filters": filters,
        "columns": columns,
        "query": query,
        "provinces": PROVINCE_CHOICES,
        "partners": partner_codes(),
    }
    table_only = bool(request.htmx and request.htmx.target == "portfolio-table")
    html = page_html(context, clients=clients, table_only=table_only)
    html = mark_safe(with_csrf_token(request, html))  # noqa: S308 - our own output
    if table_only:
        return HttpResponse(html)
    return render(request, "portfolio/portfolio.html", {"title": context["title"], "content": html})


PAGE_SECONDS = 3600


def page_html(context: dict, *, clients: bool, table_only: bool) -> str:
    """The list's body (the filters, the counts, the table, the pages), or the table alone for htmx: kept in
    the cache under a digest of everything it shows (template version, kind of list, filters, counts, page,
    and each row's key, which holds its status version). A page whose rows all have a version is read back in
    one cache round trip; a page with a placeholder row is rendered each time."""
    rows = context["rows"]
    keys = row_keys(rows, clients=clients)
    page = context["page"]
    key = None
    if all(keys):
        shown = (
            render_version(),
            table_only,
            context["title"],
            sorted(context["filters"].items()),
            sorted(context["counts"].items()),
            context["total"],
            context["updating"],
            page.number,
            page.paginator.num_pages,
            keys,
        )
        key = "portfolio-page:" + hashlib.sha256(repr(shown).encode()).hexdigest()
        html = cache.get(key)
        if html is not None:
            return html
    context = {
        **context,
        "rows_html": rows_html(rows, clients=clients, keys=keys),
        "csrf_token": CSRF_PLACEHOLDER,
    }
    html = render_to_string("portfolio/_table.html" if table_only else "portfolio/_content.html", context)
    if key:
        cache.set(key, html, PAGE_SECONDS)
    return html
