"""Proxy headers count only when the request came from a configured proxy.

``X-Forwarded-For`` and ``X-Forwarded-Proto`` are just headers: any client can send them. Trusting them from
anyone let a client pick its own IP address (and so its own throttle bucket: the public eligibility check
was unthrottled by varying the header) and claim https. ``TRUSTED_PROXIES`` (addresses or networks,
e.g. the reverse proxy of docker-compose) lists the peers whose headers are believed:

- from a trusted peer, the client address is the right-most ``X-Forwarded-For`` entry that is not itself a
  trusted proxy, and it replaces ``REMOTE_ADDR`` (DRF's throttles then key on it, ``NUM_PROXIES = 0``);
  ``X-Forwarded-Proto`` stays for ``SECURE_PROXY_SSL_HEADER``;
- from anyone else, every forwarding header is removed before any other middleware sees it.

This middleware comes first in ``MIDDLEWARE`` (before ``SecurityMiddleware``'s https redirect)."""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def parse_networks(values: list[str]) -> list[IPv4Network | IPv6Network]:
    try:
        return [ip_network(v.strip(), strict=False) for v in values if v.strip()]
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = parse_networks(list(getattr(settings, "TRUSTED_PROXIES", [])))

    def is_trusted(self, address: str) -> bool:
        try:
            ip = ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def client_address(self, peer: str, forwarded_for: str) -> str:
        """The right-most address in ``X-Forwarded-For`` that is not a trusted proxy (else the peer)."""
        client = peer
        for entry in reversed(forwarded_for.split(",")):
            entry = entry.strip()
            try:
                ip_address(entry)
            except ValueError:
                break  # garbage in the chain: stop at the last address we could believe
            client = entry
            if not self.is_trusted(entry):
                break
        return client

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        if self.networks and self.is_trusted(peer):
            forwarded_for = meta.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded_for:
                meta["REMOTE_ADDR"] = self.client_address(peer, forwarded_for)
        else:
            for header in FORWARDING_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
