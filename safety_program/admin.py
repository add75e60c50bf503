"""Admin for the safety program records (site staff). History is browsable through simple-history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from safety_program import models as m


class InspectionItemInline(admin.TabularInline):
    model = m.InspectionItem
    extra = 0
    fields = ["position", "text", "result", "note"]


class DocumentVersionInline(admin.TabularInline):
    model = m.DocumentVersion
    extra = 0
    fields = ["version", "approved_by", "approved_on", "review_due_on", "file"]
    raw_id_fields = ["approved_by"]


class RecordAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "employer", "occurred_on", "led_by", "signed_name", "deleted_at"]
    list_filter = ["occurred_on"]
    search_fields = ["employer__legal_name", "findings", "signed_name"]
    raw_id_fields = ["employer", "led_by", "participants", "created_by"]
    date_hierarchy = "occurred_on"


@admin.register(m.Inspection)
class InspectionAdmin(RecordAdmin):
    inlines = [InspectionItemInline]
    raw_id_fields = [*RecordAdmin.raw_id_fields, "kind", "template"]


for model in (m.HazardAssessment, m.SafetyMeeting, m.EmergencyDrill, m.Incident):
    admin.site.register(model, RecordAdmin)


@admin.register(m.CompetencyVerification)
class CompetencyVerificationAdmin(RecordAdmin):
    raw_id_fields = [*RecordAdmin.raw_id_fields, "worker"]


@admin.register(m.CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "employer", "owner", "opened_on", "due_on", "status", "closed_on"]
    list_filter = ["status"]
    search_fields = ["title", "employer__legal_name"]
    raw_id_fields = [
        "employer",
        "owner",
        "inspection",
        "inspection_item",
        "hazard_assessment",
        "meeting",
        "drill",
        "incident",
    ]


@admin.register(m.ProgramDocument)
class ProgramDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "employer"]
    list_filter = ["kind"]
    raw_id_fields = ["employer"]
    inlines = [DocumentVersionInline]


@admin.register(m.InspectionKind)
class InspectionKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "employer", "archived"]
    raw_id_fields = ["employer"]


@admin.register(m.ChecklistTemplate)
class ChecklistTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "purpose", "employer", "archived"]
    list_filter = ["purpose", "archived"]
    raw_id_fields = ["employer", "inspection_kind"]


@admin.register(m.Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "employer", "content_type", "object_id", "uploaded_at"]
    raw_id_fields = ["employer"]
    readonly_fields = ["sha256", "size"]


@admin.register(m.ActivitySchedule)
class ActivityScheduleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "employer", "starts_on", "active"]
    list_filter = ["activity", "active"]
    raw_id_fields = ["employer", "inspection_kind"]
