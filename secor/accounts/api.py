"""REST API for users: the token endpoint (e-mail and password), ``/api/me/`` and the consultant-firm
directory employer admins pick from when granting access.

URLs: ``POST /api/auth/token/``, ``GET /api/me/``, ``GET /api/consultant-firms/?search=``.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from secor.accounts.models import ConsultantFirm, User
from secor.accounts.serializers import ConsultantFirmSerializer, EmailAuthTokenSerializer, MeSerializer


class EmailObtainAuthToken(ObtainAuthToken):
    """``POST {"email", "password"}`` → ``{"token": "…"}``; send it as ``Authorization: Token …``."""

    serializer_class = EmailAuthTokenSerializer

    @extend_schema(request=EmailAuthTokenSerializer, responses={200: EmailAuthTokenSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


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
