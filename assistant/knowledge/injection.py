"""Finding prompt-injection text in documents before it is indexed (OWASP LLM01).

A document is data. Sentences that address an AI (instructions, role markers,
requests to emit URLs, images or markup, hidden or encoded payloads) are
*quarantined* at ingest: they are left out of the indexed text, so they are never
quoted in an answer and never reach an LLM, and the uploader is told which
document held them. Invisible characters (zero-width, bidi controls, Unicode
tags) are removed from whatever is indexed.

Every pattern here runs in time linear in its input: no nested quantifiers, only
bounded gaps (`.{0,60}`), because documents are hostile input too.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field

# Zero-width characters, bidi embeddings/overrides/isolates, word joiners, BOM, soft
# hyphen and the Unicode "tag" block, which can spell out text no one sees.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
_INVISIBLE_RUN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]{2,}|[\U000e0000-\U000e007f]")

_I = re.IGNORECASE
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "instruction override",
        re.compile(
            r"\b(?:ignore|disregard|forget|override|bypass|skip|drop)\b.{0,40}?"
            r"\b(?:previous|prior|above|earlier|preceding|all|any|your|the|these|those|other|original)\b.{0,30}?"
            r"\b(?:instructions?|rules?|prompts?|directives?|guidelines?|guardrails?|polic(?:y|ies)|constraints?|directions?|info(?:rmation)?|data|text|content)\b|"
            r"\b(?:ignore|disregard)\s+(?:the\s+)?(?:rest|remainder|everything|all\b|anything)",
            _I,
        ),
    ),
    (
        "instruction override",
        re.compile(
            r"\b(?:new|updated|real|actual|true|hidden|secret|special|additional|important)\s+"
            r"(?:system\s+)?(?:instructions?|directives?|orders?|task)\s*(?::|for\b|follow)",
            _I,
        ),
    ),
    (
        "role marker",
        re.compile(
            r"(?:^|\n)\s*(?:[#>*_\-\s]{0,6})(?:system|assistant|user|human|ai|bot|developer|admin|root)"
            r"(?:\s+(?:message|prompt|note|override))?\s*[:>\]]",
            _I,
        ),
    ),
    (
        "role marker",
        re.compile(r"<\|[a-z_]{2,30}\|>|\[/?(?:INST|SYS)\]|<</?SYS>>|###\s*(?:instruction|system|response)\b", _I),
    ),
    (
        "addressed to an AI",
        re.compile(
            r"\b(?:you are now|from now on|act as|pretend (?:to be|you)|role-?play as|stay in character|"
            r"developer mode|do anything now|DAN mode|no longer bound|without (?:any )?restrictions|"
            r"you have been (?:freed|unlocked|reprogrammed))\b",
            _I,
        ),
    ),
    (
        "addressed to an AI",
        re.compile(
            r"\b(?:ai|assistant|chatbot|language model|llm|gpt|claude|gemini|copilot|bot|model reading this|"
            r"lifecycle assistant)\b(?:[,:;!]\s*(?:please\s+)?|\s+(?:please|must|shall|now)\s+)"
            r"(?:reply|respond|answer|say|output|print|write|include|append|repeat|reveal|ignore|forget|"
            r"translate|tell|start|begin|end|sign|add|insert|show|display|render|send|visit)\b",
            _I,
        ),
    ),
    (
        "reply instruction",
        re.compile(
            r"\b(?:reply|respond)\s+(?:only\s+|just\s+|exactly\s+|solely\s+)?with\b|"
            r"\b(?:answer|say|output|print|type|return|write)\s+(?:only|just|exactly|solely)\s+(?:with|the|this|these|[\"'“‘`])|"
            r"\b(?:sign|end|start|begin|finish|prefix|suffix|conclude|close)\s+(?:every|each|all|your|any)\s+"
            r"(?:\w+\s+)?(?:answers?|repl(?:y|ies)|responses?|messages?|outputs?)\b|"
            r"\b(?:always|must)\s+(?:sign|end|start|begin|include|append|prefix|mention|add|say)\b|"
            r"\b(?:before|after|when|while)\s+(?:answering|responding|replying|you (?:answer|respond|reply))\b|"
            r"\b(?:in|to|into|within|at the (?:end|start|beginning|top|bottom) of)\s+your\s+(?:final\s+)?"
            r"(?:response|answer|reply|output)s?\b|\bas (?:your|the) (?:final )?(?:answer|response|reply|output)\b|"
            r"\bwhen you have understood\b|\bdo not (?:mention|reveal|tell) (?:this|these|that)\b",
            _I,
        ),
    ),
    (
        "system prompt extraction",
        re.compile(
            r"\b(?:repeat|recite|reproduce|print|output|copy|translate)\b.{0,40}?\b(?:(?:text|words|instructions|"
            r"prompt|messages?|everything|all|lines?)\s+(?:above|preceding|before)|verbatim|word for word)\b|重复.{0,30}?(?:指令|指示|提示)|"
            r"\byour (?:system )?(?:prompt|instructions)\b",
            _I,
        ),
    ),
    (
        "system prompt extraction",
        re.compile(
            r"\b(?:reveal|print|show|repeat|output|tell|disclose|leak|dump|recite|list|display|share|copy|write out|paste)\b"
            r".{0,40}?\b(?:system prompt|system message|initial prompt|hidden prompt|your (?:prompt|instructions|rules|"
            r"guidelines|configuration)|(?:the|your) (?:instructions|text|words) above|api keys?|passwords?|"
            r"secrets?|credentials?|environment variables?)\b",
            _I,
        ),
    ),
    (
        "exfiltration request",
        re.compile(
            r"\b(?:include|insert|add|embed|append|render|output|print|display|show|send|post|fetch|load|visit|"
            r"open|click|attach|put|write|encode|place)\b.{0,60}?"
            r"(?:\b(?:image|img|url|link|hyperlink|markdown|html|script|iframe|pixel|beacon|webhook)\b|https?://)",
            _I,
        ),
    ),
    (
        "markup",
        re.compile(
            r"!\[|\]\(\s*(?:https?:|javascript:|data:|//)|^\s{0,3}\[[^\]\n]{1,100}\]:\s*\S|"
            r"<\s*/?\s*(?:script|img|iframe|object|embed|style|svg|a|link|meta|form|input|image|video|audio|"
            r"source|base|body|html|math|details|template)\b|javascript:|\bon[a-z]{3,20}\s*=|"
            r"\bsrc\s*=|\bhref\s*=|\]\(\s*mailto:|<[A-Za-z/!][^<>\n]{0,200}>",
            _I | re.MULTILINE,
        ),
    ),
    (
        "hidden text",
        re.compile(
            r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0(?:\.0+)?\b|"
            r"color\s*:\s*(?:white|#fff\b|#ffffff|transparent)|<!--|-->",
            _I,
        ),
    ),
    (
        "encoded payload",
        re.compile(
            r"\b(?:decode|base64|rot13|hex-?encoded|decipher|unscramble)\b.{0,80}?"
            r"\b(?:follow|execute|obey|run|perform|do|carry out|instructions?|and then|comply|act)\b",
            _I,
        ),
    ),
    (
        "instruction override",
        # The same override in other languages (French, Spanish, Portuguese, Italian, German, Dutch,
        # Russian, Chinese, Japanese): "ignore (all) previous instructions".
        re.compile(
            r"\b(?:ignore[zr]?|ignora[rt]?|ignoriere|negeer|oubliez|olvida|esquece|vergiss|dimentica)\b.{0,40}?"
            r"\b(?:instructions?|instrucciones|instruções|instrucoes|istruzioni|anweisungen|instructies|"
            r"consignes|regras|reglas|regeln|regole|indicaciones)\b|"
            r"игнорир\w*.{0,40}?инструкци|забудь\w*.{0,40}?инструкци|"
            r"忽略.{0,20}?(?:指令|指示|说明|规则)|(?:以前|前)の.{0,10}?指示.{0,10}?無視|無視.{0,20}?指示",
            _I,
        ),
    ),
    (
        "reply instruction",
        re.compile(
            r"\b(?:réponds?|répondez|responde|antworte|rispondi|antwoord|ответь|ответьте)\b.{0,40}?"
            r"\b(?:uniquement|seulement|solo|nur|solamente|alleen|только|avec|con|mit|met|com)\b|"
            r"(?:只|仅)(?:回答|回复|输出)|だけ(?:答え|返信|出力)",
            _I,
        ),
    ),
]

# An opaque code word ("XK-42QF9Z") that a sentence asks to be written into the answer is a canary
# or a payload marker; after other injections in the same document, any such code is suspect.
_CODE = re.compile(r"\b[A-Z][A-Z0-9]{1,15}-(?=[A-Z0-9]*\d)[A-Z0-9]{4,16}\b")
_ABOUT_OUTPUT = re.compile(
    r"\b(?:answers?|repl(?:y|ies)|responses?|respond|output|print|write|repeat|include|tag|markers?|string|"
    r"code|word|say|mark|start|begin|end|prefix|antwort\w*|réponse|respuesta|risposta|resposta|antwoord)\b|ответ|回答|回复|输出|答え",
    _I,
)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass
class Quarantine:
    """What was left out of one document, for the uploader's warning."""

    sentences: list[tuple[str, str]] = field(default_factory=list)  # (reason, sentence as found)
    invisible_removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.sentences)

    def summary(self, name: str) -> str:
        reasons = sorted({reason for reason, _ in self.sentences})
        n = len(self.sentences)
        return (
            f"{name}: {n} passage{'s' if n != 1 else ''} that read{'s' if n == 1 else ''} like instructions to an AI "
            f"({', '.join(reasons)}) {'were' if n != 1 else 'was'} left out and will never be quoted or sent to a model."
        )


