"""Entry HTML to clean text: scripts, styles, navigation and forms dropped, paragraphs kept.

lxml's HTML parser does the parsing (it copes with any tag soup); the walk below is iterative, so a hostile
document nested thousands of levels deep cannot exhaust the Python stack.
"""

from __future__ import annotations

import html as html_lib
import re

import lxml.etree
import lxml.html

DROPPED = frozenset(
    {
        "script",
        "style",
        "nav",
        "aside",
        "footer",
        "form",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "button",
        "select",
        "textarea",
        "head",
        "title",
        "meta",
        "link",
    }
)
BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "address",
        "details",
        "summary",
        "fieldset",
        "body",
        "html",
    }
)
_PARAGRAPH = "\x00"
_LINE = "\x01"
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TAG_HINT = re.compile(r"<[A-Za-z!/]")
_BLANK_LINES = re.compile(r"\n\s*\n")
# Text reaches the parser already decoded (decode_bytes). Handing libxml2 bare bytes would let it guess
# the encoding again: Latin-1 by default, or a <meta charset> decoded a second time. Naming UTF-8 here,
# and always encoding to UTF-8, also sidesteps lxml's refusal of str with an XML encoding declaration.
_DECODED_TEXT_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def parse_decoded_html(markup: str) -> lxml.html.HtmlElement:
    """Parse an already-decoded HTML page or fragment; raises lxml ParserError or ValueError."""
    return lxml.html.document_fromstring(markup.encode("utf-8"), parser=_DECODED_TEXT_PARSER)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment or page, paragraphs separated by one blank line.

    Plain text (no tags) keeps its own blank-line paragraphs; entities are decoded either way.

    >>> html_to_text("<p>One <b>two</b></p><script>x()</script><p>Three</p>")
    'One two\\n\\nThree'
    """
    # Control characters are never visible text, and two of them serve as break markers below.
    markup = _CONTROLS.sub("", markup)
    if not markup or not markup.strip():
        return ""
    if not _TAG_HINT.search(markup):
        return _plain_text(html_lib.unescape(markup))
    try:
        root = parse_decoded_html(markup)
    except (lxml.etree.ParserError, ValueError):
        return _plain_text(html_lib.unescape(re.sub(r"<[^>]*>", " ", markup)))
    return _assemble(_pieces(root))


def _pieces(root: lxml.etree._Element) -> list[str]:
    """Text pieces in document order, with markers for paragraph and line breaks."""
    out: list[str] = []
    # iterwalk does not visit comments, so remove them first while keeping the text that follows them.
    lxml.etree.strip_elements(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction, with_tail=False)
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if event == "start":
            if not tag or tag in DROPPED:
                # Its "end" event still comes, and emits the tail (text after it, which is visible).
                walker.skip_subtree()
                continue
            if tag in BLOCKS:
                out.append(_PARAGRAPH)
            elif tag == "br":
                out.append(_LINE)
            if element.text:
                out.append(element.text)
        else:
            if tag in BLOCKS:
                out.append(_PARAGRAPH)
            if element.tail:
                out.append(element.tail)
    return out


def _assemble(pieces: list[str]) -> str:
    """Join pieces into paragraphs: whitespace collapsed, <br> kept as a line break, <br><br> as a break."""
    paragraphs: list[str] = []
    for block in "".join(pieces).split(_PARAGRAPH):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split(_LINE)]
        current: list[str] = []
        for line in lines:
            if line:
                current.append(line)
            elif current:
                paragraphs.append("\n".join(current))
                current = []
        if current:
            paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def _plain_text(text: str) -> str:
    paragraphs = (_SPACES.sub(" ", p).strip() for p in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)
