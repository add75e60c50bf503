"""A business change of an employer, kept with its effective date and the verdict it produced per partner.

The record is the history: a change is never edited, a mistaken one is withdrawn (``withdrawn_at``) and
recorded again. django-simple-history keeps who changed what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from provinces.changes import KIND_TITLES, ChangeKind
from secor.core.fields import ProvinceField


class BusinessChange(models.Model):
    tenant_path = "employer"

    KIND_CHOICES = [(k.value, KIND_TITLES[k]) for k in ChangeKind]

    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="business_changes"
    )
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    effective_on = models.DateField(help_text="The day the change took (or takes) effect.")
    description = models.TextField(blank=True, help_text="What happened, in your words.")
    # what the change says, by kind (the guided form asks only what its kind needs)
    previous_legal_name = models.CharField(max_length=200, blank=True)
    new_legal_name = models.CharField(max_length=200, blank=True)
    name_only = models.BooleanField(default=False)
    trained_person_left = models.BooleanField(default=False)
    additional_account = models.BooleanField(default=True)
    trained_person_shared = models.BooleanField(default=False)
    wcb_account = models.ForeignKey(
        "employers.WCBAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_province = ProvinceField(blank=True)
    leaves_home_province = models.BooleanField(default=False)
    workers_after = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # the verdicts, one per partner the employer was enrolled with (provinces.changes.ChangeVerdict.to_dict)
    verdicts = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["employer", "effective_on"], name="change_employer_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(workers_after__isnull=True) | models.Q(workers_after__gte=0),
                name="change_workers_after_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer}: {self.get_kind_display()} on {self.effective_on}"

    @property
    def worst_outcome(self) -> str:
        order = ["move_to_cor", "not_covered", "own_certificate", "action_needed", "continues"]
        found = [v.get("outcome") for v in self.verdicts]
        return next((o for o in order if o in found), "continues")
