"""Generic news words: vocabulary that every kind of report uses, kept per language in the repo.

In-batch IDF cannot tell generic from specific words in a batch of a handful of articles: a market report
and a startup story may share nothing but "company", "percent" and "Gulf", and with five articles those
words look as rare as any name. These lists (reporting verbs, business and quantity words, weekdays,
months, broad regions, "said", "according", and the vocabulary of official news: meeting, minister, held,
next, again, taking part) are words that never say *which* event a report is about: a Ukraine summit and
a drought fund both have ministers meet on Monday.
Story and topic grouping weigh them down and do not count them as shared words; digest keywords skip them.

The lists hold plain words as writers spell them; `generic_terms()` maps them to the stemmed terms that
`digests.text.content_terms` produces, so matching follows the same normalisation as the articles. An
Arabic word listed with a one-letter prefix (وأضاف, بمشاركة) also gives the stem of the listed bare word
(أضاف, مشاركة): `content_terms` strips the prefix only when the batch has the bare word, so an article
may carry either.
"""

from __future__ import annotations

from functools import lru_cache

from digests.text import content_terms, stem, strip_known_prefix, tokenize

_ENGLISH = """
said say says saying told tells tell added adds according reported reports reporting report announced
announces announce stated statement statements noted explained confirmed confirms claimed described
expected expects expect including include includes use used uses using make made makes get got take took
give gave set also new news latest early earlier later last first second third next since ago around
about nearly almost roughly some several many more most less least other another others well still even
year years month months week weeks day days today yesterday tomorrow time times hour hours minute minutes
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december morning evening night tonight
company companies firm firms percent per cent percentage rate rates share shares number numbers figure
figures million billion thousand hundred dozens total level levels part parts way ways end start
people person official officials spokesman spokeswoman spokesperson source sources agency agencies
government state states country countries region regional area areas world international national
local city cities capital gulf arab arabic middle east western eastern northern southern north south
west central main key major
plan plans project projects group groups team teams work works support supported help program
programme market markets sector sectors service services system systems
meeting meetings meet met minister ministers ministry ministerial held hold holds holding upcoming again
united participation participants participate participated attend attended current previous past recent
recently weekend
"""

_ARABIC = """
قال قالت يقول تقول قالوا أضاف أضافت وأضاف وأضافت أوضح أوضحت أكد أكدت أعلن أعلنت إعلان ذكر ذكرت
أشار أشارت مشيرا مشيرة مؤكدا مؤكدة وفق وفقا بحسب حسب نقلا تصريح تصريحات بيان مصدر مصادر
وكالة وكالات متحدث المتحدث الناطق مسؤول مسؤولون مسؤولين
يوم اليوم أمس غدا الأسبوع أسبوع شهر الشهر أشهر سنة السنة عام العام أعوام سنوات ساعة ساعات دقيقة
صباح مساء ليلة الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت
يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر
كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين
شركة الشركة شركات الشركات نسبة بنسبة نسب مليون ملايين مليار مليارات ألف آلاف مئة مائة
عدد أعداد رقم أرقام مستوى مستويات قطاع قطاعات سوق أسواق الأسواق دعم بدعم مدعوما مدعومة
الخليج الخليجي الخليجية خليجي خليجية العربي العربية عربي عربية العرب المنطقة منطقة إقليمي إقليمية
دولة دول الدول بلد بلاد حكومة الحكومة العالم عالمي عالمية دولي دولية وطني وطنية محلي محلية
رئيسي رئيسية الرئيسي الرئيسية
جديد جديدة الجديد الجديدة أول الأول الأولى ثاني الثاني الثانية أخير الأخير الأخيرة أكثر أقل نحو حوالي
خلال بعد قبل عبر ضمن إطار مجال مجموعة فريق عمل برنامج مشروع مشاريع خطة خطط خدمة خدمات نظام
اجتماع الاجتماع اجتماعا اجتماعات لقاء اللقاء وزير الوزير وزيرا وزراء الوزراء وزارة الوزارة وزاري وزارية
عقد عقدت يعقد تعقد سيعقد ستعقد انعقاد مقبل المقبل المقبلة القادم القادمة الماضي الماضية الحالي الحالية
حاليا الجاري الجارية سابق السابق السابقة وقت فترة مجددا مجدداً المتحدة مشاركة المشاركة بمشاركة مشاركين
المشاركين المشاركون شارك شاركت يشارك حضور بحضور يعلن
"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ENGLISH_WORDS: tuple[str, ...] = _words(_ENGLISH)
ARABIC_WORDS: tuple[str, ...] = _words(_ARABIC)


@lru_cache(maxsize=1)
def generic_terms() -> frozenset[str]:
    """Stemmed terms of the generic words of every language (Arabic and English scripts never collide)."""
    terms: set[str] = set()
    for word in ENGLISH_WORDS:
        terms.update(content_terms(word, "en"))
    listed = set(tokenize(" ".join(ARABIC_WORDS)))
    for word in ARABIC_WORDS:
        terms.update(content_terms(word, "ar"))
    for token in listed:
        # Stemmed directly, stop words too: content_terms drops وفق or أضاف as stop words, but not their
        # prefixed forms (ووفق, وأضاف), which it reduces to the stop word's stem when the batch has it.
        terms.add(stem(token, "ar"))
        terms.add(stem(strip_known_prefix(token, listed), "ar"))
    return frozenset(terms)


def is_generic(term: str) -> bool:
    """True for a stemmed term that any kind of news report may use."""
    return term in generic_terms()
