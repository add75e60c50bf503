"""The stored certification status: one current row per employer.

Every reader (dashboard, portfolio, reviewer and staff lists, PDFs, the evaluation API, the reminder sweep)
reads this row; none of them runs the rules engine on its own. The row is written only by
:func:`secor.status.services.recompute` and says itself whether it can be trusted for a given day
(:meth:`EmployerStatus.is_current`).
"""

from __future__ import annotations

from datetime import date

from django.db import models

RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "grey": 3}
RISK_ORDER = RAG_ORDER


class EmployerStatus(models.Model):
    """Where one employer stands, computed from its records by the rules engine on ``as_of``.

    - ``valid_until``: the first day on which the passing of time alone could change the answer (a deadline
      falls due, a course expires, a person leaves the look-back window, a new month, a rule version takes
      effect); the row answers for every day in ``[as_of, valid_until)``. ``None``: only a change of records
      can change it.
    - ``dirty_since``: set (in the same transaction) when a record the status depends on changed; cleared by
      the recompute that started after it. A dirty row still shows its figures, marked as being updated.
    - ``rules_version``: the engine's version the row was computed with; a new engine makes every row stale.
    """

    tenant_path = "employer"

    employer = models.OneToOneField(
        "employers.Employer", primary_key=True, on_delete=models.CASCADE, related_name="stored_status"
    )
    enrolment = models.ForeignKey(
        "employers.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner = models.ForeignKey(
        "employers.CertifyingPartner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Denormalised for sorting and filtering in SQL.
    name = models.CharField(max_length=200, blank=True)
    sort_name = models.CharField(max_length=200, blank=True)
    province = models.CharField(max_length=2, blank=True)
    partner_code = models.CharField(max_length=20, blank=True)
    enrolment_status = models.CharField(max_length=20, blank=True)
    status_label = models.CharField(max_length=60, blank=True)

    # Traffic light with its reasons.
    rag = models.CharField(max_length=5, default="grey")
    rag_order = models.PositiveSmallIntegerField(default=3)
    reasons = models.JSONField(default=list, blank=True)

    # Eligibility.
    eligible = models.BooleanField(null=True)
    eligibility_status = models.CharField(max_length=40, blank=True)
    eligibility_verdict = models.TextField(blank=True)
    counted = models.FloatField(null=True, blank=True)
    limit = models.FloatField(null=True, blank=True)

    # Certificate.
    certificate_state = models.CharField(max_length=30, blank=True)
    certificate_label = models.CharField(max_length=120, blank=True)
    certificate_number = models.CharField(max_length=40, blank=True)
    certificate_expires_on = models.DateField(null=True, blank=True)
    certificate = models.JSONField(null=True, blank=True, help_text="The engine's certificate answer.")

    # Deadlines.
    next_deadline_due = models.DateField(null=True, blank=True)
    next_deadline_title = models.CharField(max_length=300, blank=True)
    overdue_count = models.PositiveSmallIntegerField(default=0)
    first_overdue_title = models.CharField(max_length=300, blank=True)
    program_overdue = models.PositiveSmallIntegerField(
        default=0,
        help_text="Overdue safety program activities: scheduled activities, corrective actions, document "
        "reviews (the 'program' deadline source).",
    )
    attention_on = models.DateField(
        null=True,
        blank=True,
        help_text="Earliest overdue due date, else the next deadline (the days-left sort).",
    )

    readiness = models.PositiveSmallIntegerField(null=True, blank=True)
    risk = models.CharField("key-person risk", max_length=5, default="grey")
    risk_order = models.PositiveSmallIntegerField(default=3)
    risk_text = models.CharField(max_length=300, blank=True)

    evaluation = models.JSONField(null=True, blank=True, help_text="The engine's full evaluation.")
    error = models.CharField(max_length=500, blank=True)

    as_of = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=40)
    computed_at = models.DateTimeField()
    version = models.UUIDField(null=True, blank=True, help_text="New at every recompute: keys caches.")
    dirty_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "employer status"
        verbose_name_plural = "employer statuses"
        indexes = [
            # The lists' sorts (ties broken by name, then employer): an index walk, no sort of every row.
            models.Index(fields=["rag_order", "sort_name", "employer"], name="status_rag_name"),
            models.Index(fields=["attention_on", "sort_name", "employer"], name="status_attention_name"),
            models.Index(fields=["sort_name", "employer"], name="status_name"),
            models.Index(fields=["partner", "rag_order"], name="status_partner_rag"),
            models.Index(fields=["program_overdue", "sort_name", "employer"], name="status_program_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.rag} on {self.as_of}"

    def is_current(self, day: date, rules_version: str | None = None) -> bool:
        """True when the row answers for ``day``: no pending change, same rules, and ``day`` inside
        ``[as_of, valid_until)``."""
        from secor.status.compute import rules_version as current_version

        return (
            self.dirty_since is None
            and self.rules_version == (rules_version or current_version())
            and self.as_of <= day
            and (self.valid_until is None or day < self.valid_until)
        )

    @property
    def days_left(self) -> int | None:
        from django.utils import timezone

        if self.next_deadline_due is None:
            return None
        return (self.next_deadline_due - timezone.localdate()).days
