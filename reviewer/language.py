"""Which language a text is in: documents, blocks, table cells and sentences.

Contracts that reach lawyers in Central Asia come in Russian, often with a
Kazakh or Uzbek twin in a second column, and sometimes in English, Kazakh,
Uzbek, Kyrgyz, Tajik or Azerbaijani alone. The review can only read a text
whose language the playbook has cues for; everything else must be said out
loud, never reported as "nothing found".

The guess is made offline from two signals that need no model: the share of
common function words of each language ("и", "в", "не" for Russian; "және",
"үшін" for Kazakh; "va", "bilan" for Uzbek; "the", "of" for English) and the
letters only some alphabets have (Kazakh "ә ұ қ ң ө ү і", Uzbek "ў ҳ",
Ukrainian "є ї ґ", Azerbaijani "ə"). Function words are frequent enough that
a paragraph of 15 words is judged reliably; shorter texts get `None` and take
their language from their neighbours.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ru": "Russian",
    "kk": "Kazakh",
    "uz": "Uzbek",
    "ky": "Kyrgyz",
    "tg": "Tajik",
    "az": "Azerbaijani",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "tr": "Turkish",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
}

# Frequent function words (and a few words every contract uses), lower case.
# Each list is short on purpose: words shared by two languages of one script
# ("в", "на", "не" in Russian and Ukrainian) are kept where they are most
# frequent and the distinctive letters below settle the rest.
_FUNCTION_WORDS: dict[str, str] = {
    "en": "the of and to in or by for any shall with be is this that on as are will "
    "may not such its from at all which an other under has have been it if",
    "ru": "и в не на с по для к о об от или что из а за при до как его это этом также если "
    "который которые которых либо является настоящего настоящей настоящим случае "
    "обязуется вправе лицо данных сторон стороны договора может быть без только",
    "uk": "і та або що це від які якщо щодо згідно відповідно також цього цієї договору про з його протягом будь "
    "може бути є має сторони особа даних лише без",
    "be": "і ў з на што гэта якія або дагавора бакі можа быць",
    "kk": "және мен бен пен үшін бойынша немесе осы бұл туралы арқылы тиіс сәйкес "
    "жеке деректер шарт шартқа шарттың тарап тараптар болып болады қажет кезде "
    "сондай ақ оның олардың жағдайда тек ішінде кейін емес барлық кез келген туралы",
    "uz": "ва билан учун бўйича ёки ушбу бу ҳамда тўғрисида шартнома томонидан "
    "қилиш керак агар шахсий маълумотлар тарафлар унинг фақат ҳар қандай ичида кейин эмас "
    "va bilan uchun bo'yicha boʻyicha yoki ushbu bu hamda to'g'risida toʻgʻrisida "
    "shartnoma tomonidan qilish kerak agar shaxsiy ma'lumotlar maʼlumotlar tomonlar "
    "bo'lgan boʻlgan etadi uning faqat har qanday ichida keyin emas bo'lsa boʻlsa haqida",
    "ky": "жана менен үчүн боюнча же бул ушул тууралуу келишим тарап тараптар "
    "болуп керек эгерде жеке маалыматтар",
    "tg": "ва бо дар аз ки барои ин то ҳамчун мувофиқи шартнома тарафҳо "
    "маълумоти шахсӣ мебошад намояд",
    "az": "və ilə üçün bu bir olan edir tərəfindən müqavilə tərəflər şəxsi "
    "məlumatlar halda qədər görə",
    "tr": "ve bir bu ile için olarak olan veya gibi her ancak sözleşme taraflar kişisel "
    "veriler ise kadar göre",
    "de": "der die und das von zu mit den des ist im nicht oder für auf dem eine ein wird "
    "werden sich bei nach vertrag",
    "fr": "le la les de des et du un une en est pour par que qui dans sur au ou aux contrat ne pas",
    "es": "el la los las de y en que por con para una un del se al contrato lo como",
    "it": "il di e che per con del della un una le dei non al dalla sono contratto",
    "pt": "o os as de e do da em que para um uma por não dos das contrato",
    "nl": "de het een en van in is op te dat voor met zijn niet aan overeenkomst",
    "pl": "i w z na się do nie że jest oraz przez dla umowy lub",
}
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()
}

# Letters that only some alphabets of the script use, with a weight: a letter
# unique to one language counts fully, one shared by two or three less.
_DISTINCT_LETTERS: dict[str, dict[str, float]] = {
    "kk": {
        "ә": 1.0,
        "ұ": 1.0,
        "і": 0.5,
        "қ": 0.5,
        "ғ": 0.5,
        "ң": 0.5,
        "ө": 0.4,
        "ү": 0.4,
        "һ": 0.3,
    },
    "uz": {"ў": 0.7, "ҳ": 0.5, "қ": 0.5, "ғ": 0.5, "ʻ": 0.8, "‘": 0.2},
    "ky": {"ң": 0.5, "ө": 0.5, "ү": 0.5},
    "tg": {"ӣ": 1.0, "ӯ": 1.0, "ҷ": 1.0, "ҳ": 0.5, "қ": 0.3, "ғ": 0.3},
    "uk": {"є": 1.0, "ї": 1.0, "ґ": 1.0, "і": 0.5},
    "be": {"ў": 0.5, "і": 0.4},
    "ru": {"ы": 0.15, "э": 0.1, "ъ": 0.3, "щ": 0.1},
    "az": {"ə": 1.0, "ğ": 0.3, "ı": 0.3, "ş": 0.2},
    "tr": {"ğ": 0.4, "ı": 0.4, "ş": 0.3},
    "de": {"ß": 1.0, "ä": 0.5, "ö": 0.3, "ü": 0.3},
    "fr": {"é": 0.3, "è": 0.5, "ê": 0.5, "ç": 0.3, "à": 0.3},
    "es": {"ñ": 1.0, "¿": 1.0, "á": 0.4, "í": 0.3, "ó": 0.3},
    "it": {"ò": 0.5, "ì": 0.5, "è": 0.3},
    "pt": {"ã": 1.0, "õ": 1.0, "ç": 0.3},
    "pl": {"ą": 1.0, "ę": 1.0, "ł": 1.0, "ś": 0.8, "ż": 1.0, "ź": 1.0, "ń": 0.6},
}
_LANGUAGES_OF_WORD: dict[str, tuple[str, ...]] = {}
for _lang, _words in FUNCTION_WORDS.items():
    for _word in _words:
        _LANGUAGES_OF_WORD[_word] = (*_LANGUAGES_OF_WORD.get(_word, ()), _lang)
_MARKED_LETTERS = frozenset(ch for letters in _DISTINCT_LETTERS.values() for ch in letters)
_CYRILLIC_LANGUAGES = ("ru", "uk", "be", "kk", "uz", "ky", "tg")
_LATIN_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "az", "uz")

_WORD = re.compile(r"[^\W\d_]+(?:['’ʻʼ`‘][^\W\d_]+)*")
MIN_WORDS = 6  # fewer words than this: no guess (None)
MIN_FUNCTION_WORD_SHARE = 0.06  # below this, the text is not running prose in any language


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str  # ISO 639-1 code, e.g. "ru"
    confidence: float  # 0..1: how far ahead of the runner-up
    words: int  # words the guess rests on


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")


SAMPLE_CHARS = 600  # a paragraph's first lines tell its language as well as all of it


def detect_language(text: str) -> LanguageGuess | None:
    """The language of `text`, or None when it is too short or not prose."""
    return _detect(text[:SAMPLE_CHARS])


@lru_cache(maxsize=4096)  # running headers and footers repeat on every page
def _detect(text: str) -> LanguageGuess | None:
    found = [w.lower() for w in _WORD.findall(text)]
    if len(found) < MIN_WORDS:
        return None
    cyrillic_words = [w for w in found if _CYRILLIC.search(w)]
    candidates: tuple[str, ...]
    if len(cyrillic_words) * 2 >= len(found):
        candidates, words = _CYRILLIC_LANGUAGES, cyrillic_words
    else:
        candidates = _LATIN_LANGUAGES
        words = [w for w in found if not _CYRILLIC.search(w)]
    if len(words) < MIN_WORDS:
        return None
    counts = Counter(words)
    lowered = text.lower()
    letters = sum(map(len, words)) or 1
    # One pass over the words: which languages each is a function word of.
    hits: Counter[str] = Counter()
    distinct: Counter[str] = Counter()
    for word, n in counts.items():
        for lang in _LANGUAGES_OF_WORD.get(word, ()):
            hits[lang] += n
            distinct[lang] += 1
    letter_counts = {ch: lowered.count(ch) for ch in _MARKED_LETTERS if ch in lowered}
    scores: dict[str, float] = {}
    for lang in candidates:
        # One word in common ("la", "com") proves nothing: two different ones are needed.
        share = hits[lang] / len(words) if distinct[lang] >= 2 else 0.0
        marks = (
            sum(
                weight * letter_counts.get(ch, 0)
                for ch, weight in _DISTINCT_LETTERS.get(lang, {}).items()
            )
            if letter_counts
            else 0.0
        )
        # Distinctive letters are a few per cent of letters in Kazakh or Uzbek text.
        scores[lang] = share + min(0.6, 6.0 * marks / letters)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_FUNCTION_WORD_SHARE:
        return None
    confidence = round((top - second) / top, 3) if top > 0 else 0.0
    return LanguageGuess(best, confidence, len(words))


def language_name(code: str | None) -> str:
    if code is None:
        return "an unrecognised language"
    return LANGUAGE_NAMES.get(code, code)


def join_names(codes: Iterable[str]) -> str:
    names = [language_name(c) for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def letter_count(text: str) -> int:
    return len(_LETTER.findall(text))
