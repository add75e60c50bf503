"""Forms of the phone field pages for meetings (attendance), field-level hazard assessments, incident
reports, emergency drills and orientations/competency verifications, and of the schedule page. Errors next
to their fields, typed values kept; the cross-row checks (people who had left, future dates) run in
:func:`safety_program.services.save_record`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safety_program.forms import PHOTO, people_choices
from safety_program.models import (
    ActivitySchedule,
    CompetencyVerification,
    EmergencyDrill,
    HazardAssessment,
    Incident,
    InspectionKind,
    ProgramDocument,
    SafetyMeeting,
)
from secor.employers.models import Person

DATE = forms.DateInput(attrs={"type": "date"})
TICKS = forms.CheckboxSelectMultiple(attrs={"class": "tick"})
HAZARD_LINES = 3
CONTROL_LEVELS = (
    ("elimination", "Elimination"),
    ("substitution", "Substitution"),
    ("engineering", "Engineering"),
    ("administrative", "Administrative"),
    ("ppe", "PPE"),
)


class _PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class FieldRecordForm(forms.ModelForm):
    """Base: the people of the employer as choices, a camera photo, the service's errors per field."""

    participants = _PersonChoices(queryset=Person.objects.none(), required=False, widget=TICKS)
    photo = forms.FileField(label="Photo", required=False, widget=PHOTO)
    people_labels: dict[str, str] = {}

    def __init__(self, *args, employer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employer = employer
        people = people_choices(employer)
        for name in ("led_by", "participants"):
            if name in self.fields:
                self.fields[name].queryset = people
                self.fields[name].label = self.people_labels.get(name, self.fields[name].label)
        if "led_by" in self.fields:
            self.fields["led_by"].label_from_instance = lambda p: p.full_name
        self.instance.employer = employer

    def apply_errors(self, exc: ValidationError) -> None:
        for name, messages in exc.message_dict.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class MeetingForm(FieldRecordForm):
    people_labels = {"led_by": "Led by", "participants": "Attendance (who was there)"}

    class Meta:
        model = SafetyMeeting
        fields = ["occurred_on", "kind", "topics", "led_by", "participants", "findings", "signed_name"]
        widgets = {
            "occurred_on": DATE,
            "kind": forms.RadioSelect,
            "topics": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"findings": "Actions and notes", "signed_name": "Sign (type your name)", "kind": "Kind"}

    def clean_participants(self):
        people = self.cleaned_data.get("participants")
        if not people:
            raise ValidationError("Tick the people who attended.")
        return people


class IncidentForm(FieldRecordForm):
    people_labels = {"led_by": "Reported by", "participants": "People involved or witnesses"}

    class Meta:
        model = Incident
        fields = ["occurred_on", "kind", "description", "led_by", "participants", "causes", "signed_name"]
        widgets = {
            "occurred_on": DATE,
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "causes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "occurred_on": "When it happened",
            "description": "What happened",
            "causes": "Why it happened (if known)",
            "signed_name": "Sign (type your name)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["led_by"].required = True
        self.fields["signed_name"].required = True
        self.fields["kind"].choices = Incident.Kind.choices  # no blank button among the choices


class DrillForm(FieldRecordForm):
    """An emergency drill: the scenario, the plan it tested (the employer's emergency response plans), who
    took part and what went wrong."""

    people_labels = {"led_by": "Led by", "participants": "Who took part"}

    class Meta:
        model = EmergencyDrill
        fields = ["occurred_on", "scenario", "plan", "led_by", "participants", "findings", "signed_name"]
        widgets = {"occurred_on": DATE, "findings": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "occurred_on": "Date of the drill",
            "scenario": "Scenario (what was practised)",
            "plan": "Emergency response plan tested",
            "findings": "What went wrong, and the actions",
            "signed_name": "Sign (type your name)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ProgramDocument.objects.filter(
            employer=self.employer, kind="emergency_plan", deleted_at__isnull=True
        ).order_by("title")
        self.fields["participants"].required = True  # shown as required, with the form's own words
        self.fields["participants"].error_messages["required"] = "Tick the people who took part."


class VerificationForm(FieldRecordForm):
    """An orientation or a competency verification of one worker: who verified what, when."""

    people_labels = {"led_by": "Verified by"}

    class Meta:
        model = CompetencyVerification
        fields = ["occurred_on", "kind", "worker", "subject", "led_by", "findings", "signed_name"]
        widgets = {
            "occurred_on": DATE,
            "kind": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "kind": "Kind",
            "worker": "Worker",
            "subject": "Task, equipment or topic",
            "findings": "Notes",
            "signed_name": "Sign (type your name)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("participants", None)
        self.fields["worker"].queryset = people_choices(self.employer)
        self.fields["worker"].label_from_instance = lambda p: p.full_name
        self.fields["kind"].choices = CompetencyVerification.Kind.choices  # no blank button
        self.fields["led_by"].required = True


class FieldHazardForm(FieldRecordForm):
    """A field-level hazard assessment: the job, up to three hazards (rated 1–5, each with a control by the
    hierarchy), the crew ticked and signing. Hazard lines come as ``hazard-<n>``, ``severity-<n>``,
    ``likelihood-<n>``, ``level-<n>``, ``control-<n>``."""

    people_labels = {"led_by": "Supervisor", "participants": "Crew (who signs)"}

    class Meta:
        model = HazardAssessment
        fields = ["occurred_on", "job_task", "location", "led_by", "participants", "signed_name"]
        widgets = {"occurred_on": DATE}
        labels = {"job_task": "Job or task", "signed_name": "Crew sign-off (type the names)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = HazardAssessment.Kind.FIELD
        self.fields["signed_name"].required = True
        data = self.data if self.is_bound else {}
        self.lines: list[dict[str, Any]] = [
            {
                "n": n,
                "hazard": data.get(f"hazard-{n}", ""),
                "severity": data.get(f"severity-{n}", ""),
                "likelihood": data.get(f"likelihood-{n}", ""),
                "level": data.get(f"level-{n}", ""),
                "control": data.get(f"control-{n}", ""),
                "errors": [],
            }
            for n in range(HAZARD_LINES)
        ]

    def clean(self):
        cleaned = super().clean()
        hazards = []
        levels = dict(CONTROL_LEVELS)
        for line in self.lines:
            if not any(str(line[k]).strip() for k in ("hazard", "severity", "likelihood", "control")):
                continue
            if not line["hazard"].strip():
                line["errors"].append("Name the hazard.")
            ratings = {}
            for key, label in (("severity", "Severity"), ("likelihood", "Likelihood")):
                try:
                    value = int(line[key])
                except (TypeError, ValueError):
                    value = 0
                if not 1 <= value <= 5:
                    line["errors"].append(f"{label}: choose 1 to 5.")
                ratings[key] = value
            if line["level"] not in levels:
                line["errors"].append("Choose the kind of control (elimination … PPE).")
            if not line["control"].strip():
                line["errors"].append("Say how the hazard is controlled.")
            hazards.append(
                {
                    "hazard": line["hazard"].strip()[:300],
                    **ratings,
                    "controls": [{"level": line["level"], "control": line["control"].strip()[:300]}],
                }
            )
        if any(line["errors"] for line in self.lines):
            raise ValidationError("Some hazards need more; see the lines marked below.")
        if not hazards:
            self.lines[0]["errors"].append("List at least one hazard with its control.")
            raise ValidationError("List at least one hazard with its control.")
        if not cleaned.get("participants"):
            self.add_error("participants", "Tick the crew members who took part.")
        self.instance.hazards = hazards
        return cleaned


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ActivitySchedule
        fields = ["activity", "inspection_kind", "every", "unit", "starts_on", "active"]
        widgets = {"starts_on": DATE}
        labels = {"every": "Every", "inspection_kind": "Kind of inspection", "starts_on": "From"}

    def __init__(self, *args, employer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.employer = employer
        self.fields["inspection_kind"].queryset = InspectionKind.objects.filter(
            employer=employer, archived=False
        )
        self.fields["inspection_kind"].required = False
