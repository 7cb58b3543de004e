"""Sentence splitting: ARABIC.md cases, English hard cases, offsets, and the seed file."""

from __future__ import annotations

from pathlib import Path

import pytest

from digests.text import split_date_header, split_sentences


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    return [sentence.text for sentence in sentences]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("زار الرئيس باريس، ولندن، وبرلين. ثم عاد.", 2),
        ("هل ستشارك الولايات المتحدة؟ لم يتضح بعد.", 2),
        ("بلغ النمو 3.5% هذا العام! وهذا رقم قياسي؛ لكن الخبراء حذروا.", 3),
        ("ارتفع المؤشر بنسبة ٢٫٥ في المئة. وأغلق عند ١٢٬٣٤٥ نقطة.", 2),
        ("عاجل: انفجار في بيروت\nقتل شخصان في الانفجار. وأصيب عشرة آخرون.", 3),
        ("قال د. أحمد زويل إن البحث مستمر. وأضاف أنه متفائل.", 2),
        ("Mr. Smith went to Washington. He met Dr. Jones at 3 p.m. on Monday.", 2),
        ("The U.S. economy grew 3.5% in Q2. Analysts were surprised.", 2),
        ("He moved to the U.S. The next day he left.", 2),
        ("باريس (أ.ف.ب) - قال الوزير إن المحادثات ستستمر.", 1),
        ("أفادت وكالة (أ.ف.ب) بأن الوفد وصل. وبدأت المحادثات.", 2),
    ],
)
def test_sentence_counts(text: str, count: int) -> None:
    assert len(texts(text)) == count, texts(text)


def test_never_splits_at_the_arabic_comma() -> None:
    assert texts("زار الوزير عمّان، ثم دمشق، ثم بيروت") == ["زار الوزير عمّان، ثم دمشق، ثم بيروت"]


def test_english_abbreviations_and_initials() -> None:
    assert texts("J. R. R. Tolkien wrote it in 1937. It sold well.") == [
        "J. R. R. Tolkien wrote it in 1937.",
        "It sold well.",
    ]
    assert texts("It ranked No. 5 in the list, e.g. ahead of rivals. Sales rose.") == [
        "It ranked No. 5 in the list, e.g. ahead of rivals.",
        "Sales rose.",
    ]
    assert len(texts("The U.S. Army said the drill ended. Troops left.")) == 2


def test_decimals_are_not_boundaries() -> None:
    assert texts("Growth was 3.5 per cent. Inflation was 2.1.") == [
        "Growth was 3.5 per cent.",
        "Inflation was 2.1.",
    ]


def test_quotes_and_brackets() -> None:
    assert texts('He said: "We will win. We are ready." Then he left.') == [
        'He said: "We will win. We are ready."',
        "Then he left.",
    ]
    assert texts("Prices rose (see p. 4. Also p. 5). Then they fell.") == [
        "Prices rose (see p. 4. Also p. 5).",
        "Then they fell.",
    ]
    assert texts("وقال “إن الحرب انتهت. والسلام قادم” ثم غادر.") == [
        "وقال “إن الحرب انتهت. والسلام قادم” ثم غادر."
    ]


def test_arabic_full_stop_without_a_space() -> None:
    assert len(texts("وصل الوفد إلى الرياض.وبدأت المحادثات فورا.")) == 2


def test_question_and_exclamation_marks() -> None:
    assert texts("Who won? Nobody knows! Really.") == ["Who won?", "Nobody knows!", "Really."]


def test_blank_and_punctuation_only_pieces_are_dropped() -> None:
    assert texts("   \n\n  ") == []
    assert texts("First line.\n\n...\n\nSecond line.") == ["First line.", "Second line."]
    assert texts("") == []


def test_language_hint_is_accepted() -> None:
    assert len(split_sentences("Hello there. General Kenobi.", "en")) == 2


SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_f8cf1bd9c15a433e.txt"
SEED_ALT = Path("/work/shared/seeds/000_f8cf1bd9c15a433e.txt")


def _seed_text() -> str:
    for path in (SEED, SEED_ALT):
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.skip("seed file not available")


def test_seed_file_splits_without_the_date_header() -> None:
    day, body = split_date_header(_seed_text())
    assert day is not None and day.isoformat() == "2025-09-01"
    sentences = split_sentences(body, "ar")
    assert len(sentences) >= 8
    assert all("date" not in sentence.text[:6] for sentence in sentences)
    assert sentences[0].text.startswith("قالت الرئاسة الفرنسية")
    # The Arabic comma inside the first sentence does not split it.
    assert "،" in sentences[0].text and sentences[0].text.endswith(".")
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_hard_wrapped_lines_are_joined_but_short_lines_still_end_sentences() -> None:
    wrapped = (
        "أعلنت وزارة الصحة اليوم عن حملة وطنية واسعة للتطعيم ضد الحصبة تشمل جميع\n"
        "المدارس الحكومية والخاصة في المحافظات كافة وتستمر حتى نهاية الشهر المقبل\n"
        "بمشاركة آلاف الكوادر الطبية والتمريضية من مختلف المستشفيات والمراكز الصحية.\n"
        "وقال الوزير إن الحملة تهدف إلى حماية الأطفال من المرض بعد تسجيل إصابات عدة\n"
        "في المناطق الريفية خلال الأسابيع الماضية وفق البيانات الرسمية الأخيرة للوزارة.\n"
        "وأضاف أن اللقاح متوفر مجانا."
    )
    result = texts(wrapped)
    assert len(result) == 3
    assert result[0].startswith("أعلنت") and "\n" in result[0] and result[0].endswith("الصحية.")
    # Few lines: every line break ends a sentence (a breaking-news headline line).
    assert len(texts("عاجل: انفجار في بيروت\nقتل شخصان في الانفجار")) == 2


def test_a_quote_left_open_across_paragraphs_does_not_glue_sentences() -> None:
    text = (
        'He added: "The outlook remains uncertain. "It is widely accepted that risks will rise." Prices fell.'
    )
    assert texts(text) == [
        'He added: "The outlook remains uncertain.',
        '"It is widely accepted that risks will rise."',
        "Prices fell.",
    ]


def test_arabic_quotes_written_with_the_same_mark_on_both_sides() -> None:
    text = "وقال إن القمة كانت ”ذات جدوى. وضرورية” للجميع. ثم غادر."
    assert texts(text) == ["وقال إن القمة كانت ”ذات جدوى. وضرورية” للجميع.", "ثم غادر."]


def test_a_number_with_a_unit_ends_a_sentence() -> None:
    assert texts("Profits would rise 18% to £4.5bn. Wells Fargo had net income of $6.2bn.") == [
        "Profits would rise 18% to £4.5bn.",
        "Wells Fargo had net income of $6.2bn.",
    ]


def test_full_stop_after_tanween_without_a_space() -> None:
    assert len(texts("وهذا ما جعلها تنمو سريعاً.كان العلماء يعتقدون ذلك.")) == 2


def test_exclamation_inside_a_name_followed_by_lowercase() -> None:
    assert texts("They won best song for Hey Ya! after five nominations. Usher won too!") == [
        "They won best song for Hey Ya! after five nominations.",
        "Usher won too!",
    ]


def test_numbered_lists_and_transliterated_initials() -> None:
    assert texts("أهم النقاط:\n1. رفع الأجور.\n2. خفض الضرائب.") == [
        "أهم النقاط:",
        "1. رفع الأجور.",
        "2. خفض الضرائب.",
    ]
    assert len(texts("وقالت قناة إم. بي. سي إن البرنامج سيعود. وأضافت أن الموعد لم يحدد.")) == 2
    assert len(texts("Sales rose in 2024. 3 firms left.")) == 2
