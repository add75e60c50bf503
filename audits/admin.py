"""Admin: instruments and audits are readable; submitted revisions and the transition log are read-only
(the models refuse changes anyway)."""

from django.contrib import admin

from audits import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuestionInline(admin.TabularInline):
    model = models.Question
    extra = 0
    fields = ["code", "text", "methods", "points", "scoring_rule"]
    readonly_fields = fields
    can_delete = False


@admin.register(models.Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "partner", "code", "version", "effective_from", "is_current"]
    list_filter = ["partner__province", "is_current"]


@admin.register(models.InstrumentElement)
class ElementAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "instrument"]
    inlines = [QuestionInline]


@admin.register(models.Audit)
class AuditAdmin(ReadOnlyAdmin):
    list_display = [
        "employer",
        "kind",
        "partner",
        "status",
        "revision_count",
        "review_due_on",
        "assigned_reviewer",
    ]
    list_filter = ["status", "kind", "partner"]
    search_fields = ["employer__legal_name"]


@admin.register(models.AuditRevision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["audit", "number", "submitted_at", "overall_percent", "passed", "snapshot_sha256"]


@admin.register(models.AuditTransition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["audit", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]


@admin.register(models.MaintenanceDue)
class MaintenanceDueAdmin(ReadOnlyAdmin):
    list_display = ["enrolment", "kind", "due_on", "final_due_on", "state"]
    list_filter = ["state", "kind"]
