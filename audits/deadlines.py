"""The audits area's deadlines for the reminders sweep (``secor.reminders.sources``, origin ``"audits"``).

The rules engine only sees an employer's key dates; the dates of a planned or running audit live here. For
every audit in progress (a draft, submitted, in review, or sent back for corrections) this source returns the
employer's own dated obligations, with the engine's deadline kinds, rule values and references (read through
:mod:`audits.rules`, the area's only door to the engine):

- ``notice_of_audit`` (BC, ``notice_days``): the Notice of Audit Activity must be sent at least 14 days before
  the planned start, so it is due on ``start - 14 days`` (the inverse of ``provinces.earliest_audit_start``);
- ``data_gathering_end`` (AASP, ``audit_windows``): data gathering lasts at most 15 days, start to completion
  (``period_end_inclusive``);
- ``audit_submission`` (AASP, ``audit_windows``): the first submission is due within 21 days after the last
  day of data gathering (once that day is planned).

``met`` is the engine's reading (``provinces.profile.met``): True done on or before the due date, False done
late or not done once the due date has passed, None still open. The partner's QA review due date
(``Audit.review_due_on``) is the partner's obligation, not the employer's, so it is not a deadline here.
Accepted and rejected audits contribute nothing: their deadlines are then resolved by the sweep.

Registered in :meth:`audits.apps.AuditsConfig.ready`; the reminders app never imports this app.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from audits import rules
from audits.models import EDITABLE_STATUSES, Audit, AuditStatus
from provinces import base as engine
from provinces import dates

SOURCE_NAME = "audits"
IN_PROGRESS_STATUSES = (*EDITABLE_STATUSES, AuditStatus.SUBMITTED, AuditStatus.IN_REVIEW)
_PREFETCHED = "_reminder_audits"


def _open_audits() -> QuerySet[Audit]:
    return (
        Audit.objects.filter(status__in=IN_PROGRESS_STATUSES)
        .select_related("partner")
        .order_by("starts_on", "pk")
    )


def prefetch_audits(queryset: QuerySet) -> QuerySet:
    """Extend the sweep's employer queryset with the audits in progress (one query per chunk)."""
    return queryset.prefetch_related(Prefetch("audits", queryset=_open_audits(), to_attr=_PREFETCHED))


def audits_in_progress(employer) -> list[Audit]:
    prefetched = getattr(employer, _PREFETCHED, None)
    if prefetched is not None:
        return prefetched
    return list(_open_audits().filter(employer=employer))


def _label(audit: Audit) -> str:
    return f"{audit.get_kind_display().lower()} audit starting {audit.starts_on.isoformat()}"


def audit_deadlines(audit: Audit, as_of: date) -> list[engine.Deadline]:
    """The employer's deadlines for one audit in progress, on ``as_of``."""
    partner = audit.partner
    out: list[engine.Deadline] = []

    notice = rules.notice_rule(partner, audit.starts_on)
    if notice is not None:
        due = dates.add_days(audit.starts_on, -notice.value)
        out.append(
            engine.Deadline(
                kind="notice_of_audit",
                title=f"Send the Notice of Audit Activity at least {notice.value} days before the "
                f"{_label(audit)}",
                due=due,
                consequence="An audit started without the notice period is not accepted; move the start "
                "date.",
                reference=notice.reference,
                met=rules.deadline_met(due, audit.notice_sent_on, as_of),
            )
        )

    window = rules.data_gathering_last_day(partner, audit.starts_on)
    if window is not None:
        end, rule = window
        out.append(
            engine.Deadline(
                kind="data_gathering_end",
                title=f"Finish data gathering ({rule.value.data_gathering_days} days, start to completion) "
                f"for the {_label(audit)}",
                due=end,
                consequence="Data gathering longer than the window is not accepted; the assessment must be "
                "redone.",
                reference=rule.reference,
                met=rules.deadline_met(end, audit.ends_on, as_of),
            )
        )
    if audit.ends_on is not None:
        submission = rules.submission_last_day(partner, audit.starts_on, audit.ends_on)
        if submission is not None:
            due, rule = submission
            out.append(
                engine.Deadline(
                    kind="audit_submission",
                    title=f"Submit the {_label(audit)} within {rule.value.submission_days} days after the "
                    f"last day of data gathering ({audit.ends_on.isoformat()})",
                    due=due,
                    consequence="A late submission is not accepted by the partner.",
                    reference=rule.reference,
                    met=rules.deadline_met(due, audit.first_submitted_on, as_of),
                )
            )
    if audit.corrections_due_on is not None:
        # Set by the reviewer, not by a program rule: the source names who set it.
        resubmitted_on = (
            timezone.localdate(audit.last_submitted_at)
            if audit.last_submitted_at and audit.status != AuditStatus.CORRECTIONS_REQUESTED
            else None
        )
        out.append(
            engine.Deadline(
                kind="corrections_due",
                title=f"Answer the reviewer's notes and resubmit the {_label(audit)}",
                due=audit.corrections_due_on,
                consequence=f"The {partner.name} reviewer expects the corrected audit by this date; the "
                "audit stays open until it is resubmitted.",
                reference=f"Date set by the {partner.name} reviewer",
                met=rules.deadline_met(audit.corrections_due_on, resubmitted_on, as_of),
            )
        )
    return out


def employer_audit_deadlines(employer, as_of: date) -> Iterable[engine.Deadline]:
    """The deadline source registered with the reminders sweep: ``func(employer, as_of)``."""
    out: list[engine.Deadline] = []
    for audit in audits_in_progress(employer):
        out.extend(audit_deadlines(audit, as_of))
    return out


def register() -> None:
    from secor.reminders.sources import register_deadline_source

    register_deadline_source(SOURCE_NAME, employer_audit_deadlines, prefetch=prefetch_audits)
