"""A small bilingual gazetteer: common places and organisations written in Arabic and in English.

Arabic and English reports of one event name the same places, but transliteration skeletons miss the
short or irregular ones (الأردن / Jordan, الرياض / Riyadh, جدة / Jeddah, المغرب / Morocco). This table
gives such names one language-neutral key, used as cross-language evidence (`digests.evidence`).

Each line: key | English spellings (comma separated) | Arabic spellings (comma separated). Arabic forms
are written without the article; "ال" and one-letter prefixes (و ب ل ف ك) are stripped before lookup.
Keys of broad regions ("gulf", "middle east") are *weak*: so many reports mention them that they add to
a score but never make the evidence enough on their own (see `digests.crosslingual.enough_evidence`).

Ambiguous Arabic forms are no evidence of a place unless the text settles them, so that a report about
Prince Turki or set in Amman is not read as set in Turkey or Oman:
- a form marked "*" counts only with the article: "التركي" is the adjective Turkish, bare "تركي" is
  mostly the given name Turki (and "الهند" is India, "هند" the name Hind);
- a form in `_AMBIGUOUS_ARABIC` names two places ("عمان": Oman or Amman). It counts as one of them only
  when the same text also names that place's neighbours and not the other's ("سلطنة عمان" or "مسقط" for
  Oman, "الأردن" or "العاصمة الأردنية" for Amman); otherwise it is ignored. Vocalised, it is settled by
  its harakat (`_SETTLING_MARKS`): "عمّان" is Amman, "عُمان" Oman.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from digests.text.normalize import normalize_word

_PLACES = """
saudi arabia | Saudi Arabia, Saudi, Saudis | سعودية, سعودي, مملكة العربية السعودية
uae | UAE, United Arab Emirates, Emirates, Emirati | إمارات, إمارات العربية المتحدة, إماراتي, إماراتية
qatar | Qatar, Qatari | قطر, قطري, قطرية
kuwait | Kuwait, Kuwaiti | كويت, كويتي, كويتية
bahrain | Bahrain, Bahraini | بحرين, بحريني, بحرينية
oman | Oman, Omani | سلطنة عمان, عماني, عمانية
yemen | Yemen, Yemeni | يمن, يمني, يمنية
iraq | Iraq, Iraqi | عراق, عراقي, عراقية
syria | Syria, Syrian | سوريا, سورية, سوري
lebanon | Lebanon, Lebanese | لبنان, لبناني, لبنانية
jordan | Jordan, Jordanian | أردن, أردني, أردنية
palestine | Palestine, Palestinian, Palestinians | فلسطين, فلسطيني, فلسطينية, فلسطينيين
israel | Israel, Israeli | إسرائيل, إسرائيلي, إسرائيلية
egypt | Egypt, Egyptian | مصر, مصري, مصرية
sudan | Sudan, Sudanese | سودان, سوداني, سودانية
libya | Libya, Libyan | ليبيا, ليبي, ليبية
tunisia | Tunisia, Tunisian | تونس, تونسي, تونسية
algeria | Algeria, Algerian | جزائر, جزائري, جزائرية
morocco | Morocco, Moroccan | مغرب, مغربي, مغربية, مملكة المغربية
mauritania | Mauritania | موريتانيا
somalia | Somalia | صومال
iran | Iran, Iranian | إيران, إيراني, إيرانية
turkey | Turkey, Turkish, Turkiye | تركيا, *تركي, تركية
afghanistan | Afghanistan | أفغانستان
pakistan | Pakistan, Pakistani | باكستان
india | India, Indian | *هند, هندي, هندية
china | China, Chinese | صين, صيني, صينية
japan | Japan, Japanese | يابان, ياباني, يابانية
korea | Korea, Korean | كوريا
russia | Russia, Russian | روسيا, روسي, روسية
ukraine | Ukraine, Ukrainian | أوكرانيا, أوكراني, أوكرانية
usa | United States, U.S., US, USA, America, American | ولايات المتحدة, أمريكا, أميركا, أمريكي, أميركي
uk | Britain, British, United Kingdom, UK | بريطانيا, بريطاني, بريطانية, مملكة المتحدة
france | France, French | فرنسا, فرنسي, فرنسية
germany | Germany, German | ألمانيا, ألماني, ألمانية
italy | Italy, Italian | إيطاليا, إيطالي, إيطالية
spain | Spain, Spanish | إسبانيا, إسباني, إسبانية
greece | Greece, Greek | يونان, يوناني
canada | Canada, Canadian | كندا, كندي
brazil | Brazil, Brazilian | برازيل
mexico | Mexico, Mexican | مكسيك
argentina | Argentina, Argentine, Argentinian | أرجنتين, أرجنتيني, أرجنتينية
australia | Australia, Australian | أستراليا
indonesia | Indonesia, Indonesian | إندونيسيا
malaysia | Malaysia | ماليزيا
ethiopia | Ethiopia, Ethiopian | إثيوبيا
nigeria | Nigeria, Nigerian | نيجيريا
kenya | Kenya, Kenyan | كينيا
south africa | South Africa | جنوب أفريقيا, جنوب إفريقيا
riyadh | Riyadh | رياض
jeddah | Jeddah, Jedda | جدة
mecca | Mecca, Makkah | مكة, مكة المكرمة
medina | Medina, Madinah | مدينة المنورة
dammam | Dammam | دمام
neom | Neom, NEOM | نيوم
dubai | Dubai | دبي
abu dhabi | Abu Dhabi | أبوظبي, أبو ظبي
sharjah | Sharjah | شارقة
doha | Doha | دوحة
kuwait city | Kuwait City | مدينة الكويت
manama | Manama | منامة
muscat | Muscat | مسقط
sanaa | Sanaa, Sana'a | صنعاء
aden | Aden | عدن
baghdad | Baghdad | بغداد
basra | Basra | بصرة
mosul | Mosul | موصل
erbil | Erbil, Irbil | أربيل
damascus | Damascus | دمشق
aleppo | Aleppo | حلب
beirut | Beirut | بيروت
amman | Amman |
jerusalem | Jerusalem | قدس
gaza | Gaza | غزة, قطاع غزة
west bank | West Bank | ضفة الغربية
ramallah | Ramallah | رام الله
cairo | Cairo | قاهرة
alexandria | Alexandria | إسكندرية
khartoum | Khartoum | خرطوم
tripoli | Tripoli | طرابلس
benghazi | Benghazi | بنغازي
tunis | Tunis | تونس العاصمة
algiers | Algiers | جزائر العاصمة
rabat | Rabat | رباط
casablanca | Casablanca | دار البيضاء
marrakech | Marrakech, Marrakesh | مراكش
tehran | Tehran | طهران
istanbul | Istanbul | إسطنبول, اسطنبول
ankara | Ankara | أنقرة
moscow | Moscow | موسكو
kyiv | Kyiv, Kiev | كييف
washington | Washington | واشنطن
new york | New York | نيويورك
buenos aires | Buenos Aires | بوينس آيرس, بوينس أيرس, بوينس ايرس
london | London | لندن
paris | Paris | باريس
berlin | Berlin | برلين
rome | Rome | روما
madrid | Madrid | مدريد
brussels | Brussels | بروكسل
geneva | Geneva | جنيف
beijing | Beijing | بكين
tokyo | Tokyo | طوكيو
new delhi | New Delhi, Delhi | نيودلهي, دلهي
islamabad | Islamabad | إسلام آباد
texas | Texas | تكساس
california | California | كاليفورنيا
austin | Austin | أوستن
arabian peninsula | Arabian Peninsula | شبه الجزيرة العربية
red sea | Red Sea | بحر الأحمر
mediterranean | Mediterranean | بحر المتوسط, بحر الأبيض المتوسط
suez | Suez | سويس, قناة السويس
hormuz | Hormuz | هرمز, مضيق هرمز
sinai | Sinai | سيناء
levant | Levant | شام, بلاد الشام
un | United Nations, UN | أمم المتحدة
security council | Security Council | مجلس الأمن
who | World Health Organization | منظمة الصحة العالمية
imf | International Monetary Fund, IMF | صندوق النقد الدولي
world bank | World Bank | بنك الدولي
opec | OPEC, Opec | أوبك
nato | NATO, Nato | ناتو, حلف شمال الأطلسي
european union | European Union, EU | اتحاد الأوروبي
arab league | Arab League | جامعة الدول العربية
gcc | Gulf Cooperation Council, GCC | مجلس التعاون الخليجي, مجلس التعاون لدول الخليج العربية
african union | African Union | اتحاد الأفريقي, اتحاد الإفريقي
red crescent | Red Crescent | هلال الأحمر
red cross | Red Cross | صليب الأحمر
aramco | Aramco | أرامكو
fifa | FIFA, Fifa | فيفا
olympics | Olympics, Olympic | أولمبياد, ألعاب الأولمبية
nasa | NASA, Nasa | ناسا
"""

_REGIONS = """
gulf | Gulf, Arabian Gulf, Persian Gulf | خليج, خليج العربي, خليجي, خليجية
middle east | Middle East | شرق الأوسط
arab world | Arab world, Arab countries, Arab states | عالم العربي, دول العربية
africa | Africa, African | أفريقيا, إفريقيا
europe | Europe, European | أوروبا, أوروبي, أوروبية
asia | Asia, Asian | آسيا, آسيوي
north africa | North Africa | شمال أفريقيا, شمال إفريقيا
"""

# form(s) | key: keys of its neighbours | key: keys of its neighbours. Neighbours are gazetteer keys found
# in the same text; a key's own unambiguous names ("سلطنة عمان", "عماني") are among them.
_AMBIGUOUS_ARABIC = """
عمان, عمّان | oman: oman, muscat | amman: jordan
"""
_SETTLING_MARKS = {"عمان": (("\u0651", "amman"), ("\u064f", "oman"))}
"""Ambiguous form -> (mark, key) pairs: a token of the form with that mark names that place (a shadda on
the م of Amman, a damma on the ع of Oman)."""

WEAK_PREFIX = "%"
"""Keys of broad regions start with this; place and organisation keys with `PLACE_PREFIX`."""
PLACE_PREFIX = "!"
_AMBIGUOUS_PREFIX = "?"
"""Keys of ambiguous Arabic forms start with this until `_resolve` settles them; never returned."""
_ARTICLE_ONLY_MARK = "*"
MAX_WORDS = 4
_ARABIC_PREFIXES = ("وبال", "ولل", "وال", "بال", "فال", "كال", "لل", "ال")
_ONE_LETTER_PREFIXES = frozenset("وبلفك")
# Letters that normalisation (digests.text.normalize) writes for others; a word ending in one of the
# others may end in the letter once normalised.
_SPELLINGS = {"ا": "اأإآٱ", "ي": "يىیې", "ك": "كک", "و": "وؤئء", "ه": "هة"}
# Harakat, Quranic marks, superscript alef and tatweel: a word ending in one is checked in full.
_MARKS = frozenset(chr(code) for code in (*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, 0x0640))
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z.'’]*[A-Za-z]|[A-Z]")
_ARABIC_TOKEN = re.compile(r"[\u0621-\u065f\u0670-\u06d3]+")


@lru_cache(maxsize=262144)
def arabic_base(token: str) -> str:
    """A normalised Arabic token without its article ("الأردن" -> "اردن", "بالرياض" -> "رياض")."""
    word = normalize_word(token)
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


@dataclass(frozen=True, slots=True)
class _Table:
    names: dict[tuple[str, ...], str]
    """Word tuples -> key."""
    first_words: frozenset[str]
    """Words that begin a name: every other position is skipped without a lookup."""
    tails: frozenset[str]
    """The last three letters (or fewer) of every word of every name, in every spelling that normalises to
    them."""


@lru_cache(maxsize=1)
def _tables() -> tuple[_Table, _Table]:
    """(English word tuples -> key, Arabic base-word tuples -> key)."""
    english: dict[tuple[str, ...], str] = {}
    arabic: dict[tuple[str, ...], str] = {}
    for prefix, table in ((PLACE_PREFIX, _PLACES), (WEAK_PREFIX, _REGIONS)):
        for line in table.strip().splitlines():
            key, en_names, ar_names = (part.strip() for part in line.split("|"))
            for name in en_names.split(","):
                words = tuple(_english_form(w) for w in _LATIN_TOKEN.findall(name.strip()))
                english[words] = prefix + key
            for name in filter(None, (name.strip() for name in ar_names.split(","))):
                words = tuple(arabic_base(w) for w in name.removeprefix(_ARTICLE_ONLY_MARK).split())
                arabic[words] = prefix + key
    for form in _ambiguous():
        arabic[(form,)] = _AMBIGUOUS_PREFIX + form
        for mark, key in _SETTLING_MARKS.get(form, ()):
            arabic[(form + mark,)] = PLACE_PREFIX + key  # the lookup form `_arabic_form` gives such a token
    return _table(english), _table(arabic)


@lru_cache(maxsize=1)
def _ambiguous() -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """Ambiguous Arabic base form -> (key, keys of its neighbours) for each place it may name."""
    forms: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}
    for line in _AMBIGUOUS_ARABIC.strip().splitlines():
        spellings, *readings = (part.strip() for part in line.split("|"))
        options = []
        for reading in readings:
            key, neighbours = reading.split(":")
            options.append(
                (
                    PLACE_PREFIX + key.strip(),
                    frozenset(PLACE_PREFIX + neighbour.strip() for neighbour in neighbours.split(",")),
                )
            )
        for spelling in spellings.split(","):
            forms[arabic_base(spelling.strip())] = tuple(options)
    return forms


@lru_cache(maxsize=1)
def _article_only() -> frozenset[str]:
    """Arabic base forms that name a place only with the article (marked "*" in the table)."""
    return frozenset(
        arabic_base(name.strip().removeprefix(_ARTICLE_ONLY_MARK))
        for table in (_PLACES, _REGIONS)
        for line in table.strip().splitlines()
        for name in line.split("|")[2].split(",")
        if name.strip().startswith(_ARTICLE_ONLY_MARK)
    )


def _table(names: dict[tuple[str, ...], str]) -> _Table:
    return _Table(
        names,
        first_words=frozenset(words[0] for words in names),
        tails=frozenset(
            "".join(letters)
            for words in names
            for word in words
            for letters in itertools.product(*(_SPELLINGS.get(letter, letter) for letter in word[-3:]))
        ),
    )


def _english_form(word: str) -> str:
    """Lookup form of an English word: short all-caps acronyms keep their case ("US" is not "us")."""
    return word if len(word) <= 4 and word.isupper() else word.casefold()


def _lookup(tokens: list[str], table: _Table, starts: list[bool] | None = None) -> Iterator[str]:
    """Keys of the longest names found at each position, one per mention (a longer name hides the
    shorter inside it).

    `starts` (if given) says at which positions a name may begin.
    """
    first_words = table.first_words
    free = 0  # the first position not inside a name already found
    for position in [at for at, token in enumerate(tokens) if token in first_words]:
        if position < free or (starts is not None and not starts[position]):
            continue
        for size in range(min(MAX_WORDS, len(tokens) - position), 0, -1):
            key = table.names.get(tuple(tokens[position : position + size]))
            if key is not None:
                yield key
                free = position + size
                break


def english_places(text: str) -> set[str]:
    """Gazetteer keys of the names in English `text` ("in Jordan" -> "!jordan").

    A name must begin with a capital: "jordan" in lower case is not the country, "us" is a pronoun.
    """
    english, _ = _tables()
    words = _LATIN_TOKEN.findall(text)
    return set(_lookup([_english_form(w) for w in words], english, [w[0].isupper() for w in words]))


def arabic_places(text: str) -> set[str]:
    """Gazetteer keys of the names in Arabic `text` ("في الأردن" -> "!jordan")."""
    return set(arabic_place_mentions(text))


def arabic_place_mentions(text: str) -> Counter[str]:
    """How many times Arabic `text` names each gazetteer place ("جدة ... بجدة" -> {"!jeddah": 2})."""
    _, arabic = _tables()
    # Only words that may end like a word of a name are normalised: most words of a text do not, and
    # normalising each new word is what costs.
    tails = arabic.tails
    forms = [
        _arabic_form(token)
        if token[-3:] in tails or token[-2:] in tails or not _MARKS.isdisjoint(token[-3:])
        else ""
        for token in _ARABIC_TOKEN.findall(text)
    ]
    return _resolve(Counter(_lookup(forms, arabic)))


def _resolve(found: Counter[str]) -> Counter[str]:
    """`found` with each ambiguous form counted as the one place whose neighbours the text names, or
    dropped when the text names the neighbours of none or of several."""
    ambiguous = [key for key in found if key.startswith(_AMBIGUOUS_PREFIX)]
    if not ambiguous:
        return found
    named = {key for key in found if not key.startswith(_AMBIGUOUS_PREFIX)}
    for form_key in ambiguous:
        count = found.pop(form_key)
        readings = [key for key, neighbours in _ambiguous()[form_key[1:]] if not neighbours.isdisjoint(named)]
        if len(readings) == 1:
            found[readings[0]] += count
    return found


@lru_cache(maxsize=262144)
def _arabic_form(token: str) -> str:
    """`arabic_base`, or else a one-letter prefix (و ب ل ف ك) dropped when that leaves a name's first
    word ("بجدة" -> "جدة"): only then, since stripping such letters blindly ruins other words.

    "" for a form marked "*" without its article ("تركي" the given name, not "التركي"); an ambiguous form
    whose harakat settle it gets its settling mark ("عمّان" -> "عمان" + shadda, a name of Amman)."""
    base = arabic_base(token)
    if base == normalize_word(token):  # no article
        first_words = _tables()[1].first_words
        if base not in first_words and base[:1] in _ONE_LETTER_PREFIXES and base[1:] in first_words:
            base = base[1:]
        if base in _article_only():
            return ""
    for mark, _ in _SETTLING_MARKS.get(base, ()):
        if mark in token:
            return base + mark
    return base


def is_weak(key: str) -> bool:
    """True for a broad-region key ("%gulf"): too common to be evidence by itself."""
    return key.startswith(WEAK_PREFIX)
