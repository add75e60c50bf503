"""Reads about users: the roles a user holds and the employers they act for."""

from __future__ import annotations

from secor.accounts.models import ConsultantAccess, EmployerMembership, User


def user_roles(*, user: User) -> list[str]:
    """Role names: ``staff``, ``employer_admin``, ``employer_member``, ``consultant``, ``reviewer``."""
    roles: list[str] = []
    if user.is_staff:
        roles.append("staff")
    held = set(
        EmployerMembership.objects.filter(user=user, employer__deleted_at__isnull=True).values_list(
            "role", flat=True
        )
    )
    if EmployerMembership.Role.ADMIN in held:
        roles.append("employer_admin")
    if EmployerMembership.Role.MEMBER in held:
        roles.append("employer_member")
    if user.consultant_firm_id:
        roles.append("consultant")
    if user.reviewer_partner_id:
        roles.append("reviewer")
    return roles


def user_employers(*, user: User) -> list[dict]:
    """The employers the user acts for: as a member (admin/member) or, for consultants, through an active
    grant to their firm. Reviewers' and staff's wider read access is not listed here."""
    rows: dict[int, dict] = {}
    for m in EmployerMembership.objects.filter(user=user, employer__deleted_at__isnull=True).select_related(
        "employer"
    ):
        rows[m.employer_id] = {"employer": m.employer_id, "name": m.employer.display_name, "role": m.role}
    if user.consultant_firm_id:
        grants = ConsultantAccess.objects.filter(
            firm_id=user.consultant_firm_id, revoked_at__isnull=True, employer__deleted_at__isnull=True
        ).select_related("employer")
        for g in grants:
            rows.setdefault(
                g.employer_id,
                {"employer": g.employer_id, "name": g.employer.display_name, "role": "consultant"},
            )
    return sorted(rows.values(), key=lambda r: r["name"].lower())
