"""Slack Block Kit rendering: limits, splitting, escaping (no pings, no injected links), right-to-left."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.chat import Button, Reply
from bot.i18n import t
from bot.platforms.layout import Line, Span
from bot.platforms.render_slack import (
    ACTION_PREFIX,
    MAX_BLOCKS,
    MESSAGE_TEXT_BUDGET,
    SlackMessage,
    block_text_len,
    render_slack,
    utf16_len,
)
from bot.platforms.rtl import LRI, LRM, PDI, RLI, RLM
from bot.platforms.slack_mrkdwn import escape_mrkdwn, line_mrkdwn, link
from tests.fakes.slack_blocks import Posted, parse_like_slack, validate_message
from tests.render_samples import arabic_digest, article, english_digest, outlets_digest, search_page, topic

INJECTIONS = ("<!channel>", "<!here>", "<!everyone>", "<@U0123ABC>", "<!subteam^S123|@team>",
              "<http://evil.example|click me>", "<#C999|secret>", "@here", "@channel", "@everyone")


def sent(messages: list[SlackMessage]) -> list[Posted]:
    """Each message validated by the fake's rules and parsed the way Slack would (pings, links)."""
    out = []
    for message in messages:
        payload = {"channel": "C1", **message.payload()}
        validate_message(payload)
        posted = Posted("test", payload)
        parse_like_slack(posted)
        out.append(posted)
    return out


def section_texts(messages: list[SlackMessage]) -> list[str]:
    return [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"]


def test_sixty_topic_arabic_digest_splits_within_limits() -> None:
    digest = arabic_digest(60)
    buttons = (Button("⬅️ أمس", "/digest yesterday"),)
    messages = render_slack(Reply(language="ar", digest=digest, buttons=buttons))
    posted = sent(messages)  # every payload passes the fake's Block Kit validator
    assert len(messages) >= 2
    for message in messages:
        assert len(message.blocks) <= MAX_BLOCKS
        assert block_text_len(message.blocks) <= MESSAGE_TEXT_BUDGET
    # every topic appears exactly once, in order, and no message is left nearly empty but the last
    numbered = [re.match(r"\*\u200f([٠-٩]+)\. ", text) for text in section_texts(messages)]
    numbers = [int(m.group(1).translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))) for m in numbered if m]
    assert numbers == list(range(1, 61))
    # the header opens the first message, continuation lines open the others with "n/N"
    assert messages[0].blocks[0]["type"] == "header"
    for index, message in enumerate(messages[1:], start=2):
        first = message.blocks[0]
        assert first["type"] == "context"
        assert f"{index}/{len(messages)}".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) in \
            first["elements"][0]["text"]
    # the button is on the last message only
    assert [b["type"] for b in messages[-1].blocks].count("actions") == 1
    assert all(b["type"] != "actions" for m in messages[:-1] for b in m.blocks)
    # & < > from titles arrive escaped; emoji survive; the only links are the articles'
    joined = "\n".join(section_texts(messages))
    assert "&amp; &lt;التقنية&gt; 📱" in joined and "🔥" in joined and "🇸🇦" in joined
    assert all(p.pings == [] for p in posted)
    links = {target for p in posted for target in p.links}
    assert links
    assert all(target.startswith(("https://news.example/", "https://other.example/")) for target in links)


def test_article_links_keep_query_strings_escaped() -> None:
    messages = render_slack(Reply(language="ar", digest=arabic_digest(1)))
    assert "<https://news.example/ar/1?a=1&amp;b=2|وكالة الأنباء>" in section_texts(messages)[0]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injections_in_article_text_are_inert(attack: str) -> None:
    evil = article("x1", f"title {attack}", f"Outlet {attack}", "en", "https://safe.example/a")
    digest = replace(english_digest(), topics=(
        topic(f"Label {attack}", "en", [(f"He said {attack} and left & came back.", evil)]),))
    for reply in (Reply(language="en", digest=digest), Reply(language="ar", text=f"echo {attack}"),
                  Reply(language="en", text=f"{attack}", search=search_page("en"))):
        posted = sent(render_slack(reply))
        assert [p.pings for p in posted] == [[] for _ in posted]
        targets = [target for p in posted for target in p.links]
        assert all(target.startswith("https://") and "evil" not in target for target in targets)


