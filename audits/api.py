"""REST API of the audits area. Rows come through ``secor.tenancy`` (another tenant's audit is a 404); every
write is a service call (so the same rules as the pages apply). Submitted revisions and the transition log
are read-only: there is no endpoint that changes them."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audits import selectors, services
from audits.models import (
    Answer,
    Audit,
    AuditKind,
    AuditRevision,
    AuditTransition,
    Evidence,
    Instrument,
    InstrumentElement,
    MaintenanceDue,
    Question,
    ReviewNote,
    VerificationMethod,
)
from secor import tenancy
from secor.core.api import ScopedPrimaryKeyRelatedField, query_bool, query_choice
from secor.employers.filters import id_filter
from secor.employers.models import Employer, Person

# --- serializers --------------------------------------------------------------------------------------------


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = [
            "id",
            "code",
            "text",
            "methods",
            "points",
            "scoring_rule",
            "guidance",
            "evidence_checklist",
            "minimum_interviews",
        ]


class ElementSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = InstrumentElement
        fields = ["id", "number", "name", "description", "questions"]


class InstrumentSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    province = serializers.CharField(source="partner.province", read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "partner",
            "province",
            "code",
            "version",
            "program",
            "title",
            "description",
            "effective_from",
            "kinds",
            "sources",
            "checksum",
            "is_current",
        ]


class InstrumentDetailSerializer(InstrumentSerializer):
    elements = ElementSerializer(many=True, read_only=True)

    class Meta(InstrumentSerializer.Meta):
        fields = [*InstrumentSerializer.Meta.fields, "elements"]


class AuditSerializer(serializers.ModelSerializer):
    partner = serializers.CharField(source="partner.code", read_only=True)
    instrument = serializers.CharField(source="instrument.__str__", read_only=True)
    assigned_reviewer = serializers.EmailField(source="assigned_reviewer.email", read_only=True, default=None)
    auditor_name = serializers.CharField(read_only=True)

    class Meta:
        model = Audit
        fields = [
            "id",
            "employer",
            "enrolment",
            "partner",
            "instrument",
            "kind",
            "status",
            "auditor_type",
            "auditor_person",
            "auditor_name",
            "external_auditor_name",
            "external_auditor_certificate",
            "notice_sent_on",
            "starts_on",
            "ends_on",
            "scope",
            "revision_count",
            "first_submitted_on",
            "last_submitted_at",
            "review_due_on",
            "corrections_due_on",
            "assigned_reviewer",
            "decided_at",
            "qa_score",
            "outcome_passed",
            "outcome_percent",
            "outcome_verdict",
            "carried_from",
            "carry_report",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AuditCreateSerializer(serializers.Serializer):
    employer = ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all())
    kind = serializers.ChoiceField(choices=AuditKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    auditor_type = serializers.ChoiceField(
        choices=Audit.AuditorType.choices, default=Audit.AuditorType.INTERNAL
    )
    auditor_person = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    external_auditor_name = serializers.CharField(required=False, allow_blank=True, default="")
    external_auditor_certificate = serializers.CharField(required=False, allow_blank=True, default="")
    notice_sent_on = serializers.DateField(required=False, allow_null=True)
    scope = serializers.CharField(required=False, allow_blank=True, default="")


class AuditPlanSerializer(serializers.Serializer):
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    auditor_type = serializers.ChoiceField(choices=Audit.AuditorType.choices, required=False)
    auditor_person = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    external_auditor_name = serializers.CharField(required=False, allow_blank=True)
    external_auditor_certificate = serializers.CharField(required=False, allow_blank=True)
    notice_sent_on = serializers.DateField(required=False, allow_null=True)
    scope = serializers.CharField(required=False, allow_blank=True)


class AnswerSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="question.code", read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "question",
            "code",
            "score",
            "notes",
            "interviews_positive",
            "interviews_total",
            "carry_state",
            "carried_from_year",
            "updated_at",
        ]
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    interviews_positive = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    interviews_total = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class EvidenceSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="question.code", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "question",
            "code",
            "method",
            "checklist_item",
            "description",
            "original_name",
            "size",
            "sha256",
            "uploaded_at",
            "first_revision",
            "removed_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("audits:evidence-download", args=[obj.pk])


class EvidenceInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    file = serializers.FileField()
    method = serializers.ChoiceField(
        choices=VerificationMethod.choices, default=VerificationMethod.DOCUMENTATION
    )
    checklist_item = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditRevision
        fields = [
            "id",
            "audit",
            "number",
            "submitted_at",
            "submitted_by",
            "overall_percent",
            "passed",
            "snapshot_sha256",
            "snapshot",
        ]
        read_only_fields = fields


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email", read_only=True, default=None)
    revision_number = serializers.IntegerField(source="revision.number", read_only=True, default=None)

    class Meta:
        model = AuditTransition
        fields = ["id", "action", "from_status", "to_status", "actor", "at", "revision_number", "detail"]
        read_only_fields = fields


class NoteSerializer(serializers.ModelSerializer):
    question_code = serializers.CharField(source="question.code", read_only=True, default=None)
    revision_number = serializers.IntegerField(source="revision.number", read_only=True)
    author = serializers.EmailField(source="author.email", read_only=True, default=None)

    class Meta:
        model = ReviewNote
        fields = [
            "id",
            "audit",
            "revision_number",
            "question",
            "question_code",
            "kind",
            "text",
            "author",
            "created_at",
            "response",
            "responded_at",
        ]
        read_only_fields = fields


class NoteInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewNote.Kind.choices)
    text = serializers.CharField()
    question = serializers.IntegerField(required=False, allow_null=True)


class AssignSerializer(serializers.Serializer):
    reviewer = serializers.EmailField()


class AcceptSerializer(serializers.Serializer):
    qa_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, min_value=0, max_value=100
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CorrectionsSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    answer_by = serializers.DateField(required=False, allow_null=True, default=None)


class RespondSerializer(serializers.Serializer):
    response = serializers.CharField()


class MaintenanceDueSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaintenanceDue
        fields = [
            "id",
            "enrolment",
            "source_audit",
            "certificate_issued_on",
            "kind",
            "title",
            "due_on",
            "final_due_on",
            "consequence",
            "reference",
            "state",
            "met_by",
            "resolved_on",
        ]
        read_only_fields = fields


# --- filters (ids are plain numbers: a foreign and a missing id answer alike, see secor/employers/filters.py)


class AuditFilter(django_filters.FilterSet):
    employer = id_filter("employer_id", "Employer id.")

    class Meta:
        model = Audit
        fields = ["employer", "status", "kind"]


class AuditRevisionFilter(django_filters.FilterSet):
    audit = id_filter("audit_id", "Audit id.")

    class Meta:
        model = AuditRevision
        fields = ["audit"]


class MaintenanceDueFilter(django_filters.FilterSet):
    enrolment = id_filter("enrolment_id", "Enrolment id.")

    class Meta:
        model = MaintenanceDue
        fields = ["enrolment", "state", "kind"]


# --- viewsets -----------------------------------------------------------------------------------------------


def _valid(serializer_class, request, **kwargs):
    s = serializer_class(data=request.data, context={"request": request}, **kwargs)
    s.is_valid(raise_exception=True)
    return s.validated_data


class AuditViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Audits the user may see (employers and consultants: their own; reviewers: submissions to their
    partner). Writes are actions that call the audit services."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AuditSerializer
    queryset = Audit.objects.none()  # for the schema; rows come from get_queryset
    filterset_class = AuditFilter

    def get_queryset(self):
        return selectors.audit_list_for(user=self.request.user)

    def _audit(self, *, write: bool = False) -> Audit:
        return selectors.audit_get(user=self.request.user, pk=self.kwargs["pk"], write=write)

    def _out(self, audit, code=status.HTTP_200_OK):
        audit = selectors.audit_get(user=self.request.user, pk=audit.pk)
        return Response(AuditSerializer(audit, context={"request": self.request}).data, status=code)

    @extend_schema(request=AuditCreateSerializer, responses=AuditSerializer)
    def create(self, request):
        data = _valid(AuditCreateSerializer, request)
        audit = services.audit_create(user=request.user, **data)
        return self._out(audit, status.HTTP_201_CREATED)

    @extend_schema(request=AuditPlanSerializer, responses=AuditSerializer)
    def partial_update(self, request, pk=None):
        audit = self._audit(write=True)
        data = _valid(AuditPlanSerializer, request, partial=True)
        audit = services.audit_update_plan(audit=audit, user=request.user, **data)
        return self._out(audit)

    @extend_schema(methods=["GET"], responses=AnswerSerializer(many=True))
    @extend_schema(methods=["POST"], request=AnswerInputSerializer, responses={200: AnswerSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def answers(self, request, pk=None):
        if request.method == "GET":
            audit = self._audit()
            qs = tenancy.scope(Answer.objects.filter(audit=audit).select_related("question"), request.user)
            return Response(AnswerSerializer(qs, many=True).data)
        audit = self._audit(write=True)
        data = _valid(AnswerInputSerializer, request)
        answer = services.answer_save(audit=audit, user=request.user, **data)
        return Response(AnswerSerializer(answer).data, status=status.HTTP_200_OK)

    @extend_schema(methods=["GET"], responses=EvidenceSerializer(many=True))
    @extend_schema(methods=["POST"], request=EvidenceInputSerializer, responses={201: EvidenceSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def evidence(self, request, pk=None):
        if request.method == "GET":
            audit = self._audit()
            qs = tenancy.scope(Evidence.objects.filter(audit=audit).select_related("question"), request.user)
            return Response(EvidenceSerializer(qs, many=True).data)
        audit = self._audit(write=True)
        data = _valid(EvidenceInputSerializer, request)
        evidence = services.evidence_add(audit=audit, user=request.user, **data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=None)
    @action(detail=True, methods=["post"], url_path=r"evidence/(?P<evidence_id>\d+)/remove")
    def remove_evidence(self, request, pk=None, evidence_id=None):
        audit = self._audit(write=True)
        evidence = get_object_or_404(
            tenancy.scope(Evidence.objects.filter(audit=audit), request.user, write=True), pk=evidence_id
        )
        services.evidence_remove(evidence=evidence, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=None)
    @action(detail=True, methods=["get"])
    def score(self, request, pk=None):
        live = services.live_score(self._audit())
        return Response(
            {
                "as_of": live.as_of,
                "answered": live.answered,
                "questions": live.questions,
                "pass_mark": live.pass_mark_text,
                "result": live.result.to_dict(),
            }
        )

    @extend_schema(responses=None)
    @action(detail=True, methods=["get"])
    def readiness(self, request, pk=None):
        audit = self._audit()
        state = services.readiness(audit)
        return Response(
            {
                "ready": state["ready"],
                "would_pass": state["would_pass"],
                "overall_percent": state["score"].overall_percent,
                "failing_elements": [
                    {
                        "number": e["tally"].number,
                        "name": e["tally"].name,
                        "percent": e["tally"].percent,
                        "why": e["why"],
                    }
                    for e in state["elements"]
                    if e["fails"]
                ],
                "problems": state["problems"],
                "plan_errors": state["plan_errors"],
                "submission": state["submission"],
            }
        )

    @extend_schema(request=None, responses={200: AuditSerializer})
    @action(detail=True, methods=["post"], url_path="carry-over")
    def carry_over(self, request, pk=None):
        """Start this maintenance/recertification draft from the last accepted audit (audits/carryover.py)."""
        from audits import carryover

        audit = self._audit(write=True)
        carryover.carry_over(audit=audit, user=request.user)
        audit.refresh_from_db()
        return self._out(audit)

    @extend_schema(request=None, responses={201: RevisionSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        revision = services.audit_submit(audit=self._audit(write=True), user=request.user)
        return Response(RevisionSerializer(revision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        data = _valid(ReasonSerializer, request)
        return self._out(services.audit_withdraw(audit=self._audit(write=True), user=request.user, **data))

    @extend_schema(responses=RevisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def revisions(self, request, pk=None):
        audit = self._audit()
        qs = tenancy.scope(AuditRevision.objects.filter(audit=audit), request.user)
        return Response(RevisionSerializer(qs, many=True).data)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        audit = self._audit()
        qs = tenancy.scope(
            AuditTransition.objects.filter(audit=audit).select_related("actor", "revision"), request.user
        )
        return Response(TransitionSerializer(qs, many=True).data)

    # ---- review (reviewers of the audit's partner) ----------------------------------------------------

    @extend_schema(methods=["GET"], responses=NoteSerializer(many=True))
    @extend_schema(methods=["POST"], request=NoteInputSerializer, responses={201: NoteSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def notes(self, request, pk=None):
        audit = self._audit()
        if request.method == "GET":
            qs = tenancy.scope(
                ReviewNote.objects.filter(audit=audit).select_related("question", "revision", "author"),
                request.user,
            )
            return Response(NoteSerializer(qs, many=True).data)
        data = _valid(NoteInputSerializer, request)
        note = services.review_add_note(audit=audit, by=request.user, **data)
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        from secor.accounts.models import User

        audit = self._audit()
        data = _valid(AssignSerializer, request)
        reviewer = User.objects.filter(email__iexact=data["reviewer"]).first()
        return self._out(services.review_assign(audit=audit, reviewer=reviewer, by=request.user))

    @extend_schema(request=None, responses=AuditSerializer)
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        return self._out(services.review_start(audit=self._audit(), by=request.user))

    @extend_schema(request=CorrectionsSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"], url_path="request-corrections")
    def request_corrections(self, request, pk=None):
        data = _valid(CorrectionsSerializer, request)
        return self._out(
            services.review_request_corrections(
                audit=self._audit(), by=request.user, message=data["reason"], answer_by=data["answer_by"]
            )
        )

    @extend_schema(request=AcceptSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        data = _valid(AcceptSerializer, request)
        return self._out(
            services.review_accept(audit=self._audit(), by=request.user, qa_score=data.get("qa_score"))
        )

    @extend_schema(request=ReasonSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = _valid(ReasonSerializer, request)
        return self._out(services.review_reject(audit=self._audit(), by=request.user, reason=data["reason"]))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=[str(s) for s in selectors.QUEUE_STATUSES],
                description="Only submissions in this review state.",
            ),
            OpenApiParameter("mine", bool, description="Only submissions assigned to me."),
        ]
    )
)
class ReviewQueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The reviewer's queue: submissions to their partner that need the partner, due first."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AuditSerializer
    queryset = Audit.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Audit.objects.none()
        mine = query_bool(self.request, "mine")
        return selectors.review_queue_for(
            user=self.request.user,
            status=query_choice(self.request, "status", selectors.QUEUE_STATUSES),
            assigned_to=self.request.user if mine else None,
        )


class NoteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NoteSerializer
    queryset = ReviewNote.objects.none()

    def get_queryset(self):
        return tenancy.scope(
            ReviewNote.objects.select_related("question", "revision", "author"), self.request.user
        )

    @extend_schema(request=RespondSerializer, responses=NoteSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        note = tenancy.get_for_user(
            ReviewNote.objects.select_related("audit", "revision"), request.user, write=True, pk=pk
        )
        data = _valid(RespondSerializer, request)
        return Response(NoteSerializer(services.note_respond(note=note, user=request.user, **data)).data)


class RevisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Submitted revisions: read-only, by design (no update or delete route exists)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = RevisionSerializer
    queryset = AuditRevision.objects.none()
    filterset_class = AuditRevisionFilter

    def get_queryset(self):
        return tenancy.scope(AuditRevision.objects.all(), self.request.user).order_by("audit_id", "number")


class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Audit instruments (reference data, readable by every signed-in user)."""

    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["partner", "code", "is_current"]

    def get_queryset(self):
        qs = selectors.instruments_list()
        if self.action == "retrieve":
            qs = qs.prefetch_related("elements__questions")
        return qs

    def get_serializer_class(self):
        return InstrumentDetailSerializer if self.action == "retrieve" else InstrumentSerializer


class MaintenanceDueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MaintenanceDueSerializer
    queryset = MaintenanceDue.objects.none()
    filterset_class = MaintenanceDueFilter

    def get_queryset(self):
        return selectors.schedule_for(user=self.request.user)
