"""Reading scope slots out of free text with plain rules: no model, no network.

`extract_slots` takes one message (an interview answer, a correction, or a whole
pasted brief) and returns a `ScopeUpdate` with every slot it is confident about,
plus one human-readable note per slot. The rules are deliberately conservative:
a slot left empty is asked for by the interview, a slot filled wrongly misleads
the plan, so every rule prefers missing a value over inventing one.

How the rules are organised:
* the text is split into sentences and most rules look inside one sentence, so
  a number in one sentence never pairs with a keyword in the next;
* each slot has a table of (value, pattern) rules and a small function that
  decides between competing hits;
* a hit preceded by a negation in its own clause ("we don't need translation")
  does not count, unless the rule itself is about the negative ("no GPUs").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from assistant.plan.scope import TASK_LABELS, Scope, ScopeUpdate

__all__ = ["extract_slots", "is_correction", "parse_number"]

_I = re.IGNORECASE


# --------------------------------------------------------------------------- text preparation

# Typographic characters people paste from documents, mapped to plain ones so
# patterns only need to know "'" and "-", and "5 000" with a thin space is a number.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u0101": "a",
        "\u0100": "A",  # Maori written with a macron
    }
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s*\n\s*")
_BULLET = re.compile(r"^(?:[-*\u2022]|\d+[.)])\s+")


def _normalise(text: str) -> str:
    return text.translate(_PLAIN)


_MAX_SENTENCE = 400  # characters; a longer run (a pasted table, no full stops) is cut into pieces
_WINDOW = 120  # characters before or after a match that a rule may look at


def _sentences(text: str) -> list[str]:
    """Sentences (and bullet lines) with whitespace collapsed; rules mostly work inside one."""
    sentences: list[str] = []
    for part in _SENTENCE_END.split(_normalise(text)):
        part = " ".join(_BULLET.sub("", part.strip()).split())
        # Bounded pieces keep every rule linear in the length of the text.
        while len(part) > _MAX_SENTENCE:
            cut = part.rfind(" ", 0, _MAX_SENTENCE)
            cut = cut if cut > 0 else _MAX_SENTENCE
            sentences.append(part[:cut])
            part = part[cut:].strip()
        if part:
            sentences.append(part)
    return sentences


def _before(sentence: str, start: int) -> str:
    return sentence[max(0, start - _WINDOW) : start]


def _after(sentence: str, end: int) -> str:
    return sentence[end : end + _WINDOW]


# --------------------------------------------------------------------------- negation

# A negation only reaches back to the start of its clause: in "we have no labels,
# so we want to classify" the "no" does not touch "classify".
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s-\s|\b(?:but|and|so|because|though|although|while|whereas|however)\b", _I)
_NEGATION = re.compile(
    r"n't\b|\b(?:no|not|never|nor|without|none|nothing|zero|cannot|neither|instead of|rather than)\b", _I
)


def _negated(sentence: str, start: int, window: int = 5) -> bool:
    """True when one of the `window` words before `start`, in the same clause, negates it."""
    clause = _CLAUSE_BREAK.split(_before(sentence, start))[-1]
    clause = re.sub(r"\bnot (?:only|just)\b", " ", clause, flags=_I)
    return bool(_NEGATION.search(" ".join(clause.split()[-window:])))


@dataclass(frozen=True)
class _Rule:
    """One pattern that, when it matches, says `value` for a slot."""

    value: object
    pattern: re.Pattern[str]
    # False for rules that are themselves negative ("no GPUs"), which a negation check would cancel.
    negatable: bool = True


def _rule(value: object, pattern: str, negatable: bool = True) -> _Rule:
    return _Rule(value, re.compile(pattern, _I), negatable)


_NOT_BEFORE = re.compile(r"\b(?:not|never)\s+$", _I)


def _hits(rule: _Rule, sentence: str) -> Iterator[re.Match[str]]:
    """Matches of `rule` in `sentence` that no negation cancels. A rule that reads its own negation
    ("internal only", "for our own staff") is still cancelled by a "not" right before it ("not for
    our own staff")."""
    for match in rule.pattern.finditer(sentence):
        if rule.negatable and (_negated(sentence, match.start()) or _NEGATION.search(match.group())):
            continue
        if not rule.negatable and _NOT_BEFORE.search(sentence[: match.start()]):
            continue
        yield match


def _found(rules: Iterable[_Rule], sentences: list[str]) -> list[object]:
    """Values of the rules that hit anywhere, in rule order, each once."""
    return [rule.value for rule in rules if any(True for s in sentences for _ in _hits(rule, s))]


# --------------------------------------------------------------------------- numbers

_NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Vague amounts read as a typical value: "a few hundred" -> 300, "a couple of thousand" -> 2,000.
_VAGUE: dict[str, int] = {"few": 3, "several": 3, "couple": 2, "handful": 5, "tens": 30}
# A plural scale with no count ("dozens", "hundreds of") is read as three of them.
_SCALES: dict[str, int] = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_SUFFIXES: dict[str, float] = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}

# "50,000" and "5 000" group thousands; anything else is a plain (decimal) number.
_DIGITS = r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_SUFFIX = r"(?:k|mn|m|bn)(?![a-z])"
_SCALE_WORD = r"(?:dozens?|hundreds?|thousands?|millions?|billions?)\b"
_WORD_ATOM = (
    r"a\s+(?:few|couple(?:\s+of)?|handful(?:\s+of)?|dozen|hundred|thousand|million|billion)"
    r"|(?:couple|few)(?:\s+of)?(?=\s+(?:dozen|hundred|thousand|million|billion))"
    r"|several|tens|dozens?|hundreds?|thousands?|millions?|billions?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
)
# One quantity in running text: digits with an optional unit ("2.5k", "1 million"),
# or a run of number words ("twenty five", "a few hundred", "hundreds of thousands").
# Digits never join words or other digits, so "one 24 GB GPU" is "one", then "24".
_NUMBER = (
    rf"(?<![\w.])(?:(?:{_DIGITS})(?:{_SUFFIX}|(?:\s*{_SCALE_WORD}){{0,2}})"
    rf"|(?:{_WORD_ATOM})\b(?:(?:\s+and\s+|\s+of\s+|[\s-]+)(?:{_WORD_ATOM})\b){{0,5}})"
)
_NUMBER_RE = re.compile(_NUMBER, _I)
_NUMBER_TOKEN = re.compile(rf"(?P<d>{_DIGITS})(?P<s>{_SUFFIX})?|(?P<w>[a-z]+)", _I)


def parse_number(phrase: str) -> float | None:
    """The quantity in a phrase such as "50,000", "5k", "2.5 million", "5 000", "a dozen",
    "twenty five", "a few hundred" or "dozens"; None when it holds no number.

    Unknown words (currency, "about") are skipped; the phrase should hold one quantity.
    """
    total = 0.0
    current: float | None = None
    seen = False
    for token in _NUMBER_TOKEN.finditer(_normalise(phrase).lower()):
        if token["d"]:
            digits = token["d"]
            if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
                digits = digits.replace(".", "")  # "1.200": a Dutch thousands dot (readings offer it, not write it)
            value = float(digits.replace(",", "").replace(" ", ""))
            if token["s"]:
                value *= _SUFFIXES[token["s"]]
            current = (current or 0) + value
            seen = True
            continue
        word = token["w"]
        plural = word.endswith("s") and word[:-1] in _SCALES
        base = word[:-1] if plural else word
        if word in _NUMBER_WORDS:
            current = (current or 0) + _NUMBER_WORDS[word]
        elif word in _VAGUE:
            current = (current or 0) + _VAGUE[word]
        elif base in _SCALES:
            scale = _SCALES[base]
            count = current if current is not None else (3 if plural else 1)
            if scale >= 1_000:
                # "two thousand five hundred": thousands close a group, hundreds don't.
                total += count * scale
                current = None
            else:
                current = count * scale
        else:
            continue
        seen = True
    return total + (current or 0) if seen else None


def _numbers(sentence: str) -> Iterator[tuple[re.Match[str], float]]:
    for match in _NUMBER_RE.finditer(sentence):
        value = parse_number(match.group())
        if value is not None:
            yield match, value


def _as_int(value: float) -> int:
    return round(value)


# --------------------------------------------------------------------------- corrections

_CORRECTION_RULES = [
    re.compile(p, _I)
    for p in (
        r"\bactually\b",
        r"\bcorrection\b",
        r"\b(?:let me |to |i'?ll |i need to |must )correct (?:that|this|myself|it|my (?:answer|last))\b",
        r"\bupdate:",
        r"\binstead\b",
        r"\b(?:i|we) meant\b",
        r"\bto be (?:more )?precise\b|\b(?:to|let me) clarify\b",
        # "change X to Y" as a request, not "the wiki changes" or "change how tickets get to".
        r"(?:^|[.!?]\s+|\b(?:please|let's|let us|can you|could you|i'd like to|we'd like to)\s+)"
        r"change\b(?:\s+\S+){1,6}?\s+to\b",
        r"\bnot\b(?!\s+(?:only|just)\b)[^.!?]{1,40}?\bbut\b",
    )
]


def is_correction(text: str) -> bool:
    """Whether the message corrects earlier answers ("actually ...", "not X but Y", "update: ...")."""
    text = _normalise(text).strip()
    return any(rule.search(text) for rule in _CORRECTION_RULES)


# --------------------------------------------------------------------------- tasks

# Language names, needed here for "into German" and again below for the languages slot.
_LANGUAGE_NAMES_COMMON = (
    "English",
    "German",
    "French",
    "Spanish",
    "Dutch",
    "Italian",
    "Portuguese",
    "Polish",
    "Swedish",
    "Danish",
    "Norwegian",
    "Finnish",
    "Czech",
    "Slovak",
    "Slovenian",
    "Greek",
    "Hungarian",
    "Romanian",
    "Bulgarian",
    "Croatian",
    "Serbian",
    "Ukrainian",
    "Russian",
    "Estonian",
    "Latvian",
    "Lithuanian",
    "Turkish",
    "Arabic",
    "Hebrew",
    "Persian",
    "Farsi",
    "Hindi",
    "Urdu",
    "Bengali",
    "Tamil",
    "Japanese",
    "Chinese",
    "Mandarin",
    "Cantonese",
    "Korean",
    "Vietnamese",
    "Thai",
    "Indonesian",
    "Malay",
    "Tagalog",
    "Filipino",
    "Catalan",
    "Galician",
    "Albanian",
    "Armenian",
    "Georgian",
    "Azerbaijani",
    "Belarusian",
    "Macedonian",
    "Bosnian",
    "Afrikaans",
)
# Languages with little web text, which general models handle poorly.
_LANGUAGE_NAMES_RARE = (
    "Icelandic",
    "Basque",
    "Welsh",
    "Irish Gaelic",
    "Scottish Gaelic",
    "Gaelic",
    "Breton",
    "Faroese",
    "Sami",
    "Quechua",
    "Guarani",
    "Aymara",
    "Swahili",
    "Yoruba",
    "Igbo",
    "Hausa",
    "Zulu",
    "Xhosa",
    "Amharic",
    "Tigrinya",
    "Somali",
    "Maori",
    "Samoan",
    "Tongan",
    "Hawaiian",
    "Luxembourgish",
    "Maltese",
    "Khmer",
    "Lao",
    "Burmese",
    "Sinhala",
    "Nepali",
    "Pashto",
    "Tibetan",
    "Mongolian",
    "Uyghur",
    "Kazakh",
    "Inuktitut",
    "Greenlandic",
    "Cherokee",
    "Navajo",
    "Frisian",
    "Sorbian",
    "Papiamento",
    "Papiamentu",
    "Sranan",
    "Limburgish",
    "Romansh",
    "Occitan",
    "Corsican",
    "Sardinian",
    "Asturian",
    "Kurdish",
    "Tamazight",
    "Berber",
    "Wolof",
    "Fula",
    "Lingala",
    "Kinyarwanda",
    "Shona",
    "Tswana",
    "Malagasy",
    "Fijian",
    "Yiddish",
    "Ladino",
    "Kyrgyz",
    "Tajik",
    "Turkmen",
    "Uzbek",
    "Tatar",
    "Chechen",
)
_LANGUAGE_ALT = "|".join(sorted(_LANGUAGE_NAMES_COMMON + _LANGUAGE_NAMES_RARE, key=len, reverse=True))


def is_language_name(words: str) -> bool:
    """Is this just the name of a language ("polish", "Tigrinya")?"""
    return re.fullmatch(rf"(?:{_LANGUAGE_ALT})", words.strip(), _I) is not None


