"""Sign-up: a new user, their employer and its enrolment, created from the checker's answers if any."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import provinces
from secor.accounts.models import User
from secor.employers.models import (
    CertifyingPartner,
    Enrolment,
    HeadcountSnapshot,
    Membership,
    OperatingProvince,
    PayrollYear,
    WCBAccount,
)
from secor.employers.services import employer_create
from secor.web.checker import partner_choices, scenario_from_answers


class SignupForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(label="E-mail address", help_text="You log in with this address.")
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not only numbers; not a common password.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    employer_name = forms.CharField(label="Business name (legal name)", max_length=200)
    partner = forms.ChoiceField(label="Province and certifying partner")
    registered_on = forms.DateField(
        label="Registered with the partner on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty if you are registering now; we use today's date and you can change it later.",
    )
    has_wcb_account = forms.BooleanField(
        label="I have a workers' compensation (WCB) account in this province", required=False, initial=True
    )
    wcb_account_number = forms.CharField(
        label="WCB account number",
        required=False,
        max_length=20,
        help_text="On your board's clearance letter or premium statement. You can add it later.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partner_choices()
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["employer_name"].widget.attrs["autocomplete"] = "organization"

    def clean_email(self) -> str:
        # Whether the address has an account is never said here (issue 12): the view e-mails its owner.
        return self.cleaned_data["email"].strip().lower()

    def clean_partner(self) -> CertifyingPartner:
        province, _, code = self.cleaned_data["partner"].partition("/")
        partner = CertifyingPartner.objects.filter(province=province, code=code).first()
        if partner is None:
            raise forms.ValidationError("Choose a partner from the list.")
        return partner

    def clean_registered_on(self) -> date | None:
        value = self.cleaned_data.get("registered_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("This date is in the future.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords are not the same.")
        elif p1:
            probe = User(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        partner, number = data.get("partner"), (data.get("wcb_account_number") or "").strip()
        if number and isinstance(partner, CertifyingPartner):
            board = wcb_board_for(partner.province)
            if board:
                try:
                    WCBAccount(board=board, account_number=number).clean()
                except ValidationError as exc:
                    self.add_error("wcb_account_number", exc.message_dict.get("account_number", exc.messages))
                if WCBAccount.objects.filter(board=board, account_number=number).exists():
                    self.add_error(
                        "wcb_account_number", "This account is already registered here. Log in instead."
                    )
        data["wcb_account_number"] = number
        return data


def wcb_board_for(province: str) -> str | None:
    return next((b for b, p in WCBAccount.BOARD_PROVINCE.items() if p == province), None)


@transaction.atomic
def signup_create(*, form_data: dict[str, Any], answers: dict[str, Any] | None = None) -> User:
    """Create the user, the employer (the user is its admin), an enrolment with the partner and, from the
    checker's answers, what they told us: office, partner membership, this month's headcount, payroll hours.

    All or nothing: one transaction."""
    answers = answers or {}
    today = timezone.localdate()
    partner: CertifyingPartner = form_data["partner"]
    user = User.objects.create_user(
        email=form_data["email"],
        password=form_data["password1"],
        full_name=form_data["full_name"],
        email_verified_at=None,  # until the e-mailed link is opened (secor/accounts/verification.py)
    )
    employer = employer_create(
        user=user,
        legal_name=form_data["employer_name"],
        province=partner.province,
        contact_email=user.email,
    )
    registered_on = form_data.get("registered_on") or answers.get("registered_on") or today
    enrolment = Enrolment(
        employer=employer,
        partner=partner,
        registered_on=registered_on,
        history_documented_since=answers.get("history_documented_since"),
        notes=""
        if form_data.get("registered_on") or answers.get("registered_on")
        else "Registration date set to the sign-up date; change it to the date the partner registered you.",
    )
    enrolment.full_clean()
    enrolment.save()
    board = wcb_board_for(partner.province)
    number = form_data.get("wcb_account_number") or ""
    if board and number and form_data.get("has_wcb_account", True):
        WCBAccount.objects.create(employer=employer, board=board, account_number=number)
    OperatingProvince.objects.create(
        employer=employer,
        province=partner.province,
        permanent_office=bool(answers.get("permanent_office", True)),
    )
    if answers.get("has_membership") and answers.get("registered_on"):
        membership = Membership(employer=employer, partner=partner, registered_on=answers["registered_on"])
        membership.full_clean()
        membership.save()
    if answers and answers.get("partner") == f"{partner.province}/{partner.code}":
        # The people the partner counts (the engine decides: e.g. subcontractors count in SK, not for ACSA).
        workers = len(provinces.evaluate(scenario_from_answers(answers, today)).eligibility.counted_people)
        if workers:
            HeadcountSnapshot.objects.create(employer=employer, month=today.replace(day=1), workers=workers)
        if answers.get("annual_payroll_hours"):
            PayrollYear.objects.create(
                employer=employer, year=today.year - 1, payroll_hours=answers["annual_payroll_hours"]
            )
    return user
