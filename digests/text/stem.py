"""Stemming: PyStemmer (Snowball) for Latin-script tokens, a Light10-style light stemmer for Arabic script.

The token's script decides, not the `language` argument: an Arabic article quoting "Apple" stems the
English word as English, and index time and query time agree without knowing each other's language.

The Arabic stemmer follows the Light10 family (Larkey, Ballesteros and Connell): strip a definite article
(ال وال بال كال فال لل), then suffixes; plus a rule for the accusative alef (اجتماعا → اجتماع). Where it
departs from Light10, so that a word and its article form always share a stem (برلمان = البرلمان):
- A lone conjunction و is not stripped (Light10 does): it made وزير → زير but الوزير → وزير, and الوزارة →
  وزار but وزارة → زار ("visited"). Like ب/ل/ك/ف, it is left to `content_terms` (batch vocabulary) and to
  `index_terms` (an extra term at the same position), so قال still finds وقال.
- After an article, a word that itself begins with ال (ألماني, آلاف, التزام) loses that too, as it does
  when it stands alone: الألماني = ألماني.
- Names are protected in their bare form (لبنان, سودان, برلمان) and checked before and after the article.
- The ان suffix (the nominative dual) is stripped only from a stem of 4 or more letters, or from the few
  3-letter nouns whose dual is common (DUAL_STEMS). On SaudiNewsNet nearly every ان word with a shorter
  stem is a noun or a name of its own: سكان → سك, الأمان → ام, القرآن → قر, سلمان → سلم ("peace"),
  الطيران → طير ("bird"), فيضان → فيض, إعلان → اعل (with أعلى), فقدان → فقد, عدنان → عدن (Aden); the
  real duals among them were الطرفان, اثنان, شخصان. ات is stripped before ان, so الفيضانات = الفيضان and
  المهرجانات = المهرجان.
It never strips a lone ب/ل/ك/ف (that destroys بغداد, لبنان, فرنسا).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import Stemmer

from digests.text.normalize import normalize

ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
"""The definite article and its prefixed forms, longest first (also read by `digests.evidence`)."""
# ات before ان: X+انات first loses ات, then ان under the same rule as X+ان.
_SUFFIXES = ("ها", "ات", "ان", "ون", "ين", "يه", "ه", "ي")  # ة is already ه after normalising
_DUAL = "ان"
_MIN_STEM_BEFORE_DUAL = 4
_ONE_LETTER_PREFIXES = "وبلكف"

# Names the suffix rules would turn into other words, in their bare (article-less) normalised form.
PROTECTED = frozenset(
    normalize(word)
    for word in (
        "لبنان",
        "إيران",
        "عمان",
        "عمّان",
        "يونان",
        "سودان",
        "يابان",
        "جزائر",
        "ألمانيا",
        "بحرين",
        "كويت",
        "مغرب",
        "يمن",
        "أردن",
        "صين",
        "هند",
        "فلبين",
        "أرجنتين",
        "برازيل",
        "إمارات",
        "لندن",
        "بكين",
        "برلين",
        "عثمان",
        "سليمان",
        "رمضان",
        "شعبان",
        "بيان",
        "ميدان",
        "عنوان",
        "حيوان",
        "مكان",
        "إنسان",
        "برلمان",
        "سلطان",
        "طالبان",
        "مهرجان",
    )
)

# 3-letter stems whose ان form is usually a dual (الطرفان = الطرفين), measured on SaudiNewsNet.
DUAL_STEMS = frozenset(
    normalize(word)
    for word in (
        "طرف",
        "اثن",
        "شخص",
        "شاب",
        "آخر",
        "شهر",
        "يوم",
        "عام",
        "نوع",
        "طفل",
        "زوج",
        "رجل",
        "هدف",
        "نجم",
        "عضو",
        "حزب",
        "بلد",
    )
)

# Allah: the article is part of the name (عبد الله); والله/بالله/لله are the name with a prefix.
_ALLAH = "الله"
_ALLAH_FORMS = frozenset({_ALLAH, "والله", "بالله", "فالله", "تالله", "لله", "ولله", "فلله"})

_local = threading.local()


def _english_stemmer() -> Stemmer.Stemmer:
    # PyStemmer instances are not thread-safe: one per thread.
    stemmer: Stemmer.Stemmer | None = getattr(_local, "english", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("english")
        _local.english = stemmer
    return stemmer


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


@lru_cache(maxsize=200_000)
def arabic_stem(token: str) -> str:
    """Light-stem one normalised Arabic token (no lone و/ب/ل/ك/ف stripping)."""
    if token in _ALLAH_FORMS:
        return _ALLAH
    if token in PROTECTED:
        return token
    if token[:1] in _ONE_LETTER_PREFIXES and token[1:] in PROTECTED:
        return token[1:]  # ولبنان, بلبنان, للبنان: a prefix letter before a name is never part of it
    word = _without_article(token)
    if word in PROTECTED:
        return word
    # The accusative alef (اجتماعا, جديدا) and adverbs in -يا (حاليا); names in -ا are stemmed the same
    # way wherever they occur, so matching stays consistent.
    if word.endswith("ا") and len(word) >= 4 and not word.endswith(("اا", "ها")):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            rest = word[: -len(suffix)]
            if suffix == _DUAL and len(rest) < _MIN_STEM_BEFORE_DUAL and rest not in DUAL_STEMS:
                continue
            word = rest
            if word in PROTECTED:
                break
    return word


def _without_article(word: str) -> str:
    """`word` without its definite article (and then without an ال of its own, as when it stands alone)."""
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            rest = word[len(article) :]
            if rest not in PROTECTED and rest.startswith("ال") and len(rest) >= 4:
                rest = rest[2:]
            return rest
    return word


def english_stem(token: str) -> str:
    """Snowball English stem of one normalised token (PyStemmer, one instance per thread)."""
    return str(_english_stemmer().stemWord(token))


def stem(token: str, language: str = "") -> str:
    """Stem one normalised token. The token's script picks the stemmer; `language` is only a hint.

    Arabic script → the light stemmer; ASCII/Latin letters → Snowball English; numbers and other scripts
    are returned unchanged.
    """
    return _stem(token, language == "en")


@lru_cache(maxsize=300_000)
def _stem(token: str, english_hint: bool) -> str:
    if not token:
        return token
    if _ARABIC_SCRIPT.search(token):
        return arabic_stem(token)
    if token[0].isdigit():
        return token
    if token.isascii() or english_hint:
        return english_stem(token)
    return token