_TASK_RULES: list[_Rule] = [
    # "In summary," and a "Summary:" heading introduce the brief, they don't ask for summaries.
    _rule("summarisation", r"(?<!in )\bsummar(?:y\b(?!\s*:)|ies\b|i[sz]e[sd]?\b|i[sz]ing\b|i[sz]ations?\b)"),
    _rule(
        "summarisation",
        r"\bshorten(?:s|ed|ing)? (?:the |them|it|those|these|each)|\bboil(?:s|ing)? (?:[\w-]+ ){0,2}down\b|\bmake (?:them|it) shorter\b",
    ),
    _rule("summarisation", r"\bcondens\w*|\bdigests?\b|\brecaps?\b|\btl;?dr\b|\bsum(?:s|ming)? (?:[\w-]+ )?up\b"),
    _rule(
        "classification",
        r"\bclassif(?:y|ies|ied|ying|iers?)\b|(?<!data )\bclassification\b|\bcategori[sz](?:e|es|ed|ing|ation)\b",
    ),
    _rule("classification", r"\brout(?:e|es|ed|ing)\b|\btriag\w*|\bsentiment\b|\btag(?:s|ged|ging)?\b"),
    _rule(
        "classification",
        r"\bsort(?:s|ed|ing)?\b(?:\s+\S+){0,4}?\s+into\b|\bassign\w* (?:[\w-]+ ){0,3}(?:categor\w*|labels?|priorit\w*)\b",
    ),
    # "it's sorting them: sick leave, housing, pay", "sorts the incoming mails" (not "sort of").
    _rule(
        "classification",
        r"\bsort(?:s|ed|ing)?\s+(?:(?:them|these|those)(?!\s+out\b)|(?:the |all |our |incoming |new )+(?:[\w-]+ )?"
        r"(?:messages|mails?|e-?mails|tickets|requests|applications|uploads|documents|files|complaints|reports|claims|questions))\b",
    ),
    _rule(
        "classification",
        r"\bcontent moderation\b|\b(?:detect|flag)\w* (?:[\w-]+ )?(?:spam|fraud\w*|toxic\w*|abuse|abusive|phishing|suspicious|anomal\w*|risky|duplicates?)\b",
    ),
    _rule("extraction", r"\bextract\w*|\bnamed[- ]entit\w*|\bner\b|\bpull(?:s|ed|ing)? (?:[\w-]+ ){0,6}out\b"),
    # Tasks in the team's own words and languages: "qa over docs", "code gen", "fills in the fields",
    # "pick the right category", "rausziehen", "resumen", "Übersetzung".
    _rule(
        "question_answering", r"\bqa (?:over|on|from|about|for)\b|\bvragen (?:\w+ ){0,6}beantwoord\w*|\bbeantwoord\w*"
    ),
    _rule(
        "code_generation",
        r"\bcode ?gen\b|\bwrit(?:e|es|ing) (?:the |our )?(?:[\w-]+ ){0,2}(?:scripts|macros|formulas|queries)\b",
    ),
    _rule(
        "classification",
        r"\bsorting\s*(?:\+|&|,|and\b)|\bpick(?:s|ing)? the right (?:category|team|queue|label|code|department)\b"
        r"|\b(?:put|puts|putting) each [\w-]+ in(?:to)? (?:one of )?(?:our |the )?(?:\d+ )?(?:[\w-]+ )?(?:categories|codes|classes|buckets|groups)\b"
        r"|\bflag(?:s|ging)? the (?:ones|items|cases|posts|messages)\b|\bwhich (?:team|department|queue|desk) should (?:take|handle|get)\b"
        r"|\bclasificar\b|\bclasificaci[o\u00f3]n\b|\bclassificatie\b|\beinstuf\w*",
    ),
    _rule(
        "extraction",
        r"\bfill(?:s|ing)? in (?:the |our )?(?:[\w-]+ ){0,2}(?:fields|form|system|template|checklist|sheet|database)\b"
        r"|\binto (?:a |the )?structured (?:[\w-]+ )?(?:fields|checklist|form|data|records|json)\b|\brausziehen\b|\bextraer\b|\bextraheren\b",
    ),
    _rule("summarisation", r"\bzusammenfass\w*|\bsamenvat\w*|\bresumen\b|\bresumir\b|\briassun\w*"),
    _rule("translation", r"\b\u00fcbersetz\w*|\bvertal\w*|\btradu[cz]\w*"),
    _rule(
        "content_generation",
        r"\bwrit(?:e|es|ing) (?:the |our )?(?:[\w-]+ ){0,3}(?:labels?|cards?|texts?|notes?|quizz?e?s?|menus?|listings?)\b"
        r"|\bgenerat\w* (?:[\w-]+ ){0,2}(?:quiz\w*|practice questions|texts?|names)\b|\bsuggest (?:[\w-]+ )?names\b"
        r"|\bdraft (?:[\w-]+ ){0,2}(?:confirmations?|schedules?|plans?|assessments?|quotes?|texts?)\b",
    ),
    _rule(
        "actions", r"\bbook (?:the |a )?(?:[\w-]+ ){0,2}(?:in|via|through) (?:our|the)\b|\bvia (?:de|die|la|el) api\b"
    ),
    _rule(
        "extraction",
        r"\bnames,? (?:and |& )?dates\b|\bfields? from\b|\bkey (?:fields|facts|terms|entities|data points)\b",
    ),
    _rule(
        "extraction",
        r"\bstructured (?:data|fields|json|records) from\b|\bparse\w* (?:[\w-]+ ){0,2}(?:invoices|forms|receipts|cvs|resumes|contracts)\b",
    ),
    # Reading documents in order to fill a system: "reads the booking emails and puts them in the planning system".
    _rule(
        "extraction",
        r"\bread(?:s|ing)? (?:the |our |all |incoming )?(?:[\w-]+ ){0,2}(?:e-?mails|forms|letters|invoices|documents|pdfs|messages|requests)"
        r" and (?:puts?|enters?|logs?|files?|copies|types?|registers?|fills?)\b",
    ),
    _rule("translation", rf"\btranslat\w*|\blocali[sz](?:e|es|ed|ing|ation)\b|\binto (?:{_LANGUAGE_ALT})\b"),
    _rule("translation", rf"\bfrom (?:{_LANGUAGE_ALT}) (?:in)?to (?:{_LANGUAGE_ALT})\b"),
    _rule(
        "code_generation",
        r"\bcode generation\b|\b(?:generat|writ)(?:e|es|ing) (?:[\w-]+ ){0,2}code\b|\bcoding assistant\b",
    ),
    _rule(
        "code_generation",
        r"\bcode (?:completion|suggestions?)\b|\bautocomplet\w* (?:[\w-]+ )?code\b|\b(?:generat|writ)(?:e|es|ing) (?:[\w-]+ ){0,2}unit tests\b",
    ),
    _rule(
        "code_generation",
        r"\b(?:text|natural language)[- ]to[- ]sql\b|\binto sql\b|\b(?:writ|generat|produc|draft)\w* (?:[\w-]+ ){0,2}sql\b|\bsql quer(?:y|ies)\b",
    ),
    _rule(
        "question_answering",
        r"\banswer(?:s|ed|ing)? (?:[\w-]+ ){0,3}questions\b|\bask(?:s|ed|ing)? (?:[\w-]+ ){0,3}questions\b",
    ),
    _rule(
        "question_answering",
        r"\banswer(?:s|ing)? (?:[\w-]+ ){0,3}?(?:from|using|based on|out of) (?:the|our|their|its)\b",
    ),
    _rule(
        "question_answering",
        r"\bquestions (?:about|on|over)\b|\bq ?(?:&|and) ?a\b|\bfaqs?\b|\bquestion[- ]answering\b|\bget answers\b",
    ),
    _rule("question_answering", r"\bsearch(?:es|ing)?\b(?! engine optimi)|\blook(?:s|ing)? (?:[\w-]+ )?up\b"),
    _rule(
        "question_answering",
        r"\bfind(?:s|ing)? (?:[\w-]+ ){0,2}(?:information|answers?|documents?|the right (?:page|doc\w*|section|policy))\b",
    ),
    # "chat logs" and "support conversations" are data, not a chat product.
    _rule(
        "chat",
        r"\bchat(?:bot|bots|s|ting|ted)?\b(?!\s+(?:logs?|transcripts?|histor\w*|archives?|records?))|\bconversational\b",
    ),
    _rule(
        "chat",
        r"\b(?:multi-turn|back-and-forth) conversations?\b|\b(?:have|has|hold|holds|having|holding|carry on) (?:a )?conversations?\b",
    ),
    # "a draft of the requirements" is a document they have; drafting is the task.
    _rule(
        "content_generation",
        r"\bdrafts\b|\bdrafting\b|\b(?:first|rough|initial) drafts?\b|\b(?:to|can|could|should|will|would|help|then) draft\b",
    ),
    _rule(
        "content_generation",
        r"\bdraft (?:[\w-]+ )?(?:replies|responses|emails|answers|letters|posts|articles|reports|summaries|copy|documents|contracts)\b"
        r"|\bdraft (?:a|an|the) (?:[\w-]+ )?(?:reply|response|email|answer|letter|post|article|report|message|note)\b",
    ),
    _rule("content_generation", r"\bblogs?\b|\bessays?\b|\bcopywriting\b|\bproduct descriptions?\b"),
    _rule(
        "content_generation",
        r"\b(?:marketing|ad|advertising|sales|website) copy\b|\bsocial media posts\b|\bcontent (?:generation|creation)\b",
    ),
    # A writing verb must come first: "support emails" alone is input, not content to write.
    _rule(
        "content_generation",
        r"\b(?:write|writes|writing|generate|generates|generating|produce|produces|producing|create|creates|creating"
        r"|compose|composes|composing) (?:[\w-]+ ){0,3}(?:posts|articles?|newsletters?|stories|reports?|copy"
        r"|descriptions?|letters?|press releases?|content|emails?|replies|blurbs?|captions?|slogans?|taglines?|announcements?"
        r"|invitations?|speeches|texts)\b",
    ),
    _rule(
        "classification",
        r"\blabel(?:s|ling|ing)? (?:each|every|all|the|incoming) (?:[\w-]+ )?[\w-]+ (?:as|with|by)\b",
    ),
    _rule("extraction", r"\bpre-?fill(?:s|ing)? (?:in )?(?:the|a|our) (?:[\w-]+ )?(?:form|fields|template)s?\b"),
    _rule(
        "classification",
        r"\bsort(?:s|ing)? [^.!?]{0,120}?\binto (?:the right |the correct |their |different )?(?:queues?|buckets|folders|categories|piles)\b",
    ),
    _rule("actions", r"\b(?:via|through|using|with) (?:its|their|the|our) (?:[\w-]+ )?api\b"),
    # Doing something in another system: "create the booking in the salon system", "update the ticket in Jira".
    _rule(
        "actions",
        r"\b(?:create|creates|creating|update|updates|updating|submit|submits|submitting|file|files|filing|open|opens|close|closes"
        r"|cancel|cancels|cancelling|register|registers|enter|enters|post|posts|change|changes|reschedule|reschedules)"
        r" (?:the |a |an |their |its )?(?:[\w-]+ ){1,2}(?:in|into|on) (?:the |our |their |its )?(?:[\w-]+ ){0,2}"
        r"(?:system|api|crm|erp|sap|jira|portal|calendar|database|db|tool|platform|webshop|backend)\b",
    ),
    _rule(
        "actions",
        r"\bcall(?:s|ing)? (?:[\w-]+ ){0,2}apis?\b|\bapi[- ]?call(?:s|ing)?\b|\b(?:take|takes|taking|perform\w*) actions?\b|\bfunction[- ]calling\b|\btool (?:use|calling|calls)\b",
    ),
    _rule(
        "actions",
        r"\bbook(?:s|ing)? (?:[\w-]+ ){0,2}(?:meetings?|appointments?|flights?|rooms?|travel|hotels?|tables?|slots?|demos?|calls?)\b|\bmake bookings\b",
    ),
    _rule(
        "actions",
        r"\bplac(?:e|es|ing) (?:[\w-]+ )?orders?\b|\bprocess(?:es|ing)? (?:[\w-]+ )?(?:returns?|refunds?)\b|\bissu(?:e|es|ing) refunds?\b",
    ),
    _rule(
        "actions",
        r"\bupdat(?:e|es|ing) (?:[\w-]+ ){0,2}tickets?\b|\b(?:open|opens|create|creates|close|closes) (?:[\w-]+ ){0,2}tickets\b",
    ),
    # "what triggered this project" is history; triggering a workflow is an action.
    _rule(
        "actions",
        r"\btrigger(?:s|ing)? (?:[\w-]+ ){0,2}(?:workflows?|deployments?|jobs?|pipelines?|alerts?|refunds?|builds?|processes|automations?)\b",
    ),
    _rule("actions", r"\b(?:reset|resets|resetting) passwords?\b"),
    # Doing the thing in the team's system, not only talking about it: "make the reservation in the booking system".
    _rule(
        "actions",
        r"\bmak(?:e|es|ing) (?:the |a )?(?:reservations?|bookings?)\b|\breserv(?:e|es|ing) (?:[\w-]+ ){0,2}(?:tables?|slots?|lanes?|rooms?|seats?|tickets?)\b"
        r"|\b(?:in|into) (?:the|our) (?:[\w-]+ )?(?:booking|reservation|ticketing|crm|erp|roster|scheduling|planning) system\b",
    ),
]


def _tasks(sentences: list[str]) -> list[str]:
    """Task types in the order they are first mentioned."""
    first_seen: dict[str, tuple[int, int]] = {}
    for index, sentence in enumerate(sentences):
        for rule in _TASK_RULES:
            task = str(rule.value)
            for match in _hits(rule, sentence):
                where = (index, match.start())
                first_seen[task] = min(first_seen.get(task, where), where)
    return sorted(first_seen, key=first_seen.__getitem__)


# --------------------------------------------------------------------------- labelled examples

