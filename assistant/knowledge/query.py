"""Reading a question before search: language, Dutch → English, typos, acronyms, follow-ups, parts.

Everything here is checked against the knowledge base's own words: a misspelling is
corrected only to a word the documents use, and only acronyms the documents define
("low-rank adaptation (LoRA)") are expanded. The Dutch glossary and the language
markers are data (languages.yaml), not code.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

import snowballstemmer
import yaml
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract
from spellchecker import SpellChecker

from assistant.knowledge.store import _STOPWORDS, keyword_terms

_DATA = Path(__file__).with_name("languages.yaml")
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’-]*")
_TOKEN = re.compile(r"[a-z0-9]+")
# A word the documents use fewer times than this names a topic ("quantization"), not a frame ("examples").
RARE_COUNT = 40
# Words that small to mistype are as likely another word entirely.
MIN_CORRECTABLE = 4
# A word pair the documents use at least this often is a phrase of theirs ("use case").
PAIR_COUNT = 3
# Question words that start a follow-up which leans on the previous question.
_FOLLOWUP_START = re.compile(
    r"^\s*(and|but|so|also|or|then|what about|how about|same for|why|why not|really|"
    r"does (it|that|this)|is (it|that|this)|can (it|we|i)|(can|could) you (give|show|explain|expand)|"
    r"(give|show) me (an? )?(example|more)|an? example|for example|do (we|i)|should (we|i)|how (much|long|many)\b.*\b(it|that|this)|"
    r"(it|that|this|they|those|these|them|its|their)\b)",
    re.I,
)
_PRONOUN = re.compile(r"\b(it|its|this|that|they|them|their|these|those|one)\b", re.I)
_FRAME = re.compile(
    r"^\s*(what\s+(is|are|was|were|does)|who\s+(is|are)|explain|define|describe|tell me about|how\s+(does|do|is|are)|"
    r"what's|whats)\s+(an?\s+|the\s+)?",
    re.I,
)
_LIST_QUESTION = re.compile(
    r"^\s*(which|what)\s+([\w'-]+\s+){0,3}?(techniques|methods|metrics|tasks|steps|stages|components|parts|options|"
    r"benchmarks|types|kinds|families|risks|limitations|approaches|strategies|ways|tools|models|architectures|"
    r"principles|signs|factors|criteria|categories|phases|pieces|elements|building blocks|mitigations|fixes|"
    r"solutions|pitfalls|challenges|problems|failure modes|alternatives|examples|variants|settings|parameters|"
    r"objectives|measures|safeguards|guardrails)\b|"
    r"^\s*(which|what)\b[^?]*\b(are there|exist|are available)\b|"
    r"^\s*(list|name|enumerate)\b|\b(list of|what are the (main |key |typical |common )?"
    r"(\w+ ){0,2}(steps|stages|components|parts|types|kinds|families|techniques|methods|options|risks))\b|\blist\s*$",
    re.I,
)
_COMPARE = re.compile(
    r"^(?P<pre>.*?)\b(?:the\s+)?(?:difference|differences)\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>[^?.,:;]+)(?P<post>.*)$|"
    r"^(?P<pre2>.*?)\b(?P<a2>[\w\- ]+?)\s+(?:vs\.?|versus|or)\s+(?P<b2>[\w\- ]+?)(?P<post2>[?:;,.].*|$)|"
    r"^(?P<pre3>.*?how\s+(?:does|do|is|are)\s+)(?P<a3>.+?)\s+(?:differ|different|compare|compared)\s+(?:from|to|with)\s+"
    r"(?P<b3>[^?.,:;]+)(?P<post3>.*)$|"
    r"^(?P<pre4>\s*compare\s+)(?P<a4>.+?)\s+(?:and|with|to)\s+(?P<b4>[^?.,:;]+)(?P<post4>.*)$|"
    r"^(?P<pre5>\s*how\s+(?:do|does|would)\s+)(?P<a5>[\w\- ]+?)\s+and\s+(?P<b5>[\w\- ]+?)\s+(?:compare|differ)\b(?P<post5>.*)$",
    re.I,
)
# "what is X and how/why/when ..." : a second question joined by "and".
_COMPOUND = re.compile(
    r"^(?P<first>.+?)(?:[,;]?\s+and\s+|\?\s*(?:and\s+)?)(?P<second>(?:how|why|when|what|which|who|where|is|are|do|does|"
    r"should|can)\b.+)$",
    re.I,
)


# Questions no document can answer however close their words are to one: a fact about
# the asker's own organisation ("who owns our billing service", "how much GPU quota does
# our project have") or a fact that changes by the day ("what does X cost right now").
# Advice ("how should we", "what can we do", "which is best for us") is never caught:
# the documents give general advice that applies to any team.
_ADVICE = re.compile(
    r"\b(should|could|would|can|might|must|need|needs|best|better|recommend|suggest|advise|options?|worth|"
    r"how (do|can|should|would|to)|what (do|can|shall) (we|i) do|what if|fix|improve|avoid|prevent|reduce|help)\b",
    re.I,
)
_FACT_LOOKUP = re.compile(
    r"^\s*(who|whom|whose|when|where|what\s+(is|was|are|were|'s)|what's|whats|how\s+(much|many)|which\s+(\w+\s+){1,3}?(is|was|did|does|do)|"
    r"which\s+(\w+\s+)?(team|teams|person|people|department|customer|customers|colleague|manager|vendor|supplier|"
    r"office|channel))\b",
    re.I,
)
_OWN_THING = re.compile(
    r"\b(our|my)\b|\b(do|did|have|has|are|were)\s+(we|i)\b|\b(the|our|this)\s+(company|office|team)\b|\binternal\b",
    re.I,
)
_LIVE_MARKER = re.compile(
    r"\b(right now|today|currently|current|at the moment|this (week|month|quarter|year)|as of|latest|nowadays|"
    r"last (week|month|quarter|year|monday|tuesday|wednesday|thursday|friday))\b|"
    r"\b(will|going to)\b.*\b(release|released|launch|launched|announce|announced|come out)\b",
    re.I,
)
_LIVE_QUANTITY = re.compile(
    r"\b(price|prices|pricing|cost|costs|fee|fees|rate limits?|quota|leaderboard|ranked|ranking|top|share|stock|"
    r"release|released|launch|version|salary|revenue|fastest|cheapest|most popular|leading)\b",
    re.I,
)


# Who sits on, leads or signed off something in the asker's organisation ("who is on the steering
# committee", "who approved the pilot", "wie zit er in het stuurteam"): the documents name methods
# and their authors, never the members of a team's bodies. Dutch and German forms too, since
# questions are judged before translation.
_ORG_PEOPLE = re.compile(
    r"\bwho\s+(is|are|sits?|serves?|works?)\s+(on|in)\s+(the|our|this|that)\s+([\w-]+\s+){0,3}?"
    r"(team|committee|board|group|council|programme|program|department|unit|squad|panel|project|taskforce|task force)\b|"
    r"\bwho\s+(leads|runs|chairs|heads|manages|coordinates)\s+(the|our|this)\b|"
    r"\bwho\s+(approved|signed|signed off|decided|hired|chose|picked|wrote)\b(?!.*\b(method|technique|paper|idea)\b)|"
    r"\bwie\s+(zit|zitten|is|zijn|werkt|werken)\s+(er\s+)?(allemaal\s+)?(in|bij|op)\b|"
    r"\bwie\s+(leidt|beheert|beslist|besliste|keurde|heeft\b.*\bgoedgekeurd|is\s+(de\s+)?(eigenaar|verantwoordelijk|trekker))\b|"
    r"\b(stuurteam|stuurgroep|directie|bestuur|ondernemingsraad|mt-overleg|afdelingshoofd)\b|"
    r"\bwer\s+(sitzt|ist|sind|arbeitet|leitet|hat\b.*\bgenehmigt)\s+(im|in|bei|den|das|die)?\b|\blenkungsausschuss\b",
    re.I,
)

# Asking for advice on the team's own situation ("We have 500 tickets ... How should we build
# it?"): the situation's words are the team's, not the documents', so similarity stays modest.
_ASKS_ADVICE = re.compile(
    r"\b(should (we|i)|what can (we|i) do|how (can|do|should) (we|i)|which [\w\s-]{0,30}\b(should|would) (we|i)|"
    r"what('s| is) the best (way|approach|option)|what do you (suggest|recommend)|or something else|is it worth)\b|"
    r"(?:^|[.!?]\s+)(how|any (advice|ideas|tips)|tips|ideas|suggestions)\s*\?\s*$",
    re.I,
)


def asks_advice(text: str) -> bool:
    return bool(_ASKS_ADVICE.search(text))


# A price asked for a product by its code ("A100", "H100s"): a figure that changes by the week.
_PRICED_PRODUCT = re.compile(
    r"\b(cheapest|price|prices|pricing|cost|costs)\b.*\b[A-Z]{1,3}\d{2,4}s?\b|"
    r"\b[A-Z]{1,3}\d{2,4}s?\b.*\b(cheapest|price|prices|pricing|cost|costs)\b"
)


def beyond_documents(text: str) -> str | None:
    """ "internal" or "live" when the question asks a fact no general guide holds; else None."""
    if _PRICED_PRODUCT.search(text):
        return "live"
    if _ADVICE.search(text):
        return None
    if _FACT_LOOKUP.search(text) and _OWN_THING.search(text):
        return "internal"
    if _ORG_PEOPLE.search(text):
        return "internal"
    if _OWN_THING.search(text) and _LIVE_MARKER.search(text):
        # The present state of the team's own things ("what does our bot use in production
        # right now"): only the team's systems know it.
        return "internal"
    if _LIVE_MARKER.search(text) and _LIVE_QUANTITY.search(text):
        return "live"
    return None


@dataclass(frozen=True)
class LanguageData:
    markers: dict[str, frozenset[str]]
    names: dict[str, str]
    dutch_phrases: list[tuple[str, str]]
    dutch_words: dict[str, str]


@cache
def language_data(path: Path = _DATA) -> LanguageData:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = sorted(raw["dutch_phrases"].items(), key=lambda kv: -len(kv[0]))  # longest first
    return LanguageData(
        markers={lang: frozenset(words) for lang, words in raw["markers"].items()},
        names=raw["names"],
        dutch_phrases=phrases,
        dutch_words={str(k): str(v or "") for k, v in raw["dutch_words"].items()},
    )


def detect_language(text: str) -> str:
    """The language whose common words the text uses most ("en" on a tie or with no clue).

    Our marker words know the languages we answer in (English, Dutch) and a few neighbours. A
    question in another script or language (Swedish, Polish, Russian, Chinese …) would be read as
    English or Dutch and then refused as "not covered": a trained identifier names it instead,
    where it is sure and most words are not English.
    """
    letters = [c for c in text if c.isalpha()]
    if letters and sum(1 for c in letters if not _LATIN.match(c)) * 2 > len(letters):
        return _identified(text, text.split(), sure=_IDENTIFIED_PROBABILITY) or "other"
    data = language_data()
    words = [w.lower().strip("'’") for w in _WORD.findall(text)]
    if not words:
        return "en"
    counts = {lang: sum(w in markers for w in words) for lang, markers in data.markers.items()}
    best = max(counts, key=lambda lang: counts[lang])
    # Short English questions share words with every language; English wins unless outscored.
    if counts[best] <= counts["en"] or (counts[best] < 2 and counts["en"] > 0):
        best = "en"
    if best == "nl":
        # Dutch shares function words with Danish and Swedish ("det", "en", "hvor"): the identifier
        # decides only when it is all but certain of another language.
        other = _identified(text, words, sure=_OVERRULE_DUTCH_PROBABILITY)
        return other if other is not None and other != "nl" else best
    if best == "en":
        return _identified(text, words) or best
    # Markers saw a language we do not answer in: the identifier names it better (Portuguese, not Spanish).
    named = _identified(text, words, english_check=False)
    return named if named is not None and named not in ("en", "nl") else best


_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


# Languages the identifier may name: the common ones of our users' regions. Limiting the set keeps
# short questions from being read as a rare language.
_IDENTIFIABLE = [
    "en", "nl", "de", "fr", "es", "it", "pt", "pl", "sv", "da", "no", "fi", "tr", "cs", "ro", "hu",
    "el", "ru", "uk", "ja", "zh", "ko", "ar", "id",
]  # fmt: skip
_IDENTIFIED_PROBABILITY = 0.95
_OVERRULE_DUTCH_PROBABILITY = 0.95
_MIN_IDENTIFY_WORDS = 4


@cache
def _identifier() -> Any:
    from py3langid.langid import _load_identifier  # the package's own loader; langs and probabilities set

    return _load_identifier(norm_probs=True, langs=_IDENTIFIABLE)


def _identified(
    text: str, words: list[str], sure: float = _IDENTIFIED_PROBABILITY, english_check: bool = True
) -> str | None:
    """The language a trained identifier is sure of, when most of the words are not English; else None."""
    latin = [w for w in words if w.isascii()]
    if len(words) < _MIN_IDENTIFY_WORDS and len(latin) == len(words):
        return None
    foreign = [w for w in words if not _english().known([w.lower()])]
    if english_check and len(foreign) * 2 < len(words):
        return None
    language, probability = _identifier().classify(text)
    return str(language) if probability >= sure and language != "en" else None


@cache
def _english() -> SpellChecker:
    return SpellChecker(language="en")


# Words this frequent in everyday English ("new", "days", "model") name no topic on their own.
EVERYDAY_FREQUENCY = 150_000


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def everyday_word(word: str) -> bool:
    return _english().word_frequency[word.lower()] > EVERYDAY_FREQUENCY


def _split_compound_word(word: str, glossary: dict[str, str]) -> str | None:
    """Dutch joins nouns ("trainingsdata"); try a glossary word + glossary word."""
    for cut in range(len(word) - 3, 2, -1):
        head, tail = word[:cut], word[cut:]
        head = head[:-1] if head.endswith("s") and head[:-1] in glossary else head
        if head in glossary and tail in glossary and glossary[tail]:
            return f"{glossary[head]} {glossary[tail]}".strip()
    return None


def translate_dutch(text: str) -> str:
    """Dutch question → English search words through the glossary; unknown words pass unchanged."""
    data = language_data()
    lowered = " " + " ".join(text.lower().replace("?", " ? ").split()) + " "
    for dutch, english in data.dutch_phrases:
        lowered = lowered.replace(f" {dutch} ", f" {english} ")
    out: list[str] = []
    for token in lowered.split():
        word = token.strip(".,;:!\"'()")
        if word in data.dutch_words:
            if data.dutch_words[word]:
                out.append(data.dutch_words[word])
            continue
        if "-" in word:  # "RAG-systeem": English head, Dutch tail
            # Short parts are English joints ("chain-of-thought"), not Dutch words to translate.
            parts = [data.dutch_words.get(p, p) if len(p) > 3 else p for p in word.split("-")]
            out.append(" ".join(p for p in parts if p))
            continue
        joined = _split_compound_word(word, data.dutch_words)
        out.append(joined if joined else token)
    return " ".join(out).replace(" ?", "?").strip()


class Vocabulary:
    """The knowledge base's own words: for spelling correction, acronyms and coverage checks."""

    def __init__(self, texts: list[str]) -> None:
        self.counts: Counter[str] = Counter()
        # Word pairs the documents use ("use case", "red teaming"): a typo that runs two words
        # together, or that turns one into another real word, is read back against them.
        self.pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            tokens = _TOKEN.findall(text.lower())
            self.counts.update(tokens)
            self.pairs.update(pairwise(tokens))
        self._words = [w for w in self.counts if len(w) >= MIN_CORRECTABLE - 1 and not w.isdigit()]
        self.acronyms = find_acronyms(texts)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.counts

    @cached_property
    def stems(self) -> frozenset[str]:
        """Snowball stems of every word: "recommend" and "replies" are the documents' words
        when they only say "recommendations" and "reply"."""
        return frozenset(_stemmer().stemWords(list(self.counts)))

    def topic_unknown(self, word: str) -> bool:
        """No form of the word, derivations included, occurs in the documents: a topic they do not treat."""
        return not self.known(word) and _stemmer().stemWord(word.lower()) not in self.stems

    def known(self, word: str) -> bool:
        """Known as written, or as a plural/verb form of a known word."""
        w = word.lower()
        return (
            w in self.counts
            or any(w.endswith(s) and w[: -len(s)] in self.counts for s in ("s", "es", "ed", "ing", "d"))
            # ... or the documents use only an inflected form of it ("prevent": they say "prevents").
            or any(w + s in self.counts for s in ("s", "es", "ed", "ing", "d"))
            or (w.endswith("e") and w[:-1] + "ing" in self.counts)
        )

    def split_joined(self, word: str) -> str | None:
        """Two words of the documents typed as one ("usecase" → "use case"), when they occur as a pair."""
        w = word.lower()
        best: tuple[int, str] | None = None
        for cut in range(2, len(w) - 1):
            pair = (w[:cut], w[cut:])
            if self.pairs.get(pair, 0) >= PAIR_COUNT and (best is None or self.pairs[pair] > best[0]):
                best = (self.pairs[pair], f"{pair[0]} {pair[1]}")
        return best[1] if best else None

    def in_context(self, word: str, before: str | None, after: str | None) -> str | None:
        """A real word that is a typo here: one edit from a word that forms a pair of the documents with a neighbour.

        "red teeming" → "red teaming": "teeming" is English, but "red teaming" is what the documents say.
        """
        w = word.lower()
        if len(w) < MIN_CORRECTABLE + 1 or w in self.counts or not w.isalpha():
            return None
        found = extract(w, self._words, scorer=OSA.distance, score_cutoff=1, limit=20)
        scored = [
            (max(self.pairs.get((before, c), 0) if before else 0, self.pairs.get((c, after), 0) if after else 0), c)
            for c, _, _ in found
        ]
        scored = [(n, c) for n, c in scored if n >= PAIR_COUNT]
        return max(scored)[1] if scored else None

    def correct(self, word: str) -> str | None:
        """The known word this one is most likely a typo of, or None.

        One edit (a transposition counts as one) for short words, two for long ones;
        among equally close words the more frequent wins.
        """
        w = word.lower()
        if len(w) < MIN_CORRECTABLE or self.known(w) or not w.isalpha():
            return None
        joined = self.split_joined(w)
        if joined:
            return joined
        english = _english()
        # A real English word the documents happen not to use ("protect", "emit") is no typo.
        if english.known([w]) or (w.endswith("s") and english.known([w[:-1]])):
            return None
        limit = 1 if len(w) < 8 else 2
        found = extract(w, self._words, scorer=OSA.distance, score_cutoff=limit, limit=20)
        if found:
            return min(found, key=lambda hit: (hit[1], -self.counts[hit[0]], hit[0]))[0]
        # Not near any word of the documents: an everyday word mistyped ("prevnt")?
        guess = english.correction(w) if len(w) >= 5 else None
        # Typos rarely hit the first letter; "xgboost" is a name, not a mistyped "boost".
        return guess if guess and guess != w and guess[0] == w[0] else None


