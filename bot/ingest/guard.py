"""The SSRF guard: which network addresses an outbound fetch may connect to.

Feeds are user-supplied URLs (`/addsource`), so without a guard anyone in a chat could make the bot read
its own cloud metadata service (169.254.169.254), the database on localhost or a printer on the LAN. The
guard decides on IP addresses only; `bot.ingest.http` resolves each host itself and connects to the very
address it checked, so a DNS answer that changes between check and connect (rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Networks that are never a public feed host. Python's `is_private`/`is_reserved` flags cover most of them;
# they are listed explicitly so the policy does not shift with the Python version and reads as a whole.
_BLOCKED_V4 = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network", includes the unspecified 0.0.0.0
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT (shared address space)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, cloud metadata services
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, includes broadcast 255.255.255.255
    )
)
_BLOCKED_V6 = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "::/128",  # unspecified
        "::1/128",  # loopback
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments (Teredo, ORCHID, benchmarking...)
        "2001:db8::/32",  # documentation
        "fc00::/7",  # unique local (private)
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
# IPv6 forms that carry an IPv4 address: the embedded address decides.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d form
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, compatible, 6to4), else None."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if any(address in net for net in _NAT64) or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _SIX_TO_FOUR:
        return address.sixtofour
    return None


def blocked_kind(address: IPAddress | str) -> str | None:
    """The class of a blocked address as a code, or None if it is public: "unspecified", "loopback",
    "link_local", "multicast", "carrier_grade_nat", "reserved", "private", "scoped" (an IPv6 address with
    a zone) or "non_global". An address carrying an IPv4 one has the class of the IPv4 address. Chats say
    the code in the user's language; `blocked_reason` says it in English."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "scoped"
        inner = embedded_ipv4(ip)
        if inner is not None:
            return blocked_kind(inner)
        if _in_any(ip, _BLOCKED_V6):
            return _kind(ip)
        return None if ip.is_global else "non_global"
    return _kind(ip) if _in_any(ip, _BLOCKED_V4) else None


_KIND_WORDS = {
    "link_local": "link-local",
    "carrier_grade_nat": "carrier-grade NAT",
    "scoped": "scoped IPv6",
    "non_global": "non-global",
}


def blocked_reason(address: IPAddress | str) -> str | None:
    """Why `address` must not be connected to (e.g. "loopback address 127.0.0.1"), or None if it is public."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    kind = blocked_kind(ip)
    if kind is None:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and not ip.scope_id:
        inner = embedded_ipv4(ip)
        if inner is not None:
            return f"{blocked_reason(inner)} (as {ip})"
    return f"{_KIND_WORDS.get(kind, kind)} address {ip}"


def _in_any(
    ip: IPAddress, networks: tuple[ipaddress.IPv4Network, ...] | tuple[ipaddress.IPv6Network, ...]
) -> bool:
    return any(ip in net for net in networks)


def _kind(ip: IPAddress) -> str:
    """The code of the class of a blocked address (see `blocked_kind`)."""
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.IPv4Network("100.64.0.0/10"):
        return "carrier_grade_nat"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    return "reserved"


PRIVATE_NETWORKS_HINT = "set [ingest] allow_private_networks = true to fetch it"
"""Appended to a refusal the operator can lift (a feed on the LAN or on this machine)."""


def literal_refusal(host: str, allow_private: bool) -> str | None:
    """Why a URL whose host is an IP address literal would be refused, or None (also for host names: their
    addresses are only known, and checked, when fetched)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    reason = None if allow_private else blocked_reason(address)
    return f"{reason} ({PRIVATE_NETWORKS_HINT})" if reason else None


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """What the guard allows: everything public, plus private networks when configured, plus named hosts.

    `allowed_hosts` exempts exact host names (lowercase) an operator trusts, e.g. an intranet feed server;
    a redirect from such a host to another private address is still refused.
    """

    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def create(cls, allow_private: bool = False, allowed_hosts: Collection[str] = ()) -> AddressPolicy:
        return cls(allow_private, frozenset(h.lower().rstrip(".") for h in allowed_hosts))

    def refusal(self, host: str, address: IPAddress | str) -> str | None:
        """The reason to refuse connecting to `address` (resolved from `host`), or None to allow it."""
        if self.allow_private or host.lower().rstrip(".") in self.allowed_hosts:
            return None
        return blocked_reason(address)
