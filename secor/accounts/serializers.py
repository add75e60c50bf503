"""API serializers for users, roles, consultant access and employer members."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from secor.accounts.models import ConsultantAccess, ConsultantFirm, EmployerMembership, Invitation, User


class ConsultantFirmSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultantFirm
        fields = ["id", "name"]
        read_only_fields = fields


class ConsultantAccessSerializer(serializers.ModelSerializer):
    """One grant: who granted it and when; who revoked it and when (null while active)."""

    firm = ConsultantFirmSerializer(read_only=True)
    granted_by = serializers.EmailField(
        source="granted_by.email", read_only=True, allow_null=True, default=None
    )
    revoked_by = serializers.EmailField(
        source="revoked_by.email", read_only=True, allow_null=True, default=None
    )
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ConsultantAccess
        fields = [
            "id",
            "employer",
            "firm",
            "is_active",
            "granted_at",
            "granted_by",
            "revoked_at",
            "revoked_by",
        ]
        read_only_fields = fields


class ConsultantGrantSerializer(serializers.Serializer):
    firm = serializers.PrimaryKeyRelatedField(queryset=ConsultantFirm.objects.all())


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = EmployerMembership
        fields = ["id", "email", "full_name", "role", "receives_reminders", "created_at"]
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(
        choices=EmployerMembership.Role.choices, default=EmployerMembership.Role.MEMBER
    )
    receives_reminders = serializers.BooleanField(default=True)


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as its employer's admins see it: the invited address, never who (if anyone) has it."""

    state = serializers.ChoiceField(choices=["open", "accepted", "withdrawn", "expired"], read_only=True)
    invited_by = serializers.EmailField(
        source="invited_by.email", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "receives_reminders",
            "state",
            "invited_by",
            "created_at",
            "expires_at",
        ]
        read_only_fields = fields


class InvitationAcceptSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="The secret part of the invitation link: /invitations/<secret>/")


class MemberUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=EmployerMembership.Role.choices, required=False)
    receives_reminders = serializers.BooleanField(required=False)


class EmailAuthTokenSerializer(serializers.Serializer):
    """DRF's ``AuthTokenSerializer`` with an ``email`` field (users log in with e-mail)."""

    email = serializers.EmailField(write_only=True)
    password = serializers.CharField(write_only=True, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="The code from the authenticator app (or a recovery code): required for staff, reviewers "
        "and everyone who turned on a second factor.",
    )
    token = serializers.CharField(read_only=True)
    expiry = serializers.DateTimeField(read_only=True)

    def validate(self, attrs):
        user = authenticate(
            self.context.get("request"), username=attrs["email"].lower(), password=attrs["password"]
        )
        if user is None:
            raise serializers.ValidationError(
                "Unable to log in with the provided e-mail and password.", code="authorization"
            )
        from secor.accounts import mfa

        if user.email_verified_at is None:
            raise serializers.ValidationError(
                "Confirm your e-mail address first: open the link we sent you when you signed up.",
                code="authorization",
            )
        if mfa.mfa_required(user) or mfa.has_device(user):
            if not mfa.has_device(user):
                raise serializers.ValidationError(
                    {"otp": "Set up a second factor on the site first (Log-in and security)."}
                )
            if mfa.verify_code(user, attrs.get("otp") or "") is None:
                raise serializers.ValidationError(
                    {"otp": "Enter the current code from your authenticator app, or a recovery code."}
                )
        attrs["user"] = user
        return attrs


class EmployerRoleSerializer(serializers.Serializer):
    employer = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField(help_text="admin, member or consultant")


class MeSerializer(serializers.ModelSerializer):
    """The logged-in user and every role they hold."""

    consultant_firm = ConsultantFirmSerializer(read_only=True, allow_null=True)
    reviewer_partner = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    employers = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "is_staff",
            "roles",
            "employers",
            "consultant_firm",
            "reviewer_partner",
        ]
        read_only_fields = fields

    def get_reviewer_partner(self, user: User) -> dict | None:
        partner = user.reviewer_partner
        if partner is None:
            return None
        return {"id": partner.pk, "province": partner.province, "code": partner.code, "name": partner.name}

    def get_roles(self, user: User) -> list[str]:
        from secor.accounts.selectors import user_roles

        return user_roles(user=user)

    @extend_schema_field(EmployerRoleSerializer(many=True))
    def get_employers(self, user: User) -> list[dict]:
        from secor.accounts.selectors import user_employers

        return user_employers(user=user)
