"""The certificate ledger: certificates and their events, append-only, written only by partner decisions
and by the daily job applying each partner's rule for a missed maintenance audit
(``secor.certificates.services``).

- :class:`Certificate`: a number the partner issued to one enrolment (term in months). Never changed.
- :class:`CertificateEvent`: one event (issued, maintenance accepted, maintenance missed, cancelled, lapsed,
  expired, renewed, moved to COR, removed, reinstated): the day it takes effect, who decided it (a reviewer,
  site staff, the daily job) and why. Never changed or deleted: the model refuses, and on PostgreSQL a
  trigger refuses too (migration 0002).
- :class:`DeclaredCertificate`: what an employer says it holds (number, dates, a copy), shown as "declared,
  not yet confirmed by <partner>" until a reviewer or staff confirms it (which writes the ledger).
- :class:`DirectoryListing`: an employer's opt-in to the partner's public "find a SECOR company" list.

The enrolment's status and certificate columns are a cache of the ledger, written only by
``services.sync_enrolment``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from provinces.certificates import EVENT_LABELS, EventKind
from secor.core.exceptions import ApplicationError


class LedgerError(ApplicationError):
    """Raised when code tries to change or delete a ledger row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerError(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self):
        raise LedgerError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")

    def _raw_delete(self, using):
        raise LedgerError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise LedgerError(f"A {self._meta.verbose_name} cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError(f"A {self._meta.verbose_name} cannot be deleted.")


class Certificate(AppendOnly):
    tenant_path = "enrolment__employer"

    enrolment = models.ForeignKey(
        "employers.Enrolment", on_delete=models.PROTECT, related_name="certificates"
    )
    partner = models.ForeignKey(
        "employers.CertifyingPartner", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(max_length=60)
    term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrolment", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "number"], name="uniq_certificate_partner_number")
        ]

    def __str__(self) -> str:
        return self.number


class CertificateEvent(AppendOnly):
    tenant_path = "enrolment__employer"

    KIND_CHOICES = [(k.value, EVENT_LABELS[k]) for k in EventKind]

    class Decider(models.TextChoices):
        REVIEWER = "reviewer", "Partner reviewer"
        STAFF = "staff", "Site staff"
        AUDIT = "audit", "Accepted audit"
        DAILY_JOB = "daily_job", "Daily job (the partner's rule)"
        RECORDS = "records", "Records kept before the ledger"

    enrolment = models.ForeignKey(
        "employers.Enrolment", on_delete=models.PROTECT, related_name="certificate_events"
    )
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    effective_on = models.DateField()
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(
        null=True, blank=True, help_text="Maintenance accepted: the day the audit was submitted."
    )
    reason = models.TextField()
    decided_as = models.CharField(max_length=20, choices=Decider.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(
        max_length=200, blank=True, help_text="Kept when the user is later removed."
    )
    audit = models.ForeignKey(
        "audits.Audit", null=True, blank=True, on_delete=models.PROTECT, related_name="certificate_events"
    )
    due_on = models.DateField(
        null=True, blank=True, help_text="Maintenance missed / expired: the deadline that passed."
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrolment", "effective_on", "pk"]
        constraints = [
            # The daily job records a missed deadline once, however often it runs.
            models.UniqueConstraint(
                fields=["certificate", "kind", "due_on"],
                condition=models.Q(due_on__isnull=False),
                name="uniq_certificate_event_due",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="certificate_event_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.effective_on} {self.get_kind_display()}"

    @property
    def decider_label(self) -> str:
        who = self.decided_by_name or (self.decided_by.email if self.decided_by_id else "")
        label = self.get_decided_as_display()
        return f"{label} ({who})" if who else label


def declaration_upload_to(instance: DeclaredCertificate, filename: str) -> str:
    # Generated names only: the user's file name never reaches the file system.
    from secor.core.uploads import generated_name

    return generated_name("declared-certificates", filename)


class DeclaredCertificate(models.Model):
    """A certificate the employer says it holds. It changes nothing in the ledger until a reviewer of the
    partner (or site staff) confirms it."""

    tenant_path = "enrolment__employer"

    class State(models.TextChoices):
        DECLARED = "declared", "Declared, not yet confirmed"
        CONFIRMED = "confirmed", "Confirmed"
        REFUSED = "refused", "Not confirmed"

    enrolment = models.ForeignKey(
        "employers.Enrolment", on_delete=models.CASCADE, related_name="declarations"
    )
    number = models.CharField(max_length=60)
    issued_on = models.DateField()
    expires_on = models.DateField()
    copy = models.FileField(upload_to=declaration_upload_to, max_length=300)
    copy_name = models.CharField(max_length=255, blank=True)
    copy_sha256 = models.CharField(max_length=64, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DECLARED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )

    class Meta:
        ordering = ["-declared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")), name="declared_expiry_after_issue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_state_display()})"

    @property
    def status_text(self) -> str:
        partner = self.enrolment.partner.name
        if self.state == self.State.DECLARED:
            return f"Declared, not yet confirmed by {partner}"
        if self.state == self.State.CONFIRMED:
            return f"Confirmed by {partner}"
        return f"Not confirmed by {partner}"


class DirectoryListing(models.Model):
    """An employer's opt-in to the partner's public "find a SECOR company" list. Deleting the row (opting
    out) removes the employer from the list at once."""

    tenant_path = "employer"

    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey("employers.CertifyingPartner", on_delete=models.CASCADE, related_name="+")
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    listed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "partner"], name="uniq_directory_listing")]

    def __str__(self) -> str:
        return f"employer {self.employer_id} listed with partner {self.partner_id}"
