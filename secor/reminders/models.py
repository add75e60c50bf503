"""Deadlines, reminder policies and preferences, the reminder ledger, in-app notifications and calendar feeds.

- :class:`Deadline` materialises the rules engine's deadlines (and those contributed by other apps through
  :mod:`secor.reminders.sources`) per employer. The daily sweep keeps them current: upserted by ``key``;
  a deadline that disappears is marked resolved, never deleted.
- :class:`Reminder` is the ledger that makes every reminder exactly-once: one row per (deadline, occurrence,
  recipient), claimed *before* anything is sent (see ``docs/reminders.md``).
- :class:`Digest` is the ledger of daily digests (one per user and day).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

# Kinds the rules engine emits, with a plain label for pages, e-mail and the mute preferences. Unknown kinds
# (a new rule, an app contributing deadlines) still work: their label is the kind itself.
KIND_LABELS: dict[str, str] = {
    "maintenance_audit": "Maintenance audit",
    "maintenance_audit_final": "Maintenance audit (latest allowed date)",
    "recertification": "Recertification audit",
    "certificate_expiry": "Certificate expiry",
    "history_minimum": "Earliest application date",
    "history_one_year_secor": "Earliest application for a one-year SECOR",
    "data_gathering_end": "End of audit data gathering",
    "audit_submission": "Audit submission",
    "move_to_cor": "Move to COR (outgrown SECOR)",
    "training_refresher": "Refresher training",
    "training_expiry": "Training expiry",
    "student_audit": "Student audit after training",
    "trained_person_left": "Trained person left",
    "milestone_1": "SCSA milestone 1",
    "certification_deadline": "SCSA certification deadline",
    "transition_certification": "SCSA transition certification",
    "reregistration_wait": "Earliest re-registration",
    "auditor_certification": "Auditor certification window",
    "auditor_expiry": "Auditor certification expiry",
    "auditor_maintenance_audit": "Auditor maintenance audit",
    "notice_of_audit": "BC Notice of Audit Activity",
    "earliest_audit_start": "Earliest audit start after the notice",
    "corrections_due": "Answer the reviewer's corrections",
    # contributed by the safety program (safety_program.deadlines)
    "program_inspection": "Scheduled inspection",
    "program_hazard_assessment": "Scheduled hazard assessment",
    "program_meeting": "Scheduled safety meeting",
    "program_drill": "Scheduled emergency drill",
    "program_document_review": "Program document review",
    "corrective_action": "Corrective action",
}

# Event notices (not deadlines): the review loop tells the employer and the partner's reviewers what happened.
# They share the mute preferences with the reminder kinds (secor/reminders/notices.py, docs/reminders.md).
EVENT_KIND_LABELS: dict[str, str] = {
    "review_corrections": "Audit sent back for corrections",
    "review_decision": "Audit accepted or rejected",
    "certificate_issued": "Certificate issued or renewed",
    "review_submission": "Audit submitted, resubmitted or withdrawn (reviewers)",
    "review_assignment": "Audit assigned to you (reviewers)",
    "business_change": "Business change recorded (what it means for the certificate)",
}
KIND_LABELS.update(EVENT_KIND_LABELS)

# The same kinds as (value, label) choices: the API's mute preferences; named "DeadlineKindEnum" in OpenAPI.
KIND_CHOICES: list[tuple[str, str]] = [(kind, KIND_LABELS[kind]) for kind in sorted(KIND_LABELS)]

# "Not before" dates: reaching them is news, passing them is not a failure, so no weekly overdue reminders.
NO_OVERDUE_KINDS = frozenset(
    {"history_minimum", "history_one_year_secor", "earliest_audit_start", "reregistration_wait"}
)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def default_offsets() -> list[int]:
    return list(getattr(settings, "REMINDER_OFFSETS", [90, 30, 7, 1, 0]))


class Deadline(models.Model):
    """A dated obligation of one employer (from the rules engine or a contributed source).

    ``key`` is the stable identity inside the employer and origin (kind, person, due date): the sweep upserts
    by it. ``met``: True done on time, False missed (or done late), None still open. ``resolved_at`` is set
    when the deadline no longer appears in the source (the records changed); it is cleared if it comes back.
    """

    tenant_path = "employer"

    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="deadlines")
    enrolment = models.ForeignKey(
        "employers.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="deadlines"
    )
    person_ref = models.CharField(max_length=40, blank=True, help_text="The engine's person id, if any.")
    origin = models.CharField(max_length=40, default="rules", help_text="Which source produced it.")
    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=200)
    due = models.DateField()
    title = models.CharField(max_length=300)
    consequence = models.TextField(blank=True)
    source = models.CharField("source (rule reference)", max_length=500, blank=True)
    met = models.BooleanField(null=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "pk"]
        constraints = [models.UniqueConstraint(fields=["employer", "key"], name="uniq_deadline_employer_key")]
        indexes = [models.Index(fields=["employer", "resolved_at"], name="deadline_open_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.due})"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None and self.met is not True

    def status_on(self, day) -> str:
        """``met``, ``missed``, ``overdue``, ``resolved`` or ``open``."""
        if self.resolved_at is not None:
            return "resolved"
        if self.met is True:
            return "met"
        if self.met is False:
            return "missed"
        return "overdue" if self.due < day else "open"


class ReminderPolicy(models.Model):
    """When an employer's reminders go out: days before the due date (0 = on the day) and, while overdue,
    every ``overdue_every_days`` days (0 = never). No row means the defaults (settings.REMINDER_OFFSETS,
    weekly while overdue)."""

    tenant_path = "employer"

    employer = models.OneToOneField(
        "employers.Employer", on_delete=models.CASCADE, related_name="reminder_policy"
    )
    offsets = models.JSONField(
        default=default_offsets, help_text="Days before the due date, e.g. [90, 30, 7, 1, 0]."
    )
    overdue_every_days = models.PositiveSmallIntegerField(default=7)
    enabled = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "reminder policies"

    def __str__(self) -> str:
        return f"Reminders for {self.employer_id}: {self.offsets}"

    def clean(self) -> None:
        offsets = self.offsets
        if not isinstance(offsets, list) or not all(
            isinstance(o, int) and not isinstance(o, bool) for o in offsets
        ):
            raise ValidationError(
                {"offsets": "Give a list of whole numbers of days, e.g. [90, 30, 7, 1, 0]."}
            )
        if any(o < 0 or o > 730 for o in offsets):
            raise ValidationError({"offsets": "Each offset is between 0 and 730 days before the due date."})
        if len(set(offsets)) != len(offsets):
            raise ValidationError({"offsets": "Each offset may appear only once."})
        if len(offsets) > 12:
            raise ValidationError({"offsets": "At most 12 reminders before a deadline."})
        self.offsets = sorted(offsets, reverse=True)


class NotificationPreference(models.Model):
    """A user's choices: a daily digest instead of single e-mails, and kinds of reminder they muted.
    No row means single e-mails and nothing muted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.BooleanField("daily digest instead of single e-mails", default=False)
    muted_kinds = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Preferences of {self.user_id}"

    def clean(self) -> None:
        if not isinstance(self.muted_kinds, list) or not all(isinstance(k, str) for k in self.muted_kinds):
            raise ValidationError({"muted_kinds": "Give a list of reminder kinds."})
        self.muted_kinds = sorted(set(self.muted_kinds))


