"""REST API of the certificate ledger.

GET  /api/enrolments/{id}/certificate/             the certificate's status today, its ledger (who decided
                                                   what, when, why) and declarations: anyone who sees
                                                   the enrolment
POST /api/enrolments/{id}/certificate/decisions/   {"kind", "reason", "effective_on"}: reviewers of the
                                                   partner and site staff (others: 403 naming who can)
POST /api/enrolments/{id}/certificate/issue/       {"number", "issued_on", "expires_on", "reason",
                                                   "renewal"}: reviewers of the partner and site staff
POST /api/enrolments/{id}/declarations/            multipart {"number", "issued_on", "expires_on",
                                                   "copy"}: the employer's users
POST /api/declarations/{id}/confirm/               {"reason"}: reviewers of the partner and site staff
POST /api/declarations/{id}/refuse/                {"reason"}: reviewers of the partner and site staff
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from secor import tenancy
from secor.certificates import serializers as s
from secor.certificates import services
from secor.certificates.models import DeclaredCertificate
from secor.employers.models import Enrolment

LEDGER_SCHEMA = inline_serializer(
    "CertificateLedger",
    fields={
        "status": serializers.DictField(),
        "events": s.CertificateEventSerializer(many=True),
        "declarations": s.DeclarationSerializer(many=True),
        "who_can_change": serializers.CharField(),
    },
)


def _enrolment(request, pk) -> Enrolment:
    return tenancy.get_for_user(Enrolment.objects.select_related("partner", "employer"), request.user, pk=pk)


def ledger_body(enrolment: Enrolment) -> dict:
    return {
        "status": services.current_status(enrolment).to_dict(),
        "events": s.CertificateEventSerializer(services.history(enrolment), many=True).data,
        "declarations": s.DeclarationSerializer(
            DeclaredCertificate.objects.filter(enrolment=enrolment).select_related("enrolment__partner"),
            many=True,
        ).data,
        "who_can_change": services.who_can_change(enrolment),
    }


class LedgerView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: LEDGER_SCHEMA})
    def get(self, request, pk):
        return Response(ledger_body(_enrolment(request, pk)))


class DecisionView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=s.DecisionSerializer, responses={201: LEDGER_SCHEMA})
    def post(self, request, pk):
        enrolment = _enrolment(request, pk)
        data = s.DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.decide(enrolment=enrolment, user=request.user, **data.validated_data)
        return Response(ledger_body(enrolment), status=status.HTTP_201_CREATED)


class IssueView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=s.IssueSerializer, responses={201: LEDGER_SCHEMA})
    def post(self, request, pk):
        enrolment = _enrolment(request, pk)
        data = s.IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.issue_by_decision(enrolment=enrolment, user=request.user, **data.validated_data)
        return Response(ledger_body(enrolment), status=status.HTTP_201_CREATED)


class DeclareView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": s.DeclareSerializer}, responses={201: s.DeclarationSerializer}
    )
    def post(self, request, pk):
        enrolment = _enrolment(request, pk)
        data = s.DeclareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declaration = services.declare(enrolment=enrolment, user=request.user, **data.validated_data)
        return Response(s.DeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED)


class DeclarationDecisionView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    confirm = True

    @extend_schema(request=s.DeclarationReasonSerializer, responses={200: s.DeclarationSerializer})
    def post(self, request, pk):
        declaration = tenancy.get_for_user(
            DeclaredCertificate.objects.select_related("enrolment__partner"), request.user, pk=pk
        )
        data = s.DeclarationReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if self.confirm:
            services.confirm_declaration(declaration=declaration, user=request.user, **data.validated_data)
        else:
            services.refuse_declaration(declaration=declaration, user=request.user, **data.validated_data)
        declaration.refresh_from_db()
        return Response(s.DeclarationSerializer(declaration).data)
