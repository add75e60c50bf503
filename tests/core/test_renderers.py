"""The API's JSON renderer (orjson) writes the bytes DRF's own JSONRenderer writes."""

import datetime
import decimal
import uuid
from collections import OrderedDict
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from secor.core import renderers

UTC = datetime.UTC

CASES = {
    "plain": {"a": 1, "b": [True, False, None], "c": "text", "d": 1.5, "e": -0.0, "f": 10**18},
    "unicode": {"name": "Équipe Nord — “quoted” \\ back\nslash", "emoji": "🦺", "tab": "a\tb"},
    "line separators": {"text": "one\u2028two\u2029three"},
    "control characters": {"text": "\x01\x1f\x7f"},
    "dates and times": {
        "day": datetime.date(2028, 2, 29),
        "utc": datetime.datetime(2026, 12, 1, 10, 0, 0, 123456, tzinfo=UTC),
        "utc whole": datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
        "edmonton": datetime.datetime(2026, 12, 1, 3, 0, tzinfo=ZoneInfo("America/Edmonton")),
        "naive": datetime.datetime(2026, 12, 1, 10, 0, 5),
        "time": datetime.time(9, 30, 0, 250000),
        "duration": datetime.timedelta(days=1, seconds=5),
    },
    "other types": {
        "decimal": decimal.Decimal("12.50"),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "lazy": gettext_lazy("Log in"),
        "tuple": (1, 2),
        "bytes": b"abc",
    },
    "non-string keys": {1: "one", 2.5: "x"},
    "nested and ordered": OrderedDict(
        [("z", {"y": [{"x": []}, {}]}), ("a", ReturnList([1], serializer=None))]
    ),
    "return dict": ReturnDict({"id": 3, "name": "Acme"}, serializer=None),
    "list": [1, "two", {"three": 3}],
    "big integer": {"n": 2**70},
    "empty": {},
}


@pytest.mark.parametrize("name", list(CASES))
def test_bytes_are_drf_bytes(name):
    data = CASES[name]
    assert renderers.JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_line_separators_are_escaped():
    out = renderers.JSONRenderer().render({"text": "a\u2028b"})
    assert out == b'{"text":"a\\u2028b"}'


def test_indent_and_none_as_drf():
    ours, theirs = renderers.JSONRenderer(), DRFJSONRenderer()
    data = {"a": [1, {"b": 2}]}
    assert ours.render(data, "application/json; indent=4") == theirs.render(
        data, "application/json; indent=4"
    )
    assert ours.render(data, None, {"indent": 2}) == theirs.render(data, None, {"indent": 2})
    assert ours.render(None) == b""


def test_unknown_type_is_refused_as_drf_refuses_it():
    class Opaque:
        pass

    with pytest.raises(TypeError):
        DRFJSONRenderer().render({"x": Opaque()})
    with pytest.raises(TypeError):
        renderers.JSONRenderer().render({"x": Opaque()})


def test_the_api_answers_with_it(client):
    response = client.get("/api/employers/")
    assert response.status_code in (401, 403)
    assert type(response.accepted_renderer) is renderers.JSONRenderer
    assert response.content == DRFJSONRenderer().render(response.data)
