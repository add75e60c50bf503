"""REST API for users: the token endpoints (e-mail and password), ``/api/me/`` and the consultant-firm
directory employer admins pick from when granting access.

URLs: ``POST /api/auth/token/``, ``POST /api/auth/logout/``, ``POST /api/auth/logout-all/``, ``GET /api/me/``,
``GET /api/consultant-firms/?search=``.

Tokens are django-rest-knox tokens: only a hash is stored, each expires (``REST_KNOX["TOKEN_TTL"]``), and they
die with a log-out or a password change. Too many failed tries lock the client out (django-axes), as on the
log-in page. docs/accounts.md
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from secor.accounts.auth import end_tokens, is_locked_out, lockout_message
from secor.accounts.invitations import invitation_accept, invitation_for_secret, refusal
from secor.accounts.models import ConsultantFirm, User
from secor.accounts.serializers import (
    ConsultantFirmSerializer,
    EmailAuthTokenSerializer,
    InvitationAcceptSerializer,
    MeSerializer,
)
from secor.core.exceptions import ApplicationError

_Detail = inline_serializer("Detail", {"detail": serializers.CharField()})


class EmailObtainAuthToken(APIView):
    """``POST {"email", "password"}`` → ``{"token": "…", "expiry": "…"}``; send it as
    ``Authorization: Token …``. Each call makes a new token; it expires at ``expiry``."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = EmailAuthTokenSerializer

    @extend_schema(
        request=EmailAuthTokenSerializer,
        responses={
            200: EmailAuthTokenSerializer,
            400: OpenApiResponse(description="Wrong e-mail or password, or a missing field."),
            429: OpenApiResponse(_Detail, description="Locked out after too many failed log-ins."),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = EmailAuthTokenSerializer(data=request.data, context={"request": request})
        valid = serializer.is_valid()
        if is_locked_out(request):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if not valid:
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        instance, token = AuthToken.objects.create(serializer.validated_data["user"])
        return Response({"token": token, "expiry": instance.expiry})


class LogoutView(APIView):
    """End the token this request came with (``logout``), or every token of the user (``logout-all``)."""

    permission_classes = [permissions.IsAuthenticated]
    every_token = False

    @extend_schema(request=None, responses={204: None})
    def post(self, request, *args, **kwargs):
        if self.every_token:
            end_tokens(request.user)
        elif isinstance(request.auth, AuthToken):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationAcceptView(APIView):
    """``POST {"secret"}``: the logged-in user accepts an invitation sent to their e-mail address (the
    secret is the last part of the e-mailed link). Answers the employer joined and the role, or, for a
    certifying partner's invitation, the partner and ``"reviewer"``."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=InvitationAcceptSerializer,
        responses={
            200: inline_serializer(
                "InvitationAccepted",
                {
                    "employer": serializers.IntegerField(allow_null=True),
                    "partner": serializers.IntegerField(allow_null=True),
                    "role": serializers.CharField(),
                },
            ),
            404: OpenApiResponse(_Detail, description="No invitation has this secret."),
            409: OpenApiResponse(
                _Detail,
                description="The invitation is used, withdrawn or expired, is for another address, or is for "
                "an employer and you are site staff.",
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        data = InvitationAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = invitation_for_secret(data.validated_data["secret"])
        reason = refusal(found, request.user)
        if found is None:
            return Response({"detail": reason}, status=status.HTTP_404_NOT_FOUND)
        if reason:
            return Response({"detail": reason}, status=status.HTTP_409_CONFLICT)
        try:
            membership = invitation_accept(invitation=found, user=request.user)
        except ApplicationError as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        if membership is None:
            return Response({"employer": None, "partner": found.partner_id, "role": "reviewer"})
        return Response({"employer": membership.employer_id, "partner": None, "role": membership.role})


class MeView(APIView):
    """The logged-in user, their roles and the employers they act for."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        # Not type(request.user): with session auth that is a SimpleLazyObject.
        user = User.objects.select_related("consultant_firm", "reviewer_partner").get(pk=request.user.pk)
        return Response(MeSerializer(user).data)


class ConsultantFirmViewSet(viewsets.ReadOnlyModelViewSet):
    """Consultant firms (names only), for employer admins granting access."""

    queryset = ConsultantFirm.objects.all()
    serializer_class = ConsultantFirmSerializer
    permission_classes = [permissions.IsAuthenticated]
    search_fields = ["name"]
    ordering_fields = ["name"]
    ordering = ["name"]
    filterset_fields: list[str] = []