def _initials(words: list[str]) -> str:
    letters = []
    for word in words:
        for part in re.split(r"[-/]", word):
            if part and part.lower() not in _STOPWORDS:
                letters.append(part[0].lower())
    return "".join(letters)


_DEFINED_AFTER = re.compile(r"((?:[A-Za-z][\w'-]*,?\s+){1,7})\(([A-Z][A-Za-z0-9-]{1,9}s?)\)")
_DEFINED_BEFORE = re.compile(r"\b([A-Z][A-Za-z0-9-]{1,9})\s+\(((?:[A-Za-z][\w'-]*,?\s*){1,7})\)")


def find_acronyms(texts: list[str]) -> dict[str, str]:
    """Acronyms the documents define, as in "low-rank adaptation (LoRA)" or "PAL (program-aided language models)"."""
    found: dict[str, str] = {}
    for text in texts:
        for words_text, acronym, long_first in [
            *((m.group(1), m.group(2), True) for m in _DEFINED_AFTER.finditer(text)),
            *((m.group(2), m.group(1), False) for m in _DEFINED_BEFORE.finditer(text)),
        ]:
            key = acronym.rstrip("s") if acronym.endswith("s") and acronym[:-1].isupper() else acronym
            letters = "".join(c for c in key if c.isupper() or c.isdigit()).lower()
            if len(letters) < 2:
                continue
            words = [w.strip(",") for w in words_text.split()]
            candidates = (
                [words[-k:] for k in range(1, len(words) + 1)]
                if long_first
                else [words[:k] for k in range(1, len(words) + 1)]
            )
            # "program-aided language models (PAL)": a trailing "models" is often left out of the letters.
            candidates += [c[:-1] for c in candidates if len(c) > 1 and c[-1].lower().startswith("model")]
            for cand in candidates:
                if _initials(cand) == letters:
                    found.setdefault(key.lower(), " ".join(cand).lower())
                    break
    return found


