"""Forms of the audit pages. They only parse input; the rules live in :mod:`audits.services`, whose errors
are put back on the fields with :func:`apply_errors`."""

from __future__ import annotations

from django import forms

from audits.models import Audit, AuditKind, AuditStatus, ReviewNote, VerificationMethod
from secor.core.exceptions import ApplicationError

DATE = forms.DateInput(attrs={"type": "date"})


def apply_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service error next to the fields it names, the rest at the top of the form."""
    placed = False
    for field, message in (exc.extra or {}).items():
        messages = message if isinstance(message, list) else [message]
        for m in messages:
            form.add_error(field if field in form.fields else None, str(m))
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class AuditPlanForm(forms.Form):
    kind = forms.ChoiceField(choices=AuditKind.choices)
    auditor_type = forms.ChoiceField(choices=Audit.AuditorType.choices, initial=Audit.AuditorType.INTERNAL)
    auditor_person = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Internal assessor / auditor",
        help_text="Must hold the partner's auditor training, valid on the start date.",
    )
    external_auditor_name = forms.CharField(required=False, max_length=200)
    external_auditor_certificate = forms.CharField(
        required=False, max_length=60, label="External auditor certificate no."
    )
    notice_sent_on = forms.DateField(
        required=False,
        widget=DATE,
        label="Notice of Audit Activity sent on",
        help_text="British Columbia: at least 14 days before the audit starts.",
    )
    starts_on = forms.DateField(widget=DATE, label="Data gathering starts on")
    ends_on = forms.DateField(required=False, widget=DATE, label="Data gathering ends on")
    scope = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Sites, roles and period covered."
    )

    def __init__(self, *args, people=None, with_kind: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor_person"].queryset = people
        if not with_kind:
            del self.fields["kind"]


class AnswerForm(forms.Form):
    score = forms.DecimalField(required=False, max_digits=6, decimal_places=2, min_value=0)
    interviews_total = forms.IntegerField(required=False, min_value=0, label="People interviewed")
    interviews_positive = forms.IntegerField(required=False, min_value=0, label="Positive answers")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        if question is not None:
            if question.scoring_rule == "interview_percentage":
                del self.fields["score"]
            else:
                self.fields[
                    "score"
                ].help_text = f"0 to {question.points.normalize()} · {question.get_scoring_rule_display()}."
                if "interview" not in question.methods:
                    del self.fields["interviews_total"]
                    del self.fields["interviews_positive"]


class EvidenceForm(forms.Form):
    file = forms.FileField(error_messages={"required": "Choose the file to attach."})
    method = forms.ChoiceField(choices=VerificationMethod.choices)
    checklist_item = forms.ChoiceField(required=False, label="Covers checklist item")
    description = forms.CharField(required=False, max_length=300)

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        if question is not None:
            self.fields["method"].choices = [(m, VerificationMethod(m).label) for m in question.methods]
            self.fields["checklist_item"].choices = [("", "—")] + [
                (c, c) for c in question.evidence_checklist
            ]


class NoteForm(forms.Form):
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ReviewNote.Kind.choices)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class AcceptForm(forms.Form):
    qa_score = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        label="QA score (%)",
        help_text="Needed where the partner requires one.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class MessageForm(forms.Form):
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Message to the employer",
        help_text="Shown on the employer's audit page and sent to them with the notice.",
    )
    answer_by = forms.DateField(
        required=False,
        widget=DATE,
        label="Answer by",
        help_text="The employer is reminded before this date.",
    )


class RespondForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write your response to this note."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500)


class QueueFilterForm(forms.Form):
    """The reviewer workspace's filters (GET). Bad values are reported next to their field and ignored."""

    VIEWS = [("open", "Open"), ("decided", "Decided"), ("all", "All submissions")]
    OUTCOMES = [
        ("", "Any outcome"),
        ("passed", "Accepted, passed"),
        ("failed", "Accepted, failed"),
        ("rejected", "Rejected"),
    ]
    ASSIGNED = [("", "Anyone"), ("me", "Assigned to me"), ("none", "Unassigned")]

    view = forms.ChoiceField(choices=VIEWS, required=False, initial="open", widget=forms.HiddenInput)
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        help_text="Employer name, audit number or certificate number.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(required=False, label="Status")
    outcome = forms.ChoiceField(choices=OUTCOMES, required=False, label="Outcome")
    assigned = forms.ChoiceField(choices=ASSIGNED, required=False, label="Reviewer")
    submitted_from = forms.DateField(required=False, widget=DATE, label="Submitted from")
    submitted_to = forms.DateField(required=False, widget=DATE, label="Submitted to")
    decided_from = forms.DateField(required=False, widget=DATE, label="Decided from")
    decided_to = forms.DateField(required=False, widget=DATE, label="Decided to")

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status")] + [(s, AuditStatus(s).label) for s in statuses]

    def clean(self):
        data = super().clean()
        for a, b in (("submitted_from", "submitted_to"), ("decided_from", "decided_to")):
            if data.get(a) and data.get(b) and data[a] > data[b]:
                self.add_error(b, "This date is before the start of the range.")
        return data
