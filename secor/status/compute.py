"""Pure derivations from one rules-engine evaluation to the stored status (no queries).

- :func:`summarise`: the traffic-light mark with its reasons, next deadline, readiness, key-person risk;
- :func:`valid_until`: the first day on which time alone could change the evaluation (see docs/status.md);
- :func:`hydrate`: the stored evaluation JSON back into the engine's dataclasses, for readers that want them;
- :func:`rules_version`: a fingerprint of the engine's code, stored with each row.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import re
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from provinces import base as rules
from provinces.dates import add_months

# Bump when this module's derivation changes: every stored row is then recomputed.
LOGIC_VERSION = "2"

DEADLINE_SOON_DAYS = 60

# Engine "deadlines" that are the first day something is allowed, not a last day: once the day has passed
# and nothing was done yet, they are open (the employer may go ahead), not overdue.
EARLIEST_KINDS = frozenset(
    {"history_minimum", "history_one_year_secor", "earliest_audit_start", "reregistration_wait"}
)

# Dates in the evaluation that merely echo the as-of day (they move every day without changing any answer).
# ``peak_on`` is the window's first day when the peak held from the start (else a person's start date, which
# the records already give).
AS_OF_ECHOES = frozenset({"as_of", "window_end", "window_start", "months", "peak_on"})
# Look-back windows used by the partners (months): a date of a person or a headcount also matters this long
# after it, when it leaves the window. Every partner's counting window is 12 months or the day itself
# (provinces: ``Threshold.lookback_months`` of every version and reading; tests/status/test_status.py checks
# it), so one length: the earlier 24 and 36 made a fifth of the rows stale on any given day for nothing.
LOOKBACK_MONTHS = (12,)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_IN_TEXT = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@functools.cache
def rules_version() -> str:
    """A fingerprint of the rules engine's source (``provinces/*.py``) and of this module's logic."""
    import provinces

    digest = hashlib.sha256(LOGIC_VERSION.encode())
    for path in sorted(Path(provinces.__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# ----------------------------------------------------------------------------------------------------------
# Deadlines, readiness, risk
# ----------------------------------------------------------------------------------------------------------


def is_overdue(deadline: rules.Deadline, as_of: date) -> bool:
    if deadline.met is False:
        return True
    return deadline.met is None and deadline.due < as_of and deadline.kind not in EARLIEST_KINDS


def next_open_deadline(evaluation: rules.Evaluation, as_of: date) -> rules.Deadline | None:
    open_ = [d for d in evaluation.deadlines if d.met is None and d.due >= as_of]
    return min(open_, key=lambda d: d.due) if open_ else None


def trained_person_risk(evaluation: rules.Evaluation) -> str:
    """red: a requirement nobody holds; amber: one held by a single person; green otherwise."""
    reqs = evaluation.training.requirements
    if any(not r.satisfied for r in reqs):
        return "red"
    if any(len(r.held_by) == 1 for r in reqs):
        return "amber"
    return "green"


def readiness(evaluation: rules.Evaluation) -> int | None:
    """Percent of the path's steps done."""
    steps = evaluation.path
    if not steps:
        return None
    return round(100 * sum(1 for s in steps if s.state == rules.StepState.DONE) / len(steps))


def certificate_answer(evaluation: rules.Evaluation, enrolment: Any, as_of: date) -> dict[str, Any]:
    """The certificate's state: the engine's own answer (``evaluation.certificate``: held, or since when and
    why not, with the partner's rule and the way back), else what the enrolment records say. Every reader
    (dashboard, lists, PDFs, API) shows this one answer."""
    engine = getattr(evaluation, "certificate", None) if evaluation is not None else None
    if engine is not None:
        data = rules.to_jsonable(engine) if not isinstance(engine, Mapping) else dict(engine)
        held = bool(data.get("held", data.get("holds", False)))
        state = str(data.get("state") or data.get("status") or ("held" if held else "not_held"))
        label = str(data.get("label") or data.get("title") or data.get("verdict") or "")
        return {"state": state, "held": held, "label": label or state.replace("_", " ").capitalize(), **data}
    if enrolment is None:
        return {"state": "none", "held": False, "label": "Not enrolled"}
    expires = enrolment.expires_on
    if enrolment.holds_certificate and expires and expires < as_of:
        return {"state": "expired", "held": False, "label": f"Expired on {expires:%Y-%m-%d}"}
    if enrolment.holds_certificate:
        return {"state": "held", "held": True, "label": "Certified"}
    if enrolment.status in ("registered", "in_progress"):
        return {"state": "working", "held": False, "label": "Working toward the certificate"}
    return {"state": str(enrolment.status), "held": False, "label": enrolment.get_status_display()}


