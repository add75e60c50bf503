"""The safety program itself: the dated records that show the health and safety management system is
implemented (inspections, hazard assessments, meetings, drills, incidents, corrective actions, orientations
and competency verifications) and the written program documents they follow.

Every record belongs to one employer (``tenant_path = "employer"``, scoped by :mod:`secor.tenancy`), keeps its
full history (django-simple-history), is soft-deleted, and carries who did it (``led_by``), who took part
(``participants``), findings, a typed signature with the time it was signed, and attachments
(:class:`Attachment`, stored under the shared upload rules of :mod:`secor.core.uploads`).

Cross-row checks (a participant who had left, a checklist from an archived template) live in
:mod:`safety_program.services`, which is the only writer.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secor.employers.models import Employer, Person, SoftDeleteModel


def _not_future(value, field: str, what: str) -> dict[str, str]:
    if value and value > timezone.localdate():
        return {field: f"{what} cannot be in the future."}
    return {}


def attachment_upload_to(instance, filename: str) -> str:
    from secor.core.uploads import generated_name

    return generated_name("program", filename)


class Attachment(models.Model):
    """A file attached to any program record (photo of a deficiency, signed sheet, closure evidence)."""

    tenant_path = "employer"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="program_attachments")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name


class ProgramRecord(SoftDeleteModel):
    """What every program record has. ``occurred_on`` is the day the activity took place."""

    tenant_path = "employer"
    activity_label = "record"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="%(class)s_records")
    occurred_on = models.DateField("date")
    led_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="done by"
    )
    participants = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name="took part")
    findings = models.TextField(blank=True)
    signed_name = models.CharField("signed by (typed name)", max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attachments = GenericRelation(Attachment)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-occurred_on", "-pk"]

    def clean(self) -> None:
        errors = _not_future(self.occurred_on, "occurred_on", "The date of a completed activity")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The typed signature is timed by the server when it is first given (or changed).
        if self.signed_name and self.signed_at is None:
            self.signed_at = timezone.now()
        if not self.signed_name:
            self.signed_at = None
        super().save(*args, **kwargs)

    def management_names(self) -> list[str]:
        """The owners who led, took part or signed: management taking part, shown on every record."""
        people = [self.led_by] if self.led_by_id else []
        people += list(self.participants.all())
        names = [p.full_name for p in people if p is not None and p.category == Person.Category.OWNER]
        return sorted(set(names))


class ProgramDocument(SoftDeleteModel):
    """A written part of the program (policy, procedures, emergency response plan, …); its versions carry the
    approvals and the annual review date."""

    tenant_path = "employer"

    class Kind(models.TextChoices):
        POLICY = "policy", "Health and safety policy"
        HAZARD_PROCEDURE = "hazard_procedure", "Hazard assessment and control procedure"
        SAFE_WORK = "safe_work", "Safe work practices and procedures"
        INSPECTION_PROCEDURE = "inspection_procedure", "Inspection procedure"
        EMERGENCY_PLAN = "emergency_plan", "Emergency response plan"
        INCIDENT_PROCEDURE = "incident_procedure", "Incident reporting and investigation procedure"
        TRAINING = "training", "Orientation and training procedure"
        OTHER = "other", "Other program document"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="program_documents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> DocumentVersion | None:
        versions = sorted(self.versions.all(), key=lambda v: (v.approved_on, v.pk))
        return versions[-1] if versions else None


def document_upload_to(instance, filename: str) -> str:
    from secor.core.uploads import generated_name

    return generated_name("program-documents", filename)


class DocumentVersion(models.Model):
    """One approved version of a program document. ``review_due_on`` defaults to a year after approval."""

    tenant_path = "document__employer"

    document = models.ForeignKey(ProgramDocument, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=20)
    approved_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField()
    review_due_on = models.DateField(blank=True, null=True)
    changes = models.TextField("what changed", blank=True)
    file = models.FileField(upload_to=document_upload_to, blank=True, max_length=300)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "approved_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="uniq_program_document_version")
        ]

    def __str__(self) -> str:
        return f"{self.document.title} v{self.version}"

    def save(self, *args, **kwargs):
        if self.review_due_on is None and self.approved_on:
            from provinces.dates import add_months

            self.review_due_on = add_months(self.approved_on, 12)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = _not_future(self.approved_on, "approved_on", "An approval date")
        if self.review_due_on and self.approved_on and self.review_due_on <= self.approved_on:
            errors["review_due_on"] = "The review is due after the approval date."
        if errors:
            raise ValidationError(errors)


class InspectionKind(models.Model):
    """A kind of inspection the employer does (site, vehicle, office, fire extinguishers, …); employers add
    their own."""

    tenant_path = "employer"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="inspection_kinds")
    name = models.CharField(max_length=100)
    archived = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["employer", "name"], name="uniq_inspection_kind_name")]

    def __str__(self) -> str:
        return self.name


class ChecklistTemplate(models.Model):
    """A checklist, agenda or form the employer fills in: ``items`` is the list of lines. An archived template
    stays readable (old records point at it) but cannot be answered again."""

    tenant_path = "employer"

    class Purpose(models.TextChoices):
        INSPECTION = "inspection", "Inspection checklist"
        MEETING = "meeting", "Meeting agenda"
        DRILL = "drill", "Drill scenario"
        HAZARD = "hazard", "Hazard assessment form"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="checklist_templates")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.INSPECTION)
    name = models.CharField(max_length=150)
    inspection_kind = models.ForeignKey(
        InspectionKind, null=True, blank=True, on_delete=models.SET_NULL, related_name="templates"
    )
    items = models.JSONField(default=list, blank=True)
    archived = models.BooleanField(default=False)
    copied_from = models.CharField(max_length=200, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["purpose", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        items = self.items
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise ValidationError({"items": "List the checklist lines, one non-empty line each."})


class Inspection(ProgramRecord):
    """A workplace inspection answered against a checklist template."""

    activity_label = "inspection"

    kind = models.ForeignKey(InspectionKind, on_delete=models.PROTECT, related_name="inspections")
    template = models.ForeignKey(
        ChecklistTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    location = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords(m2m_fields=["participants"])

    class Meta(ProgramRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.kind.name} inspection {self.occurred_on}"


class InspectionItem(models.Model):
    """One checklist line as answered: OK, deficient (a corrective action follows) or not applicable."""

    tenant_path = "inspection__employer"

    class Result(models.TextChoices):
        OK = "ok", "OK"
        DEFICIENT = "deficient", "Deficient"
        NOT_APPLICABLE = "na", "Not applicable"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    result = models.CharField(max_length=10, choices=Result.choices)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "position"], name="uniq_inspection_item_position")
        ]

    def __str__(self) -> str:
        return f"{self.text}: {self.get_result_display()}"


class HazardAssessment(ProgramRecord):
    """A formal hazard assessment (by job or task) or a field-level one (quick, at the start of a job,
    signed by the crew). ``hazards`` lists ``{"hazard", "severity", "likelihood", "controls": [...]}``, each
    control ``{"level", "control"}`` by the hierarchy of controls."""

    activity_label = "hazard assessment"

    class Kind(models.TextChoices):
        FORMAL = "formal", "Formal (job or task)"
        FIELD = "field", "Field-level"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    job_task = models.CharField("job or task", max_length=200)
    location = models.CharField(max_length=200, blank=True)
    hazards = models.JSONField(default=list, blank=True)
    history = HistoricalRecords(m2m_fields=["participants"])

    class Meta(ProgramRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_kind_display()} hazard assessment: {self.job_task} ({self.occurred_on})"


class SafetyMeeting(ProgramRecord):
    """A safety meeting or toolbox talk: topics and attendance (``participants``)."""

    activity_label = "safety meeting"

    class Kind(models.TextChoices):
        MEETING = "meeting", "Safety meeting"
        TOOLBOX = "toolbox", "Toolbox talk"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MEETING)
    topics = models.TextField()
    history = HistoricalRecords(m2m_fields=["participants"])

    class Meta(ProgramRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class EmergencyDrill(ProgramRecord):
    """A test of the emergency response plan: scenario, participants, what went wrong (``findings``)."""

    activity_label = "emergency drill"

    scenario = models.CharField(max_length=300)
    plan = models.ForeignKey(
        ProgramDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="drills"
    )
    history = HistoricalRecords(m2m_fields=["participants"])

    class Meta(ProgramRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"Drill {self.occurred_on}: {self.scenario}"


class Incident(ProgramRecord):
    """An incident or near miss: the report (``occurred_on``, ``description``), the investigation (causes,
    root causes, by whom, when) and the sign-off."""

    activity_label = "incident"

    class Kind(models.TextChoices):
        NEAR_MISS = "near_miss", "Near miss"
        FIRST_AID = "first_aid", "First aid"
        MEDICAL_AID = "medical_aid", "Medical aid"
        LOST_TIME = "lost_time", "Lost time"
        PROPERTY = "property", "Property damage"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    causes = models.TextField("immediate causes", blank=True)
    root_causes = models.TextField(blank=True)
    investigated_on = models.DateField(null=True, blank=True)
    signed_off_name = models.CharField("signed off by (typed name)", max_length=200, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=["participants"])

    class Meta(ProgramRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        errors.update(_not_future(self.investigated_on, "investigated_on", "An investigation date"))
        if self.investigated_on and self.occurred_on and self.investigated_on < self.occurred_on:
            errors["investigated_on"] = "The investigation cannot come before the incident."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.signed_off_name and self.signed_off_at is None:
            self.signed_off_at = timezone.now()
        if not self.signed_off_name:
            self.signed_off_at = None
        super().save(*args, **kwargs)


class CompetencyVerification(ProgramRecord):
    """An orientation or a competency verification of one worker: who verified what, when (``led_by`` is the
    verifier)."""

    activity_label = "orientation or competency verification"

    class Kind(models.TextChoices):
        ORIENTATION = "orientation", "Orientation"
        COMPETENCY = "competency", "Competency verification"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    worker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="verifications")
    subject = models.CharField("task, equipment or topic", max_length=200)
    history = HistoricalRecords(m2m_fields=["participants"])

    class Meta(ProgramRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject} ({self.occurred_on})"


class CorrectiveAction(SoftDeleteModel):
    """Something to fix, from any record (a deficient inspection line, a meeting, a drill, an incident, a
    hazard assessment) or on its own. Overdue open actions are deadlines like any other."""

    tenant_path = "employer"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        CLOSED = "closed", "Closed"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="corrective_actions")
    title = models.CharField("what to fix", max_length=300)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closure_evidence = models.TextField("how it was fixed", blank=True)
    inspection_item = models.OneToOneField(
        InspectionItem, null=True, blank=True, on_delete=models.PROTECT, related_name="corrective_action"
    )
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    hazard_assessment = models.ForeignKey(
        HazardAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    meeting = models.ForeignKey(
        SafetyMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    drill = models.ForeignKey(
        EmergencyDrill, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    attachments = GenericRelation(Attachment)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    SOURCES = ("inspection", "hazard_assessment", "meeting", "drill", "incident")

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="corrective_action_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("opened_on")),
                name="corrective_action_due_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source(self):
        for name in self.SOURCES:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    def is_overdue(self, as_of) -> bool:
        return self.status != self.Status.CLOSED and self.due_on < as_of

    def clean(self) -> None:
        errors = _not_future(self.opened_on, "opened_on", "The day an action was opened")
        errors.update(_not_future(self.closed_on, "closed_on", "A closing date"))
        if self.due_on and self.opened_on and self.due_on < self.opened_on:
            errors["due_on"] = "The due date cannot come before the day the action was opened."
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = (
                f"An action cannot be closed before it was opened ({self.opened_on.isoformat()})."
            )
        if self.status == self.Status.CLOSED:
            if not self.closed_on:
                errors["closed_on"] = "Give the day the action was closed."
            if not self.closure_evidence.strip():
                errors["closure_evidence"] = "Say how it was fixed (the evidence of closure)."
        elif self.closed_on:
            errors["status"] = "An action with a closing date is closed; set the status to Closed."
        if errors:
            raise ValidationError(errors)


RECORD_MODELS: tuple[type[ProgramRecord], ...] = (
    Inspection,
    HazardAssessment,
    SafetyMeeting,
    EmergencyDrill,
    Incident,
    CompetencyVerification,
)

# Schedules and the consultant library live in their own modules (one idea per module); imported here so
# Django registers them.
from safety_program.citation_models import CitedRecord  # noqa: E402, F401
from safety_program.library import LibraryTemplate  # noqa: E402, F401
from safety_program.schedule_models import Activity, ActivitySchedule, ProgramStatus  # noqa: E402, F401
