"""A program record cited as evidence for an audit question (beside, or instead of, uploaded files).

Like :class:`audits.models.Evidence`: part of the audit's working copy (changed only while the audit is a
draft or sent back for corrections), never deleted once a submitted revision included it (removing it sets
``removed_at``), and reviewers see only citations that were part of a submitted revision. What the partner
reviewed is the record's content frozen into the revision's snapshot with its checksum
(:func:`safety_program.audit_evidence.frozen_records`), so later edits of the record change nothing there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from audits.models import Audit, ImmutableRecordError, SubmittedChildMixin, _require_editable_audit
from safety_program.evidence_needs import CITABLE_KINDS


class CitedRecord(SubmittedChildMixin, models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cited_records")
    question = models.ForeignKey("audits.Question", on_delete=models.PROTECT, related_name="+")
    checklist_item = models.CharField(max_length=300, blank=True)
    record_kind = models.CharField(max_length=30, choices=list(CITABLE_KINDS.items()))
    record_id = models.PositiveBigIntegerField()
    record_date = models.DateField(
        help_text="The record's date when it was cited (inside the review window)."
    )
    label = models.CharField(max_length=300)
    cited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cited_at = models.DateTimeField(default=timezone.now)
    first_revision = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of the first revision that included this record."
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["question__element__number", "question__order", "record_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "question", "record_kind", "record_id"],
                condition=Q(removed_at__isnull=True),
                name="uniq_cited_record_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.label}"

    def save(self, *args, **kwargs) -> None:
        _require_editable_audit(self.audit_id)
        if not self._state.adding and self.first_revision is not None:
            stored = CitedRecord.objects.filter(pk=self.pk).values("record_kind", "record_id", "question_id")
            row = stored.first()
            if row and (row["record_kind"], row["record_id"], row["question_id"]) != (
                self.record_kind,
                self.record_id,
                self.question_id,
            ):
                raise ImmutableRecordError("A cited record of a submitted revision cannot be replaced.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _require_editable_audit(self.audit_id)
        if self.first_revision is not None:
            raise ImmutableRecordError("This record is part of a submitted revision; it can be removed only.")
        return super().delete(*args, **kwargs)
