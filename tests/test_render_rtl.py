"""Right-to-left handling: line direction, isolates around opposite runs, stray controls removed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.platforms import rtl
from bot.platforms.bidi_layout import bidi_spans
from bot.platforms.layout import Line, Span, also_in_line

LRI, RLI, PDI, RLM, LRM = rtl.LRI, rtl.RLI, rtl.PDI, rtl.RLM, rtl.LRM


def test_base_direction_counts_words_not_the_first_letter() -> None:
    assert rtl.base_direction("Apple تعلن عن هاتف جديد") == "rtl"
    assert rtl.base_direction("أعلنت شركة Apple عن هاتف iPhone 16 Pro Max في مؤتمر WWDC") == "rtl"
    assert rtl.base_direction('The Arabic word "شكرا" means thanks') == "ltr"
    assert rtl.base_direction("2025 - 3.5%", default="rtl") == "rtl"
    assert rtl.base_direction("") == "ltr"


def test_latin_runs_in_arabic_lines_are_isolated_whole() -> None:
    text = "أعلنت شركة Apple عن هاتف iPhone 16 Pro Max في مؤتمر WWDC."
    assert rtl.isolate_runs(text, "rtl") == (
        f"أعلنت شركة {LRI}Apple{PDI} عن هاتف {LRI}iPhone 16 Pro Max{PDI} في مؤتمر {LRI}WWDC{PDI}."
    )


def test_names_with_commas_and_urls_stay_one_run() -> None:
    assert rtl.isolate_runs("نشرت BBC News, London الخبر", "rtl") == f"نشرت {LRI}BBC News, London{PDI} الخبر"
    assert rtl.isolate_runs("الرابط https://a.example/x?y=1 هنا", "rtl") == (
        f"الرابط {LRI}https://a.example/x?y=1{PDI} هنا"
    )


def test_brackets_around_a_latin_run_stay_outside_it() -> None:
    # A ")" opened outside the run must mirror with its "(" in the Arabic context.
    assert rtl.isolate_runs("قالت وكالة (AP) إن", "rtl") == f"قالت وكالة ({LRI}AP{PDI}) إن"
    assert rtl.isolate_runs("شركة Apple (Inc) هنا", "rtl") == f"شركة {LRI}Apple (Inc){PDI} هنا"


def test_numbers_after_arabic_words_in_english_lines_are_not_pulled_in() -> None:
    assert rtl.isolate_runs("The word شكرا 2025 means", "ltr") == f"The word {RLI}شكرا{PDI} 2025 means"


def test_bare_numbers_in_arabic_lines_are_left_alone() -> None:
    assert rtl.isolate_runs("ارتفع المؤشر 3.5% إلى ١٢٬٣٤٥ نقطة", "rtl") == "ارتفع المؤشر 3.5% إلى ١٢٬٣٤٥ نقطة"


def test_bidi_line_strips_foreign_controls_and_sets_the_direction() -> None:
    hostile = "خبر \u202eevil\u202c عاجل"  # an RLO from a feed would reverse the rest of the message
    line = rtl.bidi_line(hostile, "rtl")
    assert "\u202e" not in line and "\u202c" not in line
    assert line == f"{RLM}خبر {LRI}evil{PDI} عاجل"
    assert rtl.bidi_line("Hello", "ltr") == f"{LRM}Hello"


def test_isolates_span_styled_runs() -> None:
    # The run "Apple Inc" starts in a bold span and ends in a plain one: still one isolate (two would show
    # "Inc Apple"), opened before the bold span rather than inside it, so it encloses the whole entity.
    line = Line((Span("قالت "), Span("Apple", bold=True), Span(" Inc إن")), "rtl")
    spans = bidi_spans(line)
    assert [(span.text, span.bold) for span in spans] == [
        (f"{RLM}قالت {LRI}", False),
        ("Apple", True),
        (f" Inc{PDI} إن", False),
    ]


def test_an_isolate_starting_inside_a_bold_span_cuts_the_span_in_two() -> None:
    line = Line((Span("خبر عن Apple", bold=True), Span(" Inc اليوم")), "rtl")
    assert [(span.text, span.bold) for span in bidi_spans(line)] == [
        (RLM, False),
        ("خبر عن ", True),
        (LRI, False),
        ("Apple", True),
        (f" Inc{PDI} اليوم", False),
    ]


def test_balance_isolates_after_a_cut() -> None:
    assert rtl.balance_isolates(f"a {LRI}b c") == f"a {LRI}b c{PDI}"
    assert rtl.balance_isolates(f"d{PDI} e") == "d e"


def test_localize_digits() -> None:
    assert rtl.localize_digits("29 November 2026", "ar") == "٢٩ November ٢٠٢٦"
    assert rtl.localize_digits("29", "en") == "29"


def test_command_slashes_and_glued_signs_join_their_latin_word() -> None:
    # Without the slash inside the isolate, "/subscribe" shows as "subscribe/" in an Arabic line.
    assert rtl.isolate_runs("مثال: /subscribe 07:30 Asia/Riyadh)", "rtl") == (
        f"مثال: {LRI}/subscribe 07:30 Asia/Riyadh{PDI})"
    )
    assert rtl.isolate_runs("/filter +كلمة -كلمة؛ /filter clear", "rtl") == (
        f"{LRI}/filter{PDI} +كلمة -كلمة؛ {LRI}/filter clear{PDI}"
    )
    assert rtl.isolate_runs("نمو C++ و 50% من @user", "rtl") == f"نمو {LRI}C++{PDI} و 50% من {LRI}@user{PDI}"


def test_numbers_join_a_latin_run_only_across_spaces_or_inside_the_word() -> None:
    assert rtl.isolate_runs("شركة Apple، 500 موظف", "rtl") == f"شركة {LRI}Apple{PDI}، 500 موظف"
    assert rtl.isolate_runs("إصدار v2.0-beta جديد", "rtl") == f"إصدار {LRI}v2.0-beta{PDI} جديد"


def test_digits_glued_to_the_front_of_a_latin_word_join_its_run() -> None:
    # Outside the isolate, "3" after Arabic letters is an Arabic number (UAX #9 W2) and shows as "alyoum3".
    assert rtl.isolate_runs("نشر موقع 3alyoum الخبر", "rtl") == f"نشر موقع {LRI}3alyoum{PDI} الخبر"
    assert rtl.isolate_runs("شبكة 5G بسرعة 3.5GHz", "rtl") == f"شبكة {LRI}5G{PDI} بسرعة {LRI}3.5GHz{PDI}"
    assert rtl.isolate_runs("لقاحات COVID-19 وطائرات F-35 🔥", "rtl") == (
        f"لقاحات {LRI}COVID-19{PDI} وطائرات {LRI}F-35{PDI} 🔥"
    )
    assert rtl.isolate_runs("موقع 4x4 Arabia، 2025", "rtl") == f"موقع {LRI}4x4 Arabia{PDI}، 2025"
    # A number with a space before the word stays a bare number; Arabic-Indic digits are Arabic numbers.
    assert rtl.isolate_runs("عام 2025 Apple", "rtl") == f"عام 2025 {LRI}Apple{PDI}"
    assert rtl.isolate_runs("عام ٢٠٢٥Apple", "rtl") == f"عام ٢٠٢٥{LRI}Apple{PDI}"
    # The run never reaches back into the previous one.
    assert rtl.isolate_runs("x1y", "rtl") == f"{LRI}x1y{PDI}"


def test_urls_keep_their_final_slash_and_closing_bracket() -> None:
    assert rtl.isolate_runs("الرابط https://a.example/ هنا", "rtl") == (
        f"الرابط {LRI}https://a.example/{PDI} هنا"
    )
    assert rtl.isolate_runs("عن Sawt <https://a.example/>، ثم", "rtl") == (
        f"عن {LRI}Sawt <https://a.example/>{PDI}، ثم"
    )
    # Brackets opened outside the run stay outside, as for "(AP)".
    assert rtl.isolate_runs("عن <https://a.example/>، ثم", "rtl") == f"عن <{LRI}https://a.example/{PDI}>، ثم"
    # A slash between a Latin and an Arabic word stays with the Arabic side.
    assert rtl.isolate_runs("Apple/أبل", "rtl") == f"{LRI}Apple{PDI}/أبل"


def test_punctuation_glued_to_a_latin_token_joins_its_isolate() -> None:
    # Outside the isolate, UAX #9 N1/N2 would lay these out right to left: "//:http", ":since", ".Inc".
    assert rtl.isolate_runs("يبدأ الرابط بـ http:// أو https://", "rtl") == (
        f"يبدأ الرابط بـ {LRI}http://{PDI} أو {LRI}https://{PDI}"
    )
    assert rtl.isolate_runs("اكتب since: ثم التاريخ", "rtl") == f"اكتب {LRI}since:{PDI} ثم التاريخ"
    assert rtl.isolate_runs("العنوان ::ffff:127.0.0.1 محجوب", "rtl") == (
        f"العنوان {LRI}::ffff:127.0.0.1{PDI} محجوب"
    )
    assert rtl.isolate_runs("أعلنت شركة Apple Inc.", "rtl") == f"أعلنت شركة {LRI}Apple Inc.{PDI}"
    assert rtl.isolate_runs("قالت Example Ltd. إن", "rtl") == f"قالت {LRI}Example Ltd.{PDI} إن"
    assert rtl.isolate_runs("في U.S. والعالم", "rtl") == f"في {LRI}U.S.{PDI} والعالم"
    assert rtl.isolate_runs("الأمر git_pull= هنا", "rtl") == f"الأمر {LRI}git_pull={PDI} هنا"
    # In front: signs glued to the word, "::" included.
    assert rtl.isolate_runs("الملف .env و ::ffff", "rtl") == f"الملف {LRI}.env{PDI} و {LRI}::ffff{PDI}"
    # A number glued by a colon joins as a number glued by a full stop does ("3.5GHz").
    assert rtl.isolate_runs("العنوان 2001:db8::1 محجوب", "rtl") == f"العنوان {LRI}2001:db8::1{PDI} محجوب"


def test_ipv6_addresses_without_letters_are_isolated_whole() -> None:
    # "1::" otherwise: the colons resolve to R beside the Arabic number 1 (UAX #9 W2, N1).
    assert rtl.isolate_runs("لن أجلب هذا العنوان: ::1 يشير إلى", "rtl") == (
        f"لن أجلب هذا العنوان: {LRI}::1{PDI} يشير إلى"
    )
    assert rtl.isolate_runs("العنوان :: لا يشير إلى جهاز", "rtl") == f"العنوان {LRI}::{PDI} لا يشير إلى جهاز"
    assert rtl.isolate_runs("العنوان ::1.", "rtl") == f"العنوان {LRI}::1{PDI}."
    # Times and Arabic words with colons are not addresses.
    assert rtl.isolate_runs("الساعة 07:30:15 عاجل:: خبر", "rtl") == "الساعة 07:30:15 عاجل:: خبر"


def test_sentence_punctuation_stays_with_the_arabic_sentence() -> None:
    # After a space, Arabic marks, a full stop or "!" ending the Arabic sentence: left of the token.
    assert rtl.isolate_runs("قالت Apple، ثم هل تعرف Google؟", "rtl") == (
        f"قالت {LRI}Apple{PDI}، ثم هل تعرف {LRI}Google{PDI}؟"
    )
    assert rtl.isolate_runs("في مؤتمر WWDC. ثم عاد إلى Cairo!", "rtl") == (
        f"في مؤتمر {LRI}WWDC{PDI}. ثم عاد إلى {LRI}Cairo{PDI}!"
    )
    assert rtl.isolate_runs("كتب /x +كلمة", "rtl") == f"كتب {LRI}/x{PDI} +كلمة"
    # A colon after a name in prose is the Arabic sentence's; after a lowercase key it is the key's.
    assert rtl.isolate_runs("وقال متحدث باسم Google: إن", "rtl") == f"وقال متحدث باسم {LRI}Google{PDI}: إن"
    # A sign between the token and an Arabic word it touches stays with the Arabic word.
    assert rtl.isolate_runs("نهاية الجملة.Apple عاجل:BBC عام-Apple", "rtl") == (
        f"نهاية الجملة.{LRI}Apple{PDI} عاجل:{LRI}BBC{PDI} عام-{LRI}Apple{PDI}"
    )
    assert rtl.isolate_runs("ابحث source:اسم", "rtl") == f"ابحث {LRI}source{PDI}:اسم"
    # A URL's sentence-final full stop is not part of it.
    assert rtl.isolate_runs("الرابط https://a.example/x. ثم", "rtl") == (
        f"الرابط {LRI}https://a.example/x{PDI}. ثم"
    )


def test_english_lines_are_unchanged_by_the_punctuation_rules() -> None:
    for text in ("Feeds need http:// or https://", "Apple Inc. and ::1 since: now", "U.S. talks: done."):
        assert rtl.isolate_runs(text, "ltr") == text
    # Arabic runs in an English line never take the punctuation after them.
    assert rtl.isolate_runs("The word شكرا: thanks.", "ltr") == f"The word {RLI}شكرا{PDI}: thanks."


def test_also_in_isolates_each_outlet_inside_its_link() -> None:
    line = also_in_line([("aawsat", "https://a.example/1"), ("3alyoum", "https://b.example/2"),
                         ("عين اليوم", None), ("BBC News", None)], "ar")
    assert [(span.text, span.href, span.italic) for span in bidi_spans(line)] == [
        (RLM, None, False),
        ("وردت أيضًا في: ", None, True),
        (f"{LRI}aawsat{PDI}", "https://a.example/1", False),
        ("، ", None, False),
        (f"{LRI}3alyoum{PDI}", "https://b.example/2", False),
        (f"، عين اليوم، {LRI}BBC News{PDI}", None, False),
    ]
    english = also_in_line([("الجزيرة", None), ("العربية", None), ("Sky News", None)], "en")
    assert "".join(span.text for span in bidi_spans(english)) == (
        f"{LRM}Also in: {RLI}الجزيرة{PDI}, {RLI}العربية{PDI}, Sky News"
    )


def test_a_left_to_right_line_of_an_arabic_reply_starts_right_to_left_and_is_isolated_whole() -> None:
    command = Line((Span("  since:2025-01-01   source:اسم."),), "ltr", align="rtl")
    assert "".join(span.text for span in bidi_spans(command)) == (
        f"{RLM}  {LRI}since:2025-01-01   source:{RLI}اسم{PDI}.{PDI}"
    )
    headline = Line((Span("٢. ", bold=True), Span("Talks resume 🇶🇦", bold=True, href="https://x.example/")),
                    "ltr", align="rtl")
    assert [(span.text, span.href) for span in bidi_spans(headline)] == [
        (f"{RLM}{LRI}", None),
        ("٢. ", None),
        ("Talks resume 🇶🇦", "https://x.example/"),
        (PDI, None),
    ]
    # An Arabic line is aligned as it is: nothing more.
    arabic = Line((Span("مرحبا"),), "rtl", align="rtl")
    assert bidi_spans(arabic) == (Span(f"{RLM}مرحبا"),)


_ALPHABET = "ab Z3 ٣ج د-.،,/<>()🔥‮"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(_ALPHABET, min_size=1, max_size=12), st.booleans(), st.booleans(), st.booleans(),
                  st.booleans()),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["rtl", "ltr"]),
    st.sampled_from([None, "rtl"]),
)
def test_isolates_balance_nest_with_styled_spans_and_lose_nothing(
    parts: list[tuple[str, bool, bool, bool, bool]], direction: str, align: str | None
) -> None:
    spans = tuple(
        Span(text, bold=bold, italic=italic, href="https://x.example/" if link else None, unit=unit)
        for text, bold, italic, link, unit in parts
    )
    out = bidi_spans(Line(spans, direction, align))
    joined = "".join(span.text for span in out)
    assert rtl.strip_bidi_controls(joined) == rtl.strip_bidi_controls("".join(s.text for s in spans))
    assert joined[0] == (RLM if (align or direction) == "rtl" else LRM)
    assert _balanced(joined)
    # Each styled span's own text holds whole isolates: none opens inside and closes outside it.
    assert all(_balanced(span.text) for span in out if span.bold or span.italic or span.href)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += char in (LRI, RLI, rtl.FSI)
        depth -= char == PDI
        if depth < 0:
            return False
    return depth == 0
