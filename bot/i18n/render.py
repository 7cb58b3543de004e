"""The bot's words in digest and search layouts, and the Telegram command menu. Keys start with `render.`."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "render.digest.title": {"en": "📰 News digest — {date}", "ar": "📰 موجز الأخبار — {date}"},
    "render.digest.summary": {
        "en": "Topics: {topics} · Articles: {articles}",
        "ar": "الموضوعات: {topics} · المقالات: {articles}",
    },
    "render.digest.empty": {
        "en": "No news in this period yet.",
        "ar": "لا أخبار في هذه الفترة بعد.",
    },
    "render.also_in": {"en": "Also in: ", "ar": "وردت أيضًا في: "},
    "render.more_outlets": {"en": "+{count} more", "ar": "و{count} غيرها"},
    "render.list_separator": {"en": ", ", "ar": "، "},
    "render.search.title": {"en": "🔎 Results for “{query}”", "ar": "🔎 نتائج البحث عن «{query}»"},
    "render.search.page": {"en": "page {page}", "ar": "الصفحة {page}"},
    "render.search.empty": {
        "en": "No results for “{query}”. Try fewer or other words.",
        "ar": "لا نتائج لـ«{query}». جرّب كلمات أقل أو أخرى.",
    },
    "render.date": {"en": "{day} {month} {year}", "ar": "{day} {month} {year}"},
    "render.month.1": {"en": "January", "ar": "يناير"},
    "render.month.2": {"en": "February", "ar": "فبراير"},
    "render.month.3": {"en": "March", "ar": "مارس"},
    "render.month.4": {"en": "April", "ar": "أبريل"},
    "render.month.5": {"en": "May", "ar": "مايو"},
    "render.month.6": {"en": "June", "ar": "يونيو"},
    "render.month.7": {"en": "July", "ar": "يوليو"},
    "render.month.8": {"en": "August", "ar": "أغسطس"},
    "render.month.9": {"en": "September", "ar": "سبتمبر"},
    "render.month.10": {"en": "October", "ar": "أكتوبر"},
    "render.month.11": {"en": "November", "ar": "نوفمبر"},
    "render.month.12": {"en": "December", "ar": "ديسمبر"},
    # The Telegram command menu (descriptions: 1-256 characters each).
    "render.menu.start": {"en": "What this bot does", "ar": "ما يفعله هذا البوت"},
    "render.menu.help": {"en": "How to use it, search syntax", "ar": "طريقة الاستخدام وصيغة البحث"},
    "render.menu.digest": {"en": "Today's digest now", "ar": "موجز اليوم الآن"},
    "render.menu.search": {"en": "Search the news", "ar": "ابحث في الأخبار"},
    "render.menu.subscribe": {"en": "Daily digest in this chat", "ar": "موجز يومي في هذه المحادثة"},
    "render.menu.unsubscribe": {"en": "Stop the daily digest", "ar": "إيقاف الموجز اليومي"},
    "render.menu.settings": {"en": "This chat's settings", "ar": "إعدادات هذه المحادثة"},
    "render.menu.time": {"en": "Digest time (HH:MM)", "ar": "موعد الموجز (HH:MM)"},
    "render.menu.timezone": {"en": "Time zone (e.g. Asia/Riyadh)", "ar": "المنطقة الزمنية (مثل Asia/Riyadh)"},
    "render.menu.lang": {"en": "Language: ar, en or all", "ar": "اللغة: ar أو en أو all"},
    "render.menu.topics": {"en": "Number of topics", "ar": "عدد الموضوعات"},
    "render.menu.filter": {"en": "Include or exclude words", "ar": "تضمين كلمات أو استبعادها"},
    "render.menu.sources": {"en": "List news sources", "ar": "قائمة مصادر الأخبار"},
    "render.menu.addsource": {"en": "Add a feed (admins)", "ar": "إضافة مصدر (للمشرفين)"},
    "render.menu.removesource": {"en": "Remove a source (admins)", "ar": "حذف مصدر (للمشرفين)"},
}
