"""What a message is for: an answer, a correction, a knowledge question, a request about the app,
a command, or push-back on the recommendation.

Two sources of evidence, combined:
* rules (patterns teams really type: "skip", "how do I export?", "drop the fine-tuning step");
* embedding similarity to example utterances per intent (`intent_examples.yaml`, data not code),
  used when an embedding function is given (the app and CLI pass the shipped sentence model).

The result names the winner and the runner-up; when they are close the caller does both
safely (answers a question and keeps the interview question open) instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel

Intent = Literal["answer", "correction", "knowledge_question", "app_help", "command", "pushback"]
Command = Literal["skip", "back", "finish", "restart", "undo", "redo", "summary"]
EmbedFn = Callable[[Sequence[str]], np.ndarray]

_I = re.IGNORECASE
EXAMPLES_FILE = Path(__file__).with_name("intent_examples.yaml")
# Two intents whose similarities differ by less than this are "close": do both safely or ask.
CLOSE = 0.04
SURE = 0.6  # similarity an example must reach to overrule the default "answer"
MARGIN = 0.1


class IntentGuess(BaseModel):
    intent: Intent
    confidence: float
    command: Command | None = None
    runner_up: Intent | None = None
    close: bool = False
    chatter: bool = False


# --------------------------------------------------------------------------- rules
_POLITE = r"(?:(?:ok(?:ay)?|please|pls|can we|could we|let'?s|let us|just|i want to|we want to|i'd like to)[,\s]+)*"
COMMANDS: list[tuple[Command, re.Pattern[str]]] = [
    (
        "restart",
        re.compile(
            rf"^{_POLITE}(?:restart|start (?:over|again|from scratch)|new plan|reset|begin again|wipe (?:it|everything))\b",
            _I,
        ),
    ),
    ("redo", re.compile(rf"^{_POLITE}(?:redo|redo (?:that|it)|undo the undo)\b", _I)),
    ("undo", re.compile(rf"^{_POLITE}(?:undo|undo (?:that|the last (?:turn|answer|change)))\b", _I)),
    (
        "back",
        re.compile(
            rf"^{_POLITE}(?:back|go back|previous(?: question)?|(?:go )?back to the (?:last|previous) question"
            r"|(?:ga )?terug(?: naar de vorige vraag)?|vorige vraag)\b",
            _I,
        ),
    ),
    (
        "skip",
        re.compile(
            rf"^{_POLITE}(?:skip|pass|next(?=\W*$)|overslaan|sla (?:deze|dit|die) (?:vraag )?over|volgende vraag|next question|n/?a|later|come back to (?:it|this) later|we'?ll (?:come back|answer) (?:to )?(?:it|this|that) later)\b",
            _I,
        ),
    ),
    (
        "finish",
        re.compile(
            rf"^{_POLITE}(?:finish|done|that'?s all|wrap (?:it )?up|make the plan|write the plan|generate(?: the)? plan|"
            r"show(?: me)? the plan|create(?: the)? plan|finish the plan)\b",
            _I,
        ),
    ),
    ("summary", re.compile(r"^(?:summary|status|what do you know|what have you understood|show(?: the)? scope)\b", _I)),
]
_APP_HELP = re.compile(
    r"^(?:help|\?|menu|commands)\W*$"
    r"|\bwhat can you do\b|\bhow (?:does|do) (?:this|you|it) work\b|\bhow do i\b|\bhow can i\b"
    r"|\b(?:export|download|share|print|pdf|upload|save)\b.*\?|\b(?:can i|can we) (?:export|download|share|upload|save|print)\b"
    r"|\b(?:repeat|rephrase|say that again)\b|\bwhat (?:was|is) the question\b|\bwhat did you (?:ask|say|mean)\b"
    r"|\bwhere were we\b|\bexplain the options\b|\bwhat do you mean\b|\bwhat counts as\b|\bwhat are the options\b"
    r"|\bwhat (?:are|were) (?:the|my) (?:choices|options)\b|\bcome again\b|\bi missed (?:that|the question)\b"
    # About the app itself: where things are, what happens to answers, what its own words mean.
    r"|\bwhich question\b|\bwhat question are we\b|\b(?:change|edit|fix|undo) (?:my|our) (?:earlier |previous |last )?answers?\b"
    r"|\bwhat (?:do|does) [\w/' -]{1,30} mean here\b|\bwhat happens to (?:what|the things|everything) (?:i|we) type\b"
    r"|\bhow many (?:more )?questions\b|\bquestions? (?:are )?(?:left|remaining)\b|\bsay (?:that|it) differently\b"
    r"|\b(?:can|could) (?:i|we) (?:still )?(?:change|edit|fix|correct|go back to) (?:an? |my |our |the )?(?:earlier|previous|last|old) (?:answer|question)s?\b"
    r"|\b(?:what|where) (?:happens to|does|do) (?:the )?(?:data|text|answers?|things?|what) (?:i|we) (?:type|enter|write)\b"
    r"|\bwhere does (?:the |my |our )?(?:data|input|text)\b[^.?!]{0,30}\bend up\b|\b(?:is|are) (?:this|it|that|everything|we|you) (?:being )?(?:recorded|logged|stored)\b"
    r"|\bwerkt (?:deze|de|dit|het) (?:tool|app|assistent)\b|\b(?:does|can) (?:this|the) (?:tool|app|assistant) (?:also )?(?:work|speak|understand|do)\b"
    r"|\bis (?:it|this|that|what i type|my input)(?: here)? (?:stored|saved|kept|logged)\b|\bwhere (?:do|can) (?:i|we) (?:see|find)\b"
    # Asking what the current question means or why it is asked: about the interview, not the field.
    r"|\bwhich (?:[\w-]+ ){0,2}do you mean\b|\bin what sense\b|\bwho is '?it'? here\b|\bwhat is '?it'? here\b"
    r"|\bwhy do you (?:need|ask|want)\b|\b(?:answer|do) (?:these|them|the questions) in (?:a )?different order\b"
    r"|\b(?:can|could) (?:i|we) (?:change|edit|update|revise) (?:these|those|the|my|our) answers\b"
    r"|\bthis (?:conversation|chat)\b[^.?!]{0,40}\b(?:sent|stored|saved|recorded|cloud)\b"
    # Questions about this app and this interview rather than the field.
    r"|\b(?:the|this) (?:app|assistant|tool|interview|questionnaire)\b(?: itself)?[^.?!]{0,30}\?"
    r"|\b(?:what|where)\b[^.?!]{0,30}\b(?:i type|we type|type here|i use this|we use this)\b"
    r"|\bcan (?:i|we) (?:pick|choose|select|click|answer in|see all|skip)\b|\bwhat you mean\b|\bask (?:that|it) again\b"
    r"|\b(?:all|the) (?:questions|answers) at once\b|\bdoes it have to be (?:in )?english\b"
    r"|\bcan (?:i|we) (?:just )?(?:paste|type|answer this|answer these)\b|\bwhat you'?ve (?:filled in|got|understood) so far\b"
    r"|\bhow does this (?:thing|tool|app|assistant|chat) work\b|\bin (?:normal|plain|simple|everyday) words\b"
    r"|\bdoes '[^']{2,30}' mean\b|\bdo you mean (?:only|just)\b"
    # Asking which reading of the current question is meant, or how to answer it.
    r"|^\W*(?:(?:sorry|hm+|ok|so|wait)[,.]?\s+)?(?:do|did) you mean\b|\bdoes (?:this|the|that) (?:[\w-]+ )?(?:question )?mean\b"
    r"|\bdoes (?:budget|volume|timeline|team|domain|quality|latency) mean\b"
    r"|^\W*(?:is|are) (?:this|that|it|the (?:question|budget|number|volume)) (?:per|about|for|in total|one-off|the)\b[^.!]{0,40}\?"
    r"|\bis '?[\w-]+'? (?:specific|precise|detailed) enough\b|\bwhat do you need (?:the|this|that|our) [\w-]+ for\b"
    r"|\b(?:can|may) (?:i|we) (?:give|put|enter|write|use|come back|leave|invite|tick|add)\b[^.!]{0,60}\?"
    r"|\bis there (?:a|an) (?:way|option|field|'?other'?|glossary|dark mode|description|list)\b"
    r"|\bwhat happens (?:after|with|if|when) (?:my|the last|i|we)\b|\bwhich ones were there\b|\blist the options\b"
    r"|\bdo (?:i|we) (?:have|need) to answer\b|\bdoes it matter (?:if|which|whether|how) (?:i|we)\b"
    r"|\bwhat'?s the difference between (?:your|the (?:answer )?options)|\bon your scale\b",
    _I,
)
# Questions about answering the interview itself; only when the message holds no answer, since "do we
# really have to pick one? it's all of them" answers while it asks.
_APP_HELP_SOFT = re.compile(
    r"\bdo you need (?:an? )?(?:exact|precise|real|hard)\b|\b(?:is|would) an? (?:rough |ballpark )?(?:guess|estimate|ballpark)"
    r" (?:be )?(?:ok|okay|fine|enough)\b|\bis there an? (?:undo|way to (?:undo|change|go back|edit))\b"
    r"|\b(?:can|could) (?:i|we) (?:come back|return|get back) to\b[^?]{0,40}\?|\bwithout losing\b"
    r"|\b(?:will|does|would) (?:the|my|our) (?:plan|export|summary|pdf)\b[^?]{0,40}\?"
    r"|\bdo (?:i|we) have to (?:pick|choose) from\b|\bcan (?:i|we) just (?:write|type|describe)\b"
    r"|\bwhich\b[^?]{0,30}\bthe ones?\b[^?]{0,60}\bor\b[^?]{0,60}\?"
    r"|\bwhat (?:i|we) (?:write|type|say)\b[^?]{0,40}\b(?:saved|stored|kept|logged)\b|\bsee the answers (?:i|we)\b"
    r"|\banswers (?:i|we) (?:gave|have given|entered)\b|\bcan (?:i|we) (?:enter|put|pick|give) (?:both|more than one|several|two)\b"
    r"|\bcan (?:i|we) (?:add|invite|bring in) (?:our|my|a|the) [\w-]+ (?:to|into) (?:this|the) (?:session|chat|plan|workshop)\b"
    r"|\bwhy does (?:the app|this app|this tool|the tool|it|the assistant) need to know\b|\bwhat do you do with (?:it|this|that|the answer)\b"
    r"|\b(?:ask|repeat) (?:the first part|the last part|that part|the question|it|that) again\b|\bquestion again\b|\bwas on mute\b"
    r"|\b(?:show|give) me an example\b|\bexample answer\b|\bdoes it change anything in the plan\b",
    _I,
)
# Push-back that names the assistant's own suggestion or questions: push-back even beside an answer.
_PUSHBACK_NAMED = re.compile(
    r"\byou (?:suggested|proposed|recommended|keep suggesting)\b|\byour (?:plan|recommendation|suggestion) (?:says|said)\b"
    r"|\blike (?:your|the) plan says\b|\bstop (?:pushing|asking|making (?:me|us))\b|\bjust pick something\b"
    r"|\b(?:drop|remove|take) (?:that|it|this) (?:out )?(?:from|of) the plan\b|\b(?:way|far|much) too (?:long|slow|expensive|complicated|complex|big|much)\b"
    r"|\bdon'?t want (?:a |an |the )?[\w-]+ at all\b|\bskip all (?:these|those|the) questions\b"
    # Speaking to the assistant about what it assumes or proposes: push-back even when it also answers.
    r"|\byou(?:'re| are)? (?:keep|kept) (?:saying|pushing|assuming|suggesting|recommending|steering|adding|putting|asking)\b"
    r"|\byou'?re (?:assuming|overthinking|overdoing|over-?engineering|going to (?:tell|suggest|recommend))\b"
    r"|\byour (?:plan|last summary|summary|suggestion|recommendation|proposal|form|[\w-]+ (?:suggestion|setup|plan))\b"
    r"|\bwhatever (?:[\w-]+ ){0,3}(?:you (?:recommend|suggest|propose)|you'?re about to)\b"
    r"|\bstop (?:steering|suggesting|recommending|proposing|assuming)\b"
    # Refusing the effort a plan might ask for: buying hardware, labelling, staffing a review step.
    r"|\b(?:won'?t|will not|(?:are |'re )?not going to|aren'?t going to|not|never going to) (?:buy|buying|label|labell?ing|staff|hire|pay for)\b"
    r"|\b(?:don'?t|do not) (?:want to|plan(?: any)?|put us on) (?:buy|label|staff|hardware|gpu)"
    r"|\bdrop the (?:plan to|[\w-]+ (?:part|requirement|step|bit|idea))\b"
    r"|\b(?:is|'s|are|sounds) (?:unrealistic|not realistic|(?:way )?too aggressive)\b|\bdon'?t give us an?\b"
    r"|\bi don'?t (?:get|see|understand) why\b[^.?!]{0,40}\bmatters?\b"
    r"|\b(?:don'?t|do not|never) want\b[^.?!]{0,25}\b(?:'?actions'?|calling (?:any )?apis?|api calls|a human (?:checking|reviewing))",
    _I,
)
_PUSHBACK = re.compile(
    r"\b(?:drop|remove|forget|scrap|ditch|lose|skip)\b[^.?!]{0,30}\b(?:step|rag|fine[- ]?tun\w*|rlhf|peft|lora|rung|agent|guardrails?)\b"
    r"|\b(?:rather|prefer to|prefer) (?:just )?(?:use|go with|have)\b|\binstead of (?:a|an|the)? ?(?:separate|own|self-hosted|hosted|fine)"
    r"|\boverkill\b|\btoo (?:complex|complicated|expensive|much)\b|\bhas to live in\b|\bhand (?:it )?over to a (?:human|person|agent)\b"
    r"|\b(?:plug-?in|add-?in) for\b|\bdon'?t (?:want|need) (?:the )?(?:fine[- ]?tun|rag|rlhf|agent)"
    r"|\bwe just need a prompt\b|\bthe recommendation is\b|\bi disagree\b|\bthat'?s wrong\b"
    r"|\bwhy (?:does|did|do) (?:the plan|it|you) (?:keep )?(?:say|saying|recommend|recommending|suggest|suggesting|want)\b"
    r"|\bdon'?t want to (?:manage|run|host|maintain|operate|look after|babysit)\b"
    r"|\bnot (?:building|training|going to build|going to train|pretraining) (?:our|an?) own\b"
    r"|\b(?:skip|cut|drop) the [\w-]+ (?:part|step|phase|stage)\b|\bforget (?:that|this|the [\w-]+) part\b"
    r"|\b(?:don'?t|do not) plan for\b|\b(?:in|from) the plan\?|\bwe can'?t do an? [\w-]+ plan\b"
    r"|\b(?:don'?t|do not) want an? [\w -]{0,25}\b(?:step|phase|stage)\b|\b(?:has|have) to (?:answer|live|run|work) inside\b"
    # Rhetorical questions and imperatives against what the plan proposes.
    r"|\b(?:stop|quit) (?:suggesting|recommending|proposing|pushing|adding)\b"
    r"|\b(?:drop|remove|scrap|ditch|take out|cut)\b[^.?!]{0,30}\b(?:phase|stage|part)\b"
    r"|\b(?:do we|does it|does this) (?:really|actually|even) need\b|\bwhy would we\b|\bcan'?t (?:it|we|you) just\b"
    r"|\bwhy does (?:the|it|this) [\w ]{0,20}(?:even )?matter\b|\bwhy does it have to be\b"
    r"|\bisn'?t [^.?!]{0,40}\btoo (?:long|short|slow|much|expensive|big|complex|complicated)\b"
    r"|\bwhy (?:does|do|would) (?:it|we|this) (?:need|have to|require)\b"
    # Model choices: candidates and the approach (existing model or pretrain).
    r"|\b(?:drop|remove|scrap|ditch|lose|take out|exclude|add|include)\b[^.?!]{0,40}\b(?:candidates?|shortlist)\b"
    r"|\b(?:rather|prefer|want to|would like to|let'?s)\b[^.?!]{0,25}\bpre-?train"
    r"|\b(?:instead of|rather than|no need to|don'?t (?:want|need) to) pre-?train"
    r"|\b(?:existing|off[- ]the[- ]shelf|pretrained) model instead\b",
    _I,
)
_FILLER_LEAD = re.compile(
    r"^\W*(?:(?:wait|hmm+|oh|sorry|ok(?:ay)?|so|btw|quick q(?:uestion)?|one thing)[,:!.]*\s+)+", _I
)
_SAYS_CORRECTION = re.compile(r"^\W*(?:correction|update|edit)\s*[:!-]", _I)
_CORRECTION = re.compile(
    r"^(?:(?:hmm+|uh+|um+|oh|ok(?:ay)?|no)[,.!]?\s+)?(?:let me rephrase|to rephrase|no[,.!]?\s+wait|wait\b|wait[,.!]?\s+no|actually|correction|sorry[,.]?\s+(?:that'?s|we do|it'?s|i meant?|wrong\b)|wrong[,:!]|scratch\b|oh no\b|no[,.]\s+(?:the|it'?s|one|we)\b|i meant\b|update:)"
    # "sorry i said classification but we actually need …": the team names its own earlier answer.
    r"|\b(?:i|we) (?:said|put|wrote|answered)\s+[^.!?]{1,40}?\s(?:but|no)\b"
    r"|\bnot\s+\w+\s*[-,]\s*(?:too many|my bad)\b|\bafter all\b|\bthey moved\b|\b(?:we )?now have\b|\b, not (?:weeks|days|per day|daily|\d)",
    _I,
)
_QUESTION_WORD = re.compile(
    r"^(?:what|how|why|when|which|who|where|can|could|should|would|is|are|does|do|will|explain|tell me|define)\b", _I
)
# A question that is really an answer in question form: a tag question or an unsure guess.
_TAG_QUESTION = re.compile(
    r"(?:,|\s)(?:don'?t we|right|isn'?t it|no|yes|or not|would that count|does that count)\s*\?\s*$", _I
)
_CHATTER = re.compile(
    r"[\U0001F602\U0001F923\U0001F629\U0001F605\U0001F644\U0001F62D\U0001F62B]\s*$"  # a joke or a sigh, not a question
    r"|^(?:hang on|hold on|one sec|brb|sorry|lol|haha|ugh|oops|wait a (?:sec|moment)|is it lunch)\b|\bjust joined\b|\bcatch (?:him|her|them) up\b|\bparking\b|\blunch\b|\bchristmas party\b|\b(?:take|have) a (?:[\w-]+ ){0,2}break\b|\bcoffee\b",
    _I,
)
_COMMAND_WORDS = 7
# The interview's own topics: "skip the data part" leaves a question, "skip the RAG part" pushes back.
_TOPIC = r"(?:data|privacy|budget|money|timeline|load|volume|domain|quality|tasks?|use case|languages?|numbers)"
_SKIP_THIS = re.compile(rf"^{_POLITE}skip (?:this|that|it)(?: one| question)?(?: for now)?\s*(?:[,.;:-]|$)", _I)
# A command word set off from a reason: "back — I want to change the use case", "next question pls, our data is a mess".
_COMMAND_THEN_REASON = re.compile(
    rf"^{_POLITE}(?:(?P<skip>skip(?: this| that| it)?(?: one| question)?(?: for now)?|next question(?: pls| please)?"
    rf"|skip (?:the )?{_TOPIC}(?: part| question| bit| stuff)?(?: for now)?)"
    r"|(?P<back>(?:go )?back(?: one)?))\s*(?:[,;:\u2013\u2014-]|\.\s)",
    _I,
)


def rule_intent(message: str, *, answer_found: bool) -> IntentGuess | None:
    """The intent the rules are sure of, or None when they are not."""
    text = message.strip()
    short = len(text.split()) <= _COMMAND_WORDS
    for command, pattern in COMMANDS:
        # "skip this one, we'll come back to budget later": a longer skip says which question it leaves.
        skips_this = command == "skip" and _SKIP_THIS.match(text) is not None
        if (
            pattern.match(text)
            and (short or skips_this or command in ("restart", "finish"))
            and len(text.split()) <= 12
        ):
            return IntentGuess(intent="command", confidence=0.95, command=command)
    if (m := _COMMAND_THEN_REASON.match(text)) is not None:
        return IntentGuess(intent="command", confidence=0.9, command="skip" if m["skip"] else "back")
    if _APP_HELP.search(text) or (_APP_HELP_SOFT.search(text) and not answer_found):
        return IntentGuess(intent="app_help", confidence=0.9)
    if (lead := _FILLER_LEAD.match(text)) is not None and is_question(text[lead.end() :]):
        rest = text[lead.end() :]
        if not _TAG_QUESTION.search(rest) and not _APP_HELP.search(rest):
            # "wait, what does fine-tuning cost roughly?": a question after a filler word, not a correction.
            return IntentGuess(intent="knowledge_question", confidence=0.8)
    if _SAYS_CORRECTION.match(text):  # "correction: drop the chat part" says what it is
        return IntentGuess(intent="correction", confidence=0.9)
    if _PUSHBACK_NAMED.search(text) or (_PUSHBACK.search(text) and not answer_found):
        return IntentGuess(intent="pushback", confidence=0.85)
    if _CORRECTION.search(text):
        return IntentGuess(intent="correction", confidence=0.85)
    if _CHATTER.search(text) and not answer_found:
        return IntentGuess(intent="answer", confidence=0.8, chatter=True)
    if is_question(text) and not _TAG_QUESTION.search(text):
        return IntentGuess(intent="knowledge_question", confidence=0.8)
    return None


def looks_like_correction(message: str) -> bool:
    return bool(_CORRECTION.search(message.strip()))


# Question words as people mistype them ("waht", "hwo", "whta"): one swapped or dropped letter.
_TYPED_QUESTION_WORDS = {"waht", "whta", "wat", "hwo", "hw", "wy", "whcih", "wich", "waht's", "whats", "hows"}


_OFFERS_ANSWER = re.compile(
    r"\b(?:count|counts|qualify|qualifies|do|does|work|be enough|suffice)\s*\?\s*$|\b(?:count|counts|qualify) as\b[^?]{0,30}\?\s*$",
    _I,
)


def is_question(message: str) -> bool:
    """A real question: a question word first (typos allowed), and the question mark (if any) closes it."""
    text = message.strip()
    parts = re.split(r"(?<=[?.!])\s+", text.rstrip("?") + ("?" if text.endswith("?") else ""))
    first = parts[0].split(maxsplit=1)[0].lower() if parts[0].split() else ""
    typed = first in _TYPED_QUESTION_WORDS
    asks = bool(_QUESTION_WORD.match(parts[0])) or typed
    if asks and len(parts) > 1:
        # "do documents need cleaning for RAG? ours are mostly scans": a full question, then a little
        # context or a second question, is still a question. An answer after a one-word "what?" is not.
        rest = " ".join(parts[1:])
        offers = _OFFERS_ANSWER.search(parts[0]) is not None  # "does a SharePoint with procedures count?"
        return parts[0].endswith("?") and len(parts[0].split()) >= 4 and len(rest.split()) <= 12 and not offers
    return asks


# --------------------------------------------------------------------------- examples
@lru_cache(maxsize=1)
def examples() -> dict[str, list[str]]:
    data = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return {str(k): [str(x) for x in v] for k, v in data.items()}


class IntentClassifier:
    """Rules first; embedding similarity to example utterances decides what the rules leave open."""

    def __init__(self, embed: EmbedFn | None = None) -> None:
        self.embed = embed
        self._matrix: np.ndarray | None = None
        self._labels: list[str] = []

    def _examples(self) -> tuple[np.ndarray, list[str]]:
        if self._matrix is None and self.embed is not None:
            labels, texts = [], []
            for intent, utterances in examples().items():
                labels += [intent] * len(utterances)
                texts += utterances
            self._matrix = _unit(np.asarray(self.embed(texts), dtype=np.float32))
            self._labels = labels
        assert self._matrix is not None
        return self._matrix, self._labels

    def similarities(self, message: str) -> dict[str, float]:
        """Best cosine similarity to each intent's examples ({} without an embedding function)."""
        if self.embed is None:
            return {}
        matrix, labels = self._examples()
        vector = _unit(np.asarray(self.embed([message]), dtype=np.float32))[0]
        scores = matrix @ vector
        best: dict[str, float] = {}
        for label, score in zip(labels, scores, strict=True):
            best[label] = max(best.get(label, -1.0), float(score))
        return best

    def classify(self, message: str, *, answer_found: bool) -> IntentGuess:
        ruled = rule_intent(message, answer_found=answer_found)
        if ruled is not None and (ruled.intent == "knowledge_question" or ruled.chatter) and self.embed is not None:
            # The rules see a question or an aside by its form; a question about this app itself ("will the
            # plan show a gantt chart?", "sorry, can you list the options again?") is help, when the
            # examples say so clearly.
            similar = self.similarities(message)
            app, other = similar.get("app_help", 0.0), similar.get(ruled.intent, similar.get("answer", 0.0))
            if app >= SURE and app - max(other, similar.get("knowledge_question", 0.0)) >= MARGIN:
                return IntentGuess(intent="app_help", confidence=round(app, 3))
        if ruled is not None:
            return ruled
        similar = self.similarities(message)
        if not similar:
            return IntentGuess(intent="answer", confidence=0.6)
        ranked = sorted(similar.items(), key=lambda kv: kv[1], reverse=True)
        (top, top_score), (second, second_score) = ranked[0], ranked[1]
        answer_score = similar.get("answer", 0.0)
        # The examples only move a message away from "answer" when they are clearly closer:
        # a wrong "question" or "command" loses an answer, which costs more than the reverse.
        if top != "answer" and (answer_found or top_score < SURE or top_score - answer_score < MARGIN):
            top, top_score = "answer", answer_score
        intent: Intent = top if top in _INTENTS else "answer"  # type: ignore[assignment]
        if intent == "command" and len(message.split()) > _COMMAND_WORDS:
            intent = "answer"
        return IntentGuess(
            intent=intent,
            confidence=round(max(0.0, top_score), 3),
            runner_up=second if second in _INTENTS else None,
            close=top_score - second_score < CLOSE,
        )


_INTENTS = {"answer", "correction", "knowledge_question", "app_help", "command", "pushback"}


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)
