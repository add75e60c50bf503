"""The "current employer" of a browser session.

A user may work for several employers (a consultant's clients, an owner with two companies). The pages act on
one at a time: the one stored in the session under ``SESSION_KEY``, always re-checked through
:mod:`secor.tenancy` so a revoked grant or a deleted employer drops out at the next request.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from secor import tenancy
from secor.employers.models import Employer

SESSION_KEY = "current_employer_id"


def visible_employers(user) -> QuerySet[Employer]:
    return tenancy.scope(Employer.objects.all(), user)


def _with_status(queryset: QuerySet[Employer], user) -> QuerySet[Employer]:
    """Join the stored status (without its evaluation document) and whether the user may change the
    employer: the dashboard and the navigation read them from the current employer without another query."""
    return (
        queryset.select_related("stored_status__enrolment__partner")
        .defer("stored_status__evaluation", "stored_status__certificate")
        .annotate(user_can_write=tenancy.can_write_annotation(user))
    )


def current_employer(request: HttpRequest) -> Employer | None:
    """The employer the session works on, or the user's only employer; ``None`` when there is no choice yet.

    Cached on the request so a page and its navigation ask the database once."""
    if hasattr(request, "_current_employer"):
        return request._current_employer
    employer = None
    user = request.user
    if user.is_authenticated:
        chosen = request.session.get(SESSION_KEY)
        if chosen is not None:
            employer = _with_status(visible_employers(user), user).filter(pk=chosen).first()
            if employer is None:
                request.session.pop(SESSION_KEY, None)
        if employer is None and not (user.is_staff or user.is_consultant or user.is_reviewer):
            # An employer member with exactly one employer needs no switch (consultants and reviewers
            # choose explicitly, from their list).
            from secor.accounts.models import EmployerMembership

            mine = EmployerMembership.objects.filter(user_id=user.pk).values("employer_id")
            own = _with_status(visible_employers(user), user).filter(pk__in=mine)[:2]
            if len(own) == 1:
                employer = own[0]
    if employer is not None:
        tenancy.remember_can_write(user, employer.pk, employer.user_can_write)
    request._current_employer = employer
    return employer


def set_current_employer(request: HttpRequest, employer: Employer) -> None:
    request.session[SESSION_KEY] = employer.pk
    request._current_employer = employer
