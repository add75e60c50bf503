"""Request checks that run before any view touches the database.

``UnstorableCharactersMiddleware``: PostgreSQL cannot store a NUL character in text (psycopg refuses with
"A string literal cannot contain NUL (0x00) characters"), and a lone UTF-16 surrogate (``"\\ud800"`` in a
JSON body) cannot even be encoded to UTF-8. Left to the views, either one becomes a 500 wherever the value
reaches a query (a calendar token, a search box, a status filter, a JSON field). One check here covers every
page and API endpoint: the path, the query string, cookies, form fields (names and values, upload file
names) and JSON bodies. A request carrying such a character answers 400 and never reaches a view.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict

# NUL, and the surrogate range (only valid in pairs inside UTF-16, never in stored text).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# In a JSON body's raw bytes, the only ways to one of those: a NUL byte, or a \u escape of NUL or of a
# surrogate (any other byte sequence decodes to storable text or fails to parse). Bodies without them, nearly
# all, are not parsed here; the others are parsed and walked (an escaped backslash before "u0000" is text).
MAYBE_UNSTORABLE_JSON = re.compile(rb"\x00|\\u(?:0000|[dD][89abcdefABCDEF][0-9a-fA-F]{2})")
MESSAGE = "The request contains a character that cannot be stored (a NUL byte or a broken character)."


def has_unstorable(value: Any) -> bool:
    """True if ``value`` (a string, or JSON lists/dicts of them) holds a character PostgreSQL cannot store."""
    if isinstance(value, str):
        return UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(has_unstorable(k) or has_unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_unstorable(v) for v in value)
    return False


def _any_text(values: Iterable[str]) -> bool:
    return any(UNSTORABLE.search(v) for v in values)


def _is_json(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json")


def request_has_unstorable(request: HttpRequest) -> bool:
    """Look at everything a view might store or query with: path, query, cookies, form fields, JSON body."""
    if UNSTORABLE.search(request.path) or UNSTORABLE.search(request.path_info):
        return True
    for key, values in request.GET.lists():
        if UNSTORABLE.search(key) or _any_text(values):
            return True
    if _any_text(request.COOKIES.keys()) or _any_text(request.COOKIES.values()):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if _is_json(request):
        if not MAYBE_UNSTORABLE_JSON.search(request.body or b""):
            return False  # no NUL byte and no escape that could decode to one or to a surrogate
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            return False  # not JSON: the parser answers 400 with its own message
        return has_unstorable(body)
    if request.content_type == "application/x-www-form-urlencoded" and request.method != "POST":
        # Django parses form bodies of POST only; DRF also reads them for PUT/PATCH.
        form = QueryDict(request.body, encoding=request.encoding)
        return any(UNSTORABLE.search(k) or _any_text(v) for k, v in form.lists())
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # Read the raw body first (kept on the request): the form is then parsed from that copy, and DRF can
        # still read the body itself (a JSON-only endpoint answers 415 to a form, not "empty data").
        request.body  # noqa: B018
        for key, values in request.POST.lists():
            if UNSTORABLE.search(key) or _any_text(values):
                return True
        for key, files in request.FILES.lists():
            if UNSTORABLE.search(key) or _any_text(f.name or "" for f in files):
                return True
    return False


class UnstorableCharactersMiddleware:
    """Answer 400 (JSON for ``/api/``, plain text elsewhere) to a request carrying NUL or a lone surrogate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_unstorable(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
