from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def make_clients(firm, n, start=0):
    employers = []
    for i in range(start, start + n):
        employer = f.EmployerFactory(legal_name=f"Client {i:02d} Ltd.")
        f.ConsultantAccessFactory(employer=employer, firm=firm)
        f.EnrolmentFactory(employer=employer, registered_on=dt.date(2026, 1, 10))
        f.WCBAccountFactory(employer=employer)
        f.PersonFactory(employer=employer)
        employers.append(employer)
    return employers


@pytest.fixture
def consultant(db):
    firm = f.ConsultantFirmFactory(name="Safety First")
    return f.UserFactory(email="c@example.com", consultant_firm=firm)


def test_portfolio_lists_only_granted_clients(client, consultant):
    make_clients(consultant.consultant_firm, 2)
    f.EnrolmentFactory()  # someone else's employer
    client.force_login(consultant)
    body = client.get(reverse("web:portfolio")).content.decode()
    assert body.count('data-rag="') == 2
    assert "Client 00" in body
    assert "Client 01" in body


def test_filter_and_sort(client, consultant):
    make_clients(consultant.consultant_firm, 3)
    sk = f.EmployerFactory(legal_name="Zed Saskatoon Ltd.", province="SK")
    f.ConsultantAccessFactory(employer=sk, firm=consultant.consultant_firm)
    f.EnrolmentFactory(employer=sk, partner=f.partner("SK", "SCSA"))
    client.force_login(consultant)
    body = client.get(reverse("web:portfolio"), {"province": "SK"}).content.decode()
    assert body.count('data-rag="') == 1
    assert "Zed Saskatoon" in body
    body = client.get(reverse("web:portfolio"), {"sort": "-name"}).content.decode()
    assert body.index("Zed Saskatoon") < body.index("Client 00")
    assert 'aria-sort="descending"' in body
    fragment = client.get(
        reverse("web:portfolio"), {"q": "client 01"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="portfolio-table"
    ).content.decode()
    assert "<html" not in fragment
    assert fragment.count('data-rag="') == 1


def test_switch_into_client_opens_its_dashboard(client, consultant):
    employer = make_clients(consultant.consultant_firm, 1)[0]
    client.force_login(consultant)
    response = client.post(
        reverse("web:switch_employer", args=[employer.pk]), {"next": reverse("web:dashboard")}
    )
    assert response["Location"] == reverse("web:dashboard")
    body = client.get(reverse("web:dashboard")).content.decode()
    assert employer.display_name in body


def test_revoked_client_drops_out(client, consultant):
    employer = make_clients(consultant.consultant_firm, 1)[0]
    client.force_login(consultant)
    client.post(reverse("web:switch_employer", args=[employer.pk]))
    employer.consultant_grants.update(revoked_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    assert client.get(reverse("web:dashboard"))["Location"] == reverse("web:portfolio")


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_clients(client, consultant):
    """Everything the engine reads is prefetched: 12 clients cost the same queries as 3."""
    firm = consultant.consultant_firm
    make_clients(firm, 3)
    client.force_login(consultant)
    url = reverse("web:portfolio")
    q3 = _queries(client, url)
    make_clients(firm, 9, start=3)
    q12 = _queries(client, url)
    assert q12 == q3
    assert q3 <= 25
