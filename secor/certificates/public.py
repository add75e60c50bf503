"""Public verification of a certificate number and the opt-in "find a SECOR company" directory.

What a verification answers, and nothing else: valid / not valid, since when, the certifying partner. The
holder's name is shown only where the holder published it: in the partner's directory (opt-in), or through
the signed link printed on its own status letter (``?n=…&t=…``). A number that is not on record answers
"no certificate with this number" — the same page, the same shape. Numbers are matched exactly (case and
spaces ignored), never by prefix, and every address is rate-limited (``VERIFY_RATE_PER_MINUTE``,
``VERIFY_RATE_PER_DAY``), so the register cannot be listed by trying numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from provinces import certificates as rules
from secor.certificates.models import Certificate, CertificateEvent, DirectoryListing
from secor.employers.models import Enrolment

SALT = "secor.certificates.verify"


def normalise(number: str) -> str:
    return re.sub(r"\s+", "", number or "").upper()


def token_for(certificate: Certificate) -> str:
    return signing.Signer(salt=SALT).sign(str(certificate.pk)).split(":", 1)[1]


def verify_url(certificate: Certificate) -> str:
    """The absolute link printed on the status letter (and in its QR code)."""
    query = urlencode({"n": certificate.number, "t": token_for(certificate)})
    return f"{settings.SITE_URL}{reverse('certificates:verify')}?{query}"


@dataclass(frozen=True)
class Verification:
    number: str
    found: bool
    valid: bool = False
    since: date | None = None
    partner: str = ""
    holder: str = ""  # only when the holder published it (directory, or the letter's signed link)

    @property
    def headline(self) -> str:
        if not self.found:
            return "No certificate with this number is on record."
        return "Valid" if self.valid else "Not valid"


def verify(number: str, *, token: str = "", today: date | None = None) -> Verification:
    wanted = normalise(number)
    if not wanted:
        return Verification(number="", found=False)
    today = today or timezone.localdate()
    candidates = [
        c
        for c in Certificate.objects.filter(number__iexact=wanted).select_related(
            "partner", "enrolment__employer"
        )
        if normalise(c.number) == wanted
    ]
    if not candidates:
        return Verification(number=wanted, found=False)
    certificate = candidates[0]
    events = [
        rules.CertificateEvent(
            kind=rules.EventKind(e.kind),
            on=e.effective_on,
            number=certificate.number,
            issued_on=e.issued_on,
            expires_on=e.expires_on,
            sequence=e.pk,
        )
        for e in CertificateEvent.objects.filter(certificate=certificate).order_by("effective_on", "pk")
    ]
    status = rules.fold(events, today)
    since = status.issued_on if status.held else status.not_held_since
    if status.held:
        # valid since the latest issue, renewal or reinstatement
        since = max((e.on for e in status.events if e.kind in _STARTS), default=since)
        lost_on = engine_loss(certificate, today)
        if lost_on is not None:  # the partner's rule applies today; the daily job records it on its run
            return _verification(certificate, valid=False, since=lost_on, token=token)
    return _verification(certificate, valid=status.held, since=since, token=token)


def engine_loss(certificate: Certificate, today: date) -> date | None:
    """The day the certificate stopped being held under the partner's rule, as the stored status row (the
    rules engine's answer for ``today``, the one every page shows) says, when the ledger does not say so
    yet; None otherwise."""
    from secor.status.models import EmployerStatus

    row = (
        EmployerStatus.objects.filter(
            employer_id=certificate.enrolment.employer_id,
            enrolment_id=certificate.enrolment_id,
            as_of=today,
            certificate_number=certificate.number,
            certificate_state__in=("cancelled", "lapsed", "expired"),
        )
        .values_list("certificate", flat=True)
        .first()
    )
    since = (row or {}).get("not_held_since")
    return date.fromisoformat(since) if since else None


def _verification(certificate: Certificate, *, valid: bool, since: date | None, token: str) -> Verification:
    employer = certificate.enrolment.employer
    published = token and signing.Signer(salt=SALT).sign(str(certificate.pk)).split(":", 1)[1] == token
    listed = DirectoryListing.objects.filter(employer=employer, partner=certificate.partner).exists()
    return Verification(
        number=certificate.number,
        found=True,
        valid=valid,
        since=since,
        partner=certificate.partner.name,
        holder=employer.display_name if (published or listed) and employer.deleted_at is None else "",
    )


_STARTS = (rules.EventKind.ISSUED, rules.EventKind.RENEWED, rules.EventKind.REINSTATED)


def rate_limited(key: str) -> bool:
    """True when ``key`` (a client address) asked more than the limits allow; counts this request."""
    limits = (
        ("m", 60, int(getattr(settings, "VERIFY_RATE_PER_MINUTE", 10))),
        ("d", 86400, int(getattr(settings, "VERIFY_RATE_PER_DAY", 200))),
    )
    over = False
    for suffix, seconds, limit in limits:
        name = f"verify:{suffix}:{key}"
        cache.add(name, 0, timeout=seconds)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=seconds)
            count = 1
        over = over or count > limit
    return over


def directory(partner) -> list[dict]:
    """The employers that opted in and hold a certificate with ``partner`` today: name, city, since."""
    listed = DirectoryListing.objects.filter(partner=partner, employer__deleted_at__isnull=True).values_list(
        "employer_id", flat=True
    )
    rows = (
        Enrolment.objects.filter(
            partner=partner, employer_id__in=listed, status__in=Enrolment.HOLDS_CERTIFICATE
        )
        .select_related("employer")
        .order_by("employer__legal_name")
    )
    return [
        {
            "name": e.employer.display_name,
            "city": e.employer.city,
            "number": e.certificate_number,
            "since": e.issued_on,
        }
        for e in rows
    ]
