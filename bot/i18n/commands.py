"""The chat commands' own words, in English and Arabic. Plain text: each platform's renderer escapes it."""

from __future__ import annotations

_HELP_EN = """\
I send a daily news digest, grouped by topic, in Arabic and English, and I search everything I have read.

Digest
/subscribe [HH:MM] [TZ] — a daily digest in this chat (example: /subscribe 07:30 Asia/Riyadh)
/unsubscribe — stop the daily digest
/digest [today|yesterday|YYYY-MM-DD] — the digest now
/settings — this chat's settings
/time HH:MM   /timezone TZ   /topics N
/lang ar|en|all — digest and reply language (all: every language)
/filter +word -word — keep stories with +word, drop stories with -word; /filter clear

Search
/search WORDS — every word must match
  "exact phrase"   oil OR gas   -football
  since:2025-01-01   until:2025-01-31   lang:ar   lang:en   source:NAME   page:2
Examples:
  /search "central bank" interest rates
  /search election -poll since:2025-01-01
  /search كهرباء OR وقود lang:ar
Arabic spelling variants (أ إ ا, ة ه, ى ي) and prefixes (ال و ب ل) match.

Sources
/sources — the feeds I read
/addsource URL   /removesource ID

In groups and channels only chat admins change settings and sources; anyone may /search and /digest."""

_HELP_AR = """\
أرسل ملخصًا يوميًا للأخبار مجمّعًا حسب الموضوع، بالعربية والإنجليزية، وأبحث في كل ما قرأته.

الملخص
/subscribe [HH:MM] [TZ] — ملخص يومي في هذه المحادثة (مثال: /subscribe 07:30 Asia/Riyadh)
/unsubscribe — إيقاف الملخص اليومي
/digest [today|yesterday|YYYY-MM-DD] — الملخص الآن (أو: اليوم، أمس)
/settings — إعدادات هذه المحادثة
/time HH:MM   /timezone TZ   /topics N
/lang ar|en|all — لغة الملخص والردود (all: كل اللغات)
/filter +كلمة -كلمة — إبقاء الأخبار التي تذكر +كلمة واستبعاد التي تذكر -كلمة؛ /filter clear للمسح

البحث
/search كلمات — يجب أن تطابق كل الكلمات
  "عبارة كما هي"   نفط OR غاز   -رياضة
  since:2025-01-01   until:2025-01-31   lang:ar   lang:en   source:اسم   page:2
أمثلة:
  /search "البنك المركزي" أسعار الفائدة
  /search الانتخابات -استطلاع since:2025-01-01
  /search كهرباء OR وقود lang:ar
تتطابق صيغ الكتابة المختلفة (أ إ ا، ة ه، ى ي) والسوابق (ال و ب ل).

المصادر
/sources — المصادر التي أقرؤها
/addsource رابط   /removesource رقم

في المجموعات والقنوات يغيّر الإعدادات والمصادر مشرفو المحادثة فقط، ويمكن للجميع استخدام /search و/digest."""

