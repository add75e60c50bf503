"""E-mail backends that fail, to test retries. ``FAILURES`` is how many sends fail before one succeeds."""

from __future__ import annotations

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend as LocMem

state = {"failures": 0, "calls": 0}


class FlakyBackend(LocMem):
    def send_messages(self, messages):
        state["calls"] += 1
        if state["failures"] > 0:
            state["failures"] -= 1
            raise SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)
