"""The headcount chart: people counted month by month against the partner's limit, drawn as inline SVG on
the server.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from provinces import base as rules
from provinces.dates import add_months
from secor.employers.models import Employer, Enrolment
from secor.web.matrix import counted_categories


def headcount_series(
    employer: Employer,
    enrolment: Enrolment,
    as_of: date,
    months: int = 24,
    *,
    people: list[Any] | None = None,
    snapshot_rows: list[Any] | None = None,
) -> list[dict[str, Any]]:
    """Counted workers per month for the last ``months`` months: people at work at any time in the month whose
    category the partner counts, or the month's entered snapshot when that is higher."""
    categories = counted_categories(enrolment, as_of)
    if people is None:
        people = list(employer.people.filter(deleted_at__isnull=True))
    if snapshot_rows is None:
        snapshot_rows = list(employer.headcount_snapshots.all())
    snapshots = {s.month: s.workers for s in snapshot_rows}
    first = add_months(as_of.replace(day=1), -(months - 1))
    series = []
    for i in range(months):
        month = add_months(first, i)
        month_end = add_months(month, 1) - timedelta(days=1)
        count = 0
        for p in people:
            if p.category == "supplier_visitor":
                continue
            if categories is not None and rules.PersonCategory(p.category) not in categories:
                continue
            if p.start_date <= month_end and (p.end_date is None or p.end_date > month):
                count += 1
        count = max(count, snapshots.get(month, 0))
        series.append({"month": month, "count": count})
    return series


def headcount_chart(
    series: list[dict[str, Any]], limit: float | None, inclusive: bool = True
) -> dict[str, Any]:
    """Geometry for the SVG: bars per month and a dashed line at the limit. Pure data; the template draws."""
    width, height, left, bottom, top, right = 640, 240, 36, 28, 14, 10
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([s["count"] for s in series] + [0])
    y_max = max(peak, (limit or 0) + 2, 5)
    n = max(len(series), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.7, 2)

    def y(value: float) -> float:
        return round(top + plot_h - (value / y_max) * plot_h, 1)

    bars = []
    for i, s in enumerate(series):
        over = limit is not None and (s["count"] > limit if inclusive else s["count"] >= limit)
        bars.append(
            {
                "x": round(left + i * slot + (slot - bar_w) / 2, 1),
                "y": y(s["count"]),
                "w": round(bar_w, 1),
                "h": round(top + plot_h - y(s["count"]), 1),
                "over": over,
                "label": f"{s['month']:%b %Y}: {s['count']}",
                "tick": s["month"].month in (1, 7) or (i == 0 and s["month"].month not in (6, 12)),
                "tick_label": f"{s['month']:%b %y}",
                "tick_x": round(left + i * slot + slot / 2, 1),
                "count": s["count"],
            }
        )
    ticks = sorted({0, round(y_max / 2), round(y_max)})
    return {
        "width": width,
        "height": height,
        "left": left,
        "plot_right": width - right,
        "baseline": top + plot_h,
        "bars": bars,
        "limit": limit,
        "limit_y": y(limit) if limit is not None else None,
        "y_ticks": [{"value": t, "y": y(t)} for t in ticks],
        "peak": peak,
        "any_over": any(b["over"] for b in bars),
        "summary": (
            f"Highest month: {peak} counted workers; the limit is {limit:g}."
            if limit is not None
            else f"Highest month: {peak} counted workers."
        ),
    }
