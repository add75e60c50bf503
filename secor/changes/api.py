"""REST API of business changes.

GET  /api/employers/{id}/changes/   the employer's changes with their verdicts: anyone who sees the employer
                                    (its users, consultants with access, the partner's reviewers)
POST /api/employers/{id}/changes/   {"kind", "effective_on", …the kind's questions}: the employer's users and
                                    consultants; 400 with field errors (nothing written) when wrong
GET  /api/changes/{id}/             one change
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from provinces.changes import ChangeKind
from secor import tenancy
from secor.changes import services
from secor.changes.models import BusinessChange
from secor.core.citations import citations, public_text
from secor.core.exceptions import ApplicationError
from secor.core.fields import PROVINCE_CHOICES
from secor.employers.models import Employer, WCBAccount


def _public_points(points: list[dict]) -> list[dict]:
    return [
        {
            "text": public_text(p["text"]),
            "sources": [{"title": c.title, "url": c.url} for c in citations(p["reference"])],
        }
        for p in points
    ]


class ChangeSerializer(serializers.ModelSerializer):
    verdicts = serializers.SerializerMethodField()

    class Meta:
        model = BusinessChange
        fields = [
            "id",
            "employer",
            "kind",
            "effective_on",
            "description",
            "previous_legal_name",
            "new_legal_name",
            "name_only",
            "trained_person_left",
            "additional_account",
            "trained_person_shared",
            "wcb_account",
            "to_province",
            "leaves_home_province",
            "workers_after",
            "verdicts",
            "recorded_at",
            "withdrawn_at",
        ]
        read_only_fields = fields

    def get_verdicts(self, obj: BusinessChange) -> list[dict]:
        return [
            {
                "partner": v["partner"],
                "partner_name": v["partner_name"],
                "outcome": v["outcome"],
                "headline": v["headline"],
                "certificate": _public_points(v["certificate"]),
                "tell_partner": _public_points(v["tell_partner"]),
                "todo": _public_points(v["todo"]),
            }
            for v in obj.verdicts
        ]


class ChangeInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k.value for k in ChangeKind])
    effective_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    name_only = serializers.BooleanField(required=False, default=False)
    new_legal_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    trained_person_left = serializers.BooleanField(required=False, default=False)
    board = serializers.ChoiceField(choices=WCBAccount.Board.choices, required=False)
    account_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    industry_code = serializers.CharField(required=False, allow_blank=True, max_length=20)
    additional_account = serializers.BooleanField(required=False, default=True)
    trained_person_shared = serializers.BooleanField(required=False, default=False)
    to_province = serializers.ChoiceField(
        choices=PROVINCE_CHOICES, required=False, allow_blank=True, default=""
    )
    leaves_home_province = serializers.BooleanField(required=False, default=False)
    workers_after = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )


def _employer(request, pk) -> Employer:
    return tenancy.get_for_user(Employer, request.user, pk=pk)


class EmployerChangesView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: ChangeSerializer(many=True)})
    def get(self, request, pk: int):
        employer = _employer(request, pk)
        rows = tenancy.scope(BusinessChange.objects.filter(employer=employer), request.user)
        return Response(ChangeSerializer(rows, many=True).data)

    @extend_schema(request=ChangeInput, responses={201: ChangeSerializer})
    def post(self, request, pk: int):
        employer = _employer(request, pk)
        if not tenancy.can_write_employer(request.user, employer.pk):
            raise PermissionDenied("Only the employer's own users and its consultants can record a change.")
        data = ChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            change = services.change_record(
                employer=employer, user=request.user, data=dict(data.validated_data)
            )
        except ApplicationError as exc:
            return Response(exc.extra or {"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
        return Response(ChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class ChangeDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: ChangeSerializer})
    def get(self, request, pk: int):
        change = tenancy.get_for_user(BusinessChange, request.user, pk=pk)
        return Response(ChangeSerializer(change).data)
