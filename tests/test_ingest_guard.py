"""The SSRF guard on every address class, and the resolving backend that connects only to checked IPs."""

from __future__ import annotations

import pytest

from bot.errors import BlockedAddress, FetchError
from bot.ingest.guard import AddressPolicy, blocked_reason, literal_refusal
from bot.ingest.http import GuardedBackend

BLOCKED = {
    "127.0.0.1": "loopback",
    "127.255.0.7": "loopback",
    "::1": "loopback",
    "10.1.2.3": "private",
    "172.16.5.4": "private",
    "192.168.1.1": "private",
    "fd12:3456::1": "private",
    "169.254.169.254": "link-local",
    "fe80::1": "link-local",
    "100.64.0.1": "carrier-grade NAT",
    "100.127.255.254": "carrier-grade NAT",
    "0.0.0.0": "unspecified",
    "::": "unspecified",
    "224.0.0.1": "multicast",
    "ff02::1": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "",
    "192.0.2.10": "",
    "2001:db8::5": "",
    # IPv6 forms that carry a blocked IPv4 address
    "::ffff:127.0.0.1": "loopback",
    "::ffff:169.254.169.254": "link-local",
    "::ffff:10.0.0.1": "private",
    "64:ff9b::a00:1": "private",
    "64:ff9b::7f00:1": "loopback",
    "64:ff9b::a9fe:a9fe": "link-local",
    "2002:7f00:1::": "loopback",
    "::127.0.0.1": "loopback",
}
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
]


@pytest.mark.parametrize(("address", "kind"), sorted(BLOCKED.items()))
def test_blocked_address_classes(address: str, kind: str) -> None:
    reason = blocked_reason(address)
    assert reason is not None, address
    assert kind in reason


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(address) is None


def test_policy_allows_private_only_when_configured() -> None:
    assert AddressPolicy.create(False).refusal("h", "10.0.0.1") is not None
    assert AddressPolicy.create(True).refusal("h", "10.0.0.1") is None
    exempt = AddressPolicy.create(False, allowed_hosts=["Intranet.Test."])
    assert exempt.refusal("intranet.test", "10.0.0.1") is None
    assert exempt.refusal("other.test", "10.0.0.1") is not None


def test_literal_refusal_names_the_setting_that_lifts_it() -> None:
    """`sources add http://10.0.0.1/feed` can be refused at once; host names wait for the fetch."""
    refusal = literal_refusal("10.0.0.1", allow_private=False)
    assert refusal == "private address 10.0.0.1 (set [ingest] allow_private_networks = true to fetch it)"
    assert "loopback" in (literal_refusal("[::1]", allow_private=False) or "")
    assert literal_refusal("10.0.0.1", allow_private=True) is None
    assert literal_refusal("93.184.216.34", allow_private=False) is None
    assert literal_refusal("localhost", allow_private=False) is None


async def test_backend_refuses_before_connecting() -> None:
    calls: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["169.254.169.254"]

    backend = GuardedBackend(AddressPolicy.create(False), resolver)
    with pytest.raises(BlockedAddress, match="link-local"):
        await backend.connect_tcp("metadata.test", 80, timeout=1)
    assert calls == ["metadata.test"]
    with pytest.raises(BlockedAddress, match=r"loopback .*allow_private_networks = true"):
        await backend.connect_tcp("127.0.0.1", 80, timeout=1)  # literals are checked without resolving
    with pytest.raises(BlockedAddress, match="loopback"):
        await backend.connect_tcp("[::ffff:127.0.0.1]", 80, timeout=1)
    assert calls == ["metadata.test"]


async def test_backend_skips_blocked_answers_and_connects_to_the_checked_one() -> None:
    """A DNS answer mixing private and public addresses: only the public one is ever dialled."""

    async def resolver(host: str, port: int) -> list[str]:
        return ["10.0.0.7", "192.0.2.1"]  # both blocked: nothing to dial

    backend = GuardedBackend(AddressPolicy.create(False), resolver)
    with pytest.raises(BlockedAddress):
        await backend.connect_tcp("mixed.test", 80, timeout=1)

    async def slow_resolver(host: str, port: int) -> list[str]:
        import asyncio

        await asyncio.sleep(5)
        return ["8.8.8.8"]

    with pytest.raises(FetchError, match="resolving"):
        await GuardedBackend(AddressPolicy.create(False), slow_resolver).connect_tcp(
            "slow.test", 80, timeout=0.1
        )
