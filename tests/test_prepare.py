"""prepare / prepare_batch: language, sentences, terms, fingerprint, ids, publication time."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from digests import RawArticle, prepare, prepare_batch
from digests.model import Sentence
from digests.text import hamming, normalize, stem

WHEN = dt.datetime(2025, 9, 1, 8, 0, tzinfo=dt.UTC)
AR_TEXT = (
    "أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين، تشمل قروضا ميسرة. "
    "وقال وزير الزراعة إن الخطة ستبدأ الشهر المقبل.\nوتوقع خبراء أن ترتفع أسعار القمح."
)


def ar_raw(**changes: object) -> RawArticle:
    fields: dict[str, object] = {"title": "خطة لدعم المزارعين", "text": AR_TEXT, "source": "test-ar"}
    fields.update(changes)
    return RawArticle(**fields)  # type: ignore[arg-type]


def test_arabic_article_is_prepared() -> None:
    article = prepare(ar_raw(), published=WHEN)
    assert article.language == "ar"
    assert [s.text for s in article.sentences] == [
        "أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين، تشمل قروضا ميسرة.",
        "وقال وزير الزراعة إن الخطة ستبدأ الشهر المقبل.",
        "وتوقع خبراء أن ترتفع أسعار القمح.",
    ]
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    assert stem(normalize("المزارعين"), "ar") in article.title_terms
    assert article.terms[: len(article.title_terms)] == article.title_terms
    assert normalize("إن") not in article.terms
    assert article.published == WHEN
    assert -(2**63) <= article.fingerprint < 2**63 and article.fingerprint != 0


def test_declared_language_wins_and_english_is_detected() -> None:
    raw = RawArticle(
        title="Rates rise", text="The bank raised rates. Markets fell.", source="t", language="en"
    )
    assert prepare(raw, published=WHEN).language == "en"
    detected = prepare(
        RawArticle(title="Rates rise", text="The bank raised rates.", source="t"), published=WHEN
    )
    assert detected.language == "en"


def test_published_comes_from_raw_then_keyword_then_header_else_error() -> None:
    earlier = WHEN - dt.timedelta(days=1)
    assert prepare(ar_raw(published=earlier), published=WHEN).published == earlier
    assert prepare(ar_raw(), published=WHEN).published == WHEN
    headed = prepare(ar_raw(text=" date 2025-08-30 " + AR_TEXT))
    assert headed.published == dt.datetime(2025, 8, 30, tzinfo=dt.UTC)
    assert not headed.text.startswith(" date") and headed.sentences[0].text.startswith("أعلنت")
    with pytest.raises(ValueError, match="publication time"):
        prepare(ar_raw())


def test_ids_are_stable_and_follow_the_identity() -> None:
    first = prepare(ar_raw(url="https://example.org/a"), published=WHEN).id
    assert first == prepare(ar_raw(url="https://example.org/a", text="changed"), published=WHEN).id
    assert first != prepare(ar_raw(url="https://example.org/b"), published=WHEN).id
    assert first != prepare(ar_raw(url="https://example.org/a", source="other"), published=WHEN).id
    assert prepare(ar_raw(guid="g1"), published=WHEN).id != prepare(ar_raw(guid="g2"), published=WHEN).id
    assert prepare(ar_raw(), id="fixed", published=WHEN).id == "fixed"
    assert len(first) == 16


def test_batch_vocabulary_strips_prefixes_only_for_known_words() -> None:
    raws = [
        RawArticle(title="دعم لأوكرانيا", text="قدمت فرنسا دعما لأوكرانيا في لبنان.", source="a"),
        RawArticle(title="أوكرانيا", text="زار الوزير أوكرانيا أمس.", source="b"),
    ]
    first, second = prepare_batch(raws, published=WHEN)
    ukraine = stem(normalize("أوكرانيا"), "ar")
    assert ukraine in first.terms and ukraine in second.terms
    assert stem(normalize("لبنان"), "ar") in first.terms
    alone = prepare(raws[0], published=WHEN)
    assert ukraine not in alone.terms  # no one in a batch of one says "أوكرانيا" without the prefix


def test_near_copies_have_close_fingerprints() -> None:
    copy = prepare(ar_raw(text=AR_TEXT + " وأضاف المتحدث أن التفاصيل ستعلن لاحقا."), published=WHEN)
    other = prepare(
        RawArticle(
            title="زلزال",
            text="ضرب زلزال قوي جنوب البلاد فجر اليوم وأدى إلى انهيار مبان قديمة وتشريد مئات العائلات "
            "في القرى الجبلية النائية بحسب الدفاع المدني.",
            source="x",
        ),
        published=WHEN,
    )
    original = prepare(ar_raw(), published=WHEN)
    assert hamming(original.fingerprint, copy.fingerprint) < hamming(original.fingerprint, other.fingerprint)


def test_empty_text_is_fine() -> None:
    article = prepare(RawArticle(title="", text="", source="s"), published=WHEN)
    assert article.language == "unknown" and article.sentences == () and article.terms == ()
    assert article.fingerprint == 0


def test_sentences_read_the_body_and_behave_as_records() -> None:
    article = prepare(ar_raw(), published=WHEN)
    first = article.sentences[0]
    # Split from the body, a sentence is the body's slice and equals one built from its text.
    assert first == Sentence(text=article.text[first.start : first.end], start=first.start, end=first.end)
    assert hash(first) == hash(Sentence(first.text, first.start, first.end))
    assert first != Sentence(first.text, first.start + 1, first.end + 1)
    assert len(set(article.sentences)) == len(article.sentences)
    assert repr(first).startswith("Sentence(text='أعلنت")
    with pytest.raises(AttributeError):
        first.start = 3
    # Pickled, a sentence keeps its text (sharing the body again when the body comes along).
    copy = pickle.loads(pickle.dumps(article))
    assert copy.sentences == article.sentences
    assert [s.text for s in copy.sentences] == [s.text for s in article.sentences]
