"""What changed between two submitted revisions of an audit (revision n against n - 1): answers (score,
interview counts, notes) and evidence added or removed, per question. Plain functions on the snapshots
(``AuditRevision.snapshot``), no database: the revision pages and the review workspace mark the changes.

Evidence is matched by its checksum (sha256) and name: the same file attached again is not a change; a file
replaced by a new version is one removal and one addition."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

FIELDS = (
    ("score", "Score"),
    ("interviews_total", "People interviewed"),
    ("interviews_positive", "Positive answers"),
    ("notes", "Notes"),
)


@dataclass
class FieldChange:
    label: str
    before: Any
    after: Any


@dataclass
class AnswerChange:
    question_id: int
    code: str
    fields: list[FieldChange] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.fields or self.added or self.removed)


@dataclass
class RevisionDiff:
    previous_number: int | None
    answers: dict[int, AnswerChange] = field(default_factory=dict)

    @property
    def changed(self) -> list[AnswerChange]:
        return [c for c in self.answers.values() if c.changed]

    @property
    def answers_changed(self) -> int:
        return sum(1 for c in self.answers.values() if c.fields)

    @property
    def files_added(self) -> int:
        return sum(len(c.added) for c in self.answers.values())

    @property
    def files_removed(self) -> int:
        return sum(len(c.removed) for c in self.answers.values())


def _same(a: Any, b: Any) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return str(a).strip() == str(b).strip()


def _files(snapshot: dict[str, Any]) -> dict[int, dict[tuple[str, str], dict[str, Any]]]:
    out: dict[int, dict[tuple[str, str], dict[str, Any]]] = {}
    for e in snapshot.get("evidence", []):
        out.setdefault(e["question_id"], {})[(e.get("sha256", ""), e.get("name", ""))] = e
    return out


def compare(previous: dict[str, Any] | None, current: dict[str, Any]) -> RevisionDiff:
    """The changes from ``previous`` to ``current`` (both revision snapshots). With no previous revision
    nothing is marked as changed."""
    if previous is None:
        return RevisionDiff(previous_number=None)
    diff = RevisionDiff(previous_number=previous.get("revision"))
    before = {a["question_id"]: a for a in previous.get("answers", [])}
    files_before, files_now = _files(previous), _files(current)
    for a in current.get("answers", []):
        qid = a["question_id"]
        old = before.get(qid, {})
        change = AnswerChange(question_id=qid, code=a.get("code", ""))
        for key, label in FIELDS:
            if not _same(old.get(key), a.get(key)):
                change.fields.append(FieldChange(label, old.get(key), a.get(key)))
        was, now = files_before.get(qid, {}), files_now.get(qid, {})
        change.added = [now[k] for k in now if k not in was]
        change.removed = [was[k] for k in was if k not in now]
        diff.answers[qid] = change
    return diff
