"""Audit instruments as versioned reference data.

Each ``audits/instruments/*.yaml`` file is one version of one partner's instrument. :func:`load_instruments`
runs after every ``migrate`` (post_migrate, after the partners are loaded) and:

1. creates the version when it is new, and marks it the partner's current version of that instrument code
   when its ``effective_from`` is the latest;
2. leaves it alone when the stored checksum matches the file;
3. rebuilds it when the file changed and no audit uses the version yet;
4. refuses (``InstrumentVersionError``) when the file changed but audits already use the version: a
   published version is never edited in place, the change must be a new version.

A partner missing from the rules engine (and so from ``CertifyingPartner``) is skipped with a log line.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

logger = logging.getLogger(__name__)

INSTRUMENT_DIR = Path(__file__).resolve().parent / "instruments"
KINDS = {"certification", "maintenance", "recertification"}
METHODS = {"documentation", "interview", "observation"}
RULES = {"all_or_nothing", "range", "interview_percentage"}


class InstrumentVersionError(RuntimeError):
    """An instrument version that audits use was changed in place."""


def _check(data: dict, path: Path) -> None:
    """Validate one file; raise ``ValueError`` naming the file and the field."""

    def fail(msg: str) -> None:
        raise ValueError(f"{path.name}: {msg}")

    for key in ("code", "version", "partner", "title", "description", "effective_from", "elements"):
        if key not in data:
            fail(f"missing {key!r}")
    if not set(data.get("kinds", [])) <= KINDS:
        fail(f"kinds must be among {sorted(KINDS)}")
    numbers = set()
    codes = set()
    for element in data["elements"]:
        if element["number"] in numbers:
            fail(f"element number {element['number']} repeated")
        numbers.add(element["number"])
        if not element.get("questions"):
            fail(f"element {element['number']} has no questions")
        for q in element["questions"]:
            code = str(q["code"])
            if code in codes:
                fail(f"question {code} repeated")
            codes.add(code)
            if not q.get("methods") or not set(q["methods"]) <= METHODS:
                fail(f"question {code}: methods must be among {sorted(METHODS)}")
            if q.get("scoring") not in RULES:
                fail(f"question {code}: scoring must be one of {sorted(RULES)}")
            if Decimal(str(q.get("points", 0))) <= 0:
                fail(f"question {code}: points must be positive")
            if q["scoring"] == "interview_percentage" and "interview" not in q["methods"]:
                fail(f"question {code}: an interview-percentage question must use the interview method")


def read_instrument_files(directory: Path = INSTRUMENT_DIR) -> list[tuple[dict, str, Path]]:
    out = []
    for path in sorted(directory.glob("*.yaml")):
        raw = path.read_bytes()
        data = yaml.safe_load(raw)
        _check(data, path)
        out.append((data, hashlib.sha256(raw).hexdigest(), path))
    return out


def _build(instrument, data: dict) -> None:
    from audits.models import InstrumentElement, Question

    for element_data in data["elements"]:
        element = InstrumentElement.objects.create(
            instrument=instrument,
            number=element_data["number"],
            name=element_data["name"],
            description=element_data.get("description", ""),
        )
        Question.objects.bulk_create(
            Question(
                element=element,
                code=str(q["code"]),
                key=str(q.get("key") or q["code"]),
                order=i,
                text=q["text"].strip(),
                methods=list(q["methods"]),
                points=Decimal(str(q["points"])),
                scoring_rule=q["scoring"],
                guidance=(q.get("guidance") or "").strip(),
                evidence_checklist=list(q.get("evidence") or []),
                minimum_interviews=q.get("minimum_interviews"),
            )
            for i, q in enumerate(element_data["questions"], start=1)
        )


@transaction.atomic
def load_instruments(directory: Path = INSTRUMENT_DIR) -> int:
    """Upsert every instrument file; return the number of versions created or rebuilt."""
    from audits.models import Instrument
    from secor.employers.models import CertifyingPartner

    changed = 0
    for data, checksum, path in read_instrument_files(directory):
        p = data["partner"]
        partner = CertifyingPartner.objects.filter(province=p["province"], code=p["code"]).first()
        if partner is None:
            logger.warning(
                "%s: partner %s/%s is not loaded; instrument skipped", path.name, p["province"], p["code"]
            )
            continue
        effective = data["effective_from"]
        if not isinstance(effective, date):
            effective = date.fromisoformat(str(effective))
        fields = {
            "program": data.get("program", "SECOR"),
            "title": data["title"],
            "description": data["description"].strip(),
            "effective_from": effective,
            "kinds": list(data.get("kinds") or sorted(KINDS)),
            "sources": list(data.get("sources") or []),
            "checksum": checksum,
        }
        instrument = Instrument.objects.filter(
            partner=partner, code=data["code"], version=str(data["version"])
        ).first()
        if instrument is not None and instrument.checksum == checksum:
            continue
        if instrument is not None:
            if instrument.audits.exists():
                raise InstrumentVersionError(
                    f"{path.name}: version {data['version']} of {data['code']} is used by audits "
                    "and was changed; "
                    "publish the change as a new version instead."
                )
            instrument.elements.all().delete()
            for key, value in fields.items():
                setattr(instrument, key, value)
            instrument.save()
        else:
            instrument = Instrument.objects.create(
                partner=partner, code=data["code"], version=str(data["version"]), **fields
            )
        _build(instrument, data)
        changed += 1
        latest = (
            Instrument.objects.filter(partner=partner, code=data["code"])
            .order_by("-effective_from", "-pk")
            .first()
        )
        Instrument.objects.filter(partner=partner, code=data["code"]).exclude(pk=latest.pk).update(
            is_current=False
        )
        Instrument.objects.filter(pk=latest.pk).update(is_current=True)
    return changed


def sync_instruments(sender=None, using="default", **kwargs) -> None:
    """post_migrate receiver."""
    if using != "default":
        return
    n = load_instruments()
    logger.debug("audit instruments: %s versions loaded", n)
