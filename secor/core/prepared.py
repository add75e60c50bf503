"""Queries whose SQL is compiled once per process and run again with new values.

Django builds and compiles the SQL of every queryset afresh. For a query with joins and subqueries that is
most of its cost: on the benchmark machine the query behind "which employer does this session work on, and
may the user see it" took 7 ms to compile and under 2 ms to run. The few queries every page runs have a
fixed shape in which only some values change (the employer's id, the user's id), so their SQL is compiled
once per shape with *marker* values in place of those, and each request runs the same text with the real
values. The database answers every time: only the SQL text is kept, never a result, so tenancy and data
are as live as with the ORM.

Used by :mod:`secor.web.current` (the session's employer, through :mod:`secor.tenancy`) and
:func:`secor.web.activity.notifications_for`. A shape is a hashable value that fixes everything the
builder reads besides the markers (for the tenancy scope: the user's id, role fields and active flag).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.base import ModelState

# Values no real row has (ids are positive): each marks where an argument goes in the compiled params.
MARKER_BASE = -7_103_552_901


def _markers(count: int) -> list[int]:
    return [MARKER_BASE - i for i in range(count)]


class _Compiled(NamedTuple):
    sql: str
    params: tuple[Any, ...]  # with the markers
    slots: tuple[int | None, ...]  # for each param: the argument that replaces it, or None
    alias: str  # the database
    converters: tuple[tuple[int, tuple[list[Any], Any]], ...]  # (column, (functions, expression))


class PreparedQuery:
    """``build(context, *markers)`` returns a queryset (usually a ``values_list``) whose variable values are
    the integer markers; :meth:`rows` runs its SQL with ``args`` in their place. ``shape`` is the key the
    compiled SQL is kept under: it must fix everything ``build`` reads from ``context``.

    Raises ``ValueError`` when a marker does not reach the SQL params unchanged (the ORM transformed it),
    so a builder that cannot be prepared fails loudly at its first use, in the tests."""

    def __init__(self, build: Callable[..., QuerySet], *, nargs: int, maxsize: int = 1024) -> None:
        self.build = build
        self.nargs = nargs
        self.maxsize = maxsize
        self._compiled: OrderedDict[Hashable, _Compiled] = OrderedDict()
        self._lock = threading.Lock()

    def compiled(self, shape: Hashable, context: Any = None) -> _Compiled:
        with self._lock:
            found = self._compiled.get(shape)
            if found is not None:
                self._compiled.move_to_end(shape)
                return found
        markers = _markers(self.nargs)
        queryset = self.build(context, *markers)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        # The ORM's own conversions of the selected columns (SQLite's booleans, UUIDs and timestamps).
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        slots = tuple(
            markers.index(p) if isinstance(p, int) and not isinstance(p, bool) and p in markers else None
            for p in params
        )
        missing = set(range(self.nargs)) - {s for s in slots if s is not None}
        if missing:
            raise ValueError(f"prepared query: argument(s) {sorted(missing)} did not reach the SQL unchanged")
        found = _Compiled(sql, tuple(params), slots, queryset.db, tuple(converters.items()))
        with self._lock:
            self._compiled[shape] = found
            while len(self._compiled) > self.maxsize:
                self._compiled.popitem(last=False)
        return found

    def rows(self, shape: Hashable, args: Sequence[Any], *, context: Any = None) -> list[tuple[Any, ...]]:
        """Run the shape's SQL with ``args``: one tuple per row, the columns in the queryset's order, each
        value converted as the ORM converts it."""
        if len(args) != self.nargs:
            raise TypeError(f"prepared query takes {self.nargs} argument(s), got {len(args)}")
        found = self.compiled(shape, context)
        values = [p if s is None else args[s] for p, s in zip(found.params, found.slots, strict=True)]
        connection = connections[found.alias]
        with connection.cursor() as cursor:
            cursor.execute(found.sql, values)
            rows = cursor.fetchall()
        if not found.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for index, (functions, expression) in found.converters:
                value = row[index]
                for function in functions:
                    value = function(value, expression, connection)
                row[index] = value
            converted.append(tuple(row))
        return converted

    def clear(self) -> None:
        with self._lock:
            self._compiled.clear()


def instances(
    model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]], alias: str
) -> list[Any]:
    """Instances of ``model`` from rows of the columns ``names`` (attribute names), as ``Model.from_db``
    builds them for a queryset with ``only()``: a column not read loads on first access. Without the model's
    ``__init__`` walking every field of every row (on the list page, most of the cost of its 50 rows); for
    models without ``pre_init``/``post_init`` receivers (the stored statuses)."""
    built = []
    for row in rows:
        obj = model.__new__(model)
        obj.__dict__.update(zip(names, row, strict=True))
        state = obj._state = ModelState()
        state.adding = False
        state.db = alias
        built.append(obj)
    return built
