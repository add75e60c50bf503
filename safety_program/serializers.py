"""API serializers for the safety program. Writes go through :mod:`safety_program.services`; everything a
service would refuse is refused here first, per field, so a bad request writes nothing."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from safety_program import services
from safety_program.models import (
    ActivitySchedule,
    Attachment,
    ChecklistTemplate,
    CompetencyVerification,
    CorrectiveAction,
    DocumentVersion,
    EmergencyDrill,
    HazardAssessment,
    Incident,
    Inspection,
    InspectionItem,
    InspectionKind,
    ProgramDocument,
    SafetyMeeting,
)
from secor.core.api import ModelCleanSerializer, ScopedPrimaryKeyRelatedField
from secor.employers.models import Person
from secor.employers.serializers import employer_field


def person_field(**kwargs) -> Any:
    return ScopedPrimaryKeyRelatedField(queryset=Person.objects.all(), **kwargs)


def _current(serializer: serializers.Serializer, attrs: dict, name: str) -> Any:
    if name in attrs:
        return attrs[name]
    return getattr(serializer.instance, name, None) if serializer.instance is not None else None


def same_employer_errors(employer, objects: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, obj in objects.items():
        if obj is not None and employer is not None and obj.employer_id != employer.pk:
            errors[field] = ["This belongs to another employer."]
    return errors


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "sha256", "size", "uploaded_at"]
        read_only_fields = fields


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class RecordSerializer(ModelCleanSerializer):
    """Common fields of every program record; ``management`` lists the owners who led or took part."""

    employer = employer_field()
    led_by = person_field(required=False, allow_null=True)
    participants = person_field(many=True, required=False)
    management = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    COMMON = [
        "id",
        "employer",
        "occurred_on",
        "led_by",
        "participants",
        "findings",
        "signed_name",
        "signed_at",
        "management",
        "attachments",
        "created_at",
    ]
    same_employer: tuple[str, ...] = ()

    def get_management(self, obj) -> list[str]:
        return obj.management_names()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        employer = _current(self, attrs, "employer")
        on = _current(self, attrs, "occurred_on")
        people: dict[str, list] = {"led_by": [_current(self, attrs, "led_by")]}
        if "participants" in attrs:
            people["participants"] = list(attrs["participants"])
        elif self.instance is not None:
            people["participants"] = list(self.instance.participants.all())
        if "worker" in self.fields:
            people["worker"] = [_current(self, attrs, "worker")]
        errors: dict[str, list[str]] = services.people_errors(employer.pk, on, people) if employer else {}
        errors.update(
            same_employer_errors(employer, {f: _current(self, attrs, f) for f in self.same_employer})
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        participants = list(validated_data.pop("participants", []))
        instance = self.Meta.model(**validated_data)
        return services.save_record(instance=instance, participants=participants, user=self._user())

    def update(self, instance, validated_data):
        participants = validated_data.pop("participants", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.save_record(instance=instance, participants=participants, user=self._user())


class InspectionKindSerializer(ModelCleanSerializer):
    employer = employer_field()

    class Meta:
        model = InspectionKind
        fields = ["id", "employer", "name", "archived"]


class ChecklistTemplateSerializer(ModelCleanSerializer):
    employer = employer_field()
    inspection_kind = ScopedPrimaryKeyRelatedField(
        queryset=InspectionKind.objects.all(), required=False, allow_null=True
    )
    items = serializers.ListField(child=serializers.CharField(max_length=300), allow_empty=False)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "employer", "purpose", "name", "inspection_kind", "items", "archived", "copied_from"]
        read_only_fields = ["copied_from"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = same_employer_errors(
            _current(self, attrs, "employer"), {"inspection_kind": _current(self, attrs, "inspection_kind")}
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class InspectionItemSerializer(serializers.ModelSerializer):
    corrective_action = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = InspectionItem
        fields = ["position", "text", "result", "note", "corrective_action"]
        read_only_fields = fields


class ChecklistAnswerSerializer(serializers.Serializer):
    """One checklist line answered, in the checklist's order. A deficient line needs a note (or the action to
    take); it becomes a corrective action with ``owner`` and ``due_on`` when given."""

    result = serializers.ChoiceField(choices=InspectionItem.Result.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    action = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    owner = person_field(required=False, allow_null=True, default=None)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class InspectionSerializer(RecordSerializer):
    kind = ScopedPrimaryKeyRelatedField(queryset=InspectionKind.objects.all())
    template = ScopedPrimaryKeyRelatedField(queryset=ChecklistTemplate.objects.all())
    answers = ChecklistAnswerSerializer(many=True, write_only=True, required=False)
    items = InspectionItemSerializer(many=True, read_only=True)
    same_employer = ("kind",)

    class Meta:
        model = Inspection
        fields = [*RecordSerializer.COMMON, "kind", "template", "location", "answers", "items"]
        read_only_fields = ["signed_at", "created_at"]

    def validate(self, attrs):
        answers = attrs.pop("answers", None)
        if self.instance is not None:
            if answers is not None:
                raise serializers.ValidationError(
                    {"answers": ["The checklist answers of a recorded inspection cannot be changed."]}
                )
            if "template" in attrs and attrs["template"] != self.instance.template:
                raise serializers.ValidationError(
                    {"template": ["The checklist of a recorded inspection is fixed."]}
                )
        attrs = super().validate(attrs)
        if self.instance is None:
            answers = answers or []
            errors = services.template_errors(attrs.get("template"), attrs["employer"].pk, answers)
            owners = {f"answers.{i}.owner": [a.get("owner")] for i, a in enumerate(answers)}
            errors.update(services.people_errors(attrs["employer"].pk, attrs.get("occurred_on"), owners))
            if errors:
                raise serializers.ValidationError(errors)
            attrs["answers"] = answers
        return attrs

    def create(self, validated_data):
        answers = validated_data.pop("answers")
        return services.create_inspection(data=validated_data, answers=answers, user=self._user())


class HazardControlSerializer(serializers.Serializer):
    LEVELS = [
        ("elimination", "Elimination"),
        ("substitution", "Substitution"),
        ("engineering", "Engineering"),
        ("administrative", "Administrative"),
        ("ppe", "Personal protective equipment"),
    ]
    level = serializers.ChoiceField(choices=LEVELS)
    control = serializers.CharField(max_length=300)


class HazardLineSerializer(serializers.Serializer):
    hazard = serializers.CharField(max_length=300)
    severity = serializers.IntegerField(min_value=1, max_value=5)
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    controls = HazardControlSerializer(many=True, allow_empty=False)


class HazardAssessmentSerializer(RecordSerializer):
    hazards = HazardLineSerializer(many=True, allow_empty=False)

    class Meta:
        model = HazardAssessment
        fields = [*RecordSerializer.COMMON, "kind", "job_task", "location", "hazards"]
        read_only_fields = ["signed_at", "created_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        kind = _current(self, attrs, "kind")
        if kind == HazardAssessment.Kind.FIELD and not _current(self, attrs, "signed_name"):
            raise serializers.ValidationError(
                {"signed_name": ["The crew signs a field-level hazard assessment."]}
            )
        return attrs


class SafetyMeetingSerializer(RecordSerializer):
    class Meta:
        model = SafetyMeeting
        fields = [*RecordSerializer.COMMON, "kind", "topics"]
        read_only_fields = ["signed_at", "created_at"]


class EmergencyDrillSerializer(RecordSerializer):
    plan = ScopedPrimaryKeyRelatedField(
        queryset=ProgramDocument.objects.all(), required=False, allow_null=True
    )
    same_employer = ("plan",)

    class Meta:
        model = EmergencyDrill
        fields = [*RecordSerializer.COMMON, "scenario", "plan"]
        read_only_fields = ["signed_at", "created_at"]


class IncidentSerializer(RecordSerializer):
    class Meta:
        model = Incident
        fields = [
            *RecordSerializer.COMMON,
            "kind",
            "description",
            "causes",
            "root_causes",
            "investigated_on",
            "signed_off_name",
            "signed_off_at",
        ]
        read_only_fields = ["signed_at", "signed_off_at", "created_at"]


class CompetencyVerificationSerializer(RecordSerializer):
    worker = person_field()

    class Meta:
        model = CompetencyVerification
        fields = [*RecordSerializer.COMMON, "kind", "worker", "subject"]
        read_only_fields = ["signed_at", "created_at"]


class CorrectiveActionSerializer(ModelCleanSerializer):
    employer = employer_field()
    owner = person_field(required=False, allow_null=True)
    inspection = ScopedPrimaryKeyRelatedField(
        queryset=Inspection.objects.all(), required=False, allow_null=True
    )
    hazard_assessment = ScopedPrimaryKeyRelatedField(
        queryset=HazardAssessment.objects.all(), required=False, allow_null=True
    )
    meeting = ScopedPrimaryKeyRelatedField(
        queryset=SafetyMeeting.objects.all(), required=False, allow_null=True
    )
    drill = ScopedPrimaryKeyRelatedField(
        queryset=EmergencyDrill.objects.all(), required=False, allow_null=True
    )
    incident = ScopedPrimaryKeyRelatedField(queryset=Incident.objects.all(), required=False, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "employer",
            "title",
            "owner",
            "opened_on",
            "due_on",
            "status",
            "closed_on",
            "closure_evidence",
            "inspection",
            "inspection_item",
            "hazard_assessment",
            "meeting",
            "drill",
            "incident",
            "attachments",
            "created_at",
        ]
        read_only_fields = ["inspection_item", "created_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        employer = _current(self, attrs, "employer")
        errors = same_employer_errors(
            employer, {name: _current(self, attrs, name) for name in CorrectiveAction.SOURCES}
        )
        owner = _current(self, attrs, "owner")
        if employer is not None:
            errors.update(services.people_errors(employer.pk, None, {"owner": [owner]}))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        return services.save_action(instance=CorrectiveAction(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.save_action(instance=instance)


class DocumentVersionSerializer(ModelCleanSerializer):
    document = ScopedPrimaryKeyRelatedField(queryset=ProgramDocument.objects.all())
    approved_by = person_field(required=False, allow_null=True)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "document",
            "version",
            "approved_by",
            "approved_on",
            "review_due_on",
            "changes",
            "sha256",
        ]
        read_only_fields = ["sha256"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        document = _current(self, attrs, "document")
        errors = services.people_errors(
            document.employer_id,
            _current(self, attrs, "approved_on"),
            {"approved_by": [_current(self, attrs, "approved_by")]},
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ProgramDocumentSerializer(ModelCleanSerializer):
    employer = employer_field()
    versions = DocumentVersionSerializer(many=True, read_only=True)

    class Meta:
        model = ProgramDocument
        fields = ["id", "employer", "kind", "title", "versions", "created_at"]
        read_only_fields = ["created_at"]


class ActivityScheduleSerializer(ModelCleanSerializer):
    """How often the employer does an activity (their own program choice)."""

    employer = employer_field()
    inspection_kind = ScopedPrimaryKeyRelatedField(
        queryset=InspectionKind.objects.all(), required=False, allow_null=True
    )
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ActivitySchedule
        fields = [
            "id",
            "employer",
            "activity",
            "inspection_kind",
            "label",
            "every",
            "unit",
            "starts_on",
            "active",
        ]
