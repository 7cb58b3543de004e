"""Optional operations endpoint on `[ops] http_port`: `/healthz` (JSON) and Prometheus `/metrics`.

`/healthz` answers 200 with {"status": "ok", ...} when the database answers and the scheduler is not
behind, else 503 with {"status": "degraded", ...}, so a container orchestrator can restart a stuck replica.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot import metrics
from bot.records import ChatRef
from bot.services import Services

log = logging.getLogger(__name__)

MAX_LAG_SECONDS = 300.0
"""A scheduler more than this far behind is reported as degraded."""
DB_TIMEOUT_SECONDS = 5.0
HEALTH_PROBE_CHAT = ChatRef("healthz", "healthz")


class HasLag(Protocol):
    worker: str

    def lag_seconds(self) -> float: ...


class OpsServer:
    """An aiohttp server for health and metrics. `start()` returns the bound port (0 picks a free one)."""

    def __init__(
        self,
        services: Services,
        *,
        scheduler: HasLag | None = None,
        host: str | None = None,
        port: int | None = None,
    ) -> None:
        self.services = services
        self.scheduler = scheduler
        self.host = host or services.settings.ops.http_host
        self.port = port if port is not None else (services.settings.ops.http_port or 0)
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics)
        return app

    async def start(self) -> int:
        """Listen; return the port."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        bound = sockets[0].getsockname()[1] if sockets else self.port
        log.info("ops endpoint on http://%s:%s (/healthz, /metrics)", self.host, bound)
        return int(bound)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def database_ok(self) -> bool:
        """Whether the database answers a cheap query within a few seconds."""
        storage = self.services.storage
        try:
            # one indexed lookup: cheap however many articles are stored
            await asyncio.wait_for(
                self.services.call(storage.get_subscription, HEALTH_PROBE_CHAT), DB_TIMEOUT_SECONDS
            )
        except Exception as error:  # any failure means "not ok"; the reason goes to the log
            log.warning("health check: database failed: %r", error)
            return False
        return True

    async def healthz(self, request: web.Request) -> web.Response:
        """GET /healthz."""
        db_ok = await self.database_ok()
        lag = self.scheduler.lag_seconds() if self.scheduler is not None else 0.0
        metrics.SCHEDULER_LAG.set(lag)
        healthy = db_ok and lag <= MAX_LAG_SECONDS
        body = {
            "status": "ok" if healthy else "degraded",
            "db": db_ok,
            "scheduler_lag_seconds": round(lag, 3),
            "scheduler": self.scheduler is not None,
            "worker": self.scheduler.worker if self.scheduler is not None else None,
        }
        return web.json_response(body, status=200 if healthy else 503)

    async def metrics(self, request: web.Request) -> web.Response:
        """GET /metrics in the Prometheus text format."""
        if self.scheduler is not None:
            metrics.SCHEDULER_LAG.set(self.scheduler.lag_seconds())
        return web.Response(
            body=generate_latest(metrics.REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )
