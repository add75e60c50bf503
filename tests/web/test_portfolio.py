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


def bulk_clients(firm, n, *, start=0, rag="green", attention=None, partner=None):
    """``n`` clients with a current stored status, written in bulk (cheap enough for 10,000): granted to
    ``firm``, or (``firm=None``) registered with ``partner``."""
    from django.utils import timezone

    from secor.accounts.models import ConsultantAccess
    from secor.employers.models import Employer
    from secor.status.compute import rules_version
    from secor.status.models import RAG_ORDER, EmployerStatus

    today = timezone.localdate()
    employers = Employer.objects.bulk_create(
        [Employer(legal_name=f"Bulk {start + i:05d} Ltd.", province="AB") for i in range(n)], batch_size=2000
    )
    if firm is not None:
        ConsultantAccess.objects.bulk_create(
            [ConsultantAccess(employer=e, firm=firm) for e in employers], batch_size=2000
        )
    if partner is not None:
        from secor.employers.models import Enrolment

        Enrolment.objects.bulk_create(
            [Enrolment(employer=e, partner=partner, registered_on=dt.date(2026, 1, 10)) for e in employers],
            batch_size=2000,
        )
    EmployerStatus.objects.bulk_create(
        [
            EmployerStatus(
                employer=e,
                name=e.legal_name,
                sort_name=e.legal_name.lower(),
                province="AB",
                partner_code="ACSA",
                status_label="Registered",
                rag=rag,
                rag_order=RAG_ORDER[rag],
                reasons=[],
                next_deadline_due=attention,
                attention_on=attention,
                as_of=today,
                rules_version=rules_version(),
                computed_at=timezone.now(),
            )
            for e in employers
        ],
        batch_size=2000,
    )
    from secor.status.services import bump_generation

    bump_generation()  # bulk writes send no signals: say the statuses changed, as bulk writers must
    return employers


def test_counts_taken_while_a_status_changes_are_taken_again(client, consultant, monkeypatch):
    """The counts by mark are kept with the generation they were counted at: a status that changes while
    they are being counted makes them out of date, and the next page counts again."""
    from secor.status.services import bump_generation
    from secor.web import portfolio

    bulk_clients(consultant.consultant_firm, 3)
    client.force_login(consultant)
    url = reverse("web:portfolio")
    original = portfolio.counts_by_mark
    counted = []

    def counts_by_mark(qs, today):
        counted.append(today)
        return original(qs, today)

    def changed_while_counting(qs, today):
        out = counts_by_mark(qs, today)
        bump_generation()  # another request changed a status meanwhile
        return out

    monkeypatch.setattr(portfolio, "counts_by_mark", changed_while_counting)
    assert "3 clients" in client.get(url).content.decode()
    monkeypatch.setattr(portfolio, "counts_by_mark", counts_by_mark)
    counted.clear()
    assert "3 clients" in client.get(url).content.decode()
    assert counted  # counted again
    counted.clear()
    client.get(url)
    assert not counted  # and kept since


def test_query_count_is_the_same_for_10_1000_and_10000_clients(client, consultant):
    """Sorting, filtering, counting and paging happen in SQL over the stored status: the page costs the
    same queries whatever the number of clients, and no client is left out."""
    firm = consultant.consultant_firm
    client.force_login(consultant)
    url = reverse("web:portfolio") + "?sort=days_left"
    bulk_clients(firm, 10)
    q10 = _queries(client, url)
    bulk_clients(firm, 990, start=10)
    q1000 = _queries(client, url)
    bulk_clients(firm, 9000, start=1000)
    q10000 = _queries(client, url)
    assert q10 == q1000 == q10000
    assert q10 <= 12
    assert _queries(client, url) <= q10 - 1  # read again: the counts come from the cache
    body = client.get(url + "&page=200").content.decode()
    assert "10000 clients" in body
    assert "Page 200 of 200" in body
    assert body.count('data-rag="') == 50
    assert "Bulk 09999 Ltd." in body  # the last one is there: nothing truncated at 500


