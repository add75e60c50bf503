"""The ledger in the admin: read-only. Decisions are recorded with a reason through the ledger's services
(the certificate page, or POST /api/enrolments/{id}/certificate/decisions/)."""

from django.contrib import admin

from secor.certificates.models import Certificate, CertificateEvent, DeclaredCertificate, DirectoryListing


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "partner", "enrolment", "term_months", "created_at"]
    search_fields = ["number", "enrolment__employer__legal_name"]
    list_filter = ["partner"]


@admin.register(CertificateEvent)
class CertificateEventAdmin(ReadOnlyAdmin):
    list_display = [
        "effective_on",
        "kind",
        "certificate",
        "enrolment",
        "decided_as",
        "decided_by",
        "recorded_at",
    ]
    list_filter = ["kind", "decided_as"]
    search_fields = ["certificate__number", "enrolment__employer__legal_name", "reason"]


@admin.register(DeclaredCertificate)
class DeclaredCertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "enrolment", "state", "declared_at", "decided_at"]
    list_filter = ["state"]


@admin.register(DirectoryListing)
class DirectoryListingAdmin(ReadOnlyAdmin):
    list_display = ["employer", "partner", "listed_at"]
