"""The employer's program schedules: how often each activity happens. These are the employer's own program
choices (defaults come from :data:`DEFAULT_SCHEDULES`, a template the employer changes), not partner rules.
Imported by :mod:`safety_program.models`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safety_program import periods
from secor.employers.models import Employer


class Activity(models.TextChoices):
    INSPECTION = "inspection", "Workplace inspection"
    HAZARD_ASSESSMENT = "hazard_assessment", "Hazard assessment"
    MEETING = "meeting", "Safety meeting or toolbox talk"
    DRILL = "drill", "Emergency drill"


class ActivitySchedule(models.Model):
    """Every ``every`` weeks/months, starting ``starts_on``: one activity (for inspections, of one kind)."""

    tenant_path = "employer"

    class Unit(models.TextChoices):
        WEEK = periods.WEEK, "week(s)"
        MONTH = periods.MONTH, "month(s)"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="program_schedules")
    activity = models.CharField(max_length=30, choices=Activity.choices)
    inspection_kind = models.ForeignKey(
        "safety_program.InspectionKind",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    every = models.PositiveSmallIntegerField(default=1)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.MONTH)
    starts_on = models.DateField(default=timezone.localdate)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(every__gte=1), name="schedule_every_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label} every {self.every} {self.get_unit_display()}"

    @property
    def label(self) -> str:
        if self.activity == Activity.INSPECTION and self.inspection_kind_id:
            return f"{self.inspection_kind.name} inspection"
        return str(Activity(self.activity).label)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.activity == Activity.INSPECTION and not self.inspection_kind_id:
            errors["inspection_kind"] = "Say which kind of inspection this schedule is for."
        if self.activity != Activity.INSPECTION and self.inspection_kind_id:
            errors["inspection_kind"] = "Only inspection schedules have a kind of inspection."
        if (
            self.inspection_kind_id
            and self.employer_id
            and self.inspection_kind.employer_id != self.employer_id
        ):
            errors["inspection_kind"] = "This kind of inspection belongs to another employer."
        if self.every and self.unit == periods.WEEK and self.every > 52:
            errors["every"] = "Every 52 weeks at most; use months for longer."
        if self.every and self.unit == periods.MONTH and self.every > 36:
            errors["every"] = "Every 36 months at most."
        if errors:
            raise ValidationError(errors)


# The template an employer starts from (our suggestion, documented in docs/safety-program.md; the employer
# changes any of it): (activity, inspection kind or "", every, unit).
DEFAULT_SCHEDULES: tuple[tuple[str, str, int, str], ...] = (
    (Activity.INSPECTION, "Site", 1, periods.MONTH),
    (Activity.INSPECTION, "Vehicle", 1, periods.MONTH),
    (Activity.INSPECTION, "Fire extinguishers", 1, periods.MONTH),
    (Activity.INSPECTION, "First aid kits", 3, periods.MONTH),
    (Activity.HAZARD_ASSESSMENT, "", 12, periods.MONTH),
    (Activity.MEETING, "", 1, periods.MONTH),
    (Activity.DRILL, "", 12, periods.MONTH),
)


class ProgramStatus(models.Model):
    """The stored summary of an employer's program that pages, the sweep and the rules engine read:
    per schedule the last record and its run start, the open corrective actions and the document reviews.
    Nothing in it depends on today's date (overdue is decided when read), so it changes only when a record
    changes; :mod:`safety_program.state` rewrites it on every write."""

    tenant_path = "employer"

    employer = models.OneToOneField(Employer, on_delete=models.CASCADE, related_name="program_status")
    summary = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "program statuses"

    def __str__(self) -> str:
        return f"Program status of {self.employer_id}"