_LABEL_STRONG = re.compile(
    r"^(?:hand-)?(?:labell?ed|annotated|labels|annotations|gold|coded|tagged|classified|categori[sz]ed"
    r"|reviewed|sorted|graded|scored|rated|verified|transcribed)$",
    _I,
)
# A human judgement kept next to each item makes it a labelled example, whatever it is called:
# "600 NOTAMs together with the work order", "2k decisions (approved/rejected + the reason)".
_JUDGED_AFTER = re.compile(
    r"^[^.;]{0,50}?(?:\btogether with\b|\balong with\b|\b(?:checked|reviewed|approved|marked|graded|corrected|sorted) by\b|\bwith (?:the |a |their |its |an )?(?:final |correct |proper |right |human |manual"
    r" |expert )?(?:labels?|classifications?|categor\w+|outcomes?|reasons?|(?:[\w-]+ )?codes?|answers?|feedback|ratings?|decisions?|scores?"
    r"|grades?|verdicts?|replies|responses)\b|\binput ?(?:\+|and|/|&) ?outputs?\b|\bapproved ?/ ?rejected\b)",
    _I,
)
# "2000 was the total, only ~1200 of them are actually labelled": the count that carries the labels.
_ONLY_LABELLED = re.compile(
    rf"\bonly (?:about |around |roughly |~\s?)?(?P<n>{_NUMBER})\b[^.;]{{0,30}}?\b(?:labell?ed|labels?|tagged|annotated|coded"
    r"|(?:the |a )?[\w-]+ code (?:filled|set))",
    _I,
)
_LABEL_WEAK = re.compile(r"^(?:examples?|samples|pairs|demonstrations)$", _I)
# The noun right after a number says what is counted: "12 categories" are not examples.
_NOT_EXAMPLES = re.compile(
    r"^(?:%|percent|per|categories|category|classes|class|labels|types|languages|people|engineers|users|"
    r"weeks?|months?|years?|days?|hours?|minutes?|seconds?|ms|gpus?|gb|tb|times|x)$",
    _I,
)
# "we could label 500 examples" is a plan, not data the team has.
_PLAN_WORDS = re.compile(
    r"\b(?:label|annotate|need|needs|want|wants|plan|planning|could|would|will|target|aim|goal)\b", _I
)
_HAVE_WORDS = re.compile(
    r"\b(?:have|has|had|got|'ve|collected|gathered|curated|built|own|there are|library|set|dataset)\b", _I
)
# Counts that come after the label word: "labelled examples: 5,000", "we've annotated 2,000 emails".
_LABELS_FIRST = re.compile(
    rf"\b(?:labell?ed|annotated) (?:examples|data|samples|items|pairs)\s*(?::|=|-|is|are|of about|of|total)\s*"
    rf"(?:about |around |roughly |approximately |~)?(?P<n>{_NUMBER})"
    rf"|\b(?:we've|we have|have|has|already|we) (?:hand-)?(?:labell?ed|annotated|tagged) (?:about |around |roughly |over |some |~)?(?P<n2>{_NUMBER})",
    _I,
)
_CONTAINERS = re.compile(
    r"^(?:datasets?|data|sets|files|spreadsheets|sources|batches|rounds|tables|folders|versions|projects)$", _I
)
_NO_LABEL_RULES: list[_Rule] = [
    _rule(0, r"\bno (?:\w+ ){0,2}(?:labell?ed|annotated|training) (?:data|examples|samples|set)\b", negatable=False),
    _rule(0, r"\bno (?:labels|annotations|training data|examples)\b", negatable=False),
    _rule(
        0,
        r"\b(?:don't|do not|dont|doesn't|does not|haven't|have not|lack|lacking) (?:\w+ ){0,3}(?:labell?ed|annotated|training) (?:data|examples|samples|set)\b",
        negatable=False,
    ),
    _rule(
        0,
        r"\b(?:don't|do not|doesn't|does not|haven't|have not) (?:\w+ ){0,2}(?:labels|annotations|examples)\b",
        negatable=False,
    ),
    _rule(0, r"\bwithout (?:any )?(?:labels|labell?ed|annotat\w*|training data|examples)\b", negatable=False),
    _rule(
        0,
        r"\bnothing (?:is )?(?:labell?ed|annotated)\b|\bnone (?:of (?:it|them|this) )?(?:is|are) (?:labell?ed|annotated)\b",
        negatable=False,
    ),
    _rule(0, r"\b(?:isn't|is not|aren't|are not) (?:yet )?(?:labell?ed|annotated)\b", negatable=False),
    # Said any way round: "no labelled anything", "we don't have anything labelled", "none of it labelled",
    # "nobody ever tagged them", "labels: none", "labelled? nope".
    _rule(
        0,
        r"(?:\b(?:no|none|nothing|zero|nobody|never|not)|n't)\b(?!\s+(?:sure|idea|all|every|only|just|many|much|yet sure))"
        r"(?:\W+(?!(?:sure|idea|know|all|every|only|else|many|much|consistent|reliabl\w*|properly)\b)\w+){0,3}?"
        r"\W+(?:labell?ed|labels|annotated|annotations|tagged|unlabell?ed)\b"
        r"|\bunlabell?ed\b(?!\s+(?:and|but|\+)\s+\d)"
        r"|\b(?:labell?ed(?: data| examples)?|labels|annotations)\s*[:?]?\s*(?:no|none|nothing|zero|nope|nada|nee|nein|0)\b(?!\s*\w+ed\b)",
        negatable=False,
    ),
]
_NOT_LABELLED_NEAR = re.compile(r"\b(?:not|none|un)[- ]?(?:of (?:it|them) )?labell?ed\b|\bunlabell?ed\b", _I)


def _label_count_words(sentence: str, match: re.Match[str]) -> list[str]:
    """The words describing a number: up to four, within its clause, before any other number."""
    clause = re.split(r"[,;:()]|\s-\s", _after(sentence, match.end()), maxsplit=1)[0]
    words: list[str] = []
    for word in clause.split()[:4]:
        if _NUMBER_RE.fullmatch(word):
            break
        words.append(word.strip(".!?\"'").lower())
    return words


def _labelled_examples(sentences: list[str]) -> int | None:
    strong: list[int] = []
    weak: list[int] = []
    for sentence in sentences:
        for match in _LABELS_FIRST.finditer(sentence):
            value = parse_number(match["n"] or match["n2"])
            following = _after(sentence, match.end()).split()[:1]
            if value is not None and not (following and _NOT_EXAMPLES.match(following[0].strip(".,;!?"))):
                strong.append(_as_int(value))
        for match, value in _numbers(sentence):
            if _is_year(match, value, sentence) or _before(sentence, match.start()).rstrip().endswith(
                ("$", "\u20ac", "\u00a3")
            ):
                continue  # "in 2019" and "$5,000" are not counts of examples
            before = " ".join(_before(sentence, match.start()).split()[-3:])
            if _PLAN_WORDS.search(before) or _negated(sentence, match.start(), window=2):
                continue
            if match.group().lower() == "one" and re.search(r"\b(?:each|every|any|no|the)\s*$", before, _I):
                continue  # "each one labelled": a pronoun, not a count
            words = _label_count_words(sentence, match)
            if not words or _NOT_EXAMPLES.match(words[0]):
                continue
            keyword = next(
                (i for i, w in enumerate(words) if _LABEL_STRONG.match(w) or _LABEL_WEAK.match(w) or w == "example"),
                None,
            )
            if keyword is None and _JUDGED_AFTER.match(_after(sentence, match.end())):
                keyword = len(words) - 1
            if keyword is None or any(_CONTAINERS.match(w) for w in words[:keyword] + words[keyword + 1 : keyword + 2]):
                continue  # "3 labelled datasets" counts datasets, not examples
            judged = _JUDGED_AFTER.match(_after(sentence, match.end())) and not _NOT_LABELLED_NEAR.search(
                _after(sentence, match.end())[:40]
            )
            if judged or any(_LABEL_STRONG.match(w) for w in words):
                strong.append(_as_int(value))
            elif _HAVE_WORDS.search(sentence):
                weak.append(_as_int(value))
    for sentence in sentences:
        for match in _ONLY_LABELLED.finditer(sentence):
            if (value := parse_number(match["n"])) is not None:
                return _as_int(value)
    # The last figure wins: in "not 500 but 5,000 labelled" the later one is the correction.
    if strong:
        return strong[-1]
    if weak:
        return weak[-1]
    return 0 if _found(_NO_LABEL_RULES, sentences) else None


def _is_year(match: re.Match[str], value: float, sentence: str) -> bool:
    text = match.group()
    if not (text.isdigit() and len(text) == 4 and 1900 <= value <= 2100):
        return False
    return bool(
        re.search(r"\b(?:in|since|from|by|until|of|before|after|back to)\s*$", _before(sentence, match.start()), _I)
    )


# --------------------------------------------------------------------------- documents

_DOC_NOUN = (
    r"\b(?:wikis?|runbooks?|manuals?|documentation|docs|knowledge[- ]?bases?|kb articles?|help[- ]cent(?:re|er)"
    r"|(?<!data )(?<!privacy )(?<!security )(?<!retention )policies|handbooks?|(?<!landing )(?<!web )pages"
    r"|pdfs?|(?:contracts?|documents?|case|reports?) archives?|archive of (?:\w+ )?(?:contracts|documents|reports|cases)"
    r"|confluence|sharepoint|playbooks?|standard operating procedures|sops|faqs?"
    # What teams call their reference material in their own words (and in Dutch).
    r"|handboek|kennisbank|logbooks?|binders?|rulebooks?|bylaws?|(?:spray|style|user|field|care) guides?|protocols"
    r"|guidelines|rules (?:doc|pdf)|allergen sheets|datasheets"
    r"|(?:our|internal|company|product|technical|policy|reference|legal|clinical) documents?)\b"
)
_DOC_NOUN_RE = re.compile(_DOC_NOUN, _I)
_NO_DOC_RULES: list[_Rule] = [
    _rule(
        False,
        r"\bno (?:\w+ )?(?:documents|documentation|docs|wiki|manuals?|handbook|knowledge base|written (?:docs|documentation|material))\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:don't|do not|doesn't|does not|haven't|have not) (?:\w+ ){0,3}(?:documents|documentation|docs|wiki|manuals|knowledge base)\b",
        negatable=False,
    ),
    _rule(False, r"\bnothing (?:is )?written down\b|\bnot documented\b|\bundocumented\b", negatable=False),
]


# "documents yes", "docs: no, it's all in their heads": the question answered in its own words wins.
_DOCS_ANSWERED: list[_Rule] = [
    _rule(True, r"\b(?:documents?|docs)\s*[:-]?\s*(?:yes|yep|yeah|ja|oui|plenty|loads)\b", negatable=False),
    _rule(False, r"\b(?:documents?|docs)\s*[:-]?\s*(?:no|none|nope|nee|nein)\b", negatable=False),
]


def _has_documents(sentences: list[str]) -> bool | None:
    if answered := _found(_DOCS_ANSWERED, sentences):
        return bool(answered[0]) if len(set(answered)) == 1 else None
    if _found([_Rule(True, _DOC_NOUN_RE)], sentences):
        return True
    return False if _found(_NO_DOC_RULES, sentences) else None


# Fastest first: when the wiki changes daily and the manuals never, the daily rate decides.
_CHANGE_RULES: list[_Rule] = [
    _rule(
        "realtime",
        r"\bconstantly\b|\breal[- ]?time\b|\bcontinuous(?:ly)?\b|\ball the time\b|\bhourly\b|\b(?:updates? )?live\b"
        r"|\bevery (?:few |couple of |\d+(?:\s*(?:-|to)\s*\d+)? )?(?:seconds?|secs?|minutes?|mins?|hours?)\b",
    ),
    _rule(
        "daily",
        r"\bdaily\b|\bdagelijks\b|\bt\u00e4glich\b|\bevery (?:single )?(?:day|shift)\b|\bafter every shift\b|\beach day\b|\bevery (?:night|morning|evening)\b|\b(?:several|many|multiple) times a day\b|\bonce a day\b",
    ),
    _rule(
        "weekly",
        r"\bweekly\b|\bwekelijks\b|\bw\u00f6chentlich\b|\bevery (?:[\w-]+ ){0,3}weeks?\b|\beach week\b|\bonce a week\b|\b(?:several|a few|multiple) times a week\b",
    ),
    _rule(
        "monthly",
        r"\bmonthly\b|\bmaandelijks\b|\bmonatlich\b|\bevery (?:[\w-]+ ){0,3}months?\b|\bevery (?:\w+ )?season\b|\beach month\b|\bonce a month\b|\bquarterly\b|\bevery quarter\b",
    ),
    _rule(
        "static",
        r"\brarely\b|\bstatic\b|\bnever changes?\b|\b(?:bijna )?nooit\b|\bbijna never\b|\bnie\b|\bfrozen\b|\bevery (?:few|couple of|\d+) years\b"
        r"|\bonce every (?:\w+ ){0,2}years\b|\bhardly (?:ever|at all)\b|\bbarely\b|\bseldom\b|\bstable\b|\bonce a year\b|\bannually\b|\byearly\b",
        negatable=False,
    ),
    _rule("static", r"\b(?:don't|doesn't|do not|does not|won't) (?:really )?change\b", negatable=False),
]
_CHANGE_VERB = re.compile(
    r"\b(?:chang\w*|updat\w*|edit\w*|revis\w*|refresh\w*|add(?:ed|s)?|publish\w*|rewritten|modif\w*|grows?|amended"
    r"|bijgewerkt|verander\w*|aangepast|ge\u00e4ndert|\u00e4ndern|aktualisiert|new (?:pages|documents|versions|articles|policies))\b",
    _I,
)
_STATIC_WORD = re.compile(r"\b(?:static|stable|rarely|seldom|hardly (?:ever|at all)|barely|frozen)\b", _I)
_CHANGING_THING = re.compile(
    _DOC_NOUN + r"|\b(?:data|content|information|documents?|corpus|catalog(?:ue)?|prices|products|articles|it|they)\b",
    _I,
)


_CLAUSES = re.compile(r"[,;]|\b(?:and|but|while|whereas)\b", _I)


_RATE_ONLY_WORDS = {
    *[
        "so",
        "like",
        "maybe",
        "probably",
        "roughly",
        "about",
        "i",
        "think",
        "guess",
        "more",
        "once",
        "every",
        "a",
        "couple",
        "few",
        "of",
        "or",
        "and",
        "twice",
        "times",
        "the",
        "per",
    ],
    *["each", "some", "several", "at", "most", "least", "well", "then", "ish"],
    *["year", "years", "month", "months", "week", "weeks", "day", "days", "quarter", "quarters", "season", "seasons"],
    *[
        "yearly",
        "monthly",
        "weekly",
        "daily",
        "hourly",
        "quarterly",
        "annually",
        "realtime",
        "live",
        "often",
        "rarely",
        "seldom",
        "never",
    ],
}


def _only_a_rate(clause: str) -> bool:
    """A clause that says nothing but a rate ("so monthly-ish?", "once every couple of years")."""
    words = re.findall(r"[a-z]+", clause.lower())
    return bool(words) and sum(1 for w in words if w not in _RATE_ONLY_WORDS) == 0


def _split_change_clauses(sentences: list[str], short_answer: bool) -> tuple[list[str], list[str]]:
    """Clauses about how often the documents/data change, and all other clauses.

    A rate word counts for the documents only in a clause with a change verb ("changes
    daily") or a stability word ("static"), in a sentence that names what changes (or in
    a short answer, where the question did). "Answers must be real-time" is about latency.
    """
    about_change: list[str] = []
    other: list[str] = []
    for sentence in sentences:
        names_thing = short_answer or bool(_CHANGING_THING.search(sentence))
        follows_change = False
        for clause in _CLAUSES.split(sentence):
            is_change = names_thing and bool(_CHANGE_VERB.search(clause) or _STATIC_WORD.search(clause))
            # "they get revised whenever there's an incident, so monthly-ish": the rate may come in the
            # next clause, when that clause says nothing else.
            is_change = is_change or (follows_change and _only_a_rate(clause))
            (about_change if is_change else other).append(clause)
            follows_change = is_change
    return about_change, other


