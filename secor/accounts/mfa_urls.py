from django.urls import path

from secor.accounts import mfa_views

urlpatterns = [
    path("", mfa_views.security, name="mfa-security"),
    path("setup/", mfa_views.setup, name="mfa-setup"),
    path("verify/", mfa_views.verify, name="mfa-verify"),
    path("recovery-codes/", mfa_views.recovery_codes, name="mfa-recovery-codes"),
    path("turn-off/", mfa_views.turn_off, name="mfa-turn-off"),
]
