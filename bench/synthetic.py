"""Synthetic Arabic + English news days with planted stories, for scale runs beyond the real data.

Everything is generated here (no copied text): invented names and places built from syllables, a Zipf
background vocabulary, a few hand-written function words per language. A story is a set of event words
(names, a place, figures) that each of its articles repeats inside background sentences; some articles
are near-verbatim copies (agency reprints), some stories have Arabic and English reports sharing figures
and Latin-script names. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from digests.model import RawArticle

_SYLLABLE_TEXT = (
    "ka ro mi tan vel dor pa sun li bex mo tra gen fa cor den nis ul pra hov el im ter sol vad qua zen ox"
)
EN_SYLLABLES = _SYLLABLE_TEXT.split(" ")
AR_LETTERS = list("بتثجحخدذرزسشصضطظعغفقكلمنهوي")
EN_FUNCTION = ["the", "of", "and", "in", "to", "a", "on", "for", "with", "said", "was", "by", "at", "from"]
AR_FUNCTION = ["في", "من", "على", "إلى", "أن", "مع", "عن", "التي", "الذي", "قال", "وقال", "كما", "بعد"]
OUTLETS_EN = [f"Outlet {c}" for c in "ABCDEFGHIJKL"]
OUTLETS_AR = [f"صحيفة {c}" for c in "ابتثجحخدذرزس"]


@dataclass(frozen=True)
class SyntheticDay:
    articles: list[RawArticle]
    story_of: list[int]
    """Gold story number per article."""


def _en_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(EN_SYLLABLES) for _ in range(syllables))


def _ar_word(rng: random.Random, letters: int) -> str:
    return "".join(rng.choice(AR_LETTERS) for _ in range(letters))


class Vocabulary:
    """Background words per language, drawn with Zipf-like frequencies."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.en = sorted({_en_word(rng, rng.randint(2, 4)) for _ in range(size)})
        self.ar = sorted({_ar_word(rng, rng.randint(3, 6)) for _ in range(size)})
        rng.shuffle(self.en)
        rng.shuffle(self.ar)
        self.weights = [1.0 / (rank + 1) for rank in range(max(len(self.en), len(self.ar)))]

    def background(self, rng: random.Random, language: str, count: int) -> list[str]:
        words = self.en if language == "en" else self.ar
        return rng.choices(words, weights=self.weights[: len(words)], k=count)


def _sentence(rng: random.Random, vocab: Vocabulary, language: str, event: list[str]) -> str:
    function = EN_FUNCTION if language == "en" else AR_FUNCTION
    words = vocab.background(rng, language, rng.randint(8, 16))
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(event))
    for _ in range(rng.randint(2, 5)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(function))
    if language == "en":
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."
    return " ".join(words) + "."


def _story_events(rng: random.Random, number: int) -> dict[str, list[str]]:
    """Event words of one story per language: names (Latin in both), a place, figures."""
    names = [_en_word(rng, 3).capitalize() for _ in range(2)]
    figures = [str(rng.randint(11, 9999)) for _ in range(2)]
    en_place = _en_word(rng, 3).capitalize()
    ar_place = _ar_word(rng, 5)
    return {
        "en": [*names, en_place, *figures, _en_word(rng, 4)],
        "ar": [*names, ar_place, *figures, _ar_word(rng, 6)],
    }


def synthetic_day(n_articles: int, *, seed: int = 7, day: datetime | None = None) -> SyntheticDay:
    """`n_articles` articles of one day, about 40% Arabic, in stories of 1 to ~60 articles."""
    rng = random.Random(seed)
    start = day or datetime(2025, 9, 1, tzinfo=UTC)
    vocab = Vocabulary(rng, size=max(3000, n_articles // 2))
    articles: list[RawArticle] = []
    story_of: list[int] = []
    story = 0
    while len(articles) < n_articles:
        size = min(n_articles - len(articles), max(1, int(rng.paretovariate(1.3))))
        size = min(size, 60)
        events = _story_events(rng, story)
        bilingual = rng.random() < 0.15
        base_language = "ar" if rng.random() < 0.4 else "en"
        hour = rng.uniform(0, 20)
        original: dict[str, RawArticle] = {}
        for k in range(size):
            language = ("ar" if k % 2 else "en") if bilingual else base_language
            outlets = OUTLETS_AR if language == "ar" else OUTLETS_EN
            published = start + timedelta(hours=hour + rng.uniform(0, 4))
            if language in original and rng.random() < 0.3:
                copy = original[language]  # an agency reprint: same text, one sentence dropped
                body = "\n".join(copy.text.split("\n")[:-1]) or copy.text
                raw = RawArticle(title=copy.title, text=body, source=rng.choice(outlets), published=published)
            else:
                sentences = [
                    _sentence(rng, vocab, language, events[language]) for _ in range(rng.randint(4, 9))
                ]
                title = " ".join(rng.sample(events[language], 3) + vocab.background(rng, language, 3))
                raw = RawArticle(title=title, text="\n".join(sentences), source=rng.choice(outlets),
                                 published=published, language=language)  # fmt: skip
                original.setdefault(language, raw)
            articles.append(
                RawArticle(
                    title=raw.title,
                    text=raw.text,
                    source=raw.source,
                    published=raw.published,
                    language=language,
                    url=f"https://synthetic.example/{len(articles)}",
                )
            )
            story_of.append(story)
        story += 1
    return SyntheticDay(articles=articles, story_of=story_of)
