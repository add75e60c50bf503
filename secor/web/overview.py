"""What the employer dashboard (and the readiness report PDF) show: read once from the stored status.

The rules engine's answer comes from the employer's stored status row (:mod:`secor.status`), not from a new
evaluation; the records the page draws (people, training, headcounts, audits, notices) are each fetched once,
and audit answers and notes are counted in SQL. ``tests/web/test_dashboard.py`` pins the query count.

The pieces live by idea: :mod:`secor.web.matrix` (who is trained), :mod:`secor.web.chart` (headcount against
the limit), :mod:`secor.web.cards` (deadlines, certificate, limit note), :mod:`secor.web.activity` (audits,
the audit's next step, notices), :mod:`secor.web.timeline`. This module puts them together.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.utils import timezone

from provinces import base as rules
from secor.employers.models import Employer
from secor.status.compute import (  # noqa: F401 - re-exported: the dashboard's helpers live with the status
    DEADLINE_SOON_DAYS,
    EARLIEST_KINDS,
    hydrate_evaluation,
    is_overdue,
    next_open_deadline,
    trained_person_risk,
)
from secor.web.activity import (  # noqa: F401 - re-exported
    _employer_audits,
    audit_step,
    audits_block,
    audits_for,
    notifications_for,
)
from secor.web.cards import (  # noqa: F401 - re-exported
    _with_pages,
    certificate_status,
    label_partner,
    limit_note,
    split_deadlines,
)
from secor.web.chart import headcount_chart, headcount_series
from secor.web.matrix import (  # noqa: F401 - re-exported
    EXPIRING_DAYS,
    MatrixCell,
    TrainingMatrix,
    cell_for,
    training_matrix,
)
from secor.web.timeline import timeline_context


def employer_overview(
    employer: Employer, *, as_of: date | None = None, user=None, audits: list[Any] | None = None
) -> dict[str, Any]:
    """Everything the dashboard shows. ``evaluation`` is None when the employer has no enrolment yet.

    Reads: the stored status (with its enrolment and partner), the people, their training, the headcount
    snapshots, the course names, the audits (counts in SQL) and, with ``user``, the latest notices: each once.
    The stored status is brought up to date first when it does not answer for ``as_of`` (once a day, or
    after a change of records)."""
    from secor.status.models import EmployerStatus
    from secor.status.services import ensure_current

    as_of = as_of or timezone.localdate()
    status = (
        EmployerStatus.objects.select_related("enrolment__partner").filter(employer_id=employer.pk).first()
    )
    if status is None or not status.is_current(as_of) or status.as_of != as_of:
        ensure_current(employer, today=as_of)
        status = EmployerStatus.objects.select_related("enrolment__partner").get(employer_id=employer.pk)
    enrolment = status.enrolment
    if audits is None:  # the dashboard passes the list it already read
        audits = _employer_audits(employer, user)
    context: dict[str, Any] = {
        "employer": employer,
        "as_of": as_of,
        "status": status,
        "enrolment": enrolment,
        "certificate": certificate_status(enrolment, as_of, status.certificate),
        "evaluation": None,
        "audits": audits[:5],
        "notifications": notifications_for(user, employer) if user is not None else [],
    }
    if enrolment is None or not status.evaluation:
        return context
    evaluation = hydrate_evaluation(status.evaluation)
    eligibility = evaluation.eligibility
    from training.models import Course, TrainingRecord

    people = list(employer.people.filter(deleted_at__isnull=True))
    reqs = evaluation.training.requirements
    codes = sorted({code for req in reqs for code in req.courses})
    records = list(
        TrainingRecord.objects.filter(
            person__employer=employer,
            person__deleted_at__isnull=True,
            deleted_at__isnull=True,
            course__code__in=codes,
            course__partner_id=enrolment.partner_id,
        ).select_related("course")
    )
    names = (
        dict(
            Course.objects.filter(partner_id=enrolment.partner_id, code__in=codes).values_list("code", "name")
        )
        if codes
        else {}
    )
    series = headcount_series(
        employer, enrolment, as_of, people=people, snapshot_rows=list(employer.headcount_snapshots.all())
    )
    deadlines = _with_pages(employer, split_deadlines(evaluation.deadlines, as_of))
    next_deadline = next_open_deadline(evaluation, as_of)
    context.update(
        {
            "evaluation": evaluation,
            "eligibility": eligibility,
            "chart": headcount_chart(series, eligibility.limit),
            "limit_note": limit_note(eligibility, enrolment, as_of),
            "deadlines": deadlines,
            "next_deadline": next_deadline,
            # The next deadline's own page (its reminder schedule), like every row of the list.
            "next_deadline_page": next(
                (
                    r.get("page")
                    for rows in deadlines.values()
                    for r in rows
                    if r["deadline"] is next_deadline
                ),
                None,
            ),
            "matrix": training_matrix(
                employer, evaluation, enrolment, as_of, people=people, records=records, names=names
            ),
            "risk": status.risk,
            "current_step": next((s for s in evaluation.path if s.state != rules.StepState.DONE), None),
            "audit_step": audit_step(audits, as_of),
            "soon_days": DEADLINE_SOON_DAYS,
            "timeline": timeline_context(
                enrolment=enrolment, evaluation=evaluation, as_of=as_of, records=records, audits=audits
            ),
        }
    )
    return context


# ----------------------------------------------------------------------------------------------------------
# The dashboard page: the cards drawn from the stored status are rendered once per status version
# ----------------------------------------------------------------------------------------------------------

CARDS_CACHE_SECONDS = 24 * 3600


def stored_status_for(employer: Employer, as_of: date) -> Any:
    """The employer's status row (with its enrolment and partner, without the evaluation document), brought
    up to date first when it does not answer for ``as_of`` exactly. Uses the row joined onto the employer by
    :func:`secor.web.current.current_employer` when it is there (no query)."""
    from secor.status.models import EmployerStatus
    from secor.status.services import ensure_current

    try:
        status = employer.stored_status
    except EmployerStatus.DoesNotExist:
        status = None
    if status is None or not status.is_current(as_of) or status.as_of != as_of:
        ensure_current(employer, today=as_of)
        status = (
            EmployerStatus.objects.select_related("enrolment__partner")
            .defer("evaluation", "certificate")
            .filter(employer_id=employer.pk)
            .first()
        )
    return status


PAGE_SECONDS = 3600


def dashboard_page(request, employer: Employer, *, can_write: bool):
    """The whole dashboard, kept in the cache under everything it shows: the viewer (who, name, role, write
    right), the employer's status version (any change of its records recomputes the row), the day, the
    audits generation (any audit record saved or deleted), the viewer's latest notices (which, read or not)
    and unread count, and the template version. Who may see the employer was checked at this request
    (:func:`secor.web.current.current_employer`); the notices are read at every request (they are part of
    the key). Not kept: a page with messages to show, or a status row waiting for its recompute."""
    from django.contrib.messages import get_messages
    from django.core.cache import cache
    from django.http import HttpResponse
    from django.shortcuts import render

    from secor.status.compute import rules_version
    from secor.web.activity import audits_generation
    from secor.web.fragments import CSRF_PLACEHOLDER, render_version, with_csrf_token

    as_of = timezone.localdate()
    user = request.user
    status = stored_status_for(employer, as_of)
    notices = notifications_for(user, employer)
    # The navigation's unread count (every employer's notices): with the notices, or on its own.
    from secor.web.templatetags.web import unread_count

    unread = (notices[0].unread_total or 0) if notices else unread_count(user)
    request._unread_notifications = unread
    key = None
    if status is not None and status.dirty_since is None and not len(get_messages(request)):
        shown = (
            render_version(),
            rules_version(),
            request.path,
            as_of,
            (user.pk, user.display_name, user.is_staff, user.consultant_firm_id, user.reviewer_partner_id),
            (employer.pk, str(status.version), can_write),
            audits_generation(employer.pk),
            [(n.pk, n.read_at is None) for n in notices],
            unread,
        )
        key = "dashboard-page:" + hashlib.sha256(repr(shown).encode()).hexdigest()
        html = cache.get(key)
        if html is not None:
            return HttpResponse(with_csrf_token(request, html))
    context = dashboard_context(request, employer, can_write=can_write, status=status, notices=notices)
    context["csrf_token"] = CSRF_PLACEHOLDER
    response = render(request, "dashboard/dashboard.html", context)
    html = response.content.decode()
    if key:
        cache.set(key, html, PAGE_SECONDS)
    response.content = with_csrf_token(request, html)
    return response


def dashboard_context(
    request, employer: Employer, *, can_write: bool, status: Any = None, notices: list[Any] | None = None
) -> dict[str, Any]:
    """The dashboard's context. The cards that follow from the stored status and the employer's records
    (certificate, next deadline, eligibility, chart, path, deadlines, training matrix, source warnings) are
    rendered once per version of the status row and kept in the cache: any change of those records
    recomputes the row and so changes the key. The audits card and the audit's next step are kept until an
    audit record changes (:func:`secor.web.activity.audits_block`); the notices are read live."""
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from secor.status.compute import rules_version

    as_of = timezone.localdate()
    if status is None:
        status = stored_status_for(employer, as_of)
    enrolment = status.enrolment if status is not None else None
    audits_html, step, audits = audits_block(request, employer, as_of)
    if notices is None:
        notices = notifications_for(request.user, employer)
    if notices:  # the navigation's unread count came with them
        request._unread_notifications = notices[0].unread_total or 0
    context: dict[str, Any] = {
        "employer": employer,
        "as_of": as_of,
        "status": status,
        "enrolment": enrolment,
        "can_write": can_write,
        "audits_html": mark_safe(audits_html),  # noqa: S308 - our own template's output
        "notifications": notices,
        "audit_step": step,
        "has_evaluation": True,
    }
    if status is None or enrolment is None or status.error:
        context["has_evaluation"] = False
        return context
    from secor.web.fragments import render_version

    version = f"{status.version}:{as_of}:{int(can_write)}:{rules_version()}:{render_version()}"
    key = f"dashboard-cards:{employer.pk}:{version}"
    cached = cache.get(key)
    if cached is None:
        if audits is None:  # the audits block came from the cache; the cards' timeline needs them
            audits = _employer_audits(employer, request.user)
        full = employer_overview(employer, as_of=as_of, audits=audits)
        if full.get("evaluation") is None:
            context["has_evaluation"] = False
            return context
        full["can_write"] = can_write
        cached = {
            "cards": render_to_string("dashboard/_cards.html", full, request),
            "warnings": render_to_string("dashboard/_warnings.html", full, request),
            "next_step": full["evaluation"].next_step,
        }
        cache.set(key, cached, CARDS_CACHE_SECONDS)
    context.update(
        {
            "cards": mark_safe(cached["cards"]),  # noqa: S308 - our own template's output
            "warnings": mark_safe(cached["warnings"]),  # noqa: S308
            "next_step": cached["next_step"],
        }
    )
    return context
