"""API serializers for employer records. Thin: field lists, the tenancy-scoped parent fields, and the
models' own ``clean()`` rules (through :class:`~secor.core.api.ModelCleanSerializer`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
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


def _readings_schema() -> dict:
    """``rule_readings`` as the OpenAPI schema: an object of conflict code → one of its reading codes."""
    from provinces import readings

    return {
        "type": "object",
        "description": "Where the programs' sources conflict, how to read them: conflict code → reading code "
        "(missing = the default reading). Each conflict's readings are listed under its code; the public "
        "eligibility checker explains each one with the partners' sources.",
        "properties": {
            code: {"type": "string", "enum": list(readings.conflict(code).reading_codes())}
            for code in readings.codes()
        },
        "additionalProperties": False,
    }


@extend_schema_field(_readings_schema())
class RuleReadingsField(serializers.JSONField):
    pass


class EmployerSerializer(ModelCleanSerializer):
    display_name = serializers.CharField(read_only=True)
    rule_readings = RuleReadingsField(required=False)
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


# Written only by the certificate ledger (secor.certificates.services): the partner's decisions.
CERTIFICATE_FIELDS = (
    "certificate_number",
    "issued_on",
    "expires_on",
    "last_maintenance_audit_on",
    "removed_on",
)
# The only statuses the employer sets itself: its own progress before a certificate.
EMPLOYER_STATUSES = (Enrolment.Status.REGISTERED, Enrolment.Status.IN_PROGRESS)


class EnrolmentSerializer(ModelCleanSerializer):
    """The certificate (number, dates, last maintenance audit, removal) and any status past "in progress"
    belong to the certifying partner: they are read-only here and a request that tries to change them is a
    403 that says who can (the partner's reviewers or site staff, through the certificate ledger). The
    employer's own progress (registered / in progress) changes through ``POST /api/enrolments/{id}/status/``.
    """

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
        read_only_fields = ["updated_at", *CERTIFICATE_FIELDS]

    def to_internal_value(self, data):
        refuse_certificate_changes(self.instance, data)
        return super().to_internal_value(data)

    def validate_status(self, value: str) -> str:
        if self.instance is None and value not in EMPLOYER_STATUSES:
            raise_partner_owned(None)
        if self.instance is not None and value != self.instance.status:
            raise serializers.ValidationError(
                "Change the status with POST /api/enrolments/{id}/status/ so the change is recorded."
            )
        return value

    def validate_partner(self, value):
        if (
            self.instance is not None
            and value != self.instance.partner
            and self.instance.certificates.exists()
        ):
            raise_partner_owned(self.instance)
        return value


def raise_partner_owned(enrolment: Enrolment | None):
    from rest_framework.exceptions import PermissionDenied

    from secor.certificates.services import who_can_change

    if enrolment is not None:
        raise PermissionDenied(who_can_change(enrolment))
    raise PermissionDenied(
        "A certificate and any status past “in progress” are recorded by the certifying partner (its "
        "reviewers) or site staff. Create the enrolment as registered or in progress, then declare the "
        "certificate you hold at POST /api/enrolments/{id}/declarations/."
    )


def _same(current, given) -> bool:
    if given in (None, ""):
        return current in (None, "")
    return str(current.isoformat() if hasattr(current, "isoformat") else current or "") == str(given).strip()


def refuse_certificate_changes(instance: Enrolment | None, data) -> None:
    """403 when ``data`` would change a partner-owned field (giving the current value back is fine)."""
    if not hasattr(data, "get"):
        return
    for name in CERTIFICATE_FIELDS:
        if name not in data:
            continue
        current = getattr(instance, name) if instance is not None else None
        if not _same(current, data.get(name)):
            raise_partner_owned(instance)


class EnrolmentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Enrolment.Status.choices,
        help_text="registered or in_progress; every other status is the certifying partner's decision.",
    )
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
