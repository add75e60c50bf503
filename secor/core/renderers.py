"""The API's JSON renderer: DRF's ``JSONRenderer`` output, written by orjson.

DRF turns a response into JSON with the standard library (``json.dumps`` and DRF's ``JSONEncoder``). For the
larger answers (an evaluation is about 19 kB) that is most of the time the response spends after the view:
about 0.37 ms against orjson's 0.015 ms on the eligibility answer (``benchmarks/profile_pages.py``).

The bytes are DRF's: compact separators, UTF-8 (``UNICODE_JSON``), U+2028 and U+2029 escaped, and every
value orjson does not write itself (dates and times, ``Decimal``, lazy translations, …) handed to DRF's own
encoder, so it reads as DRF writes it (``2026-12-01T10:00:00.123Z``). Anything else DRF's path is kept for:
an indented answer (the browsable API, ``Accept: application/json; indent=4``), ``ensure_ascii``, and any
value orjson refuses (an integer beyond 64 bits, …), which DRF then renders or refuses as before.
``tests/core/test_renderers.py`` compares the two byte for byte. One difference: a NaN or infinite float,
which DRF's strict JSON refuses with an error, is written as ``null``.
"""

from __future__ import annotations

from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
_DEFAULT = JSONEncoder().default  # DRF's conversions of the values JSON has no type for
_LINE_SEPARATORS = ("\u2028".encode(), "\u2029".encode())


class JSONRenderer(DRFJSONRenderer):
    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if self.ensure_ascii or not self.compact or not self.strict:
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            out = orjson.dumps(data, default=_DEFAULT, option=_OPTIONS)
        except (orjson.JSONEncodeError, TypeError, ValueError):
            return super().render(data, accepted_media_type, renderer_context)
        if _LINE_SEPARATORS[0] in out or _LINE_SEPARATORS[1] in out:
            # Valid JSON but not valid JavaScript source: DRF escapes them.
            out = out.replace(_LINE_SEPARATORS[0], b"\\u2028").replace(_LINE_SEPARATORS[1], b"\\u2029")
        return out
