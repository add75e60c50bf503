"""The "current employer" of a browser session.

A user may work for several employers (a consultant's clients, an owner with two companies). The pages act on
one at a time: the one stored in the session under ``SESSION_KEY``, always re-checked through
:mod:`secor.tenancy` so a revoked grant or a deleted employer drops out at the next request.
"""

from __future__ import annotations

import functools
import hashlib

import django
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest

from secor import tenancy
from secor.employers.models import Employer

SESSION_KEY = "current_employer_id"


CACHE_SECONDS = 3600  # bounds what no status recompute reports (a partner's name edited in the admin)


def visible_employers(user) -> QuerySet[Employer]:
    return tenancy.scope(Employer.objects.all(), user)


@functools.cache
def _shape_version() -> str:
    """Changes when the cached objects' fields change (a deploy with a migration): old copies are not read."""
    from secor.employers.models import CertifyingPartner, Enrolment
    from secor.status.models import EmployerStatus

    models = (Employer, EmployerStatus, Enrolment, CertifyingPartner)
    names = [f.attname for model in models for f in model._meta.fields]
    return hashlib.sha256(repr((django.VERSION, names)).encode()).hexdigest()[:10]


def _load(employer_id: int) -> Employer | None:
    """The employer with its stored status (without the evaluation document), enrolment and partner."""
    return (
        Employer.objects.select_related("stored_status__enrolment__partner")
        .defer("stored_status__evaluation", "stored_status__certificate")
        .filter(pk=employer_id)
        .first()
    )


def employer_for(user, employer_id: int) -> Employer | None:
    """The employer ``employer_id`` if ``user`` may see it (``None`` otherwise), with its stored status and
    ``user_can_write``.

    Who may see it is asked of the database at every call (:func:`secor.tenancy.employer_access`, one
    query, which also reads the status row's version). The employer, its status, enrolment and partner are
    kept in the cache under that version: every change of the employer's records recomputes the row and
    so gives a new version; a row waiting for its recompute is not cached at all."""
    access = tenancy.employer_access(
        user, employer_id, "stored_status__version", "stored_status__dirty_since"
    )
    if access is None:
        return None
    pk, can_write, version, dirty_since = access
    key = f"current-employer:{_shape_version()}:{pk}:{version}" if version and dirty_since is None else None
    employer = cache.get(key) if key else None
    if employer is None:
        employer = _load(pk)
        if employer is None:
            return None
        if key:
            cache.set(key, employer, CACHE_SECONDS)
    employer.user_can_write = can_write
    return employer


def current_employer(request: HttpRequest) -> Employer | None:
    """The employer the session works on, or the user's only employer (then kept in the session); ``None``
    when there is no choice yet.

    Cached on the request so a page and its navigation ask the database once."""
    if hasattr(request, "_current_employer"):
        return request._current_employer
    employer = None
    user = request.user
    if user.is_authenticated:
        chosen = request.session.get(SESSION_KEY)
        if chosen is not None:
            employer = employer_for(user, chosen)
            if employer is None:
                request.session.pop(SESSION_KEY, None)
        if employer is None and not (user.is_staff or user.is_consultant or user.is_reviewer):
            # An employer member with exactly one employer needs no switch (consultants and reviewers
            # choose explicitly, from their list).
            from secor.accounts.models import EmployerMembership

            own = list(
                EmployerMembership.objects.filter(user_id=user.pk, employer__deleted_at__isnull=True)
                .values_list("employer_id", flat=True)
                .distinct()[:2]
            )
            if len(own) == 1:
                employer = employer_for(user, own[0])
                if employer is not None:
                    request.session[SESSION_KEY] = employer.pk
    request._current_employer = employer
    return employer


def set_current_employer(request: HttpRequest, employer: Employer) -> None:
    request.session[SESSION_KEY] = employer.pk
    request._current_employer = employer
