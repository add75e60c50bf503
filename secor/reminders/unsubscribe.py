"""One-click unsubscribe for reminder e-mails (RFC 2369 ``List-Unsubscribe`` + RFC 8058
``List-Unsubscribe-Post``).

Each e-mail carries a signed link naming its recipient and its reminder kind. A mail client's one-click POST
to it mutes that kind for that person (no log-in: the signature is the credential, like the calendar token); a
person who opens it in a browser sees what it will do and confirms. ``ALL`` (digests) mutes every kind.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "secor.reminders.unsubscribe"
ALL = "*"


def token_for(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        return None
    return data["u"], data["k"]


def unsubscribe_url(user_id: int, kind: str) -> str:
    return settings.SITE_URL + reverse("reminders:unsubscribe", args=[token_for(user_id, kind)])


def mute_setting_url(kind: str | None = None) -> str:
    """The notifications page, scrolled to (and highlighting) the mute switch of ``kind``."""
    url = settings.SITE_URL + reverse("reminders:notifications")
    return f"{url}?kind={kind}#mute-{kind}" if kind and kind != ALL else f"{url}#preferences"


def headers(user_id: int, kind: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
