"""Forms of the phone-friendly field pages. Every error is shown next to its field, what was typed stays."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from safety_program.models import ChecklistTemplate, CorrectiveAction, InspectionItem
from secor.employers.models import Person

PHOTO = forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"})


def people_choices(employer, on=None):
    on = on or timezone.localdate()
    return Person.objects.filter(employer=employer, deleted_at__isnull=True).order_by(
        "first_name", "last_name"
    )


class InspectionForm(forms.Form):
    """The header of an inspection; checklist answers come as ``result-<n>``, ``note-<n>``, ``photo-<n>``."""

    occurred_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    led_by = forms.ModelChoiceField(label="Done by", queryset=Person.objects.none())
    location = forms.CharField(label="Where", required=False, max_length=200)
    signed_name = forms.CharField(label="Sign (type your name)", max_length=200)

    def __init__(self, *args, employer=None, template: ChecklistTemplate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employer = employer
        self.template = template
        self.fields["led_by"].queryset = people_choices(employer)
        self.lines = []
        data = self.data if self.is_bound else {}
        for n, text in enumerate(template.items if template else []):
            self.lines.append(
                {
                    "n": n,
                    "text": text,
                    "result": data.get(f"result-{n}", ""),
                    "note": data.get(f"note-{n}", ""),
                    "errors": [],
                }
            )

    def clean(self):
        cleaned = super().clean()
        answers = []
        results = dict(InspectionItem.Result.choices)
        for line in self.lines:
            result = line["result"]
            if result not in results:
                line["errors"].append("Mark this line OK, deficient or not applicable.")
            elif result == InspectionItem.Result.DEFICIENT and not line["note"].strip():
                line["errors"].append("Describe the deficiency (it becomes a corrective action).")
            answers.append({"result": result, "note": line["note"].strip()})
        if any(line["errors"] for line in self.lines):
            raise ValidationError("Some checklist lines need an answer; see the lines marked below.")
        cleaned["answers"] = answers
        return cleaned

    def apply_errors(self, exc: ValidationError) -> None:
        """Show a service's errors next to the fields (checklist-line errors on their lines)."""
        for name, messages in exc.message_dict.items():
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)
            elif name.startswith("answers") and ":" not in name:
                self.add_error(None, " ".join(str(m) for m in messages))
            else:
                self.add_error(None, " ".join(str(m) for m in messages))


class CloseActionForm(forms.ModelForm):
    photo = forms.FileField(label="Photo of the fix", required=False, widget=PHOTO)

    class Meta:
        model = CorrectiveAction
        fields = ["closed_on", "closure_evidence"]
        widgets = {
            "closed_on": forms.DateInput(attrs={"type": "date"}),
            "closure_evidence": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"closed_on": "Fixed on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].required = True
        self.fields["closure_evidence"].required = True

    def clean(self):
        # Closing is what this form does: the model's rules (closed after opened, evidence given) run on that.
        self.instance.status = CorrectiveAction.Status.CLOSED
        return super().clean()


class LibraryTemplateForm(forms.Form):
    name = forms.CharField(max_length=150)
    purpose = forms.ChoiceField(label="For", choices=ChecklistTemplate.Purpose.choices)
    inspection_kind_name = forms.CharField(
        label="Kind of inspection",
        max_length=100,
        required=False,
        help_text="For checklists, e.g. Site, Vehicle.",
    )
    items = forms.CharField(label="Lines (one per line)", widget=forms.Textarea(attrs={"rows": 6}))

    def clean_items(self):
        lines = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not lines:
            raise ValidationError("List the lines, one per line.")
        if any(len(line) > 300 for line in lines):
            raise ValidationError("A line is longer than 300 characters.")
        return lines


class CopyTemplateForm(forms.Form):
    employer = forms.ModelChoiceField(label="Copy to client", queryset=None)

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
