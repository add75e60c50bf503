"""The one way the product shows where a rule comes from, and the one way it cleans rule text for people.

The rules engine (:mod:`provinces`) writes its references for developers: ``"seed 000 (…) step 4"``,
``"program-rules.md §4 C8; seed 001; https://…"``, ``"… (inferred)"``. Users must only ever see **public**
citations: the certifying partner's or board's page title and its address. :func:`citations` turns an engine
reference into that list and can produce nothing else: a part it cannot map to a public page is dropped,
never shown. :func:`public_text` removes our working notes ("(inferred)", "seed 003", "program-rules.md §…")
from rule texts, deadline titles and warnings.

Every page, e-mail, calendar feed and PDF renders sources through the ``sources`` tag / ``sources_text``
filter (:mod:`secor.core.templatetags.public`, a template builtin) or these functions. The choices (which
seed maps to which public page) are documented in ``docs/ui.md``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from secor.status.compute import _LEAVES, field_names, jsonable

URL_RE = re.compile(r"https?://[^\s;,'\")\]]+")
SEED_RE = re.compile(r"\bseed\s+0*(\d)\b(?:\s*\([^)]*\))?", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """A public page: its title and its address (None when only the title is known)."""

    title: str
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.title} ({self.url})" if self.url else self.title


# The five source documents the rules were first written from, as the public pages they are copies of.
SEEDS: dict[str, Citation] = {
    "0": Citation(
        "Think Safety Solutions: How to prepare for a SECOR audit", "https://thinksafetysolutions.com/"
    ),
    "1": Citation("Alberta Employment and Immigration: SECOR frequently asked questions (archived)"),
    "2": Citation("Safety Evolution: What is a SECOR", "https://www.safetyevolution.com/"),
    "3": Citation("SCSA: SECOR program (2018 page)", "https://scsaonline.ca/programs/secor"),
    "4": Citation(
        "go2HR: How to participate in SECOR (2023)",
        "https://b4pace.go2hr.ca/health-safety/small-employer-certificate-of-recognition-secor-program/"
        "how-to-participate-in-secor",
    ),
}
# What a seed is called inside a sentence ("(go2HR, seed 004)" → "(go2HR, go2HR's SECOR guide)").
SEED_NAMES = {
    "0": "a consultant's SECOR guide",
    "1": "the Alberta SECOR FAQ",
    "2": "a consultant's page",
    "3": "SCSA's 2018 SECOR page",
    "4": "go2HR's SECOR guide",
}

# Publishers by web address, for a page title when the reference gives only the address.
PUBLISHERS: dict[str, str] = {
    "youracsa.ca": "ACSA",
    "safetypartnershipsaasp.com": "AASP",
    "ahsa.ca": "AHSA",
    "amhsa.net": "AMHSA",
    "energysafetycanada.com": "Energy Safety Canada",
    "safetycouncil.ab.ca": "Alberta Safety Council",
    "alberta.ca": "Government of Alberta",
    "transportation.alberta.ca": "Alberta Transportation",
    "mhsa.ab.ca": "MHSA",
    "scsaonline.ca": "SCSA",
    "hcsas.sk.ca": "HCSAS",
    "wcbsask.com": "WCB Saskatchewan",
    "go2hr.ca": "go2HR",
    "bccsa.ca": "BCCSA",
    "bcforestsafe.org": "BC Forest Safety Council",
    "agsafebc.ca": "AgSafe BC",
    "safetyalliancebc.ca": "Manufacturing Safety Alliance of BC",
    "bcmsa.ca": "BC Municipal Safety Association",
    "worksafebc.com": "WorkSafeBC",
    "constructionsafety.ca": "Construction Safety Association of Manitoba",
    "safemanitoba.com": "SAFE Work Manitoba",
    "wcb.mb.ca": "WCB Manitoba",
    "docest.com": "copy of a partner document",
    "studylib.net": "copy of a partner document",
    "fdocuments.in": "copy of a partner document",
}

# Named pages without an address in the engine's references.
NAMED: dict[str, Citation] = {
    "ahsa": Citation("AHSA: About SECOR", "https://www.ahsa.ca/cor/about-secor/"),
    "old acsa secor-process page": Citation(
        "ACSA: SECOR process (earlier version)", "https://www.youracsa.ca/cor-secor/secor-process/"
    ),
    "old scsa secor page": Citation(
        "SCSA: SECOR program (before 2018)", "https://scsaonline.ca/programs/secor"
    ),
    "older acsa pages": Citation("ACSA: earlier SECOR pages", "https://www.youracsa.ca/"),
    "scsa news": Citation("SCSA news", "https://scsaonline.ca/cor-updates"),
}

# Our own working notes: never shown.
INTERNAL_RE = re.compile(
    r"program-rules\.md|docs/[\w-]+\.md|§|\bC\d+\b|\bq\d+\b|\(inferred|not confirmed", re.IGNORECASE
)


def _publisher(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    while host:
        if host in PUBLISHERS:
            return PUBLISHERS[host]
        host = host.partition(".")[2]
    return urlsplit(url).hostname or url


def _page_words(url: str) -> str:
    path = urlsplit(url).path.strip("/")
    last = path.rsplit("/", 1)[-1] if path else ""
    last = re.sub(r"\.(html?|aspx|cfm|php)$", "", last)
    words = re.sub(r"[-_]+", " ", last).strip()
    if not words or words.isdigit():
        return ""
    words = re.sub(r"\b(secor|cor|pir|faqs?|sebase|isebase|acsa|scsa)\b", lambda m: m.group(1).upper(), words)
    return words[0].upper() + words[1:]


# Page titles where the address does not say it.
PAGE_TITLES: dict[str, str] = {
    "safetypartnershipsaasp.com/aasp_tmpl.php": "AASP: SECOR",
    "energysafetycanada.com/cor/secorprogram": "Energy Safety Canada: SECOR program",
    "safetyalliancebc.ca/2016/12": "Manufacturing Safety Alliance of BC: small employer COR (2016)",
    "wcbsask.com": "WCB Saskatchewan",
    "transportation.alberta.ca/700.htm": "Alberta Transportation: Partners in Compliance",
}


def _url_citation(url: str, label: str = "") -> Citation:
    publisher = _publisher(url)
    bare = re.sub(r"^https?://(www\.)?", "", url).lower()
    for prefix, title in PAGE_TITLES.items():
        if bare.startswith(prefix.lower()):
            return Citation(title, url)
    if label and not INTERNAL_RE.search(label) and not SEED_RE.search(label):
        return Citation(label, url)
    words = _page_words(url)
    return Citation(f"{publisher}: {words}" if words else publisher, url)


def _part_citations(part: str) -> list[Citation]:
    part = part.strip()
    if not part:
        return []
    found: list[Citation] = []
    urls = URL_RE.findall(part)
    for m in SEED_RE.finditer(part):
        seed = SEEDS.get(m.group(1))
        if seed is None:
            continue
        rest = part[m.end() :]
        step = re.match(r"\s*(steps?\s+[\d\-–]+)", rest)
        found.append(Citation(f"{seed.title}, {step.group(1)}", seed.url) if step else seed)
    for url in urls:
        before = part.split(url, 1)[0]
        label = ""
        if " via " in before:
            label = before.split(" via ", 1)[0].strip()
        found.append(_url_citation(url, label))
    if found:
        return found
    if INTERNAL_RE.search(part):
        return []
    key = re.sub(r"\s*[\(\[].*$", "", part).strip().lower()
    return [NAMED[key]] if key in NAMED else []


def citations(reference: str | None) -> list[Citation]:
    """The public pages behind an engine reference, in order, without duplicates. Never our notes."""
    result: list[Citation] = []
    seen: set[str] = set()
    for part in re.split(r";|\s+\+\s+", reference or ""):
        for c in _part_citations(part):
            key = (
                (c.url or c.title).lower().rstrip("/").replace("http://", "https://").replace("//www.", "//")
            )
            if key not in seen:
                seen.add(key)
                result.append(c)
    return result


# characters: a longer text (a notice quoting someone's message) is worked out each time
_KEPT_UP_TO = 2000


def sources_text(reference: str | None) -> str:
    """Citations as one plain line (e-mail text parts, calendar descriptions, PDFs). Kept per reference up to
    2,000 characters: the engine's references are a few hundred strings, looked up on every page and PDF."""
    if isinstance(reference, str) and len(reference) <= _KEPT_UP_TO:
        return _kept_sources_text(reference)
    return "; ".join(str(c) for c in citations(reference))


