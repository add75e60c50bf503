"""Django admin for the course catalogue and training records (soft-deleted records shown, restorable)."""

from __future__ import annotations

from django.contrib import admin

from secor.employers.admin import DeletedFilter, SoftDeleteAdmin
from training.models import Course, TrainingRecord


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "partner", "validity_months"]
    list_filter = ["partner__province", "partner"]
    search_fields = ["name", "code", "description"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SoftDeleteAdmin):
    list_display = ["person", "course", "completed_on", "expires_on", "provider", "deleted_at"]
    list_filter = [DeletedFilter, "course__partner", "course"]
    search_fields = [
        "person__first_name",
        "person__last_name",
        "course__name",
        "course__code",
        "certificate_number",
    ]
    readonly_fields = ["expires_on", "certificate_sha256", "deleted_at"]
    autocomplete_fields = ["person"]
    date_hierarchy = "completed_on"
