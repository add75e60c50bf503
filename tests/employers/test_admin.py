"""The Django admin: every core model is registered with search; soft-deleted rows are visible to staff and
restorable; history pages load."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from secor.accounts.models import ConsultantAccess, ConsultantFirm, EmployerMembership, User
from secor.employers.models import (
    CertifyingPartner,
    Employer,
    Enrolment,
    HeadcountSnapshot,
    Membership,
    OperatingProvince,
    PayrollYear,
    Person,
    WCBAccount,
)
from tests import factories as f
from training.models import Course, TrainingRecord

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    ConsultantFirm,
    EmployerMembership,
    ConsultantAccess,
    CertifyingPartner,
    Employer,
    OperatingProvince,
    WCBAccount,
    Membership,
    Enrolment,
    Person,
    HeadcountSnapshot,
    PayrollYear,
    Course,
    TrainingRecord,
]


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("root@example.com", "pw-123456789"))
    return client


@pytest.mark.parametrize("model", [pytest.param(m, id=m.__name__) for m in MODELS])
def test_every_core_model_has_a_searchable_changelist(staff_client, model):
    assert model in admin.site._registry
    assert admin.site._registry[model].search_fields
    f.TrainingRecordFactory()
    f.EnrolmentFactory()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert staff_client.get(url, {"q": "a"}).status_code == 200


def test_deleted_rows_are_listed_and_restorable(staff_client):
    person = f.PersonFactory(first_name="Zelda")
    person.soft_delete()
    url = reverse("admin:employers_person_changelist")
    response = staff_client.get(url, {"deleted": "yes"})
    assert "Zelda" in response.content.decode()
    response = staff_client.post(url, {"action": "restore_selected", "_selected_action": [person.pk]})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.deleted_at is None
    assert person.history.latest().history_change_reason == "restored"


def test_admin_delete_is_soft(staff_client):
    employer = f.EmployerFactory()
    url = reverse("admin:employers_employer_delete", args=[employer.pk])
    staff_client.post(url, {"post": "yes"})
    employer.refresh_from_db()
    assert employer.deleted_at is not None


def test_history_page(staff_client):
    enrolment = f.EnrolmentFactory()
    url = reverse("admin:employers_enrolment_history", args=[enrolment.pk])
    assert staff_client.get(url).status_code == 200


def test_non_staff_cannot_use_the_admin(client):
    client.force_login(f.employer_admin(f.EmployerFactory()))
    response = client.get(reverse("admin:employers_employer_changelist"))
    assert response.status_code == 302
