"""API serializers for the course catalogue and training records."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from rest_framework import serializers

from secor.core.api import ModelCleanSerializer, ScopedPrimaryKeyRelatedField
from secor.employers.models import Person
from training.models import Course, TrainingRecord


class CourseSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    province = serializers.CharField(source="partner.province", read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "partner",
            "partner_code",
            "province",
            "code",
            "name",
            "validity_months",
            "description",
            "reference",
        ]
        read_only_fields = fields


class TrainingRecordSerializer(ModelCleanSerializer):
    """``person`` only accepts people the user can see (another tenant's id is a 400 "does not exist");
    ``expires_on`` is computed from the course; the certificate is uploaded with
    ``POST /api/training-records/{id}/certificate/``."""

    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    employer = serializers.IntegerField(source="person.employer_id", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    course_code = serializers.CharField(source="course.code", read_only=True)
    course_name = serializers.CharField(source="course.name", read_only=True)
    certificate_url = serializers.SerializerMethodField()

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "person",
            "person_name",
            "employer",
            "course",
            "course_code",
            "course_name",
            "completed_on",
            "expires_on",
            "provider",
            "certificate_number",
            "certificate_url",
            "certificate_sha256",
            "created_at",
        ]
        read_only_fields = ["expires_on", "certificate_sha256", "created_at"]

    def get_certificate_url(self, obj: TrainingRecord) -> str | None:
        if not obj.certificate_file:
            return None
        try:
            return reverse("files:certificate", args=[obj.pk])
        except NoReverseMatch:  # the file views are not routed in this deployment
            return None
