"""Index documents and backend expressions, pure: both backends get the same positions and terms."""

from __future__ import annotations

import json

from bot.records import CompiledQuery
from bot.search_query import compile_query, parse_query
from bot.storage.search_index import (
    FILLER,
    MAX_OCCURRENCES,
    SLOT_SEPARATOR,
    build_doc,
    encode_term,
    fts_columns,
    phrase_column,
    positions,
    slot_key,
    tsvector_literal,
)
from bot.storage.search_sql import build_fts_match, exact_match, tsquery_text
from digests.text import index_terms

TEXTS = [
    "أعلنت الحكومة دعما جديدا لأوكرانيا وبفرنسا في بغداد، وللبنان.",
    "The U.S. economy grew 3.5% in Q2; Ukraine's allies met at the Café Élysée.",
    "خُمس مساحة القــدس ﷲ ١٢٬٣٤٥ و٣٫٥٪",
]


def test_positions_equal_index_terms_positions() -> None:
    # search_index caches terms per token; this holds only while index_terms derives terms per token.
    for text in TEXTS:
        expected: dict[int, list[str]] = {}
        for position, term in index_terms(text, None):
            expected.setdefault(position, [])
            if term not in expected[position]:
                expected[position].append(term)
        assert positions(text, None, 10_000) == [expected[p] for p in sorted(expected)]


def test_same_position_variant_becomes_one_slot_token() -> None:
    doc = build_doc(1, "دعم لأوكرانيا", "", "ar")
    title, body, pairs = fts_columns(doc)
    tokens = title.split(" ")
    assert len(tokens) == 2 and body == ""
    assert tokens[1] == "اوكران" + SLOT_SEPARATOR + "لاوكران"  # the variant first, the stem last
    assert pairs == {("لاوكران", tokens[1]), ("اوكران", tokens[1])}
    assert "'لاوكران':2A" in tsvector_literal(doc) and "'اوكران':2A" in tsvector_literal(doc)


def test_ascii_punctuation_inside_terms_never_splits_a_token() -> None:
    encoded = encode_term("ukraine's")
    assert "'" not in encoded and " " not in encoded and encoded.startswith("ukraine")
    assert encode_term("3.5") != "3.5" and encode_term("غزه") == "غزه"


def test_body_positions_follow_the_title_with_a_gap() -> None:
    doc = build_doc(1, "storm warning", "the storm hit", "en")
    literal = tsvector_literal(doc)
    assert "'storm':1A,5" in literal  # title 1-2, body from 4: "the"=4, "storm"=5
    assert "'''" not in literal


def test_quotes_and_backslashes_are_escaped_for_postgres() -> None:
    doc = build_doc(1, "", "O'Brien", "en")
    assert tsvector_literal(doc) == "'o''brien':2"


def test_occurrences_past_the_postgres_limit_are_dropped_on_both_backends() -> None:
    doc = build_doc(1, "", " ".join(["storm"] * (MAX_OCCURRENCES + 4)), "en")
    _, body, _ = fts_columns(doc)
    tokens = body.split(" ")
    assert tokens.count("storm") == MAX_OCCURRENCES and tokens[-4:] == [FILLER] * 4
    assert tsvector_literal(doc).count(",") == MAX_OCCURRENCES - 1


SEP = SLOT_SEPARATOR
STEM_OF = "اوكران" + SEP + "باوكران"  # the slot of باوكرانيا: اوكران is its variant and key
VARIANT_OF = "كران" + SEP + "اوكران"  # a (made up) slot where اوكران is the longer term: key كران
ALSO = "اوكران" + SEP + "لاوكران"
SLOTS = {"اوكران": [STEM_OF, VARIANT_OF, ALSO]}


def test_words_match_on_slots_as_quoted_tokens() -> None:
    match = build_fts_match(compile_query(parse_query('اوكرانيا -"drop" OR')), SLOTS)
    assert match.table == "article_fts"
    assert match.positive == f'("اوكران" OR "{STEM_OF}" OR "{VARIANT_OF}" OR "{ALSO}")'
    assert match.excluded == '("drop")'
    assert match.exact_spec is None


def test_phrases_match_on_keys_and_are_tested_when_a_term_has_two() -> None:
    match = build_fts_match(compile_query(parse_query('"جديد اوكرانيا" -"drop table"')), SLOTS)
    assert match.table == "article_phrase"
    assert match.positive == '(("جديد" + "اوكران") OR ("جديد" + "كران"))'  # كران also keys other words
    assert match.excluded == '(("drop" + "tabl"))'
    assert match.exact_spec is not None
    exact = build_fts_match(compile_query(parse_query('"جديد اوكرانيا" -"drop table"')), {"اوكران": [ALSO]})
    assert exact.positive == '(("جديد" + "اوكران"))' and exact.exact_spec is None


def test_an_exclusion_with_several_keys_is_left_to_the_exact_test() -> None:
    match = build_fts_match(compile_query(parse_query('جديد -"كلمة اوكرانيا"')), SLOTS)
    assert match.table == "article_phrase" and match.excluded is None
    assert match.exact_spec is not None


def test_keys_are_the_shortest_term_of_each_slot() -> None:
    assert slot_key(STEM_OF.split(SEP)) == "اوكران" == slot_key(ALSO.split(SEP))
    assert slot_key(["بغداد", "غداد"]) == "غداد" and slot_key(["دول", "لدول"]) == "دول"
    doc = build_doc(1, "دعم لأوكرانيا", "أعلنت الدول", "ar")
    title, body, _ = fts_columns(doc)
    assert phrase_column(title) == "دعم اوكران"
    assert phrase_column(body) == " ".join(slot_key(t.split(SEP)) for t in body.split(" "))
    assert phrase_column("") == "" and phrase_column(FILLER) == FILLER


def test_tsquery_text_is_made_of_quoted_lexemes() -> None:
    query = compile_query(parse_query("""kyiv OR "o'brien said" -war peace"""))
    assert tsquery_text(query) == "(('peac') & (('kyiv') | ('o''brien' <-> 'said'))) & !(('war'))"
    assert tsquery_text(query, positive=False) == "('war')"
    assert tsquery_text(CompiledQuery()) is None


def test_exact_match_over_stored_tokens() -> None:
    doc = build_doc(1, "Storm warning", "The storm hit the coast at dawn.", "en")
    title, body, _ = fts_columns(doc)

    def spec(text: str) -> str:
        q = compile_query(parse_query(text))
        return json.dumps([q.required, q.any_groups, q.excluded])

    assert exact_match(title, body, spec('"hit the coast"')) == 1
    assert exact_match(title, body, spec('"coast hit"')) == 0
    assert exact_match(title, body, spec('"warning the"')) == 0  # title and body do not join
    assert exact_match(title, body, spec("storm -dawn")) == 0
    assert exact_match(title, body, spec("flood OR coast")) == 1
