"""Partner staff manage their partner's reviewer accounts through the API (issue 12): list the reviewers,
invite one by e-mail, withdraw an invitation, deactivate a reviewer.

Who: site staff (every partner) and a reviewer with ``manages_reviewers`` (their own partner only; set by
site staff in the admin). Rows come through ``secor.tenancy.scope_reviewers`` /
``scope_reviewer_invitations``: another partner's reviewer or invitation is a 404. Inviting answers the same
for every address (nothing about other users is revealed); the invitee accepts with the e-mailed link (page)
or ``POST /api/invitations/accept/``; site staff and another partner's reviewers cannot accept. A new
reviewer sets up a second factor at the first log-in (docs/accounts.md). Deactivating removes the reviewer
role and ends the person's API tokens; the account and its other roles stay.

URLs: ``/api/partner-reviewers/`` (GET), ``/api/partner-reviewers/{id}/`` (GET),
``/api/partner-reviewers/{id}/deactivate/`` (POST), ``/api/partner-reviewer-invitations/`` (GET, POST),
``/api/partner-reviewer-invitations/{id}/withdraw/`` (POST).
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from secor import tenancy
from secor.accounts.invitations import invitation_revoke, reviewer_deactivate, reviewer_invitation_create
from secor.accounts.models import Invitation, User
from secor.employers.filters import id_filter
from secor.employers.models import CertifyingPartner


class ManagesReviewers(permissions.BasePermission):
    message = "Only site staff and partner staff who manage reviewers can do this."

    def has_permission(self, request, view) -> bool:
        return tenancy.managed_partner_ids(request.user) != []


class ReviewerSerializer(serializers.ModelSerializer):
    partner = serializers.IntegerField(source="reviewer_partner_id", read_only=True)
    second_factor = serializers.BooleanField(read_only=True, help_text="Has set up an authenticator app.")

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "partner", "manages_reviewers", "second_factor", "last_login"]
        read_only_fields = fields


class ReviewerInvitationSerializer(serializers.ModelSerializer):
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True, default=None)
    state = serializers.CharField(read_only=True, help_text="open, accepted, withdrawn or expired")

    class Meta:
        model = Invitation
        fields = ["id", "email", "partner", "state", "invited_by", "created_at", "expires_at", "accepted_at"]
        read_only_fields = fields


class ReviewerInvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    partner = serializers.IntegerField(help_text="The certifying partner (partner staff: their own).")

    def validate(self, attrs):
        user = self.context["request"].user
        managed = tenancy.managed_partner_ids(user)
        wanted = attrs["partner"]
        if managed is not None and wanted not in managed:
            raise serializers.ValidationError(
                {"partner": ["You manage the reviewers of your own partner only."]}
            )
        partner = CertifyingPartner.objects.filter(pk=wanted).first()
        if partner is None:
            raise serializers.ValidationError({"partner": ["No certifying partner with this id."]})
        attrs["partner"] = partner
        return attrs


class ReviewerFilter(django_filters.FilterSet):
    partner = id_filter("reviewer_partner_id", "Certifying partner id.")

    class Meta:
        model = User
        fields = ["partner"]


class ReviewerInvitationFilter(django_filters.FilterSet):
    partner = id_filter("partner_id", "Certifying partner id.")

    class Meta:
        model = Invitation
        fields = ["partner"]


class PartnerReviewerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reviewers of the partners you manage."""

    permission_classes = [permissions.IsAuthenticated, ManagesReviewers]
    serializer_class = ReviewerSerializer
    queryset = User.objects.none()
    filterset_class = ReviewerFilter
    search_fields = ["email", "full_name"]
    ordering_fields = ["email", "full_name", "last_login"]

    def get_queryset(self):
        devices = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
        qs = User.objects.filter(is_active=True).annotate(second_factor=Exists(devices)).order_by("email")
        return tenancy.scope_reviewers(qs, self.request.user)

    @extend_schema(request=None, responses={200: ReviewerSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        reviewer = self.get_object()
        reviewer_deactivate(reviewer=reviewer, by=request.user)
        reviewer.second_factor = getattr(reviewer, "second_factor", False)
        return Response(ReviewerSerializer(reviewer).data)


class PartnerReviewerInvitationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Invitations to review for the partners you manage (newest first)."""

    permission_classes = [permissions.IsAuthenticated, ManagesReviewers]
    serializer_class = ReviewerInvitationSerializer
    queryset = Invitation.objects.none()
    filterset_class = ReviewerInvitationFilter
    ordering_fields = ["created_at", "email"]

    def get_queryset(self):
        qs = Invitation.objects.select_related("invited_by").order_by("-created_at", "-pk")
        return tenancy.scope_reviewer_invitations(qs, self.request.user)

    @extend_schema(request=ReviewerInvitationCreateSerializer, responses={201: ReviewerInvitationSerializer})
    def create(self, request, *args, **kwargs):
        data = ReviewerInvitationCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        invitation = reviewer_invitation_create(
            partner=data.validated_data["partner"],
            email=data.validated_data["email"],
            invited_by=request.user,
        )
        return Response(ReviewerInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ReviewerInvitationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        invitation = invitation_revoke(invitation=self.get_object())
        return Response(ReviewerInvitationSerializer(invitation).data)