def documents_change_rates(text: str) -> set[str]:
    """Every change rate the message gives its documents ("daily in summer, hardly at all in winter")."""
    about_change, _ = _split_change_clauses(_sentences(text), False)
    return {str(rate) for rate in _found(_CHANGE_RULES, about_change)}


def _documents_change(sentences: list[str], short_answer: bool) -> str | None:
    about_change, _ = _split_change_clauses(sentences, short_answer)
    found = _found(_CHANGE_RULES, about_change)
    return str(found[0]) if found else None


# --------------------------------------------------------------------------- corpus size

_CORPUS_RULES: list[_Rule] = [
    _rule(
        "very_large",
        r"\bbillions? of (?:\w+ )?(?:tokens|words|documents|records|pages|rows)\b|\b(?:tera|peta)bytes?\b|\b\d+(?:\.\d+)?\s*(?:tb|pb)\b",
    ),
    _rule(
        "very_large",
        r"\bdecades of (?:\w+ ){0,2}(?:data|records|text|documents|archives?)\b|\bhundreds of millions of\b",
    ),
    _rule(
        "large",
        r"\bmillions of (?:\w+ )?(?:documents|records|pages|emails|tickets|words|tokens|rows|articles|files|reports|messages|conversations|transcripts)\b",
    ),
    # "24 GB" describing a GPU is memory, not corpus.
    _rule(
        "large",
        r"\bgigabytes?\b(?! of (?:vram|memory|ram))|\b\d+(?:\.\d+)?\s*gb\b(?!\s*(?:gpus?|vram|memory|ram|cards?|a100|h100|of (?:vram|memory|ram)))",
    ),
    _rule(
        "small",
        r"\b(?:small|tiny|modest|limited) (?:corpus|dataset|data ?set|amount of (?:text|data)|collection of documents)\b",
    ),
]
_CORPUS_COUNT = re.compile(
    rf"(?P<n>{_NUMBER})\s+(?:\w+\s+)?(?P<unit>tokens|words|documents|docs|pages|records|emails|tickets|files|articles|transcripts|reports|rows|messages)\b",
    _I,
)
_CORPUS_ORDER = ["small", "large", "very_large"]


def _corpus_size(sentences: list[str]) -> str | None:
    sizes = [str(v) for v in _found(_CORPUS_RULES, sentences)]
    for sentence in sentences:
        for match in _CORPUS_COUNT.finditer(sentence):
            value = parse_number(match["n"]) or 0
            per_document = match["unit"].lower() not in ("tokens", "words")
            # Pretraining scale: billions of tokens; a million documents is roughly that many tokens.
            very_large, large = (1e8, 1e6) if per_document else (1e9, 1e7)
            if value >= very_large:
                sizes.append("very_large")
            elif value >= large:
                sizes.append("large")
    return max(sizes, key=_CORPUS_ORDER.index) if sizes else None


# --------------------------------------------------------------------------- domain


@dataclass(frozen=True)
class _Domain:
    label: str
    specialised: bool
    patterns: tuple[tuple[re.Pattern[str], float], ...]


def _domain_rule(label: str, specialised: bool, *patterns: tuple[str, float]) -> _Domain:
    return _Domain(label, specialised, tuple((re.compile(p, _I), w) for p, w in patterns))


# Specialised domains come first so they win ties: their vocabulary matters more for the plan.
_DOMAINS: list[_Domain] = [
    _domain_rule(
        "legal",
        True,
        (
            r"\blaw(?:s|yers?)?\b|\blegal\b(?! liabilit| team| department| sign-off| approval| says| said| trouble| risk| action| issues| has| hasn't| have| needs| wants| is| will| must| should| still| would| wouldn't| won't| decides| checks| reviews)|\bcontracts?\b|\bcourts?\b|\blitigation\b|\bparalegals?\b|\battorneys?\b|\bstatutes?\b|\bsolicitors?\b",
            1,
        ),
        (r"\bcompliance\b", 0.5),  # often just a constraint mentioned in any brief
    ),
    _domain_rule(
        "medical",
        True,
        (
            r"\bclinical\b|\bclinicians?\b|\bmedical\b|\bmedicine\b|\bpatients?\b|\bhealth ?care\b|\bhealth\b(?![- ]?checks?)|\bradiolog\w*|\bdoctors?\b|\bnurses?\b|\bhospitals?\b|\bdiagnos\w*|\bphysicians?\b|\bpharma\w*",
            1,
        ),
    ),
    _domain_rule(
        "insurance",
        True,
        (r"\binsurance\b|\binsurers?\b|\bunderwrit\w*|\bpolicyholders?\b|\bclaims? handl\w*|\bpremiums\b", 1.5),
    ),
    _domain_rule(
        "finance",
        True,
        (
            r"\bfinanc(?:e|ial)\b|\bbank(?:s|ing)?\b|\btrading\b|\btraders?\b|\baccounting\b|\baccountants?\b|\bloans?\b|\bcredit (?:risk|scoring)\b|\binvestments?\b|\binvestors?\b|\bledgers?\b",
            1,
        ),
    ),
    _domain_rule(
        "scientific",
        True,
        (
            r"\bchemi(?:stry|cal|cals|sts?)\b|\bbiolog\w*|\bgenomic\w*|\bresearch papers?\b|\bscientific\b|(?<!data )\bscientists?\b|\bphysics\b|\bprotein\w*|\bmolecul\w*",
            1,
        ),
    ),
    _domain_rule(
        "customer support",
        False,
        (
            r"\bsupport (?:emails?|tickets?|agents?|team|requests?|chats?|queue|desk|staff|conversations|cases)\b|\bcustomer (?:support|service|care|enquiries|inquiries|complaints)\b",
            1,
        ),
        (r"\bhelp ?desk\b|\bservice desk\b|\bcontact cent(?:re|er)\b|\bcall cent(?:re|er)\b", 1),
        (r"\btickets?\b", 0.5),
    ),
    _domain_rule(
        "marketing",
        False,
        (
            r"\bmarketing\b|\bbrand\b|\bblogs?\b|\bcampaigns?\b|\bsocial media\b|\bseo\b|\bcopywrit\w*|\badvertis\w*|\bnewsletters?\b",
            1,
        ),
    ),
    _domain_rule(
        "software engineering",
        False,
        (
            r"(?<!zip )(?<!postal )(?<!dress )\bcode(?:base)?\b|\brepositor(?:y|ies)\b|\brepos?\b|\brunbooks?\b|\bon-call\b|\bincidents?\b|\bdevops\b|\bdevelopers?\b|\bsoftware\b|\bpull requests?\b|\bsql\b|\bmicroservices?\b",
            1,
        ),
        (
            r"(?<!ml )(?<!data )(?<!ai )\bengineers?\b|\bengineering\b",
            0.5,
        ),  # "2 ML engineers" is the team, not the domain
    ),
    _domain_rule(
        "hr",
        False,
        (
            r"\bhr\b|\bhuman resources\b|\brecruit\w*|\bhiring\b|\bcandidates?\b|\bcvs\b|\bresumes\b|\bpayroll\b|\bonboarding\b|\bemployee (?:handbook|questions|benefits|policies)\b",
            1,
        ),
    ),
    _domain_rule(
        "e-commerce",
        False,
        (
            r"\be-?commerce\b|\bonline (?:shop|store|retail\w*)\b|\bshop(?:pers|ping)?\b|\bwebshop\b|\bproduct (?:catalog(?:ue)?|listings?|descriptions?|pages)\b|\bretail\w*|\bcheckout\b",
            1,
        ),
        (r"\borders?\b|\breturns?\b", 0.5),
    ),
    _domain_rule(
        "education",
        False,
        (
            r"\bstudents?\b|\bteachers?\b|(?<!of )\bcourses?\b|\beducation\w*|\be-?learning\b|\btutor\w*|\bcurricul\w*|\bexams?\b|\bschools?\b|\buniversit\w*|\blessons?\b",
            1,
        ),
    ),
]


def _domain(sentences: list[str]) -> _Domain | None:
    text = " ".join(sentences)
    scores = [(sum(w * len(p.findall(text)) for p, w in d.patterns), -i, d) for i, d in enumerate(_DOMAINS)]
    score, _, best = max(scores, key=lambda item: item[:2])
    return best if score >= 1 else None


# --------------------------------------------------------------------------- languages

_LANGUAGE_RE = re.compile(rf"\b(?:{_LANGUAGE_ALT})\b", _I)
_CANONICAL_LANGUAGE = {name.lower(): name for name in _LANGUAGE_NAMES_COMMON + _LANGUAGE_NAMES_RARE}
_RARE = {name.lower() for name in _LANGUAGE_NAMES_RARE}
# Names that are also everyday words ("polish the drafts", a colleague called Sami) need language context.
_AMBIGUOUS_LANGUAGES = {"polish", "sami"}
# Of those, the ones whose everyday sense is written in lower case: a capital inside a sentence settles it.
_CAPITAL_SETTLES = {"polish"}
_LANGUAGE_BEFORE = re.compile(
    r"(?:\b(?:in|into|to|from|and|or|speak\w*|languages?:?|some|mostly|mainly|also|partly|plus|(?:a )?(?:bit|little) of)\s+|,\s*|\+\s*)$",
    _I,
)
_LANGUAGE_AFTER = re.compile(
    r"^(?:\s+(?:and|or|language|speakers?|text|translations?|versions?|customers|users)\b|\s*[,/])", _I
)
_LANGUAGE_NEXT_TO = re.compile(rf"\b(?:{_LANGUAGE_ALT})\s*(?:,|\+|&|/|and|or|plus)\s*$", _I)
_LANGUAGE_NEXT_FROM = re.compile(rf"^\s*(?:,|\+|&|/|and|or|plus)\s*(?:{_LANGUAGE_ALT})\b", _I)
_MULTILINGUAL = re.compile(r"\bmultilingual\b|\b(?:many|several|multiple|dozens of|lots of) languages\b", _I)


def _languages(sentences: list[str]) -> list[str]:
    found: list[str] = []
    for sentence in sentences:
        for match in _LANGUAGE_RE.finditer(sentence):
            name = _CANONICAL_LANGUAGE[match.group().lower()]
            # Lower case counts too when another language sits right beside it ("english + polish").
            beside = _LANGUAGE_NEXT_TO.search(_before(sentence, match.start())) or _LANGUAGE_NEXT_FROM.match(
                _after(sentence, match.end())
            )
            # Lower case counts with language context when the sentence names another language too
            # ("dutch + english + a bit of polish").
            others = any(
                _CANONICAL_LANGUAGE[m2.group().lower()].lower() not in _AMBIGUOUS_LANGUAGES
                for m2 in _LANGUAGE_RE.finditer(sentence)
            )
            # Capitalised inside a sentence, "Polish" is the language or the people ("staff is Polish").
            mid_sentence = (
                name.lower() in _CAPITAL_SETTLES
                and match.group()[0].isupper()
                and bool(re.search(r"\w\W*$", _before(sentence, match.start())))
            )
            if name.lower() in _AMBIGUOUS_LANGUAGES and not (
                beside
                or mid_sentence
                or (
                    (match.group()[0].isupper() or others)
                    and (
                        _LANGUAGE_BEFORE.search(_before(sentence, match.start()))
                        or _LANGUAGE_AFTER.match(_after(sentence, match.end()))
                    )
                )
            ):
                continue
            if _negated(sentence, match.start(), window=3):
                continue
            if name not in found:
                found.append(name)
    return found


# --------------------------------------------------------------------------- quality and risk

_HIGH_QUALITY_RULES: list[_Rule] = [
    _rule("high", r"\bspot[- ]on\b|\bexactly right\b|\bno (?:room for )?mistakes\b|\berror[- ]free\b|\bzero errors\b"),
    _rule(
        "high", r"\b(?:must|has to|have to|needs? to|should) be (?:\w+ )?(?:accurate|correct|right|reliable|exact)\b"
    ),
    _rule(
        "high",
        r"\bquality (?:must|has to|needs to|should) be (?:very )?high\b|\blegal (?:trouble|risk|action)\b|\blawsuits?\b",
    ),
    _rule(
        "high",
        r"\b(?:mission|safety|business)[- ]critical\b|\bcritical\b|\bregulated\b|\bliabilit(?:y|ies)\b|\bhigh[- ](?:quality|stakes)\b",
    ),
    _rule("high", r"\bwrong answers? (?:\w+ ){0,3}(?:reach|go to|are seen by|end up with) (?:our )?customers\b"),
    _rule(
        "high",
        r"\b(?:cost|price) of (?:an? )?(?:errors?|mistakes?) is (?:very )?high\b|\baccuracy is (?:\w+ )?(?:critical|essential|paramount|key|vital)\b",
    ),
    _rule(
        "high",
        r"\b(?:errors?|mistakes?) (?:are|is|would be|could be) (?:very |extremely |really )?(?:costly|expensive|dangerous|serious|unacceptable|harmful)\b",
    ),
    _rule(
        "high",
        r"\bno (?:room for )?(?:mistakes|errors)\b|\bzero (?:errors|mistakes|tolerance)\b|\bcan't afford (?:any )?(?:mistakes|errors)\b",
        negatable=False,
    ),
]
_MEDIUM_QUALITY_RULES: list[_Rule] = [
    _rule(
        "medium",
        r"\bgood enough\b|\bmostly (?:right|correct|accurate)\b|\breasonabl[ey] (?:quality|accurate|good)\b|\bmedium[- ](?:quality|stakes|risk)\b",
    ),
    _rule(
        "medium",
        r"\bmoderate (?:quality|accuracy|stakes|risk)\b|\bmoderately (?:important|critical|accurate)\b|\bquality (?:is|should be) moderate\b",
    ),
    _rule("medium", r"\bsome (?:errors|mistakes) (?:are|is) (?:ok|okay|fine|acceptable)\b", negatable=False),
]
_LOW_QUALITY_RULES: list[_Rule] = [
    _rule(
        "low",
        r"\brough drafts?\b|\binternal(?:[- ]use)? only\b|\bonly (?:used )?internally\b|\blow[- ]stakes\b|\bjust a starting point\b",
    ),
    _rule(
        "low",
        r"\b(?:mistakes?|errors?) (?:are|is) (?:\w+ )?cheap\b|\bhumans? (?:always |will )?(?:edits?|reviews?|checks?|approves?)\b",
    ),
    _rule(
        "low",
        r"\b(?:they|we|someone|an? \w+) (?:will )?always (?:review|reviews|edit|edits|check|checks|approve|approves)\b",
    ),
    _rule(
        "low",
        r"\bnot (?:\w+ )?critical\b|\b(?:doesn't|does not|don't|do not) (?:need|have) to be perfect\b",
        negatable=False,
    ),
]


