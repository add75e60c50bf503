"""Tenancy: the one place that decides which rows a user may see and change.

Every page and every API endpoint fetches employer-owned data through :func:`scope` (lists) or
:func:`get_for_user` (one object). Nothing else filters by tenant.

Who sees what (read):
- site staff: everything;
- employer members (admin or member): their employers;
- consultants: employers that granted their firm access, while the grant is active;
- reviewers: employers *currently* enrolled or registered with their certifying partner (read only: an
  enrolment in an active status, or an active or pending membership); when the registration ends, so does
  the view of the employer and its people. Audits are the exception: a reviewer keeps reading the audits
  submitted to their partner (the partner's own review record: audit, revisions, notes, transitions), also
  after the registration ended. Models opt in with ``reviewer_keeps_after_registration = True``; the audit
  model still narrows them to submissions sent to the partner through ``tenancy_q``.

Who changes what (write): staff, employer members and consultants with an active grant. Reviewers never
change employer records. Admin-only employer operations (members, consultant access) use
:func:`is_employer_admin`.

A model takes part by declaring ``tenant_path``: the ORM path from the model to its ``Employer`` (``"pk"``
for the employer itself). A model whose visibility is narrower for some role defines a classmethod
``tenancy_q(user, *, write, employer_ids) -> Q``.

Another tenant's object is a 404 (it does not exist for you); an object you may read but not change is a
403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from secor.accounts.models import User


def visible_employer_ids(
    user: User, *, write: bool = False, past_registrations: bool = False
) -> QuerySet | None:
    """A ``values("pk")`` subquery of the employers the user may read (or write); ``None`` means all.

    ``past_registrations``: for reviewers, count registrations with their partner that have ended too
    (used for the audits submitted to the partner, see the module notes)."""
    from secor.employers.models import Employer

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Employer.objects.none().values("pk")
    if user.is_staff:
        return None
    q = _visibility_q(user, "pk", write=write, past_registrations=past_registrations)
    return Employer.objects.filter(q, deleted_at__isnull=True).values("pk")


class _Probe(Exists):
    """``EXISTS`` that PostgreSQL tests row by row with an index probe. ``OFFSET 0`` keeps the planner from
    rewriting it into a hashed subplan, which reads the whole subquery (every grant of a firm, every
    registration with a partner) before the first row: right when the rows walked are few, wrong when a
    list must walk most of the table to find its 50 rows (see :func:`scope`)."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def _visibility_q(user: User, field: str, *, write: bool, past_registrations: bool, probe: bool = False) -> Q:
    """Who sees which employer (see the module notes), as a condition on ``field``: an employer id.
    ``probe``: as correlated ``EXISTS`` tests instead of ``IN`` lists (same rows)."""
    from secor.accounts.models import ConsultantAccess, EmployerMembership
    from secor.employers.models import Enrolment, Membership

    def among(queryset: QuerySet) -> Q:
        if probe:
            return Q(_Probe(queryset.filter(employer_id=OuterRef(field))))
        return Q(**{f"{field}__in": queryset.values("employer_id")})

    q = among(EmployerMembership.objects.filter(user_id=user.pk))
    if user.consultant_firm_id:
        q |= among(ConsultantAccess.objects.filter(firm_id=user.consultant_firm_id, revoked_at__isnull=True))
    if user.reviewer_partner_id and not write:
        enrolments = Enrolment.objects.filter(partner_id=user.reviewer_partner_id)
        memberships = Membership.objects.filter(partner_id=user.reviewer_partner_id)
        if not past_registrations:
            enrolments = enrolments.filter(status__in=Enrolment.ACTIVE_STATUSES)
            memberships = memberships.filter(status__in=Membership.CURRENT_STATUSES)
        q |= among(enrolments)
        q |= among(memberships)
    return q


def scope(
    queryset: QuerySet,
    user: User,
    *,
    write: bool = False,
    include_deleted: bool = False,
    direct: bool = False,
    probe: bool = False,
) -> QuerySet:
    """Narrow ``queryset`` to the rows ``user`` may read (or, with ``write=True``, change).

    ``direct=True`` (a model with its own employer column, e.g. the stored statuses): the same rules as a
    condition on that column and a test that the employer is not deleted, instead of "the employer is one
    of the visible employers". Same rows; PostgreSQL can then walk a sort index and test each row, which
    the lists need (50 rows of 10,000: under a millisecond, against a hash of every visible employer).
    ``probe=True`` (with ``direct``) tests each row with index probes instead of hashing the user's whole
    set of grants or registrations first: for a list that sees most rows (a partner's reviewer with 10,000
    registrations: 2 ms against 14), never for one that sees few (100 ms against 12)."""
    model = queryset.model
    path = getattr(model, "tenant_path", None)
    if path is None:
        raise TypeError(f"{model.__name__} has no tenant_path; it cannot be scoped")
    if direct and path != "pk" and "__" not in path and getattr(model, "tenancy_q", None) is None:
        return _scope_direct(queryset, user, path, write=write, probe=probe)
    ids = visible_employer_ids(
        user, write=write, past_registrations=getattr(model, "reviewer_keeps_after_registration", False)
    )
    if ids is not None:
        lookup = "pk__in" if path == "pk" else f"{path}__in"
        queryset = queryset.filter(**{lookup: ids})
    narrower = getattr(model, "tenancy_q", None)
    if narrower is not None:
        extra = narrower(user, write=write, employer_ids=ids)
        if extra is not None:
            queryset = queryset.filter(extra)
    if not include_deleted:
        if hasattr(model, "deleted_at"):
            queryset = queryset.filter(deleted_at__isnull=True)
        if path != "pk":
            queryset = queryset.filter(**{f"{path}__deleted_at__isnull": True})
    return queryset