STRINGS: dict[str, dict[str, str]] = {
    "cmd.help": {"en": _HELP_EN, "ar": _HELP_AR},
    "cmd.start": {
        "en": "Hello! I am a news digest bot.\n\n" + _HELP_EN,
        "ar": "أهلًا! أنا بوت ملخصات الأخبار.\n\n" + _HELP_AR,
    },
    "cmd.unknown": {
        "en": "I don't know the command /{name}. Send /help to see what I can do.",
        "ar": "لا أعرف الأمر /{name}. أرسل /help لترى ما أستطيع فعله.",
    },
    "cmd.error": {
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
        "ar": "عذرًا، حدث خطأ من جهتي. حاول مرة أخرى بعد قليل.",
    },
    "cmd.not_allowed": {
        "en": "Only this chat's administrators can change its settings and sources.",
        "ar": "يغيّر إعدادات هذه المحادثة ومصادرها مشرفوها فقط.",
    },
    "cmd.not_subscribed": {
        "en": "This chat has no daily digest yet. Send /subscribe first (example: /subscribe 08:00 UTC).",
        "ar": "لا يوجد ملخص يومي في هذه المحادثة بعد. أرسل /subscribe أولًا (مثال: /subscribe 08:00 UTC).",
    },
    "cmd.subscribe.done": {
        "en": "Subscribed: a daily digest here at {time} ({timezone}). Change it with /time, /timezone, "
        "/lang, /topics and /filter.",
        "ar": "تم الاشتراك: ملخص يومي هنا الساعة {time} ({timezone}). غيّره بالأوامر /time و/timezone "
        "و/lang و/topics و/filter.",
    },
    "cmd.subscribe.usage": {
        "en": "Usage: /subscribe [HH:MM] [timezone], for example /subscribe 07:30 Europe/London.",
        "ar": "الاستخدام: /subscribe [HH:MM] [المنطقة الزمنية]، مثال: /subscribe 07:30 Asia/Riyadh.",
    },
    "cmd.bad_time": {
        "en": "“{value}” is not a time of day. Write it as HH:MM in 24 hours, for example 07:30 or 18:00.",
        "ar": "«{value}» ليس وقتًا صحيحًا. اكتبه بالشكل HH:MM بنظام 24 ساعة، مثل 07:30 أو 18:00.",
    },
    "cmd.bad_timezone": {
        "en": "“{value}” is not a timezone I know. Use an IANA name such as Asia/Riyadh, Africa/Cairo, "
        "Europe/London, America/New_York, or UTC, or an offset such as UTC+3.",
        "ar": "«{value}» ليست منطقة زمنية أعرفها. استخدم اسمًا مثل Asia/Riyadh أو Africa/Cairo "
        "أو Europe/London أو UTC، أو فرقًا عن التوقيت العالمي مثل UTC+3.",
    },
    "cmd.bad_timezone.suggest": {
        "en": "“{value}” is not a timezone I know. Did you mean {suggestions}?",
        "ar": "«{value}» ليست منطقة زمنية أعرفها. هل تقصد {suggestions}؟",
    },
    "cmd.bad_timezone.offset": {
        "en": "No timezone is UTC{offset}. Use a whole hour from UTC-12 to UTC+14, or a place such as "
        "Asia/Riyadh.",
        "ar": "لا توجد منطقة زمنية بفارق UTC{offset}. استخدم ساعات كاملة من UTC-12 إلى UTC+14، "
        "أو اسم مكان مثل Asia/Riyadh.",
    },
    "cmd.bad_timezone.offset_places": {
        "en": "No fixed-offset zone is UTC{offset}: use the name of a place with that time, such as "
        "{suggestions}.",
        "ar": "لا توجد منطقة بفارق ثابت قدره UTC{offset}: استخدم اسم مكان بهذا التوقيت، مثل {suggestions}.",
    },
    "cmd.timezone.fixed": {
        "en": "{zone}, that is UTC{offset} all year",
        "ar": "{zone}، أي UTC{offset} طوال العام",
    },
    "cmd.unsubscribe.done": {
        "en": "Unsubscribed: no more daily digests here. /subscribe brings them back.",
        "ar": "تم إلغاء الاشتراك: لن يصل ملخص يومي هنا بعد الآن. /subscribe يعيده.",
    },
    "cmd.unsubscribe.none": {
        "en": "This chat has no daily digest to stop.",
        "ar": "لا يوجد ملخص يومي في هذه المحادثة لإيقافه.",
    },
    "cmd.settings": {
        "en": "Settings of this chat\nDaily digest: {time} ({timezone})\nNext digest: {next}\n"
        "Digest languages: {languages}\nReply language: {reply_language}\nTopics: up to {topics}\n"
        "Keep stories with: {include}\nDrop stories with: {exclude}",
        "ar": "إعدادات هذه المحادثة\nالملخص اليومي: {time} ({timezone})\nالملخص التالي: {next}\n"
        "لغات الملخص: {languages}\nلغة الردود: {reply_language}\nالمواضيع: حتى {topics}\n"
        "إبقاء الأخبار التي تذكر: {include}\nاستبعاد الأخبار التي تذكر: {exclude}",
    },
    "cmd.settings.no_digest": {
        "en": "Settings of this chat\nDaily digest: none here (/subscribe starts it with these settings)\n"
        "Timezone: {timezone}\nDigest languages: {languages}\nReply language: {reply_language}\n"
        "Topics: up to {topics}\nKeep stories with: {include}\nDrop stories with: {exclude}",
        "ar": "إعدادات هذه المحادثة\nالملخص اليومي: لا يصل إلى هنا (يبدؤه /subscribe بهذه الإعدادات)\n"
        "المنطقة الزمنية: {timezone}\nلغات الملخص: {languages}\nلغة الردود: {reply_language}\n"
        "المواضيع: حتى {topics}\nإبقاء الأخبار التي تذكر: {include}\nاستبعاد الأخبار التي تذكر: {exclude}",
    },
    "cmd.value.none": {"en": "nothing", "ar": "لا شيء"},
    "cmd.value.or": {"en": " or ", "ar": " أو "},
    "cmd.value.list_separator": {"en": ", ", "ar": "، "},
    "cmd.value.all_languages": {"en": "all", "ar": "كل اللغات"},
    "cmd.value.follows_user": {"en": "each user's own language", "ar": "لغة كل مستخدم"},
    "cmd.value.ar": {"en": "Arabic", "ar": "العربية"},
    "cmd.value.en": {"en": "English", "ar": "الإنجليزية"},
    "cmd.time.done": {
        "en": "The daily digest now comes at {time} ({timezone}).",
        "ar": "سيصل الملخص اليومي الآن الساعة {time} ({timezone}).",
    },
    "cmd.time.usage": {
        "en": "Usage: /time HH:MM, for example /time 07:30.",
        "ar": "الاستخدام: /time HH:MM بنظام 24 ساعة، مثال: /time 07:30.",
    },
    "cmd.timezone.done": {
        "en": "Timezone set to {timezone}: the daily digest comes at {time} there.",
        "ar": "تم ضبط المنطقة الزمنية على {timezone}: سيصل الملخص اليومي الساعة {time} بتوقيتها.",
    },
    "cmd.timezone.done_no_digest": {
        "en": "Timezone set to {timezone}: /digest counts its days there, and /subscribe will use it.",
        "ar": "تم ضبط المنطقة الزمنية على {timezone}: يحسب /digest الأيام بتوقيتها، وسيستخدمها /subscribe.",
    },
    "cmd.timezone.usage": {
        "en": "Usage: /timezone NAME, for example /timezone Asia/Riyadh, /timezone UTC or /timezone UTC+3.",
        "ar": "الاستخدام: /timezone ثم اسم المنطقة الزمنية، مثال: /timezone Asia/Riyadh أو /timezone UTC "
        "أو /timezone UTC+3.",
    },
    "cmd.lang.done_ar": {
        "en": "Digests will carry Arabic news only, and I will answer in Arabic.",
        "ar": "ستحمل الملخصات الأخبار العربية فقط، وسأردّ بالعربية.",
    },
    "cmd.lang.done_en": {
        "en": "Digests will carry English news only, and I will answer in English.",
        "ar": "ستحمل الملخصات الأخبار الإنجليزية فقط، وسأردّ بالإنجليزية.",
    },
    "cmd.lang.done_all": {
        "en": "Digests will carry news in every language; I will answer in each user's language.",
        "ar": "ستحمل الملخصات الأخبار بكل اللغات، وسأردّ بلغة كل مستخدم.",
    },
    "cmd.lang.usage": {
        "en": "Usage: /lang ar, /lang en or /lang all.",
        "ar": "الاستخدام: /lang ar للعربية، أو /lang en للإنجليزية، أو /lang all لكل اللغات.",
    },
    "cmd.topics.done": {
        "en": "Digests will show up to {count} topics.",
        "ar": "الحد الأقصى للمواضيع في كل ملخص الآن: {count}.",
    },
    "cmd.topics.usage": {
        "en": "Usage: /topics N, a number from 1 to {max}, for example /topics 5.",
        "ar": "الاستخدام: /topics N، رقم من 1 إلى {max}، مثال: /topics 5.",
    },
    "cmd.filter.done": {
        "en": "Filters saved.\nKeep stories with: {include}\nDrop stories with: {exclude}",
        "ar": "تم حفظ المرشحات.\nإبقاء الأخبار التي تذكر: {include}\nاستبعاد الأخبار التي تذكر: {exclude}",
    },
    "cmd.filter.cleared": {
        "en": "Filters cleared: digests carry every story again.",
        "ar": "تم مسح المرشحات: ستحمل الملخصات كل الأخبار من جديد.",
    },
    "cmd.filter.usage": {
        "en": "Usage: /filter +word -word (keep stories with +word, drop stories with -word), "
        "or /filter clear.\nNow keeping: {include}\nNow dropping: {exclude}",
        "ar": "الاستخدام: /filter +كلمة -كلمة (إبقاء الأخبار التي تذكر +كلمة واستبعاد التي تذكر -كلمة)، "
        "أو /filter clear.\nالإبقاء حاليًا: {include}\nالاستبعاد حاليًا: {exclude}",
    },
    "cmd.filter.bad_word": {
        "en": "“{word}” is not a word I can filter on: use letters or digits, at most {max} characters.",
        "ar": "لا يمكنني الترشيح بـ«{word}»: استخدم حروفًا أو أرقامًا، {max} حرفًا على الأكثر.",
    },
    "cmd.filter.too_many": {
        "en": "At most {max} filter words, please.",
        "ar": "الحد الأقصى {max} كلمة للترشيح.",
    },
    "cmd.digest.empty": {
        "en": "No news for {date} yet.",
        "ar": "لا أخبار ليوم {date} حتى الآن.",
    },
    "cmd.digest.empty_scheduled": {
        "en": "No news since the last digest.",
        "ar": "لا أخبار جديدة منذ الملخص الأخير.",
    },
    "cmd.digest.usage": {
        "en": "Usage: /digest, /digest yesterday or /digest YYYY-MM-DD (for example /digest 2025-09-01).",
        "ar": "الاستخدام: /digest لملخص اليوم، أو /digest yesterday لملخص أمس، أو /digest YYYY-MM-DD "
        "ليوم بعينه (مثال: /digest 2025-09-01).",
    },
    "cmd.digest.future": {
        "en": "{date} has not happened yet.",
        "ar": "يوم {date} لم يأتِ بعد.",
    },
    "cmd.search.usage": {
        "en": 'Usage: /search WORDS. Examples:\n/search "central bank" interest rates\n'
        "/search oil OR gas -opec lang:en since:2025-01-01\n/search كهرباء source:NAME page:2",
        "ar": 'الاستخدام: /search كلمات. أمثلة:\n/search "البنك المركزي" أسعار الفائدة\n'
        "/search نفط OR غاز -أوبك lang:ar since:2025-01-01\n/search electricity source:اسم page:2",
    },
    "cmd.search.no_results": {
        "en": "Nothing found for “{query}”. Try fewer words, OR between alternatives, or no date limits.",
        "ar": "لم أجد شيئًا عن «{query}». جرّب كلمات أقل، أو OR بين البدائل، أو بلا حدود للتاريخ.",
    },
    "cmd.search.bad_query": {
        "en": "I could not understand that search.\n{reason}\nSend /search alone for examples.",
        "ar": "لم أفهم عبارة البحث.\n{reason}\nأرسل /search وحدها لترى أمثلة.",
    },
    # Why a search was refused: one key per QueryError code (bot/search_query.py), with its values.
    "cmd.search.reason.too_long": {
        "en": "The search is too long: {max} characters at most.",
        "ar": "عبارة البحث طويلة جدًا: {max} حرف على الأكثر.",
    },
    "cmd.search.reason.too_many_words": {
        "en": "The search has too many words: {max} at most.",
        "ar": "في عبارة البحث كلمات كثيرة جدًا: {max} كلمة على الأكثر.",
    },
    "cmd.search.reason.only_excluded": {
        "en": "Add a word to search for: -word only removes results.",
        "ar": "أضف كلمة تبحث عنها، فالكلمة المسبوقة بعلامة - تستبعد نتائج فقط.",
    },
    "cmd.search.reason.only_common_words": {
        "en": "These words are too common to search for (or are only symbols). Add a more specific word.",
        "ar": "كلمات البحث شائعة جدًا (أو رموز فقط). أضف كلمة أكثر تحديدًا.",
    },
    "cmd.search.reason.empty": {
        "en": "Type something to search for.",
        "ar": "اكتب ما تريد البحث عنه.",
    },
    "cmd.search.reason.since_after_until": {
        "en": "The since: date must not come after the until: date.",
        "ar": "يجب ألا يأتي تاريخ since بعد تاريخ until.",
    },
    "cmd.search.reason.bad_lang": {
        "en": "lang: takes ar or en, for example lang:ar.",
        "ar": "اختر لغة البحث بكتابة lang:ar أو lang:en.",
    },
    "cmd.search.reason.bad_source": {
        "en": 'source: needs a name, for example source:BBC or source:"Al Jazeera".',
        "ar": "اكتب اسم المصدر بعد source، مثل source:BBC أو source:Reuters.",
    },
    "cmd.search.reason.bad_date": {
        "en": "{key}: needs a date written YYYY-MM-DD, for example {key}:2025-09-01.",
        "ar": "اكتب تاريخ {key} بالشكل YYYY-MM-DD، مثل {key}:2025-09-01.",
    },
    "cmd.search.reason.bad_page": {
        "en": "page: takes a number from 1 to {last}, for example page:2.",
        "ar": "رقم الصفحة في page من 1 إلى {last}، مثل page:2.",
    },
    "cmd.search.reason.invalid": {
        "en": "Check how the search is written.",
        "ar": "راجع طريقة كتابة عبارة البحث.",
    },
    "cmd.search.rate_limited": {
        "en": "Too many searches: at most {limit} a minute. Try again in {seconds} seconds.",
        "ar": "عمليات بحث كثيرة: الحد {limit} في الدقيقة. انتظر {seconds} ث ثم حاول مجددًا.",
    },
    "cmd.digest.rate_limited": {
        "en": "Too many digests asked for: at most {limit} a minute. Try again in {seconds} seconds.",
        "ar": "طلبات ملخص كثيرة: الحد {limit} في الدقيقة. انتظر {seconds} ث ثم حاول مجددًا.",
    },
    "cmd.search.next": {"en": "Next page", "ar": "الصفحة التالية"},
    "cmd.search.previous": {"en": "Previous page", "ar": "الصفحة السابقة"},
    "cmd.sources.none": {
        "en": "I read no sources yet. Add one with /addsource URL.",
        "ar": "لا أقرأ أي مصدر بعد. أضف مصدرًا بالأمر /addsource رابط.",
    },
    "cmd.sources.header": {"en": "Sources ({count}):", "ar": "المصادر ({count}):"},
    "cmd.sources.more": {"en": "…and {count} more.", "ar": "…و{count} غيرها."},
    "cmd.sources.inactive": {"en": "stopped", "ar": "متوقف"},
    "cmd.sources.errors": {"en": "{count} failed fetches", "ar": "مرات فشل الجلب: {count}"},
    "cmd.addsource.usage": {
        "en": "Usage: /addsource URL [name], for example /addsource https://example.com/feed.xml",
        "ar": "الاستخدام: /addsource رابط [اسم]، مثال: /addsource https://example.com/feed.xml",
    },
    "cmd.addsource.bad_url": {
        "en": "That is not a web address I can read: give a whole http or https feed URL, for example "
        "https://example.com/feed.xml",
        "ar": "هذا ليس عنوانًا يمكنني قراءته: أعطني رابط خلاصة كاملًا يبدأ بـ http أو https، مثل "
        "https://example.com/feed.xml",
    },
    "cmd.addsource.scheme": {
        "en": "I will not fetch that address: I read only http and https feeds, not {scheme}.",
        "ar": "لن أجلب هذا العنوان: أقرأ فقط خلاصات http أو https، لا {scheme}.",
    },
    "cmd.addsource.unresolved": {
        "en": "I could not find the server {host}: check the address.",
        "ar": "لم أجد الخادم {host}: تحقّق من العنوان.",
    },
    # Refusals by the class of the address (bot.ingest.guard.blocked_kind); {address} is the IP address,
    # after the host name when the user typed a name.
    "cmd.addsource.refused.loopback": {
        "en": "I will not fetch that address: {address} is this machine itself (loopback). "
        "I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} يشير إلى هذا الجهاز نفسه (loopback). أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.refused.private": {
        "en": "I will not fetch that address: {address} is on a private network. "
        "I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} عنوان في شبكة خاصة. أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.refused.link_local": {
        "en": "I will not fetch that address: {address} is link-local, where cloud metadata services live. "
        "I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} عنوان ربط محلي (link-local)، وفيه خدمات البيانات الوصفية "
        "السحابية. أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.refused.multicast": {
        "en": "I will not fetch that address: {address} is a multicast address. "
        "I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} عنوان بث جماعي (multicast). أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.refused.carrier_grade_nat": {
        "en": "I will not fetch that address: {address} is inside a provider's shared network "
        "(carrier-grade NAT). I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} من الشبكة المشتركة لمزوّد الخدمة (CGNAT). "
        "أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.refused.unspecified": {
        "en": "I will not fetch that address: {address} names no machine at all. "
        "I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} لا يشير إلى أي جهاز. أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.refused.reserved": {
        "en": "I will not fetch that address: {address} is reserved, not on the public internet. "
        "I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} عنوان محجوز خارج الإنترنت العام. أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.refused.scoped": {
        "en": "I will not fetch that address: {address} is tied to a local network interface. "
        "I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} مقيّد بواجهة شبكة محلية. أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.refused.non_global": {
        "en": "I will not fetch that address: {address} is not a public internet address. "
        "I read public addresses only.",
        "ar": "لن أجلب هذا العنوان: {address} ليس عنوانًا عامًا على الإنترنت. أقرأ العناوين العامة فقط.",
    },
    "cmd.addsource.done": {
        "en": "Added source #{id} “{name}”. I will read it within a few minutes.",
        "ar": "تمت إضافة المصدر رقم {id} «{name}». سأقرؤه خلال دقائق.",
    },
    "cmd.addsource.exists": {
        "en": "I already read that address: source #{id} “{name}”.",
        "ar": "أقرأ هذا العنوان بالفعل: المصدر رقم {id} «{name}».",
    },
    "cmd.removesource.usage": {
        "en": "Usage: /removesource ID (the number shown by /sources).",
        "ar": "الاستخدام: /removesource رقم (الرقم الظاهر في /sources).",
    },
    "cmd.removesource.not_found": {
        "en": "There is no source #{id}. /sources lists them.",
        "ar": "لا يوجد مصدر برقم {id}. /sources يعرضها.",
    },
    "cmd.removesource.not_yours": {
        "en": "Source #{id} was not added from this chat; only the bot's administrators can remove it.",
        "ar": "المصدر رقم {id} لم يُضف من هذه المحادثة؛ يحذفه مديرو البوت فقط.",
    },
    "cmd.source_stopped": {
        "en": "I stopped reading the source “{name}” after repeated failures ({reason}). "
        "/addsource with its address starts it again.",
        "ar": "توقفت عن قراءة المصدر «{name}» بعد إخفاقات متكررة ({reason}). "
        "/addsource مع عنوانه يعيد تشغيله.",
    },
    # Why a source was stopped (bot.ingest.reports.FailureReason codes). English replies keep the fetch
    # error's own detail instead; these say it in the chat's language without English words.
    "cmd.source_stopped.reason.http_status": {
        "en": "the server answered HTTP {status}",
        "ar": "ردّ الخادم برمز الخطأ HTTP {status}",
    },
    "cmd.source_stopped.reason.gone": {
        "en": "the feed was removed from its server for good",
        "ar": "حُذفت الخلاصة من خادمها نهائيًا",
    },
    "cmd.source_stopped.reason.timeout": {
        "en": "the server did not answer in time",
        "ar": "لم يردّ الخادم في الوقت المحدد",
    },
    "cmd.source_stopped.reason.too_large": {
        "en": "the feed is larger than the size allowed",
        "ar": "الخلاصة أكبر من الحجم المسموح به",
    },
    "cmd.source_stopped.reason.unresolved": {
        "en": "its server could not be found",
        "ar": "لم أجد خادمه",
    },
    "cmd.source_stopped.reason.connection_failed": {
        "en": "its server could not be reached",
        "ar": "تعذّر الاتصال بخادمه",
    },
    "cmd.source_stopped.reason.bad_response": {
        "en": "its server sent a broken answer",
        "ar": "وصل من خادمه ردّ تالف",
    },
    "cmd.source_stopped.reason.redirects": {
        "en": "its server redirects too many times or to a bad address",
        "ar": "يحوّل خادمه الطلب مرات كثيرة أو إلى عنوان غير صالح",
    },
    "cmd.source_stopped.reason.bad_url": {
        "en": "its address is not a web address I can read",
        "ar": "عنوانه ليس عنوانًا يمكنني قراءته",
    },
    "cmd.source_stopped.reason.not_a_feed": {
        "en": "what its address sends is not a news feed",
        "ar": "ما يصل من عنوانه ليس خلاصة أخبار",
    },
    "cmd.source_stopped.reason.unreadable": {
        "en": "its file or folder could not be read",
        "ar": "تعذّرت قراءة ملفه أو مجلده",
    },
    "cmd.source_stopped.reason.failed": {
        "en": "an unexpected error",
        "ar": "خطأ غير متوقع",
    },
    "cmd.source_stopped.reason.blocked.loopback": {
        "en": "its address is this machine itself",
        "ar": "عنوانه يشير إلى هذا الجهاز نفسه",
    },
    "cmd.source_stopped.reason.blocked.private": {
        "en": "its address is on a private network",
        "ar": "عنوانه في شبكة خاصة",
    },
    "cmd.source_stopped.reason.blocked.link_local": {
        "en": "its address is link-local, where cloud metadata services live",
        "ar": "عنوانه عنوان ربط محلي، وفيه خدمات البيانات الوصفية السحابية",
    },
    "cmd.source_stopped.reason.blocked.multicast": {
        "en": "its address is a multicast address",
        "ar": "عنوانه عنوان بث جماعي",
    },
    "cmd.source_stopped.reason.blocked.carrier_grade_nat": {
        "en": "its address is inside a provider's shared network",
        "ar": "عنوانه من الشبكة المشتركة لمزوّد الخدمة",
    },
    "cmd.source_stopped.reason.blocked.unspecified": {
        "en": "its address names no machine at all",
        "ar": "عنوانه لا يشير إلى أي جهاز",
    },
    "cmd.source_stopped.reason.blocked.reserved": {
        "en": "its address is reserved, not on the public internet",
        "ar": "عنوانه محجوز خارج الإنترنت العام",
    },
    "cmd.source_stopped.reason.blocked.scoped": {
        "en": "its address is tied to a local network interface",
        "ar": "عنوانه مقيّد بواجهة شبكة محلية",
    },
    "cmd.source_stopped.reason.blocked.non_global": {
        "en": "its address is not a public internet address",
        "ar": "عنوانه ليس عنوانًا عامًا على الإنترنت",
    },
    "cmd.removesource.done": {
        "en": "Removed source #{id} “{name}”. Its articles stay searchable.",
        "ar": "تم حذف المصدر رقم {id} «{name}». تبقى مقالاته متاحة للبحث.",
    },
}
