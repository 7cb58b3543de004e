"""Digests and search pages written for the rendering tests (Arabic and English, our own texts)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.records import SearchHit, SearchPage, SearchQuery
from digests.model import Article, Digest, Topic, TopicSentence

NOW = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)


def article(article_id: str, title: str, source: str, language: str, url: str | None = None) -> Article:
    return Article(
        id=article_id,
        title=title,
        text=title,
        source=source,
        published=NOW,
        language=language,
        sentences=(),
        terms=(),
        url=url,
    )


def topic(
    label: str, language: str, sentences: list[tuple[str, Article]], extra: list[Article] = ()
) -> Topic:
    articles = tuple(dict.fromkeys([a for _, a in sentences] + list(extra)))
    return Topic(
        label=label,
        keywords=(),
        score=1.0,
        language=language,
        sentences=tuple(TopicSentence(text, a.id) for text, a in sentences),
        articles=articles,
    )


def arabic_digest(topics: int = 3, *, sentence_words: int = 12) -> Digest:
    """Arabic topics whose titles carry emoji, Latin names, numbers and & < > characters."""
    built = []
    for number in range(1, topics + 1):
        lead = article(
            f"a{number}",
            f"عنوان {number} & <خاص>",
            "وكالة الأنباء",
            "ar",
            f"https://news.example/ar/{number}?a=1&b=2",
        )
        other = article(
            f"b{number}", f"تقرير {number}", "Reuters عربي", "ar", f"https://other.example/{number}"
        )
        third = article(f"c{number}", "نقل", "BBC News", "en", None)
        filler = " ".join(["كلمة"] * sentence_words)
        sentences = [
            (
                f"🔥 أعلنت شركة Apple عن هاتف iPhone {number} Pro في مؤتمر WWDC & قالت إن السعر "
                f"< 1000 دولار > المتوقع {filler}.",
                lead,
            ),
            (f"وقال المتحدث 🇸🇦 إن الاجتماع رقم {number} سيعقد في الرياض. {filler}", other),
        ]
        built.append(topic(f"قمة {number} & <التقنية> 📱", "ar", sentences, [third]))
    return Digest(
        date=date(2026, 11, 29),
        language="ar",
        topics=tuple(built),
        generated_at=NOW,
        article_count=topics * 3,
    )


def outlets_digest() -> Digest:
    """One Arabic topic: Latin words with digits glued to them, emoji, and eight Latin outlets besides the
    two cited (one name starting with a digit), so the "also in" line lists six and "+2"."""
    lead = article("n1", "شبكة", "3ajel", "ar", "https://3ajel.example/a/1")
    second = article("n2", "صفقة", "Nabd 24", "ar", "https://nabd.example/2")
    names = ["7aya News", "Sawt", "Al Mersad", "4x4 Arabia", "Falak", "Bayan", "Wasl", "Sada"]
    others = [article(f"m{i}", "نقل", name, "ar", f"https://o{i}.example/") for i, name in enumerate(names)]
    sentences = [
        ("🔥 أطلقت شركة 5G Networks خدمة بسرعة 3.5GHz في 12 مدينة", lead),
        ("وقال التقرير إن لقاحات COVID-19 وطائرات F-35 ضمن الصفقة 📦", second),
    ]
    return Digest(
        date=date(2026, 11, 29),
        language="ar",
        topics=(topic("قمة 2026 🌍 للاتصالات", "ar", sentences, others),),
        generated_at=NOW,
        article_count=10,
    )


def english_digest() -> Digest:
    lead = article("e1", "Talks resume", "Wire Service", "en", "https://wire.example/talks")
    second = article("e2", "Talks", "Daily Paper", "en", "https://paper.example/t")
    outlets = [article(f"o{i}", "Copy", f"Outlet {i}", "en", f"https://o{i}.example/") for i in range(8)]
    first = topic(
        "Ceasefire talks",
        "en",
        [
            ("Negotiators met again on Friday <in Cairo>.", lead),
            ("Both sides said progress was made & more is needed.", second),
        ],
        outlets,
    )
    return Digest(date=date(2026, 3, 5), language="en", topics=(first,), generated_at=NOW, article_count=10)


def search_page(language: str = "ar") -> SearchPage:
    snippet = "قالت شركة Apple Inc إن مبيعات iPhone ارتفعت في الربع الثالث"
    start = snippet.index("Apple")
    hit = SearchHit(
        article_id=1,
        title="مبيعات <آيفون> & الأسواق",
        source="وكالة الأنباء",
        language="ar",
        published=NOW,
        snippet=snippet,
        highlights=((start, start + len("Apple")),),
        url='https://news.example/x?y=1&z="2"',
        also_in=("BBC News", "الجزيرة"),
    )
    english = SearchHit(
        article_id=2,
        title="Apple sales up",
        source="Wire Service",
        language="en",
        published=NOW,
        snippet="Apple said sales rose",
        highlights=((0, 5),),
        url="javascript:alert(1)",
    )
    return SearchPage(
        query=SearchQuery(text="Apple", all_terms=("Apple",)), hits=(hit, english), page=1, has_more=True
    )