def _quality_bar(sentences: list[str]) -> str | None:
    # The costliest statement wins: "internal only, but it must be accurate" is a high bar.
    for rules in (_HIGH_QUALITY_RULES, _MEDIUM_QUALITY_RULES, _LOW_QUALITY_RULES):
        if _found(rules, sentences):
            return str(rules[0].value)
    return None


# The people outside the organisation an output can reach, named the way each trade names them.
_AUDIENCE = (
    r"(?:customers|clients|the public|end[- ]users|shoppers|patients|visitors|citizens|passengers|travell?ers"
    r"|(?:vessel|ship|boat|home|house|property|apartment|pet|car|vehicle) owners"
    r"|fans|claimants|applicants|policyholders|subscribers|guests|tenants|residents|donors|members of the public|families"
    r"|parents|students|pupils|players|athletes|tourists|pilgrims|stallholders|exhibitors|learners|taxpayers|consumers|callers"
    r"|(?:dog|cat|horse) owners|pregnant women|burgers?|klanten|bezoekers|ouders|kunden|b\u00fcrger)"
)
_NOT_CUSTOMER_FACING: list[_Rule] = [
    # "internal only" is about who sees the output; an "internal tool" may still write for customers.
    _rule(
        False,
        r"\binternal(?:[- ]use)? only\b|\bnot (?:\w+ )?customer[- ]facing\b|\bno(?:thing)? (?:is )?(?:customer|public)[- ]facing\b",
        negatable=False,
    ),
    # "nothing goes to customers directly": said of the output, so not customer-facing.
    _rule(
        False,
        rf"\bnothing (?:\w+ )?(?:goes|is sent|gets sent) (?:out )?(?:straight |directly )?to (?:the |our )?{_AUDIENCE}\b",
        negatable=False,
    ),
    # Who reads the output: internal people, or the team's own staff rather than the customers.
    _rule(
        False,
        r"\binternal (?:users|staff|employees|colleagues|audience|teams?)\b|\binternal (?:[\w-]+ )?(?:helper|brainstorm\w*)\b"
        r"|\b(?:for|by) our own (?:agents|staff|employees|people|colleagues|team)\b",
        negatable=False,
    ),
    _rule(False, rf"\bnot (?:for |to )?(?:the )?{_AUDIENCE} directly\b", negatable=False),
    _rule(
        False,
        r"\b(?:nobody|no one|no-one) outside (?:\w+ ){0,2}(?:sees|reads|uses|gets)\b|\binternal (?:experiment|pilot|prototype|trial)\b"
        r"|\bno (?:customers|clients|guests|patients|members of the public) involved\b|^\W*internal\b"
        r"|\b(?:it'?s |all |only |purely |strictly )internal\b|\binternal tool\b|\bthe public never sees\b"
        r"|\b(?:doesn'?t|does not|won'?t|will not|never) (?:go|goes|get|gets) (?:out )?to (?:the |our )?(?:customers|clients|public|guests|passengers)\b"
        r"|\b(?:stays|kept|stay) in[- ]house\b|\bin[- ]house only\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\bonly (?:our |the )?(?:[\w-]+ ){0,2}?(?:will )?(?:see|sees|use|uses|read|reads)\b(?! by)",
        negatable=False,
    ),
    _rule(False, rf"\bnever (?:\w+ )?(?:reach|reaches|seen by|go to|goes to) (?:the )?{_AUDIENCE}\b", negatable=False),
    _rule(False, rf"\b{_AUDIENCE} (?:never|won't|will not|don't|do not) (?:\w+ )?see\b", negatable=False),
    # Someone of the team reads every output before it goes anywhere, or the tool is said to be internal in
    # the team's own language.
    _rule(
        False,
        r"\bnothing (?:goes out|gets published|is published|is sent|leaves) (?:without|until|before)\b"
        r"|\b(?:read|reads|check|checks|review|reviews) (?:everything|it all|every (?:[\w-]+ )?(?:draft|answer|output|reply))"
        r"(?: anyway)? before\b|\b(?:customers?|clients?|the public|guests?|users?) never (?:sees?|talks? to) (?:it|the (?:model|bot|tool))\b"
        r"|\bnobody external\b|\bintern dus\b|\brein intern\b|\binterne? (?:nutzung|gebruik)\b|\binternal auditors\b"
        r"|\b(?:only )?for our (?:own )?(?:\d+ )?(?:[\w-]+ )?(?:staff|team|colleagues|office)\b(?! and (?:the |our )?(?:customers|clients|public))"
        r"|\bit drafts?,? (?:and )?(?:they|the [\w-]+|our [\w-]+) (?:send|sends|sign|signs|check|checks|review|reviews|decide|decides)\b",
        negatable=False,
    ),
]
_CUSTOMER_FACING: list[_Rule] = [
    _rule(
        True,
        r"\bcustomer[- ]facing\b|\bpublic[- ]facing\b|\bend[- ]users\b|\bon (?:our|the) (?:public )?website\b"
        r"|\b(?:live|published|goes out) on (?:the|our) (?:site|website|app)\b"
        r"|\bposted on (?:the|our) public\b|\bon (?:the|our) public (?:page|site|website|app)\b|\bread the output themselves\b"
        r"|\bgo(?:es)? straight to (?:our |the )?(?:members|users|readers)\b"
        r"|\b(?:website|web ?site|web) (?:chat|visitors)\b",
    ),
    # The output goes straight to people outside the team, or is published, in whatever words.
    _rule(
        True,
        r"\b(?:goes|go|gets sent|is sent|sent|delivered|shown) (?:straight|directly|direct) (?:out )?to (?:the |a |every )?"
        r"(?!(?:our|staff|team|agents?|colleagues?|employees|engineers|analysts|planners|checkers|reviewers|editors|desk|office"
        r"|managers?|inbox|crm|system|database)\b)[\w-]+"
        r"|\b(?:rechtstreeks|direct) naar (?:de )?\w+|\bde klant krijgt\b|\bc'est public\b|\bdirekt an (?:die |den )?\w+"
        r"|\b(?:get|gets|are|is) published\b(?! (?:internally|on the intranet))|\bwhats ?app (?:assistant|bot)\b",
    ),
    _rule(
        True,
        rf"\b{_AUDIENCE} (?:\w+ ){{0,3}}(?:see|sees|read|reads|receive|receives|get|gets|chat with|talk to|interact with"
        r"|opens?|uses|ask|asks|book|books)\b",
    ),
    _rule(True, rf"\b{_AUDIENCE} (?:can|will|could|should be able to) (?:\w+ )?(?:ask|use|chat|talk|query|interact)\b"),
    _rule(
        True,
        rf"\b(?:reach|reaches|reaching|sent to|send to|sends to|shown to|show to|goes? (?:straight |directly )?to|visible to|published (?:to|for)|emailed to|for|to) (?:the |our )?(?:[\w-]+ )?{_AUDIENCE}\b",
    ),
]


def _customer_facing(sentences: list[str]) -> bool | None:
    if _found(_NOT_CUSTOMER_FACING, sentences):
        return False
    return True if _found(_CUSTOMER_FACING, sentences) else None


def both_ways(text: str) -> set[str]:
    """Yes/no slots the message answers both ways ("names and bank details … anonymised material"):
    the "no" reading wins in `extract_slots`, but the team should pick."""
    sentences = _sentences(text)
    pairs = {
        "customer_facing": (_CUSTOMER_FACING, _NOT_CUSTOMER_FACING),
        "personal_data": (_PERSONAL_YES, _PERSONAL_NO),
    }
    return {slot for slot, (yes, no) in pairs.items() if _found(yes, sentences) and _found(no, sentences)}


def _yes_no(yes: list[_Rule], no: list[_Rule], sentences: list[str]) -> bool | None:
    """False when an explicit "no" rule hits, else True when a "yes" rule hits, else unknown."""
    if _found(no, sentences):
        return False
    return True if _found(yes, sentences) else None


_CITATIONS_YES: list[_Rule] = [
    _rule(
        True,
        r"\blinks? (?:back )?to (?:the )?(?:\w+ )?(?:pages?|sources?|documents?|docs|articles?|policies|sections?)\b"
        r"|\blink (?:the )?(?:\w+ )?(?:section|page|paragraph|article|clause) it came from\b",
    ),
    _rule(
        True,
        r"\bcit(?:e|es|ed|ing|ation|ations)\b|\bsource links?\b|\bwhere (?:the|each|an) answer (?:came|comes) from\b",
    ),
    _rule(
        True,
        r"\b(?:show|shows|showing|with|include|includes|including|give|gives|list|lists|name|names|link|links|linking|point to|points to|provide|provides) (?:\w+ ){0,2}(?:sources?|references?)\b",
    ),
]
_CITATIONS_NO: list[_Rule] = [
    _rule(
        False,
        r"\bno need (?:for|to) (?:cite|citations|sources|references)\b|\b(?:citations?|sources|references) (?:are|is) not (?:needed|required|necessary)\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:don't|do not|doesn't|does not) need (?:\w+ )?(?:citations|sources|references|to cite)\b",
        negatable=False,
    ),
    # "no citations needed", "citations no", "drop the citations requirement".
    _rule(
        False,
        r"\bno (?:citations?|sources|references)(?: (?:needed|required|necessary))?\b|\b(?:citations?|sources|references):? (?:no|not needed)\b"
        r"|\b(?:drop|skip|forget|scrap) (?:the )?(?:citations?|sources|references)\b",
        negatable=False,
    ),
]
_ARITHMETIC_YES: list[_Rule] = [
    _rule(
        True,
        r"\bcalculat\w*|\barithmetic\b|\bmath(?:s|ematics|ematical)?\b|\btotals\b|\b(?:the|running|invoice|order|grand) totals?\b",
    ),
    _rule(True, r"\bexact (?:numbers|figures|amounts|totals|sums|values)\b|\badd(?:s|ing)? up\b"),
    _rule(
        True,
        r"\b(?:numbers|figures|totals|amounts|sums) (?:must|need to|have to|should) be (?:exact|correct|right|accurate)\b",
    ),
    _rule(
        True,
        r"\bcomput(?:e|es|ing) (?:the )?(?:\w+ )?(?:totals?|sums?|averages?|figures|amounts|prices|tax|taxes|interest|ratios?|percentages?)\b",
    ),
]
_ARITHMETIC_NO: list[_Rule] = [
    _rule(False, r"\bno (?:maths?|arithmetic|calculations?|numbers)\b", negatable=False),
    _rule(
        False,
        r"\b(?:don't|do not|doesn't|does not|won't) (?:need|involve|require) (?:any )?(?:maths?|arithmetic|calculations?)\b",
        negatable=False,
    ),
]
_PERSONAL_YES: list[_Rule] = [
    _rule(
        True,
        r"\bpersonal (?:data|information|details)\b|\bpii\b|\bpatient (?:records|data|notes|information|files)\b|\bcustomer (?:data|records|details|information)\b",
    ),
    _rule(
        True,
        r"\bgdpr\b|\bhipaa\b|\bsensitive (?:personal )?data\b|\b(?:health|medical|employee) records\b|\bnames and addresses\b|\bsocial security\b|\bcredit cards?\b",
    ),
    # Data about people by its kind: tax returns, salaries, sexual orientation, names to strip out.
    _rule(
        True,
        r"\btax (?:data|returns?|records)\b|\bsalar(?:y|ies) data\b|\bpayroll\b|\bsexual orientation\b|\breligio\w* belief"
        r"|\b(?:member|user|client|patient|student|employee) profiles\b|\bstrip (?:out )?the names\b|\bnames? (?:stripped|removed|taken) out\b",
    ),
    # Details that identify a person, or data about the people the organisation serves.
    _rule(
        True,
        r"\bbank (?:details|accounts?(?: numbers)?)\b|\b(?:home |postal )?addresses\b|\bphone numbers\b|\bdates? of birth\b"
        r"|\bpassport (?:numbers|scans|details)\b|\bibans?\b|\b(?:member|members'|citizen|tenant|donor|student|employee) data\b",
    ),
    # Data about the people an organisation deals with, named by who they are ("farmer names", "debtor data",
    # "children's photos"), by what identifies them ("names + NIF numbers") or in another language.
    _rule(
        True,
        r"\b(?:person|people|customer|client|patient|farmer|member|worker|employee|student|child|children|kid|parent|debtor"
        r"|tenant|citizen|guest|passenger|donor|caller|applicant|resident|pupil|victim|suspect|claimant|borrower|candidate)s?'?s?"
        r"\s+(?:names?|data|details|info|information|records|photos|files|addresses|notes|ids?|id numbers|health data)\b"
        r"|\bnames?\s*(?:\+|and|&)\s*(?:addresses|dates? of birth|photos|phone numbers|id numbers|nif|bsn|ssn|national insurance)\b"
        r"|\b(?:diagnos[ie]s|medical (?:info|information|history|details)|health (?:info|information|data))\b"
        r"|\b(?:kundendaten|personenbezogene\w*|persoonsgegevens|klantgegevens|pati\u00ebntgegevens|datos personales"
        r"|donn\u00e9es personnelles|dati personali)\b",
    ),
]
_PERSONAL_NO: list[_Rule] = [
    _rule(
        False,
        r"\bno (?:personal data|personal information|pii|customer data|sensitive data)\b|\b(?:anonymi[sz]ed|pseudonymi[sz]ed|de-identified)\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:that'?s|it'?s|is) not personal data\b|\b(?:all|only|just) public (?:info|information|data)\b|\bpublicly available\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:doesn't|does not|don't|do not|won't) (?:contain|include|involve|have|hold) (?:any )?(?:personal|pii|sensitive)\b",
        negatable=False,
    ),
]


# --------------------------------------------------------------------------- latency and volume

