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


# What :func:`employer_evaluation` reads of the employer and its joined stored status for today. Selecting
# only these columns (not the status row's ~60) makes the evaluation API's one query about a third cheaper
# to build and read. A recompute needs only the employer's pk; another day reads the whole employer.
STORED_EVALUATION_FIELDS = (
    "id",
    "legal_name",  # str(employer), in the "not enrolled" answer
    "operating_name",
    "stored_status__employer",
    "stored_status__enrolment",
    "stored_status__evaluation",
    "stored_status__error",
    "stored_status__as_of",  # these four: EmployerStatus.is_current
    "stored_status__valid_until",
    "stored_status__rules_version",
    "stored_status__dirty_since",
)


def employer_evaluation_get_for(*, user: User, pk: Any, as_of: date | None = None) -> Employer:
    """The employer for :func:`employer_evaluation` on ``as_of`` (through the tenancy gate: 404 when not
    visible), with its stored status joined; for today only the columns that answer from the stored row."""
    from django.utils import timezone

    queryset = Employer.objects.select_related("stored_status")
    if as_of is None or as_of == timezone.localdate():
        queryset = queryset.only(*STORED_EVALUATION_FIELDS)
    return tenancy.get_for_user(queryset, user, pk=pk)


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
    from secor.status.services import ensure_current

    def not_enrolled() -> ApplicationError:
        return ApplicationError(
            f"{employer} is not enrolled with a certifying partner yet; add an enrolment to evaluate it.",
            {"enrolment": "No enrolment."},
        )

    today = timezone.localdate()
    if as_of is None or as_of == today:
        from secor.status.models import EmployerStatus

        try:
            row = employer.stored_status  # joined by the caller when it could be (no query)
        except EmployerStatus.DoesNotExist:
            row = None
        if row is None or not row.is_current(today) or row.as_of != today:
            row = ensure_current(employer, today=today)
        if row is None or row.enrolment_id is None:
            raise not_enrolled()
        if row.evaluation is None:
            raise ApplicationError(row.error or "These records could not be evaluated.")
        return row.evaluation
    enrolment = current_enrolment(employer)
    if enrolment is None:
        raise not_enrolled()
    try:
        return jsonable(evaluate_employer(employer, as_of=as_of, enrolment=enrolment))
    except ScenarioError as exc:
        # Records the engine cannot evaluate (e.g. a partner the engine no longer knows): say what is wrong.
        raise ApplicationError(str(exc)) from exc
