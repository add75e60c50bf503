"""The error answers every API operation can give, written into the OpenAPI schema (issue 12: the schema is
the contract, and schemathesis checks that every status code the API answers is documented).

drf-spectacular documents only the success answer an operation declares. This post-processing hook
(``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``) adds, where the operation does not already say more:

- **400** ``ValidationErrors``: field errors (``{"field": ["message"]}``), ``{"detail": "…"}`` for a rule of
  the domain, or ``{"detail": "…"}`` from the middleware that refuses characters PostgreSQL cannot store
  (any operation can answer it: the middleware looks at every path, query string and body).
- **403** ``ErrorDetail``: not logged in (the API answers 403, not 401: session authentication comes first
  in ``DEFAULT_AUTHENTICATION_CLASSES``), an expired or unknown token, a missing second factor, or a record
  the user may read but not change.
- **404** ``ErrorDetail``: a record named in the path, a parameter or the body is missing (another tenant's
  record answers exactly like a missing one), or a page past the end.
- **429** ``ErrorDetail``: for operations with a throttle.
"""

from __future__ import annotations

import re

from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers

METHODS = {"get", "post", "put", "patch", "delete"}

ERROR_DETAIL = {
    "type": "object",
    "description": "An error with one sentence for the person reading it.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERRORS = {
    "type": "object",
    "description": (
        "The request was refused and changed nothing. Field errors are listed under the field's name (a list "
        "of sentences; for a list in the body, a list with one entry per item, empty where the item was "
        "fine); a rule of the domain or a character that cannot be stored answers under `detail`."
    ),
    "additionalProperties": {},
}

_DESCRIPTIONS = {
    "400": "Refused: the request is not valid (nothing was changed).",
    "403": "Not logged in, token expired or unknown, second factor missing, or not allowed to change this.",
    "404": "Not found (or not visible to you).",
    "429": "Too many requests: try again later.",
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(code: str, schema: str) -> dict:
    return {"description": _DESCRIPTIONS[code], "content": {"application/json": {"schema": _ref(schema)}}}


def _throttled(generator) -> set[tuple[str, str]]:
    """(path, method) of the operations whose view has a throttle."""
    out = set()
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        view = getattr(callback, "cls", None)
        if view is not None and getattr(view, "throttle_classes", None):
            out.add((path, method.lower()))
    return out


def document_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", ERROR_DETAIL)
    schemas.setdefault("ValidationErrors", VALIDATION_ERRORS)
    throttled = _throttled(generator)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            # 404: a record named in the path, a query parameter or the body is missing or not yours, or a
            # page past the end.
            codes = {"400", "403", "404"}
            if (path, method) in throttled:
                codes.add("429")
            for code in sorted(codes):
                schema = "ValidationErrors" if code == "400" else "ErrorDetail"
                documented = responses.setdefault(code, _response(code, schema))
                # An error declared with a description only still answers a JSON body.
                documented.setdefault("content", {"application/json": {"schema": _ref(schema)}})
    return result


_DECIMAL = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")


def _decimal_pattern(pattern: str) -> str:
    """drf-spectacular's decimal pattern (``^-?\\d{0,8}(?:\\.\\d{0,2})?$``) also matches "", "-" and ".",
    which are not numbers: at least one digit is required."""
    found = _DECIMAL.match(pattern)
    if not found:
        return pattern
    whole, places = int(found.group(1)), int(found.group(2))
    if whole == 0:
        return rf"^-?(?:0|0?\.\d{{1,{places}}})$"
    if places == 0:
        return rf"^-?\d{{1,{whole}}}$"
    return rf"^-?(?:\d{{1,{whole}}}(?:\.\d{{0,{places}}})?|\.\d{{1,{places}}})$"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with request bodies documented as JSON (``REST_FRAMEWORK
    ["DEFAULT_SCHEMA_CLASS"]``). Form encodings cannot say ``null``, an empty list or an object, so a body the
    schema allows would be refused in them; operations that take a file are documented as
    ``multipart/form-data`` only. The parsers themselves are unchanged."""

    def map_parsers(self):
        types = super().map_parsers()
        if self._takes_file():
            return [t for t in types if t.startswith("multipart/")] or types
        return [t for t in types if t == "application/json"] or types

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        result = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(result, dict):
            if result.get("format") == "decimal" and "pattern" in result:
                result["pattern"] = _decimal_pattern(result["pattern"])
                min_value = getattr(field, "min_value", None)
                if min_value is not None and min_value >= 0:  # no minus sign (a string cannot say minimum)
                    result["pattern"] = result["pattern"].replace("^-?", "^", 1)
            # A list that refuses to be empty (``allow_empty=False``) says so.
            if result.get("type") == "array" and getattr(field, "allow_empty", True) is False:
                result.setdefault("minItems", 1)
        return result

    def _takes_file(self) -> bool:
        serializer = force_instance(self.get_request_serializer())
        fields = (
            getattr(serializer, "fields", None) if isinstance(serializer, serializers.Serializer) else None
        )
        if not fields:
            return False
        return any(isinstance(f, serializers.FileField) for f in fields.values())
