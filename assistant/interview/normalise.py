"""Before the rules read an answer: typos of the words they look for, Dutch words, language codes.

Teams type fast and mix languages ("tranlsation and sumarisation", "klein budget, geen eigen
GPU's", "nl -> en"). The slot rules match English keywords, so the message is first brought to
those keywords. Only words of four letters or more one edit away (a swap of neighbours counts
as one) from a keyword the rules use are changed, with the same first letter, and never a word
into its own plural or stem, so ordinary words are left alone. The glossary holds Dutch words for what the interview asks about.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Words the slot rules look for; a typo of one of these is read as the word.
KEYWORDS = [
    "translation",
    "translate",
    "translating",
    "summarisation",
    "summarization",
    "summarise",
    "summarize",
    "summaries",
    "summary",
    "classification",
    "classify",
    "classifying",
    "categorise",
    "extraction",
    "extract",
    "entities",
    "chatbot",
    "conversation",
    "drafting",
    "generation",
    "generate",
    "answering",
    "questions",
    "documents",
    "document",
    "labelled",
    "labeled",
    "labels",
    "annotated",
    "examples",
    "samples",
    "tickets",
    "policies",
    "contracts",
    "invoices",
    "emails",
    "reports",
    "manuals",
    "knowledge",
    "wiki",
    "weekly",
    "daily",
    "monthly",
    "quarterly",
    "yearly",
    "hourly",
    "static",
    "legal",
    "medical",
    "finance",
    "financial",
    "insurance",
    "healthcare",
    "clinical",
    "customers",
    "customer",
    "employees",
    "engineers",
    "developers",
    "lawyers",
    "paralegals",
    "agents",
    "internal",
    "external",
    "english",
    "dutch",
    "german",
    "french",
    "spanish",
    "italian",
    "polish",
    "quality",
    "accurate",
    "accuracy",
    "reliable",
    "budget",
    "medium",
    "large",
    "small",
    "limited",
    "generous",
    "latency",
    "seconds",
    "minutes",
    "realtime",
    "interactive",
    "overnight",
    "batch",
    "requests",
    "queries",
    "hosted",
    "cloud",
    "premises",
    "privacy",
    "personal",
    "sensitive",
    "confidential",
    "compliance",
    "gpus",
    "hardware",
    "weeks",
    "months",
    "years",
    "timeline",
    "deadline",
    "people",
    "team",
    "developers",
    "scientists",
    "analysts",
    "about",
    "approximately",
    "roughly",
    "labelled",
]
_KEYWORDS = tuple(dict.fromkeys(KEYWORDS))
_KEYWORD_SET = frozenset(_KEYWORDS)

# Dutch -> English for what the interview asks about (whole words or phrases, case-insensitive).
GLOSSARY: dict[str, str] = {
    "samenvatten": "summarise",
    "samenvatting": "summary",
    "samenvattingen": "summaries",
    "classificeren": "classify",
    "classificatie": "classification",
    "categoriseren": "categorise",
    "indelen": "classify",
    "vertalen": "translate",
    "vertaling": "translation",
    "beantwoorden": "answer",
    "vragen": "questions",
    "geen": "no",
    "direct naar": "straight to",
    "naar": "to",
    "het gaat": "it goes",
    "gaat": "goes",
    "niet": "not",
    "hebben": "have",
    "hebt": "have",
    "heeft": "has",
    "wij": "we",
    "klein": "small",
    "kleine": "small",
    "groot": "large",
    "grote": "large",
    "eigen": "own",
    "dagen": "days",
    "weken": "weeks",
    "maanden": "months",
    "maand": "month",
    "jaar": "year",
    "jaren": "years",
    "seconden": "seconds",
    "minuten": "minutes",
    "uur": "hour",
    "ongeveer": "about",
    "zo'n": "about",
    "per dag": "per day",
    "per week": "per week",
    "per maand": "per month",
    "per uur": "per hour",
    "binnen": "within",
    "maximaal": "max",
    "dagelijks": "daily",
    "wekelijks": "weekly",
    "maandelijks": "monthly",
    "klanten": "customers",
    "medewerkers": "employees",
    "collega's": "colleagues",
    "ontwikkelaars": "developers",
    "mensen": "people",
    "juridisch": "legal",
    "juridische": "legal",
    "medisch": "medical",
    "medische": "medical",
    "nederlands": "Dutch",
    "engels": "English",
    "duits": "German",
    "frans": "French",
    "gelabelde": "labelled",
    "voorbeelden": "examples",
    "documenten": "documents",
    "hoog": "high",
    "laag": "low",
    "middel": "medium",
    "met z'n tweeën": "a team of two",
    "met z'n tweeen": "a team of two",
    "met z'n drieën": "a team of three",
    "met z'n drieen": "a team of three",
    "met z'n vieren": "a team of four",
    "met z'n vijven": "a team of five",
    "met z'n zessen": "a team of six",
}
# Chat shorthand for the same words: "answering qs", "20 ppl", "a few reqs a day".
SHORTHAND: dict[str, str] = {
    "qs": "questions",
    "q's": "questions",
    "ppl": "people",
    "reqs": "requests",
    "msgs": "messages",
    "wks": "weeks",
    "yrs": "years",
    "mths": "months",
    "approx": "approximately",
    # Contractions typed without the apostrophe: "we dont need translation".
    "dont": "don't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "arent": "aren't",
    "wont": "won't",
    "cant": "can't",
    "didnt": "didn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    # A team counted in French, German or Spanish: "on est quatre", "wir sind zu dritt", "somos tres".
    "on est deux": "there are two of us",
    "on est trois": "there are three of us",
    "on est quatre": "there are four of us",
    "on est cinq": "there are five of us",
    "wir sind zu zweit": "there are two of us",
    "wir sind zu dritt": "there are three of us",
    "wir sind zu viert": "there are four of us",
    "wir sind zwei": "there are two of us",
    "wir sind drei": "there are three of us",
    "wir sind vier": "there are four of us",
    "somos dos": "there are two of us",
    "somos tres": "there are three of us",
    "somos cuatro": "there are four of us",
    "trois mois": "three months",
    "six mois": "six months",
    "drei monate": "three months",
    "sechs monate": "six months",
    "tres meses": "three months",
    "seis meses": "six months",
    # Task words in the languages teams mix in.
    "génération de réponses": "generating replies",
    "generación de respuestas": "generating replies",
    "antworten generieren": "generate replies",
    "antworten erstellen": "draft replies",
    "antwoorden genereren": "generate replies",
    "antwoorden opstellen": "draft replies",
    "rédiger": "draft",
    "rédaction": "drafting",
    "redactar": "draft",
    "réclamations": "complaints",
    "reclamaciones": "complaints",
    "traducción": "translation",
    "traduccion": "translation",
    "traducir": "translate",
    "traduction": "translation",
    "traduire": "translate",
    "übersetzung": "translation",
    "übersetzen": "translate",
    "traduzione": "translation",
    "resumen": "summary",
    "resúmenes": "summaries",
    "zusammenfassung": "summary",
    "zusammenfassen": "summarise",
    "résumer": "summarise",
    "riassunto": "summary",
    # Language names as French, Spanish, German and Italian speakers write them.
    "anglais": "English",
    "allemand": "German",
    "néerlandais": "Dutch",
    "espagnol": "Spanish",
    "italien": "Italian",
    "inglés": "English",
    "ingles": "English",
    "alemán": "German",
    "francés": "French",
    "holandés": "Dutch",
    "neerlandés": "Dutch",
    "englisch": "English",
    "französisch": "French",
    "niederländisch": "Dutch",
    "spanisch": "Spanish",
    "italienisch": "Italian",
    "inglese": "English",
    "tedesco": "German",
    "francese": "French",
    "olandese": "Dutch",
    "spagnolo": "Spanish",
    "catalán": "Catalan",
    "català": "Catalan",
    "euskera": "Basque",
    "gallego": "Galician",
    # Personal data as the languages teams mix in say it.
    "datos personales": "personal data",
    "personenbezogene daten": "personal data",
    "persönliche daten": "personal data",
    "données personnelles": "personal data",
    "dati personali": "personal data",
    # Negations in the same languages, so "pas de données personnelles" reads as "no personal data".
    "pas de": "no",
    "no hay": "there are no",
    "keine": "no",
    "kein": "no",
    "nessun": "no",
    "nessuna": "no",
    "nicht": "not",
    "eigentlich": "actually",
    "en fait": "actually",
    "en realidad": "actually",
    "nada": "nothing",
    "rien": "nothing",
    "nichts": "nothing",
    "niets": "nothing",
    "solo": "only",
    "sólo": "only",
    "seulement": "only",
    "nur": "only",
    "alleen": "only",
    # Languages by their own names.
    "español": "Spanish",
    "espanol": "Spanish",
    "castellano": "Spanish",
    "deutsch": "German",
    "français": "French",
    "francais": "French",
    "nederlands": "Dutch",
    "italiano": "Italian",
    "polski": "Polish",
    "português": "Portuguese",
    "portugues": "Portuguese",
    "svenska": "Swedish",
    "türkçe": "Turkish",
    # Levels, counts and data words in French, German, Spanish and Dutch.
    "moyen": "medium",
    "moyenne": "medium",
    "élevé": "high",
    "élevée": "high",
    "faible": "low",
    "mittel": "medium",
    "hoch": "high",
    "niedrig": "low",
    "medio": "medium",
    "alto": "high",
    "bajo": "low",
    "eine": "one",
    "zwei": "two",
    "drei": "three",
    "vier": "four",
    "fünf": "five",
    "twee": "two",
    "drie": "three",
    "vijf": "five",
    "kunden": "customers",
    "restent chez nous": "stay with us",
    "reste chez nous": "stays with us",
    "bleibt im haus": "stays in-house",
    "bleiben im haus": "stay in-house",
    "direkt an die": "straight to the",
    "clientes": "customers",
    "handbuch": "handbook",
    "handbücher": "handbooks",
    "dokumente": "documents",
    "documentos": "documents",
    "leuten": "people",
    "personen": "people",
    "team von": "team of",
    "monate": "months",
    "wochen": "weeks",
    "map met": "folder of",
    "nooit": "never",
    "een": "one",
    "une": "one",
    "een paar": "a few",
    "ergens tussen de": "somewhere between",
    "tussen de": "between",
    "tussen": "between",
    "ein paar": "a few",
    "no tenemos": "we have no",
    "ejemplos": "examples",
    "etiquetados": "labelled",
    "exemples": "examples",
    "étiquetés": "labelled",
    "beispiele": "examples",
    "gelabelte": "labelled",
    "está bien": "is fine",
    "c'est bon": "is fine",
    "ist ok": "is ok",
    "live zijn voor": "be live by",
    "jaren meegaan": "last for years",
    # "lowish", "smallish": the level with the hedge kept ("-ish" reads as unsure).
    "lowish": "low-ish",
    "highish": "high-ish",
    "smallish": "small-ish",
    "largeish": "large-ish",
    "biggish": "big-ish",
    "mediumish": "medium-ish",
}
GLOSSARY.update(SHORTHAND)
# Language names as other languages write them ("portugués", "Papiaments"), generated from the CLDR.
_LANGUAGE_NAMES = Path(__file__).with_name("language_names.yaml")
for _name, _english in yaml.load(_LANGUAGE_NAMES.read_text(encoding="utf-8"), Loader=_Loader).items():
    GLOSSARY.setdefault(_name, _english)
_GLOSSARY_RE = re.compile(
    r"(?<![\w'])(" + "|".join(re.escape(k) for k in sorted(GLOSSARY, key=len, reverse=True)) + r")(?![\w'])",
    re.IGNORECASE,
)
# Language codes joined by an arrow or "to": "nl -> en", "EN to DE".
_CODES = {
    "nl": "Dutch",
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pl": "Polish",
}
# Codes read only in an upper-case run ("DE, EN, JA"): lower case they are words ("no", "da", "hi").
_RUN_CODES = {
    **_CODES,
    "pt": "Portuguese",
    "ja": "Japanese",
    "zh": "Chinese",
    "ar": "Arabic",
    "tr": "Turkish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "cs": "Czech",
    "hu": "Hungarian",
    "ro": "Romanian",
    "el": "Greek",
    "ko": "Korean",
    "hi": "Hindi",
}
_CODE_PAIR = re.compile(
    r"\b(?P<a>nl|en|de|fr|es|it|pl)\s*(?:->|→|>|=>|to|-)\s*(?P<b>nl|en|de|fr|es|it|pl)\b", re.IGNORECASE
)
# Two or more upper-case codes in a row ("FR, NL, some spanish", "NL/EN"): languages, not the words
# "it", "de" or "en", nor IT the department. Lower-case codes are left alone outside an arrow pair.
_CODE_RUN = re.compile(r"\b[A-Z]{2}(?:\s*(?:,|/|\+|&|and)\s*[A-Z]{2})+\b")
_CODE = re.compile(r"[A-Z]{2}")


def _codes_named(run: re.Match[str]) -> str:
    """A run of upper-case codes with each code named, or the run untouched when one code is not a
    language we know ("IT, HR and EN"): a list read in part would leave a language out."""
    codes = _CODE.findall(run.group())
    if not all(code.lower() in _RUN_CODES for code in codes):
        return run.group()
    return _CODE.sub(lambda m: _RUN_CODES[m.group().lower()], run.group())


_ACRONYM_PLURAL = re.compile(r"\b([A-Z][A-Z0-9]{1,5})'s\b")
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


@cache
def _fix(word: str) -> str | None:
    """The keyword a typo stands for, or None."""
    lowered = word.lower()
    if lowered in _KEYWORD_SET:
        return None
    best = extractOne(lowered, _KEYWORDS, scorer=OSA.distance, score_cutoff=1)
    if best is None:
        return None
    keyword = best[0]
    # Typos rarely hit the first letter; and "week" is not a typo of "weeks" (a word and its plural).
    if keyword[0] != lowered[0] or keyword.startswith(lowered) or lowered.startswith(keyword):
        return None
    return keyword


# "Fries" is Frisian in Dutch and chips in English: only beside a language ("Dutch en een beetje fries").
_FRIES = re.compile(
    r"(\bDutch(?:\s+(?:en|and|\+|&)\s+|\s*,\s*)(?:(?:een|one|a) (?:beetje|bit of|little)\s+|wat\s+|some\s+)?)fries\b",
    re.I,
)


def normalise(text: str, typos: bool = True) -> str:
    """The message with Dutch words in English, language codes named and (`typos`) typos of keywords fixed."""
    text = _ACRONYM_PLURAL.sub(r"\1s", text)  # "GPU's" -> "GPUs"
    text = _CODE_PAIR.sub(lambda m: f"{_CODES[m['a'].lower()]} to {_CODES[m['b'].lower()]}", text)
    text = _CODE_RUN.sub(_codes_named, text)
    text = _GLOSSARY_RE.sub(lambda m: GLOSSARY[m.group().lower()], text)
    text = _FRIES.sub(r"\1Frisian", text)
    return _WORD.sub(lambda m: _fix(m.group()) or m.group(), text) if typos else text
