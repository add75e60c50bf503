"""Employers and everything the programs' rules read about them.

Every model here that belongs to an employer declares ``tenant_path`` (the ORM path to the employer) so that
:mod:`secor.tenancy` can scope any queryset of it. Every change is kept by django-simple-history.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secor.core.fields import ProvinceField


class SoftDeleteQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class SoftDeleteModel(models.Model):
    """Deleting sets ``deleted_at``; restoring clears it. Nothing that matters is ever lost."""

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SoftDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    def soft_delete(self) -> None:
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])

    def restore(self) -> None:
        self.deleted_at = None
        self.save(update_fields=["deleted_at"])


class CertifyingPartner(models.Model):
    """Reference data: a certifying partner (ACSA, SCSA, go2HR, …) in one province. Loaded from the rules
    engine (``provinces``) after every migrate; ``code`` is the engine's partner code."""

    province = ProvinceField()
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    industries = models.CharField(max_length=300, blank=True)
    programs = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["province", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="uniq_partner_province_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.province})"


class Employer(SoftDeleteModel):
    """A small employer (a company) that holds or seeks a SECOR."""

    tenant_path = "pk"

    legal_name = models.CharField(max_length=200)
    operating_name = models.CharField(max_length=200, blank=True)
    industry = models.CharField(max_length=200, blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    province = ProvinceField(help_text="Province of the head office.")
    postal_code = models.CharField(max_length=10, blank=True)
    contact_email = models.EmailField(blank=True)
    general_contractor_expected_workers = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Saskatchewan: workers (incl. subcontractors) expected when acting as general contractor.",
    )
    annual_premium = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    base_assessment = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # WorkSafeBC good standing in the previous year (the BC incentive is paid only in good standing);
    # empty = not answered
    wcb_administrative_penalty = models.BooleanField(
        null=True, blank=True, help_text="An administrative penalty from the WCB in the previous year."
    )
    wcb_outstanding_balance = models.BooleanField(
        null=True, blank=True, help_text="An outstanding balance on the WCB account."
    )
    wcb_payroll_reported = models.BooleanField(
        null=True, blank=True, help_text="Payroll reported to the WCB on time."
    )
    rule_readings = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where the programs' sources conflict, how to read them: conflict → reading "
        "(missing = the default reading). The public eligibility checker explains each one with the "
        "partners' sources.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.operating_name or self.legal_name

    def clean(self) -> None:
        super().clean()
        from provinces import readings

        errors = readings.check(self.rule_readings)
        if errors:
            raise ValidationError({"rule_readings": errors})

    @property
    def display_name(self) -> str:
        return self.operating_name or self.legal_name


class OperatingProvince(models.Model):
    """A province the employer works in, with the permanent-office flag (SCSA requires a permanent
    Saskatchewan office; seed 003)."""

    tenant_path = "employer"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="operating_provinces")
    province = ProvinceField()
    permanent_office = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employer", "province"], name="uniq_employer_province")
        ]

    def __str__(self) -> str:
        return f"{self.employer} in {self.province}"


class WCBAccount(models.Model):
    """An account with a workers' compensation board. Account-number formats are our own validation choice
    (no source publishes them): digits only, lengths per board, see docs/records.md."""

    tenant_path = "employer"

    class Board(models.TextChoices):
        WCB_AB = "WCB-AB", "WCB-Alberta"
        WCB_SK = "WCB-SK", "WCB Saskatchewan"
        WORKSAFEBC = "WSBC", "WorkSafeBC"
        WCB_MB = "WCB-MB", "WCB Manitoba"

    BOARD_PROVINCE = {"WCB-AB": "AB", "WCB-SK": "SK", "WSBC": "BC", "WCB-MB": "MB"}
    ACCOUNT_PATTERNS = {
        "WCB-AB": (r"\d{7,9}", "7 to 9 digits"),
        "WCB-SK": (r"\d{6,8}", "6 to 8 digits"),
        "WSBC": (r"\d{6,9}(-\d{3})?", "6 to 9 digits, optionally followed by -NNN"),
        "WCB-MB": (r"\d{6,10}", "6 to 10 digits"),
    }

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="wcb_accounts")
    board = models.CharField(max_length=10, choices=Board.choices)
    account_number = models.CharField(max_length=20)
    industry_code = models.CharField("industry classification / rate code", max_length=20, blank=True)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "account_number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "account_number"], name="uniq_wcb_board_account"),
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_from__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="wcb_active_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_board_display()} {self.account_number}"

    @property
    def province(self) -> str:
        return self.BOARD_PROVINCE[self.board]

    def clean(self) -> None:
        pattern = self.ACCOUNT_PATTERNS.get(self.board)
        number = (self.account_number or "").strip()
        if pattern and not re.fullmatch(pattern[0], number):
            raise ValidationError(
                {
                    "account_number": (
                        f"A {self.get_board_display()} account number is {pattern[1]}; got {number!r}."
                    )
                }
            )
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": "The account cannot end before it starts."})

    def is_active_on(self, day) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class Membership(models.Model):
    """Membership of (or registration with) a certifying partner."""

    tenant_path = "employer"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PENDING = "pending", "Pending"
        LAPSED = "lapsed", "Lapsed"
        ENDED = "ended", "Ended"

    # A partner's reviewers see the employer while the membership is current (secor/tenancy.py).
    CURRENT_STATUSES = (Status.ACTIVE, Status.PENDING)

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="partner_memberships")
    partner = models.ForeignKey(CertifyingPartner, on_delete=models.PROTECT, related_name="memberships")
    member_number = models.CharField(max_length=40, blank=True)
    registered_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-registered_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("registered_on")),
                name="membership_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} – {self.partner.code} ({self.status})"

    def clean(self) -> None:
        if self.ended_on and self.registered_on and self.ended_on < self.registered_on:
            raise ValidationError({"ended_on": "The membership cannot end before it was registered."})

    def is_active_on(self, day) -> bool:
        return (
            self.status == self.Status.ACTIVE
            and self.registered_on <= day
            and (self.ended_on is None or day < self.ended_on)
        )


