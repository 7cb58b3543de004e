"""The daily digest: filter, group, rank, label and pick headline sentences.

    articles
    | keep the asked languages; include/exclude words (normalised matching)
    | group_stories -> stories -> topics, ranked by coverage and recency (digests.topics)
    | per topic: a label (its best real title; an untitled article's first sentence only when no real
    |   title fits, and then never again as a bullet), keywords as the writers spelled them (generic news
    |   words left out), 1-3 headline sentences from different outlets where possible, never two saying
    |   the same thing
    -> Digest

Pure: `now` is a parameter, `date` only labels the digest (callers choose which articles to pass).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date as Date
from datetime import datetime

from digests import filters
from digests import text as text_prep
from digests.headlines import boilerplate_signals, score_sentences, strip_dateline
from digests.model import Article, Digest, DigestOptions, Story, Topic, TopicSentence
from digests.similarity import SparseVector
from digests.stories import StoryGrouper
from digests.text.stopwords import is_stop_word
from digests.text.terms import normalized_words
from digests.topics import TopicGroup, group_topics

CANDIDATE_ARTICLES = 12
"""Articles of a topic whose titles compete for the label: enough for variety, few for 50k-article days."""
KEYWORD_ARTICLES = 5
"""Articles whose titles show the readable form of the keywords."""
REDUNDANT = 0.5
"""Two sentences whose term sets overlap this much (of the smaller one) say the same thing."""
LONG_LABEL = 90
"""Characters: a derived title (an untitled article's first sentence) longer than this makes a poor label
when another article has a real title."""
LABEL_WORDS = 12
"""Words a label derived from an untitled article's opening keeps at most; longer ones are cut with "…"
at a clause boundary (`short_label`)."""
KEYWORDS = 5
"""Keywords shown per topic."""
KEYWORD_CHARS = 4000
"""Characters of each leading article searched for the spelling of a keyword."""


def build_digest(
    articles: Sequence[Article],
    options: DigestOptions,
    *,
    now: datetime,
    date: Date | None = None,
    language: str = "all",
) -> Digest:
    """Build the digest of `articles` for the reader's `options`.

    `language` ("all", "ar", "en") labels the digest and, unless "all", keeps only that language (as
    does `options.languages`). `max_topics=0` keeps every topic, so every kept article appears in
    exactly one topic. Empty input gives an empty digest. Same input (in any order) -> same digest.
    """
    kept = select_articles(articles, options, language)
    grouping = StoryGrouper().group(kept)
    groups = group_topics(grouping, now=now)
    if options.max_topics > 0:
        groups = groups[: options.max_topics]
    cache: dict[tuple[str, str], tuple[str, ...]] = {}
    topics = tuple(_topic(group, grouping.articles, grouping.stories, options, cache) for group in groups)
    return Digest(
        date=date if date is not None else now.date(),
        language=language,
        topics=topics,
        generated_at=now,
        article_count=len(kept),
        options=options,
    )


def select_articles(
    articles: Sequence[Article], options: DigestOptions, language: str = "all"
) -> list[Article]:
    """The articles a digest with these options covers, in input order."""
    languages = options.languages
    if language != "all":
        languages = frozenset({language}) if languages is None else languages & {language}
    include = filters.prepare_words(options.include)
    exclude = filters.prepare_words(options.exclude)
    return [
        a
        for a in articles
        if (languages is None or a.language in languages) and filters.keep(a, include, exclude)
    ]


def _topic(
    group: TopicGroup,
    articles: Sequence[Article],
    stories: Sequence[Story],
    options: DigestOptions,
    cache: dict[tuple[str, str], tuple[str, ...]],
) -> Topic:
    members = tuple(articles[i] for i in group.articles)
    keywords = readable_keywords(group.keywords, members, cache)[:KEYWORDS]
    label, label_article = choose_label(members, group.centroid, group.language)
    if not label:
        label, label_article = _fallback_label(keywords, members), None
    return Topic(
        label=label,
        keywords=keywords,
        score=group.score,
        language=group.language,
        sentences=pick_sentences(
            members, options.sentences_per_topic, label=label, label_article=label_article
        ),
        articles=members,
        stories=tuple(stories[s] for s in group.stories),
    )


def choose_label(
    members: Sequence[Article], centroid: SparseVector, language: str
) -> tuple[str, Article | None]:
    """The title that best covers the topic's keywords, and the article it comes from.

    Real titles beat titles derived from an untitled article's first sentence. A title in the topic's
    own language beats one in another language, except that a derived title longer than `LONG_LABEL`
    characters gives way to a real title in any language: a long sentence reads as a bullet, not a label
    (it stays available as one). A derived title is shown as its `short_label` (no dateline, cut at a
    clause boundary); `pick_sentences` then leaves out the sentence it comes from.
    """
    scored: list[tuple[float, int, str, Article]] = []
    for position, article in enumerate(members[:CANDIDATE_ARTICLES]):
        title = article.title.strip()
        if not title:
            continue
        terms = set(article.title_terms)
        fit = sum(centroid.get(t, 0.0) for t in terms) / max(1.0, len(terms)) ** 0.5
        derived = is_derived_title(article)
        own_language = article.language == language
        # A long derived title ranks last: it labels the topic only when nothing else is there.
        long_sentence = derived and len(title) > LONG_LABEL
        rank = 0.0 if long_sentence else 2.0 * own_language + 1.0 * (not derived)
        scored.append((rank + fit, -position, title, article))
    if not scored:
        return "", None
    _, _, title, article = max(scored, key=lambda item: (item[0], item[1]))
    return (short_label(title) if is_derived_title(article) else title), article


def is_derived_title(article: Article) -> bool:
    """True when the title only repeats the opening of the body (an untitled article's first sentence,
    or its opening words cut with "…")."""
    title = _plain(article.title).rstrip("…").rstrip()
    return bool(title) and _plain(article.text).startswith(title)


def _plain(text: str) -> str:
    """Text compared for sameness: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _fallback_label(keywords: Sequence[str], members: Sequence[Article]) -> str:
    """Without any title: the keywords, else the lead's first sentence, else its outlet."""
    if keywords:
        return " · ".join(keywords)
    lead = members[0]
    if lead.sentences:
        first = short_label(lead.sentences[0].text.strip())
        return first if len(first) <= 80 else first[:79].rstrip() + "…"
    return lead.source


# Words that open a new clause: the label is cut before them ("…الجديد الذي يتوقع", "…on Thursday that").
_CLAUSE_OPENERS = frozenset(
    {
        *("الذي", "التي", "الذين", "اللذين", "اللتين", "حيث", "بينما", "فيما", "وذلك", "لكن", "ولكن"),
        *("عقب", "إثر", "اثر", "بعد", "بعدما", "عندما", "كما", "بسبب"),
        *("that", "which", "who", "whom", "whose", "where", "while", "when", "after", "because", "but"),
        *("although", "though", "as", "amid", "despite", "following"),
    }
)
_CLAUSE_END = "،,;؛:"


def short_label(sentence: str) -> str:
    """A label from an untitled article's opening sentence: its leading dateline dropped ("عمّان (وكالات) -",
    "LONDON (Reuters) -"), then, past `LABEL_WORDS` words, cut with "…" at the last clause boundary among
    words 6-12 (a comma, or before الذي/that/after...), else before a preposition or "and", else after 10
    words."""
    text = strip_dateline(sentence.strip())
    words = text.rstrip("…").split()
    if len(words) <= LABEL_WORDS:
        return text
    keep = _clause_cut(words)
    cut = words[:keep]
    # Never end on a function word ("…في…", "…of the…").
    while len(cut) > 4 and is_stop_word(text_prep.normalize(cut[-1].strip(_CLAUSE_END))):
        cut.pop()
    return " ".join(cut).rstrip(_CLAUSE_END + ".") + "…"


def _clause_cut(words: Sequence[str]) -> int:
    """How many of `words` a cut label keeps (see `short_label`)."""
    shortest, fallback = 6, 10
    for keep in range(LABEL_WORDS, shortest - 1, -1):
        if words[keep - 1].endswith(tuple(_CLAUSE_END)) or words[keep].casefold() in _CLAUSE_OPENERS:
            return keep
    for keep in range(LABEL_WORDS, shortest - 1, -1):
        following = text_prep.normalize(words[keep])
        # A preposition or "and", alone or as an Arabic prefix (برأس, لمكافحة, وتستمر): a phrase starts there.
        prefixed = len(following) >= 4 and following[0] in "بلكو"
        if is_stop_word(following) or prefixed:
            return keep
    return fallback


def readable_keywords(
    stems: Sequence[str],
    members: Sequence[Article],
    cache: dict[tuple[str, str], tuple[str, ...]] | None = None,
) -> tuple[str, ...]:
    """Keywords as a reader wrote them: the most frequent spelling of each stem ("الأردنية", not the stem
    "اردن"; "early", not "earli"), looked up in the leading articles' titles and first sentences, then in
    the rest of their text. A stem never seen as a whole word is left out: a stem is not a word.

    `cache` memoises token -> terms across topics of one digest (titles repeat words a lot).
    """
    memo = {} if cache is None else cache
    forms: dict[str, Counter[str]] = {stem: Counter() for stem in stems}
    leading = members[:KEYWORD_ARTICLES]
    openings = [(a, f"{a.title}\n" + " ".join(s.text for s in a.sentences[:2])) for a in leading]
    _count_forms(openings, forms, memo)
    missing = {stem: counts for stem, counts in forms.items() if not counts}
    if missing:
        _count_forms([(a, a.text[:KEYWORD_CHARS]) for a in leading], missing, memo)
    return tuple(_spelling(counts) for counts in forms.values() if counts)


def _count_forms(
    texts: Sequence[tuple[Article, str]],
    forms: dict[str, Counter[str]],
    memo: dict[tuple[str, str], tuple[str, ...]],
) -> None:
    """Count the raw spellings of the words of `texts` whose single term is one of `forms`' stems."""
    for article, text in texts:
        for raw, token in normalized_words(text):
            key = (token, article.language)
            terms = memo.get(key)
            if terms is None:
                terms = memo[key] = tuple(text_prep.content_terms(token, article.language))
            if len(terms) == 1 and terms[0] in forms:
                forms[terms[0]][raw] += 1


def _spelling(counts: Counter[str]) -> str:
    """The most used spelling; a capital that only opens sentences ("Rate" beside "rate") is dropped."""
    by_fold: Counter[str] = Counter()
    for form, count in counts.items():
        by_fold[form.casefold()] += count
    folded = min(by_fold, key=lambda f: (-by_fold[f], len(f), f))
    if folded in counts:
        return folded
    return min((f for f in counts if f.casefold() == folded), key=lambda f: (-counts[f], f))


def pick_sentences(
    members: Sequence[Article], count: int, *, label: str = "", label_article: Article | None = None
) -> tuple[TopicSentence, ...]:
    """Up to `count` headline sentences: each from a different outlet while possible, none redundant.

    The digest never shows a sentence twice: a sentence that the `label` repeats (the label is an
    untitled article's first sentence, or its opening cut with "…") is never a bullet, and the outlet of
    `label_article`, when the label is one of its sentences, comes after the other outlets.
    """
    if count <= 0:
        return ()
    shown = _plain(label).rstrip("…").rstrip()
    # Enough articles to find `count` outlets and spare sentences; scoring every article of a 300-article
    # topic would cost more than the whole grouping.
    candidates = [
        [
            (text, terms)
            for text, terms in _ranked_sentences(a)
            if not (shown and _plain(strip_dateline(text)).startswith(shown))
        ]
        for a in members[: 2 * count + 2]
    ]
    chosen: list[tuple[TopicSentence, frozenset[str]]] = []
    used_sources: set[str] = set()
    if label_article is not None and is_derived_title(label_article):
        used_sources.add(label_article.source)
    # Pass 1: the best non-redundant sentence of each article from an outlet not used yet (a copy whose
    # best sentence repeats a chosen one still offers its next best); pass 2: any outlet.
    for distinct_outlets in (True, False):
        for article, ranked in zip(members, candidates, strict=False):
            if len(chosen) >= count:
                return tuple(s for s, _ in chosen)
            if distinct_outlets and article.source in used_sources:
                continue
            for text, terms in ranked:
                if not any(_redundant(terms, other) for _, other in chosen):
                    chosen.append((TopicSentence(text=text, article_id=article.id), terms))
                    used_sources.add(article.source)
                    break
    return tuple(s for s, _ in chosen[:count])


def _ranked_sentences(article: Article) -> list[tuple[str, frozenset[str]]]:
    """The article's sentences best first (the title stands in for an article without body sentences)."""
    if not article.sentences:
        title = article.title.strip()
        return [(title, frozenset(article.title_terms))] if title else []
    scores = score_sentences(article)
    boilerplate = boilerplate_signals(article)
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    ranked = []
    for i in order[:3]:
        text = article.sentences[i].text.strip()
        # A byline ranks low but may still be an article's best-but-one: never offer it as a bullet.
        if text and not boilerplate[i]:
            ranked.append((text, frozenset(text_prep.content_terms(text, article.language))))
    return ranked


def _redundant(first: frozenset[str], second: frozenset[str]) -> bool:
    if not first or not second:
        return first == second
    return len(first & second) / min(len(first), len(second)) >= REDUNDANT
