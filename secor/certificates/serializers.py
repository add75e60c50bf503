"""API shapes of the certificate ledger."""

from __future__ import annotations

from rest_framework import serializers

from provinces.certificates import EventKind
from secor.certificates.models import CertificateEvent, DeclaredCertificate
from secor.certificates.services import DECISION_KINDS


class CertificateEventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    number = serializers.SerializerMethodField()
    decided_by = serializers.CharField(source="decider_label")

    class Meta:
        model = CertificateEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "number",
            "effective_on",
            "issued_on",
            "expires_on",
            "due_on",
            "reason",
            "decided_as",
            "decided_by",
            "audit",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_number(self, obj: CertificateEvent) -> str:
        return obj.certificate.number if obj.certificate_id else ""


class DeclarationSerializer(serializers.ModelSerializer):
    status_text = serializers.CharField(read_only=True)

    class Meta:
        model = DeclaredCertificate
        fields = [
            "id",
            "enrolment",
            "number",
            "issued_on",
            "expires_on",
            "copy_name",
            "state",
            "status_text",
            "declared_at",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields


class DeclareSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    copy = serializers.FileField()


class DecisionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.value) for k in DECISION_KINDS])
    reason = serializers.CharField(max_length=2000)
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)


class IssueSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)
    renewal = serializers.BooleanField(required=False, default=False)


class DeclarationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


__all__ = ["EventKind"]
