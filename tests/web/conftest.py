from __future__ import annotations

import datetime as dt

import pytest

from secor.accounts.models import EmployerMembership
from tests import factories as f


@pytest.fixture
def owner(db):
    """An employer admin of an ACSA (Alberta) employer with a WCB account, an office and 3 people."""
    employer = f.EmployerFactory(legal_name="Prairie Roofing Ltd.", operating_name="Prairie Roofing")
    user = f.UserFactory(email="owner@example.com", full_name="Olive Owner")
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    f.EnrolmentFactory(employer=employer, registered_on=dt.date(2026, 1, 10))
    f.WCBAccountFactory(employer=employer)
    f.OperatingProvinceFactory(employer=employer)
    for first in ("Ada", "Ben", "Cy"):
        f.PersonFactory(employer=employer, first_name=first, last_name="Roofer")
    user.employer = employer
    return user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def outsider(db):
    return f.UserFactory(email="outsider@example.com")
