"""Template builtins (loaded in every template: pages, e-mails, PDFs) for what people may see:

* ``{% sources reference %}``: the public pages behind a rule (title + address), never our notes;
* ``|sources_text``: the same as one plain line (text e-mails, PDFs);
* ``|public``: a rule text, deadline title or warning without our working notes;
* ``|label``: words for a raw code; ``|partner``: a certifying partner as people write it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from secor.core import citations, labels

register = template.Library()

NO_SOURCE = "No published page yet: confirm this with your certifying partner."


@register.simple_tag
def sources(reference: str | None, empty: str = NO_SOURCE) -> SafeString:
    found = citations.citations(reference)
    if not found:
        return format_html('<span class="sources muted">{}</span>', empty) if empty else SafeString("")
    items = format_html_join(
        "; ",
        "{}",
        (
            (
                format_html('<a href="{}" rel="noopener external">{}</a>', c.url, c.title)
                if c.url
                else c.title,
            )
            for c in found
        ),
    )
    return format_html('<span class="sources">{}</span>', items)


@register.filter(name="sources_text")
def sources_text(reference: str | None) -> str:
    return citations.sources_text(reference) or NO_SOURCE


@register.filter(name="public")
def public(text: str | None) -> str:
    return citations.public_text(text)


@register.filter(name="label")
def label(code: Any) -> str:
    return labels.label(code)


@register.filter(name="value_text")
def value_text(value: Any) -> str:
    return labels.value_text(value)


@register.filter(name="partner")
def partner(value: Any) -> str:
    if hasattr(value, "name") or isinstance(value, Mapping):
        return labels.partner_display(value)
    return labels.partner_name(str(value or ""))