@dataclass
class ReadQuestion:
    """A question as understood: the English search text and how it was obtained."""

    original: str
    text: str
    language: str = "en"
    followup: bool = False
    corrections: dict[str, str] = field(default_factory=dict)
    expansions: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    is_list: bool = False
    # "internal" / "live": asks a fact about the asker's organisation or one that changes daily.
    beyond: str | None = None
    advice: bool = False

    @property
    def changed(self) -> bool:
        return self.text.strip().lower() != self.original.strip().lower()


class QueryReader:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def correct(self, text: str) -> tuple[str, str, dict[str, str], list[str]]:
        """(language, English text with typos corrected, corrections, unknown content words)."""
        language = detect_language(text)
        english = translate_dutch(text) if language == "nl" else text
        corrections: dict[str, str] = {}
        unknown: list[str] = []
        out: list[str] = []
        tokens = re.split(r"([^\w'’-]+)", english)
        words = [t.lower() for t in tokens if t and t[0].isalnum()]
        position = -1
        for token in tokens:
            low = token.lower()
            if low and low[0].isalnum():
                position += 1
            if not low or not low[0].isalnum():
                out.append(token)
                continue
            parts = [w for w in re.split(r"[-'’]", low) if w]
            if (
                low in self.vocabulary.acronyms
                or low in _STOPWORDS
                or all(
                    w in _STOPWORDS or w in self.vocabulary.acronyms or self.vocabulary.known(w) or len(w) < 2
                    for w in parts
                )
            ):
                out.append(token)
                continue
            fixed = self.vocabulary.correct(low) or self.vocabulary.in_context(
                low,
                words[position - 1] if position > 0 else None,
                words[position + 1] if position + 1 < len(words) else None,
            )
            if fixed:
                corrections[token] = fixed
                out.append(fixed)
                if not all(self.vocabulary.known(f) for f in fixed.split()):
                    unknown.append(fixed)
            else:
                if not low.isdigit() and len(low) > 1:
                    unknown.append(low)
                out.append(token)
        return language, "".join(out), corrections, unknown

    def expand(self, text: str, expansions: dict[str, str] | None = None) -> str:
        """Spell out acronyms the documents define: "LoRA" → "LoRA (low-rank adaptation)"."""
        out: list[str] = []
        for token in re.split(r"([^\w-]+)", text):
            out.append(token)
            long_form = self.vocabulary.acronyms.get(token.lower())
            if long_form and long_form not in text.lower():
                out.append(f" ({long_form})")
                if expansions is not None:
                    expansions[token] = long_form
        return "".join(out)

    def read(self, question: str, history: list[str] | None = None) -> ReadQuestion:
        language, text, corrections, unknown = self.correct(question)
        read = ReadQuestion(question, text, language, False, corrections, {}, unknown)
        previous = [self.correct(h)[1] for h in (history or []) if h.strip()]
        if previous and is_followup(text, self.vocabulary):
            read.followup = True
            text = resolve_followup(text, previous[-1])
        read.is_list = bool(_LIST_QUESTION.search(text))
        # Judged on the question as typed (corrected, translated), not on a follow-up merged with the one before.
        read.beyond = beyond_documents(read.text)
        read.advice = asks_advice(read.text)
        read.parts = [self.expand(part) for part in split_question(text)]
        read.text = self.expand(text, read.expansions)
        return read


