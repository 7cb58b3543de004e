"""SimHash: stable, signed 64-bit, near copies close and different texts far."""

from __future__ import annotations

from digests.text import content_terms, hamming, simhash

STORY = (
    "The central bank raised interest rates by half a point on Tuesday, its third increase this year, "
    "saying inflation remained far above target while the labour market stayed tight and wages kept rising"
)
OTHER = (
    "Heavy rain flooded villages in the north of the country, forcing thousands of families from their "
    "homes as rivers burst their banks and roads were cut off for a second day running"
)


def test_fingerprint_is_a_signed_64_bit_int_and_stable() -> None:
    value = simhash(content_terms(STORY, "en"))
    assert -(2**63) <= value < 2**63
    assert value == simhash(content_terms(STORY, "en"))
    assert simhash([]) == 0


def test_near_copies_are_close_and_different_stories_far() -> None:
    original = simhash(content_terms(STORY, "en"))
    copy = simhash(content_terms(STORY.replace("Tuesday", "Wednesday") + " officials said", "en"))
    other = simhash(content_terms(OTHER, "en"))
    assert hamming(original, copy) <= 12
    assert hamming(original, other) >= 20


def test_hamming_accepts_signed_values() -> None:
    assert hamming(-1, 0) == 64
    assert hamming(5, 5) == 0
    assert hamming(-(2**63), 2**63 - 1) == 64