@dataclasses.dataclass
class Summary:
    rag: str
    reasons: list[str]
    next_deadline: rules.Deadline | None
    overdue: list[rules.Deadline]
    readiness: int | None
    risk: str
    risk_text: str
    certificate: dict[str, Any]


def summarise(
    evaluation: rules.Evaluation, enrolment: Any, as_of: date, *, corrections_requested: bool = False
) -> Summary:
    """The mark and its reasons. Red: something is wrong now (overdue, not eligible, certificate lost,
    a required course nobody holds, an audit sent back). Amber: something needs doing soon (a deadline
    within 60 days) or nothing is recorded yet. Key-person risk (a course held by one person only) has its
    own column and does not colour the mark: the certificate is not at risk while that person stays."""
    nxt = next_open_deadline(evaluation, as_of)
    overdue = [d for d in evaluation.deadlines if is_overdue(d, as_of)]
    risk = trained_person_risk(evaluation)
    certificate = certificate_answer(evaluation, enrolment, as_of)
    red: list[str] = []
    amber: list[str] = []
    if overdue:
        red.append(f"{len(overdue)} overdue: {overdue[0].title}")
    eligibility = evaluation.eligibility
    if not eligibility.eligible and eligibility.status != rules.EligibilityStatus.NO_DATA:
        red.append(eligibility.verdict)
    if certificate["state"] in ("expired", "cancelled", "lapsed", "removed"):
        red.append(f"Certificate: {certificate['label']}.")
    if risk == "red":
        red.append(evaluation.training.verdict)
    if corrections_requested:
        red.append("Audit sent back: the reviewer asked for corrections.")
    if nxt and (nxt.due - as_of).days <= DEADLINE_SOON_DAYS:
        amber.append(f"{nxt.title} due in {(nxt.due - as_of).days} days.")
    if eligibility.status == rules.EligibilityStatus.NO_DATA:
        amber.append("No people or headcounts recorded.")
    rag = "red" if red else "amber" if amber else "green"
    reasons = red + amber
    if risk == "amber":
        single = [r for r in evaluation.training.requirements if len(r.held_by) == 1]
        risk_text = f"{single[0].title}: held by one person only." if single else "Held by one person only."
    elif risk == "red":
        risk_text = evaluation.training.verdict
    else:
        risk_text = ""
    return Summary(
        rag=rag,
        reasons=reasons,
        next_deadline=nxt,
        overdue=overdue,
        readiness=readiness(evaluation),
        risk=risk,
        risk_text=risk_text[:300],
        certificate=certificate,
    )


# ----------------------------------------------------------------------------------------------------------
# How long an answer holds
# ----------------------------------------------------------------------------------------------------------


def _json_dates(value: Any, out: set[date]) -> None:
    """Every date in ``value`` (JSON: ISO strings; or ``date`` objects), under keys that are not as-of echoes.
    A walk with a stack, types tested by identity first: it runs over every recomputed row's evaluation."""
    stack = [value]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str:
            if len(item) == 10 and item[4] == "-" and _ISO.match(item):
                with contextlib.suppress(ValueError):
                    out.add(date.fromisoformat(item))
        elif kind is dict:
            for key, child in item.items():
                if key not in AS_OF_ECHOES and type(child) not in _NO_DATES:
                    push(child)
        elif kind is list or kind is tuple:
            extend(item)
        elif kind is date:
            out.add(item)
        elif isinstance(item, Mapping):
            push(dict(item))
        elif isinstance(item, (list, tuple)):
            extend(item)
        elif isinstance(item, date) and not isinstance(item, datetime):
            out.add(item)
        elif isinstance(item, str):
            push(str(item))


_NO_DATES = (int, float, bool, type(None))


def scenario_dates(scenario: rules.Scenario) -> tuple[set[date], set[date]]:
    """(dates of the records, dates whose look-back shadow matters: people's and headcounts')."""
    own: set[date] = set()
    shadow: set[date] = set()
    for p in scenario.people:
        for d in (p.start, p.end):
            if d is not None:
                own.add(d)
                shadow.add(d)
    for t in scenario.training:
        own.add(t.completed_on)
        if t.expires_on is not None:
            own.add(t.expires_on)
    for h in scenario.monthly_headcounts:
        end = add_months(h.month.replace(day=1), 1) - timedelta(days=1)
        own.update((h.month, end))
        shadow.update((h.month, end))
    for f in dataclasses.fields(scenario.key_dates):
        value = getattr(scenario.key_dates, f.name)
        if isinstance(value, date):
            own.add(value)
    return own, shadow