def test_escape_and_link_helpers() -> None:
    assert escape_mrkdwn("a & b <!here> @here @Channel") == \
        "a &amp; b &lt;!here&gt; @\u2060here @\u2060Channel"
    assert link("https://x.example/?a=1&b=<2>|3", "A & <B>") == \
        "<https://x.example/?a=1&amp;b=%3C2%3E%7C3|A &amp; &lt;B&gt;>"


def test_every_mrkdwn_object_is_verbatim() -> None:
    messages = render_slack(Reply(language="en", text="hi", search=search_page("en"),
                                  buttons=(Button("Next", "/search Apple page:2"),)))
    for message in messages:
        for block in message.blocks:
            objects = [block.get("text"), *(block.get("elements") or [])]
            for obj in objects:
                if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                    assert obj["verbatim"] is True


def test_search_page_renders_hits_highlights_and_buttons() -> None:
    reply = Reply(language="ar", search=search_page("ar"),
                  buttons=(Button("التالي ⬅️", "/search Apple page:2"), Button("x" * 100, "/help")))
    (message,) = render_slack(reply)
    sent([message])
    texts = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert "نتائج البحث عن" in texts[0]
    # title linked (query string escaped), matched word bold and isolated inside the Arabic line
    assert "<https://news.example/x?y=1&amp;z=\"2\"|مبيعات &lt;آيفون&gt; &amp; الأسواق>" in texts[1]
    assert f"*{LRI}Apple*" in texts[1]
    # a javascript: URL never becomes a link
    assert "javascript" not in "".join(texts)
    # An English hit in an Arabic reply: right-aligned (RLM), read left to right (one isolate); ordinals
    # follow the reply language.
    assert texts[2] == (
        f"*{RLM}{LRI}٢. Apple sales up{PDI}*\n_{RLM}{LRI}Wire Service{PDI} · ٢٩ نوفمبر ٢٠٢٦_\n"
        f"*{RLM}{LRI}Apple* said sales rose{PDI}"
    )
    actions = message.blocks[-1]
    assert actions["type"] == "actions"
    values = [(e["action_id"], e["value"], e["text"]["text"]) for e in actions["elements"]]
    assert values[0] == (f"{ACTION_PREFIX}:0", "/search Apple page:2", "التالي ⬅️")
    assert utf16_len(values[1][2]) <= 75 and values[1][2].endswith("…")


def test_rtl_lines_start_with_the_mark_inside_bold_and_isolate_latin_runs() -> None:
    texts = section_texts(render_slack(Reply(language="ar", digest=arabic_digest(1))))
    label_line, first_sentence = texts[0].split("\n")[:2]
    assert label_line.startswith("*" + RLM)  # the mark inside the bold run, so Slack still sees *bold*
    assert first_sentence.startswith(RLM + "• ")
    assert f"{LRI}Apple{PDI}" in first_sentence or f"{LRI}Apple" in first_sentence


def test_long_text_splits_into_sections_and_messages() -> None:
    paragraph = "سطر طويل جدا من النص العربي مع English words & symbols < > " * 60
    text = "\n\n".join([paragraph] * 12)
    messages = render_slack(Reply(language="ar", text=text))
    sent(messages)
    assert len(messages) >= 3
    for section in section_texts(messages):
        assert utf16_len(section) <= 3000
    # nothing lost: every word of the input is somewhere in the output
    assert sum(t.count("طويل") for t in section_texts(messages)) == 12 * 60


def test_one_enormous_word_is_cut_between_characters() -> None:
    messages = render_slack(Reply(language="en", text="🙂" * 5000))
    sent(messages)
    assert sum(t.count("🙂") for t in section_texts(messages)) == 5000


def test_empty_digest_and_empty_reply_still_send_something() -> None:
    empty = replace(english_digest(), topics=())
    (message,) = render_slack(Reply(language="en", digest=empty))
    sent([message])
    assert "No news" in message.blocks[1]["text"]["text"]
    (blank,) = render_slack(Reply(language="en"))
    sent([blank])


