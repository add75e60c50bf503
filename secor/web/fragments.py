"""A fingerprint of what renders the HTML kept in the cache (portfolio rows, dashboard cards, audits card).

Cached fragments are keyed on the data's version and on this: a deployment that changes a template, a
template tag or a label starts from fresh fragments instead of serving the old markup until the data
changes."""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings


@functools.cache
def render_version() -> str:
    base = settings.BASE_DIR
    digest = hashlib.sha256()
    for folder, pattern in (("templates", "**/*.html"), ("secor/core", "**/*.py"), ("secor/web", "**/*.py")):
        for path in sorted((base / folder).glob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Pages kept whole in the cache (the dashboard, a list's body) hold this where the request's CSRF token goes.
CSRF_PLACEHOLDER = "csrf-token-placeholder-9d2e41"


def with_csrf_token(request, html: str) -> str:
    """Kept HTML with this request's CSRF token in place of :data:`CSRF_PLACEHOLDER` (and the CSRF cookie
    sent, as ``{% csrf_token %}`` would)."""
    from django.middleware.csrf import get_token

    return html.replace(CSRF_PLACEHOLDER, get_token(request))
