"""REST API of the safety program (registered under /api/ by ``safety_program/api_urls.py``).

Every viewset is a :class:`secor.core.api.ScopedModelViewSet`: lists are the user's tenancy scope, another
tenant's record is a 404, a reviewer may read but not change (403). Deleting a record is soft.

    /api/program-documents/  /api/program-document-versions/  /api/inspection-kinds/
    /api/checklist-templates/  /api/inspections/  /api/hazard-assessments/  /api/safety-meetings/
    /api/emergency-drills/  /api/incidents/  /api/competency-verifications/  /api/corrective-actions/
    POST /api/<records>/{id}/attachments/   multipart ``file``: attach a photo or document
"""

from __future__ import annotations

import django_filters as filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from safety_program import models as m
from safety_program import serializers as s
from safety_program import services
from secor.core.api import ScopedModelViewSet


class RecordFilter(filters.FilterSet):
    employer = filters.NumberFilter(field_name="employer_id")
    occurred_after = filters.DateFilter(field_name="occurred_on", lookup_expr="gte")
    occurred_before = filters.DateFilter(field_name="occurred_on", lookup_expr="lte")


def _record_filter(model_cls):
    return type(
        f"{model_cls.__name__}Filter",
        (RecordFilter,),
        {"Meta": type("Meta", (), {"model": model_cls, "fields": []})},
    )


class RecordViewSet(ScopedModelViewSet):
    """A kind of program record; ``attachments`` adds a file (shared upload rules)."""

    ordering_fields = ["occurred_on", "created_at"]
    ordering = ["-occurred_on", "-pk"]
    write_actions = frozenset({"update", "partial_update", "destroy", "attachments"})

    @extend_schema(request=s.AttachmentUploadSerializer, responses={201: s.AttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        record = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["Choose a file to attach."]})
        try:
            attachment = services.attach_file(record=record, upload=upload, user=request.user)
        except DjangoValidationError as exc:
            raise ValidationError(as_serializer_error(exc)) from exc
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


def _record_queryset(model_cls, *related):
    return model_cls.objects.select_related("employer", "led_by", *related).prefetch_related(
        "participants", Prefetch("attachments", queryset=m.Attachment.objects.order_by("pk"))
    )


class InspectionViewSet(RecordViewSet):
    """Workplace inspections answered against a checklist; deficient lines become corrective actions."""

    queryset = _record_queryset(m.Inspection, "kind", "template").prefetch_related("items__corrective_action")
    serializer_class = s.InspectionSerializer
    filterset_class = _record_filter(m.Inspection)


class HazardAssessmentViewSet(RecordViewSet):
    """Formal (job or task) and field-level hazard assessments with ratings and controls by hierarchy."""

    queryset = _record_queryset(m.HazardAssessment)
    serializer_class = s.HazardAssessmentSerializer
    filterset_class = _record_filter(m.HazardAssessment)


class SafetyMeetingViewSet(RecordViewSet):
    """Safety meetings and toolbox talks: topics and attendance."""

    queryset = _record_queryset(m.SafetyMeeting)
    serializer_class = s.SafetyMeetingSerializer
    filterset_class = _record_filter(m.SafetyMeeting)


class EmergencyDrillViewSet(RecordViewSet):
    """Emergency response drills."""

    queryset = _record_queryset(m.EmergencyDrill, "plan")
    serializer_class = s.EmergencyDrillSerializer
    filterset_class = _record_filter(m.EmergencyDrill)


class IncidentViewSet(RecordViewSet):
    """Incidents and near misses with their investigation and sign-off."""

    queryset = _record_queryset(m.Incident)
    serializer_class = s.IncidentSerializer
    filterset_class = _record_filter(m.Incident)


class CompetencyVerificationViewSet(RecordViewSet):
    """Orientations and competency verifications per worker."""

    queryset = _record_queryset(m.CompetencyVerification, "worker")
    serializer_class = s.CompetencyVerificationSerializer
    filterset_class = _record_filter(m.CompetencyVerification)


class CorrectiveActionFilter(filters.FilterSet):
    employer = filters.NumberFilter(field_name="employer_id")
    status = filters.ChoiceFilter(choices=m.CorrectiveAction.Status.choices)
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lt")

    class Meta:
        model = m.CorrectiveAction
        fields: list[str] = []


class CorrectiveActionViewSet(RecordViewSet):
    """Corrective actions from any record: owner, due date, status, closing date and evidence."""

    queryset = m.CorrectiveAction.objects.select_related("employer", "owner").prefetch_related("attachments")
    serializer_class = s.CorrectiveActionSerializer
    filterset_class = CorrectiveActionFilter
    ordering_fields = ["due_on", "opened_on", "closed_on"]
    ordering = ["due_on", "pk"]


class ProgramDocumentViewSet(ScopedModelViewSet):
    """The written program: one row per document, with its approved versions."""

    queryset = m.ProgramDocument.objects.select_related("employer").prefetch_related("versions")
    serializer_class = s.ProgramDocumentSerializer
    filterset_fields = ["employer", "kind"]
    ordering = ["kind", "title", "pk"]


class DocumentVersionViewSet(ScopedModelViewSet):
    """Approved versions of program documents (who approved, when, annual review due)."""

    queryset = m.DocumentVersion.objects.select_related("document", "approved_by")
    serializer_class = s.DocumentVersionSerializer
    tenant_parent_field = "document"
    filterset_fields = ["document"]
    ordering = ["document", "approved_on", "pk"]

    def get_queryset(self):
        return super().get_queryset().filter(document__deleted_at__isnull=True)


class InspectionKindViewSet(ScopedModelViewSet):
    """The kinds of inspection the employer does (employers add their own)."""

    queryset = m.InspectionKind.objects.select_related("employer")
    serializer_class = s.InspectionKindSerializer
    filterset_fields = ["employer", "archived"]
    ordering = ["name", "pk"]


class ChecklistTemplateViewSet(ScopedModelViewSet):
    """Checklists, meeting agendas, drill scenarios and hazard assessment forms of the employer."""

    queryset = m.ChecklistTemplate.objects.select_related("employer", "inspection_kind")
    serializer_class = s.ChecklistTemplateSerializer
    filterset_fields = ["employer", "purpose", "archived"]
    ordering = ["purpose", "name", "pk"]


class ActivityScheduleViewSet(ScopedModelViewSet):
    """The employer's program schedules: every N weeks or months per activity (inspections per kind)."""

    queryset = m.ActivitySchedule.objects.select_related("employer", "inspection_kind")
    serializer_class = s.ActivityScheduleSerializer
    filterset_fields = ["employer", "activity", "active"]
    ordering = ["activity", "pk"]