_SECONDS_PER_UNIT: dict[str, float] = {
    "ms": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "hour": 3600,
    "hours": 3600,
    "hr": 3600,
    "hrs": 3600,
}
_TIME_UNIT = r"(?P<u>ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|hours?|hrs?)\b"
_LATENCY_TARGETS = [
    re.compile(p, _I)
    for p in (
        rf"\b(?:within|under|in|below|less than|at most|no more than|faster than|max(?:imum)?(?: of)?|inside|<|<=)\s*"
        rf"(?:about |around |roughly |~)?(?P<n>{_NUMBER}|an?)\s*-?\s*{_TIME_UNIT}",
        rf"(?P<n>{_NUMBER})\s*-?\s*(?P<u>ms|milliseconds?|s|secs?|seconds?)\s+(?:latency|response|reply|answers?|turnaround)\b",
        rf"\b(?:latency|response times?|turnaround)\s+(?:of|under|below|<|is|should be|must be|target(?: of)?)?\s*"
        rf"(?:under |below |less than |about |around )?(?P<n>{_NUMBER})\s*{_TIME_UNIT}",
    )
]
_LATENCY_RULES: list[_Rule] = [
    _rule(
        "realtime",
        r"\breal[- ]?time\b|\binstant(?:ly|aneous(?:ly)?)?\b|\bas (?:the )?(?:user|customer|agent|they) types?\b|\bsub-second\b",
    ),
    _rule(
        "interactive",
        r"\binteractive(?:ly)?\b|\bwhile (?:the )?(?:customer|user|agent|caller|they) (?:waits?|is waiting|are waiting)\b|\bquick (?:answers|responses|replies)\b",
    ),
    _rule(
        "batch",
        r"\bovernight\b|\bnightly\b|\bbatch(?:es|ed)?\b|\bonce a (?:day|night|week)\b|\bend of (?:the )?day\b|\bno rush\b|\bnext (?:business )?day\b",
    ),
    _rule(
        "batch",
        r"\blatency (?:doesn't|does not|isn't|is not) (?:matter|important|critical|a concern)\b|\bnot time[- ]sensitive\b|\bin bulk\b",
        negatable=False,
    ),
]


def _latency_seconds(sentences: list[str]) -> float | None:
    for sentence in sentences:
        for pattern in _LATENCY_TARGETS:
            for match in pattern.finditer(sentence):
                amount = 1.0 if match["n"].lower() in ("a", "an") else parse_number(match["n"])
                if amount:
                    return round(amount * _SECONDS_PER_UNIT[match["u"].lower()], 3)
    return None


def _latency(seconds: float | None, sentences: list[str]) -> str | None:
    if seconds is not None:
        return "realtime" if seconds <= 1 else "interactive" if seconds < 60 else "batch"
    # "The wiki changes in real time" is about the documents, not response time.
    _, not_about_documents = _split_change_clauses(sentences, short_answer=False)
    found = _found(_LATENCY_RULES, not_about_documents)
    return str(found[0]) if found else None


_PER_DAY: dict[str, float] = {
    "second": 86_400,
    "sec": 86_400,
    "minute": 1_440,
    "min": 1_440,
    "hour": 24,
    "day": 1,
    "night": 1,
    "week": 1 / 7,
    "month": 1 / 30,
    "year": 1 / 365,
    "nightly": 1,
    "hourly": 24,
    "daily": 1,
    "weekly": 1 / 7,
    "monthly": 1 / 30,
    "yearly": 1 / 365,
    "annual": 1 / 365,
}
# Things that arrive and each need a model call. "Users" are deliberately absent: 100 users is not a volume.
_VOLUME_NOUN = (
    r"(?:requests?|queries|questions|calls|emails|tickets|messages|documents|docs|conversations|chats|transcripts"
    r"|articles|posts|pages|summaries|reports|contracts|invoices|forms|claims|cases|applications|searches|lookups|translations|interactions|sessions|prompts)"
)
_PERIOD = r"(?P<p>second|sec|minute|min|hour|day|night|week|month|year)\b"
_VOLUME_PATTERNS = [
    re.compile(p, _I)
    for p in (
        rf"(?P<n>{_NUMBER})\s+(?:[\w-]+\s+){{0,2}}?{_VOLUME_NOUN}\s+(?:(?:a|an|per|each|every)\s+|/\s*){_PERIOD}",
        rf"(?P<n>{_NUMBER})\s+(?P<p>hourly|daily|weekly|monthly|yearly|annual)\s+(?:[\w-]+\s+)?{_VOLUME_NOUN}\b",
        rf"(?P<n>{_NUMBER})\s+(?:[\w-]+\s+)?{_VOLUME_NOUN}\s+(?P<p>hourly|daily|weekly|monthly|yearly|nightly)\b",
        rf"{_VOLUME_NOUN}\s+(?:(?:a|an|per|each|every)\s+|/\s*){_PERIOD}\s*(?::|of|is|are|=)?\s*(?:about |around |roughly |~)?(?P<n>{_NUMBER})",
    )
]
# "about 10,000 a day" names no noun, so it counts only when the sentence is about requests.
_BARE_VOLUME = re.compile(rf"(?P<n>{_NUMBER})\s+(?:(?:a|an|per|each|every)\s+|/\s*){_PERIOD}", _I)
# "50 users, each asking 10 questions a day" gives a rate per person; the total is left to the interview.
_EACH_BEFORE = re.compile(r"\beach\b(?! day| week| month| year)", _I)
_PER_PERSON = re.compile(r"^\s*(?:per|for each|for every) (?:user|person|agent|customer|engineer|employee|head)\b", _I)
_VOLUME_NOUN_RE = re.compile(rf"\b{_VOLUME_NOUN}\b|\bvolume\b|\btraffic\b", _I)


def _requests_per_day(sentences: list[str]) -> int | None:
    for sentence in sentences:
        patterns = list(_VOLUME_PATTERNS)
        if _VOLUME_NOUN_RE.search(sentence):
            patterns.append(_BARE_VOLUME)
        for pattern in patterns:
            for match in pattern.finditer(sentence):
                amount = parse_number(match["n"])
                per_person = _EACH_BEFORE.search(_before(sentence, match.start())) or _PER_PERSON.match(
                    _after(sentence, match.end())
                )
                if amount is None or per_person or _negated(sentence, match.start(), window=2):
                    continue
                return _as_int(amount * _PER_DAY[match["p"].lower()])
    return None


# --------------------------------------------------------------------------- hosting

_PREMISES = r"(?:data ?cent(?:re|er)s?|premises|network|infrastructure|servers?|machines|hardware|vpc|firewall|private cloud|walls|environment|systems)"
_HOSTED_REFUSED: list[_Rule] = [
    _rule(
        False,
        r"\bno (?:public )?cloud\b(?!\s+(?:budget|costs?|experience|skills|account))|\bnothing (?:goes )?(?:in|to|into) the cloud\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\bno (?:external|third[- ]party|cloud|hosted|outside|public) (?:llm |ai |model )?(?:apis?|services?|providers?|models?|llms?)\b",
        negatable=False,
    ),
    _rule(
        False,
        rf"\b(?:must|has to|have to|needs? to|should|will|can only|may only) (?:\w+ ){{0,2}}(?:run|stay|be hosted|live|remain|be deployed|be kept) (?:\w+ ){{0,2}}(?:inside|within|in|on|behind) (?:our |the )?(?:own )?(?:\w+ )?{_PREMISES}\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\bdata (?:must|can ?not|can't|may not|should not|shouldn't|is not allowed to|isn't allowed to|must never|can never|may never) (?:\w+ )?leave\b|\bnever leaves?\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:can't|cannot|can not|must not|may not|mustn't|not allowed to|aren't allowed to|are not allowed to|not permitted to) (?:\w+ ){0,3}(?:send|sent|share|shared|upload|uploaded|transfer|transferred)\b(?:\s+\S+){0,4}?\s+(?:to|with)\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:hosted|cloud|external|third[- ]party|openai|saas)\b(?:\s+\w+){0,2}\s+(?:is|are) (?:not allowed|not permitted|forbidden|prohibited|out of the question|off the table|not an option|not ok|not okay|not fine|banned)\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:can't|cannot|can not|mustn't|must not|may not|not allowed to) use (?:any )?(?:openai|hosted|cloud|external|third[- ]party|saas)\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:not allowed|forbidden|prohibited|banned) (?:to use |from using )?(?:\w+ ){0,2}(?:hosted|cloud|external|openai|third[- ]party)\b|\b(?:isn't|is not|aren't|are not) allowed\b(?=.*\b(?:hosted|cloud|api|openai)\b)",
        negatable=False,
    ),
    # "member data stays in our own environment": kept in-house, said as a fact.
    _rule(
        False,
        r"\b(?:stays?|remains?|is kept|are kept) (?:\w+ ){0,2}(?:in|on|inside|within) (?:our|the company'?s) own\b",
        negatable=False,
    ),
    # Plain place words: "on-prem" counts unless negated ("doesn't need to be on-prem").
    _rule(
        False,
        r"\bon[- ]?prem(?:ise|ises)?\b|\bself[- ]hosted\b|\bhost (?:it |the model |models )?ourselves\b|\bair[- ]?gapped\b",
    ),
    _rule(
        False,
        r"\bprivate cloud only\b|\bonly (?:in )?(?:our )?(?:own )?private cloud\b|\binside our (?:own )?network\b",
    ),
    # "nothing may go to an external API", "nothing goes outside", "we run it ourselves".
    _rule(
        False,
        r"\bnothing (?:may|can|should|must|is allowed to|goes|leaves|gets sent)(?: go)? (?:to |into )?(?:an? |the )?"
        # Not "nothing goes to US clouds": a refusal named by a place is about where, not whether.
        r"(?:external|outside|third[- ]party|hosted|cloud)\b(?! (?:is|are) fine)"
        r"|\bnothing (?:goes|leaves|may leave|can leave) (?:the )?(?:outside|building|house|premises|country|eu)\b"
        r"|\b(?:run|host|keep) (?:it|everything|the model) (?:all )?ourselves\b|\b(?:stays?|remains?) (?:with us|in[- ]house)\b",
        negatable=False,
    ),
    _rule(
        False,
        r"\b(?:own|our own) (?:environment|servers|hardware|data ?cent(?:re|er)|infrastructure)\b(?! (?:is|are) not)"
        r"|\b(?:so )?no hosted\b|\bforbids? (?:sending|sharing|uploading) (?:\w+ ){0,2}(?:out|outside|externally)\b",
    ),
    # Data that does not leave the building, said of any data and in the team's own language.
    _rule(
        False,
        r"\b(?:does ?n[o']?t|doesn'?t|do not|don'?t|can'?t|cannot|may not|must not|mustn'?t|will not|won'?t|never)\s+"
        r"(?:leave|go out(?:side)?(?: of)?|go anywhere|leave) (?:our |the |this )?(?:building|house|premises|servers?|network|walls|office"
        r"|company|organi[sz]ation|systems?|environment|site|country)\b|\bcan'?t go out\b"
        r"|\bmogen nergens\b|\bniet naar (?:een )?externe?\b|\bbleibt (?:alles )?im (?:haus|werk|unternehmen|betrieb)\b"
        r"|\balles bleibt im\b|\bnon (?:deve|devono|può|possono) uscire\b"
        r"|\b(?:stays?|remains?|is kept|are kept) (?:in|inside|within) (?:our|the) (?:building|house|office|premises|walls|network)\b",
        negatable=False,
    ),
]
_HOSTED_ALLOWED: list[_Rule] = [
    _rule(
        True,
        r"\b(?:hosted|cloud|external|third[- ]party|managed|commercial|openai|azure|bedrock|anthropic|gemini|vertex|an api|apis|api)\b(?:\s+[\w-]+){0,3}\s+(?:(?:is|are|would be|might be|could be|may be) (?:totally |perfectly |also |still )?(?:fine|ok|okay|allowed|acceptable|permitted|approved|an option|possible)|would work|works for us|would do)\b",
    ),
    # "so hosted is no problem": the "no" is part of the phrase, not a negation of it.
    _rule(
        True,
        r"\b(?:hosted|hosting|cloud|external|openai|azure|an api|apis|api)\b(?:\s+[\w-]+){0,3}\s+(?:is|are|would be) (?:also |still )?"
        r"(?:no problem|not a problem|no issue|not an issue)\b",
        negatable=False,
    ),
    _rule(
        True,
        r"\b(?:don'?t|do not) have (?:a |any )?(?:problem|issue)s? with (?:the )?(?:cloud|hosted|hosting|apis?|openai)\b",
        negatable=False,
    ),
    _rule(
        True,
        r"\b(?:we )?can use (?:openai|azure|anthropic|claude|gpt|gemini|bedrock|vertex|a hosted|hosted|cloud|external|any hosted|any cloud|an external)\b",
    ),
    _rule(
        True,
        r"\bsaas (?:is|are) (?:fine|ok|okay|allowed)\b|\b(?:sending|send) (?:\w+ ){0,2}to (?:openai|the cloud|a provider|an api) is (?:fine|ok|okay|allowed)\b",
    ),
    _rule(True, r"\bwe (?:already )?use (?:openai|azure openai|anthropic|bedrock|vertex ai)\b"),
    # "just use an api", "send it to whatever API you like".
    _rule(
        True,
        r"\bjust use (?:an? |the )?(?:hosted |external |cloud )?api\b|\bto (?:whatever|any) (?:api|provider|cloud)\b",
    ),
    # Wanting a hosted API outright: "we'd rather just use a hosted API", "hosted API or nothing", "hosted ok".
    _rule(
        True,
        r"\b(?:use|go with|want|prefer|take|just use|rather use) (?:a |an |the )?(?:hosted|cloud|managed|external) (?:api|model|llm|service)s?\b"
        r"|\bhosted (?:api )?or nothing\b|\bhosted (?:api )?(?:ok|okay|fine|allowed)\b|\bapi only\b|\bpay[- ]per[- ](?:call|use|token)\b",
    ),
    # Data that may be sent out: "the public texts may go to a hosted API", "can be sent to an external model".
    _rule(
        True,
        r"\b(?:may|can|could) (?:go|be sent|be uploaded) (?:out )?to (?:a |an |the )?(?:hosted|cloud|external|third[- ]party|commercial) "
        r"(?:api|model|llm|service|provider)s?\b",
    ),
]


