"""Article links: canonical URLs for deduplication (one spelling per article however a feed decorates its
links), and the link shown to readers without its tracking parameters."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that say where a click came from, never which page it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "rb_clickid",
        "s_cid",
        "ncid",
        "cmpid",
        "ocid",
        "at_medium",
        "at_campaign",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")


def is_tracking_param(name: str) -> bool:
    lower = name.lower()
    return lower in TRACKING_PARAMS or lower.startswith(TRACKING_PREFIXES)


def canonical_url(url: str | None) -> str | None:
    """Canonical form of an http(s) URL: scheme and host lower-cased, default port, fragment and tracking
    parameters dropped, remaining parameters sorted, empty path as "/". Other strings come back stripped;
    None and blank give None.

    >>> canonical_url("HTTPS://News.Example.org:443/a?utm_source=rss&b=2&a=1#top")
    'https://news.example.org/a?a=1&b=2'
    """
    if url is None or not url.strip():
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return text
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username is not None:
        credentials = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{credentials}@{netloc}"
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    query = urlencode(sorted(pairs), doseq=False)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def without_tracking(url: str | None) -> str | None:
    """`url` without its tracking parameters, everything else as written (parameter order and escapes,
    fragment); the link digests and search show. None and blank give None.

    >>> without_tracking("https://news.example.org/a?utm_source=rss&id=7#top")
    'https://news.example.org/a?id=7#top'
    """
    if url is None or not url.strip():
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if not parts.query:
        return text
    pairs = parts.query.split("&")
    kept = [pair for pair in pairs if pair and not is_tracking_param(unquote_plus(pair.split("=", 1)[0]))]
    if len(kept) == len(pairs):
        return text
    return urlunsplit(parts._replace(query="&".join(kept)))
