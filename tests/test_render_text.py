"""The platform-neutral layout and the terminal renderer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.chat import Button, Reply
from bot.i18n import t
from bot.platforms import rtl
from bot.platforms.layout import format_date, highlight_spans, layout_reply, safe_url
from bot.platforms.render_text import render_digest_text, render_text
from digests.model import Digest
from tests.render_samples import NOW, arabic_digest, english_digest, outlets_digest, search_page


def test_english_digest_text() -> None:
    text = render_digest_text(english_digest(), "en")
    lines = text.splitlines()
    assert lines[0] == "📰 News digest — 5 March 2026"
    assert "Topics: 1 · Articles: 10" in text
    assert "1. Ceasefire talks" in lines
    assert (
        "• Negotiators met again on Friday <in Cairo>. — Wire Service <https://wire.example/talks>" in lines
    )
    # Eight other outlets: six named, then "+2 more".
    also = next(line for line in lines if line.startswith("Also in: "))
    assert also.count("Outlet ") == 6 and also.endswith("+2 more")
    assert not any(char in text for char in (rtl.RLM, rtl.LRM, rtl.LRI, rtl.PDI))


def test_arabic_digest_text_has_arabic_date_digits_and_words() -> None:
    text = render_digest_text(arabic_digest(2), "ar")
    assert text.splitlines()[0] == "📰 موجز الأخبار — ٢٩ نوفمبر ٢٠٢٦"
    assert "١. قمة 1 & <التقنية> 📱" in text
    assert "وردت أيضًا في: BBC News" in text
    # Article text stays verbatim: its own digits are not localised.
    assert "iPhone 1 Pro" in text


def test_empty_digest_says_so_in_both_languages() -> None:
    empty = Digest(date=date(2026, 1, 2), language="all", topics=(), generated_at=NOW)
    assert "No news in this period yet." in render_digest_text(empty, "en")
    assert "لا أخبار في هذه الفترة بعد." in render_digest_text(empty, "ar")


def test_search_text_with_buttons() -> None:
    reply = Reply("en", search=search_page(), buttons=(Button("Next ›", "/search Apple page:2"),))
    text = render_text(reply)
    assert "🔎 Results for “Apple” — page 1" in text
    assert "Wire Service · 29 November 2026" in text
    assert "Also in: BBC News, الجزيرة" in text
    assert text.endswith("[Next ›] /search Apple page:2")
    # A javascript: link is never shown as a link.
    assert "javascript:" not in text


def test_text_reply_paragraphs_and_directions() -> None:
    layout = layout_reply(Reply("ar", text="مرحبا بك\n/subscribe 08:00 Asia/Riyadh\n\n/search كلمات البحث"))
    assert [block.kind for block in layout.blocks] == ["text", "text"]
    first, second = layout.blocks
    assert [line.direction for line in first.lines] == ["rtl", "ltr"]
    assert second.lines[0].direction == "rtl"
    assert layout.direction == "rtl" and layout.kind == "text"


def test_text_with_bidi_for_terminals_that_support_it() -> None:
    text = render_text(Reply("ar", text="شركة Apple"), bidi=True)
    assert text == f"{rtl.RLM}شركة {rtl.LRI}Apple{rtl.PDI}"


def test_dates() -> None:
    assert format_date(date(2026, 5, 1), "en") == "1 May 2026"
    assert format_date(date(2026, 5, 1), "ar") == "١ مايو ٢٠٢٦"


def test_highlight_spans_clip_overlaps() -> None:
    spans = highlight_spans("abcdef", [(4, 9), (1, 3), (2, 4)])
    assert [(span.text, span.bold) for span in spans] == [
        ("a", False),
        ("bc", True),
        ("d", True),
        ("ef", True),
    ]
    assert "".join(span.text for span in spans) == "abcdef"


def test_safe_url() -> None:
    assert safe_url(" https://x.example/a ") == "https://x.example/a"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("file:///etc/passwd") is None
    assert safe_url("https://x.example/a b") is None
    assert safe_url(None) is None


def test_an_english_topic_in_an_arabic_digest_reads_left_to_right() -> None:
    arabic, english = arabic_digest(1), english_digest()
    mixed = replace(arabic, topics=arabic.topics + english.topics, language="all")
    layout = layout_reply(Reply("ar", digest=mixed))
    _, first, second = layout.blocks
    assert [line.direction for line in first.lines] == ["rtl"] * len(first.lines)
    # The topic's own lines are LTR; its "also in" line is in the reply's words, so RTL. All of them are
    # aligned right, as every line of an Arabic reply.
    assert [line.direction for line in second.lines] == ["ltr", "ltr", "ltr", "rtl"]
    assert {line.align for block in layout.blocks for line in block.lines} == {"rtl"}
    assert second.lines[0].text == "٢. Ceasefire talks"  # one numbering style per reply


def test_terminal_text_drops_bidi_overrides_from_articles() -> None:
    assert render_text(Reply("en", text="safe \u202eevil\u202c text")) == "safe evil text"


def test_english_replies_are_not_realigned() -> None:
    layout = layout_reply(Reply("en", text="Hello\nمرحبا بكم جميعا", digest=english_digest()))
    assert {line.align for block in layout.blocks for line in block.lines} == {None}
    assert [line.direction for line in layout.blocks[0].lines] == ["ltr", "rtl"]


def test_arabic_text_with_bidi_isolates_outlets_with_their_urls() -> None:
    lines = render_text(Reply("ar", digest=outlets_digest()), bidi=True).split("\n")
    RLM, LRI, PDI = rtl.RLM, rtl.LRI, rtl.PDI
    assert lines[4] == (
        f"{RLM}• 🔥 أطلقت شركة {LRI}5G Networks{PDI} خدمة بسرعة {LRI}3.5GHz{PDI} في 12 مدينة — "
        f"{LRI}3ajel <https://3ajel.example/a/1>{PDI}"
    )
    assert lines[6].startswith(
        f"{RLM}وردت أيضًا في: {LRI}7aya News <https://o0.example/>{PDI}، "
        f"{LRI}Sawt <https://o1.example/>{PDI}، "
    )
    assert lines[6].endswith(f"{LRI}Bayan <https://o5.example/>{PDI} و٢ غيرها")
    help_lines = render_text(Reply("ar", text=t("ar", "cmd.help")), bidi=True).split("\n")
    assert f"{RLM}{LRI}/time HH:MM   /timezone TZ   /topics N{PDI}" in help_lines
    assert all(line.startswith(RLM) for line in help_lines if line)


def test_terminal_text_without_bidi_stays_verbatim() -> None:
    text = render_text(Reply("ar", digest=outlets_digest()))
    sentence = "• 🔥 أطلقت شركة 5G Networks خدمة بسرعة 3.5GHz في 12 مدينة — 3ajel <https://3ajel.example/a/1>"
    assert sentence in text.split("\n")
    assert not any(char in text for char in (rtl.RLM, rtl.LRM, rtl.LRI, rtl.RLI, rtl.PDI))
    help_text = render_text(Reply("ar", text=t("ar", "cmd.help")))
    assert "/time HH:MM   /timezone TZ   /topics N" in help_text.split("\n")
