"""``POST /api/signup/``: an integrator creates an account, its employer and the enrolment, with the same
rules and the same answer as the sign-up page (docs/accounts.md, issue 12).

The answer is the same for every address (202, "check your e-mail"): a new address gets its account waiting
for the e-mailed confirmation link, an address that has an account already gets nothing created and its
owner an e-mail. The page's form (``secor.web.signup.SignupForm``) checks the fields, so the password rules,
the partner and the WCB account number's format are the page's; its errors come back per field. The link in
the e-mail confirms the address; then ``POST /api/auth/token/`` gives a token. Rate-limited like the page.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from secor.accounts import verification

SENT = (
    "Check your e-mail: we sent a link to confirm the address. If the address has an account already, its "
    "owner was told instead."
)


def partner_values() -> list[str]:
    """``"PROVINCE/CODE"`` of every certifying partner the rules engine knows (what the page lists)."""
    from provinces import registry

    return sorted(f"{p.code}/{code}" for p in registry.provinces() for code in p.partners)


class SignupSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254, help_text="You log in with this address.")
    password = serializers.CharField(
        min_length=8,
        max_length=128,
        write_only=True,
        style={"input_type": "password"},
        help_text="At least 8 characters; not only numbers; not a common password; not like your name.",
    )
    employer_name = serializers.CharField(max_length=200, help_text="The business's legal name.")
    partner = serializers.ChoiceField(
        choices=partner_values(), help_text='Province and certifying partner, e.g. "AB/ACSA".'
    )
    registered_on = serializers.DateField(
        required=False, allow_null=True, help_text="Registered with the partner on (default: today)."
    )
    wcb_account_number = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="The workers' compensation account."
    )


# The page's field names where they differ from the API's.
_FORM_FIELD = {"password1": "password", "password2": "password", "__all__": "non_field_errors"}


class SignupView(APIView):
    """Create an account (see the module notes)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []  # no session, no CSRF: nothing here depends on who is calling

    @extend_schema(
        request=SignupSerializer,
        responses={
            202: inline_serializer("SignupSent", {"detail": serializers.CharField()}),
            400: OpenApiResponse(description="Field errors; nothing was created and no e-mail sent."),
            429: OpenApiResponse(description="Too many sign-ups from this network; try again in an hour."),
        },
        auth=[],
    )
    def post(self, request):
        from secor.web.signup import SignupForm

        data = SignupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        form = SignupForm(
            {
                "full_name": v["full_name"],
                "email": v["email"],
                "password1": v["password"],
                "password2": v["password"],
                "employer_name": v["employer_name"],
                "partner": v["partner"],
                "registered_on": v.get("registered_on") or "",
                "has_wcb_account": bool(v.get("wcb_account_number")),
                "wcb_account_number": v.get("wcb_account_number", ""),
            }
        )
        if not form.is_valid():
            errors: dict[str, list[str]] = {}
            for name, messages in form.errors.items():
                errors.setdefault(_FORM_FIELD.get(name, name), []).extend(messages)
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        if verification.client_over_limit(request, "signup"):
            return Response(
                {"detail": "Too many sign-ups from your network. Try again in an hour."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        verification.signup_or_notify(request, form.cleaned_data, {}, remember=False)
        return Response({"detail": SENT}, status=status.HTTP_202_ACCEPTED)