class Enrolment(models.Model):
    """An employer's enrolment in a partner's SECOR program, with its key dates and certificate.

    Status changes go through :func:`secor.employers.services.enrolment_set_status`, and every change is kept
    in history (who, when, what)."""

    tenant_path = "employer"

    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        IN_PROGRESS = "in_progress", "In progress"
        CERTIFIED = "certified", "Certified"
        IN_MAINTENANCE = "in_maintenance", "In maintenance"
        LAPSED = "lapsed", "Lapsed"
        CANCELLED = "cancelled", "Cancelled"
        REMOVED = "removed", "Removed"
        MOVED_TO_COR = "moved_to_cor", "Moved to COR"

    ACTIVE_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS, Status.CERTIFIED, Status.IN_MAINTENANCE)
    HOLDS_CERTIFICATE = (Status.CERTIFIED, Status.IN_MAINTENANCE)

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="enrolments")
    partner = models.ForeignKey(CertifyingPartner, on_delete=models.PROTECT, related_name="enrolments")
    program = models.CharField(max_length=20, default="SECOR")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REGISTERED)
    registered_on = models.DateField()
    history_documented_since = models.DateField(null=True, blank=True)
    milestone1_completed_on = models.DateField(null=True, blank=True)
    removed_on = models.DateField(null=True, blank=True)
    certificate_number = models.CharField(max_length=40, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    last_maintenance_audit_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-registered_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gt=models.F("issued_on")),
                name="enrolment_expiry_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} – {self.partner.code} {self.program} ({self.get_status_display()})"

    def clean(self) -> None:
        errors = {}
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = "The certificate must expire after it was issued."
        if self.removed_on and self.registered_on and self.removed_on < self.registered_on:
            errors["removed_on"] = "The employer cannot be removed before it registered."
        if errors:
            raise ValidationError(errors)

    @property
    def holds_certificate(self) -> bool:
        return self.status in self.HOLDS_CERTIFICATE


class Person(SoftDeleteModel):
    """Anyone who works for or with the employer. The category decides whether they count toward the
    headcount and whether they can hold the program's training (see ``provinces.base.PersonCategory``)."""

    tenant_path = "employer"

    class Category(models.TextChoices):
        OWNER = "owner", "Owner"
        FAMILY_MEMBER = "family_member", "Family member"
        VOLUNTEER = "volunteer", "Volunteer"
        FULL_TIME_PERMANENT = "full_time_permanent", "Full-time permanent"
        PART_TIME = "part_time", "Part-time"
        CASUAL = "casual", "Casual"
        TEMPORARY = "temporary", "Temporary"
        SUBCONTRACTOR = "subcontractor", "Subcontractor"
        DEDICATED_CONTRACTOR = "dedicated_contractor", "Dedicated contractor"
        SUPPLIER_VISITOR = "supplier_visitor", "Supplier / inspector / visitor (never counted)"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="people")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    job_title = models.CharField(max_length=100, blank=True)
    category = models.CharField(max_length=30, choices=Category.choices)
    hours_per_week = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    province = ProvinceField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    wcb_account = models.ForeignKey(
        WCBAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    is_assessor = models.BooleanField("assessor / internal auditor", default=False)
    is_safety_champion = models.BooleanField(default=False)
    audits_done = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Internal auditor: audits done since the latest auditor course (BCCSA asks for at least 2 "
        "in 3 years).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="person_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True) | models.Q(hours_per_week__lte=168),
                name="person_hours_per_week_max",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})
        if self.hours_per_week is not None and self.hours_per_week > 168:
            raise ValidationError({"hours_per_week": "A week has 168 hours."})
        if self.wcb_account_id and self.employer_id and self.wcb_account.employer_id != self.employer_id:
            raise ValidationError({"wcb_account": "The WCB account belongs to another employer."})

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day < self.end_date)


class HeadcountSnapshot(models.Model):
    """A monthly headcount entered directly, for employers who do not list people one by one."""

    tenant_path = "employer"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="headcount_snapshots")
    month = models.DateField(help_text="First day of the month.")
    workers = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "month"], name="uniq_headcount_month"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.month:%Y-%m}: {self.workers}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": "Use the first day of the month."})


class PayrollYear(models.Model):
    """Annual payroll hours (go2HR counts FTE = payroll hours / 2,080)."""

    tenant_path = "employer"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="payroll_years")
    year = models.PositiveIntegerField()
    payroll_hours = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["employer", "year"], name="uniq_payroll_year")]

    def __str__(self) -> str:
        return f"{self.employer} {self.year}: {self.payroll_hours} h"