def _hosted_allowed(sentences: list[str]) -> bool | None:
    # When a message both refuses and permits, the later statement is the qualification:
    # "we can't use OpenAI, but Azure in our tenant is ok" -> allowed;
    # "hosted is fine for public data, but customer data must stay on-prem" -> not allowed.
    said = [
        ((index, match.start()), bool(rule.value))
        for rules in (_HOSTED_ALLOWED, _HOSTED_REFUSED)
        for rule in rules
        for index, sentence in enumerate(sentences)
        for match in _hits(rule, sentence)
    ]
    return max(said)[1] if said else None


def hosting_is_mixed(text: str) -> bool:
    """Does the message both refuse and permit hosted models? Then the team should pick, not the rules."""
    sentences = _sentences(text)
    return bool(_found(_HOSTED_ALLOWED, sentences)) and bool(_found(_HOSTED_REFUSED, sentences))


# --------------------------------------------------------------------------- budget and hardware

_MONEY = re.compile(
    rf"(?P<cur>[$€£])\s?(?P<n>{_NUMBER})|(?P<n2>{_NUMBER})\s*(?:usd|eur|gbp|dollars|euros|pounds|k€|k\$)\b"
    rf"|(?P<n3>{_NUMBER})\s+budget\b|\bbudget (?:of|is|is about|of about|around|:)\s*(?P<n4>{_NUMBER})",
    _I,
)
_MONTHLY = re.compile(r"^\s*(?:/\s*|per |a |each )month\b|^\s*monthly\b", _I)
_BUDGET_CONTEXT = re.compile(
    r"\bbudget|\bspend|\bfunding|\bfunded|\binvest|\bafford|\ballocat|\bcap\b|\bceiling\b"
    r"|\bwe(?: have|'ve got| got| can use)\s+(?:about |around |roughly |up to )?[$\u20ac\u00a3]",
    _I,
)
_COST_CONTEXT = re.compile(
    r"\bcosts?\b|\blos[es]s?\b|\bfines?\b|\bpenalt|\brevenue|\bsav(?:e|es|ing)\b|\bper (?:ticket|request|query|email|call|error|mistake)\b",
    _I,
)
_BUDGET_RULES: list[_Rule] = [
    _rule(
        "small",
        r"\b(?:tight|small|limited|low|modest|minimal|tiny)\b(?:\s+\w+){0,2}\s+budget\b|\bbudget\b(?:\s+\w+){0,3}\s+(?:tight|small|limited|low|minimal|tiny)\b|\bshoestring\b",
    ),
    _rule("small", r"\bnot (?:much|a lot of) (?:money|budget)\b", negatable=False),
    _rule(
        "large",
        r"\b(?:large|big|generous|substantial|significant|healthy|ample|sizeable)\s+budget\b|\bbudget\b(?:\s+\w+){0,3}\s+(?:large|big|generous|substantial)\b",
    ),
    _rule(
        "large",
        r"\bbudget (?:\w+ ){0,3}in the millions\b|\bmillions\b(?:\s+\w+){0,3}\s+budget\b|\bmoney (?:isn't|is not) (?:an? )?(?:issue|problem|constraint)\b",
        negatable=False,
    ),
    _rule(
        "medium",
        r"\b(?:moderate|medium|reasonable|average|mid-sized|decent)\s+budget\b|\bbudget\b(?:\s+\w+){0,3}\s+(?:moderate|medium|reasonable)\b",
    ),
]


def _budget_from_amount(amount: float) -> str:
    return "small" if amount < 25_000 else "medium" if amount < 250_000 else "large"


def _budget(sentences: list[str], short_answer: bool) -> str | None:
    for sentence in sentences:
        # "$10,000 per mistake" is a cost, not a budget; a bare "$50k." answering the question is one.
        if not (_BUDGET_CONTEXT.search(sentence) or (short_answer and not _COST_CONTEXT.search(sentence))):
            continue
        for match in _MONEY.finditer(sentence):
            phrase = match["n"] or match["n2"] or match["n3"] or match["n4"]
            amount = parse_number(phrase)
            if amount is None or _negated(sentence, match.start(), window=3):
                continue
            if not (match["cur"] or match["n2"]) and amount < 100:
                continue  # "a budget of 2 engineers" is not money
            if _MONTHLY.match(_after(sentence, match.end())):
                amount *= 12
            return _budget_from_amount(amount)
    found = _found(_BUDGET_RULES, sentences)
    return str(found[0]) if found else None


# Cards are often named by model alone: data-centre (A100, H100), workstation (A6000) or consumer (a 3090, a 4060 Ti).
_GPU_NAME = (
    r"(?P<g>gpus?|a100s?|h100s?|h200s?|v100s?|a10g?s?|a[2-6]000s?|l40s?|l4s?|t4s?|rtx ?\d{4}s?"
    r"|(?:geforce ?)?[2-5]0[5-9]0(?: ?ti)?s?|mi300x?s?)\b"
)
_GPU_FILLER = r"(?:\d+\s*gb|nvidia|amd|rtx|single|consumer(?:-grade)?|spare|dedicated|small|big|large|decent|older|old|beefy|modest|local|cloud|good|shared|high-end|low-end|more)"
_GPU_COUNT = re.compile(
    rf"(?P<n>{_NUMBER}|(?<![\w.])an?|(?<![\w.])single)\s*(?:x\s*)?(?:{_GPU_FILLER}\s+){{0,3}}{_GPU_NAME}"
    r"(?!\s+(?:budget|cluster|servers?|nodes?|instances?|hours?|credits|time))",
    _I,
)
_NO_GPU = re.compile(
    r"\bno (?:own |dedicated |in-house )?gpus?\b|\bcpus? only\b|\bcpu[- ]only\b|\bonly (?:have )?cpus\b|\bwithout (?:a |any )?gpus?\b"
    r"|\b(?:don't|do not|doesn't|does not|haven't) have (?:a |any )?gpus?\b|\bno access to (?:a |any )?gpus?\b|\bzero gpus\b",
    _I,
)


def _gpus(sentences: list[str]) -> int | None:
    """The first GPU statement: a count ("8 A100s", "4x H100", "a GPU") or none ("CPU only")."""
    for sentence in sentences:
        mentions: list[tuple[int, int]] = [(m.start(), 0) for m in _NO_GPU.finditer(sentence)]
        for match in _GPU_COUNT.finditer(sentence):
            if _negated(sentence, match.start(), window=3):
                continue
            word = match["n"].lower()
            count = 1 if word in ("a", "an", "single") else parse_number(word)
            if count is not None:
                mentions.append((match.start(), _as_int(count)))
        if mentions:
            return min(mentions)[1]
    return None


# --------------------------------------------------------------------------- timeline and team

_WEEKS_PER_UNIT: dict[str, float] = {"day": 1 / 7, "week": 1, "month": 52 / 12, "quarter": 13, "year": 52}
_DURATION = re.compile(rf"(?P<n>{_NUMBER}|(?<![\w.])an?)\s*-?\s*(?P<u>days?|weeks?|months?|quarters?|years?)\b", _I)
# A duration is a deadline unless it describes data ("3 years of tickets"), a rate ("every 2 weeks") or the past.
_NOT_DEADLINE_AFTER = re.compile(
    r"^(?:'s?)?\s*(?:of|ago|old|worth|back|sprints?|already|so far|now|running|in the past)\b"
    r"|^\s*(?:a|an|per)\s+(?:day|week|month|year)\b",
    _I,
)
_NOT_DEADLINE_BEFORE = re.compile(
    r"\b(?:last|past|previous|every|each|per|once|twice|back|collected over|gathered over|accumulated over|covering|covers|spanning|spans)\s*$"
    # The past: "we've been talking about this for 2 years", "since 3 months", "took us 2 years".
    r"|\bbeen\b[^,.;]{0,40}\bfor\s*$|\b(?:since|took(?: us)?|spent|lasted)\s*$"
    r"|\bsprints? of\s*$"  # the length of a sprint, not of the project
    r"|\b(?:every|each)\s+\d+\s*(?:-|\u2013|to)\s*$",  # "every 1-3 months": a rate
    _I,
)
_A_DURATION_BEFORE = re.compile(
    r"\b(?:in|within|about|around|roughly|take|takes|taking|have|has|got|than|for|next|need|only|just|over"
    r"|assume|say|plan for|count on|call it|make it|give it)\s*$|^\W*$",
    _I,
)


# Sprints count their length: "2 sprints of 2 weeks", "three two-week sprints" (4 and 6 weeks).
_SPRINTS = re.compile(
    rf"(?P<n>{_NUMBER})\s+(?:(?P<len>{_NUMBER})[- ]weeks?\s+)?sprints?(?:\s+of\s+(?P<m>{_NUMBER})\s*-?\s*weeks?)?", _I
)


_AND_A_HALF = re.compile(rf"(?P<n>{_NUMBER}|(?<![\w.])an?)\s+(?P<u>weeks?|months?|years?)\s+and\s+a\s+half\b", _I)


def _timeline_weeks(sentences: list[str]) -> int | None:
    for sentence in sentences:
        half = _AND_A_HALF.search(sentence)
        if (
            half is not None
            and not _NOT_DEADLINE_BEFORE.search(_before(sentence, half.start()))
            and not _NOT_DEADLINE_AFTER.match(_after(sentence, half.end()))
        ):
            # "a year and a half", "2 months and a half"
            whole = 1 if half["n"].lower() in ("a", "an") else parse_number(half["n"])
            if whole:
                return _as_int((whole + 0.5) * _WEEKS_PER_UNIT[half["u"].lower().rstrip("s")])
        for sprint in _SPRINTS.finditer(sentence):
            count, length = parse_number(sprint["n"]), parse_number(sprint["len"] or sprint["m"] or "")
            before = _before(sentence, sprint.start())
            if re.search(r"(?:-|–|\bto|\bor)\s*$", before):
                continue  # "2 to 3 sprints of two weeks": a range, read with the other ranges
            if count and length and not _NOT_DEADLINE_BEFORE.search(before):
                return _as_int(count * length)
        for match in _DURATION.finditer(sentence):
            before, after = _before(sentence, match.start()), _after(sentence, match.end())
            if _NOT_DEADLINE_AFTER.match(after) or _NOT_DEADLINE_BEFORE.search(before):
                continue
            if re.match(r"\s+and\s+a\s+half\b", after, _I):
                continue  # "a year and a half of logs": read above, or not a timeline at all
            word = match["n"].lower()
            if word in ("a", "an"):
                # "a quarter" only as a span of time ("in a quarter"), not "once a week".
                if not _A_DURATION_BEFORE.search(before):
                    continue
                amount: float | None = 1
            else:
                amount = parse_number(word)
            if not amount:
                continue
            unit = match["u"].lower().rstrip("s")
            return max(1, math.ceil(amount / 7) if unit == "day" else _as_int(amount * _WEEKS_PER_UNIT[unit]))
    return None


_TEAM_EXPLICIT = [
    re.compile(p, _I)
    for p in (
        rf"\ba team of (?:only |just )?(?P<n>{_NUMBER})",
        rf"(?P<n>{_NUMBER})\s*-?\s*(?:person|people|member|strong|engineer|developer|man)\s*-?\s*team\b",
        rf"\bteam (?:is|of|has) (?:actually |now |really |currently |still )?(?:only |just )?(?P<n>{_NUMBER})\b(?!\s*(?:weeks|months|years|%|percent))",
        rf"\bthere (?:are|will be) (?:only |just )?(?P<n>{_NUMBER}) of us\b|\b(?:the|just the|only the) (?P<n2>{_NUMBER}) of us\b",
        rf"(?P<n>{_NUMBER}) (?:people|persons|of us) (?:on|in|working on) (?:the|our|this) (?:team|project)\b",
        rf"(?<![\w.])(?P<n>{_NUMBER}) on the team\b|\bteam:\s*(?P<n2>{_NUMBER})\b(?!\s*[\w-])",
    )
]
_TEAM_OF_ONE = re.compile(
    r"\bjust me\b(?!\s*(?:and|\+|&|plus|,|with)\b)|\bonly me\b(?!\s*(?:and|\+|&|plus|,|with)\b)|\bjust myself\b|\bon my own\b|\bsolo\b|\bi(?: am|'m) the only\b|\bone-person\b",
    _I,
)
_ROLE_COUNT = re.compile(
    rf"(?P<n>{_NUMBER}|(?<![\w.])an?)\s+(?:[\w-]+\s+){{0,2}}?(?:engineers?|developers?|devs|data scientists?|scientists?|researchers?"
    rf"|analysts?|designers?|product managers?|contractors?|interns?)\b"
    r"(?!\s+(?:who |that )?(?:use|uses|will use|ask|asks|want|wants|need|needs|read|reads)\b)",
    _I,
)
_TEAM_CONTEXT = re.compile(
    r"\b(?:we have|we've got|we are|we're|team|staff|dedicated|available|working on|assigned|headcount|full[- ]time|part[- ]time|spare|spend|plus|us)\b",
    _I,
)


# Who counts as a person on the team when people are listed by role: "2 backend devs, a product owner and me".
_PERSON = (
    r"(?:devs?|developers?|engineers?|data scientists?|scientists?|researchers?|analysts?|designers?"
    r"|product owners?|product managers?|project managers?|owners?|pos?|pms?|testers?|qa(?: engineers?)?"
    r"|architects?|contractors?|interns?|leads?|consultants?|specialists?|people|persons|folks|freelancers?"
    r"|colleagues?|co-?workers?|volunteers?|coordinators?|managers?|officers?|assistants?|students?)"
)
_PERSON_COUNT = re.compile(
    rf"(?P<n>{_NUMBER}|(?<![\w.])an?|(?<![\w.])my|(?<![\w.])one)\s+(?:[\w-]+\s+){{0,2}}?{_PERSON}\b"
    r"(?!\s+(?:who |that )?(?:use|uses|will use|ask|asks|want|wants|need|needs|read|reads)\b)",
    _I,
)
_AND_ME = re.compile(r"(?:\+|&|\band|\bplus|,)\s*(?:me|myself)\b|\b(?:me|myself)\s*(?:\+|&|and\b|plus\b)|\band I\b", _I)
_NO_PERSON = re.compile(r"\b(?:no|zero|without|not (?:a|any))\s+$", _I)


