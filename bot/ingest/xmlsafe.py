"""Refuse XML that declares entities, before any parser sees it.

Billion-laughs (nested entity expansion) and quadratic blow-up (one huge entity referenced many times)
both need entity declarations, which live in a DOCTYPE internal subset. No feed or OPML file needs them,
so refusing them up front keeps parsing in bounded time and memory whatever the parser does.
A DOCTYPE without an internal subset (RSS 0.91's Netscape DTD) is harmless and allowed.
"""

from __future__ import annotations

import re

from bot.errors import ParseError

_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(r"""<!DOCTYPE\s[^<>\[]*\[""", re.IGNORECASE)


def refuse_unsafe_xml(text: str, where: str) -> None:
    """Raise ParseError if `text` (decoded XML) has entity declarations or a DOCTYPE internal subset."""
    # Declarations must come before the root element; a text node merely mentioning "<!ENTITY" would be
    # escaped (&lt;) or inside CDATA, where refusing is still the safe side.
    if _ENTITY.search(text):
        raise ParseError(where, "XML with entity declarations is refused (entity expansion attack?)")
    if _DOCTYPE_SUBSET.search(text):
        raise ParseError(where, "XML with a DOCTYPE internal subset is refused")
