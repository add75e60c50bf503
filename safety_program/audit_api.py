"""API of program records cited as audit evidence (registered by ``safety_program/api_urls.py``).

    GET    /api/audit-record-citations/?audit=<id>[&question=<id>]   the cited records (tenancy scope)
    POST   /api/audit-record-citations/   {audit, question, record_kind, record_id, checklist_item}
    DELETE /api/audit-record-citations/{id}/   remove from the working copy (kept if submitted)
    GET    /api/audit-record-citations/checklist/?audit=<id>&question=<id>   window, needs, missing

Refusals (outside the review window, another employer's record, an audit with the partner) are 400 with a
message per field; another tenant's audit or citation is a 404, a reviewer writing is a 403.
"""

from __future__ import annotations

import django_filters as filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from audits.models import Audit, Question
from safety_program import audit_evidence
from safety_program.citation_models import CitedRecord
from safety_program.evidence_needs import CITABLE_KINDS
from secor import tenancy


class CitedRecordSerializer(serializers.ModelSerializer):
    question_code = serializers.CharField(source="question.code", read_only=True)

    class Meta:
        model = CitedRecord
        fields = [
            "id",
            "audit",
            "question",
            "question_code",
            "checklist_item",
            "record_kind",
            "record_id",
            "record_date",
            "label",
            "cited_at",
            "first_revision",
            "removed_at",
        ]
        read_only_fields = fields


class CiteSerializer(serializers.Serializer):
    audit = serializers.IntegerField()
    question = serializers.IntegerField()
    record_kind = serializers.ChoiceField(choices=list(CITABLE_KINDS.items()))
    record_id = serializers.IntegerField(min_value=1)
    checklist_item = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CitedRecordFilter(filters.FilterSet):
    audit = filters.NumberFilter(field_name="audit_id")
    question = filters.NumberFilter(field_name="question_id")

    class Meta:
        model = CitedRecord
        fields: list[str] = []


def _audit(user, pk, *, write: bool) -> Audit:
    """The audit through the tenancy scope: another tenant's is a 404; readable but not writable is a 403."""
    qs = Audit.objects.select_related("partner", "employer", "instrument")
    audit = get_object_or_404(tenancy.scope(qs, user), pk=pk)
    if write and not tenancy.scope(Audit.objects.filter(pk=audit.pk), user, write=True).exists():
        from rest_framework.exceptions import PermissionDenied

        raise PermissionDenied("You can view this audit but not change it.")
    return audit


class CitedRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Program records cited as evidence for audit questions."""

    permission_classes = [IsAuthenticated]
    queryset = CitedRecord.objects.select_related("question", "audit")
    serializer_class = CitedRecordSerializer
    filterset_class = CitedRecordFilter
    ordering = ["pk"]

    def get_queryset(self):
        return tenancy.scope(super().get_queryset(), self.request.user)

    @extend_schema(request=CiteSerializer, responses={201: CitedRecordSerializer})
    def create(self, request):
        data = CiteSerializer(data=request.data)
        if not data.is_valid():
            raise ValidationError(data.errors)
        v = data.validated_data
        audit = _audit(request.user, v["audit"], write=True)
        cited = audit_evidence.cite(
            audit=audit,
            question=v["question"],
            user=request.user,
            record_kind=v["record_kind"],
            record_id=v["record_id"],
            checklist_item=v["checklist_item"],
        )
        return Response(CitedRecordSerializer(cited).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        cited = self.get_object()
        if not tenancy.scope(CitedRecord.objects.filter(pk=cited.pk), request.user, write=True).exists():
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("You can view this record but not change it.")
        audit_evidence.uncite(cited=cited, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[
            OpenApiParameter("audit", int, required=True),
            OpenApiParameter("question", int, required=True),
        ],
        responses=None,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def checklist(self, request):
        try:
            audit_id, question_id = int(request.query_params["audit"]), int(request.query_params["question"])
        except (KeyError, ValueError) as exc:
            raise ValidationError({"audit": ["Give the audit and the question."]}) from exc
        audit = _audit(request.user, audit_id, write=True)
        q = get_object_or_404(Question, pk=question_id, element__instrument=audit.instrument_id)
        rc = audit_evidence.checklist(audit, q)
        return Response(
            {
                "window": {
                    "starts_on": rc.window.starts_on,
                    "ends_on": rc.window.ends_on,
                    "since_last_audit": rc.window.since_last_audit,
                },
                "lines": [
                    {
                        "line": line.line,
                        "needs": [
                            {
                                "record_kind": n.need.kind,
                                "label": n.need.label,
                                "inside": n.inside_count,
                                "outside": n.outside_count,
                                "missing": n.missing,
                                "records": [
                                    {"record_id": rec.pk, "label": str(rec), "cited": cited}
                                    for rec, cited in n.inside
                                ],
                            }
                            for n in line.needs
                        ],
                    }
                    for line in rc.lines
                ],
                "cited": CitedRecordSerializer(rc.cited, many=True).data,
            }
        )
