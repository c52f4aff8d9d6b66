"""Sentence spans by rule, with no spaCy: the NLP pass, links, evidence roles and quotes all split text here."""
from __future__ import annotations

import re

_SENTENCE_BREAK = re.compile(r"""[.!?]["')\]]*(?=\s+["'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)"""
                             r"|(?<=[a-z]{2})\.(?=[A-Z][a-z]{2,})")  # "...of occlusions.While": a space left out
_WORD_BEFORE = re.compile(r"(?<![\w./@-])[a-z]+\.$")  # a word of its own before that dot, not "torch.nn.Module"
_NO_BREAK_AFTER = re.compile(r"(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|No|Dr|Mr|Ms|Prof|approx|resp|w\.r\.t)"
                             r"|\b[A-Z])\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by rule: ., ! or ? before a capital or digit, not after "e.g.", "et al." or an initial.

    Every span is trimmed of surrounding white space.

    >>> text = "We use NeRF, e.g. for heads. It works (see Fig. 2). Done!"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['We use NeRF, e.g. for heads.', 'It works (see Fig. 2).', 'Done!']

    A full stop with its space left out ends a sentence after a plain word, not inside a name:

    >>> text = "It handles occlusions.While fast, torch.nn.Module and www.idiap.Ch stay whole."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['It handles occlusions.', 'While fast, torch.nn.Module and www.idiap.Ch stay whole.']
    """
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if text[match.start()] == "." and _NO_BREAK_AFTER.search(text, max(0, match.end() - 12), match.start() + 1):
            continue
        if match.end() == match.start() + 1 and not text[match.end():match.end() + 1].isspace() \
                and not _WORD_BEFORE.search(text, max(0, match.start() - 40), match.end()):
            continue  # no space after the dot: only after a plain word ("occlusions.While"), not in a name or a URL
        _add_span(spans, text, start, match.end())
        start = match.end()
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
