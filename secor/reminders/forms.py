from __future__ import annotations

from django import forms

from secor.reminders.models import KIND_LABELS


class PreferenceForm(forms.Form):
    digest = forms.BooleanField(required=False, label="Send me one daily digest instead of single e-mails")
    muted_kinds = forms.MultipleChoiceField(
        required=False,
        choices=sorted(KIND_LABELS.items(), key=lambda kv: kv[1]),
        widget=forms.CheckboxSelectMultiple,
        label="Mute these kinds of reminder",
    )


class PolicyForm(forms.Form):
    offsets = forms.CharField(
        label="Remind this many days before each deadline",
        help_text="Comma-separated, 0 = on the day. Default: 90, 30, 7, 1, 0.",
        max_length=100,
    )
    overdue_every_days = forms.IntegerField(
        min_value=0, max_value=90, label="While overdue, remind every … days (0 = never)"
    )
    enabled = forms.BooleanField(required=False, label="Send reminders for this employer")

    def clean_offsets(self) -> list[int]:
        raw = self.cleaned_data["offsets"]
        try:
            values = [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(
                "Use whole numbers of days separated by commas, e.g. 90, 30, 7, 1, 0."
            ) from exc
        if not values:
            raise forms.ValidationError("Give at least one number of days.")
        return values
