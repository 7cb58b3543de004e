# newsbot: a slim image running `newsbot run`. No secrets are baked in: pass them as environment variables.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system newsbot && useradd --system --gid newsbot --home-dir /app --shell /usr/sbin/nologin newsbot

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY digests ./digests
COPY examples ./examples
# a virtual environment: works on the official image and on distribution Pythons that refuse system installs
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir . \
    && mkdir -p /data && chown newsbot:newsbot /data
ENV PATH=/opt/venv/bin:$PATH

USER newsbot
ENV NEWSBOT_DATABASE_URL=sqlite:////data/newsbot.db
VOLUME ["/data"]
# /healthz answers when [ops] http_port is set (the compose file sets it to 9100)
EXPOSE 9100 8443 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import os, sys, urllib.request; port = os.environ.get('NEWSBOT_HEALTH_PORT', '9100'); \
sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status == 200 else 1)"
ENTRYPOINT ["newsbot"]
CMD ["run"]
