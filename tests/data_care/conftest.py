"""Fixtures for the data-care tests: an Alberta employer enrolled with ACSA, its admin, an outsider employer
with its own admin, and a reviewer of another partner."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from secor.accounts.models import EmployerMembership
from tests.factories import (
    EmployerFactory,
    EmployerMembershipFactory,
    EnrolmentFactory,
    PersonFactory,
    UserFactory,
    WCBAccountFactory,
    partner,
)


@pytest.fixture
def employer(db):
    employer = EmployerFactory(legal_name="Prairie Roofing Ltd.", province="AB")
    EnrolmentFactory(employer=employer, partner=partner("AB", "ACSA"))
    WCBAccountFactory(employer=employer, account_number="4518823")
    return employer


@pytest.fixture
def admin(employer):
    return EmployerMembershipFactory(employer=employer, role=EmployerMembership.Role.ADMIN).user


@pytest.fixture
def member(employer):
    return EmployerMembershipFactory(employer=employer, role=EmployerMembership.Role.MEMBER).user


@pytest.fixture
def other_employer(db):
    other = EmployerFactory(legal_name="Other Tenant Ltd.", province="AB")
    EnrolmentFactory(employer=other, partner=partner("AB", "ACSA"))
    return other


@pytest.fixture
def outsider(other_employer):
    return EmployerMembershipFactory(employer=other_employer, role=EmployerMembership.Role.ADMIN).user


@pytest.fixture
def reviewer(employer):
    """An ACSA reviewer: can read the employer (it is enrolled with ACSA) but never change it."""
    return UserFactory(reviewer_partner=partner("AB", "ACSA"))


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def api():
    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def person(employer):
    return PersonFactory(employer=employer, first_name="Dana", last_name="Whitford", email="dana@example.com")
