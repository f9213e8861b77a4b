"""Sentences of a paragraph, with their offsets, for the event stage.

A period ends a sentence unless it ends an abbreviation ("Adm.", "p.m.",
"U.S.") or an initial; cables are regular enough that this beats a model.

Text is untrusted: a "sentence" longer than MAX_SENTENCE characters (a table
dump, OCR without punctuation) is cut at spaces into pieces of at most that
size, so the event stage's per-sentence work stays bounded and no quote grows
without limit. Real sentences are far shorter (the longest in the seeds is
under 500 characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "adm gen col lt capt sgt cdr mr mrs ms dr st no nos vs inc jr sr approx dept est govt amb"
    " jan feb mar apr jun jul aug sep sept oct nov dec ref refs para paras e.g i.e a.m p.m u.s u.n".split()
)
#: a sentence ends before a capital, a digit or a list item's marker ("-- April 9: ...")
_END = re.compile(r"[.!?](?:[\"”’')\]]*)(?=\s+(?:[\"“(\[]?[A-Z0-9¶]|--|[•*]\s))|\n[ \t]*\n")
_LAST_WORD = re.compile(r"([\w.]+)\.$")
MAX_SENTENCE = 2000


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset in the paragraph text
    end: int


def sentences_from(text: str) -> Iterator[Sentence]:
    """Split ``text`` into sentences.

    >>> [s.text for s in sentences_from("Adm. Montoya spoke at 6:45 p.m. Police left. Then rain.")]
    ['Adm. Montoya spoke at 6:45 p.m. Police left.', 'Then rain.']
    >>> [s.text for s in sentences_from("Two died. -- May 2, in Pichari: a bomb.")]
    ['Two died.', '-- May 2, in Pichari: a bomb.']
    >>> [s.text for s in sentences_from("Police came on May 3. Rebels left. J. Ruiz spoke.")]
    ['Police came on May 3.', 'Rebels left.', 'J. Ruiz spoke.']
    """
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        word = _LAST_WORD.search(text, max(start, end - 12), end)
        if word and text[end - 1] == "." and (word.group(1).lower() in _ABBREVIATIONS or _initial(word.group(1))):
            continue
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _initial(word: str) -> bool:
    """An initial ("J. Smith"), not a day ("on March 3.") or a count ending the sentence."""
    return len(word) == 1 and word.isalpha()


def _trimmed(text: str, start: int, end: int) -> Iterator[Sentence]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    start += len(chunk) - len(chunk.lstrip())
    end = start + len(stripped)
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE + 1)
        cut = cut if cut > start else start + MAX_SENTENCE  # one word longer than the limit: cut inside it
        yield from _trimmed(text, start, cut)
        start = cut
        while text[start].isspace():
            start += 1
    yield Sentence(text[start:end], start, end)