def is_followup(question: str, vocabulary: Vocabulary) -> bool:
    """Leans on the previous question: starts like a continuation, or is short and names no topic of its own."""
    if _FOLLOWUP_START.search(question):
        return True
    terms = [t for t in keyword_terms(question) if t in vocabulary]
    rare = [t for t in terms if vocabulary.counts[t] < RARE_COUNT]
    short = len(question.split()) <= 8
    return (len(terms) <= 4 and bool(_PRONOUN.search(question))) or (short and not rare)


def topic_of(question: str) -> str:
    """ "What is quantization?" → "quantization": the question minus its framing words."""
    body = _FRAME.sub("", question.strip()).strip(" ?.!")
    body = re.sub(r"\s+(mean|stand for|work|do)$", "", body, flags=re.I)
    return body


def resolve_followup(question: str, previous: str) -> str:
    """Make a follow-up stand alone, using the previous question."""
    q = question.strip()
    topic = topic_of(previous)
    short_topic = len(topic.split()) <= 6
    tail = re.match(r"^\s*(?:and|but|so|also|or|then|what about|how about|same for)\s+(.*)$", q, re.I)
    if tail and not _PRONOUN.search(tail.group(1)):
        rest = tail.group(1).strip(" ?.!")
        if re.match(r"^(how|why|what|which|when|where|who|is|are|does|do|should|can)\b", rest, re.I):
            return f"{rest} ({topic})?" if short_topic else f"{rest} ({previous.strip(' ?.!')})?"
        if re.match(r"^(for|in|with|on|at|when|if|during|to)\b", rest, re.I) or not _FRAME.search(previous):
            return f"{previous.strip(' ?.!')} {rest}?"
        frame = _FRAME.match(previous)
        return f"{frame.group(0) if frame else ''}{rest}?"
    if _PRONOUN.search(q) and short_topic and topic:
        return _PRONOUN.sub(topic, q, count=1)
    q = re.sub(r"^\s*(?:and|but|so|also|or|then)\s+", "", q, flags=re.I)
    return f"{q.rstrip(' ?.!')}: {previous.strip()}"


