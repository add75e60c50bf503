"""REST API for the course catalogue (read-only reference data) and training records (scoped CRUD).

URLs: ``/api/courses/``, ``/api/training-records/`` (the certificate upload,
``POST /api/training-records/{id}/certificate/``, is in ``secor.employers.import_api``).
"""

from __future__ import annotations

import django_filters as filters
from rest_framework import permissions, viewsets

from secor.core.api import ScopedModelViewSet
from secor.core.filters import IdFilter, IdFilterSet
from training.models import Course, TrainingRecord
from training.serializers import CourseSerializer, TrainingRecordSerializer


class CourseFilter(IdFilterSet):
    province = filters.CharFilter(field_name="partner__province")
    partner_code = filters.CharFilter(field_name="partner__code", lookup_expr="iexact")

    class Meta:
        model = Course
        fields = ["partner"]


class TrainingRecordFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id")
    employer = IdFilter(field_name="person__employer_id")
    course = IdFilter(field_name="course_id")
    course_code = filters.CharFilter(field_name="course__code", lookup_expr="iexact")
    expires_before = filters.DateFilter(field_name="expires_on", lookup_expr="lt")
    expires_after = filters.DateFilter(field_name="expires_on", lookup_expr="gte")
    completed_after = filters.DateFilter(field_name="completed_on", lookup_expr="gte")

    class Meta:
        model = TrainingRecord
        fields: list[str] = []


class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    """The course catalogue per province and partner, with validity periods (reference data)."""

    queryset = Course.objects.select_related("partner")
    serializer_class = CourseSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = CourseFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "validity_months"]
    ordering = ["partner__province", "partner__code", "name"]


class TrainingRecordViewSet(ScopedModelViewSet):
    """People's training records; ``expires_on`` is computed from the course. Deleting is soft."""

    queryset = TrainingRecord.objects.select_related("person", "course")
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilter
    search_fields = [
        "person__first_name",
        "person__last_name",
        "course__name",
        "course__code",
        "certificate_number",
    ]
    ordering_fields = ["completed_on", "expires_on"]
    ordering = ["-completed_on", "pk"]
    tenant_parent_field = "person"

    def get_queryset(self):
        # A deleted person's training goes with them (restoring the person brings it back).
        return super().get_queryset().filter(person__deleted_at__isnull=True)
