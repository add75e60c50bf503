"""Membership by invitation (docs/accounts.md, issue 12).

An employer admin invites an e-mail address; the address gets a link; whoever holds the link and an account
with that address (or creates one from the link) joins. Inviting answers the same for any address: it never
looks up users, so it tells nothing about who has an account. Site staff cannot join an employer.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secor.accounts.models import EmployerMembership, Invitation, User
from secor.core.exceptions import ApplicationError
from secor.employers.models import CertifyingPartner, Employer
from secor.reminders.emails import make_message


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invitation_url(secret: str) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("invitation", args=[secret])


def _replace_open(target: dict, **fields) -> tuple[Invitation, str]:
    """A new invitation for ``target`` (the employer or partner, and the address), withdrawing the open one
    (a resend), in one transaction. Returns it with its secret (only its hash is stored)."""
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(**target, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        invitation = Invitation.objects.create(
            **target,
            **fields,
            secret_hash=_hash(secret),
            created_at=now,
            expires_at=now + timedelta(days=Invitation.LIFETIME_DAYS),
        )
    return invitation, secret


def invitation_create(
    *,
    employer: Employer,
    email: str,
    role: str,
    invited_by: User | None,
    receives_reminders: bool = True,
) -> Invitation:
    """Invite ``email`` (callers check the inviter is an admin). An open invitation for the same address is
    withdrawn and replaced (a resend). Sends the e-mail with the link."""
    email = (email or "").strip().lower()
    if role not in EmployerMembership.Role.values:
        raise ApplicationError(f"Unknown role {role!r}.", {"role": "Choose admin or member."})
    # The admin sees the member list already, so saying "already a member" reveals nothing new.
    if EmployerMembership.objects.filter(employer=employer, user__email__iexact=email).exists():
        raise ApplicationError(f"{email} is already a member.", {"email": "Already a member."})
    invitation, secret = _replace_open(
        {"employer": employer, "email": email},
        role=role,
        receives_reminders=receives_reminders,
        invited_by=invited_by if getattr(invited_by, "is_authenticated", False) else None,
    )
    make_message(
        "invitation",
        email,
        {
            "employer": employer,
            "role": invitation.get_role_display().lower(),
            "inviter": invited_by.display_name if invited_by else "An administrator",
            "url": invitation_url(secret),
            "expires_at": invitation.expires_at,
        },
    ).send()
    return invitation


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if not invitation.is_open:
        raise ApplicationError("This invitation is no longer open.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_for_secret(secret: str) -> Invitation | None:
    """The invitation a link points at, open or not (``None`` for an unknown link)."""
    return (
        Invitation.objects.select_related("employer", "invited_by").filter(secret_hash=_hash(secret)).first()
    )


def refusal(invitation: Invitation | None, user: User | None) -> str | None:
    """Why ``user`` cannot accept (``None``: they can)."""
    if invitation is None or not invitation.is_open:
        return (
            "This invitation link is no longer valid: it was used, withdrawn or has expired. "
            "Ask for a new one."
        )
    if invitation.employer_id and invitation.employer.deleted_at is not None:
        return "This employer no longer exists here."
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return (
                "This invitation is for another e-mail address. Log out and log in with the invited address."
            )
        if user.is_staff:
            if invitation.partner_id:
                return "Site staff accounts cannot become a partner's reviewers."
            return "Site staff accounts cannot join an employer."
        if invitation.partner_id and user.reviewer_partner_id not in (None, invitation.partner_id):
            return "This account reviews for another certifying partner already."
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> EmployerMembership | None:
    """``user`` joins the employer with the invited role (or, for a partner's invitation, becomes one of its
    reviewers: then ``None``). All checks in :func:`refusal` apply."""
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("employer", "partner")
        .get(pk=invitation.pk)
    )
    reason = refusal(locked, user)
    if reason:
        raise ApplicationError(reason)
    if locked.partner_id:
        _reviewer_accept(locked, user)
        return None
    membership, _ = EmployerMembership.objects.get_or_create(
        employer=locked.employer,
        user=user,
        defaults={"role": locked.role, "receives_reminders": locked.receives_reminders},
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership


# --- reviewers of a certifying partner (secor/accounts/reviewers_api.py) ----------------------------------


def reviewer_invitation_create(*, partner: CertifyingPartner, email: str, invited_by: User) -> Invitation:
    """Invite ``email`` to review for ``partner`` (callers check the inviter manages the partner's reviewers).
    The same answer for any address; a resend replaces the open invitation. A current reviewer of the partner
    is a field error (the manager lists them anyway)."""
    email = (email or "").strip().lower()
    if User.objects.filter(reviewer_partner=partner, email__iexact=email).exists():
        raise ApplicationError(
            f"{email} reviews for {partner.name} already.", {"email": "Already a reviewer."}
        )
    invitation, secret = _replace_open({"partner": partner, "email": email}, invited_by=invited_by)
    make_message(
        "reviewer-invitation",
        email,
        {
            "partner": partner,
            "inviter": invited_by.display_name,
            "url": invitation_url(secret),
            "expires_at": invitation.expires_at,
        },
    ).send()
    return invitation


def _reviewer_accept(invitation: Invitation, user: User) -> Invitation:
    user.reviewer_partner_id = invitation.partner_id
    user.save(update_fields=["reviewer_partner"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


def reviewer_deactivate(*, reviewer: User, by: User) -> User:
    """``reviewer`` stops reviewing for their partner: the role goes (and with it every view of the partner's
    submissions, at once: tenancy reads the role on each request) and their API tokens end. The account
    itself stays, with any other role it has."""
    from secor.accounts.auth import end_tokens

    if reviewer.pk == by.pk:
        raise ApplicationError("You cannot deactivate yourself; ask another manager or the site staff.")
    reviewer.reviewer_partner = None
    reviewer.manages_reviewers = False
    reviewer.save(update_fields=["reviewer_partner", "manages_reviewers"])
    end_tokens(reviewer)
    return reviewer
