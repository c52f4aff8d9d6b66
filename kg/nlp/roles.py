"""What a sentence does in its paper: states the contribution, reports a result, or gives background.

General cues only: a first-person or "this paper" proposal verb, or the name of the paper's own
method, marks a contribution; a comparison verb or a measured number marks a result; anything
else is background. :func:`order_evidence` puts a paper's sentences in the order an answer
should quote them.

>>> sentence_role("We propose FaceCom, a method for 3D facial shape completion.")
'contribution'
>>> sentence_role("Our method outperforms prior work by 4.2% on CelebAMask-HQ.")
'result'
>>> sentence_role("Dynamic Facial Expression Recognition is crucial for understanding human behavior.")
'background'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

ROLES = ("contribution", "result", "background")

_PROPOSAL = re.compile(
    r"\b(?:we|(?:this|the) (?:paper|work|study|article|letter|report)|the authors|here|our (?:paper|work|study))\b[^.;]{0,80}?"
    r"\b(?:propos|present|introduc|develop|design|devis|build|construct|releas|contribut|describ|formulat|creat"
    r"|explor|investigat|stud|analy[sz]|examin)"
    r"(?:e|es|ed|ing|s|y|ies|ied)?\b", re.IGNORECASE)
_RESULT = re.compile(
    r"\b(?:outperform|surpass|exceed|beat|improve[sd]?|improving|boost|reduce[sd]?|gains?)\b"
    r"|\b(?:achiev|obtain|attain|yield|set|establish|reach)\w*\b[^.;]{0,60}?\b(?:state[- ]of[- ]the[- ]art|sota|best|superior|competitive|accuracy|performance|results?)\b"
    r"|\b(?:experiments?|results?|evaluations?)\b[^.;]{0,40}?\b(?:show|demonstrate|confirm|indicate|reveal|verify|validate)\w*\b"
    r"|\d(?:\.\d+)?\s?(?:%|×|x\b|times\b|dB\b|points?\b|fps\b)|\b\d+\.\d+\b",
    re.IGNORECASE)
# Tiers of :func:`order_evidence`, best first.
TIER_CONTRIBUTION, TIER_ON_TOPIC, TIER_RESULT, TIER_BACKGROUND = range(4)
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SUFFIX = re.compile(r"(?:ations?|ings?|ed|es|s|e)$")


def sentence_role(sentence: str, methods=()) -> str:
    """``contribution``, ``result`` or ``background``; `methods` are the names of the paper's own methods.

    >>> sentence_role("FaceCom completes scans with missing regions.", methods=["FaceCom"])
    'contribution'
    """
    from kg.nlp.links import without_links

    sentence = without_links(sentence)
    if is_proposal(sentence):
        return "contribution"
    if _RESULT.search(sentence):
        return "result"
    if any(_names(sentence, method) for method in methods):
        return "contribution"
    return "background"


def is_proposal(sentence: str) -> bool:
    """The sentence states what the paper itself does ("we propose", "this paper presents" ...).

    >>> is_proposal("In this paper, we present SketchMetaFace."), is_proposal("Prior work proposed X.")
    (True, False)
    """
    return _PROPOSAL.search(sentence) is not None


def _names(sentence: str, name: str) -> bool:
    return bool(name) and re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", sentence) is not None


def stems(text: str) -> set[str]:
    """Lower-case word stems (a light suffix strip), for comparing a sentence with a question.

    >>> sorted(stems("Parsing faces under makeup"))
    ['fac', 'makeup', 'pars', 'under']
    """
    return {_SUFFIX.sub("", word) or word for word in _WORD.findall(text.lower())}


@dataclass(frozen=True)
class Quote:
    """A sentence of a paper: `text` is the raw span shown (offsets `start`/`end` into `field`'s
    raw text), `clean` the cleaned sentence used for matching, `role` what it does."""

    text: str
    doc: str
    field: str
    start: int
    end: int
    clean: str
    role: str = "background"

    def to_dict(self) -> dict:
        return {"text": self.text, "doc": self.doc, "field": self.field, "start": self.start, "end": self.end,
                "role": self.role}


def order_evidence(quotes, *, task_names=(), question_words=()) -> list[Quote]:
    """`quotes` best first: contributions, then sentences naming the chosen task or sharing the
    question's distinguishing words, then results, then background; within a tier, more shared
    question words first, then text order.

    >>> quotes = [Quote(s, "paper:1", "abstract", 0, 0, s, sentence_role(s)) for s in (
    ...     "Faces matter.", "It reaches 91.2% accuracy.", "Face parsing under makeup is hard.", "We propose X.")]
    >>> [q.text for q in order_evidence(quotes, task_names=["face parsing"], question_words=["makeup"])]
    ['We propose X.', 'Face parsing under makeup is hard.', 'It reaches 91.2% accuracy.', 'Faces matter.']
    """
    wanted = {stem for word in question_words for stem in stems(word)}
    tasks = [name for name in task_names if name]

    def key(item):
        position, quote = item
        shared = len(stems(quote.clean) & wanted)
        on_topic = shared > 0 or any(_names(quote.clean.lower(), name.lower()) for name in tasks)
        tier = {"contribution": TIER_CONTRIBUTION, "result": TIER_RESULT}.get(quote.role, TIER_BACKGROUND)
        if on_topic and tier > TIER_ON_TOPIC:
            tier = TIER_ON_TOPIC
        return tier, -shared, position

    return [quote for _, quote in sorted(enumerate(quotes), key=key)]


def with_roles(quotes, methods=()) -> list[Quote]:
    """`quotes` with their :func:`sentence_role` set (read on the cleaned sentence).

    >>> [q.role for q in with_roles([Quote("X", "paper:1", "title", 0, 1, "X does it.")], methods=["X"])]
    ['contribution']
    """
    return [replace(quote, role=sentence_role(quote.clean, methods)) for quote in quotes]


def method_names(proposed) -> list[str]:
    """The names of a paper's own methods, from (name, field, sentence) of its proposal edges: a name
    counts when its evidence is the title or a proposal sentence that writes it.

    >>> method_names([("FaceCom", "title", "FaceCom: Towards..."), ("RoIs", "abstract", "We propose RoI warping."),
    ...               ("Multi-modal", "abstract", "Current methods are multi-modal.")])
    ['FaceCom']
    """
    return sorted({name for name, field, sentence in proposed
                   if _names(sentence, name) and (field == "title" or is_proposal(sentence))})


def paper_quotes(conn, paper_id: int) -> list[Quote]:
    """Every sentence of a stored paper (title, abstract, sections) as a :class:`Quote` with its role.

    Sentences are found in the cleaned text and shown as their raw spans; a sentence whose raw span
    cannot be told is left out rather than shown cleaned.
    """
    from kg.nlp.sentences import split_sentences
    from kg.store.evidence import RawQuotes, paper_fields, proposals

    doc = f"paper:{paper_id}"
    raw = RawQuotes(conn, doc)
    methods = method_names(proposals(conn, doc))
    quotes = []
    for field, cleaned in paper_fields(conn, paper_id):
        for span in split_sentences(cleaned):
            quoted = raw.quote(field, cleaned, span)
            if quoted:
                clean = cleaned[span[0]:span[1]]
                quotes.append(Quote(quoted[2], doc, field, quoted[0], quoted[1], clean, sentence_role(clean, methods)))
    return quotes


def ranked_quotes(conn, paper_id: int, *, task_names=(), question_words=(), with_title: bool = False) -> list[Quote]:
    """A paper's sentences best first for an answer: :func:`paper_quotes` in :func:`order_evidence` order.

    The title is left out unless `with_title` (an answer prints it anyway), and so are sentences that state nothing
    (:func:`states_something`). Text output shows the first two; JSON keeps them all with their role
    (:meth:`Quote.to_dict`).
    """
    quotes = [quote for quote in paper_quotes(conn, paper_id)
              if (with_title or quote.field != "title") and states_something(quote.clean)]
    return order_evidence(quotes, task_names=task_names, question_words=question_words)


def states_something(sentence: str) -> bool:
    """A sentence that claims something: not a question (a Q&A note's headings, "Can LLMs plan?") nor words that only
    announce what follows ("The key points are:"); neither is evidence of a claim.

    >>> states_something("We propose X."), states_something("What is the main contribution?"), states_something("In short:")
    (True, False, False)
    """
    return not sentence.rstrip(" *_)\"'").endswith(("?", ":"))


_OTHERS_OR_LATER = re.compile(r"\bfuture\b|\blimitations?\b|\bcompar(?:e|es|ed|ison)\b|\b(?:related|other|prior) (?:work|research)",
                              re.IGNORECASE)


def about_own_work(heading: str) -> bool:
    """Whether a Q&A note's section, by its heading, tells what the paper itself does: not its future directions,
    limitations, or how it compares to other research (the tasks, numbers and methods named there are others' or
    not yet done).

    >>> about_own_work("What is the main contribution of this paper?")
    True
    >>> about_own_work("What future research directions do the authors suggest?")
    False
    >>> about_own_work("How does this paper compare to other research in the same field?")
    False
    """
    return _OTHERS_OR_LATER.search(heading) is None

