"""CSV import of past safety program records (meetings, toolbox talks, drills, incidents and near misses,
orientations and competency verifications): a preview with row-by-row, field-level errors, then all rows or
none. Same machinery and rules as the people and training import (:mod:`secor.employers.importing`: UTF-8
CSV, header row 1, size and row limits, a token binding the exact file previewed).

Columns (one record per row):

- ``record_type`` (required): meeting, toolbox, drill, near_miss, first_aid, medical_aid, lost_time,
  property, orientation, competency;
- ``date`` (required, YYYY-MM-DD, not in the future: a completed activity);
- ``topic`` (required for meetings, toolbox talks, drills and incidents: the topics, the scenario, what
  happened; for orientations and competency verifications the task, equipment or topic);
- ``done_by``: who led it (e-mail or "First Last" of one of the employer's people);
- ``took_part``: the people who took part, separated by ``;`` (each must have worked there on that day);
- ``worker`` (required for orientation / competency): the worker oriented or verified;
- ``findings``, ``signed_by`` (typed name).

Rows already recorded (same kind, date and topic) are refused, so importing the same file twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from safety_program import models as m
from safety_program.services import people_errors
from secor.employers import importing as base
from secor.employers.models import Employer, Person

KIND = "program_records"
CHANGE_REASON = "CSV import"
COLUMNS: tuple[base.Column, ...] = (
    base.Column("record_type", required=True, help="meeting, toolbox, drill, near_miss, first_aid, …"),
    base.Column("date", required=True, help="YYYY-MM-DD, not in the future"),
    base.Column("topic", help="topics / scenario / what happened / task verified"),
    base.Column("done_by", help="e-mail or first and last name of one of your people"),
    base.Column("took_part", help="people separated by ;"),
    base.Column("worker", help="orientation / competency: the worker"),
    base.Column("findings"),
    base.Column("signed_by", help="typed name"),
)
MEETINGS = {"meeting": "meeting", "toolbox": "toolbox"}
INCIDENTS = {k for k, _ in m.Incident.Kind.choices}
VERIFICATIONS = {k for k, _ in m.CompetencyVerification.Kind.choices}
TYPES = (*MEETINGS, "drill", *sorted(INCIDENTS), *sorted(VERIFICATIONS))


def _record_type(raw: str) -> str:
    value = raw.strip().lower().replace(" ", "_").replace("-", "_")
    if value not in TYPES:
        raise ValueError(f"“{raw}” is not a record type; use one of: {', '.join(TYPES)}")
    return value


def _past_date(raw: str) -> date:
    value = base._strict_date(raw)
    if value > timezone.localdate():
        raise ValueError(f"{value.isoformat()} is in the future; a completed activity cannot be")
    return value


PARSERS = {
    "record_type": _record_type,
    "date": _past_date,
    "topic": base._text(300),
    "done_by": base._text(200),
    "took_part": base._text(2000),
    "worker": base._text(200),
    "findings": base._text(5000),
    "signed_by": base._text(200),
}


@dataclass
class ProgramImportPreview(base.ImportPreview):
    def column_names(self) -> list[str]:
        return [c.name for c in COLUMNS]


def _people_index(employer: Employer) -> dict[str, list[Person]]:
    index: dict[str, list[Person]] = {}
    for p in Person.objects.filter(employer=employer, deleted_at__isnull=True):
        keys = {f"{p.first_name} {p.last_name}".strip().lower()}
        if p.email:
            keys.add(p.email.strip().lower())
        for key in keys:
            index.setdefault(key, []).append(p)
    return index


def _find(index: dict[str, list[Person]], name: str) -> tuple[Person | None, str | None]:
    found = index.get(" ".join(name.split()).lower(), [])
    if not found:
        return None, f"“{name}” is not one of your people (give the e-mail or first and last name)"
    if len(found) > 1:
        return None, f"“{name}” matches {len(found)} people; give the e-mail instead"
    return found[0], None


def _existing(employer: Employer) -> set[tuple[str, str, str]]:
    """(type, date, topic) of the records already there, to refuse a second import of the same rows."""
    keys: set[tuple[str, str, str]] = set()
    for kind, day, topic in m.SafetyMeeting.objects.filter(employer=employer).values_list(
        "kind", "occurred_on", "topics"
    ):
        keys.add((kind, day.isoformat(), topic.strip().lower()))
    for day, topic in m.EmergencyDrill.objects.filter(employer=employer).values_list(
        "occurred_on", "scenario"
    ):
        keys.add(("drill", day.isoformat(), topic.strip().lower()))
    for kind, day, topic in m.Incident.objects.filter(employer=employer).values_list(
        "kind", "occurred_on", "description"
    ):
        keys.add((kind, day.isoformat(), topic.strip().lower()))
    for kind, day, topic, worker in m.CompetencyVerification.objects.filter(employer=employer).values_list(
        "kind", "occurred_on", "subject", "worker_id"
    ):
        keys.add((kind, day.isoformat(), f"{topic.strip().lower()}#{worker}"))
    return keys


def _validate(employer: Employer, rows: list[base.RowResult]) -> None:
    index = _people_index(employer)
    existing = _existing(employer)
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        v = row.values
        kind = v.get("record_type") if "record_type" not in row.errors else None
        on = base._date_value(row, "date")
        topic = (v.get("topic") or "").strip()
        if kind and kind not in VERIFICATIONS and not topic:
            row.add_error("topic", "is required (topics, scenario or what happened)")
        if kind in VERIFICATIONS:
            if not topic:
                row.add_error("topic", "is required (the task, equipment or topic verified)")
            if not v.get("worker"):
                row.add_error("worker", "is required for an orientation or competency verification")
        elif v.get("worker"):
            row.add_error("worker", "is only for orientations and competency verifications")
        people: dict[str, list[Person | None]] = {}
        for column in ("done_by", "worker"):
            if v.get(column) and column not in row.errors:
                person, problem = _find(index, v[column])
                if problem:
                    row.add_error(column, problem)
                else:
                    row.resolved[column] = person
                    people[column] = [person]
        if v.get("took_part") and "took_part" not in row.errors:
            took_part = []
            for name in (n.strip() for n in v["took_part"].split(";")):
                if not name:
                    continue
                person, problem = _find(index, name)
                if problem:
                    row.add_error("took_part", problem)
                elif person is not None:
                    took_part.append(person)
            row.resolved["took_part"] = took_part
            people["took_part"] = list(took_part)
        if on is not None:
            for column, msgs in people_errors(employer.pk, on, people).items():
                for msg in msgs:
                    row.add_error(column, msg)
        if kind and on and topic and row.ok:
            worker = row.resolved.get("worker")
            key = (kind, on.isoformat(), topic.lower() + (f"#{worker.pk}" if worker else ""))
            if key in existing:
                row.add_error("row", "this record is already there (same type, date and topic)")
            elif key in seen:
                row.add_error("row", f"the same record as row {seen[key]}")
            else:
                seen[key] = row.row


def preview_import(*, employer: Employer, data: bytes) -> ProgramImportPreview:
    """Parse and validate ``data`` for ``employer``. Never writes."""
    preview = ProgramImportPreview(
        kind=KIND, employer_id=employer.pk, token=base.import_token(KIND, employer.pk, data)
    )
    read = base.file_records(preview, data, _check_header)
    if read is None:
        return preview
    names, records = read
    preview.rows = [base._parse_row(n, cells, names, COLUMNS, PARSERS) for n, cells in records]
    _validate(employer, preview.rows)
    return preview


def _check_header(header: list[str]) -> tuple[list[str], list[str]]:
    expected = [c.name for c in COLUMNS]
    names = [base._normalize_header(h) for h in header]
    if names:
        names[0] = names[0].lstrip("\ufeff")
    listing = ", ".join(expected)
    errors = []
    unknown = [n for n in names if n and n not in expected]
    if unknown:
        errors.append(f"Unknown column(s): {', '.join(unknown)}. Expected columns: {listing}.")
    missing = [c.name for c in COLUMNS if c.required and c.name not in names]
    if missing:
        errors.append(f"Missing required column(s): {', '.join(missing)}. Expected columns: {listing}.")
    if len(set(n for n in names if n)) != len([n for n in names if n]):
        errors.append("A column appears twice.")
    return names, errors


def _build(employer: Employer, row: base.RowResult, user) -> m.ProgramRecord:
    v = row.values
    kind = v["record_type"]
    common: dict[str, Any] = {
        "employer": employer,
        "occurred_on": date.fromisoformat(v["date"]),
        "led_by": row.resolved.get("done_by"),
        "findings": v.get("findings") or "",
        "signed_name": v.get("signed_by") or "",
        "created_by": user if getattr(user, "is_authenticated", False) else None,
    }
    topic = v.get("topic") or ""
    record: m.ProgramRecord
    if kind in MEETINGS:
        record = m.SafetyMeeting(kind=MEETINGS[kind], topics=topic, **common)
    elif kind == "drill":
        record = m.EmergencyDrill(scenario=topic, **common)
    elif kind in INCIDENTS:
        record = m.Incident(kind=kind, description=topic, **common)
    else:
        record = m.CompetencyVerification(kind=kind, subject=topic, worker=row.resolved["worker"], **common)
    record.full_clean(
        exclude=["employer", "led_by", "worker", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    return record


def commit_import(*, employer: Employer, data: bytes, token: str, user) -> base.ImportResult:
    """Write every row of the previewed file, or none (as :func:`secor.employers.importing.commit_import`)."""
    base.require_previewed(KIND, employer.pk, data, token)
    created: list[int] = []
    with transaction.atomic():
        Employer.objects.select_for_update().filter(pk=employer.pk).first()
        preview = preview_import(employer=employer, data=data)
        base.refuse_invalid(preview)
        for row in preview.rows:
            record = _build(employer, row, user)
            record._history_user = user  # type: ignore[attr-defined]
            record._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
            record.save()
            if row.resolved.get("took_part"):
                record.participants.set(row.resolved["took_part"])
            created.append(record.pk)
    return base.ImportResult(kind=KIND, employer_id=employer.pk, created_ids=created)


def sample_csv() -> str:
    return (
        ",".join(c.name for c in COLUMNS)
        + "\nmeeting,2025-06-02,Ladder safety,Dana Lead,Sam Roofer; Ann Helper,,"
        "Two ladders tagged out,Dana Lead\n"
    )
