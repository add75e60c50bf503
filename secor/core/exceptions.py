"""The one domain error type. Services raise it; views and the API turn it into a clear message."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule or state problem the user can fix; ``message`` is shown as is, ``extra`` holds field errors."""

    def __init__(self, message: str, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