def test_days_left_sort_puts_overdue_first(client, consultant):
    import datetime as dt

    from django.utils import timezone

    firm = consultant.consultant_firm
    today = timezone.localdate()
    bulk_clients(firm, 1, start=0, rag="green", attention=today + dt.timedelta(days=90))
    bulk_clients(firm, 1, start=1, rag="amber", attention=today + dt.timedelta(days=10))
    bulk_clients(firm, 1, start=2, rag="red", attention=today - dt.timedelta(days=30))
    bulk_clients(firm, 1, start=3, rag="grey", attention=None)
    client.force_login(consultant)
    body = client.get(reverse("web:portfolio"), {"sort": "days_left"}).content.decode()
    order = [body.index(f"Bulk {i:05d}") for i in (2, 1, 0, 3)]
    assert order == sorted(order)
    body = client.get(reverse("web:portfolio"), {"sort": "-days_left"}).content.decode()
    order = [body.index(f"Bulk {i:05d}") for i in (0, 1, 2, 3)]
    assert order == sorted(order)  # descending, and "no deadline" still last


def test_filters_apply_before_paging(client, consultant):
    firm = consultant.consultant_firm
    bulk_clients(firm, 60, rag="green")
    bulk_clients(firm, 3, start=60, rag="red")
    client.force_login(consultant)
    body = client.get(reverse("web:portfolio"), {"rag": "red"}).content.decode()
    assert body.count('data-rag="red"') == 3
    assert "3 clients" in body
    body = client.get(reverse("web:portfolio"), {"q": "Bulk 00061"}).content.decode()
    assert body.count('data-rag="') == 1


def test_reviewer_sees_their_partners_employers_in_the_list(client):
    employer = f.EmployerFactory(legal_name="Reviewed Roofing Ltd.")
    f.EnrolmentFactory(employer=employer, registered_on=dt.date(2026, 1, 10))
    other = f.EmployerFactory(legal_name="Elsewhere Ltd.", province="SK")
    f.EnrolmentFactory(employer=other, partner=f.partner("SK", "SCSA"))
    reviewer = f.UserFactory(email="r@example.com", reviewer_partner=f.partner("AB", "ACSA"))
    client.force_login(reviewer)
    body = client.get(reverse("web:portfolio")).content.decode()
    assert "<h1>Employers</h1>" in body
    assert "Reviewed Roofing" in body
    assert "Elsewhere" not in body


def test_rows_come_from_the_cache_until_their_status_changes(client, consultant):
    """Each row is rendered once per version of its stored status; a recompute (a new version) shows the
    new figures at once, and the "Open" buttons submit the page's one switch form (no token per row)."""
    from django.core.cache import cache

    from secor.status.models import EmployerStatus
    from secor.status.services import recompute

    cache.clear()
    employer = make_clients(consultant.consultant_firm, 1)[0]
    client.force_login(consultant)
    body = client.get(reverse("web:portfolio")).content.decode()
    switch = reverse("web:switch_employer", args=[employer.pk])
    assert f'form="switch-employer" formaction="{switch}"' in body
    assert '<form method="post" id="switch-employer"' in body
    rows = body[body.index("<tbody>") : body.index("</tbody>")]
    assert "csrfmiddlewaretoken" not in rows  # the token is in the one switch form, not per row
    from secor.web.fragments import render_version

    # Kept per version of what renders them too: a deployment with a new template starts afresh.
    assert any(k.startswith(f":1:portfolio-row:{render_version()}:") for k in cache._cache)  # noqa: SLF001
    EmployerStatus.objects.filter(employer=employer).update(name="Stale Cached Name")
    assert "Stale Cached Name" not in client.get(reverse("web:portfolio")).content.decode()
    employer.operating_name = "Renamed Roofing"
    employer.save()
    recompute([employer.pk])
    body = client.get(reverse("web:portfolio")).content.decode()
    assert "<strong>Renamed Roofing</strong>" in body
    assert "<strong>Client 00</strong>" not in body


def test_reviewer_list_query_count_is_the_same_for_10_1000_and_10000_employers(client):
    """The reviewer's list (every employer registered with the partner) reads the stored status the same
    way: constant queries, every employer reachable."""
    acsa = f.partner("AB", "ACSA")
    reviewer = f.UserFactory(email="r@example.com", reviewer_partner=acsa)
    client.force_login(reviewer)
    url = reverse("web:portfolio")
    bulk_clients(None, 10, partner=acsa)
    q10 = _queries(client, url)
    bulk_clients(None, 990, start=10, partner=acsa)
    q1000 = _queries(client, url)
    bulk_clients(None, 9000, start=1000, partner=acsa)
    q10000 = _queries(client, url)
    assert q10 == q1000 == q10000
    assert q10 <= 12
    body = client.get(url + "?sort=-name").content.decode()
    assert "10000 employers" in body
    assert "Bulk 09999 Ltd." in body
    assert body.count('data-rag="') == 50
