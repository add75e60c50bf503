"""The audit review window (provinces.review_window): 12 months before data gathering through its last day;
since the last audit for maintenance and recertification. Boundaries: the day before/of/after, month ends,
leap days."""

from __future__ import annotations

import datetime as dt

import pytest

from provinces.review_window import review_window

D = dt.date


START, END = D(2026, 3, 2), D(2026, 3, 6)


def window(province="AB", kind="certification", start=START, end=END, last=None):
    return review_window(
        province, kind=kind, data_gathering_starts=start, data_gathering_ends=end, last_audit_ended_on=last
    )


def test_twelve_months_before_data_gathering_through_its_last_day():
    w = window()
    assert (w.starts_on, w.ends_on) == (D(2025, 3, 2), D(2026, 3, 6))
    assert not w.contains(D(2025, 3, 1))  # the day before
    assert w.contains(D(2025, 3, 2))  # the first day
    assert w.contains(D(2026, 3, 6))  # the last day of data gathering
    assert not w.contains(D(2026, 3, 7))  # the day after
    assert w.describe() == "2025-03-02 to 2026-03-06"
    assert w.stated
    assert "studylib.net" in w.reference


@pytest.mark.parametrize(
    ("start", "first"),
    [
        (D(2026, 3, 31), D(2025, 3, 31)),
        (D(2024, 2, 29), D(2023, 2, 28)),  # leap day back to a common year: the month end
        (D(2025, 2, 28), D(2024, 2, 28)),  # not the leap day
        (D(2025, 3, 1), D(2024, 3, 1)),
        (D(2026, 1, 31), D(2025, 1, 31)),
    ],
)
def test_month_ends_and_leap_days(start, first):
    assert window(start=start, end=start).starts_on == first


def test_without_a_last_day_the_window_ends_on_the_first_day():
    assert window(end=None).ends_on == D(2026, 3, 2)


def test_maintenance_starts_the_day_after_the_last_audit():
    w = window(kind="maintenance", last=D(2025, 6, 30))
    assert w.starts_on == D(2025, 7, 1)
    assert w.since_last_audit
    assert not w.contains(D(2025, 6, 30))
    assert w.contains(D(2025, 7, 1))
    assert "since the last audit" in w.text


def test_maintenance_never_looks_back_more_than_twelve_months():
    w = window(kind="recertification", last=D(2024, 12, 31))
    assert w.starts_on == D(2025, 3, 2)
    assert not w.since_last_audit
    # a last audit ending the day before the 12-month start changes nothing either
    assert window(kind="maintenance", last=D(2025, 3, 1)).starts_on == D(2025, 3, 2)
    assert window(kind="maintenance", last=D(2025, 3, 2)).starts_on == D(2025, 3, 3)


def test_certification_ignores_the_last_audit():
    assert window(kind="certification", last=D(2025, 6, 30)).starts_on == D(2025, 3, 2)


@pytest.mark.parametrize(("province", "stated"), [("AB", True), ("BC", True), ("SK", False), ("MB", False)])
def test_per_province_source(province, stated):
    w = window(province=province)
    assert w.months == 12
    assert w.stated is stated
    assert w.reference.startswith("https://")