def people_named(text: str) -> int | None:
    """People counted where a team is listed by role, the speaker included ("2 data engineers + me" is 3).

    A role preceded by a denial ("no ML engineers") is not counted. None when nobody is counted.
    """
    if _ME_AND_NAME.search(text) and not _PERSON_COUNT.search(text):
        return 2
    total = 0
    for match in _PERSON_COUNT.finditer(text):
        if _NO_PERSON.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        word = match["n"].lower()
        total += 1 if word in ("a", "an", "my", "one") else _as_int(parse_number(word) or 0)
    if total and _AND_ME.search(text):
        total += 1
    return total if 0 < total <= 100 else None


_OF_US = re.compile(rf"\b(?:{_NUMBER}) of us\b|\b(?:{_NUMBER}) on the team\b|\bteam:\s*(?:{_NUMBER})\b(?!\s*\w)", _I)
# "me and Yusuf": the speaker and one named colleague.
_ME_AND_NAME = re.compile(r"\b(?:me|myself) (?:and|\+|&) (?-i:[A-Z][a-z]+)\b(?!\s+(?:and|\+|&))", _I)


# A team written out after its label: "team: 2 devs + ik", "core team: PO, 2 developers, 1 data engineer",
# "team: Sanne, Ali and the external guy", "équipe de 5", "vier Leute", "siamo in due".
_FOREIGN_COUNT = {
    **dict.fromkeys(("deux", "twee", "zwei", "dos", "duas", "due"), 2),
    **dict.fromkeys(("trois", "drie", "drei", "tres", "tr\u00eas", "tre"), 3),
    **dict.fromkeys(("quatre", "vier", "cuatro", "quatro", "quattro"), 4),
    **dict.fromkeys(("cinq", "vijf", "f\u00fcnf", "cinco", "cinque"), 5),
}
_COUNT_WORD = rf"(?:{_NUMBER}|{'|'.join(_FOREIGN_COUNT)})"
_TEAM_LABEL = re.compile(
    r"\b(?:(?:core |project |the )?team|[\u00e9e]quipe|equipa|teams?)\s*(?::|=|is|van|de|of|\s(?=\d))\s*"
    r"|\bwe(?:'re| are)\s+(?=\d|" + "|".join(_FOREIGN_COUNT) + r"\b)|\bsiamo in\s+",
    _I,
)
_TEAM_PART_SPLIT = re.compile(r",|\+|&|\band\b|\bplus\b|\ben\b|\bund\b|\bet\b|\by\b|\be\b|\bincl\.?|\bincluding\b", _I)
_HEADCOUNT = re.compile(rf"^\s*(?P<n>{_COUNT_WORD})(?:\s*(?:-|to)\s*(?P<m>{_COUNT_WORD}))?\s*(?P<rest>.*)$", _I)
_PEOPLE_WORDS = re.compile(
    r"^(?:people|persons?|leute|personen|mensen|pessoas|persone|of us|fte|heads?)?\W*(?:(?:incl|including)\b.*)?$", _I
)
# Who a listed part can be: the speaker, a name, or a role.
_PERSON_PART = re.compile(
    r"^(?:me|myself|i|ik|moi|ich|yo|io)$|^(?-i:[A-Z][a-z\u00e0-\u00ff]+)$"
    r"|\b(?:devs?|developers?|engineers?|scientists?|analysts?|po|pm|leads?|managers?|owners?|interns?|trainees?|students?"
    r"|designers?|testers?|externals?|freelancers?|consultants?|guys?|persons?|people|colleagues?|linguists?|experts?"
    r"|ontwikkelaars?|entwickler\w*|d\u00e9veloppeu\w*|cheffe|chef|someone|half|architects?|specialists?|researchers?"
    r"|officers?|coordinators?|admins?|ops|it|ml|data|product|project|backend|frontend)\b",
    _I,
)


def _count_of(word: str) -> float | None:
    return _FOREIGN_COUNT.get(word.lower()) or parse_number(word)


def team_listed(text: str) -> int | list[int] | None:
    """The size of a team written out after its label, or None when no team is written out."""
    match = _TEAM_LABEL.search(text)
    if match is None:
        return None
    segment = re.split(
        r"[.;(\n]|\bsteering\b|\bboard\b|\bdepending\b|\bwho\b", text[match.end() :], maxsplit=1, flags=_I
    )[0]
    whole = _HEADCOUNT.match(segment.split(",")[0])  # "team is 3, two people left": the count said first
    if whole is not None and _PEOPLE_WORDS.match(whole["rest"]):
        lo, hi = _count_of(whole["n"]), _count_of(whole["m"]) if whole["m"] else None
        if lo is None:
            return None
        return [int(lo), int(hi)] if hi and hi > lo else int(lo)
    total = 0
    for part in _TEAM_PART_SPLIT.split(segment):
        words = re.findall(r"[\w\u00c0-\u024f'-]+", part)
        if not words:
            continue
        head = _HEADCOUNT.match(part)
        if head is not None:
            value = _count_of(head["n"])
            total += int(value) if value else 0
        elif len(words) <= 4 and _PERSON_PART.search(" ".join(words)):
            total += 1  # a role, a name or "me": one person
        else:
            return None  # not a list of people ("the team is great and motivated")
    return total if 1 <= total <= 50 else None


def team_stated(text: str) -> bool:
    """Is the team's size said outright ("a team of 4", "three of us", "me plus one analyst") rather than
    added up from several roles?"""
    if _TEAM_OF_ONE.search(text) is not None or _OF_US.search(text) or any(p.search(text) for p in _TEAM_EXPLICIT):
        return True
    return one_role_and_me(text) or bool(_ME_AND_NAME.search(text))


def one_role_and_me(text: str) -> bool:
    """ "me plus one analyst", "2 data engineers + me": one group and the speaker, nothing to add up."""
    return _AND_ME.search(text) is not None and len(list(_PERSON_COUNT.finditer(text))) == 1


def _team_size(sentences: list[str]) -> int | None:
    for sentence in sentences:
        for pattern in _TEAM_EXPLICIT:
            for match in pattern.finditer(sentence):
                phrase = next(group for group in match.groups() if group)
                value = parse_number(phrase)
                if value:
                    return _as_int(value)
        if _TEAM_OF_ONE.search(sentence):
            return 1
    # Otherwise add up the people counted in sentences about the team: "2 ML engineers and a designer".
    total = 0
    for sentence in sentences:
        if not _TEAM_CONTEXT.search(sentence):
            continue
        for match in _ROLE_COUNT.finditer(sentence):
            word = match["n"].lower()
            total += 1 if word in ("a", "an") else _as_int(parse_number(word) or 0)
    return total if 0 < total <= 100 else None


# --------------------------------------------------------------------------- users

_USER_GROUPS: list[tuple[str, str]] = [
    (
        "support agents",
        r"(?:support|service|helpdesk|help desk|call[- ]cent(?:re|er)|contact[- ]cent(?:re|er)|customer service|customer support)\s+(?:agents|staff|reps|representatives|teams?)",
    ),
    ("marketing team", r"marketing(?:\s+(?:team|department|staff|people|managers|colleagues))?|marketers"),
    ("sales team", r"sales\s+(?:team|reps|representatives|people|staff)|salespeople"),
    ("engineers", r"(?:[\w-]+\s+)?engineers|developers|devs|sres"),
    ("lawyers", r"lawyers|attorneys|paralegals|legal team|solicitors"),
    ("clinicians", r"clinicians|doctors|nurses|radiologists|physicians|clinical staff"),
    ("analysts", r"(?:[\w-]+\s+)?analysts"),
    ("customers", r"customers|clients|shoppers|the public|visitors"),
    ("employees", r"employees|staff|colleagues|workers"),
    ("students", r"students|learners"),
    ("teachers", r"teachers"),
    ("recruiters", r"recruiters|hr team|hiring managers"),
    ("researchers", r"researchers|scientists"),
    ("editors", r"editors|writers|journalists"),
    ("patients", r"patients"),
]
_WANT = r"(?:want|wants|need|needs|would like|will use|use|ask|asks|spend|can|could|should|are asking|have to|must)"
_USER_CONTEXTS = (
    r"\bfor (?:our |the |all |all our |internal |use by )?(?:own )?(?:{g})\b",
    r"\b(?:our|the) (?:{g})\s+" + _WANT + r"\b",
    r"\b(?:used|read|consumed) by (?:our |the )?(?:{g})\b",
    r"^(?:{g})\s+" + _WANT + r"\b",
    r"\b(?:help|helps|helping|assist|assists|support|supports) (?:our |the )?(?:{g})\b",
    r"\b(?:users|audience) (?:are|is|will be) (?:our |the )?(?:{g})\b",
)
_USER_RULES: list[tuple[str, re.Pattern[str]]] = [
    (label, re.compile(context.format(g=group), _I)) for label, group in _USER_GROUPS for context in _USER_CONTEXTS
]


def _users(sentences: list[str]) -> str | None:
    """The first group named as the people who use the tool."""
    best: tuple[int, int, int, str] | None = None
    for index, sentence in enumerate(sentences):
        for order, (label, pattern) in enumerate(_USER_RULES):
            match = pattern.search(sentence)
            if match and not _negated(sentence, match.start(), window=3):
                key = (index, match.start(), order, label)
                best = key if best is None or key < best else best
        if best is not None:
            return best[3]
    return None


# --------------------------------------------------------------------------- assembly


def extract_slots(text: str) -> ScopeUpdate:
    """Every Scope slot the text fills with confidence, and one note per slot for people.

    `use_case` is never set here: the interview takes it from the first answer.
    """
    sentences = _sentences(text)
    if not sentences:
        return ScopeUpdate()
    # A one-line answer may leave out what it is about ("It changes every week.", "$50k").
    short_answer = len(" ".join(sentences)) <= 100 and len(sentences) <= 2

    values: dict[str, object] = {}
    values["users"] = _users(sentences)
    values["tasks"] = _tasks(sentences) or None
    values["labelled_examples"] = _labelled_examples(sentences)
    values["has_documents"] = _has_documents(sentences)
    values["documents_change"] = _documents_change(sentences, short_answer)
    values["corpus_size"] = _corpus_size(sentences)
    domain = _domain(sentences)
    if domain is not None:
        values["domain"] = domain.label
        values["specialised_domain"] = domain.specialised
    languages = _languages(sentences)
    if languages:
        values["languages"] = languages
        values["rare_language"] = any(name.lower() in _RARE for name in languages)
    values["quality_bar"] = _quality_bar(sentences)
    values["customer_facing"] = _customer_facing(sentences)
    values["needs_citations"] = _yes_no(_CITATIONS_YES, _CITATIONS_NO, sentences)
    values["needs_arithmetic"] = _yes_no(_ARITHMETIC_YES, _ARITHMETIC_NO, sentences)
    values["personal_data"] = _yes_no(_PERSONAL_YES, _PERSONAL_NO, sentences)
    seconds = _latency_seconds(sentences)
    values["latency"] = _latency(seconds, sentences)
    values["latency_seconds"] = seconds
    values["requests_per_day"] = _requests_per_day(sentences)
    values["hosted_allowed"] = _hosted_allowed(sentences)
    values["budget"] = _budget(sentences, short_answer)
    values["gpus"] = _gpus(sentences)
    values["timeline_weeks"] = _timeline_weeks(sentences)
    values["team_size"] = _team_size(sentences)

    # Keep Scope's field order, drop unknowns and anything Scope would reject.
    order = list(Scope.model_fields)
    kept = {key: values[key] for key in sorted(values, key=order.index) if values[key] is not None}
    kept = {key: value for key, value in kept.items() if _valid(key, value)}
    notes = [_note(key, value) for key, value in kept.items()]
    if "languages" not in kept and any(_MULTILINGUAL.search(s) for s in sentences):
        notes.append("Languages: several (not named yet)")
    return ScopeUpdate(values=kept, notes=notes, replace_lists=is_correction(text))


def _valid(key: str, value: object) -> bool:
    try:
        Scope.model_validate({key: value})
    except ValueError:
        return False
    return True


_NOTE_LABELS: dict[str, str] = {
    "users": "Users",
    "tasks": "Tasks",
    "labelled_examples": "Labelled examples",
    "has_documents": "Reference documents",
    "documents_change": "Documents change",
    "corpus_size": "Corpus size",
    "domain": "Domain",
    "specialised_domain": "Specialised domain",
    "languages": "Languages",
    "rare_language": "Rare language",
    "quality_bar": "Quality bar",
    "customer_facing": "Customer-facing",
    "needs_citations": "Needs citations",
    "needs_arithmetic": "Needs arithmetic",
    "personal_data": "Personal data",
    "latency": "Latency",
    "latency_seconds": "Latency target",
    "requests_per_day": "Requests per day",
    "hosted_allowed": "Hosted API allowed",
    "budget": "Budget",
    "gpus": "GPUs",
    "timeline_weeks": "Timeline",
    "team_size": "Team size",
    "long_horizon": "Long-term horizon",
    "vulnerable_users": "Vulnerable users",
    "start_date": "Start date",
    "deadline": "Deadline",
}


def _note(key: str, value: object) -> str:
    """One line for people, e.g. "Labelled examples: 50,000" or "Hosted API allowed: no"."""
    if isinstance(value, bool):
        shown = "yes" if value else "no"
    elif key == "tasks" and isinstance(value, list):
        shown = ", ".join(TASK_LABELS[task] for task in value)
    elif isinstance(value, list):
        shown = ", ".join(str(item) for item in value)
    elif key == "labelled_examples" and value == 0:
        shown = "none"
    elif key == "latency_seconds" and isinstance(value, float):
        shown = f"{value * 1000:g} ms" if value < 1 else f"{value:g} s"
    elif key == "timeline_weeks":
        shown = f"{value} week" + ("" if value == 1 else "s")
    elif key in ("start_date", "deadline") and isinstance(value, date | str):
        day = date.fromisoformat(value) if isinstance(value, str) else value
        shown = f"{day:%a %d %b %Y}"
    elif isinstance(value, int):
        shown = f"{value:,}"
    else:
        shown = str(value).replace("_", " ")
    return f"{_NOTE_LABELS[key]}: {shown}"
