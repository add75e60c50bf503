"""Bad input is a 400 with a message on the field, never a 500, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer():
    return f.EmployerFactory()


@pytest.fixture
def admin(employer):
    return f.employer_admin(employer)


@pytest.fixture
def client(admin):
    c = APIClient()
    c.force_authenticate(admin)
    return c


@pytest.mark.parametrize(
    ("board", "number", "ok"),
    [
        pytest.param("WCB-AB", "1234567", True, id="ab-7-digits"),
        pytest.param("WCB-AB", "123456789", True, id="ab-9-digits"),
        pytest.param("WCB-AB", "123456", False, id="ab-6-digits"),
        pytest.param("WCB-AB", "1234567890", False, id="ab-10-digits"),
        pytest.param("WCB-AB", "12A4567", False, id="ab-letter"),
        pytest.param("WCB-SK", "123456", True, id="sk-6-digits"),
        pytest.param("WCB-SK", "12345678", True, id="sk-8-digits"),
        pytest.param("WCB-SK", "123456789", False, id="sk-9-digits"),
        pytest.param("WSBC", "123456", True, id="bc-6-digits"),
        pytest.param("WSBC", "123456789-001", True, id="bc-with-suffix"),
        pytest.param("WSBC", "123456-01", False, id="bc-short-suffix"),
        pytest.param("WCB-MB", "1234567890", True, id="mb-10-digits"),
        pytest.param("WCB-MB", "12345", False, id="mb-5-digits"),
        pytest.param("WCB-AB", "", False, id="empty"),
    ],
)
def test_wcb_account_number_validated_per_board(client, employer, board, number, ok):
    response = client.post(
        "/api/wcb-accounts/",
        {"employer": employer.pk, "board": board, "account_number": number},
        format="json",
    )
    if ok:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 400
        assert "account_number" in response.json()
        assert employer.wcb_accounts.count() == 0


def test_wcb_account_message_names_the_expected_format(client, employer):
    response = client.post(
        "/api/wcb-accounts/",
        {"employer": employer.pk, "board": "WCB-SK", "account_number": "12"},
        format="json",
    )
    assert response.status_code == 400
    assert "6 to 8 digits" in response.json()["account_number"][0]


def test_wcb_account_number_checked_on_update_against_the_new_board(client, employer):
    account = f.WCBAccountFactory(employer=employer, board="WCB-MB", account_number="1234567890")
    response = client.patch(f"/api/wcb-accounts/{account.pk}/", {"board": "WCB-SK"}, format="json")
    assert response.status_code == 400
    assert "account_number" in response.json()
    account.refresh_from_db()
    assert account.board == "WCB-MB"


def test_wcb_account_duplicate_number_is_400(client, employer):
    f.WCBAccountFactory(board="WCB-AB", account_number="7777777")
    response = client.post(
        "/api/wcb-accounts/",
        {"employer": employer.pk, "board": "WCB-AB", "account_number": "7777777"},
        format="json",
    )
    assert response.status_code == 400


def test_wcb_account_end_before_start(client, employer):
    response = client.post(
        "/api/wcb-accounts/",
        {
            "employer": employer.pk,
            "board": "WCB-AB",
            "account_number": "1234567",
            "active_from": "2024-05-01",
            "active_to": "2024-04-30",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "active_to" in response.json()


def person_body(employer, **overrides):
    return {
        "employer": employer.pk,
        "first_name": "Ada",
        "category": "casual",
        "start_date": "2024-01-01",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"end_date": "2023-12-31"}, "end_date", id="end-before-start"),
        pytest.param({"hours_per_week": "168.01"}, "hours_per_week", id="hours-over-168"),
        pytest.param({"hours_per_week": "999"}, "hours_per_week", id="hours-999"),
        pytest.param({"hours_per_week": "-1"}, "hours_per_week", id="hours-negative"),
        pytest.param({"category": "astronaut"}, "category", id="unknown-category"),
        pytest.param({"category": ""}, "category", id="blank-category"),
        pytest.param({"start_date": "2024-02-30"}, "start_date", id="impossible-date"),
        pytest.param({"start_date": None}, "start_date", id="no-start"),
        pytest.param({"province": "ON"}, "province", id="unknown-province"),
        pytest.param({"first_name": ""}, "first_name", id="no-name"),
    ],
)
def test_person_validation(client, employer, overrides, field):
    response = client.post("/api/people/", person_body(employer, **overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert employer.people.count() == 0


@pytest.mark.parametrize(
    ("hours", "status"),
    [
        pytest.param("168", 201, id="168-ok"),
        pytest.param("168.00", 201, id="168.00-ok"),
        pytest.param("0", 201, id="0"),
    ],
)
def test_person_hours_boundary(client, employer, hours, status):
    response = client.post("/api/people/", person_body(employer, hours_per_week=hours), format="json")
    assert response.status_code == status


def test_person_end_on_start_day_is_allowed(client, employer):
    response = client.post("/api/people/", person_body(employer, end_date="2024-01-01"), format="json")
    assert response.status_code == 201


def test_person_update_end_before_start(client, employer):
    person = f.PersonFactory(employer=employer, start_date=dt.date(2024, 1, 1))
    response = client.patch(f"/api/people/{person.pk}/", {"end_date": "2023-06-30"}, format="json")
    assert response.status_code == 400
    assert "end_date" in response.json()
    person.refresh_from_db()
    assert person.end_date is None


def test_person_wcb_account_of_another_employer_is_refused(client, employer):
    other_account = f.WCBAccountFactory()  # another tenant's: invisible, so "does not exist"
    response = client.post("/api/people/", person_body(employer, wcb_account=other_account.pk), format="json")
    assert response.status_code == 400
    assert "wcb_account" in response.json()


def test_person_wcb_account_of_my_other_employer_is_refused(client, admin, employer):
    """Visible to the user (they administer both employers) but belongs to another employer."""
    second = f.EmployerFactory()
    f.EmployerMembershipFactory(user=admin, employer=second)
    account = f.WCBAccountFactory(employer=second)
    response = client.post("/api/people/", person_body(employer, wcb_account=account.pk), format="json")
    assert response.status_code == 400
    assert "another employer" in response.json()["wcb_account"][0]


def test_membership_end_before_registration(client, employer):
    response = client.post(
        "/api/memberships/",
        {
            "employer": employer.pk,
            "partner": f.partner("AB", "ACSA").pk,
            "registered_on": "2024-01-10",
            "ended_on": "2024-01-09",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ended_on" in response.json()


def test_enrolment_certificate_dates_are_the_partners(client, employer):
    response = client.post(
        "/api/enrolments/",
        {
            "employer": employer.pk,
            "partner": f.partner("AB", "ACSA").pk,
            "registered_on": "2024-01-10",
            "issued_on": "2025-01-10",
            "expires_on": "2025-01-10",
        },
        format="json",
    )
    assert response.status_code == 403
    assert "declare" in response.json()["detail"]
    assert not employer.enrolments.exists()


def test_enrolment_unknown_partner_is_400(client, employer):
    response = client.post(
        "/api/enrolments/",
        {"employer": employer.pk, "partner": 999999, "registered_on": "2024-01-10"},
        format="json",
    )
    assert response.status_code == 400
    assert "partner" in response.json()


def test_headcount_month_must_be_first_day(client, employer):
    response = client.post(
        "/api/headcount-snapshots/",
        {"employer": employer.pk, "month": "2025-02-15", "workers": 3},
        format="json",
    )
    assert response.status_code == 400
    assert "month" in response.json()


def test_headcount_duplicate_month_is_400(client, employer):
    f.HeadcountSnapshotFactory(employer=employer, month=dt.date(2025, 2, 1))
    response = client.post(
        "/api/headcount-snapshots/",
        {"employer": employer.pk, "month": "2025-02-01", "workers": 3},
        format="json",
    )
    assert response.status_code == 400


def test_operating_province_duplicate_is_400(client, employer):
    f.OperatingProvinceFactory(employer=employer, province="AB")
    response = client.post(
        "/api/operating-provinces/", {"employer": employer.pk, "province": "AB"}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("not json", id="text"),
        pytest.param([], id="list"),
        pytest.param({"employer": "abc"}, id="employer-not-a-number"),
        pytest.param({"employer": None}, id="employer-null"),
        pytest.param({"employer": {"id": 1}}, id="employer-object"),
    ],
)
def test_garbage_is_400(client, body):
    response = client.post("/api/people/", body, format="json")
    assert response.status_code == 400


def test_training_record_in_the_future_is_400(client, employer):
    person = f.PersonFactory(employer=employer)
    response = client.post(
        "/api/training-records/",
        {"person": person.pk, "course": f.course("ACSA").pk, "completed_on": "2999-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "completed_on" in response.json()
