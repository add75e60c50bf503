"""Recording a business change: validate it whole, apply what it changes in the records, work out its verdict
for every partner the employer is enrolled with (``provinces.changes``), ask for the status to be recomputed
and tell the employer's people and consultants. One transaction: all of it happens or none of it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from provinces.base import ScenarioError
from provinces.changes import ChangeFacts, ChangeKind, change_verdict
from secor.changes.models import BusinessChange
from secor.core.exceptions import ApplicationError
from secor.employers.models import Employer, Enrolment, OperatingProvince, WCBAccount

NEXT_AUDIT_KINDS = ("maintenance_audit", "recertification")
EARLIEST = date(2000, 1, 1)


def _enrolments(employer: Employer) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(employer=employer, status__in=Enrolment.ACTIVE_STATUSES)
        .select_related("partner")
        .order_by("registered_on", "pk")
    )


def _next_audit_due(enrolment: Enrolment, on: date) -> date | None:
    from secor.reminders.models import Deadline

    return (
        Deadline.objects.filter(
            enrolment=enrolment, kind__in=NEXT_AUDIT_KINDS, resolved_at__isnull=True, due__gte=on
        )
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )


def verdicts_for(employer: Employer, facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The verdict of a change (``facts``: the model's fact fields) for each active enrolment."""
    out = []
    for e in _enrolments(employer):
        try:
            verdict = change_verdict(
                ChangeFacts(
                    kind=ChangeKind(facts["kind"]),
                    province=e.partner.province,
                    partner=e.partner.code,
                    effective_on=facts["effective_on"],
                    holds_certificate=e.holds_certificate,
                    next_audit_due=_next_audit_due(e, facts["effective_on"]),
                    name_only=bool(facts.get("name_only")),
                    trained_person_left=bool(facts.get("trained_person_left")),
                    additional_account=bool(facts.get("additional_account", True)),
                    trained_person_shared=bool(facts.get("trained_person_shared")),
                    to_province=facts.get("to_province") or None,
                    leaves_home_province=bool(facts.get("leaves_home_province")),
                    workers_after=(
                        float(facts["workers_after"]) if facts.get("workers_after") is not None else None
                    ),
                )
            )
        except ScenarioError:  # a partner no longer in the rules engine: nothing to say for it
            continue
        out.append({**verdict.to_dict(), "enrolment": e.pk})
    return out


def _check(employer: Employer, data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    kind = data.get("kind")
    if kind not in ChangeKind.__members__.values():
        errors["kind"] = "Choose what changed."
    effective = data.get("effective_on")
    if not isinstance(effective, date):
        errors["effective_on"] = "Enter the date the change took effect."
    elif effective < EARLIEST or effective > timezone.localdate() + timedelta(days=366):
        errors["effective_on"] = "Enter a date between 2000 and one year from today."
    if kind == ChangeKind.OWNER and data.get("name_only") and not (data.get("new_legal_name") or "").strip():
        errors["new_legal_name"] = "Enter the new legal name."
    if kind == ChangeKind.WCB_ACCOUNT:
        if not data.get("board"):
            errors["board"] = "Choose the board of the new account."
        if not (data.get("account_number") or "").strip():
            errors["account_number"] = "Enter the new account number."
    if kind == ChangeKind.PROVINCE_MOVE:
        to = data.get("to_province") or ""
        if not to:
            errors["to_province"] = "Choose the province the operations move into."
        elif to == employer.province and not data.get("leaves_home_province"):
            errors["to_province"] = "Choose a province other than the head office's."
    if kind in (ChangeKind.OUTGROWN, ChangeKind.AMALGAMATION):
        workers = data.get("workers_after")
        if kind == ChangeKind.OUTGROWN and workers is None:
            errors["workers_after"] = "Enter how many workers you have (or expect) after the change."
        elif workers is not None and Decimal(str(workers)) < 0:
            errors["workers_after"] = "Enter zero or more workers."
    return errors


def _apply(employer: Employer, change: BusinessChange, data: dict[str, Any]) -> None:
    """What the change changes in the records (each record keeps its own history)."""
    kind = change.kind
    if kind == ChangeKind.OWNER and change.new_legal_name:
        change.previous_legal_name = employer.legal_name
        employer.legal_name = change.new_legal_name
        employer.full_clean()
        employer.save(update_fields=["legal_name"])
    elif kind == ChangeKind.WCB_ACCOUNT:
        account = WCBAccount(
            employer=employer,
            board=data["board"],
            account_number=(data.get("account_number") or "").strip(),
            industry_code=(data.get("industry_code") or "").strip(),
            active_from=change.effective_on,
        )
        try:
            account.full_clean()
        except ValidationError as exc:
            fields = {k: " ".join(v) for k, v in exc.message_dict.items()}
            if "__all__" in fields:
                fields["account_number"] = fields.pop("__all__")
            raise ApplicationError("The new account could not be recorded.", fields) from exc
        if not change.additional_account:
            ending = change.effective_on - timedelta(days=1)
            for old in WCBAccount.objects.filter(
                employer=employer, board=account.board, active_to__isnull=True
            ):
                if old.active_from is None or old.active_from <= ending:
                    old.active_to = ending
                    old.save(update_fields=["active_to"])
        account.save()
        change.wcb_account = account
    elif kind == ChangeKind.PROVINCE_MOVE and change.to_province:
        OperatingProvince.objects.get_or_create(employer=employer, province=change.to_province)


FACT_FIELDS = (
    "kind",
    "effective_on",
    "description",
    "new_legal_name",
    "name_only",
    "trained_person_left",
    "additional_account",
    "trained_person_shared",
    "to_province",
    "leaves_home_province",
    "workers_after",
)


@transaction.atomic
def change_record(*, employer: Employer, user, data: dict[str, Any]) -> BusinessChange:
    """Record one business change. ``data``: the fact fields, plus ``board``/``account_number``/
    ``industry_code`` for a new WCB account. Raises :class:`ApplicationError` (field → message) when
    something is missing or wrong; then nothing is written."""
    errors = _check(employer, data)
    if errors:
        raise ApplicationError("The change could not be recorded.", errors)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    values = {k: data[k] for k in FACT_FIELDS if k in data and data[k] is not None}
    if values.get("kind") != ChangeKind.OWNER:
        values.pop("new_legal_name", None)
    change = BusinessChange(employer=employer, recorded_by=user if user and user.pk else None, **values)
    _apply(employer, change, data)
    change.verdicts = verdicts_for(employer, values)
    change.full_clean(exclude=["employer", "recorded_by", "wcb_account"])
    change.save()
    from secor.status.services import request_recompute

    request_recompute(employer.pk)
    from secor.changes import notices

    notices.change_recorded(change, actor=user)
    return change


@transaction.atomic
def change_withdraw(*, change: BusinessChange, user) -> BusinessChange:
    """Mark a change recorded by mistake as withdrawn (records it changed stay as they are: correct them on
    their own pages)."""
    if change.withdrawn_at is not None:
        raise ApplicationError("This change is already withdrawn.")
    change.withdrawn_at = timezone.now()
    change.save(update_fields=["withdrawn_at"])
    from secor.status.services import request_recompute

    request_recompute(change.employer_id)
    return change


def change_url(change: BusinessChange) -> str:
    return reverse("changes:detail", args=[change.employer_id, change.pk])