def split_question(question: str) -> list[str]:
    """A compound or comparison question as the parts that each need their own section."""
    q = question.strip()
    compound = _COMPOUND.match(q)
    m = None if compound and _FRAME.match(compound.group("first")) else _COMPARE.match(q)
    if m:
        g = m.groupdict()
        for pre, a, b, post in (
            ("pre", "a", "b", "post"),
            ("pre2", "a2", "b2", "post2"),
            ("pre3", "a3", "b3", "post3"),
            ("pre4", "a4", "b4", "post4"),
            ("pre5", "a5", "b5", "post5"),
        ):
            if g.get(a) and g.get(b):
                first, second = g[a].strip(), g[b].strip()
                if pre == "pre2" and (len(first.split()) > 5 or len(second.split()) > 5):
                    break
                rest = (g[post] or "").strip(" ?:;,.")
                return [f"{first} {rest}".strip(), f"{second} {rest}".strip()]
    m = _COMPOUND.match(q)
    if m:
        first, second = m.group("first").strip(" ?,;"), m.group("second").strip()
        topic = topic_of(first)
        if topic and len(topic.split()) <= 6 and _PRONOUN.search(second):
            second = _PRONOUN.sub(topic, second, count=1)
        elif topic and len(keyword_terms(second)) <= 2:
            second = f"{second.rstrip(' ?')} {topic}?"
        return [first + "?", second]
    return [q]