def rule_change_dates(scenario: rules.Scenario) -> set[date]:
    """The days on which one of the partner's rule values takes a new version."""
    try:
        import provinces

        profile = provinces.get_partner(scenario.province, scenario.partner, scenario.as_of)
        return {v.effective_from for p in profile.params.values() for v in p.versions}
    except Exception:  # noqa: BLE001 - no rule dates known: the monthly bound still holds
        return set()


def valid_until(
    today: date,
    *,
    scenario: rules.Scenario | None = None,
    evaluation: Mapping[str, Any] | None = None,
    extra: Iterable[date] = (),
) -> date:
    """The first day after ``today`` on which the answer could change with no change of records: the day of
    or after any date in the records or the answer, a look-back window's length after any date of a
    person or a headcount, a rule version's first day, and at the latest the first day of next month."""
    dates_: set[date] = set(extra)
    shadow: set[date] = set()
    if evaluation is not None:
        _json_dates(evaluation, dates_)
        # the answers under the other readings name their dates in prose ("… due: 2026-12-26")
        for result in evaluation.get("readings") or ():
            for text in (result.get("answer"), *(o.get("answer") for o in result.get("others") or ())):
                for found in _ISO_IN_TEXT.findall(text or ""):
                    with contextlib.suppress(ValueError):
                        dates_.add(date.fromisoformat(found))
    if scenario is not None:
        own, shadow = scenario_dates(scenario)
        dates_ |= own | rule_change_dates(scenario)
    candidates = {add_months(today.replace(day=1), 1)}
    for d in dates_:
        candidates.update((d, d + timedelta(days=1)))
    for d in shadow:
        for months in LOOKBACK_MONTHS:
            shifted = add_months(d, months)
            candidates.update((shifted, shifted + timedelta(days=1)))
    return min(c for c in candidates if c > today)


# ----------------------------------------------------------------------------------------------------------
# Stored JSON back to the engine's dataclasses
# ----------------------------------------------------------------------------------------------------------


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    from provinces import certificates

    return typing.get_type_hints(cls, {**vars(rules), **vars(certificates)})


def _convert(tp: Any, value: Any) -> Any:
    if value is None or tp is Any:
        return value
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        item = args[0] if args else Any
        return tuple(_convert(item, v) for v in value)
    if origin in (frozenset, set):
        (item,) = typing.get_args(tp) or (Any,)
        return frozenset(_convert(item, v) for v in value)
    if origin is not None:  # Mapping[...] and the like stay plain JSON
        return value
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return hydrate(tp, value)
        if issubclass(tp, enum.Enum):
            return tp(value)
        if tp is date:
            return date.fromisoformat(value)
        if tp is Decimal:
            return Decimal(value)
        if tp is float:
            return float(value)
    return value


def hydrate(cls: type, data: Mapping[str, Any]) -> Any:
    """``cls`` (an engine result dataclass) from its ``to_dict()`` form. Keys the class does not know are
    ignored; fields missing from ``data`` take their defaults."""
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints.get(f.name, Any), data[f.name])
    return cls(**kwargs)


def hydrate_evaluation(data: Mapping[str, Any]) -> rules.Evaluation:
    return typing.cast(rules.Evaluation, hydrate(rules.Evaluation, data))


# ----------------------------------------------------------------------------------------------------------
# The engine's answer as JSON, fast
# ----------------------------------------------------------------------------------------------------------

_LEAVES = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names (looked up once per class); ``None`` for any other type."""
    try:
        return _FIELD_NAMES[kind]
    except KeyError:
        pass
    names = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    _FIELD_NAMES[kind] = names
    return names


def jsonable(obj: Any) -> Any:
    """The same JSON-ready data as ``provinces.base.to_jsonable`` (``Evaluation.to_dict()``), about three
    times faster: plain leaves are returned first and each dataclass's field names are looked up once.
    Used where an evaluation is turned into JSON on a hot path (the stored status, the eligibility API)."""
    kind = type(obj)
    if kind in _LEAVES:
        return obj
    names = field_names(kind)
    if names is not None:
        return {name: jsonable(getattr(obj, name)) for name in names}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (frozenset, set)):
        return sorted(jsonable(x) for x in obj)
    if isinstance(obj, (list, tuple)):
        return [jsonable(x) for x in obj]
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    return obj