@functools.lru_cache(maxsize=4096)
def _kept_sources_text(reference: str) -> str:
    return "; ".join(str(c) for c in citations(reference))


_TEXT_SUBS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\s*\((?:inferred|not confirmed)[^)]*\)", re.IGNORECASE), ""),
    (re.compile(r"\s*\(see\s+(?:program-rules\.md|docs/)[^)]*\)", re.IGNORECASE), ""),
    (
        re.compile(
            r"[,;]?\s*(?:program-rules\.md|docs/rule-choices\.md)(?:\s*§[\w.\-–]+(?:,?\s*[CQq]\d+)*)*"
        ),
        "",
    ),
    (re.compile(r"\(seed\)"), "(an older page)"),
]


def public_text(text: str | None) -> str:
    """A rule text, deadline title or warning without our working notes. Kept per text up to
    :data:`_KEPT_UP_TO` characters (the engine writes the same few thousand sentences again and again; a
    readiness PDF cleans 40), so the cache holds at most 8,192 short texts."""
    if isinstance(text, str) and len(text) <= _KEPT_UP_TO:
        return _kept_public_text(text)
    return _public_text(text)


@functools.lru_cache(maxsize=8192)
def _kept_public_text(text: str) -> str:
    return _public_text(text)


def _public_text(text: str | None) -> str:
    if not text:
        return ""
    out = str(text)
    for pattern, repl in _TEXT_SUBS:
        out = pattern.sub(repl, out)
    out = SEED_RE.sub(lambda m: SEED_NAMES.get(m.group(1), "an older source"), out)
    out = re.sub(r"\(\s*[,;]?\s*\)", "", out)
    out = re.sub(r"\s+([.,;:)])", r"\1", out)
    return re.sub(r"\s{2,}", " ", out).strip()


