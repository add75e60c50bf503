"""API serializers for employer records. Thin: field lists, the tenancy-scoped parent fields, and the
models' own ``clean()`` rules (through :class:`~secor.core.api.ModelCleanSerializer`)."""

from __future__ import annotations

from rest_framework import serializers

from secor.core.api import ModelCleanSerializer, ScopedPrimaryKeyRelatedField
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


def employer_field() -> ScopedPrimaryKeyRelatedField:
    """The ``employer`` of a new record: only employers the user can see are accepted (another tenant's id is
    a 400 "does not exist"); the viewset then checks the user may change that employer (403)."""
    return ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all())


class CertifyingPartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = CertifyingPartner
        fields = ["id", "province", "code", "name", "industries", "programs", "website"]
        read_only_fields = fields


class OperatingProvinceNestedSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperatingProvince
        fields = ["id", "province", "permanent_office"]
        read_only_fields = fields


class EmployerSerializer(ModelCleanSerializer):
    display_name = serializers.CharField(read_only=True)
    operating_provinces = OperatingProvinceNestedSerializer(many=True, read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "legal_name",
            "operating_name",
            "display_name",
            "industry",
            "address_line",
            "city",
            "province",
            "postal_code",
            "contact_email",
            "general_contractor_expected_workers",
            "annual_premium",
            "base_assessment",
            "wcb_administrative_penalty",
            "wcb_outstanding_balance",
            "wcb_payroll_reported",
            "rule_readings",
            "operating_provinces",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class OperatingProvinceSerializer(ModelCleanSerializer):
    employer = employer_field()

    class Meta:
        model = OperatingProvince
        fields = ["id", "employer", "province", "permanent_office"]


class WCBAccountSerializer(ModelCleanSerializer):
    employer = employer_field()
    province = serializers.CharField(read_only=True)

    class Meta:
        model = WCBAccount
        fields = [
            "id",
            "employer",
            "board",
            "account_number",
            "province",
            "industry_code",
            "active_from",
            "active_to",
        ]


class MembershipSerializer(ModelCleanSerializer):
    employer = employer_field()
    partner_code = serializers.CharField(source="partner.code", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "employer",
            "partner",
            "partner_code",
            "member_number",
            "registered_on",
            "status",
            "ended_on",
        ]


class EnrolmentSerializer(ModelCleanSerializer):
    """``status`` may be given when the enrolment is created (an employer that already holds a certificate);
    afterwards it changes only through ``POST /api/enrolments/{id}/status/``, which keeps the history."""

    employer = employer_field()
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    province = serializers.CharField(source="partner.province", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "employer",
            "partner",
            "partner_code",
            "province",
            "program",
            "status",
            "registered_on",
            "history_documented_since",
            "milestone1_completed_on",
            "removed_on",
            "certificate_number",
            "issued_on",
            "expires_on",
            "last_maintenance_audit_on",
            "notes",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def validate_status(self, value: str) -> str:
        if self.instance is not None and value != self.instance.status:
            raise serializers.ValidationError(
                "Change the status with POST /api/enrolments/{id}/status/ so the change is recorded."
            )
        return value


class EnrolmentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Enrolment.Status.choices)
    note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Removal date (removed)."
    )


class EnrolmentStatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    changed_at = serializers.DateTimeField()
    changed_by = serializers.EmailField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class PersonSerializer(ModelCleanSerializer):
    employer = employer_field()
    wcb_account = ScopedPrimaryKeyRelatedField(
        queryset=WCBAccount.objects.all(), required=False, allow_null=True
    )
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "employer",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "job_title",
            "category",
            "hours_per_week",
            "province",
            "start_date",
            "end_date",
            "wcb_account",
            "is_assessor",
            "is_safety_champion",
            "audits_done",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class HeadcountSnapshotSerializer(ModelCleanSerializer):
    employer = employer_field()

    class Meta:
        model = HeadcountSnapshot
        fields = ["id", "employer", "month", "workers"]


class PayrollYearSerializer(ModelCleanSerializer):
    employer = employer_field()

    class Meta:
        model = PayrollYear
        fields = ["id", "employer", "year", "payroll_hours"]
