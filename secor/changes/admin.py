from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from secor.changes.models import BusinessChange


@admin.register(BusinessChange)
class BusinessChangeAdmin(SimpleHistoryAdmin):
    list_display = ("employer", "kind", "effective_on", "recorded_at", "withdrawn_at")
    list_filter = ("kind",)
    search_fields = ("employer__legal_name",)
    raw_id_fields = ("employer", "wcb_account", "recorded_by")
    readonly_fields = ("verdicts",)
