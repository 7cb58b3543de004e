"""Text preparation for Arabic and English news: normalise, tokenise, stop words, stem, detect the
language, split sentences, read the seed's date header, fingerprint, and produce search terms.

Everything here is pure and deterministic; display text is never altered (offsets point into it).
"""

from digests.text.fingerprint import hamming, simhash
from digests.text.header import split_date_header
from digests.text.language import detect_language
from digests.text.normalize import normalize
from digests.text.search_terms import index_terms, query_term
from digests.text.sentences import split_sentences
from digests.text.stem import stem
from digests.text.stopwords import is_stop_word, is_stop_word_as_typed
from digests.text.terms import content_terms, strip_known_prefix
from digests.text.tokens import Token, count_words, tokenize, tokenize_spans

__all__ = [
    "Token",
    "content_terms",
    "count_words",
    "detect_language",
    "hamming",
    "index_terms",
    "is_stop_word",
    "is_stop_word_as_typed",
    "normalize",
    "query_term",
    "simhash",
    "split_date_header",
    "split_sentences",
    "stem",
    "strip_known_prefix",
    "tokenize",
    "tokenize_spans",
]
