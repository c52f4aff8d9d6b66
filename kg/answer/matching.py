"""Words of a question without spaCy: a light stemmer, stop words, n-grams.

General resources only: no synonym table, no phrase written to catch a question.

>>> stem("separated"), stem("separates"), stem("parsing"), stem("facial"), stem("faces")
('separat', 'separat', 'pars', 'fac', 'fac')
>>> [w.stem for w in words("Face-parsing of 3D faces!")]
['fac', 'pars', 'of', '3d', 'fac']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[a-z]+)?")

# Function words and question scaffolding: never evidence of what a question is about.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren as at be because been before being
below between both but by can cannot could did do does doing don down during each even ever every few
for from further get gets getting got had has have having he her here hers herself him himself his how
i if in into is isn it its itself just let lets like ll me more most much my myself no nor not now of
off on once only or other our ours out over own re really same she should so some such than that the
their theirs them then there these they this those through to too under until up us very was we well
were what when where which while who whom why will with within without would you your yours
there's it's i'm i've what's how's that's one way ways thing things something kind sort lot lots
use used using uses want wants need needs make makes made able possible work works worked
ai model models system systems tool tools app apps method methods approach approaches technique
techniques paper papers research researcher researchers exist existing exists anyone someone
really actually still yet already just quite pretty good better best great new old show shows
tell told say says know find found look looked looks see seen give gave given go goes went take took
""".split())

_MIN_STEM = 3


def stem(word: str) -> str:
    """A light stemmer: plural, -ing, -ed, -ly, -ial and a final e folded (good enough to match phrases)."""
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= _MIN_STEM:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ingly", "edly", "ing", "ed", "ly", "ial"):
        if w.endswith(suffix) and len(w) - len(suffix) >= _MIN_STEM:
            w = w[: -len(suffix)]
            if suffix in ("ing", "ed", "ingly", "edly") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # running → run
            break
    if w.endswith("e") and len(w) > _MIN_STEM:
        w = w[:-1]
    if w.endswith("y") and len(w) > _MIN_STEM + 1:
        w = w[:-1] + "i"
    return w


@dataclass(frozen=True)
class Word:
    text: str
    stem: str
    start: int

    @property
    def content(self) -> bool:
        return self.text.lower() not in STOPWORDS and len(self.text) > 1


def words(text: str) -> list[Word]:
    """The question's words with their light stems, in order."""
    return [Word(m.group(), stem(m.group()), m.start()) for m in _WORD.finditer(text)]


def content_stems(text: str) -> tuple[str, ...]:
    """Distinct stems of the content words (stop words left out), in order of first use.

    >>> content_stems("How do I separate the facial parts of faces?")
    ('separat', 'fac', 'part')
    """
    seen = []
    for w in words(text):
        if w.content and w.stem not in seen:
            seen.append(w.stem)
    return tuple(seen)


def ngrams(question_words: list[Word], longest: int = 4) -> list[str]:
    """Word n-grams (1..longest) of the question that could name a node (content words at both ends).

    >>> ngrams(words("face parsing under makeup"), 2)
    ['face', 'parsing', 'makeup', 'face parsing']
    """
    out = []
    for size in range(1, longest + 1):
        for i in range(len(question_words) - size + 1):
            chunk = question_words[i:i + size]
            if not chunk[0].content or not chunk[-1].content:
                continue
            out.append(" ".join(w.text for w in chunk))
    return out