# ------------------------------------------------------------------------------------------------------------
# The engine's answer as the API shows it
# ------------------------------------------------------------------------------------------------------------

# Keys whose value is an engine reference: shown as the public citations' text, with the citations beside it.
REFERENCE_KEYS = {"reference": "sources", "way_back_reference": "way_back_sources"}
# Keys whose value is prose the engine wrote (titles, verdicts, rule texts): shown without our notes.
PROSE_KEYS = frozenset(
    {
        "answer",
        "consequence",
        "detail",
        "label",
        "limit_text",
        "message",
        "next_step",
        "notes",
        "reason",
        "reasons",
        "summary",
        "text",
        "title",
        "verdict",
        "way_back",
    }
)


@functools.lru_cache(maxsize=4096)
def _public_reference(reference: str) -> tuple[str, tuple[tuple[str, str | None], ...]]:
    found = citations(reference)
    return "; ".join(str(c) for c in found), tuple((c.title, c.url) for c in found)


_public_prose = public_text


def public_evaluation(data: Any) -> Any:
    """The engine's evaluation JSON (``Evaluation.to_dict()``) as users and API clients see it: every
    reference becomes its public citations (``"reference": "Title (address); …"`` and ``"sources":
    [{"title", "url"}]``), every engine-written sentence loses our working notes ("seed 00x",
    "program-rules.md §…", "(inferred)"). Codes, dates and numbers are unchanged. Returns a new structure."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            _public_entry(out, key, value)
        return out
    if isinstance(data, list):
        return [public_evaluation(v) for v in data]
    return data


def _public_entry(out: dict[str, Any], key: str, value: Any) -> None:
    """``out[key]`` for one entry of an evaluation's JSON, as users see it (:func:`public_evaluation`)."""
    if key in REFERENCE_KEYS and (isinstance(value, str) or value is None):
        text, found = _public_reference(value or "")
        out[key] = text
        out[REFERENCE_KEYS[key]] = [{"title": t, "url": u} for t, u in found]
    elif key in PROSE_KEYS and isinstance(value, str):
        out[key] = _public_prose(value)
    elif key in PROSE_KEYS and isinstance(value, list) and all(isinstance(v, str) for v in value):
        out[key] = [_public_prose(v) for v in value]
    else:
        out[key] = public_evaluation(value)


def public_jsonable(evaluation: Any) -> Any:
    """``public_evaluation(jsonable(evaluation))`` in one walk over the engine's answer (the eligibility API,
    where it is a quarter of the view's time): each dataclass's fields go straight to their public form;
    the keys :func:`public_evaluation` rewrites take the JSON value first, so the result is the same
    (``tests/provinces/test_public_answer.py`` compares the two on every named scenario)."""
    kind = type(evaluation)
    if kind in _LEAVES:
        return evaluation
    names = field_names(kind)
    if names is not None:
        out: dict[str, Any] = {}
        for name in names:
            value = getattr(evaluation, name)
            if name in REFERENCE_KEYS or name in PROSE_KEYS:
                _public_entry(out, name, jsonable(value))
            else:
                out[name] = public_jsonable(value)
        return out
    if isinstance(evaluation, (list, tuple)):
        return [public_jsonable(v) for v in evaluation]
    if isinstance(evaluation, dict):
        out = {}
        for key, value in evaluation.items():
            key = str(key)
            if key in REFERENCE_KEYS or key in PROSE_KEYS:
                _public_entry(out, key, jsonable(value))
            else:
                out[key] = public_jsonable(value)
        return out
    return public_evaluation(jsonable(evaluation))  # leaves, enums, dates, sets: as jsonable() has them