def remove_invisible(text: str) -> tuple[str, int]:
    cleaned, count = _INVISIBLE.subn("", text)
    return cleaned, count


def _decodes_to_text(blob: str) -> str | None:
    try:
        raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    printable = sum(ch.isprintable() or ch.isspace() for ch in decoded)
    return decoded if len(decoded) >= 12 and printable / len(decoded) > 0.9 else None


def injection_reason(sentence: str) -> str | None:
    """Why `sentence` reads like an instruction to an AI, or None."""
    if _INVISIBLE_RUN.search(sentence) or len(_INVISIBLE.findall(sentence[:10_000])) >= 3:
        return "hidden text"
    # Match what a model would read: letters interleaved with zero-width characters are still words.
    sentence = _INVISIBLE.sub("", sentence)
    for reason, pattern in _PATTERNS:
        if pattern.search(sentence):
            return reason
    if _CODE.search(sentence) and _ABOUT_OUTPUT.search(sentence):
        return "code word"
    for blob in _BASE64.findall(sentence):
        decoded = _decodes_to_text(blob)
        if decoded is not None:
            return "encoded payload"
    return None


def _html_comments(text: str, found: Quarantine) -> str:
    """Remove `<!-- … -->` (invisible when rendered, so whatever it says is hidden). Linear: str.find only."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            break
        end = text.find("-->", start + 4)
        out.append(text[pos:start])
        inner = text[start + 4 : end if end >= 0 else len(text)].strip()
        if inner:
            found.sentences.append(("hidden text", f"<!-- {inner[:200]} -->"))
        if end < 0:
            break
        pos = end + 3
    return "".join(out)


def quarantine_text(text: str) -> tuple[str, Quarantine]:
    """The text with injection-like sentences and invisible characters removed, and what was removed.

    Works line by line (a Markdown line is a paragraph, heading or list item) and,
    inside a line, sentence by sentence, so the rest of a paragraph stays searchable.
    """
    found = Quarantine()
    text = _html_comments(text, found)
    out_lines: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            out_lines.append(line)
            continue
        if injection_reason(line) is None:
            out_lines.append(_INVISIBLE.sub("", line))
            continue
        kept: list[str] = []
        for sentence in _SENTENCE_END.split(line):
            reason = injection_reason(sentence)
            if reason is None:
                kept.append(sentence)
            else:
                found.sentences.append((reason, sentence.strip()[:300]))
        if kept:
            out_lines.append(_INVISIBLE.sub("", " ".join(kept)))
    if found.sentences:
        # Payloads get split ("the code below" ... "Code: XK-42QF9Z"): once a document
        # is known to carry injections, its bare code words go too.
        out_lines = [line for line in out_lines if not _CODE.search(line) or _quarantine_code(line, found)]
    found.invisible_removed = sum(1 for _ in _INVISIBLE.finditer(text))
    return "\n".join(out_lines), found


def _quarantine_code(line: str, found: Quarantine) -> bool:
    found.sentences.append(("code word", line.strip()[:300]))
    return False