class Digest(models.Model):
    """The ledger of daily digests: at most one per user and day, sent once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="uniq_digest_user_day")]

    def __str__(self) -> str:
        return f"Digest {self.day} for {self.user_id} ({self.status})"


class Reminder(models.Model):
    """The exactly-once ledger: one row per deadline, occurrence and recipient.

    The row is inserted (``ON CONFLICT DO NOTHING``) and claimed with a conditional UPDATE *before* anything
    is sent. ``status`` moves pending -> sent (or skipped when the kind is muted). ``claimed_at`` tells the
    next sweep that a row was taken but not finished (worker died): stale claims are taken again.
    ``occurrence`` is ``before-<days>`` (``before-0`` on the day) or ``overdue-<n>`` (n-th overdue reminder).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped (muted)"
        FAILED = "failed", "Failed"

    class Delivery(models.TextChoices):
        SINGLE = "single", "Single e-mail"
        DIGEST = "digest", "Daily digest"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    occurrence = models.CharField(max_length=30)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    scheduled_for = models.DateField()
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.SINGLE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claim_token = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "occurrence", "recipient"],
                name="uniq_reminder_deadline_occurrence_recipient",
            )
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="reminder_status_claim_idx")]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.occurrence} -> {self.recipient_id} ({self.status})"


class Notification(models.Model):
    """An in-app notice for one user; ``read_at`` set when read.

    A reminder's notice belongs to its ledger row (``reminder``), which carries the e-mail. An *event* notice
    (the review loop: corrections requested, accepted, …) has no reminder: it carries its own e-mail state
    (``email_status``, ``delivery``, ``digest``) and an ``event_key`` that makes it once per user and event
    (see :mod:`secor.reminders.notices`)."""

    class EmailStatus(models.TextChoices):
        NONE = "", "No e-mail of its own"
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped (muted)"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    employer = models.ForeignKey(
        "employers.Employer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    event_key = models.CharField(max_length=200, blank=True, default="")
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, blank=True, default="")
    delivery = models.CharField(max_length=10, choices=Reminder.Delivery.choices, blank=True, default="")
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"],
                condition=~models.Q(event_key=""),
                name="uniq_notification_user_event",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret, revocable iCalendar URL. ``employer`` set: that employer's deadlines; empty: every employer
    the user can see (a consultant's clients). The feed answers only while not revoked and while its user
    still has access (checked through :mod:`secor.tenancy` on every fetch)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    employer = models.ForeignKey(
        "employers.Employer", null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        what = f"employer {self.employer_id}" if self.employer_id else "all clients"
        return f"Calendar of {what} for {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
