"""Right-to-left handling: line direction, isolates around opposite runs, stray controls removed."""

from __future__ import annotations

from bot.platforms import rtl
from bot.platforms.layout import Line, Span, bidi_spans

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
    # The run "Apple Inc" starts in a bold span and ends in a plain one: still one isolate.
    line = Line((Span("قالت "), Span("Apple", bold=True), Span(" Inc إن")), "rtl")
    spans = bidi_spans(line)
    assert [span.text for span in spans] == [RLM, "قالت ", f"{LRI}Apple", f" Inc{PDI} إن"]
    assert spans[2].bold


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
