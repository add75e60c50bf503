"""Forms for the records pages. Model validation (``full_clean``: ``clean()``, constraints, unique checks)
runs through the ModelForms, so each error lands next to its field and the typed values stay in the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from secor.employers.models import CertifyingPartner, Employer, Enrolment, Membership, Person, WCBAccount
from training.models import Course, TrainingRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "email",
            "job_title",
            "category",
            "hours_per_week",
            "province",
            "start_date",
            "end_date",
            "wcb_account",
            "is_assessor",
            "is_safety_champion",
            "audits_done",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}
        labels = {
            "wcb_account": "WCB account",
            "is_safety_champion": "Safety champion",
            "email": "E-mail",
            "audits_done": "Audits done as internal auditor",
        }
        help_texts = {
            "category": "Decides whether they count toward the size limit and can hold the program training.",
            "end_date": "The day they left. Leave empty while they work for you.",
            "hours_per_week": "Usual hours. About 30 or more counts as full-time.",
            "is_assessor": "Does your self-assessment audits (the program's trained assessor).",
            "wcb_account": "Saskatchewan: the WCB account this person is the trained employee for.",
            "audits_done": "Since their latest auditor course. Some partners ask for at least 2 in 3 years.",
        }

    def __init__(self, *args: Any, employer: Employer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.employer = employer
        self.fields["wcb_account"].queryset = WCBAccount.objects.filter(employer=employer)
        self.fields["wcb_account"].empty_label = "None"
        self.fields["province"].help_text = "Where they mostly work."
        self.fields["hours_per_week"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})


class TrainingRecordForm(forms.ModelForm):
    certificate = forms.FileField(
        label="Certificate",
        required=False,
        help_text="A photo or PDF of the certificate or ticket: PDF, JPG, PNG, Word, at most 10 MB.",
    )

    class Meta:
        model = TrainingRecord
        fields = ["course", "completed_on", "provider", "certificate_number"]
        widgets = {"completed_on": DATE}
        help_texts = {
            "completed_on": "The date on the certificate. The expiry date is worked out from the course."
        }

    def __init__(self, *args: Any, person: Person, partners: list[CertifyingPartner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.person = person
        courses = (
            Course.objects.filter(partner__in=partners)
            .select_related("partner")
            .order_by("partner__code", "name")
        )
        self.fields["course"].queryset = courses
        self.fields["course"].label_from_instance = lambda c: (
            f"{c.name} ({c.partner.code}{f', valid {c.validity_months} months' if c.validity_months else ''})"
        )
        self.fields["course"].empty_label = "Choose the course…"

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload:
            from secor.core.uploads import validate_upload

            validate_upload(upload)  # raises a ValidationError that says what to fix
        return upload


class WCBAccountForm(forms.ModelForm):
    class Meta:
        model = WCBAccount
        fields = ["board", "account_number", "industry_code", "active_from", "active_to"]
        widgets = {"active_from": DATE, "active_to": DATE}

    def __init__(self, *args: Any, employer: Employer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.employer = employer


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["partner", "member_number", "registered_on", "status", "ended_on"]
        widgets = {"registered_on": DATE, "ended_on": DATE}

    def __init__(self, *args: Any, employer: Employer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.employer = employer

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("registered_on") and data["registered_on"] > timezone.localdate():
            self.add_error("registered_on", "This date is in the future.")
        return data


class EnrolmentForm(forms.ModelForm):
    """The program's key dates. The certificate itself (number, dates, maintenance, status) is the certifying
    partner's record (the certificate page); an employer declares a certificate it holds there."""

    class Meta:
        model = Enrolment
        fields = ["partner", "registered_on", "history_documented_since", "milestone1_completed_on"]
        widgets = {
            name: DATE for name in ("registered_on", "history_documented_since", "milestone1_completed_on")
        }
        help_texts = {
            "registered_on": "The date the partner registered you: your deadlines count from it.",
            "history_documented_since": "Since when your safety program has been in place and written down.",
            "milestone1_completed_on": "Saskatchewan (SCSA): courses, safety program and manual done.",
        }

    def __init__(self, *args: Any, employer: Employer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.employer = employer
        if self.instance.pk and self.instance.certificates.exists():
            # The partner issued a certificate under this enrolment: it stays with that partner.
            self.fields["partner"].disabled = True


class ImportForm(forms.Form):
    KIND_CHOICES = [("people", "People"), ("training", "Training records")]
    kind = forms.ChoiceField(label="What the file holds", choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label="CSV file", help_text="Comma-separated, UTF-8, first row = column names.")
