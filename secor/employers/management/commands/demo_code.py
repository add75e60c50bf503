"""``python manage.py demo_code EMAIL``: the current authenticator-app code of a *demo* user (one whose device
holds the documented demo key, see ``secor/employers/demo.py``), for trying the product without a phone.
Refuses any other user."""

from __future__ import annotations

from base64 import b32decode

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from secor.employers.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo staff member or reviewer."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        key = b32decode(DEMO_TOTP_KEY).hex()
        device = TOTPDevice.objects.filter(user__email__iexact=email.strip(), key=key, confirmed=True).first()
        if device is None:
            raise CommandError(
                f"{email} has no demo authenticator key (only seed_demo's staff and reviewers do)."
            )
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
