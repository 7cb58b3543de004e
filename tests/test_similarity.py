"""blocked_pairs against a brute-force count of shared key terms."""

from __future__ import annotations

import itertools
import random

from digests.similarity import blocked_pairs


def brute_force_pairs(keys: list[list[str]], max_postings: int, min_shared: int) -> list[tuple[int, int]]:
    """Every pair sharing `min_shared` key terms, counting only terms held by 2..max_postings documents."""
    df = {term: sum(term in doc for doc in keys) for term in {t for doc in keys for t in doc}}
    usable = {term for term, count in df.items() if 2 <= count <= max_postings}
    return [
        (i, j)
        for i, j in itertools.combinations(range(len(keys)), 2)
        if len(set(keys[i]) & set(keys[j]) & usable) >= min_shared
    ]


def test_blocked_pairs_match_a_brute_force_count() -> None:
    rng = random.Random(3)
    vocabulary = [f"t{n}" for n in range(40)]
    for _ in range(30):
        keys = [rng.sample(vocabulary, rng.randint(0, 6)) for _ in range(rng.randint(0, 60))]
        for max_postings, min_shared in itertools.product((2, 5, 100), (1, 2, 3)):
            expected = brute_force_pairs(keys, max_postings, min_shared)
            assert blocked_pairs(keys, max_postings, min_shared) == expected
