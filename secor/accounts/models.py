"""Users, roles and consultant access.

A user's role is what they are attached to, and one user may hold several:
- *employer member*: an :class:`EmployerMembership` (admin or member) of one or more employers;
- *consultant*: belongs to a :class:`ConsultantFirm`; acts for an employer only while that employer has an
  active :class:`ConsultantAccess` grant for the firm (granted, revocable, every change kept in history);
- *reviewer*: staff of one certifying partner (``User.reviewer_partner``); sees employers registered with the
  partner and the submissions sent to it;
- *site staff*: ``is_staff``; sees everything, works in the Django admin.

What a role may see is decided in one place: :mod:`secor.tenancy`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    """Users are identified by e-mail address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        # Log-in by e-mail ignores case: "Owner@Example.com" is the same person as "owner@example.com".
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with e-mail and password."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    # Set when the owner of the address proved it. Sign-up leaves it empty until the e-mailed link is opened
    # (log-in waits for it); every other way in (admin, invitation link, seed data) is verified already.
    email_verified_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    consultant_firm = models.ForeignKey(
        "accounts.ConsultantFirm", null=True, blank=True, on_delete=models.SET_NULL, related_name="users"
    )
    reviewer_partner = models.ForeignKey(
        "employers.CertifyingPartner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewers",
        help_text="Set for certifying-partner staff who review submissions.",
    )
    manages_reviewers = models.BooleanField(
        default=False,
        help_text="A reviewer who invites and deactivates the reviewers of their own partner (API).",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # set_password() keeps the raw password in _password until the save: a password change. Every API
        # token dies with it (sessions die through Django's session hash). docs/accounts.md
        password_changed = self._password is not None and self.pk is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            from secor.accounts.auth import end_tokens

            end_tokens(self)

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    @property
    def is_consultant(self) -> bool:
        return self.consultant_firm_id is not None

    @property
    def is_reviewer(self) -> bool:
        return self.reviewer_partner_id is not None


class ConsultantFirm(models.Model):
    """A safety-consulting firm whose users act for client employers that granted it access."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmployerMembership(models.Model):
    """A user's membership of an employer: ``admin`` manages people, access and members; ``member`` works."""

    tenant_path = "employer"

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_memberships"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="user_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    receives_reminders = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "employer"], name="uniq_membership_user_employer")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.employer} ({self.role})"


class ConsultantAccess(models.Model):
    """An employer's grant of access to a consultant firm. Revoking sets ``revoked_at``; the row and its
    history stay as the audit trail. At most one active grant per employer and firm."""

    tenant_path = "employer"

    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="consultant_grants"
    )
    firm = models.ForeignKey(ConsultantFirm, on_delete=models.CASCADE, related_name="grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "firm"],
                condition=models.Q(revoked_at__isnull=True),
                name="uniq_active_consultant_grant",
            )
        ]
        verbose_name_plural = "consultant access grants"

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"{self.firm} for {self.employer} ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Invitation(models.Model):
    """An employer admin's invitation for an e-mail address to join the employer, or a partner manager's
    invitation to review for the certifying partner (``partner`` set, ``employer`` empty; docs/accounts.md).

    The invitee gets an e-mail with a link holding a secret; only its SHA-256 is stored. Accepting needs that
    link and an account with the invited address (or creates one: the link proves the address). Inviting
    answers the same whether or not anyone has that address; site staff cannot accept."""

    tenant_path = "employer"
    LIFETIME_DAYS = 14

    employer = models.ForeignKey(
        "employers.Employer", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    partner = models.ForeignKey(
        "employers.CertifyingPartner",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviewer_invitations",
        help_text="Set for an invitation to review for this partner (then no employer).",
    )
    email = models.EmailField("e-mail address")
    role = models.CharField(
        max_length=10, choices=EmployerMembership.Role.choices, default=EmployerMembership.Role.MEMBER
    )
    receives_reminders = models.BooleanField(default=True)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["employer", "email"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employer__isnull=False, partner__isnull=True)
                | models.Q(employer__isnull=True, partner__isnull=False),
                name="invitation_employer_or_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.employer or self.partner} ({self.state})"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.state == "open"
