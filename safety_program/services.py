"""The only writers of safety program records. Each function validates everything first and writes in one
transaction: bad input raises ``ValidationError`` with field-level messages and nothing is written.

Cross-row rules (the model ``clean()`` methods hold the single-row ones):

- the people on a record (done by, took part, owner, worker, approver) belong to the record's employer and
  worked there on the record's date (started on or before it, not left before it);
- an inspection is answered against a live (not archived) checklist template of the same employer, one answer
  per checklist line; every line marked deficient becomes a corrective action (due
  ``DEFAULT_ACTION_DAYS`` days after the inspection unless a due date is given: our default, changeable per
  action);
- attachments follow the shared upload rules (:mod:`secor.core.uploads`): type by name and content, size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from safety_program.models import (
    Attachment,
    ChecklistTemplate,
    CorrectiveAction,
    Inspection,
    InspectionItem,
    ProgramRecord,
)
from secor.core.files import discard_file, store_upload
from secor.employers.models import Person

DEFAULT_ACTION_DAYS = 14


def people_errors(
    employer_id: int, on: dt.date | None, people: dict[str, Iterable[Person | None]]
) -> dict[str, list[str]]:
    """Field-level messages for people who are not the employer's or did not work there on ``on``."""
    errors: dict[str, list[str]] = {}
    for field, persons in people.items():
        for person in persons:
            if person is None:
                continue
            problem = None
            if person.employer_id != employer_id:
                problem = f"{person.full_name} does not work for this employer."
            elif on is not None and person.end_date is not None and person.end_date < on:
                problem = (
                    f"{person.full_name} had left on {person.end_date.isoformat()}, before {on.isoformat()}."
                )
            elif on is not None and person.start_date > on:
                problem = (
                    f"{person.full_name} started on {person.start_date.isoformat()}, after {on.isoformat()}."
                )
            if problem:
                errors.setdefault(field, []).append(problem)
    return errors


def check_people(employer_id: int, on: dt.date | None, people: dict[str, Iterable[Person | None]]) -> None:
    errors = people_errors(employer_id, on, people)
    if errors:
        raise ValidationError(errors)


def template_errors(template: ChecklistTemplate | None, employer_id: int, answers: list[dict]) -> dict:
    if template is None:
        return {"template": ["Choose the checklist this inspection follows."]}
    if template.employer_id != employer_id:
        return {"template": ["This checklist belongs to another employer."]}
    if template.archived:
        return {"template": [f"The checklist “{template.name}” is archived; answer the current one."]}
    if len(answers) != len(template.items):
        return {
            "answers": [
                f"The checklist has {len(template.items)} lines; answer each one "
                f"({len(answers)} answers were given)."
            ]
        }
    errors: dict[str, Any] = {}
    for index, answer in enumerate(answers):
        if answer.get("result") == InspectionItem.Result.DEFICIENT and not answer.get("action", "").strip():
            if not answer.get("note", "").strip():
                errors.setdefault("answers", {})[index] = {
                    "note": ["Describe the deficiency (it becomes a corrective action)."]
                }
    return errors


@transaction.atomic
def create_inspection(*, data: dict, answers: list[dict], user) -> Inspection:
    """Create an inspection with its answered checklist and a corrective action for each deficient line."""
    participants = list(data.pop("participants", []))
    template = data.get("template")
    errors = template_errors(template, data["employer"].pk, answers)
    errors.update(
        people_errors(
            data["employer"].pk,
            data.get("occurred_on"),
            {
                "led_by": [data.get("led_by")],
                "participants": participants,
                **{f"answers.{i}.owner": [a.get("owner")] for i, a in enumerate(answers)},
            },
        )
    )
    if errors:
        raise ValidationError(errors)
    inspection = Inspection(**data, created_by=user)
    inspection.full_clean(exclude=["participants"])
    inspection.save()
    inspection.participants.set(participants)
    assert template is not None
    for position, (text, answer) in enumerate(zip(template.items, answers, strict=True), start=1):
        item = InspectionItem.objects.create(
            inspection=inspection,
            position=position,
            text=text,
            result=answer["result"],
            note=answer.get("note", ""),
        )
        if item.result == InspectionItem.Result.DEFICIENT:
            due = answer.get("due_on") or inspection.occurred_on + dt.timedelta(days=DEFAULT_ACTION_DAYS)
            action = CorrectiveAction(
                employer=inspection.employer,
                title=(answer.get("action") or f"{text}: {item.note}").strip()[:300],
                owner=answer.get("owner"),
                opened_on=inspection.occurred_on,
                due_on=due,
                inspection=inspection,
                inspection_item=item,
            )
            try:
                action.full_clean()
            except ValidationError as exc:
                raise ValidationError({"answers": {position - 1: exc.message_dict}}) from exc
            action.save()
    return inspection


@transaction.atomic
def save_record(*, instance: ProgramRecord, participants: list[Person] | None, user) -> ProgramRecord:
    """Validate and save any program record (new or changed) with its participants."""
    people: dict[str, Iterable[Person | None]] = {"led_by": [instance.led_by]}
    if participants is not None:
        people["participants"] = participants
    worker = getattr(instance, "worker", None)
    if worker is not None:
        people["worker"] = [worker]
    check_people(instance.employer_id, instance.occurred_on, people)
    if instance._state.adding and user is not None and getattr(user, "is_authenticated", False):
        instance.created_by = user
    instance.full_clean(exclude=["participants"])
    instance.save()
    if participants is not None:
        instance.participants.set(participants)
    return instance


@transaction.atomic
def save_action(*, instance: CorrectiveAction) -> CorrectiveAction:
    check_people(instance.employer_id, None, {"owner": [instance.owner]})
    instance.full_clean()
    instance.save()
    return instance


def attach_file(*, record, upload, user) -> Attachment:
    """Attach an uploaded file to a program record (validated and stored under a generated name first; the
    stored file is removed again if the row cannot be written)."""
    try:
        name, digest = store_upload(area="program", upload=upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    try:
        with transaction.atomic():
            return Attachment.objects.create(
                employer_id=record.employer_id,
                content_type=ContentType.objects.get_for_model(type(record)),
                object_id=record.pk,
                file=name,
                original_name=str(upload.name)[:255],
                sha256=digest,
                size=upload.size,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except BaseException:
        discard_file(name)
        raise
