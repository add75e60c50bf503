"""factory_boy factories for the core records. Reference data (partners, courses) is loaded by migrate, so
factories look partners up by province and code instead of creating them."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

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
from training.models import Course, TrainingRecord

PASSWORD = "test-pass-123"  # noqa: S105


def partner(province: str, code: str) -> CertifyingPartner:
    return CertifyingPartner.objects.get(province=province, code=code)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class ConsultantFirmFactory(DjangoModelFactory[ConsultantFirm]):
    class Meta:
        model = ConsultantFirm

    name = factory.Sequence(lambda n: f"Safety Consulting {n} Ltd.")


class EmployerFactory(DjangoModelFactory[Employer]):
    class Meta:
        model = Employer

    legal_name = factory.Sequence(lambda n: f"Employer {n} Ltd.")
    operating_name = factory.LazyAttribute(lambda o: o.legal_name.replace(" Ltd.", ""))
    province = "AB"
    industry = "Construction"
    contact_email = factory.Sequence(lambda n: f"office{n}@employer.example")


class EmployerMembershipFactory(DjangoModelFactory[EmployerMembership]):
    class Meta:
        model = EmployerMembership

    user = factory.SubFactory(UserFactory)
    employer = factory.SubFactory(EmployerFactory)
    role = EmployerMembership.Role.ADMIN


class ConsultantAccessFactory(DjangoModelFactory[ConsultantAccess]):
    class Meta:
        model = ConsultantAccess

    employer = factory.SubFactory(EmployerFactory)
    firm = factory.SubFactory(ConsultantFirmFactory)


class OperatingProvinceFactory(DjangoModelFactory[OperatingProvince]):
    class Meta:
        model = OperatingProvince

    employer = factory.SubFactory(EmployerFactory)
    province = "AB"
    permanent_office = True


class WCBAccountFactory(DjangoModelFactory[WCBAccount]):
    class Meta:
        model = WCBAccount

    employer = factory.SubFactory(EmployerFactory)
    board = WCBAccount.Board.WCB_AB
    account_number = factory.Sequence(lambda n: f"{1000000 + n}")
    active_from = dt.date(2015, 1, 1)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    employer = factory.SubFactory(EmployerFactory)
    partner = factory.LazyFunction(lambda: partner("AB", "ACSA"))
    member_number = factory.Sequence(lambda n: f"M{n:05d}")
    registered_on = dt.date(2024, 1, 15)


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    employer = factory.SubFactory(EmployerFactory)
    partner = factory.LazyFunction(lambda: partner("AB", "ACSA"))
    registered_on = dt.date(2024, 1, 15)
    history_documented_since = dt.date(2024, 2, 1)


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    employer = factory.SubFactory(EmployerFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    category = Person.Category.FULL_TIME_PERMANENT
    hours_per_week = 40
    province = "AB"
    start_date = dt.date(2020, 3, 1)


class TrainingRecordFactory(DjangoModelFactory[TrainingRecord]):
    class Meta:
        model = TrainingRecord

    person = factory.SubFactory(PersonFactory)
    course = factory.LazyFunction(lambda: Course.objects.filter(partner__code="ACSA").first())
    completed_on = dt.date(2024, 3, 1)
    provider = "ACSA"


class HeadcountSnapshotFactory(DjangoModelFactory[HeadcountSnapshot]):
    class Meta:
        model = HeadcountSnapshot

    employer = factory.SubFactory(EmployerFactory)
    month = factory.Sequence(lambda n: dt.date(2020 + n // 12, n % 12 + 1, 1))
    workers = 8


class PayrollYearFactory(DjangoModelFactory[PayrollYear]):
    class Meta:
        model = PayrollYear

    employer = factory.SubFactory(EmployerFactory)
    year = factory.Sequence(lambda n: 2000 + n % 100)
    payroll_hours = 16640


def course(partner_code: str = "ACSA", code: str | None = None) -> Course:
    """A course of the reference catalogue (loaded by migrate)."""
    qs = Course.objects.filter(partner__code=partner_code)
    if code is not None:
        qs = qs.filter(code=code)
    return qs.order_by("pk").first()


def employer_admin(employer: Employer, **kwargs) -> User:
    """A user who is ``employer``'s admin."""
    user = UserFactory(**kwargs)
    EmployerMembershipFactory(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    return user


def employer_member(employer: Employer, **kwargs) -> User:
    user = UserFactory(**kwargs)
    EmployerMembershipFactory(user=user, employer=employer, role=EmployerMembership.Role.MEMBER)
    return user


def consultant_for(employer: Employer | None, *, revoked: bool = False, **kwargs) -> User:
    """A consultant whose firm has an active grant for ``employer`` (a revoked one with ``revoked=True``;
    none when ``employer`` is None)."""
    from django.utils import timezone

    firm = ConsultantFirmFactory()
    if employer is not None:
        ConsultantAccessFactory(employer=employer, firm=firm, revoked_at=timezone.now() if revoked else None)
    return UserFactory(consultant_firm=firm, **kwargs)


def reviewer_of(province: str, code: str, **kwargs) -> User:
    """Staff of a certifying partner (reviewer role)."""
    return UserFactory(reviewer_partner=partner(province, code), **kwargs)


def staff_user(**kwargs) -> User:
    return UserFactory(is_staff=True, **kwargs)
