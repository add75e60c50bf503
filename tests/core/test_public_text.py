"""The one sources renderer and the one label helper: what people may see (issue 15, item 7)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.template import Context, Template

from provinces import conflicts, registry
from secor.core.citations import citations, public_text, sources_text
from secor.core.labels import human_errors, label

INTERNAL = re.compile(r"seed\s*0|program-rules|§|\(inferred|docs/|\bC\d+\b|\bq\d+\b", re.IGNORECASE)


def _engine_strings():
    refs, texts, seen = set(), set(), set()

    def walk(obj, depth=0):
        if depth > 8 or isinstance(obj, str | type) or id(obj) in seen:
            return
        seen.add(id(obj))
        if dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                value = getattr(obj, f.name)
                if f.name in ("reference", "source") and isinstance(value, str):
                    refs.add(value)
                elif f.name in ("title", "text", "message") and isinstance(value, str):
                    texts.add(value)
                else:
                    walk(value, depth + 1)
        elif isinstance(obj, dict):
            for value in obj.values():
                walk(value, depth + 1)
        elif isinstance(obj, list | tuple | set | frozenset):
            for value in obj:
                walk(value, depth + 1)

    for province in registry.provinces():
        walk(province)
    for message, reference in conflicts._CATALOGUE.values():
        refs.add(reference)
        texts.add(message)
    return refs, texts


def test_every_engine_reference_renders_as_public_citations_only():
    refs, _texts = _engine_strings()
    assert len(refs) > 50
    for ref in refs:
        for c in citations(ref):
            assert not INTERNAL.search(c.title), (ref, c)
            assert c.url is None or c.url.startswith("http"), (ref, c)


def test_seeds_become_the_public_pages_they_copy():
    (c,) = citations("seed 004 (go2HR, How to participate in SECOR, 2023) step 3")
    assert c.title == "go2HR: How to participate in SECOR (2023), step 3"
    assert c.url.startswith("https://b4pace.go2hr.ca/")
    assert citations("program-rules.md §6 q2 (not confirmed)") == []
    assert "seed" not in sources_text(
        "program-rules.md §4 C8; seed 001; https://www.youracsa.ca/secor-training-requirements/"
    )


def test_titles_and_texts_lose_our_notes():
    assert public_text("Maintenance audit on or before the certification anniversary (inferred)") == (
        "Maintenance audit on or before the certification anniversary"
    )
    _refs, texts = _engine_strings()
    for text in texts:
        cleaned = public_text(text)
        for note in ("(inferred)", "program-rules", "seed 0"):
            assert note not in cleaned, text


def test_the_sources_tag_is_a_builtin_and_escapes():
    html = Template("{% sources ref %}").render(
        Context({"ref": "seed 003 (SCSA SECOR page, 2018); <b>x</b>"})
    )
    assert 'href="https://scsaonline.ca/programs/secor"' in html
    assert "<b>" not in html
    empty = Template("{% sources ref %}").render(Context({"ref": "program-rules.md §6 q2"}))
    assert "confirm this with your certifying partner" in empty


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("full_time_permanent", "Full-time permanent"),
        ("is_assessor", "Assessor"),
        ("course_code", "Course"),
        ("in_review", "In review"),
        ("rag", "Mark"),
        ("GO2HR", "go2HR"),
        ("not_eligible", "Not eligible"),
    ],
)
@pytest.mark.django_db
def test_one_label_helper_for_raw_codes(code, words):
    assert label(code) == words


def test_service_errors_read_as_sentences():
    sentences = human_errors(
        {"ends_on": "Data gathering has not ended yet.", "answers": "6.1: not answered; 6.2: no evidence"}
    )
    assert sentences == [
        "Data gathering ends on: data gathering has not ended yet.",
        "Questions not ready yet: 6.1 (not answered), 6.2 (no evidence).",
    ]


def test_model_help_texts_name_no_notes_of_ours():
    """Help texts show in forms and in the staff admin: public words only (no "docs/…", seeds or sections)."""
    from django.apps import apps

    leaks = [
        f"{model._meta.label}.{field.name}: {field.help_text}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if INTERNAL.search(str(getattr(field, "help_text", "") or ""))
    ]
    assert not leaks, leaks


def test_public_text_keeps_short_texts_only():
    """Cleaned texts are kept per text, but only short ones: a long text (a notice quoting someone's message)
    is cleaned each time and never fills the cache."""
    from secor.core import citations as c

    c._kept_public_text.cache_clear()
    short = "Maintenance audit due (inferred) program-rules.md §4"
    assert c.public_text(short) == c.public_text(short) == "Maintenance audit due"
    assert c._kept_public_text.cache_info().hits == 1
    long = "A reviewer's message. " * 200
    assert c.public_text(long) == long.strip()
    assert c._kept_public_text.cache_info().currsize == 1
