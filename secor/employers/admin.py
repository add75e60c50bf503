"""Django admin for employer records, for site staff: search, filters, history (django-simple-history) and,
for soft-deleted records, a "Deleted" filter plus restore / soft-delete actions (nothing is hard-deleted
from here)."""

from __future__ import annotations

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from secor.core.exceptions import ApplicationError
from secor.employers.models import (
    CertifyingPartner,
    Employer,
    Enrolment,
    HeadcountSnapshot,
    Membership,
    OperatingProvince,
    PayrollYear,
    Person,
    WCBAccount,
)


class DeletedFilter(admin.SimpleListFilter):
    """Soft-deleted rows are listed too (staff see everything); this filter narrows to one side."""

    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", "Not deleted"), ("yes", "Deleted")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class SoftDeleteAdmin(SimpleHistoryAdmin):
    """Admin for models with ``deleted_at``: shows deleted rows, restores them, and deletes softly."""

    actions = ["restore_selected", "soft_delete_selected"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # hard delete would lose the record and its trail
        return actions

    def delete_model(self, request, obj):
        from secor.employers.restore import soft_delete

        soft_delete(obj=obj, user=request.user)

    @admin.action(description="Restore selected deleted records")
    def restore_selected(self, request, queryset):
        from secor.employers.restore import restore

        restored = 0
        for obj in queryset.filter(deleted_at__isnull=False):
            try:
                restore(obj=obj, user=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{obj}: {exc.message}", level=messages.WARNING)
            else:
                restored += 1
        self.message_user(request, f"Restored {restored} record(s).")

    @admin.action(description="Soft-delete selected records (restorable)")
    def soft_delete_selected(self, request, queryset):
        from secor.employers.restore import soft_delete

        count = 0
        for obj in queryset.filter(deleted_at__isnull=True):
            soft_delete(obj=obj, user=request.user)
            count += 1
        self.message_user(request, f"Deleted {count} record(s); they can be restored.")


@admin.register(CertifyingPartner)
class CertifyingPartnerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "programs"]
    list_filter = ["province"]
    search_fields = ["code", "name", "industries"]


class OperatingProvinceInline(admin.TabularInline):
    model = OperatingProvince
    extra = 0


class WCBAccountInline(admin.TabularInline):
    model = WCBAccount
    extra = 0


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = [
        "partner",
        "program",
        "status",
        "registered_on",
        "certificate_number",
        "issued_on",
        "expires_on",
    ]
    # The certificate and its status are the ledger's (secor.certificates): decided with a reason.
    readonly_fields = ["status", "certificate_number", "issued_on", "expires_on"]
    show_change_link = True


@admin.register(Employer)
class EmployerAdmin(SoftDeleteAdmin):
    list_display = [
        "legal_name",
        "operating_name",
        "province",
        "industry",
        "city",
        "created_at",
        "deleted_at",
    ]
    list_filter = [DeletedFilter, "province", "industry", "enrolments__partner", "enrolments__status"]
    search_fields = ["legal_name", "operating_name", "city", "contact_email", "wcb_accounts__account_number"]
    readonly_fields = ["deleted_at"]
    inlines = [OperatingProvinceInline, WCBAccountInline, EnrolmentInline]
    date_hierarchy = "created_at"


@admin.register(OperatingProvince)
class OperatingProvinceAdmin(SimpleHistoryAdmin):
    list_display = ["employer", "province", "permanent_office"]
    list_filter = ["province", "permanent_office"]
    search_fields = ["employer__legal_name", "employer__operating_name"]
    autocomplete_fields = ["employer"]


@admin.register(WCBAccount)
class WCBAccountAdmin(SimpleHistoryAdmin):
    list_display = ["account_number", "board", "employer", "industry_code", "active_from", "active_to"]
    list_filter = ["board"]
    search_fields = ["account_number", "industry_code", "employer__legal_name", "employer__operating_name"]
    autocomplete_fields = ["employer"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["employer", "partner", "member_number", "status", "registered_on", "ended_on"]
    list_filter = ["status", "partner__province", "partner"]
    search_fields = ["member_number", "employer__legal_name", "employer__operating_name"]
    autocomplete_fields = ["employer"]


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["employer", "partner", "program", "status", "registered_on", "issued_on", "expires_on"]
    list_filter = ["status", "partner__province", "partner", "program"]
    search_fields = ["certificate_number", "employer__legal_name", "employer__operating_name"]
    autocomplete_fields = ["employer"]
    date_hierarchy = "registered_on"
    # Written only by the certificate ledger: staff record decisions (with a reason) through the ledger's
    # API or the certificate page, so the history says who decided what and why.
    readonly_fields = [
        "status",
        "certificate_number",
        "issued_on",
        "expires_on",
        "last_maintenance_audit_on",
        "removed_on",
    ]


@admin.register(Person)
class PersonAdmin(SoftDeleteAdmin):
    list_display = [
        "full_name",
        "employer",
        "category",
        "hours_per_week",
        "province",
        "start_date",
        "end_date",
    ]
    list_filter = [DeletedFilter, "category", "province", "is_assessor", "is_safety_champion"]
    search_fields = ["first_name", "last_name", "email", "employer__legal_name", "employer__operating_name"]
    readonly_fields = ["deleted_at"]
    autocomplete_fields = ["employer", "wcb_account"]


@admin.register(HeadcountSnapshot)
class HeadcountSnapshotAdmin(SimpleHistoryAdmin):
    list_display = ["employer", "month", "workers"]
    search_fields = ["employer__legal_name", "employer__operating_name"]
    autocomplete_fields = ["employer"]
    date_hierarchy = "month"


@admin.register(PayrollYear)
class PayrollYearAdmin(SimpleHistoryAdmin):
    list_display = ["employer", "year", "payroll_hours"]
    list_filter = ["year"]
    search_fields = ["employer__legal_name", "employer__operating_name"]
    autocomplete_fields = ["employer"]