def test_fallback_text_is_plain_escaped_and_present() -> None:
    messages = render_slack(Reply(language="en", digest=english_digest()))
    assert messages[0].text and "*" not in messages[0].text
    assert "&lt;in Cairo&gt;" in messages[0].text


def test_styles_are_dropped_where_slack_would_misread_them() -> None:
    line = Line((Span("news_agency", italic=True), Span(" "), Span("5*3", bold=True), Span(" in"),
                 Span("side", bold=True), Span(" "), Span("Bold", bold=True)))
    assert line_mrkdwn(line) == "\u200enews_agency 5*3 inside *Bold*"


def test_arabic_outlets_are_isolated_inside_their_links() -> None:
    messages = render_slack(Reply(language="ar", digest=outlets_digest()))
    sent(messages)
    [section] = section_texts(messages)
    assert section.split("\n") == [
        f"*{RLM}١. قمة 2026 🌍 للاتصالات*",
        f"{RLM}• 🔥 أطلقت شركة {LRI}5G Networks{PDI} خدمة بسرعة {LRI}3.5GHz{PDI} في 12 مدينة — "
        f"_<https://3ajel.example/a/1|{LRI}3ajel{PDI}>_",
        f"{RLM}• وقال التقرير إن لقاحات {LRI}COVID-19{PDI} وطائرات {LRI}F-35{PDI} ضمن الصفقة 📦 — "
        f"_<https://nabd.example/2|{LRI}Nabd 24{PDI}>_",
        f"_{RLM}وردت أيضًا في:_ <https://o0.example/|{LRI}7aya News{PDI}>، "
        f"<https://o1.example/|{LRI}Sawt{PDI}>، "
        f"<https://o2.example/|{LRI}Al Mersad{PDI}>، <https://o3.example/|{LRI}4x4 Arabia{PDI}>، "
        f"<https://o4.example/|{LRI}Falak{PDI}>، <https://o5.example/|{LRI}Bayan{PDI}> و٢ غيرها",
    ]


def test_every_line_of_an_arabic_help_starts_right_to_left_in_slack() -> None:
    [arabic] = section_texts(render_slack(Reply(language="ar", text=t("ar", "cmd.search.usage"))))
    assert arabic.split("\n") == [
        f"{RLM}الاستخدام: {LRI}/search{PDI} كلمات. أمثلة:",
        f'{RLM}{LRI}/search{PDI} "البنك المركزي" أسعار الفائدة',
        f"{RLM}{LRI}/search {RLI}نفط{PDI} OR {RLI}غاز -أوبك{PDI} lang:ar since:2025-01-01{PDI}",
        f"{RLM}{LRI}/search electricity source:{RLI}اسم{PDI} page:2{PDI}",
    ]
    [english] = section_texts(render_slack(Reply(language="en", text=t("en", "cmd.search.usage"))))
    assert english.split("\n") == [
        f"{LRM}Usage: /search WORDS. Examples:",
        f'{LRM}/search "central bank" interest rates',
        f"{LRM}/search oil OR gas -opec lang:en since:2025-01-01",
        f"{LRM}/search {RLI}كهرباء{PDI} source:NAME page:2",
    ]


def test_controls_go_inside_bold_and_italic_but_never_across_a_link() -> None:
    highlighted = Line((Span("قالت "), Span("Apple", bold=True), Span(" Inc إن")), "rtl")
    assert line_mrkdwn(highlighted) == f"{RLM}قالت *{LRI}Apple* Inc{PDI} إن"
    closing = Line((Span("عن Apple ", bold=True), Span("Inc", bold=True, italic=True), Span(" اليوم")), "rtl")
    assert line_mrkdwn(closing) == f"*{RLM}عن {LRI}Apple* *_Inc{PDI}_* اليوم"
    linked = Line((Span("في "), Span("Wire 24", italic=True, href="https://w.example/"), Span(" اليوم")),
                  "rtl")
    assert line_mrkdwn(linked) == f"{RLM}في _<https://w.example/|{LRI}Wire 24{PDI}>_ اليوم"
