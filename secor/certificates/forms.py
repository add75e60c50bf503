from __future__ import annotations

from django import forms
from django.utils import timezone

from provinces.certificates import EVENT_LABELS, EventKind
from secor.certificates.services import DECISION_KINDS

DATE = forms.DateInput(attrs={"type": "date"})


class DeclareForm(forms.Form):
    number = forms.CharField(label="Certificate number", max_length=60)
    issued_on = forms.DateField(label="Issued on", widget=DATE)
    expires_on = forms.DateField(label="Expires on", widget=DATE)
    copy = forms.FileField(
        label="A copy of the certificate", help_text="A PDF or a photo: PDF, JPG, PNG, at most 10 MB."
    )

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and issued > timezone.localdate():
            self.add_error("issued_on", "This date is in the future.")
        if issued and expires and expires <= issued:
            self.add_error("expires_on", "The certificate must expire after it was issued.")
        return data


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label="Decision", choices=[(k.value, EVENT_LABELS[k]) for k in DECISION_KINDS])
    effective_on = forms.DateField(
        label="Takes effect on", widget=DATE, required=False, help_text="Empty: today."
    )
    reason = forms.CharField(
        label="Reason (kept in the certificate's history)", widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclarationDecisionForm(forms.Form):
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    n = forms.CharField(label="Certificate number", max_length=60)


__all__ = ["DeclareForm", "DecisionForm", "DeclarationDecisionForm", "EventKind", "VerifyForm"]
