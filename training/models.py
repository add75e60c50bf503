"""The course catalogue (reference data from the rules engine) and people's training records."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secor.employers.models import CertifyingPartner, Person, SoftDeleteModel


class Course(models.Model):
    """A course in a certifying partner's catalogue. ``code`` is the rules engine's course code;
    ``validity_months`` empty means the course does not expire."""

    partner = models.ForeignKey(CertifyingPartner, on_delete=models.CASCADE, related_name="courses")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    validity_months = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    reference = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["partner__province", "partner__code", "name"]
        constraints = [models.UniqueConstraint(fields=["partner", "code"], name="uniq_course_partner_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner.code})"

    def expiry_for(self, completed_on):
        """The expiry date for a completion date (month arithmetic as defined once in ``provinces.dates``)."""
        if not self.validity_months or completed_on is None:
            return None
        from provinces.dates import add_months

        return add_months(completed_on, self.validity_months)


def certificate_upload_to(instance, filename: str) -> str:
    # Generated names only: the user's file name never reaches the file system.
    from secor.core.uploads import generated_name

    return generated_name("certificates", filename)


class TrainingRecord(SoftDeleteModel):
    """A person's completion of a course. ``expires_on`` is computed from the course when saved."""

    tenant_path = "person__employer"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training_records")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    provider = models.CharField(max_length=200, blank=True)
    certificate_number = models.CharField(max_length=60, blank=True)
    expires_on = models.DateField(null=True, blank=True, editable=False)
    certificate_file = models.FileField(upload_to=certificate_upload_to, blank=True, max_length=300)
    certificate_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return f"{self.person} – {self.course.name} ({self.completed_on})"

    def clean(self) -> None:
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "A completion date cannot be in the future."})
        if self.person_id and self.completed_on and self.person.start_date:
            pass  # training before hire is allowed: people bring certificates with them

    def save(self, *args, **kwargs):
        self.expires_on = self.course.expiry_for(self.completed_on)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "completed_on" in update_fields:
            kwargs["update_fields"] = set(update_fields) | {"expires_on"}
        super().save(*args, **kwargs)
