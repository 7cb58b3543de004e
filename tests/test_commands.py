"""The command layer against a real SQLite database: every command in English and Arabic, permissions in
groups, hostile arguments, the search rate limit, and /addsource refusing unsafe addresses."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.chat import ALL_COMMANDS, Command, Reply
from bot.commands import CommandLayer
from bot.config import ChatSettings, Settings
from bot.errors import FetchError
from bot.ingest.direct import host_name, is_feed_url, is_unnamed
from bot.records import ChatRef
from bot.services import Services
from bot.storage import Database
from tests.delivery_helpers import CountingBuilder
from tests.storage_helpers import make_article

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
PRIVATE = ChatRef("telegram", "500")
GROUP = ChatRef("telegram", "-100200")
ARABIC = re.compile(r"[\u0600-\u06FF]")


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def public_resolver(host: str, port: int) -> list[str]:
    """Stands in for DNS: made-up public names resolve to a public documentation-free address."""
    known = {
        "news.example.com": ["93.184.216.34"],
        "sneaky.example.com": ["10.1.2.3"],
        "localhost": ["127.0.0.1"],
        "empty.example": [],
    }
    if host == "nowhere.example":
        raise FetchError(f"{host}:{port}", "cannot resolve host: [Errno -2] Name or service not known")
    return known.get(host, ["8.8.8.8"])


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def layer(sqlite_storage: Database, clock: Clock) -> CommandLayer:
    settings = Settings(chat=ChatSettings(admin_user_ids=frozenset({"telegram:1"}), search_per_minute=3))
    services = Services(
        storage=sqlite_storage,
        settings=settings,
        now=clock,
        build_digest=CountingBuilder(),
        extras={"resolver": public_resolver},
    )
    return CommandLayer(services)


def cmd(
    name: str,
    args: str = "",
    *,
    chat: ChatRef = PRIVATE,
    user: str = "500",
    locale: str | None = "en",
    chat_type: str = "private",
    admin: bool = False,
) -> Command:
    return Command(
        chat=chat, user_id=user, name=name, args=args, locale=locale, chat_type=chat_type, is_chat_admin=admin
    )


async def ask(layer: CommandLayer, name: str, args: str = "", **kw: object) -> Reply:
    reply = await layer.handle(cmd(name, args, **kw))  # type: ignore[arg-type]
    assert isinstance(reply, Reply)
    return reply


def seed_articles(storage: Database) -> None:
    source = storage.add_source("wire", url="https://wire.example/feed")
    stories = [
        make_article(
            f"Dam opens on the river, part {i}",
            f"The new dam on the river opened, report {i}.",
            published=NOW - timedelta(hours=2),
        )
        for i in range(7)
    ]
    stories.append(
        make_article(
            "افتتاح سد جديد على النهر",
            "افتتح السد الجديد على النهر صباح اليوم.",
            language="ar",
            published=NOW - timedelta(hours=1),
        )
    )
    storage.add_articles(source.id, stories, now=NOW - timedelta(hours=1))


# --- every command answers, in both languages


@pytest.mark.parametrize("name", sorted(ALL_COMMANDS))
@pytest.mark.parametrize("locale", ["en", "ar"])
async def test_every_command_answers_in_the_users_language(
    layer: CommandLayer, name: str, locale: str
) -> None:
    reply = await ask(layer, name, locale=locale)
    assert reply.language == locale
    assert reply.text
    first_line = reply.text.splitlines()[0]  # help examples mix both scripts on purpose
    assert bool(ARABIC.search(first_line)) == (locale == "ar")


async def test_help_explains_search_syntax_with_examples(layer: CommandLayer) -> None:
    english = await ask(layer, "help")
    arabic = await ask(layer, "help", locale="ar-SA")
    for reply in (english, arabic):
        for piece in ("/search", '"', " OR ", "since:", "lang:ar", "source:", "/subscribe", "/addsource"):
            assert piece in reply.text
    assert arabic.language == "ar" and "أمثلة" in arabic.text
    assert (await ask(layer, "start", locale=None)).language == "en"  # [chat] default_language


async def test_unknown_command_and_names_with_bot_suffix(layer: CommandLayer) -> None:
    reply = await ask(layer, "frobnicate")
    assert "/frobnicate" in reply.text and "/help" in reply.text
    assert "يعرف" not in reply.text
    assert (await ask(layer, "/HELP@newsbot")).text == (await ask(layer, "help")).text
    hostile = await ask(layer, "x" * 5000 + "\x00<b>")
    assert len(hostile.text) < 200


# --- subscriptions and settings


async def test_subscribe_defaults_then_time_and_timezone(
    layer: CommandLayer, sqlite_storage: Database
) -> None:
    reply = await ask(layer, "subscribe")
    assert "08:00" in reply.text and "UTC" in reply.text
    reply = await ask(layer, "subscribe", "Asia/Riyadh 07:30", locale="ar")
    assert reply.language == "ar" and "07:30" in reply.text and "Asia/Riyadh" in reply.text
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and (sub.digest_time, sub.timezone) == (time(7, 30), "Asia/Riyadh")
    assert "06:15" in (await ask(layer, "time", "٠٦:١٥")).text  # Arabic-Indic digits
    assert "Europe/Berlin" in (await ask(layer, "timezone", "Europe/Berlin")).text
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and (sub.digest_time, sub.timezone) == (time(6, 15), "Europe/Berlin")
    settings = await ask(layer, "settings")
    assert (
        "06:15" in settings.text and "Europe/Berlin" in settings.text and "2026-05-05 06:15" in settings.text
    )
    assert (await ask(layer, "unsubscribe")).text != (await ask(layer, "unsubscribe")).text
    assert not sqlite_storage.list_subscriptions()


@pytest.mark.parametrize(
    "args",
    [
        "25:00",
        "7",
        "12:60",
        "Mars/Olympus",
        "../../etc/passwd",
        "08:00 UTC extra",
        "\x00",
        "<script>",
        "9" * 500,
    ],
)
async def test_bad_schedules_get_a_helpful_reply(
    layer: CommandLayer, sqlite_storage: Database, args: str
) -> None:
    reply = await ask(layer, "subscribe", args)
    assert any(word in reply.text for word in ("HH:MM", "Usage", "timezone", "IANA"))
    assert sqlite_storage.get_subscription(PRIVATE) is None
    assert "\x00" not in reply.text


@pytest.mark.parametrize(
    ("typed", "zone", "shown_en", "shown_ar"),
    [
        ("asia/riyadh", "Asia/Riyadh", "Asia/Riyadh", "Asia/Riyadh"),
        ("Riyadh", "Asia/Riyadh", "Asia/Riyadh", "Asia/Riyadh"),
        ("UTC+3", "Etc/GMT-3", "Etc/GMT-3, that is UTC+3 all year", "Etc/GMT-3، أي UTC+3 طوال العام"),
        ("gmt-5:00", "Etc/GMT+5", "Etc/GMT+5, that is UTC-5", "Etc/GMT+5، أي UTC-5"),
        ("UTC+0", "UTC", "UTC", "UTC"),
        ("europe/london", "Europe/London", "Europe/London", "Europe/London"),
    ],
)
async def test_timezone_takes_any_case_a_city_or_an_offset_and_says_which_zone(
    layer: CommandLayer, sqlite_storage: Database, typed: str, zone: str, shown_en: str, shown_ar: str
) -> None:
    await ask(layer, "subscribe")
    reply = await ask(layer, "timezone", typed)
    assert reply.text.startswith("Timezone set to") and shown_en in reply.text
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and sub.timezone == zone
    reply_ar = await ask(layer, "timezone", typed, locale="ar")
    assert "تم ضبط المنطقة الزمنية على" in reply_ar.text and shown_ar in reply_ar.text
    assert shown_en in (await ask(layer, "settings")).text


async def test_subscribe_takes_the_same_timezone_spellings(
    layer: CommandLayer, sqlite_storage: Database
) -> None:
    reply = await ask(layer, "subscribe", "07:30 utc+3")
    assert "07:30" in reply.text and "Etc/GMT-3, that is UTC+3" in reply.text
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and sub.timezone == "Etc/GMT-3"


@pytest.mark.parametrize(
    ("typed", "english", "arabic"),
    [
        ("Asia/Riyad", "Did you mean Asia/Riyadh?", "هل تقصد Asia/Riyadh؟"),
        ("Europ/London", "Did you mean Europe/London?", "هل تقصد Europe/London؟"),
        ("istanbul", "Asia/Istanbul or Europe/Istanbul?", "Asia/Istanbul أو Europe/Istanbul؟"),
        ("UTC+5:30", "such as Asia/Kolkata or Asia/Colombo", "مثل Asia/Kolkata أو Asia/Colombo"),
        ("UTC+15", "from UTC-12 to UTC+14", "من UTC-12 إلى UTC+14"),
        ("Mars/Olympus", "is not a timezone I know", "ليست منطقة زمنية أعرفها"),
        ("../../etc/passwd", "is not a timezone I know", "ليست منطقة زمنية أعرفها"),
    ],
)
async def test_an_unknown_timezone_gets_close_names(
    layer: CommandLayer, sqlite_storage: Database, typed: str, english: str, arabic: str
) -> None:
    await ask(layer, "subscribe")
    assert english in (await ask(layer, "timezone", typed)).text
    assert arabic in (await ask(layer, "timezone", typed, locale="ar")).text
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and sub.timezone == "UTC"


async def test_settings_and_time_need_a_subscription(layer: CommandLayer) -> None:
    for name, args in [("settings", ""), ("time", "08:00")]:
        assert "/subscribe" in (await ask(layer, name, args)).text
        assert "/subscribe" in (await ask(layer, name, args, locale="ar")).text


async def test_lang_works_before_subscribing_and_the_replies_follow_it(
    layer: CommandLayer, sqlite_storage: Database, clock: Clock
) -> None:
    seed_articles(sqlite_storage)
    reply = await ask(layer, "lang", "ar", locale="en")
    assert reply.language == "ar" and "سأردّ بالعربية" in reply.text
    assert [s.locale for s in sqlite_storage.list_subscriptions(active_only=False)] == ["ar"]
    assert sqlite_storage.list_subscriptions() == []  # no daily digest for it
    nothing = await ask(layer, "search", "volcano", locale="en")
    assert nothing.language == "ar" and "لم أجد شيئًا" in nothing.text
    found = await ask(layer, "search", "dam", locale="en")
    assert found.language == "ar" and found.search is not None
    digest = await ask(layer, "digest", locale="en")  # /lang ar also picks the articles
    assert digest.language == "ar" and digest.digest is not None and digest.digest.article_count == 1
    settings = await ask(layer, "settings")
    assert "لا يصل إلى هنا" in settings.text and "العربية" in settings.text
    assert "/subscribe" in (await ask(layer, "time", "09:00")).text  # a time means nothing without a digest
    assert "لا يوجد ملخص يومي" in (await ask(layer, "unsubscribe")).text
    # /subscribe keeps the settings, and the first digest comes at the first time after subscribing
    clock.now = NOW + timedelta(days=3)
    subscribed = await ask(layer, "subscribe", "07:00")
    assert subscribed.language == "ar" and "07:00" in subscribed.text
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and sub.active and sub.locale == "ar" and sub.languages == frozenset({"ar"})
    assert sub.created_at == clock.now


async def test_timezone_topics_and_filters_before_subscribing(
    layer: CommandLayer, sqlite_storage: Database
) -> None:
    reply = await ask(layer, "timezone", "asia/riyadh")
    assert "Asia/Riyadh" in reply.text and "/digest" in reply.text and "comes at" not in reply.text
    assert "Asia/Riyadh" in (await ask(layer, "timezone", "Asia/Riyadh", locale="ar")).text
    assert "5" in (await ask(layer, "topics", "5")).text
    assert "dam" in (await ask(layer, "filter", "+dam -football")).text
    assert "dam" in (await ask(layer, "filter")).text
    settings = await ask(layer, "settings")
    assert "none here" in settings.text and "Asia/Riyadh" in settings.text and "up to 5" in settings.text
    assert "Next digest" not in settings.text
    subscribed = await ask(layer, "subscribe")
    assert "08:00" in subscribed.text and "Asia/Riyadh" in subscribed.text  # the chat's timezone kept
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and (sub.timezone, sub.max_topics, sub.include) == ("Asia/Riyadh", 5, ("dam",))
    assert "Next digest" in (await ask(layer, "settings")).text


async def test_lang_all_or_clearing_filters_store_nothing_for_a_chat_without_settings(
    layer: CommandLayer, sqlite_storage: Database
) -> None:
    assert (await ask(layer, "lang", "all")).language == "en"
    assert "cleared" in (await ask(layer, "filter", "clear")).text
    assert "Usage" in (await ask(layer, "topics", "99")).text
    assert sqlite_storage.list_subscriptions(active_only=False) == []


async def test_lang_sets_digest_and_reply_language(layer: CommandLayer, sqlite_storage: Database) -> None:
    await ask(layer, "subscribe")
    reply = await ask(layer, "lang", "ar", locale="en")
    assert reply.language == "ar" and ARABIC.search(reply.text)
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and (sub.languages, sub.locale) == (frozenset({"ar"}), "ar")
    assert (await ask(layer, "help", locale="en")).language == "ar"  # the chat's choice wins
    reply = await ask(layer, "lang", "all", locale="en")
    assert reply.language == "en"
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and (sub.languages, sub.locale) == (None, None)
    assert (await ask(layer, "lang", "fr")).text.startswith("Usage")


async def test_topics_and_filters(layer: CommandLayer, sqlite_storage: Database) -> None:
    await ask(layer, "subscribe")
    assert "5" in (await ask(layer, "topics", "5")).text
    for bad in ("0", "31", "-1", "five", ""):
        assert "1" in (await ask(layer, "topics", bad)).text
    reply = await ask(layer, "filter", "+dam -football سد")
    assert "dam" in reply.text and "football" in reply.text
    reply = await ask(layer, "filter", "+football")  # moves between lists
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert (
        sub is not None
        and sub.include == ("dam", "سد", "football")
        and sub.exclude == ()
        and sub.max_topics == 5
    )
    for hostile in ("+<b>", "-$(rm)", "+" + "a" * 80, "+\u202e"):
        assert "filter" in (await ask(layer, "filter", hostile)).text.lower()
    assert "cleared" in (await ask(layer, "filter", "clear")).text
    sub = sqlite_storage.get_subscription(PRIVATE)
    assert sub is not None and (sub.include, sub.exclude) == ((), ())


# --- permissions


async def test_groups_only_admins_change_settings_anyone_reads(
    layer: CommandLayer,
    sqlite_storage: Database,
) -> None:
    seed_articles(sqlite_storage)
    member = {"chat": GROUP, "chat_type": "group", "user": "77"}
    for name, args in [
        ("subscribe", ""),
        ("lang", "ar"),
        ("addsource", "https://news.example.com/rss"),
        ("removesource", "1"),
        ("filter", "clear"),
    ]:
        reply = await ask(layer, name, args, **member)  # type: ignore[arg-type]
        assert "administrators" in reply.text
    assert "مشرف" in (await ask(layer, "subscribe", locale="ar", **member)).text  # type: ignore[arg-type]
    assert sqlite_storage.get_subscription(GROUP) is None
    assert (await ask(layer, "search", "dam", **member)).search is not None  # type: ignore[arg-type]
    assert (await ask(layer, "digest", **member)).digest is not None  # type: ignore[arg-type]
    assert (await ask(layer, "sources", **member)).text.startswith("Sources")  # type: ignore[arg-type]
    assert (
        "08:00" in (await ask(layer, "subscribe", chat=GROUP, chat_type="group", user="77", admin=True)).text
    )
    assert "09:00" in (await ask(layer, "time", "09:00", chat=GROUP, chat_type="channel", user="1")).text


# --- search


async def test_search_pages_with_buttons(layer: CommandLayer, sqlite_storage: Database) -> None:
    seed_articles(sqlite_storage)
    first = await ask(layer, "search", "dam river")
    assert first.search is not None and len(first.search.hits) == 5
    assert [b.command for b in first.buttons] == ["/search dam river page:2"]
    second = await ask(layer, "search", "dam river page:2")
    assert second.search is not None and second.search.page == 2
    assert second.buttons[0].command == "/search dam river page:1"
    arabic = await ask(layer, "search", "السد", locale="ar")
    assert arabic.search is not None and arabic.language == "ar"


async def test_search_usage_errors_and_no_results(layer: CommandLayer, sqlite_storage: Database) -> None:
    seed_articles(sqlite_storage)
    assert "Examples" in (await ask(layer, "search")).text
    assert "أمثلة" in (await ask(layer, "search", locale="ar")).text
    assert "Nothing found" in (await ask(layer, "search", "volcano")).text
    assert "understand" in (await ask(layer, "search", "since:yesterday dam")).text


SEARCH_REFUSALS = [
    # (query, its QueryError code, words of the English reason, words of the Arabic reason)
    ("since:2025-13-01 dam", "bad_date", "since: needs a date written YYYY-MM-DD", "اكتب تاريخ since بالشكل"),
    ("dam " + "x" * 4500, "too_long", "too long: 4000 characters", "طويلة جدًا: 4000 حرف"),
    ("في من the of", "only_common_words", "too common", "شائعة جدًا"),
    ("-football", "only_excluded", "-word only removes", "تستبعد نتائج فقط"),
    ("AND", "empty", "Type something", "اكتب ما تريد البحث عنه"),
    ("lang:fr dam", "bad_lang", "lang: takes ar or en", "lang:ar أو lang:en"),
    ('source:"" dam', "bad_source", "source: needs a name", "اكتب اسم المصدر بعد source"),
    ("page:0 dam", "bad_page", "from 1 to 100", "من 1 إلى 100"),
    ("since:2025-09-02 until:2025-09-01 x", "since_after_until", "not come after", "ألا يأتي تاريخ since"),
    (" ".join(f"word{i}" for i in range(40)), "too_many_words", "too many words: 32", "32 كلمة"),
]


@pytest.mark.parametrize(("query", "code", "english", "arabic"), SEARCH_REFUSALS)
async def test_a_refused_search_says_why_in_the_users_language(
    layer: CommandLayer, query: str, code: str, english: str, arabic: str
) -> None:
    from bot.errors import QueryError
    from bot.search_query import parse_query

    with pytest.raises(QueryError) as refused:
        parse_query(query)
    assert refused.value.code == code
    reply_en = await ask(layer, "search", query)
    reply_ar = await ask(layer, "search", query, locale="ar", user="arabic reader")
    assert english in reply_en.text and "understand" in reply_en.text
    assert arabic in reply_ar.text and "لم أفهم عبارة البحث" in reply_ar.text
    for reply in (reply_en, reply_ar):
        assert reply.search is None and "Search syntax" not in reply.text  # the reason, not the whole manual
        assert not re.search(r":\s*[^\s:]*:\s*$", reply.text.splitlines()[0])  # no "...: reason:" stacking
    assert not re.search(r"\b(needs|must|takes|too|common|Type)\b", reply_ar.text)  # no English reason


def test_every_search_refusal_has_a_reason_in_both_languages() -> None:
    from pathlib import Path

    import bot.search_query
    from bot.i18n import has

    source = Path(bot.search_query.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'QueryError\(\s*f?(?:"[^"]*"|\'[^\']*\'),\s*"(\w+)"', source))
    assert codes == {code for _, code, _, _ in SEARCH_REFUSALS}
    assert all(has(f"cmd.search.reason.{code}") for code in codes)


async def test_search_rate_limit_per_user(
    layer: CommandLayer, sqlite_storage: Database, clock: Clock
) -> None:
    seed_articles(sqlite_storage)
    for _ in range(3):
        assert (await ask(layer, "search", "dam")).search is not None
    limited = await ask(layer, "search", "dam")
    assert limited.search is None and "3" in limited.text and "60 seconds" in limited.text
    assert "انتظر 60" in (await ask(layer, "search", "dam", locale="ar")).text
    assert (await ask(layer, "search", "dam", user="other")).search is not None  # per user
    clock.now = NOW + timedelta(seconds=61)
    assert (await ask(layer, "search", "dam")).search is not None


async def test_unexpected_errors_become_an_apology(
    layer: CommandLayer, sqlite_storage: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(sqlite_storage, "search", boom)
    reply = await ask(layer, "search", "dam", locale="ar")
    assert reply.language == "ar" and "عذرًا" in reply.text and "fire" not in reply.text


# --- digest now


async def test_digest_now_today_yesterday_and_dates(layer: CommandLayer, sqlite_storage: Database) -> None:
    seed_articles(sqlite_storage)
    today = await ask(layer, "digest")
    assert today.digest is not None and today.digest.date == NOW.date() and today.digest.article_count == 8
    assert "No news" in (await ask(layer, "digest", "yesterday")).text
    assert "لا أخبار" in (await ask(layer, "digest", "أمس", locale="ar")).text
    assert (await ask(layer, "digest", "2026-05-04")).digest is not None
    assert "not happened" in (await ask(layer, "digest", "2026-05-05")).text
    for bad in ("2026-13-01", "tomorrowish", "'; DROP TABLE articles; --"):
        assert "Usage" in (await ask(layer, "digest", bad)).text
    assert sqlite_storage.count_articles() == 8


async def test_digest_now_follows_the_chats_options(layer: CommandLayer, sqlite_storage: Database) -> None:
    seed_articles(sqlite_storage)
    await ask(layer, "subscribe")
    await ask(layer, "lang", "ar")
    reply = await ask(layer, "digest")
    assert reply.digest is not None and reply.digest.language == "ar" and reply.digest.article_count == 1


# --- sources


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/",
        "http://10.0.0.1/",
        "http://[::1]/feed",
        "http://localhost:8080/",
        "https://sneaky.example.com/rss",
        "gopher://news.example.com/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
async def test_addsource_refuses_unsafe_addresses(
    layer: CommandLayer, sqlite_storage: Database, url: str
) -> None:
    reply = await ask(layer, "addsource", url)
    assert "will not fetch" in reply.text
    assert sqlite_storage.list_sources() == []
    assert "لن أجلب" in (await ask(layer, "addsource", url, locale="ar")).text


ADDRESS_REFUSALS = [
    # (URL, words of the English reply, words of the Arabic reply)
    ("http://127.0.0.1/", "127.0.0.1 is this machine itself", "127.0.0.1 يشير إلى هذا الجهاز نفسه"),
    ("http://[::1]/feed", "::1 is this machine itself", "يشير إلى هذا الجهاز نفسه"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is this machine", "::ffff:127.0.0.1 يشير إلى"),
    ("http://localhost:8080/", "localhost (127.0.0.1) is this machine", "localhost (127.0.0.1) يشير إلى"),
    ("http://10.0.0.1/", "10.0.0.1 is on a private network", "10.0.0.1 عنوان في شبكة خاصة"),
    ("https://sneaky.example.com/rss", "sneaky.example.com (10.1.2.3) is on a private", "شبكة خاصة"),
    ("http://169.254.169.254/latest/", "cloud metadata", "البيانات الوصفية السحابية"),
    ("http://224.0.0.1/", "multicast", "بث جماعي"),
    ("http://100.64.0.1/", "carrier-grade NAT", "الشبكة المشتركة لمزوّد الخدمة"),
    ("http://0.0.0.0/", "names no machine", "لا يشير إلى أي جهاز"),
    ("http://240.0.0.1/", "reserved", "عنوان محجوز"),
    ("gopher://news.example.com/", "only http and https feeds, not gopher", "http أو https، لا gopher"),
    ("file:///etc/passwd", "not file", "لا file"),
]


@pytest.mark.parametrize(("url", "english", "arabic"), ADDRESS_REFUSALS)
async def test_addsource_says_why_an_address_is_refused_in_the_users_language(
    layer: CommandLayer, sqlite_storage: Database, url: str, english: str, arabic: str
) -> None:
    reply_en = await ask(layer, "addsource", url)
    reply_ar = await ask(layer, "addsource", url, locale="ar")
    assert english in reply_en.text and "will not fetch" in reply_en.text
    assert arabic in reply_ar.text and "لن أجلب هذا العنوان" in reply_ar.text
    # none of the guard's English words ("loopback address 127.0.0.1", "only http ... not 'ftp'")
    assert not re.search(r"\baddress\b|fetched|not '|\bnone\b", reply_ar.text)
    assert sqlite_storage.list_sources() == []


def test_the_guards_english_refusal_of_a_missing_scheme_says_what_to_write() -> None:
    """The CLI and ingestion print it (chats have their own words): not "not 'none'"."""
    from bot.errors import BlockedAddress
    from bot.ingest.http import check_url

    with pytest.raises(BlockedAddress) as refused:
        check_url("//news.example.com/rss")
    assert "write http:// or https://" in refused.value.reason and "none" not in refused.value.reason
    with pytest.raises(BlockedAddress, match="not 'ftp'"):
        check_url("ftp://news.example.com/rss")


async def test_addsource_on_an_unknown_host_says_it_was_not_found(layer: CommandLayer) -> None:
    for url in ("https://nowhere.example/rss", "https://empty.example/rss"):
        assert "could not find the server" in (await ask(layer, "addsource", url)).text
        reply = await ask(layer, "addsource", url, locale="ar")
        assert "لم أجد الخادم" in reply.text and "resolve" not in reply.text


def test_every_refused_address_class_has_a_reply() -> None:
    from bot.i18n import has
    from bot.ingest.guard import blocked_kind

    codes = {"unspecified", "loopback", "link_local", "multicast", "carrier_grade_nat", "reserved"}
    codes |= {"private", "scoped", "non_global"}  # as listed by blocked_kind's docstring
    samples = ["127.0.0.1", "10.0.0.1", "169.254.1.1", "224.0.0.1", "100.64.0.1", "0.0.0.0", "240.0.0.1"]
    samples += ["fe80::1%eth0", "2001:db8::1", "fc00::1", "::ffff:10.0.0.1", "ff02::1", "::"]
    assert {blocked_kind(address) for address in samples} == codes - {"non_global"}
    assert all(has(f"cmd.addsource.refused.{code}") for code in codes)


async def test_addsource_brings_a_removed_feed_back_under_its_name(
    layer: CommandLayer, sqlite_storage: Database
) -> None:
    await ask(layer, "addsource", "https://news.example.com/rss BBC عربي")
    [source] = sqlite_storage.list_sources()
    # with articles its row stays after removal (they keep its name); without, it is deleted
    sqlite_storage.add_articles(source.id, [make_article("Dam opens", "The dam opened.")], now=NOW)
    assert "Removed" in (await ask(layer, "removesource", str(source.id))).text
    assert sqlite_storage.list_sources() == []
    back = await ask(layer, "addsource", "https://news.example.com/rss", locale="ar")
    assert f"رقم {source.id} «BBC عربي»" in back.text
    [returned] = sqlite_storage.list_sources()
    assert (returned.id, returned.name, returned.active) == (source.id, "BBC عربي", True)
    await ask(layer, "removesource", str(source.id))
    renamed = await ask(layer, "addsource", "https://news.example.com/rss Daily News")
    assert "“Daily News”" in renamed.text  # a name given now wins


async def test_removing_a_removed_source_says_there_is_no_such_source(
    layer: CommandLayer, sqlite_storage: Database
) -> None:
    await ask(layer, "addsource", "https://news.example.com/rss")
    [source] = sqlite_storage.list_sources()
    sqlite_storage.add_articles(source.id, [make_article("Dam opens", "The dam opened.")], now=NOW)
    assert "Removed" in (await ask(layer, "removesource", str(source.id))).text
    assert f"There is no source #{source.id}" in (await ask(layer, "removesource", str(source.id))).text
    again_ar = await ask(layer, "removesource", str(source.id), locale="ar")
    assert f"لا يوجد مصدر برقم {source.id}" in again_ar.text


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://news.example.com/rss", True),
        ("HTTPS://news.example.com/rss", True),
        ("http://news.example.com:8080/rss?x=1", True),
        ("https://", False),
        ("http://news.example.com:99999/rss", False),
        ("news.example.com/rss", False),
        ("feed://news.example.com/rss", False),
        ("https://news.example.com/" + "a" * 2000, False),
    ],
)
async def test_addsource_takes_exactly_the_urls_ingestion_takes(
    layer: CommandLayer, sqlite_storage: Database, url: str, accepted: bool
) -> None:
    reply = await ask(layer, "addsource", url)
    assert bool(sqlite_storage.list_sources()) is accepted and is_feed_url(url) is accepted
    if not accepted:  # the message says what a feed URL is, or why this one is refused
        assert "http" in reply.text and ("web address" in reply.text or "will not fetch" in reply.text)


async def test_addsource_names_a_feed_by_its_host_as_ingestion_does(
    layer: CommandLayer, sqlite_storage: Database
) -> None:
    url = "https://أخبار.example/rss"
    await ask(layer, "addsource", url)
    [source] = sqlite_storage.list_sources()
    assert source.name == host_name(url) == "أخبار.example" and is_unnamed(source.name, url)


async def test_addsource_list_and_remove(layer: CommandLayer, sqlite_storage: Database) -> None:
    assert "/addsource" in (await ask(layer, "sources")).text
    assert "Usage" in (await ask(layer, "addsource")).text
    assert "http" in (await ask(layer, "addsource", "not a url")).text
    added = await ask(layer, "addsource", "https://news.example.com/rss.xml")
    [source] = sqlite_storage.list_sources()
    assert f"#{source.id}" in added.text and source.added_by == PRIVATE and source.name == "news.example.com"
    assert "already" in (await ask(layer, "addsource", "https://news.example.com/rss.xml")).text
    listing = await ask(layer, "sources", locale="ar")
    assert "https://news.example.com/rss.xml" in listing.text and "المصادر" in listing.text
    # another private chat may not remove it; a configured admin may
    other = {"chat": ChatRef("telegram", "900"), "user": "900"}
    assert "not added from this chat" in (await ask(layer, "removesource", str(source.id), **other)).text  # type: ignore[arg-type]
    assert (
        "Removed"
        in (await ask(layer, "removesource", f"#{source.id}", chat=ChatRef("telegram", "9"), user="1")).text
    )
    assert "no source" in (await ask(layer, "removesource", "999")).text
    for bad in ("", "abc", "1; DROP TABLE sources", "9" * 40):
        assert "Usage" in (await ask(layer, "removesource", bad)).text


async def test_a_chat_removes_its_own_source(layer: CommandLayer, sqlite_storage: Database) -> None:
    await ask(layer, "addsource", "https://news.example.com/a.xml Daily News")
    [source] = sqlite_storage.list_sources()
    assert source.name == "Daily News"
    assert "Removed" in (await ask(layer, "removesource", str(source.id))).text
    assert sqlite_storage.list_sources(active_only=True) == []


async def test_private_network_feeds_allowed_when_configured(sqlite_storage: Database) -> None:
    settings = Settings()
    settings = dataclasses.replace(
        settings, ingest=dataclasses.replace(settings.ingest, allow_private_networks=True)
    )
    layer = CommandLayer(Services(storage=sqlite_storage, settings=settings, now=Clock()))
    assert "Added" in (await ask(layer, "addsource", "http://10.0.0.1/feed.xml")).text
    assert "will not fetch" in (await ask(layer, "addsource", "file:///etc/passwd")).text


async def test_digest_now_with_the_real_engine(sqlite_storage: Database, clock: Clock) -> None:
    seed_articles(sqlite_storage)
    layer = CommandLayer(Services(storage=sqlite_storage, settings=Settings(), now=clock))
    reply = await ask(layer, "digest")
    assert reply.digest is not None and reply.digest.topics
    ids = {a.id for topic in reply.digest.topics for a in topic.articles}
    stored = {str(a.id) for a in sqlite_storage.articles_between(NOW - timedelta(days=1), NOW)}
    assert ids and ids <= stored  # digest articles carry the database ids


async def test_digest_now_is_rate_limited_per_user(layer: CommandLayer) -> None:
    replies = [await ask(layer, "digest") for _ in range(6)]
    assert "No news" in replies[0].text and "Too many digests" in replies[5].text


def test_every_string_is_complete_in_both_languages() -> None:
    import string

    from bot.i18n.commands import STRINGS

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, texts in STRINGS.items():
        assert key.startswith("cmd.") and set(texts) == {"en", "ar"}, key
        assert texts["en"].strip() and ARABIC.search(texts["ar"]), key
        assert fields(texts["en"]) == fields(texts["ar"]), key


def test_strings_leave_direction_to_the_renderers() -> None:
    """No hand-placed LRM/RLM or isolates: the renderers set each line's direction and isolate the runs
    (bot/platforms/rtl.py), and strip any control a string would carry."""
    from bot.i18n.commands import STRINGS as COMMAND_STRINGS
    from bot.i18n.render import STRINGS as RENDER_STRINGS

    controls = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
    for key, texts in {**COMMAND_STRINGS, **RENDER_STRINGS}.items():
        for language, text in texts.items():
            assert not controls.search(text), (key, language)


def test_arabic_lines_of_replies_read_right_to_left() -> None:
    """A line that starts with an Arabic word is laid out right to left in Telegram (and Slack): RLM, then
    the Arabic text, commands and Latin names isolated inside it; the line itself is not one Latin run."""
    import string

    from bot.i18n.commands import STRINGS
    from bot.platforms.render_telegram import render_telegram

    for key, texts in STRINGS.items():
        names = {name for _, name, _, _ in string.Formatter().parse(texts["ar"]) if name}
        text = texts["ar"].format(**dict.fromkeys(names, "x"))
        rendered = "\n".join(message.text for message in render_telegram(Reply(language="ar", text=text)))
        for source, line in zip(text.split("\n"), rendered.split("\n"), strict=True):
            if ARABIC.match(source):
                assert line.startswith("\u200f") and not line.startswith("\u200f\u2066"), (key, source)


HOSTILE = [
    "\x00\x01\x02",
    "‮evil‬",
    "<b>bold</b> &amp; <a href='javascript:alert(1)'>x</a>",
    "'; DROP TABLE subscriptions; --",
    '"unclosed',
    "*" * 300,
    "😀" * 50,
    "http://" + "a" * 3000 + ".com/",
    "٠٧:٣٠ Asia/Riyadh extra words here",
    "page:999999999 since:9999-99-99",
    " " * 100,
]


@pytest.mark.parametrize("name", sorted(ALL_COMMANDS))
async def test_hostile_arguments_never_break_a_command(
    layer: CommandLayer, sqlite_storage: Database, name: str
) -> None:
    seed_articles(sqlite_storage)
    await ask(layer, "subscribe")
    for args in HOSTILE:
        reply = await ask(layer, name, args, user=f"u{HOSTILE.index(args)}")
        assert reply.text or reply.digest or reply.search, (name, args)
        assert "went wrong" not in reply.text, (name, args)
    for source in sqlite_storage.list_sources():
        assert len(source.location) < 2100
