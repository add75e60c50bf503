"""Django admin for users (e-mail login), consultant firms, employer memberships and consultant access
grants (with their history: the access audit trail)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from secor.accounts.models import ConsultantAccess, ConsultantFirm, EmployerMembership, User


class EmployerMembershipInline(admin.TabularInline):
    model = EmployerMembership
    extra = 0
    autocomplete_fields = ["employer"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "consultant_firm", "reviewer_partner", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "consultant_firm", "reviewer_partner"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "first_name", "last_name")}),
        ("Roles", {"fields": ("consultant_firm", "reviewer_partner", "manages_reviewers")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [EmployerMembershipInline]


@admin.register(ConsultantFirm)
class ConsultantFirmAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(EmployerMembership)
class EmployerMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "employer", "role", "receives_reminders", "created_at"]
    list_filter = ["role", "receives_reminders"]
    search_fields = ["user__email", "employer__legal_name", "employer__operating_name"]
    autocomplete_fields = ["user", "employer"]


class ActiveGrantFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ConsultantAccess)
class ConsultantAccessAdmin(SimpleHistoryAdmin):
    list_display = ["firm", "employer", "granted_at", "granted_by", "revoked_at", "revoked_by"]
    list_filter = [ActiveGrantFilter, "firm"]
    search_fields = ["firm__name", "employer__legal_name", "employer__operating_name"]
    autocomplete_fields = ["employer", "firm", "granted_by", "revoked_by"]