def _scope_direct(queryset: QuerySet, user: User, path: str, *, write: bool, probe: bool) -> QuerySet:
    from secor.employers.models import Employer

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    past = getattr(queryset.model, "reviewer_keeps_after_registration", False)
    if not user.is_staff:
        queryset = queryset.filter(
            _visibility_q(user, f"{path}_id", write=write, past_registrations=past, probe=probe)
        )
    return queryset.filter(
        Exists(Employer.objects.filter(pk=OuterRef(f"{path}_id"), deleted_at__isnull=True))
    )


def get_for_user(queryset_or_model: Any, user: User, *, write: bool = False, **lookup: Any) -> Model:
    """Fetch one object through the scope: 404 when the user cannot see it, 403 when they can see it but
    ``write`` is asked and they may not change it."""
    queryset = (
        queryset_or_model
        if isinstance(queryset_or_model, QuerySet)
        else queryset_or_model._default_manager.all()
    )
    scoped = scope(queryset, user)
    try:
        obj = scoped.get(**lookup)
    except (queryset.model.DoesNotExist, TypeError, ValueError, ValidationError) as exc:
        # A malformed id ("abc" for an integer pk) is a 404 like a missing one, as in DRF's get_object.
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from exc
    if write and not scope(queryset, user, write=True).filter(pk=obj.pk).exists():
        raise PermissionDenied("You can view this record but not change it.")
    return obj


def can_write_employer(user: User, employer_id: int) -> bool:
    from secor.employers.models import Employer

    known = getattr(user, "_tenancy_can_write", None)
    if known is not None and employer_id in known:  # answered with the current employer (this request)
        return bool(known[employer_id])
    return scope(Employer.objects.filter(pk=employer_id), user, write=True).exists()


def can_write_annotation(user: User) -> Exists:
    """For an employer queryset: whether ``user`` may change each employer, as an ``Exists`` annotation
    (the same scope as :func:`can_write_employer`, in the query that fetches the employer)."""
    from secor.employers.models import Employer

    return Exists(scope(Employer.objects.filter(pk=OuterRef("pk")), user, write=True))


def user_shape(user: Any) -> tuple[Any, ...]:
    """Everything :func:`scope` reads from a user: the key under which the SQL of a scoped query may be kept
    (:mod:`secor.core.prepared`). Two users with the same shape get the same SQL."""
    if not getattr(user, "is_authenticated", False):
        return ("anonymous",)
    return (user.pk, user.is_active, user.is_staff, user.consultant_firm_id, user.reviewer_partner_id)


def _employer_access_query(user: Any, employer_marker: int, *columns: str) -> QuerySet:
    from secor.employers.models import Employer

    return (
        scope(Employer.objects.filter(pk=employer_marker), user)
        .annotate(user_can_write=can_write_annotation(user))
        .values_list("pk", "user_can_write", *columns)
    )


def employer_access(user: Any, employer_id: int, *columns: str) -> tuple[Any, ...] | None:
    """One employer through the scope, in one query whose SQL is compiled once per user shape: ``None`` when
    the user may not see it, else ``(pk, can_write, *columns)`` (``columns`` are ORM paths read in the
    same query, e.g. the stored status's version). The database answers at every call."""
    from secor.core.prepared import PreparedQuery

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    query = _ACCESS.get(columns)
    if query is None:
        query = _ACCESS[columns] = PreparedQuery(
            lambda u, marker: _employer_access_query(u, marker, *columns), nargs=1
        )
    rows = query.rows(user_shape(user), [int(employer_id)], context=user)
    if not rows:
        return None
    remember_can_write(user, rows[0][0], rows[0][1])
    return rows[0]


_ACCESS: dict[tuple[str, ...], Any] = {}


def remember_can_write(user: User, employer_id: int, value: bool) -> None:
    """Keep an answer of :func:`can_write_annotation` on this request's user object, so the page and its
    navigation do not ask again. The user object lives for one request."""
    known = getattr(user, "_tenancy_can_write", None)
    if known is None:
        known = {}
        user._tenancy_can_write = known
    known[employer_id] = bool(value)


def is_employer_admin(user: User, employer_id: int) -> bool:
    """Employer admins (and site staff) manage members and consultant access."""
    from secor.accounts.models import EmployerMembership

    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return EmployerMembership.objects.filter(
        user_id=user.pk, employer_id=employer_id, role=EmployerMembership.Role.ADMIN
    ).exists()


def managed_partner_ids(user: User) -> list[int] | None:
    """The certifying partners whose reviewer accounts ``user`` manages (list, invite, deactivate): every
    partner for site staff (``None``), their own partner for a reviewer with ``manages_reviewers``, none for
    anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_staff:
        return None
    if user.reviewer_partner_id and user.manages_reviewers:
        return [user.reviewer_partner_id]
    return []


def scope_reviewers(queryset: QuerySet, user: User) -> QuerySet:
    """Users who review for a partner ``user`` manages (another partner's reviewer is a 404)."""
    ids = managed_partner_ids(user)
    queryset = queryset.filter(reviewer_partner__isnull=False)
    return queryset if ids is None else queryset.filter(reviewer_partner_id__in=ids)


def scope_reviewer_invitations(queryset: QuerySet, user: User) -> QuerySet:
    """Reviewer invitations of the partners ``user`` manages."""
    ids = managed_partner_ids(user)
    queryset = queryset.filter(partner__isnull=False)
    return queryset if ids is None else queryset.filter(partner_id__in=ids)
