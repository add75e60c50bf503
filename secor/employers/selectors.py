"""Reads of employer records, always through :mod:`secor.tenancy`.

The API viewsets, pages and other areas use these instead of ``Model.objects`` so that no query forgets the
tenant. Querysets come with the joins their list views need (no query per row).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from secor import tenancy
from secor.core.exceptions import ApplicationError
from secor.employers.models import (
    Employer,
    Enrolment,
    HeadcountSnapshot,
    Membership,
    OperatingProvince,
    PayrollYear,
    Person,
    WCBAccount,
)

if TYPE_CHECKING:
    from secor.accounts.models import User


def employer_list_for(*, user: User, write: bool = False) -> QuerySet[Employer]:
    return tenancy.scope(Employer.objects.prefetch_related("operating_provinces"), user, write=write)


def employer_get_for(*, user: User, pk: Any, write: bool = False) -> Employer:
    """One employer: 404 when not visible, 403 when visible but ``write`` is asked and not allowed."""
    return tenancy.get_for_user(Employer, user, write=write, pk=pk)


def operating_province_list_for(*, user: User) -> QuerySet[OperatingProvince]:
    return tenancy.scope(OperatingProvince.objects.select_related("employer"), user)


def wcb_account_list_for(*, user: User) -> QuerySet[WCBAccount]:
    return tenancy.scope(WCBAccount.objects.select_related("employer"), user)


def membership_list_for(*, user: User) -> QuerySet[Membership]:
    return tenancy.scope(Membership.objects.select_related("employer", "partner"), user)


def enrolment_list_for(*, user: User) -> QuerySet[Enrolment]:
    return tenancy.scope(Enrolment.objects.select_related("employer", "partner"), user)


def person_list_for(*, user: User, employer: Employer | None = None) -> QuerySet[Person]:
    queryset = Person.objects.select_related("employer", "wcb_account")
    if employer is not None:
        queryset = queryset.filter(employer=employer)
    return tenancy.scope(queryset, user)


def headcount_snapshot_list_for(*, user: User) -> QuerySet[HeadcountSnapshot]:
    return tenancy.scope(HeadcountSnapshot.objects.select_related("employer"), user)


def payroll_year_list_for(*, user: User) -> QuerySet[PayrollYear]:
    return tenancy.scope(PayrollYear.objects.select_related("employer"), user)


# What the evaluation API reads for today, in the tenancy gate's own query (after the employer's pk and the
# user's write right): the employer's name and its stored row's answer.
STORED_EVALUATION_COLUMNS = (
    "legal_name",  # str(employer), in the "not enrolled" answer
    "operating_name",
    "stored_status__as_of",  # None: the employer has no row yet
    "stored_status__valid_until",
    "stored_status__rules_version",
    "stored_status__dirty_since",
    "stored_status__enrolment",
    "stored_status__evaluation",
    "stored_status__error",
)


def stored_evaluation_for(*, user: User, pk: Any) -> dict[str, Any]:
    """Today's evaluation of employer ``pk`` for ``user`` (:func:`employer_evaluation` for today): the
    employer and its stored row read in the tenancy gate's query itself (:func:`tenancy.employer_access`,
    one query whose SQL is compiled once per user shape; the database is asked who may see what at every
    call). ``Http404`` when the user may not see it, as :func:`tenancy.get_for_user` (a malformed or
    out-of-range id too)."""
    from django.db import connection
    from django.http import Http404
    from django.utils import timezone

    from secor.status.models import EmployerStatus

    missing = Http404("No employer matches the given query.")
    try:
        employer_id = int(pk)
    except (TypeError, ValueError):
        raise missing from None
    _lowest, highest = connection.ops.integer_field_range(Employer._meta.pk.get_internal_type())
    if not 0 < employer_id <= highest:
        raise missing
    found = tenancy.employer_access(user, employer_id, *STORED_EVALUATION_COLUMNS)
    if found is None:
        raise missing
    employer_pk, _can_write, legal_name, operating_name, *stored = found
    employer = Employer(pk=employer_pk, legal_name=legal_name, operating_name=operating_name)
    fields = dict(
        zip((c.removeprefix("stored_status__") for c in STORED_EVALUATION_COLUMNS[2:]), stored, strict=True)
    )
    fields["enrolment_id"] = fields.pop("enrolment")
    row = EmployerStatus(employer_id=employer_pk, **fields) if fields["as_of"] is not None else None
    return _stored_answer(employer, row, timezone.localdate())


def _not_enrolled(employer: Employer) -> ApplicationError:
    return ApplicationError(
        f"{employer} is not enrolled with a certifying partner yet; add an enrolment to evaluate it.",
        {"enrolment": "No enrolment."},
    )


def _stored_answer(employer: Employer, row: Any, today: date) -> dict[str, Any]:
    """The stored row's evaluation for ``today``, the row brought up to date first if it does not answer for
    today exactly (a recompute needs only the employer's pk)."""
    from secor.status.services import ensure_current

    if row is None or not row.is_current(today) or row.as_of != today:
        row = ensure_current(employer, today=today)
    if row is None or row.enrolment_id is None:
        raise _not_enrolled(employer)
    if row.evaluation is None:
        raise ApplicationError(row.error or "These records could not be evaluated.")
    return row.evaluation


def employer_evaluation(*, employer: Employer, as_of: date | None = None) -> dict[str, Any]:
    """The rules engine's evaluation of ``employer`` on ``as_of`` as JSON-ready data.

    For today (the default) it is the stored status's evaluation (:mod:`secor.status`), brought up to date
    first if a record changed or the day moved; another day is evaluated on the spot (a question about
    the past or the future is not stored). An employer with no enrolment has no partner to be evaluated
    against: an :class:`ApplicationError`."""
    from django.utils import timezone

    from provinces.base import ScenarioError
    from secor.employers.evaluation import current_enrolment, evaluate_employer
    from secor.status.compute import jsonable

    today = timezone.localdate()
    if as_of is None or as_of == today:
        from secor.status.models import EmployerStatus

        try:
            row = employer.stored_status  # joined by the caller when it could be (no query)
        except EmployerStatus.DoesNotExist:
            row = None
        return _stored_answer(employer, row, today)
    enrolment = current_enrolment(employer)
    if enrolment is None:
        raise _not_enrolled(employer)
    try:
        return jsonable(evaluate_employer(employer, as_of=as_of, enrolment=enrolment))
    except ScenarioError as exc:
        # Records the engine cannot evaluate (e.g. a partner the engine no longer knows): say what is wrong.
        raise ApplicationError(str(exc)) from exc
