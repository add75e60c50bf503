"""django-filter FilterSets for the employer API lists (``?employer=…&province=…`` and so on).

Filters on employer-owned foreign keys are plain numbers (``employer_id_filter``), not model choices: a model
choice filter answers 400 for an id that does not exist and 200 for another tenant's id, which would tell
an outsider which ids exist. The list is already scoped, so another tenant's id simply matches nothing."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q

from secor.core.filters import IdFilter, IdFilterSet
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


def id_filter(field_name: str, help_text: str) -> filters.NumberFilter:
    """A foreign-key filter that is a plain number: a missing id and another tenant's id both match nothing
    (200, empty list) instead of 400 "Select a valid choice" for one of them. Used by every area's API."""
    return IdFilter(field_name=field_name, help_text=help_text)


def employer_id_filter(field_name: str = "employer_id") -> filters.NumberFilter:
    return id_filter(field_name, "Employer id.")


class EmployerFilter(IdFilterSet):
    operates_in = filters.CharFilter(
        field_name="operating_provinces__province", distinct=True, help_text="Operates in this province."
    )
    partner = IdFilter(field_name="enrolments__partner", distinct=True, help_text="Enrolled with.")
    enrolment_status = filters.ChoiceFilter(
        field_name="enrolments__status", choices=Enrolment.Status.choices, distinct=True
    )

    class Meta:
        model = Employer
        fields = {"province": ["exact"], "industry": ["exact", "icontains"], "city": ["iexact"]}


class CertifyingPartnerFilter(IdFilterSet):
    class Meta:
        model = CertifyingPartner
        fields = ["province", "code"]


class OperatingProvinceFilter(IdFilterSet):
    employer = employer_id_filter()

    class Meta:
        model = OperatingProvince
        fields = ["employer", "province", "permanent_office"]


class WCBAccountFilter(IdFilterSet):
    employer = employer_id_filter()
    active_on = filters.DateFilter(method="filter_active_on", help_text="Accounts active on this date.")

    class Meta:
        model = WCBAccount
        fields = ["employer", "board"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(
            (Q(active_from__isnull=True) | Q(active_from__lte=value)),
            (Q(active_to__isnull=True) | Q(active_to__gte=value)),
        )


class MembershipFilter(IdFilterSet):
    employer = employer_id_filter()

    class Meta:
        model = Membership
        fields = ["employer", "partner", "status"]


class EnrolmentFilter(IdFilterSet):
    employer = employer_id_filter()
    expires_before = filters.DateFilter(field_name="expires_on", lookup_expr="lt")
    province = filters.CharFilter(field_name="partner__province")

    class Meta:
        model = Enrolment
        fields = ["employer", "partner", "status", "program"]


class PersonFilter(IdFilterSet):
    employer = employer_id_filter()
    wcb_account = IdFilter(field_name="wcb_account_id")
    active_on = filters.DateFilter(method="filter_active_on", help_text="People working on this date.")

    class Meta:
        model = Person
        fields = ["employer", "category", "province", "is_assessor", "is_safety_champion", "wcb_account"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start_date__lte=value).filter(Q(end_date__isnull=True) | Q(end_date__gt=value))


class HeadcountSnapshotFilter(IdFilterSet):
    employer = employer_id_filter()
    month_from = filters.DateFilter(field_name="month", lookup_expr="gte")
    month_to = filters.DateFilter(field_name="month", lookup_expr="lte")

    class Meta:
        model = HeadcountSnapshot
        fields = ["employer"]


class PayrollYearFilter(IdFilterSet):
    employer = employer_id_filter()

    class Meta:
        model = PayrollYear
        fields = ["employer", "year"]
