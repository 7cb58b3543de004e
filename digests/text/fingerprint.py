"""SimHash fingerprints over word shingles: near-duplicate copies differ in few of the 64 bits.

Shingles are 3-grams of terms (shorter texts use what they have), hashed with blake2b (stable across runs
and machines, unlike Python's salted `hash`). The bit columns are summed with lane arithmetic on Python
integers (one addition per shingle instead of 64), which keeps a long article well under a millisecond.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

_BITS = 64
_LANE = 32  # bits per counter lane: room for 4 billion shingles
_LANE_MASK = (1 << _LANE) - 1
_MASK64 = (1 << _BITS) - 1
_SHINGLE = 3


def _spread_byte(value: int) -> int:
    """Put bit i of a byte into lane i (each lane `_LANE` bits wide)."""
    return sum(1 << (_LANE * bit) for bit in range(8) if value >> bit & 1)


# _SPREAD[i][b]: byte b of a digest at byte position i, spread into lanes 8*i .. 8*i+7.
_SPREAD = [[_spread_byte(value) << (_LANE * 8 * index) for value in range(256)] for index in range(8)]
_S0, _S1, _S2, _S3, _S4, _S5, _S6, _S7 = _SPREAD


def _shingles(terms: Sequence[str]) -> list[str]:
    if len(terms) < _SHINGLE:
        return [" ".join(terms)] if terms else []
    return [" ".join(terms[i : i + _SHINGLE]) for i in range(len(terms) - _SHINGLE + 1)]


def simhash(terms: Sequence[str]) -> int:
    """64-bit SimHash of the term 3-gram shingles, as a signed 64-bit int (0 for no terms)."""
    shingles = _shingles(terms)
    if not shingles:
        return 0
    columns = 0
    for shingle in shingles:
        d = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
        columns += (
            _S0[d[0]] + _S1[d[1]] + _S2[d[2]] + _S3[d[3]] + _S4[d[4]] + _S5[d[5]] + _S6[d[6]] + _S7[d[7]]
        )
    half = len(shingles) / 2
    value = 0
    for bit in range(_BITS):
        if (columns >> (_LANE * bit)) & _LANE_MASK > half:
            value |= 1 << bit
    return value - (1 << _BITS) if value >= 1 << (_BITS - 1) else value


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints (signed or unsigned)."""
    return ((a ^ b) & _MASK64).bit_count()
