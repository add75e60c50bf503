"""``GET /api/employers/{id}/evaluation/``: the rules engine's evaluation of the employer's records."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer():
    employer = f.EmployerFactory(province="AB")
    f.EnrolmentFactory(employer=employer, registered_on=dt.date(2025, 1, 15))
    f.WCBAccountFactory(employer=employer, board="WCB-AB", active_from=dt.date(2015, 1, 1))
    f.OperatingProvinceFactory(employer=employer, province="AB", permanent_office=True)
    for _ in range(5):
        f.PersonFactory(employer=employer, start_date=dt.date(2024, 1, 1))
    return employer


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_evaluation_for_a_member(employer):
    response = client_for(f.employer_member(employer)).get(
        f"/api/employers/{employer.pk}/evaluation/", {"as_of": "2026-11-01"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["eligibility"]["status"] == "eligible"
    assert body["eligibility"]["count"] == 5
    assert body["scenario"]["as_of"] == "2026-11-01"
    assert {"training", "path", "deadlines", "incentive", "warnings", "next_step"} <= body.keys()


def test_evaluation_follows_the_records(employer):
    """Ten more full-time people: over ACSA's limit of 10."""
    for _ in range(10):
        f.PersonFactory(employer=employer, start_date=dt.date(2024, 1, 1))
    response = client_for(f.employer_admin(employer)).get(
        f"/api/employers/{employer.pk}/evaluation/", {"as_of": "2026-11-01"}
    )
    assert response.status_code == 200
    assert response.json()["eligibility"]["eligible"] is False


def test_evaluation_as_of_defaults_to_today(employer):
    response = client_for(f.staff_user()).get(f"/api/employers/{employer.pk}/evaluation/")
    assert response.status_code == 200
    assert response.json()["scenario"]["as_of"] == dt.date.today().isoformat()


def test_reviewer_of_the_partner_may_read_the_evaluation(employer):
    response = client_for(f.reviewer_of("AB", "ACSA")).get(f"/api/employers/{employer.pk}/evaluation/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "as_of",
    [
        pytest.param("2026-13-01", id="month-13"),
        pytest.param("2026-02-30", id="feb-30"),
        pytest.param("yesterday", id="word"),
        pytest.param("01/11/2026", id="other-format"),
    ],
)
def test_bad_as_of_is_400(employer, as_of):
    response = client_for(f.employer_admin(employer)).get(
        f"/api/employers/{employer.pk}/evaluation/", {"as_of": as_of}
    )
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_employer_without_enrolment_is_400_with_a_clear_message():
    employer = f.EmployerFactory()
    response = client_for(f.employer_admin(employer)).get(f"/api/employers/{employer.pk}/evaluation/")
    assert response.status_code == 400
    assert "not enrolled" in response.json()["detail"]


@pytest.mark.parametrize(
    "outsider",
    [
        pytest.param(lambda e: f.employer_admin(f.EmployerFactory()), id="other-employer-admin"),
        pytest.param(lambda e: f.consultant_for(e, revoked=True), id="revoked-consultant"),
        pytest.param(lambda e: f.reviewer_of("AB", "AMHSA"), id="other-partner-reviewer"),
    ],
)
def test_another_tenant_is_404(employer, outsider):
    response = client_for(outsider(employer)).get(f"/api/employers/{employer.pk}/evaluation/")
    assert response.status_code == 404


def test_anonymous_is_refused(employer):
    assert APIClient().get(f"/api/employers/{employer.pk}/evaluation/").status_code == 403


def test_employer_reading_setting_is_used_and_reported(employer):
    """Exactly 10 full-time people: eligible under "10 or fewer" (default); the employer may read Alberta's
    limit as "fewer than 10" instead, and the answer then says which reading it used."""
    for _ in range(5):
        f.PersonFactory(employer=employer, start_date=dt.date(2024, 1, 1))
    api = client_for(f.employer_admin(employer))
    url = f"/api/employers/{employer.pk}/evaluation/"
    default = api.get(url, {"as_of": "2026-11-01"}).json()
    assert default["eligibility"]["eligible"] is True
    reading = next(r for r in default["readings"] if r["conflict"] == "AB_THRESHOLD_WORDING")
    assert reading["default"] is True
    assert reading["others"][0]["reading"] == "fewer_than_ten"

    response = api.patch(
        f"/api/employers/{employer.pk}/",
        {"rule_readings": {"AB_THRESHOLD_WORDING": "fewer_than_ten"}},
        format="json",
    )
    assert response.status_code == 200, response.content
    chosen = api.get(url, {"as_of": "2026-11-01"}).json()
    assert chosen["eligibility"]["eligible"] is False
    reading = next(r for r in chosen["readings"] if r["conflict"] == "AB_THRESHOLD_WORDING")
    assert (reading["reading"], reading["default"]) == ("fewer_than_ten", False)


@pytest.mark.parametrize(
    "value",
    [{"AB_NOPE": "x"}, {"AB_THRESHOLD_WORDING": "eleven"}, ["AB_THRESHOLD_WORDING"]],
    ids=["unknown-conflict", "unknown-reading", "not-an-object"],
)
def test_employer_reading_setting_is_validated(employer, value):
    api = client_for(f.employer_admin(employer))
    response = api.patch(f"/api/employers/{employer.pk}/", {"rule_readings": value}, format="json")
    assert response.status_code == 400
    assert "rule_readings" in response.json()
    employer.refresh_from_db()
    assert employer.rule_readings == {}


@pytest.mark.parametrize("as_of", [None, "2026-11-01"], ids=["today-stored", "other-day"])
def test_evaluation_cites_public_pages_only(employer, as_of):
    """Stored (today) or evaluated on the spot: references are the public pages (title + address, with a
    ``sources`` list), and no working note reaches the API."""
    params = {"as_of": as_of} if as_of else {}
    body = (
        client_for(f.employer_admin(employer)).get(f"/api/employers/{employer.pk}/evaluation/", params).json()
    )
    text = repr(body).lower()
    for note in ("program-rules", "seed 00", "§", "(inferred"):
        assert note not in text, note
    cited = [s for s in body["path"] if s["sources"]]
    assert cited
    assert all(src["title"] in s["reference"] for s in cited for src in s["sources"])
    assert body["certificate"]["state"] == "never"
