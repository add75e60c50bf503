"""REST API for employer records: thin ModelViewSets on :class:`secor.core.api.ScopedModelViewSet` (every
query goes through :mod:`secor.tenancy`), plus the employer's evaluation, consultant access, members, and
the public what-if eligibility endpoint.

URLs (registered in ``secor/core/api_urls.py``)::

    /api/employers/                      list, create (the creator becomes the employer's admin)
    /api/employers/{id}/                 retrieve, update, delete (soft; employer admins only)
    /api/employers/{id}/evaluation/      GET ?as_of=YYYY-MM-DD: the rules engine's evaluation
    /api/employers/{id}/consultant-access/                  GET grants, POST {"firm": id} (admins)
    /api/employers/{id}/consultant-access/{grant}/revoke/   POST (admins)
    /api/employers/{id}/members/                            GET (writers)
    /api/employers/{id}/members/{membership}/               PATCH, DELETE (admins)
    /api/employers/{id}/invitations/                        GET, POST {"email", "role"} (admins): by e-mail
    /api/employers/{id}/invitations/{invitation}/withdraw/  POST (admins)
    /api/operating-provinces/ /api/wcb-accounts/ /api/memberships/ /api/enrolments/ /api/people/
    /api/headcount-snapshots/ /api/payroll-years/             CRUD, scoped
    /api/enrolments/{id}/status/          POST {"status", "note"}: the employer's own progress (registered /
                                          in progress), recorded; certificate statuses are the partner's
                                          (secor.certificates.api)
    /api/enrolments/{id}/status-history/  GET
    /api/partners/                        read-only reference data
    /api/eligibility/                     POST a scenario (no login): the engine's evaluation
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from secor import tenancy
from secor.accounts.invitations import invitation_create, invitation_revoke
from secor.accounts.models import ConsultantAccess, EmployerMembership, Invitation
from secor.accounts.serializers import (
    ConsultantAccessSerializer,
    ConsultantGrantSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
)
from secor.accounts.services import (
    consultant_access_grant,
    consultant_access_revoke,
    member_remove,
    member_update,
)
from secor.core.api import ScopedModelViewSet
from secor.core.fields import PROVINCE_CHOICES
from secor.core.throttling import OneRoundTripMixin
from secor.employers import filters, selectors
from secor.employers import serializers as s
from secor.employers.models import (
    CertifyingPartner,
    Employer,
    Enrolment,
    HeadcountSnapshot,
    Membership,
    OperatingProvince,
    PayrollYear,
    Person,
    WCBAccount,
)
from secor.employers.services import employer_create, enrolment_set_status, enrolment_status_history

logger = logging.getLogger(__name__)

EVALUATION_SCHEMA = inline_serializer(
    "Evaluation",
    fields={
        "scenario": serializers.DictField(),
        "eligibility": serializers.DictField(),
        "training": serializers.DictField(),
        "path": serializers.ListField(child=serializers.DictField()),
        "next_step": serializers.CharField(),
        "deadlines": serializers.ListField(child=serializers.DictField()),
        "audit": serializers.DictField(allow_null=True),
        "incentive": serializers.DictField(),
        "warnings": serializers.ListField(child=serializers.DictField()),
    },
)


def _require_admin(user, employer: Employer) -> None:
    if not tenancy.is_employer_admin(user, employer.pk):
        raise PermissionDenied("Only the employer's admins can do this.")


class EmployerViewSet(ScopedModelViewSet):
    """Employers the user may see. Creating one makes the creator its admin; deleting (soft) is for the
    employer's admins and site staff."""

    queryset = Employer.objects.prefetch_related("operating_provinces")
    serializer_class = s.EmployerSerializer
    filterset_class = filters.EmployerFilter
    search_fields = ["legal_name", "operating_name", "city", "contact_email"]
    ordering_fields = ["legal_name", "operating_name", "province", "created_at"]
    ordering = ["legal_name"]
    tenant_parent_field = None

    def perform_create(self, serializer) -> None:
        serializer.instance = employer_create(user=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance: Employer) -> None:
        _require_admin(self.request.user, instance)
        super().perform_destroy(instance)

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today.")],
        responses={200: EVALUATION_SCHEMA},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def evaluation(self, request, pk=None):
        """The rules engine's evaluation of this employer (eligibility, training, path, deadlines,
        incentive, warnings) on ``as_of``. For today, the stored status's answer, read in the tenancy gate's
        query (one query, its SQL compiled once per user shape)."""
        raw = request.query_params.get("as_of")
        as_of = None
        if raw:
            try:
                as_of = parse_date(raw)
            except ValueError:
                as_of = None
        if raw and as_of is None:
            selectors.employer_get_for(user=request.user, pk=pk)  # the gate first: another tenant's is a 404
            raise ValidationError({"as_of": f"{raw!r} is not a date; use YYYY-MM-DD."})
        from secor.core.citations import public_evaluation

        if as_of is None or as_of == timezone.localdate():
            evaluation = selectors.stored_evaluation_for(user=request.user, pk=pk)
        else:
            employer = tenancy.get_for_user(Employer, request.user, pk=pk)
            evaluation = selectors.employer_evaluation(employer=employer, as_of=as_of)
        # public citations (title + address) and no working notes, as on every page
        return Response(public_evaluation(evaluation))

    # --- consultant access ------------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        responses={200: ConsultantAccessSerializer(many=True)},
        description="Grants, newest first.",
    )
    @extend_schema(
        methods=["POST"], request=ConsultantGrantSerializer, responses={201: ConsultantAccessSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="consultant-access",
        filter_backends=[],
        pagination_class=None,
    )
    def consultant_access(self, request, pk=None):
        """Consultant firms' access to this employer, with the full trail (granted/revoked, by whom). Employer
        admins and site staff only."""
        employer = self.get_object()
        _require_admin(request.user, employer)
        if request.method == "POST":
            data = ConsultantGrantSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            grant = consultant_access_grant(
                employer=employer, firm=data.validated_data["firm"], granted_by=request.user
            )
            return Response(ConsultantAccessSerializer(grant).data, status=status.HTTP_201_CREATED)
        grants = (
            ConsultantAccess.objects.filter(employer=employer)
            .select_related("firm", "granted_by", "revoked_by")
            .order_by("-granted_at", "-pk")
        )
        return Response(ConsultantAccessSerializer(grants, many=True).data)

    @extend_schema(request=None, responses={200: ConsultantAccessSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"consultant-access/(?P<grant_id>[0-9]+)/revoke",
        filter_backends=[],
        pagination_class=None,
    )
    def consultant_access_revoke(self, request, pk=None, grant_id=None):
        """Revoke a consultant firm's access. The grant stays in the trail."""
        employer = self.get_object()
        _require_admin(request.user, employer)
        grant = ConsultantAccess.objects.filter(employer=employer, pk=grant_id).first()
        if grant is None:
            return Response({"detail": "No such grant for this employer."}, status=status.HTTP_404_NOT_FOUND)
        grant = consultant_access_revoke(grant=grant, revoked_by=request.user)
        return Response(ConsultantAccessSerializer(grant).data)

    # --- members ------------------------------------------------------------------------------------------

    @extend_schema(responses={200: MemberSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def members(self, request, pk=None):
        """The employer's users. Listing needs write access to the employer. New members come by
        invitation (``invitations/``)."""
        employer = self.get_object()
        self.check_write(employer)
        members = (
            EmployerMembership.objects.filter(employer=employer)
            .select_related("user")
            .order_by("user__email")
        )
        return Response(MemberSerializer(members, many=True).data)

    @extend_schema(methods=["PATCH"], request=MemberUpdateSerializer, responses={200: MemberSerializer})
    @extend_schema(methods=["DELETE"], responses={204: None})
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"members/(?P<membership_id>[0-9]+)",
        filter_backends=[],
        pagination_class=None,
    )
    def member_detail(self, request, pk=None, membership_id=None):
        """Change a member's role / reminders, or remove them (admins). The last admin stays."""
        employer = self.get_object()
        _require_admin(request.user, employer)
        membership = EmployerMembership.objects.filter(employer=employer, pk=membership_id).first()
        if membership is None:
            return Response({"detail": "No such member of this employer."}, status=status.HTTP_404_NOT_FOUND)
        if request.method == "DELETE":
            member_remove(membership=membership, removed_by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = MemberUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        membership = member_update(membership=membership, updated_by=request.user, **data.validated_data)
        return Response(MemberSerializer(membership).data)

    # --- invitations (docs/accounts.md) -----------------------------------------------------------------

    @extend_schema(methods=["GET"], responses={200: InvitationSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=InvitationCreateSerializer, responses={201: InvitationSerializer}
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def invitations(self, request, pk=None):
        """Invite an e-mail address to join (admins). The answer is the same whether or not the address has
        an account; the invitee accepts from the e-mailed link."""
        employer = self.get_object()
        _require_admin(request.user, employer)
        if request.method == "POST":
            data = InvitationCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            invitation = invitation_create(employer=employer, invited_by=request.user, **data.validated_data)
            return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)
        invitations = Invitation.objects.filter(employer=employer).select_related("invited_by")
        return Response(InvitationSerializer(invitations, many=True).data)

    @extend_schema(request=None, responses={200: InvitationSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"invitations/(?P<invitation_id>[0-9]+)/withdraw",
        filter_backends=[],
        pagination_class=None,
    )
    def invitation_withdraw(self, request, pk=None, invitation_id=None):
        """Withdraw an open invitation (admins): its link stops working."""
        employer = self.get_object()
        _require_admin(request.user, employer)
        invitation = Invitation.objects.filter(employer=employer, pk=invitation_id).first()
        if invitation is None:
            return Response({"detail": "No such invitation."}, status=status.HTTP_404_NOT_FOUND)
        return Response(InvitationSerializer(invitation_revoke(invitation=invitation)).data)


class OperatingProvinceViewSet(ScopedModelViewSet):
    queryset = OperatingProvince.objects.select_related("employer")
    serializer_class = s.OperatingProvinceSerializer
    filterset_class = filters.OperatingProvinceFilter
    ordering_fields = ["province", "employer"]
    ordering = ["employer", "province"]


class WCBAccountViewSet(ScopedModelViewSet):
    queryset = WCBAccount.objects.select_related("employer")
    serializer_class = s.WCBAccountSerializer
    filterset_class = filters.WCBAccountFilter
    search_fields = ["account_number", "industry_code"]
    ordering_fields = ["board", "account_number", "active_from"]
    ordering = ["board", "account_number"]


class MembershipViewSet(ScopedModelViewSet):
    """Memberships of (registrations with) certifying partners."""

    queryset = Membership.objects.select_related("employer", "partner")
    serializer_class = s.MembershipSerializer
    filterset_class = filters.MembershipFilter
    search_fields = ["member_number"]
    ordering_fields = ["registered_on", "status"]
    ordering = ["-registered_on", "pk"]


class EnrolmentViewSet(ScopedModelViewSet):
    """Program enrolments and certificates. The status changes through ``status/`` (recorded)."""

    queryset = Enrolment.objects.select_related("employer", "partner")
    serializer_class = s.EnrolmentSerializer
    filterset_class = filters.EnrolmentFilter
    search_fields = ["certificate_number", "employer__legal_name", "employer__operating_name"]
    ordering_fields = ["registered_on", "expires_on", "status", "issued_on"]
    ordering = ["-registered_on", "pk"]
    write_actions = ScopedModelViewSet.write_actions | {"set_status"}

    @extend_schema(request=s.EnrolmentStatusSerializer, responses={200: s.EnrolmentSerializer})
    @action(detail=True, methods=["post"], url_path="status", filter_backends=[], pagination_class=None)
    def set_status(self, request, pk=None):
        """Change the status; the change, who made it and the note are kept in the enrolment's history."""
        enrolment = self.get_object()
        data = s.EnrolmentStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["status"] not in s.EMPLOYER_STATUSES or enrolment.certificates.exists():
            s.raise_partner_owned(enrolment)
        enrolment = enrolment_set_status(
            enrolment=enrolment,
            status=data.validated_data["status"],
            user=request.user,
            note=data.validated_data["note"],
            on=data.validated_data["on"],
        )
        return Response(s.EnrolmentSerializer(enrolment, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: s.EnrolmentStatusChangeSerializer(many=True)})
    @action(
        detail=True, methods=["get"], url_path="status-history", filter_backends=[], pagination_class=None
    )
    def status_history(self, request, pk=None):
        enrolment = self.get_object()
        return Response(
            s.EnrolmentStatusChangeSerializer(enrolment_status_history(enrolment=enrolment), many=True).data
        )


class PersonViewSet(ScopedModelViewSet):
    """Everyone who works for or with the employer. Deleting is soft (restorable)."""

    queryset = Person.objects.select_related("employer", "wcb_account")
    serializer_class = s.PersonSerializer
    filterset_class = filters.PersonFilter
    search_fields = ["first_name", "last_name", "email", "job_title"]
    ordering_fields = ["last_name", "first_name", "start_date", "category"]
    ordering = ["last_name", "first_name", "pk"]


class HeadcountSnapshotViewSet(ScopedModelViewSet):
    queryset = HeadcountSnapshot.objects.select_related("employer")
    serializer_class = s.HeadcountSnapshotSerializer
    filterset_class = filters.HeadcountSnapshotFilter
    ordering_fields = ["month", "workers"]
    ordering = ["-month", "pk"]


class PayrollYearViewSet(ScopedModelViewSet):
    queryset = PayrollYear.objects.select_related("employer")
    serializer_class = s.PayrollYearSerializer
    filterset_class = filters.PayrollYearFilter
    ordering_fields = ["year"]
    ordering = ["-year", "pk"]


class CertifyingPartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Certifying partners: reference data, readable by every logged-in user."""

    queryset = CertifyingPartner.objects.all()
    serializer_class = s.CertifyingPartnerSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = filters.CertifyingPartnerFilter
    search_fields = ["name", "code", "industries"]
    ordering_fields = ["province", "code", "name"]
    ordering = ["province", "code"]


# --- Public what-if eligibility ---------------------------------------------------------------------------


class EligibilityThrottle(OneRoundTripMixin, AnonRateThrottle):
    """Anonymous callers of the public eligibility endpoint: ``DEFAULT_THROTTLE_RATES["eligibility"]``. DRF's
    sliding window, in one Redis round trip (secor/core/throttling.py)."""

    scope = "eligibility"


class EligibilityView(APIView):
    """``POST /api/eligibility/``: evaluate a workforce description (the rules command's scenario JSON, see
    docs/rules.md) without logging in. Nothing is stored. A scenario the engine cannot read is a 400 that
    names the field; no input answers 500."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]
    authentication_classes: list = []  # no session: no CSRF needed, and nothing to throttle per user
    throttle_classes = [EligibilityThrottle]

    @extend_schema(
        request=inline_serializer(
            "Scenario",
            fields={
                "province": serializers.ChoiceField(choices=PROVINCE_CHOICES),
                "partner": serializers.CharField(),
                "as_of": serializers.DateField(),
                "people": serializers.ListField(child=serializers.DictField(), required=False),
            },
        ),
        responses={200: EVALUATION_SCHEMA},
        auth=[],
    )
    def post(self, request):
        import provinces

        try:
            scenario = provinces.scenario_from_dict(request.data)
            evaluation = provinces.evaluate(scenario)
        except provinces.ScenarioError as exc:
            body = {"detail": exc.message}
            if getattr(exc, "field", None):
                body[exc.field] = [exc.message]
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except (ValueError, TypeError, ArithmeticError, RecursionError) as exc:
            # The parser should have refused this input with a ScenarioError; log it so the parser can be
            # tightened, and answer 400 rather than 500 (the input, not the server, is at fault).
            logger.warning("eligibility: input not caught by the scenario parser", exc_info=True)
            return Response(
                {"detail": f"The scenario could not be evaluated: {exc}"}, status=status.HTTP_400_BAD_REQUEST
            )
        from secor.core.citations import public_jsonable

        # = evaluation.to_dict(), with public citations and no working notes, in one walk
        return Response(public_jsonable(evaluation))
