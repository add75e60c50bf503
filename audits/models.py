"""Audit instruments, audits (self-assessments), answers, evidence, submitted revisions and partner QA review.

Shape of the workflow (modelled on AuditSoft/AuditXchange, see docs/audits.md):

1. An :class:`Instrument` is versioned reference data of one certifying partner: elements, questions, the
   verification methods of each question (documentation, interview, observation), points, scoring rule,
   guidance and an evidence checklist. Instruments are loaded from ``audits/instruments/*.yaml`` after every
   migrate and never change in place once an audit uses them (a new text is a new version).
2. An :class:`Audit` is one certification, maintenance or recertification audit of an employer against one
   instrument. Its working copy (:class:`Answer`, :class:`Evidence`) can be edited only while the audit is a
   draft or corrections were requested.
3. Submitting freezes the working copy into an :class:`AuditRevision`: an immutable snapshot (answers, scores,
   evidence checksums). A revision is never updated or deleted, by anyone; a correction is a new revision.
4. The partner's reviewers work on submitted audits: assignment, :class:`ReviewNote` per question
   (actionable or informational), corrections, accept or reject (kept apart from pass/fail). Every change of
   state is an :class:`AuditTransition` row (who, when, what), also append-only.
5. An accepted audit changes the employer's enrolment (certificate, maintenance) and the maintenance schedule
   from the rules engine is stored as :class:`MaintenanceDue` rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from secor.core.exceptions import ApplicationError


class ImmutableRecordError(ApplicationError):
    """Raised when code tries to change or delete something that was submitted."""


# ----------------------------------------------------------------------------------------------------
# Instruments (reference data)
# ----------------------------------------------------------------------------------------------------


class VerificationMethod(models.TextChoices):
    DOCUMENTATION = "documentation", "Documentation"
    INTERVIEW = "interview", "Interview"
    OBSERVATION = "observation", "Observation"


class ScoringRule(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "All or nothing"
    RANGE = "range", "Range (0 to the maximum)"
    INTERVIEW_PERCENTAGE = "interview_percentage", "Interview percentage (positive ÷ asked)"


class AuditKind(models.TextChoices):
    CERTIFICATION = "certification", "Initial certification"
    MAINTENANCE = "maintenance", "Annual maintenance"
    RECERTIFICATION = "recertification", "Recertification"


class Instrument(models.Model):
    """One version of a certifying partner's audit instrument (audit tool). Loaded from YAML; see
    :mod:`audits.reference`."""

    partner = models.ForeignKey(
        "employers.CertifyingPartner", on_delete=models.PROTECT, related_name="instruments"
    )
    code = models.CharField(max_length=40)
    version = models.CharField(max_length=20)
    program = models.CharField(max_length=20, default="SECOR")
    title = models.CharField(max_length=200)
    description = models.TextField()
    effective_from = models.DateField()
    kinds = models.JSONField(default=list, help_text="Audit kinds this instrument is used for.")
    sources = models.JSONField(default=list)
    checksum = models.CharField(
        max_length=64, help_text="SHA-256 of the source file this version was loaded from."
    )
    is_current = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partner__province", "partner__code", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "code", "version"], name="uniq_instrument_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def total_points(self) -> Decimal:
        return sum((q.points for e in self.elements.all() for q in e.questions.all()), Decimal(0))


class InstrumentElement(models.Model):
    """An element (section) of an instrument, e.g. "Hazard Identification & Assessment"."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="elements")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="uniq_element_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Question(models.Model):
    """A question of an element: how it is verified, what it is worth and how it is scored."""

    element = models.ForeignKey(InstrumentElement, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(max_length=20, help_text="E.g. 3.2")
    key = models.CharField(
        max_length=80,
        blank=True,
        help_text="Stable key across instrument versions (the YAML's ``key``, else the code): maintenance "
        "audits carry answers over by it (audits/carryover.py).",
    )
    order = models.PositiveIntegerField()
    text = models.TextField()
    methods = models.JSONField(
        default=list, help_text="Verification methods: documentation, interview, observation."
    )
    points = models.DecimalField(max_digits=6, decimal_places=2)
    scoring_rule = models.CharField(max_length=30, choices=ScoringRule.choices)
    guidance = models.TextField(blank=True)
    evidence_checklist = models.JSONField(default=list, blank=True)
    minimum_interviews = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["element__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["element", "code"], name="uniq_question_code"),
            models.CheckConstraint(condition=Q(points__gt=0), name="question_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    def method_labels(self) -> list[str]:
        return [VerificationMethod(m).label for m in self.methods]

    @property
    def stable_key(self) -> str:
        return self.key or self.code


# ----------------------------------------------------------------------------------------------------
# Audits
# ----------------------------------------------------------------------------------------------------


class AuditStatus(models.TextChoices):
    DRAFT = "draft", "Draft (being answered)"
    SUBMITTED = "submitted", "Submitted – pending review"
    IN_REVIEW = "in_review", "In review"
    CORRECTIONS_REQUESTED = "corrections_requested", "Corrections requested"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


EDITABLE_STATUSES = (AuditStatus.DRAFT, AuditStatus.CORRECTIONS_REQUESTED)
REVIEWER_VISIBLE_STATUSES = (
    AuditStatus.SUBMITTED,
    AuditStatus.IN_REVIEW,
    AuditStatus.CORRECTIONS_REQUESTED,
    AuditStatus.ACCEPTED,
    AuditStatus.REJECTED,
)
PENDING_REVIEW_STATUSES = (AuditStatus.SUBMITTED, AuditStatus.IN_REVIEW)


def _own_employer_q(user, prefix: str) -> Q:
    """Employers the user sees as a member or through an active consultant grant (not as a reviewer)."""
    from secor.accounts.models import ConsultantAccess, EmployerMembership

    q = Q(**{f"{prefix}__in": EmployerMembership.objects.filter(user_id=user.pk).values("employer_id")})
    if getattr(user, "consultant_firm_id", None):
        q |= Q(
            **{
                f"{prefix}__in": ConsultantAccess.objects.filter(
                    firm_id=user.consultant_firm_id, revoked_at__isnull=True
                ).values("employer_id")
            }
        )
    return q


class Audit(models.Model):
    """An audit of one employer against one instrument: the working copy plus its review state.

    Planning fields and the working copy are frozen while the audit is with the partner (submitted, in review,
    accepted, rejected): :meth:`save` refuses to change them, whatever the caller."""

    tenant_path = "employer"
    # Reviewers keep reading audits submitted to their partner after the registration ends (see tenancy.py).
    reviewer_keeps_after_registration = True

    class AuditorType(models.TextChoices):
        INTERNAL = "internal", "Internal assessor / auditor (self-assessment)"
        EXTERNAL = "external", "External auditor"

    PROTECTED_FIELDS = (
        "employer_id",
        "enrolment_id",
        "partner_id",
        "instrument_id",
        "kind",
        "auditor_type",
        "auditor_person_id",
        "external_auditor_name",
        "external_auditor_certificate",
        "notice_sent_on",
        "starts_on",
        "ends_on",
        "scope",
    )

    employer = models.ForeignKey("employers.Employer", on_delete=models.PROTECT, related_name="audits")
    enrolment = models.ForeignKey("employers.Enrolment", on_delete=models.PROTECT, related_name="audits")
    partner = models.ForeignKey(
        "employers.CertifyingPartner", on_delete=models.PROTECT, related_name="audits"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    status = models.CharField(max_length=30, choices=AuditStatus.choices, default=AuditStatus.DRAFT)

    auditor_type = models.CharField(max_length=10, choices=AuditorType.choices, default=AuditorType.INTERNAL)
    auditor_person = models.ForeignKey(
        "employers.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="audits_conducted"
    )
    external_auditor_name = models.CharField(max_length=200, blank=True)
    external_auditor_certificate = models.CharField(max_length=60, blank=True)
    notice_sent_on = models.DateField(
        null=True, blank=True, help_text="BC: date the Notice of Audit Activity was sent to the partner."
    )
    starts_on = models.DateField(help_text="First day of data gathering (the audit start).")
    ends_on = models.DateField(null=True, blank=True, help_text="Last day of data gathering.")
    scope = models.TextField(blank=True, help_text="Sites, roles and period covered.")

    revision_count = models.PositiveIntegerField(default=0)
    first_submitted_on = models.DateField(null=True, blank=True)
    last_submitted_at = models.DateTimeField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    corrections_due_on = models.DateField(
        null=True,
        blank=True,
        help_text="Set by the reviewer when sending the audit back: answer the notes and resubmit by then.",
    )
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_audits",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    qa_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # carry-over (audits/carryover.py): the accepted audit this one started from, what was not carried
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    carry_report = models.JSONField(default=dict, blank=True, editable=False)
    outcome_passed = models.BooleanField(null=True, blank=True)
    outcome_percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    outcome_verdict = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="audit_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(qa_score__isnull=True) | (Q(qa_score__gte=0) & Q(qa_score__lte=100)),
                name="audit_qa_score_percent",
            ),
        ]
        indexes = [models.Index(fields=["partner", "status"], name="audit_partner_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} audit – {self.employer} ({self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding and self.pk:
            stored = Audit.objects.filter(pk=self.pk).values("status", *self.PROTECTED_FIELDS).first()
            if stored and stored["status"] not in EDITABLE_STATUSES:
                changed = [f for f in self.PROTECTED_FIELDS if stored[f] != getattr(self, f)]
                if changed:
                    raise ImmutableRecordError(
                        "This audit is with the certifying partner; its plan and answers cannot be changed "
                        f"({', '.join(c.removesuffix('_id') for c in changed)})."
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.revision_count or self.status != AuditStatus.DRAFT:
            raise ImmutableRecordError("An audit that was submitted is kept; it cannot be deleted.")
        return super().delete(*args, **kwargs)

    # ---- tenancy ----------------------------------------------------------------------------------------

    @classmethod
    def tenancy_q(cls, user, *, write: bool, employer_ids) -> Q | None:
        """Employers' members and consultants see all their audits; a reviewer sees only audits submitted to
        their own partner (never drafts or withdrawn ones) and never writes an audit's working copy."""
        if employer_ids is None or not getattr(user, "reviewer_partner_id", None):
            return None
        own = _own_employer_q(user, "employer_id")
        if write:
            return own
        return own | Q(partner_id=user.reviewer_partner_id, status__in=REVIEWER_VISIBLE_STATUSES)

    # ---- immutability -----------------------------------------------------------------------------------

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "Data gathering cannot end before it starts."
        if self.auditor_type == self.AuditorType.INTERNAL and not self.auditor_person_id:
            errors["auditor_person"] = "Choose the internal assessor / auditor who conducts the audit."
        if self.auditor_type == self.AuditorType.EXTERNAL and not self.external_auditor_name:
            errors["external_auditor_name"] = "Give the external auditor's name."
        if (
            self.auditor_person_id
            and self.employer_id
            and self.auditor_person.employer_id != self.employer_id
        ):
            errors["auditor_person"] = "The auditor must be one of this employer's people."
        if errors:
            raise ValidationError(errors)

    @property
    def auditor_name(self) -> str:
        if self.auditor_type == self.AuditorType.EXTERNAL:
            return self.external_auditor_name
        return self.auditor_person.full_name if self.auditor_person else ""

    @property
    def latest_revision(self):
        return self.revisions.order_by("-number").first()

    def age_days(self, today=None) -> int | None:
        if self.last_submitted_at is None:
            return None
        today = today or timezone.localdate()
        return (today - timezone.localdate(self.last_submitted_at)).days


class AuditChildMixin:
    """Rows owned by an audit: visible exactly when the audit is."""

    tenant_path = "audit__employer"
    reviewer_keeps_after_registration = True  # like the audit: see Audit

    @classmethod
    def tenancy_q(cls, user, *, write: bool, employer_ids) -> Q | None:
        q = Audit.tenancy_q(user, write=write, employer_ids=employer_ids)
        if q is None:
            return None
        return Q(audit__in=Audit.objects.filter(q).values("pk"))


class SubmittedChildMixin(AuditChildMixin):
    """Working-copy rows that a submitted revision includes from ``first_revision`` on (evidence files,
    cited program records): the employer's own people see and change them all; the partner's reviewers
    read only those that were part of a submitted revision."""

    @classmethod
    def tenancy_q(cls, user, *, write: bool, employer_ids) -> Q | None:
        q = Audit.tenancy_q(user, write=write, employer_ids=employer_ids)
        if q is None:
            return None
        own = _own_employer_q(user, "audit__employer_id")
        if write:
            return own
        return own | Q(audit__in=Audit.objects.filter(q).values("pk"), first_revision__isnull=False)


def _require_editable_audit(audit_id: int) -> None:
    # Read the stored status, not the caller's (possibly stale) in-memory audit.
    if not Audit.objects.filter(pk=audit_id, status__in=EDITABLE_STATUSES).exists():
        raise ImmutableRecordError(
            "This audit is with the certifying partner; answers and evidence cannot be changed."
        )


class Answer(AuditChildMixin, models.Model):
    """The working answer to one question: score, notes and interview counts. Reviewers read the submitted
    revision's snapshot, never the working copy."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    notes = models.TextField(blank=True)
    interviews_positive = models.PositiveIntegerField(null=True, blank=True)
    interviews_total = models.PositiveIntegerField(null=True, blank=True)

    class Carry(models.TextChoices):
        NONE = "", "Answered in this audit"
        PENDING = "pending", "Carried over: confirm or update"
        CONFIRMED = "confirmed", "Carried over and confirmed"
        CHANGED = "changed", "Carried over and updated"

    carry_state = models.CharField(max_length=10, choices=Carry.choices, default="", blank=True)
    carried_from_year = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__element__number", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="uniq_answer_question"),
            models.CheckConstraint(
                condition=Q(interviews_positive__isnull=True)
                | Q(interviews_total__isnull=True)
                | Q(interviews_positive__lte=models.F("interviews_total")),
                name="answer_interviews_positive_le_total",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0), name="answer_score_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.score}"

    def save(self, *args, **kwargs) -> None:
        _require_editable_audit(self.audit_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _require_editable_audit(self.audit_id)
        return super().delete(*args, **kwargs)

    @classmethod
    def tenancy_q(cls, user, *, write: bool, employer_ids) -> Q | None:
        if employer_ids is None or not getattr(user, "reviewer_partner_id", None):
            return None
        return _own_employer_q(user, "audit__employer_id")


def evidence_upload_to(instance, filename: str) -> str:
    # Generated names only: the user's file name never reaches the file system.
    from secor.core.uploads import generated_name

    return generated_name("evidence", filename)


class Evidence(SubmittedChildMixin, models.Model):
    """A file attached to a question (document, interview record, observation photo…).

    Once a file was part of a submitted revision it is never deleted: removing it from the working copy only
    sets ``removed_at`` so earlier revisions keep their files. Reviewers see only files that were part of a
    submitted revision."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="evidence")
    method = models.CharField(
        max_length=20, choices=VerificationMethod.choices, default=VerificationMethod.DOCUMENTATION
    )
    checklist_item = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    first_revision = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of the first revision that included this file."
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["question__element__number", "question__order", "uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.question.code}: {self.original_name}"

    def save(self, *args, **kwargs) -> None:
        _require_editable_audit(self.audit_id)
        if not self._state.adding and self.first_revision is not None:
            stored = Evidence.objects.filter(pk=self.pk).values("file", "sha256", "question_id").first()
            if stored and (
                stored["file"] != self.file.name
                or stored["sha256"] != self.sha256
                or stored["question_id"] != self.question_id
            ):
                raise ImmutableRecordError("A submitted evidence file cannot be replaced; upload a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _require_editable_audit(self.audit_id)
        if self.first_revision is not None:
            raise ImmutableRecordError(
                "This file is part of a submitted revision; it can be removed, not deleted."
            )
        storage, name = self.file.storage, self.file.name
        result = super().delete(*args, **kwargs)
        # A carried-over copy shares the file of last year's evidence: the file stays while a row uses it.
        if name and not Evidence.objects.filter(file=name).exists():
            storage.delete(name)
        return result


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused: these rows are a record of what happened."""

    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")

    def _raw_delete(self, using):  # used by cascades that skip signals
        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError(f"A {self._meta.verbose_name} cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"A {self._meta.verbose_name} cannot be deleted.")


class AuditRevision(AuditChildMixin, AppendOnlyModel):
    """An immutable snapshot of what was submitted: answers, element and overall scores, evidence checksums.

    ``snapshot`` is the whole content as JSON; ``snapshot_sha256`` is the checksum of its canonical form so a
    change made behind the application's back can be detected (:meth:`verify`)."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField()
    snapshot_sha256 = models.CharField(max_length=64)
    overall_percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["audit", "number"]
        constraints = [models.UniqueConstraint(fields=["audit", "number"], name="uniq_revision_number")]

    def __str__(self) -> str:
        return f"{self.audit} – revision {self.number}"

    def verify(self) -> bool:
        from audits.snapshots import canonical_sha256

        return canonical_sha256(self.snapshot) == self.snapshot_sha256


class ReviewNote(AuditChildMixin, models.Model):
    """A reviewer's note on a revision, about one question or the whole audit. Actionable notes must be
    addressed by the employer before resubmitting; informational notes are remarks."""

    class Kind(models.TextChoices):
        ACTIONABLE = "actionable", "Actionable (needs a correction)"
        INFORMATIONAL = "informational", "Informational"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="notes")
    revision = models.ForeignKey(AuditRevision, on_delete=models.PROTECT, related_name="notes")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(blank=True, help_text="The employer's answer to an actionable note.")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["revision__number", "question__element__number", "question__order", "created_at"]

    def __str__(self) -> str:
        where = self.question.code if self.question_id else "audit"
        return f"{self.get_kind_display()} note on {where}"


class AuditTransition(AuditChildMixin, AppendOnlyModel):
    """One change of an audit's state, append-only: who did what, when, from which state to which."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        PLAN_UPDATED = "plan_updated", "Plan updated"
        SUBMITTED = "submitted", "Submitted"
        RESUBMITTED = "resubmitted", "Resubmitted after corrections"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ASSIGNED = "assigned", "Reviewer assigned"
        REASSIGNED = "reassigned", "Reviewer reassigned"
        REVIEW_STARTED = "review_started", "Review started"
        NOTE_ADDED = "note_added", "Note added"
        CORRECTIONS_REQUESTED = "corrections_requested", "Corrections requested"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
        CERTIFICATE_RENEWED = "certificate_renewed", "Certificate renewed"
        MAINTENANCE_RECORDED = "maintenance_recorded", "Maintenance recorded"
        STATUS_CHANGED = "status_changed", "Enrolment status changed"

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="transitions")
    revision = models.ForeignKey(
        AuditRevision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["audit", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class MaintenanceDue(models.Model):
    """One row of the maintenance schedule the rules engine gives for a certificate (maintenance audits in
    years 2 and 3, recertification, expiry), and what became of it."""

    tenant_path = "enrolment__employer"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        SUPERSEDED = "superseded", "Superseded by a new certificate"

    enrolment = models.ForeignKey(
        "employers.Enrolment", on_delete=models.CASCADE, related_name="maintenance_dues"
    )
    source_audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="schedule_rows")
    certificate_issued_on = models.DateField()
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    final_due_on = models.DateField(
        null=True, blank=True, help_text="Latest allowed date where a slip is allowed."
    )
    consequence = models.TextField(blank=True)
    reference = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    met_by = models.ForeignKey(
        Audit, null=True, blank=True, on_delete=models.SET_NULL, related_name="dues_met"
    )
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "due_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "certificate_issued_on", "kind", "due_on"],
                name="uniq_maintenance_due_row",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.due_on} ({self.state})"

    @property
    def last_day(self):
        return self.final_due_on or self.due_on
