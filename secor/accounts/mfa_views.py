"""Second-factor pages under ``/accounts/mfa/`` (docs/accounts.md): set up an authenticator app, enter a
code after the password, and the "Log-in and security" page (recovery codes, turning it off where allowed).
"""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from secor.accounts import mfa
from secor.core.redirects import safe_next


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SetupCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6-digit code the app shows for SECOR Tracker."


def _next(request: HttpRequest) -> str:
    return safe_next(request, "/")


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code step after the password."""
    if not mfa.has_device(request.user):
        return redirect("mfa-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa.verify_code(request.user, form.cleaned_data["code"])
        if device is not None:
            mfa.mark_verified(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request, f"You used a recovery code; {left} left. Make new ones on this page."
                )
                return redirect("mfa-security")
            return redirect(_next(request))
        form.add_error("code", "That code is not right, or it has expired. Enter the code shown now.")
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next(request)})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the key), then enter a code to confirm."""
    user = request.user
    if mfa.has_device(user) and not mfa.is_verified(request):
        return redirect("mfa-verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=mfa.APP_DEVICE_NAME, confirmed=False)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one app at a time
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = mfa.new_recovery_codes(user)
            mfa.mark_verified(request, device)
            return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error(
            "code", "That code is not right. Check the app shows the SECOR Tracker entry, then try again."
        )
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1b1b1b")
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr": qr,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": mfa.mfa_required(user),
            "next": _next(request),
        },
    )


@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    recovery = StaticDevice.objects.filter(user=user, name=mfa.RECOVERY_DEVICE_NAME).first()
    return render(
        request,
        "accounts/mfa_security.html",
        {
            "has_device": mfa.has_device(user),
            "required": mfa.mfa_required(user),
            "recovery_left": recovery.token_set.count() if recovery else 0,
        },
    )


@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if not (mfa.has_device(request.user) and mfa.is_verified(request)):
        return redirect("mfa-security")
    codes = mfa.new_recovery_codes(request.user)
    return render(request, "accounts/mfa_codes.html", {"codes": codes, "next": "/accounts/mfa/"})


@require_POST
@login_required
def turn_off(request: HttpRequest) -> HttpResponse:
    user = request.user
    if mfa.mfa_required(user):
        messages.error(
            request, "Your role needs a second factor; you can replace the app but not turn it off."
        )
        return redirect("mfa-security")
    if mfa.has_device(user) and not mfa.is_verified(request):
        return redirect("mfa-verify")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    messages.success(request, "Second factor turned off: log-in asks only for your password.")
    return redirect("mfa-security")
