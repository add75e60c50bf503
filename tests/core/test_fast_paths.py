"""The per-request shortcuts of the pages (docs/status.md, "What changed to get there"): SQL compiled once
(:mod:`secor.core.prepared`), the tenancy answers it gives, the Redis cache client kept, the navigation's URLs
reversed once. Each is checked against the slow path it replaces, on PostgreSQL and a real Redis."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from secor import tenancy
from secor.core.prepared import PreparedQuery
from secor.employers.models import Employer
from secor.status.models import EmployerStatus
from tests import factories as f
from tests.conftest import redis_available, require_service
from tests.tenancy.world import READERS, ROLES, WRITERS, build_world

pytestmark = pytest.mark.django_db


def test_prepared_query_runs_the_same_sql_with_new_values_and_converts_them():
    a = f.EmployerFactory(legal_name="Alpha Ltd.")
    b = f.EmployerFactory(legal_name="Beta Ltd.")
    query = PreparedQuery(
        lambda _context, marker: Employer.objects.filter(pk=marker).values_list(
            "pk", "legal_name", "rule_readings"
        ),
        nargs=1,
    )
    assert query.rows("one", [a.pk]) == list(
        Employer.objects.filter(pk=a.pk).values_list("pk", "legal_name", "rule_readings")
    )
    assert query.rows("one", [b.pk])[0][1] == "Beta Ltd."
    # A JSON column comes back as Python data, as through the ORM (not the text of the JSON).
    assert query.rows("one", [b.pk])[0][2] == b.rule_readings
    assert len(query._compiled) == 1  # one shape, compiled once
    assert query.rows("one", [10**9]) == []


def test_prepared_query_refuses_a_value_the_orm_transformed():
    # icontains wraps the value in %…%: the marker never reaches the params unchanged.
    query = PreparedQuery(lambda _c, marker: Employer.objects.filter(legal_name__icontains=marker), nargs=1)
    with pytest.raises(ValueError, match="did not reach the SQL"):
        query.rows("shape", [1])


def test_employer_access_gives_the_scope_answer_for_every_role_and_stays_live():
    world = build_world()
    for role in ROLES:
        user = world.user(role)
        if user is None:
            continue
        for employer in (world.employer, world.other):
            visible = tenancy.scope(Employer.objects.filter(pk=employer.pk), user).exists()
            found = tenancy.employer_access(user, employer.pk)
            assert (found is not None) == visible, (role, employer)
            if found is not None:
                assert (
                    found[1]
                    == tenancy.scope(Employer.objects.filter(pk=employer.pk), user, write=True).exists()
                )
        if role in READERS:
            assert tenancy.employer_access(user, world.employer.pk) is not None, role
            assert tenancy.employer_access(user, world.employer.pk)[1] is (role in WRITERS)
    # The SQL is kept, the answer is not: a revoked grant is seen at the next call.
    consultant = world.user("consultant_active")
    grant = consultant.consultant_firm.grants.get(employer=world.employer)
    grant.revoked_at = grant.granted_at
    grant.save()
    assert tenancy.employer_access(consultant, world.employer.pk) is None
    # A deleted employer is nobody's, staff's included.
    Employer.objects.filter(pk=world.employer.pk).update(deleted_at=grant.granted_at)
    assert tenancy.employer_access(world.user("staff"), world.employer.pk) is None


def test_direct_scope_of_the_stored_statuses_is_the_same_rows_as_the_employer_scope():
    """Both forms of the direct scope (IN lists, row-by-row probes) against the scope through employers."""
    from secor.status.services import recompute

    world = build_world()
    deleted = f.EmployerFactory(legal_name="Gone Ltd.")
    f.EmployerMembershipFactory(user=world.user("employer_admin"), employer=deleted)
    recompute([world.employer.pk, world.other.pk, deleted.pk])
    # A deleted employer whose row is still there (its recompute has not run yet) is in neither list.
    Employer.objects.filter(pk=deleted.pk).update(deleted_at=world.employer.created_at)
    assert EmployerStatus.objects.filter(employer_id=deleted.pk).exists()
    for role in ROLES:
        user = world.user(role)
        if user is None:
            continue
        for write in (False, True):
            slow = set(
                tenancy.scope(EmployerStatus.objects.all(), user, write=write).values_list(
                    "employer_id", flat=True
                )
            )
            for probe in (False, True):
                fast = set(
                    tenancy.scope(
                        EmployerStatus.objects.all(), user, write=write, direct=True, probe=probe
                    ).values_list("employer_id", flat=True)
                )
                assert fast == slow, (role, write, probe)
                assert deleted.pk not in fast


def test_the_session_employer_is_read_again_after_its_records_change(client):
    employer = f.EmployerFactory(legal_name="First Name Ltd.", operating_name="")
    f.EnrolmentFactory(employer=employer)
    admin = f.employer_admin(employer)
    client.force_login(admin)
    assert "First Name Ltd." in client.get("/dashboard/").content.decode()
    employer.legal_name = "Second Name Ltd."
    employer.save()  # recomputes the status row: a new version, a new cache key
    page = client.get("/dashboard/").content.decode()
    assert "Second Name Ltd." in page
    assert "First Name Ltd." not in page


def test_the_only_employer_is_kept_in_the_session(client):
    employer = f.EmployerFactory()
    f.EnrolmentFactory(employer=employer)
    client.force_login(f.employer_admin(employer))
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/dashboard/").status_code == 200
    # No "find the user's only employer" query the second time: the session names it.
    assert not any(
        "accounts_employermembership" in q["sql"] and "DISTINCT" in q["sql"] for q in ctx.captured_queries
    )


def test_redis_cache_keeps_one_client_and_behaves_as_djangos():
    require_service(redis_available(), "Redis (REDIS_URL)")
    location = settings.CELERY_BROKER_URL
    with override_settings(
        CACHES={
            "default": settings.CACHES["default"],
            "fast": {
                "BACKEND": "secor.core.cache.RedisCache",
                "LOCATION": location,
                "KEY_PREFIX": "fast-test",
            },
        }
    ):
        cache = caches["fast"]
        cache.clear()
        cache.set("a", {"x": 1})
        cache.set("n", 1)
        assert cache.get("a") == {"x": 1}
        assert cache.incr("n") == 2
        assert cache.get_many(["a", "n", "missing"]) == {"a": {"x": 1}, "n": 2}
        cache.delete_many(["a", "n"])
        assert cache.get("a") is None
        client = cache._cache.get_client()
        assert cache._cache.get_client() is client
        assert cache._cache.get_client(write=True) is client  # one server: one pool, one client
        cache.clear()


def test_navigation_urls_follow_a_changed_url_configuration(rf):
    from secor.web.templatetags.web import url_or_none

    assert url_or_none("web:dashboard") == "/dashboard/"
    with override_settings(ROOT_URLCONF="tests.core.urls_empty"):
        assert url_or_none("web:dashboard") is None
    assert url_or_none("web:dashboard") == "/dashboard/"


def test_prepared_instances_are_the_orms_instances_and_load_a_column_not_read():
    from secor.core.prepared import instances
    from secor.status.services import recompute

    employer = f.EmployerFactory(legal_name="Gamma Ltd.", operating_name="")
    f.EnrolmentFactory(employer=employer)
    recompute([employer.pk])
    names = ("employer_id", "name", "rag", "reasons", "version")
    rows = EmployerStatus.objects.filter(employer_id=employer.pk).values_list(*names)
    (built,) = instances(EmployerStatus, names, list(rows), "default")
    orm = EmployerStatus.objects.only(*names).get(employer_id=employer.pk)
    assert [getattr(built, n) for n in names] == [getattr(orm, n) for n in names]
    assert built.pk == employer.pk
    assert not built._state.adding
    assert built.as_of == orm.as_of  # not read: loaded on access, as with only()


def test_unread_count_of_the_navigation_counts_only_the_users_unread_notices():
    from django.utils import timezone

    from secor.reminders.models import Notification
    from secor.web.templatetags.web import unread_count

    employer = f.EmployerFactory()
    me, other = f.employer_admin(employer), f.employer_admin(employer)
    assert unread_count(me) == 0
    for user, read in ((me, None), (me, None), (me, timezone.now()), (other, None)):
        Notification.objects.create(user=user, employer=employer, title="t", read_at=read)
    assert unread_count(me) == 2
    assert unread_count(other) == 1


def test_a_list_page_is_the_same_rows_in_the_same_order_with_row_by_row_tenancy(monkeypatch):
    from secor.status.services import recompute
    from secor.web import portfolio

    consultant = f.consultant_for(None)
    firm = consultant.consultant_firm
    ids = []
    for i in range(7):
        employer = f.EmployerFactory(legal_name=f"Client {i} Ltd.", operating_name="")
        f.EnrolmentFactory(employer=employer)
        f.ConsultantAccessFactory(employer=employer, firm=firm)
        ids.append(employer.pk)
    f.EmployerFactory(legal_name="Not a client Ltd.")
    recompute(ids)
    for sort in ("rag", "name", "-days_left"):
        filters = {"province": "", "partner": "", "rag": "", "q": "", "sort": sort}
        hashed = portfolio.page_statuses(consultant, filters, 0, 5, probe=False)
        probed = portfolio.page_statuses(consultant, filters, 0, 5, probe=True)
        assert [s.employer_id for s in probed] == [s.employer_id for s in hashed], sort
        assert len(hashed) == 5
    # portfolio_page picks the probes for a list that is most of the table
    monkeypatch.setattr(portfolio, "PROBE_FROM", 2)
    seen = []
    original = portfolio.page_statuses
    monkeypatch.setattr(
        portfolio, "page_statuses", lambda *a, **k: seen.append(k["probe"]) or original(*a, **k)
    )
    page = portfolio.portfolio_page(consultant, sort="name")
    assert seen == [True]
    assert [r.employer_id for r in page["rows"]] == sorted(ids, key=lambda pk: f"client {ids.index(pk)} ltd.")


def test_prepared_query_is_prepared_once_per_postgresql_session_and_again_after_a_reconnect():
    if connection.vendor != "postgresql":
        pytest.skip("server-side prepared statements are PostgreSQL's")
    a = f.EmployerFactory(legal_name="Alpha Ltd.")
    query = PreparedQuery(
        lambda _context, marker: Employer.objects.filter(pk=marker, legal_name__startswith="Al").values_list(
            "legal_name"
        ),
        nargs=1,
    )
    name = query.compiled("one").name
    with CaptureQueriesContext(connection) as ctx:
        assert query.rows("one", [a.pk]) == [("Alpha Ltd.",)]
        assert query.rows("one", [a.pk]) == [("Alpha Ltd.",)]
    # One statement per call (the PREPARE travels with the first EXECUTE): query counts do not change.
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["PREPARE", "EXECUTE"]
    assert "'Al%'" in ctx.captured_queries[0]["sql"]  # the constant is written into the statement
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [name])
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_prepared_query_prepares_again_on_a_new_database_session():
    if connection.vendor != "postgresql":
        pytest.skip("server-side prepared statements are PostgreSQL's")
    a = f.EmployerFactory(legal_name="Alpha Ltd.")
    query = PreparedQuery(
        lambda _c, marker: Employer.objects.filter(pk=marker).values_list("legal_name"), nargs=1
    )
    assert query.rows("one", [a.pk]) == [("Alpha Ltd.",)]
    connection.close()
    assert query.rows("one", [a.pk]) == [("Alpha Ltd.",)]
    with override_settings(DATABASE_SERVER_PREPARE=False), CaptureQueriesContext(connection) as ctx:
        assert query.rows("one", [a.pk]) == [("Alpha Ltd.",)]
    assert ctx.captured_queries[0]["sql"].startswith("SELECT")
