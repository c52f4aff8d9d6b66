"""The spaCy pipeline: ``spacy.blank("en")`` plus kg's own rule components.

:data:`COMPONENTS` lists the steps in order (see :mod:`kg.nlp.components`). :func:`extract` is a
pure function (text in, mentions out) so documents can be mapped over worker processes; spaCy
``Doc`` objects never leave this module.

>>> result = extract("We propose FaceCom, a method for 3D facial shape completion using Neural Radiance Fields (NeRFs).")
>>> sorted({(m.text, m.type) for m in result.mentions if m.rule != "head-word"})  # doctest: +NORMALIZE_WHITESPACE
[('3D facial shape completion', 'task'), ('FaceCom', 'model'), ('NeRFs', 'model'), ('Neural Radiance Fields', 'model')]
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field

from kg.nlp.resolve import NODE_RULES, PRIORITY, PROPOSAL_RULES, Mention  # noqa: F401  (the records and rule tables callers read)

#: The kg components, in pipeline order; a new step is added here, before ``kg_canonical`` if it proposes mentions.
COMPONENTS = ("kg_sentences", "kg_vocabulary", "kg_rules", "kg_abbreviations", "kg_canonical", "kg_results")


@dataclass
class Extraction:
    """What the NLP pass found in one text."""

    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    results: list = field(default_factory=list)  # kg.nlp.results.Result records

    def sentence_of(self, mention: Mention) -> str:
        return self.text[mention.sentence_start:mention.sentence_end]


def build_pipeline(model: str | None = None):
    """The kg pipeline on ``spacy.blank("en")`` (or an installed pipeline named `model`), built once per process:
    ``build_pipeline()`` and ``build_pipeline(None)`` are the same object.

    >>> build_pipeline().pipe_names[-1], build_pipeline() is build_pipeline(None)
    ('kg_results', True)
    """
    return _pipeline(model)


@functools.lru_cache(maxsize=2)  # keyed by the arguments as passed: called with `model` alone, positionally
def _pipeline(model: str | None):
    import spacy

    from kg.nlp.components import TextKeepingTokenizer  # registers the components too

    try:
        nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"]) if model else spacy.blank("en")
    except OSError:  # spaCy's E050: no package or folder of that name
        from kg.errors import UnknownPipeline

        raise UnknownPipeline(f"--spacy-model {model!r}: no spaCy pipeline of that name is installed (pip install it, "
                              "or leave the option out: kg's rules run on spacy.blank(\"en\"))") from None
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def extract(text: str, *, title: bool = False, model: str | None = None) -> Extraction:
    """Mentions of tasks, models, datasets and metrics in `text` (a pure function)."""
    return extract_many([text], titles=[title], model=model)[0]


def extract_many(texts, *, titles=None, model: str | None = None, batch_size: int = 256) -> list[Extraction]:
    """:func:`extract` over many texts, a batch of docs at a time.

    Each step of the pipeline reads a whole batch before the next step starts. ``nlp.pipe`` would pass
    each doc through all the steps that have no ``pipe`` method of their own (kg's) before it tokenizes
    the next text; a step that runs over many docs in a row keeps its code, patterns and tables in the
    CPU's caches (the pass takes about a tenth less time, bench/nlp_bench.py).

    >>> [len(e.sentences) for e in extract_many(["One. Two.", "Three."])]
    [2, 1]
    """
    from spacy.util import minibatch

    nlp = build_pipeline(model)
    found = []
    for batch in minibatch(zip(texts, titles or itertools.repeat(False)), batch_size):
        docs = [_make_doc(nlp, text, title) for text, title in batch]
        for _, step in nlp.pipeline:
            docs = list(step.pipe(docs, batch_size=batch_size)) if hasattr(step, "pipe") else [step(doc) for doc in docs]
        found += [Extraction(text, ext.kg_sentences, _as_written(text, ext.kg_mentions), ext.kg_results or [])
                  for (text, _), ext in zip(batch, (doc._ for doc in docs))]  # the text as given: it is quoted
    return found


def _as_written(text: str, mentions: list[Mention]) -> list[Mention]:
    """`mentions` with the surface `text` holds at their offsets (the rules read LaTeX ties as spaces)."""
    if "~" not in text:
        return mentions
    return [m if text[m.start:m.end] == m.text else m._replace(text=text[m.start:m.end]) for m in mentions]


def _make_doc(nlp, text: str, title: bool):
    doc = nlp.make_doc(text)
    if title:
        doc._.kg_title = True
    return doc
