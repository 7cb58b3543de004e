"""Telegram HTML: only accepted tags, everything escaped, split within 4096 UTF-16 units on boundaries."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.chat import Button, Reply
from bot.i18n import t
from bot.platforms import rtl
from bot.platforms.layout import Span
from bot.platforms.render_telegram import TELEGRAM_LIMIT, render_telegram, span_html, utf16_len
from tests.fakes.telegram_html import HtmlError, parse_entities, parse_telegram_html
from tests.render_samples import arabic_digest, english_digest, outlets_digest, search_page

_CONTROLS = re.compile("[\u200e\u200f\u2066-\u2069]")
RLM, LRM, LRI, RLI, PDI = rtl.RLM, rtl.LRM, rtl.LRI, rtl.RLI, rtl.PDI


def plain_utf16_slice(text: str, offset: int, length: int) -> str:
    encoded = text.encode("utf-16-le")
    return encoded[2 * offset : 2 * (offset + length)].decode("utf-16-le")


def visible(text: str) -> str:
    """Text without whitespace and bidi controls: what must survive any split unchanged."""
    return "".join(_CONTROLS.sub("", text).split())


def test_span_escaping() -> None:
    assert span_html(Span('a & <b> "q"')) == 'a &amp; &lt;b&gt; "q"'
    link = span_html(Span("x", bold=True, href='https://e.example/?a=1&b="2"'))
    assert link == '<a href="https://e.example/?a=1&amp;b=&quot;2&quot;"><b>x</b></a>'
    assert parse_telegram_html(link) == "x"


def test_small_digest_is_one_valid_message_without_previews() -> None:
    [message] = render_telegram(Reply("en", digest=english_digest()))
    plain = parse_telegram_html(message.text)
    assert "Negotiators met again on Friday <in Cairo>." in plain
    assert message.disable_preview
    tags = set(re.findall(r"</?([a-z-]+)", message.text))
    assert tags <= {"b", "i", "a"}


def test_sixty_arabic_topics_split_on_topic_boundaries() -> None:
    reply = Reply("ar", digest=arabic_digest(60), buttons=(Button("التالي", "/digest yesterday"),))
    whole = render_telegram(reply, limit=10**9, max_entities=10**9)
    assert len(whole) == 1
    parts = render_telegram(reply)
    assert len(parts) > 2
    plains = [parse_telegram_html(part.text) for part in parts]
    for part, plain in zip(parts, plains, strict=True):
        assert 0 < utf16_len(plain) <= TELEGRAM_LIMIT
        # Telegram silently drops formatting after the 100th entity; the markup stays short too.
        assert len(parse_entities(part.text)[1]) <= 100 and utf16_len(part.text) <= 8192
    # Nothing lost, nothing repeated, and each part after the first starts with a whole topic.
    assert visible("".join(plains)) == visible(parse_telegram_html(whole[0].text))
    for plain in plains[1:]:
        assert re.match(r"^\u200f[١٢٣٤٥٦٧٨٩٠]+\. قمة", plain)
    assert [part.buttons for part in parts[:-1]] == [()] * (len(parts) - 1)
    assert parts[-1].buttons == reply.buttons
    # The titles' & < > are escaped in the markup and come back verbatim in the text.
    assert "قمة 60 & <التقنية> 📱" in plains[-1]


@pytest.mark.parametrize("limit", [200, 333, 1000])
def test_a_single_huge_paragraph_splits_by_lines_then_words_with_tags_rebalanced(limit: int) -> None:
    digest = arabic_digest(1, sentence_words=400)
    whole = parse_telegram_html(
        render_telegram(Reply("ar", digest=digest), limit=10**9, max_entities=10**9)[0].text
    )
    parts = render_telegram(Reply("ar", digest=digest), limit=limit)
    assert len(parts) > 3
    for part in parts:
        plain, _entities = parse_entities(part.text)  # raises if any tag were unbalanced
        assert utf16_len(plain) <= limit
        assert plain.count(rtl.LRI) + plain.count(rtl.RLI) == plain.count(rtl.PDI)
    assert visible("".join(parse_telegram_html(p.text) for p in parts)) == visible(whole)


def test_a_word_longer_than_the_limit_is_cut_between_characters_not_inside_emoji() -> None:
    text = "👍🏽" * 300 + "x" * 50  # skin-tone emoji: 4 UTF-16 units each, never split from its modifier
    parts = render_telegram(Reply("en", text=text), limit=101)
    plains = [parse_telegram_html(part.text) for part in parts]
    assert all(utf16_len(plain) <= 101 for plain in plains)
    assert visible("".join(plains)) == visible(text)
    for plain in plains:
        body = _CONTROLS.sub("", plain)
        assert not body.startswith("🏽")


def test_long_search_snippet_keeps_the_bold_highlight_across_parts() -> None:
    page = search_page()
    hit = page.hits[0]
    long_hit = replace(hit, snippet="Apple " * 100, highlights=tuple((i * 6, i * 6 + 5) for i in range(100)))
    page = replace(page, hits=(long_hit,))
    parts = render_telegram(Reply("en", search=page), limit=150)
    assert len(parts) > 3
    for part in parts[1:]:
        plain, entities = parse_entities(part.text)
        assert all(entity.tag in ("b", "i", "a") for entity in entities)
        # Every "Apple" in a continuation part is still inside a bold entity.
        bold = [plain_utf16_slice(plain, e.offset, e.length) for e in entities if e.tag == "b"]
        assert all(text.strip(rtl.LRI + rtl.PDI) == "Apple" for text in bold)
        assert plain.count("Apple") == len(bold)


def test_text_replies_keep_previews_and_never_send_empty_parts() -> None:
    [message] = render_telegram(Reply("en", text="See https://x.example"))
    assert not message.disable_preview
    [empty] = render_telegram(Reply("en", text="   "))
    assert parse_telegram_html(empty.text).strip()


def test_the_validator_refuses_what_telegram_refuses() -> None:
    for bad in (
        "<b>x",
        "x</b>",
        "<div>x</div>",
        "a & b",
        '<a href="javascript:x">x</a>',
        "<b><i>x</b></i>",
        "1 < 2",
    ):
        with pytest.raises(HtmlError):
            parse_telegram_html(bad)
    assert (
        parse_telegram_html('<b>a &amp; &lt;b&gt; &#1575;</b> <span class="tg-spoiler">s</span>')
        == "a & <b> ا s"
    )


def test_a_line_with_hundreds_of_highlights_splits_to_keep_every_entity() -> None:
    page = search_page()
    hit = page.hits[1]
    snippet = "word " * 300
    many = replace(hit, snippet=snippet, highlights=tuple((i * 5, i * 5 + 4) for i in range(300)))
    parts = render_telegram(Reply("en", search=replace(page, hits=(many,))))
    assert len(parts) >= 3
    for part in parts:
        assert len(parse_entities(part.text)[1]) <= 100


def validated_lines(reply: Reply) -> list[str]:
    """The reply's single message, checked as the fake Bot API checks it (tags, entities), as HTML lines;
    every isolate is balanced and none crosses the edge of a b, i or a entity."""
    [message] = render_telegram(reply)
    plain, entities = parse_entities(message.text)
    assert _balanced(plain)
    for entity in entities:
        assert _balanced(plain_utf16_slice(plain, entity.offset, entity.length)), entity
    return message.text.split("\n")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += char in (LRI, RLI, rtl.FSI)
        depth -= char == PDI
        if depth < 0:
            return False
    return depth == 0


def test_arabic_digest_isolates_each_outlet_inside_its_link_and_keeps_glued_digits() -> None:
    lines = validated_lines(Reply("ar", digest=outlets_digest()))
    assert lines[3:] == [
        f"{RLM}<b>١. قمة 2026 🌍 للاتصالات</b>",
        f"{RLM}• 🔥 أطلقت شركة {LRI}5G Networks{PDI} خدمة بسرعة {LRI}3.5GHz{PDI} في 12 مدينة — "
        f'<a href="https://3ajel.example/a/1"><i>{LRI}3ajel{PDI}</i></a>',
        f"{RLM}• وقال التقرير إن لقاحات {LRI}COVID-19{PDI} وطائرات {LRI}F-35{PDI} ضمن الصفقة 📦 — "
        f'<a href="https://nabd.example/2"><i>{LRI}Nabd 24{PDI}</i></a>',
        f"{RLM}<i>وردت أيضًا في: </i>"
        f'<a href="https://o0.example/">{LRI}7aya News{PDI}</a>، '
        f'<a href="https://o1.example/">{LRI}Sawt{PDI}</a>، '
        f'<a href="https://o2.example/">{LRI}Al Mersad{PDI}</a>، '
        f'<a href="https://o3.example/">{LRI}4x4 Arabia{PDI}</a>، '
        f'<a href="https://o4.example/">{LRI}Falak{PDI}</a>، '
        f'<a href="https://o5.example/">{LRI}Bayan{PDI}</a> و٢ غيرها',
    ]


def test_every_line_of_an_arabic_help_starts_right_to_left() -> None:
    lines = validated_lines(Reply("ar", text=t("ar", "cmd.help")))
    assert all(line.startswith(RLM) for line in lines if line)
    # Lines made of commands: right-aligned like the rest, read left to right inside one isolate.
    assert f"{RLM}{LRI}/time HH:MM   /timezone TZ   /topics N{PDI}" in lines
    query_terms = "since:2025-01-01   until:2025-01-31   lang:ar   lang:en"
    assert f"{RLM}  {LRI}{query_terms}   source:{RLI}اسم{PDI}   page:2{PDI}" in lines
    assert f"{RLM}  {LRI}/search {RLI}كهرباء{PDI} OR {RLI}وقود{PDI} lang:ar{PDI}" in lines
    # Arabic lines with commands in them keep each command run isolated on its own.
    assert f"{RLM}  {LRI}/search{PDI} الانتخابات -استطلاع {LRI}since:2025-01-01{PDI}" in lines
    usage = validated_lines(Reply("ar", text=t("ar", "cmd.search.usage")))
    assert usage == [
        f"{RLM}الاستخدام: {LRI}/search{PDI} كلمات. أمثلة:",
        f'{RLM}{LRI}/search{PDI} "البنك المركزي" أسعار الفائدة',
        f"{RLM}{LRI}/search {RLI}نفط{PDI} OR {RLI}غاز -أوبك{PDI} lang:ar since:2025-01-01{PDI}",
        f"{RLM}{LRI}/search electricity source:{RLI}اسم{PDI} page:2{PDI}",
    ]


@pytest.mark.parametrize("address", ["::1", "::ffff:127.0.0.1", "fe80::1%eth0"])
def test_a_refused_address_reads_as_typed_in_an_arabic_reply(address: str) -> None:
    [line] = validated_lines(Reply("ar", text=t("ar", "cmd.addsource.refused.loopback", address=address)))
    assert line.startswith(f"{RLM}لن أجلب هذا العنوان: {LRI}{address}{PDI} يشير إلى هذا الجهاز نفسه")
    [english] = validated_lines(Reply("en", text=t("en", "cmd.addsource.refused.loopback", address=address)))
    assert english.startswith(f"{LRM}I will not fetch that address: {address} is this machine itself")


def test_english_help_lines_keep_their_own_direction() -> None:
    lines = validated_lines(Reply("en", text=t("en", "cmd.help")))
    assert f"{LRM}/time HH:MM   /timezone TZ   /topics N" in lines
    assert f"{LRM}  since:2025-01-01   until:2025-01-31   lang:ar   lang:en   source:NAME   page:2" in lines
    assert f"{LRM}  /search {RLI}كهرباء{PDI} OR {RLI}وقود{PDI} lang:ar" in lines


def test_an_english_topic_in_an_arabic_digest_is_right_aligned_and_read_left_to_right() -> None:
    arabic, english = arabic_digest(1), english_digest()
    mixed = replace(arabic, topics=arabic.topics + english.topics, language="all")
    lines = validated_lines(Reply("ar", digest=mixed))
    block = lines[lines.index(f"{RLM}<b>{LRI}٢. Ceasefire talks{PDI}</b>") :]
    assert block == [
        f"{RLM}<b>{LRI}٢. Ceasefire talks{PDI}</b>",
        f"{RLM}{LRI}• Negotiators met again on Friday &lt;in Cairo&gt;. — "
        f'<a href="https://wire.example/talks"><i>Wire Service</i></a>{PDI}',
        f"{RLM}{LRI}• Both sides said progress was made &amp; more is needed. — "
        f'<a href="https://paper.example/t"><i>Daily Paper</i></a>{PDI}',
        f"{RLM}<i>وردت أيضًا في: </i>"
        + "، ".join(f'<a href="https://o{i}.example/">{LRI}Outlet {i}{PDI}</a>' for i in range(6))
        + " و٢ غيرها",
    ]


def test_search_highlights_stay_inside_one_isolate_that_encloses_the_bold_entity() -> None:
    lines = validated_lines(Reply("ar", search=search_page()))
    snippet = f"{RLM}قالت شركة {LRI}<b>Apple</b> Inc{PDI} إن مبيعات {LRI}iPhone{PDI} ارتفعت في الربع الثالث"
    assert snippet in lines
    assert f"{RLM}<i>وردت أيضًا في: </i>{LRI}BBC News{PDI}، الجزيرة" in lines
    # The English hit: right-aligned, its title and snippet each one left-to-right isolate.
    assert lines[-3:] == [
        f"{RLM}{LRI}<b>٢. </b><b>Apple sales up</b>{PDI}",
        f"{RLM}<i>{LRI}Wire Service{PDI} · ٢٩ نوفمبر ٢٠٢٦</i>",
        f"{RLM}{LRI}<b>Apple</b> said sales rose{PDI}",
    ]


@pytest.mark.parametrize("limit", [120, 500])
def test_a_long_english_line_in_an_arabic_reply_splits_into_right_aligned_isolated_pieces(limit: int) -> None:
    text = "مرحبا\n" + "Ceasefire talks resumed in Cairo on 5 March 2026 🕊️, officials said. " * 40
    parts = render_telegram(Reply("ar", text=text), limit=limit)
    assert len(parts) > 2
    for part in parts:
        plain, _entities = parse_entities(part.text)
        assert utf16_len(plain) <= limit and _balanced(plain)
        for line in plain.split("\n"):
            assert line.startswith(RLM)
            assert line == f"{RLM}مرحبا" or (line.startswith(RLM + LRI) and line.endswith(PDI))
    assert visible("".join(parse_telegram_html(p.text) for p in parts)) == visible(text)
