"""Which program records an audit question's evidence checklist asks for (plain Python, no ORM).

The instruments' checklist lines are free text ("Safety meeting minutes for the audit period", "Inspection
reports with corrective actions"). :func:`needs_for` reads them by keyword (our mapping, documented in
docs/safety-program.md "Records as audit evidence") and returns what record kinds back each line. A line
that names no record kind (interview records, observation notes, photos) needs an uploaded file instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The record kinds an audit may cite (code -> label, plural)
CITABLE_KINDS: dict[str, str] = {
    "inspection": "Inspections",
    "hazard_assessment": "Hazard assessments",
    "safety_meeting": "Safety meetings and toolbox talks",
    "emergency_drill": "Emergency drills",
    "incident": "Incident and near-miss reports",
    "competency_verification": "Orientations and competency verifications",
    "corrective_action": "Corrective actions",
    "document_version": "Program documents (approved versions)",
}


@dataclass(frozen=True)
class Need:
    """Records of ``kind`` (narrowed by ``filters``, e.g. ``{"kind": "field"}``) back a checklist line."""

    kind: str
    label: str
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in sorted(self.filters.items()))
        return f"{self.kind}:{extra}" if extra else self.kind


FIELD_HA = Need("hazard_assessment", "Field-level hazard assessments", {"kind": "field"})
FORMAL_HA = Need("hazard_assessment", "Formal hazard assessments", {"kind": "formal"})
MEETINGS = Need("safety_meeting", "Safety meeting minutes")
INSPECTIONS = Need("inspection", "Inspection reports")
ACTIONS = Need("corrective_action", "Corrective actions")
INCIDENTS = Need("incident", "Incident investigation reports")
DRILLS = Need("emergency_drill", "Emergency drill records")
ORIENTATIONS = Need("competency_verification", "Orientation records", {"kind": "orientation"})
VERIFICATIONS = Need("competency_verification", "Orientations and competency verifications")


def _document(kind: str, label: str) -> Need:
    return Need("document_version", label, {"document_kind": kind})


# (keywords all present in the line, lower case; keywords none of which may be present; what it needs).
# The first matching rule of each group wins; groups are independent so one line may need several kinds.
RULES: tuple[tuple[tuple[str, ...], tuple[str, ...], Need], ...] = (
    (("field-level hazard",), (), FIELD_HA),
    (("site hazard assessment",), (), FIELD_HA),
    (("formal hazard",), (), FORMAL_HA),
    (("risk assessment",), (), FORMAL_HA),
    (("hazard assessment",), ("field-level", "site hazard"), FORMAL_HA),
    (("meeting",), (), MEETINGS),
    (("committee minutes",), (), MEETINGS),
    (("inspection",), ("procedure", "observation", "photo", "schedule"), INSPECTIONS),
    (("corrective action",), (), ACTIONS),
    (("investigation",), ("procedure",), INCIDENTS),
    (("drill",), (), DRILLS),
    (("orientation",), ("template",), ORIENTATIONS),
    (("emergency response plan",), (), _document("emergency_plan", "Emergency response plan")),
    (("emergency procedures",), (), _document("emergency_plan", "Emergency response plan")),
    (("safety policy",), (), _document("policy", "Health and safety policy")),
    (("ohs policy",), (), _document("policy", "Health and safety policy")),
    (("incident reporting", "procedure"), (), _document("incident_procedure", "Incident procedure")),
    (("safe work",), ("observation",), _document("safe_work", "Safe work practices and procedures")),
    (("safe job procedures",), (), _document("safe_work", "Safe work practices and procedures")),
    (("annual", "review"), (), _document("", "Reviewed program documents")),
)


def needs_for(line: str) -> list[Need]:
    """The record kinds that back one checklist line (empty: the line needs a file)."""
    text = line.lower()
    found: list[Need] = []
    for wanted, unwanted, need in RULES:
        if all(w in text for w in wanted) and not any(u in text for u in unwanted):
            if need.key not in {n.key for n in found}:
                found.append(need)
    # A formal need next to a field-level one for the same line is the field-level one only.
    if FIELD_HA in found and FORMAL_HA in found:
        found.remove(FORMAL_HA)
    return found
