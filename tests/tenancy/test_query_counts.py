"""List endpoints use a fixed number of queries, however many rows (and whatever the role: the scope is one
subquery, not a query per employer)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests import factories as f
from tests.tenancy.world import ENDPOINTS

pytestmark = pytest.mark.django_db


def add_rows(employer, n: int, start: int) -> None:
    """``n`` more rows of every kind for ``employer``."""
    for i in range(start, start + n):
        person = f.PersonFactory(employer=employer)
        if i < 4:  # one row per province at most
            f.OperatingProvinceFactory(employer=employer, province=["AB", "SK", "BC", "MB"][i])
        f.WCBAccountFactory(employer=employer)
        f.MembershipFactory(employer=employer)
        f.EnrolmentFactory(employer=employer)
        f.HeadcountSnapshotFactory(employer=employer, month=dt.date(2000 + i, 1, 1))
        f.PayrollYearFactory(employer=employer, year=1990 + i)
        f.TrainingRecordFactory(person=person)
        extra = f.EmployerFactory()
        f.EmployerMembershipFactory(user=employer._admin, employer=extra)
        f.OperatingProvinceFactory(employer=extra, province="AB")


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["admin", "consultant", "reviewer", "staff"])
@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_list_query_count_does_not_grow_with_rows(kind, role):
    employer = f.EmployerFactory()
    employer._admin = f.employer_admin(employer)
    f.EnrolmentFactory(employer=employer)  # the ACSA reviewer's way in
    user = {
        "admin": lambda: employer._admin,
        "consultant": lambda: f.consultant_for(employer),
        "reviewer": lambda: f.reviewer_of("AB", "ACSA"),
        "staff": lambda: f.staff_user(),
    }[role]()
    client = APIClient()
    client.force_authenticate(user)
    url = ENDPOINTS[kind]

    add_rows(employer, 1, 0)
    few = count_queries(client, url)
    add_rows(employer, 9, 1)
    many = count_queries(client, url)
    assert many == few, f"{url}: {few} queries for a few rows, {many} for more"
    assert many <= 6


def test_reference_lists_query_count():
    client = APIClient()
    client.force_authenticate(f.UserFactory())
    for url in ("/api/partners/", "/api/courses/", "/api/consultant-firms/"):
        assert count_queries(client, url) <= 4, url
