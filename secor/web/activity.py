"""What is happening now, read live on the dashboard: the employer's audits (answered questions, open
notes and instrument size counted in SQL), the audit's next step in plain words, and the latest notices.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps

from audits.key_dates import IN_PROGRESS_STATES
from secor.core.prepared import PreparedQuery
from secor.employers.models import Employer
from secor.web.cards import day_text


def audits_for(employer: Employer, user=None) -> list[Any]:
    """Audits in progress, from the audits app when it is installed and has its models."""
    try:
        Audit = apps.get_model("audits", "Audit")
    except LookupError:
        return []
    qs = Audit.objects.filter(employer=employer) if hasattr(Audit, "employer") else Audit.objects.none()
    if user is not None and hasattr(Audit, "tenant_path"):
        from secor import tenancy

        qs = tenancy.scope(qs, user)
    return list(qs.order_by("-pk")[:5])


def audit_step(audits: list[Any], as_of: date) -> dict[str, Any] | None:
    """What the employer has to do about its current audit, in plain words (None when nothing is pending)."""
    current = next(
        (
            a
            for a in sorted(audits, key=lambda a: (a.created_at, a.pk), reverse=True)
            if a.status in IN_PROGRESS_STATES
        ),
        None,
    )
    if current is None:
        return None
    what = f"{current.get_kind_display().lower()} audit"
    partner = current.partner.code
    if current.status == "corrections_requested":
        if hasattr(current, "open_notes_count"):  # counted in SQL by _employer_audits
            open_notes = current.open_notes_count
        else:
            open_notes = sum(
                1
                for n in current.notes.all()
                if n.kind == "actionable" and not n.response and n.revision.number == current.revision_count
            )
        return {
            "audit": current,
            "action": True,
            "text": f"{partner} sent your {what} back for corrections: answer the reviewer's "
            f"{open_notes} actionable note{'s' if open_notes != 1 else ''}, correct the answers, "
            "then resubmit.",
            "link": "Open the audit",
        }
    if current.status == "draft":
        if hasattr(current, "answered_count"):
            answered, total = current.answered_count, current.question_count
        else:
            answered = sum(1 for a in current.answers.all() if a.score is not None)
            total = sum(len(e.questions.all()) for e in current.instrument.elements.all())
        gathering = (
            f"data gathering ends {day_text(current.ends_on)}"
            if current.ends_on
            else f"data gathering started {day_text(current.starts_on)}"
            if current.starts_on <= as_of
            else f"data gathering starts {day_text(current.starts_on)}"
        )
        return {
            "audit": current,
            "action": True,
            "text": f"Finish your {what}: {answered} of {total} questions answered; {gathering}. "
            f"Submit it to {partner} when every question has its answer and evidence.",
            "link": "Continue the audit",
        }
    due = f" (their target: {day_text(current.review_due_on)})" if current.review_due_on else ""
    return {
        "audit": current,
        "action": False,
        "text": f"Your {what} was submitted on {day_text(current.first_submitted_on)} and is with {partner} "
        f"for quality review{due}. Nothing to do until they answer.",
        "link": "View the submission",
    }


def _employer_audits(employer: Employer, user=None) -> list[Any]:
    """The employer's audits (those ``user`` may see), newest first, with their answered questions, open
    actionable notes and instrument size counted in SQL: one query."""
    try:
        Audit = apps.get_model("audits", "Audit")
        Answer = apps.get_model("audits", "Answer")
        ReviewNote = apps.get_model("audits", "ReviewNote")
        Question = apps.get_model("audits", "Question")
    except LookupError:
        return []
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    def counted(qs, group: str):
        grouped = qs.order_by().values(group).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(grouped, output_field=IntegerField()), 0)

    answered = Answer.objects.filter(audit=OuterRef("pk"), score__isnull=False)
    notes = ReviewNote.objects.filter(
        audit=OuterRef("pk"), kind="actionable", response="", revision__number=OuterRef("revision_count")
    )
    questions = Question.objects.filter(element__instrument=OuterRef("instrument_id"))
    qs = Audit.objects.filter(employer=employer)
    if user is not None:
        from secor import tenancy

        qs = tenancy.scope(qs, user)
    return list(
        qs.select_related("partner")
        .annotate(
            answered_count=counted(answered, "audit"),
            open_notes_count=counted(notes, "audit"),
            question_count=counted(questions, "element__instrument"),
        )
        .order_by("-pk")
    )


def _latest_notices_query(_context: Any, user_marker: int, employer_marker: int) -> Any:
    from django.db.models import Count, IntegerField, Subquery

    from secor.reminders.models import Notification

    # The user's unread count (all employers) rides along for the navigation: one query, not two.
    unread = (
        Notification.objects.filter(user_id=user_marker, read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Notification.objects.filter(user_id=user_marker, employer_id=employer_marker)
        .annotate(unread_total=Subquery(unread, output_field=IntegerField()))
        .order_by("-created_at")
        .values_list(*_notice_fields(), "unread_total")[:5]
    )


def _notice_fields() -> list[str]:
    from secor.reminders.models import Notification

    return [f.attname for f in Notification._meta.concrete_fields]


_LATEST_NOTICES = PreparedQuery(_latest_notices_query, nargs=2)


def notifications_for(user, employer: Employer) -> list[Any]:
    """The user's five latest notices about ``employer``, each with ``unread_total``: the user's unread
    notices about every employer. One query whose SQL is compiled once (:mod:`secor.core.prepared`)."""
    from django.db import connection

    from secor.reminders.models import Notification

    names = _notice_fields()
    notices = []
    for row in _LATEST_NOTICES.rows("latest", [user.pk, employer.pk]):
        notice = Notification.from_db(connection.alias, names, row[:-1])
        notice.unread_total = row[-1]
        notices.append(notice)
    return notices


# ----------------------------------------------------------------------------------------------------------
# The audits block of the dashboard, kept in the cache until an audit record changes
# ----------------------------------------------------------------------------------------------------------

AUDITS_SECONDS = 24 * 3600
_ALL_KEY = "dashboard-audits-gen"


def _employer_key(employer_id: int) -> str:
    return f"dashboard-audits-gen:{employer_id}"


def audits_generation(employer_id: int) -> tuple[int, int]:
    """The numbers bumped when an audit record changes (any employer's, this employer's): the dashboard
    keys what shows audits on them."""
    from django.core.cache import cache

    found = cache.get_many([_ALL_KEY, _employer_key(employer_id)])
    return (int(found.get(_ALL_KEY) or 0), int(found.get(_employer_key(employer_id)) or 0))


def bump_audits(employer_id: int | None = None) -> None:
    """Say that an audit record changed (of this employer, or of someone unknown: every employer)."""
    from django.core.cache import cache

    key = _employer_key(employer_id) if employer_id else _ALL_KEY
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def audit_changed(sender, instance, **kwargs) -> None:
    """``post_save`` / ``post_delete`` of any model of the audits app (connected in ``WebConfig.ready``):
    the employer's audits block is read afresh. Bumped at once and again after the commit, so a page that
    read the database before the commit cannot keep the old block."""
    from django.db import transaction

    employer_id = getattr(instance, "employer_id", None)
    if employer_id is None:
        audit = instance._state.fields_cache.get("audit") if hasattr(instance, "_state") else None
        employer_id = getattr(audit, "employer_id", None)
    bump_audits(employer_id)
    transaction.on_commit(lambda: bump_audits(employer_id))


def audits_block(
    request, employer: Employer, as_of: date
) -> tuple[str, dict[str, Any] | None, list[Any] | None]:
    """The dashboard's audits card (HTML) and the audit's next step, from the cache while no audit record
    changed (any save or delete in the audits app bumps a generation; day and viewer are in the key).
    Returns (html, step, audits): ``audits`` is the list read from the database, ``None`` from the cache."""
    from django.core.cache import cache
    from django.template.loader import render_to_string

    user = request.user
    from secor.web.fragments import render_version

    key = f"dashboard-audits:{render_version()}:{employer.pk}:{user.pk}:{as_of}"
    found = cache.get_many([key, _ALL_KEY, _employer_key(employer.pk)])
    generation = (int(found.get(_ALL_KEY) or 0), int(found.get(_employer_key(employer.pk)) or 0))
    cached = found.get(key)
    if cached is not None and tuple(cached["generation"]) == generation:
        return cached["html"], cached["step"], None
    audits = _employer_audits(employer, user)
    step = audit_step(audits, as_of)
    if step is not None:
        step = {**step, "audit": {"pk": step["audit"].pk}}
    html = render_to_string("dashboard/_audits.html", {"audits": audits[:5]}, request)
    cache.set(key, {"generation": generation, "html": html, "step": step}, AUDITS_SECONDS)
    return html, step, audits
