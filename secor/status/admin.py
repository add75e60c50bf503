from django.contrib import admin

from secor.status.models import EmployerStatus


@admin.register(EmployerStatus)
class EmployerStatusAdmin(admin.ModelAdmin):
    """Read only: rows are written by the recompute, never by hand."""

    list_display = ("name", "partner_code", "rag", "next_deadline_due", "as_of", "valid_until", "dirty_since")
    list_filter = ("rag", "partner_code")
    search_fields = ("name",)
    readonly_fields = [f.name for f in EmployerStatus._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
