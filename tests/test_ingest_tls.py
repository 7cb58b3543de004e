"""HTTPS through the guarded backend: we dial the checked IP, yet TLS verifies the host name (SNI kept)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from aiohttp import web

from bot.config import IngestSettings
from bot.errors import FetchError
from bot.ingest.http import SafeClient

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl command not available")


def _self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            f"/CN={name}",
            "-addext",
            f"subjectAltName=DNS:{name}",
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


async def test_https_keeps_the_host_name_for_tls(tmp_path: Path) -> None:
    key, cert = _self_signed(tmp_path, "feed.test")
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    seen_hosts: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen_hosts.append(request.host)
        return web.Response(text="<rss version='2.0'><channel><title>t</title></channel></rss>")

    app = web.Application()
    app.router.add_get("/feed", handler)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    client_context = ssl.create_default_context(cafile=str(cert))
    settings = IngestSettings(allow_private_networks=True, timeout_seconds=2, deadline_seconds=5)
    try:
        async with SafeClient(settings, resolver=resolver, ssl_context=client_context) as safe:
            response = await safe.get(f"https://feed.test:{port}/feed")
            assert response.status == 200 and b"<rss" in response.content
            # The same server reached under another name fails verification: the name, not the IP, is checked.
            with pytest.raises(FetchError):
                await safe.get(f"https://other.test:{port}/feed")
    finally:
        await runner.cleanup()
    assert seen_hosts == [f"feed.test:{port}"]
