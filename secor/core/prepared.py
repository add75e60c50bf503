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

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, NamedTuple

from django.conf import settings
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
    name: str  # of the server-side prepared statement


def _prepared_on(connection: Any) -> set[str]:
    """The statements prepared on this database session (a new session, e.g. after a reconnect, has none)."""
    raw = connection.connection
    session = (id(raw), raw.get_backend_pid())
    state = getattr(connection, "_secor_prepared", None)
    if state is None or state[0] != session:
        state = connection._secor_prepared = (session, set())
    return state[1]


def _execute_prepared(connection: Any, cursor: Any, found: _Compiled, args: list[Any]) -> None:
    """On PostgreSQL the statement is also prepared on the server, once per database session (``PREPARE``,
    then ``EXECUTE``): parsing and planning, 3 ms of the 4 that the current employer's query took, are not
    repeated at every request. The constant values are written into the statement; the arguments are its
    parameters. One round trip either way (the ``PREPARE`` travels with the first ``EXECUTE``), so query
    counts do not change. Turned off with ``DATABASE_SERVER_PREPARE=0`` (a connection pooler in transaction
    mode, which moves sessions between clients, cannot keep prepared statements)."""
    from psycopg2.extensions import AsIs

    prepared = _prepared_on(connection)
    placeholders = ", ".join(["%s"] * len(args))
    execute = f"EXECUTE {found.name}({placeholders})" if args else f"EXECUTE {found.name}"
    if found.name in prepared:
        try:
            cursor.execute(execute, args or None)
        except Exception:
            prepared.clear()  # e.g. the server session was reset: prepare again next time
            raise
        return
    literal = [
        AsIs(f"${s + 1}") if s is not None else p for p, s in zip(found.params, found.slots, strict=True)
    ]
    body = cursor.cursor.mogrify(found.sql, literal).decode()
    if args:
        body = body.replace("%", "%%")  # the statement text is formatted once more, with the arguments
    cursor.execute(f"PREPARE {found.name} AS {body}; {execute}", args or None)
    prepared.add(found.name)


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
        name = "secor_" + hashlib.sha1(repr((sql, params)).encode(), usedforsecurity=False).hexdigest()[:20]
        found = _Compiled(sql, tuple(params), slots, queryset.db, tuple(converters.items()), name)
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
        connection = connections[found.alias]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and getattr(settings, "DATABASE_SERVER_PREPARE", True):
                _execute_prepared(connection, cursor, found, list(args))
            else:
                cursor.execute(
                    found.sql,
                    [p if s is None else args[s] for p, s in zip(found.params, found.slots, strict=True)],
                )
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
