"""Believing a reverse proxy's ``X-Forwarded-*`` headers only when the proxy sent them.

With ``PROXY_FIX`` pb runs behind a proxy that terminates HTTPS and says, in ``X-Forwarded-For``,
whom it serves. Anyone else who reaches pb's port could send the same header and choose the
address their wrong ballot codes are counted under — a fresh one per guess. So the headers are
read (one hop, as :class:`~werkzeug.middleware.proxy_fix.ProxyFix` does) only from the addresses
in ``PROXY_ADDRESSES``; from any other address a request keeps its real one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from werkzeug.middleware.proxy_fix import ProxyFix

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def proxy_networks(addresses: str | Iterable[str]) -> tuple[Network, ...]:
    """The configured proxies — a comma-separated string or a list of addresses or networks
    (``10.0.0.0/8``) — as networks. Raises ValueError on anything else."""
    if isinstance(addresses, str):
        addresses = addresses.split(",")
    return tuple(ipaddress.ip_network(a.strip(), strict=False) for a in addresses if a.strip())


class FromTrustedProxies:
    """WSGI middleware: :class:`ProxyFix` for requests from a trusted proxy, nothing for others."""

    def __init__(self, app, addresses: str | Iterable[str]) -> None:
        self.app = app
        self.forwarded = ProxyFix(app, x_for=1, x_proto=1, x_host=1)
        self.proxies = proxy_networks(addresses)

    def _from_proxy(self, remote: str | None) -> bool:
        try:
            address = ipaddress.ip_address(remote or "")
        except ValueError:
            return False
        return any(address in network for network in self.proxies)

    def __call__(self, environ, start_response):
        if self._from_proxy(environ.get("REMOTE_ADDR")):
            return self.forwarded(environ, start_response)
        return self.app(environ, start_response)
