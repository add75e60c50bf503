from __future__ import annotations

from django import forms

from provinces.changes import ChangeKind
from secor.core.fields import PROVINCE_CHOICES
from secor.employers.models import WCBAccount

# The questions each kind of change asks (the guided form shows only these).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    ChangeKind.OWNER: ("name_only", "new_legal_name", "trained_person_left"),
    ChangeKind.WCB_ACCOUNT: (
        "board",
        "account_number",
        "industry_code",
        "additional_account",
        "trained_person_shared",
    ),
    ChangeKind.AMALGAMATION: ("workers_after",),
    ChangeKind.SPLIT: ("trained_person_left", "trained_person_shared"),
    ChangeKind.PROVINCE_MOVE: ("to_province", "leaves_home_province"),
    ChangeKind.OUTGROWN: ("workers_after",),
}

# Asked always for that kind (the others are optional or depend on another answer).
REQUIRED: dict[str, tuple[str, ...]] = {
    ChangeKind.WCB_ACCOUNT: ("board", "account_number", "additional_account"),
    ChangeKind.PROVINCE_MOVE: ("to_province",),
    ChangeKind.OUTGROWN: ("workers_after",),
}

KIND_HELP: dict[str, str] = {
    ChangeKind.OWNER: "The company was sold, an owner joined or left, or its legal name changed.",
    ChangeKind.WCB_ACCOUNT: "The board gave you a new account number, or you opened a second account.",
    ChangeKind.AMALGAMATION: "Your company merged with another one.",
    ChangeKind.SPLIT: "Part of the company became a separate company.",
    ChangeKind.PROVINCE_MOVE: "You start working, or move all your work, into another province.",
    ChangeKind.OUTGROWN: "You have, or expect, more workers than the SECOR allows.",
}


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k.value, k.value) for k in ChangeKind], widget=forms.HiddenInput)
    effective_on = forms.DateField(
        label="Takes effect on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The first day it applies.",
    )
    description = forms.CharField(
        label="What happened", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    name_only = forms.BooleanField(label="Only the legal name changed (same owners)", required=False)
    new_legal_name = forms.CharField(label="New legal name", required=False, max_length=200)
    trained_person_left = forms.BooleanField(
        label="The trained person (assessor, internal auditor or safety champion) left with the change",
        required=False,
    )
    board = forms.ChoiceField(label="Board", choices=[("", "—"), *WCBAccount.Board.choices], required=False)
    account_number = forms.CharField(label="New account number", required=False, max_length=20)
    industry_code = forms.CharField(
        label="Industry classification / rate code", required=False, max_length=20
    )
    additional_account = forms.TypedChoiceField(
        label="The new account is",
        choices=[
            ("1", "an additional account (the old one continues)"),
            ("0", "a replacement (the old one ends)"),
        ],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
        required=False,
        empty_value=True,
    )
    trained_person_shared = forms.BooleanField(
        label="The same trained person would serve both accounts (or both companies)", required=False
    )
    to_province = forms.ChoiceField(
        label="Into province", choices=[("", "—"), *PROVINCE_CHOICES], required=False
    )
    leaves_home_province = forms.BooleanField(
        label="No operations remain in the province you are certified in", required=False
    )
    workers_after = forms.DecimalField(
        label="Workers counted after the change",
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text="Count them the way your partner does (your dashboard shows how).",
    )

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = kind
        keep = {"kind", "effective_on", "description", *KIND_FIELDS.get(kind, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name in REQUIRED.get(kind, ()):
            self.fields[name].required = True
