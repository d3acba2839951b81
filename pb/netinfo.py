"""Where this machine can be reached on the local network (for phones in a debate hall)."""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine's network interfaces, loopback excluded, private first.

    Nothing is sent on the network: on Linux the interfaces are asked directly, elsewhere the
    host name is resolved.
    """
    found: list[str] = []
    if sys.platform.startswith("linux"):
        found = _linux_interface_addresses()
    if not found:
        try:
            found = socket.gethostbyname_ex(socket.gethostname())[2]
        except OSError:
            found = []
    usable = []
    for text in dict.fromkeys(found):
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        if address.is_loopback or address.is_link_local or address.is_unspecified:
            continue
        usable.append(address)
    usable.sort(key=lambda a: (not a.is_private, str(a)))
    return [str(a) for a in usable]


def _linux_interface_addresses() -> list[str]:
    import fcntl

    siocgifaddr = 0x8915
    result = []
    for _index, name in socket.if_nameindex():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                packed = fcntl.ioctl(
                    sock.fileno(), siocgifaddr, struct.pack("256s", name.encode()[:15])
                )
            except OSError:
                continue
            result.append(socket.inet_ntoa(packed[20:24]))
    return result


def default_public_url(port: int) -> str:
    """The base URL printed QR codes carry when ``PB_PUBLIC_URL`` is not set."""
    addresses = lan_addresses()
    host = addresses[0] if addresses else "127.0.0.1"
    return f"http://{host}:{port}"
