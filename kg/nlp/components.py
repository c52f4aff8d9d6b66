"""kg's spaCy components, registered with spaCy when this module is imported.

Each component is one step and leaves its result in a public ``Doc`` extension:

- ``kg_sentences`` — ``doc._.kg_sentences``, sentence ``(start, end)`` character spans (the parser's
  when the pipeline has one, else by rule on the text, so no Token objects are made);
- ``kg_vocabulary`` — ``doc._.kg_vocabulary``, phrase matches of the curated vocabulary, and
  ``doc._.kg_heads``, the character spans of head words (:data:`kg.nlp.rules.HEAD_WORDS`), and
  ``doc._.kg_cues``, the offsets of the sentence rules' cue words, in one PhraseMatcher pass;
- ``kg_rules`` — ``doc._.kg_candidates``, names, datasets and tasks found by :mod:`kg.nlp.rules`
  (the title rules too when ``doc._.kg_title`` is set);
- ``kg_abbreviations`` — ``doc._.kg_pairs``, ``long form (ABBR)`` pairs;
- ``kg_canonical`` — ``doc._.kg_mentions``, the resolved :class:`kg.nlp.pipeline.Mention` list.
- ``kg_results`` — ``doc._.kg_results``, the :class:`kg.nlp.results.Result` records (numbers papers report).

Every component reads the text from ``doc._.kg_text``, which :class:`TextKeepingTokenizer` sets.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
>>> doc = nlp.add_pipe("kg_sentences")(nlp("It works. We use NeRF."))
>>> doc._.kg_sentences
[(0, 9), (10, 22)]
"""
from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from kg.nlp import rules
from kg.nlp.lexicon import load_lexicon
from kg.nlp.sentences import split_sentences

EXTENSIONS = ("kg_text", "kg_title", "kg_sentences", "kg_vocabulary", "kg_heads", "kg_cues", "kg_candidates", "kg_pairs", "kg_mentions",
              "kg_results")
for _name in EXTENSIONS:
    Doc.set_extension(_name, default=None, force=True)


#: The rules that read one sentence, each with the cue words (whole tokens, in lower case) one of which a sentence
#: must hold for the rule to find anything there. The vocabulary matcher finds them in its one pass over a doc.
SENTENCE_RULES = {
    "proposal_names": (rules.proposal_names, """propose proposes proposed present presents presented introduce
        introduces introduced develop develops developed design designs designed build builds devise devises devised
        contribute contributes contributed offer offers offered provide provides provided release releases released
        construct constructs constructed collect collects collected curate curates curated create creates created
        establish establishes established""".split()),
    "called_names": (rules.called_names, "called dubbed named termed coined namely denoted referred".split()),
    "dataset_names": (rules.dataset_names, """dataset datasets benchmark benchmarks corpus corpora database databases
        treebank treebanks""".split()),
    "evaluated_on_names": (rules.evaluated_on_names, """train trained test tested evaluate evaluated experiments
        results performance""".split()),
    "task_phrases": (rules.task_phrases, "task tasks problem problems challenge aims seeks attempts".split()),
    "purpose_tasks": (rules.purpose_tasks, sorted(rules.PURPOSE_HEADS)),
    "coordinated_names": (rules.coordinated_names, "datasets corpora benchmarks treebanks metrics measures tasks".split()),
}


#: a LaTeX tie "~" between a word or value and the next word, which abstracts written in LaTeX print for a space
#: ("Video Anomaly Detection~(VAD)", "On Argoverse~2", "20.71~dB"); not "1.6~9.8x" (a range) nor "(~40%)" (about)
LATEX_TIE = re.compile(r"(?<=[\w%)}])~(?=[A-Za-z(\\/])|(?<=[A-Za-z])~(?=\d)")


def as_read(text: str) -> str:
    """`text` as the rules read it: LaTeX ties as spaces, every other character where it was (offsets hold).

    >>> as_read("Video Anomaly Detection~(VAD) on Argoverse~2, about (~40%) or 1.6~9.8x faster")
    'Video Anomaly Detection (VAD) on Argoverse 2, about (~40%) or 1.6~9.8x faster'
    """
    return LATEX_TIE.sub(" ", text) if "~" in text else text


class TextKeepingTokenizer:
    """A pipeline's tokenizer that also keeps each doc's text, as the rules read it (:func:`as_read`), in
    ``doc._.kg_text``.

    The kg components read the text several times, and ``doc.text`` rebuilds it from the tokens
    on every access (as long as tokenizing takes a tenth of it).
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        text = as_read(text)
        doc = self.tokenizer(text)
        doc._.kg_text = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        return map(self, texts)


@Language.component("kg_sentences")
def sentences_component(doc: Doc) -> Doc:
    ext = doc._  # each ``doc._`` makes an accessor object: one per component
    if doc.has_annotation("SENT_START"):
        ext.kg_sentences = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        ext.kg_sentences = split_sentences(ext.kg_text)
    return doc


@Language.factory("kg_vocabulary")
class VocabularyMatcher:
    """One PhraseMatcher pass (on LOWER) over every vocabulary surface form and its hyphen/plural variants.

    Short acronyms are case-sensitive: they are matched on LOWER under a label of their own, and a
    match counts only when its tokens' ORTH are those of one of that label's patterns.
    """

    def __init__(self, nlp: Language, name: str = "kg_vocabulary"):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels = {}  # match id -> (type, None or the ORTH sequences of a case-sensitive label's patterns)
        # the phrases are tokenized by a copy of spaCy's tokenizer, which keeps the pipeline's tokenizer cache clean
        tokenizer = Tokenizer(nlp.vocab).from_bytes(getattr(nlp.tokenizer, "tokenizer", nlp.tokenizer).to_bytes(
            exclude=["vocab"]), exclude=["vocab"])
        for entity_type, surfaces in load_lexicon().phrases.items():
            for case_sensitive in (False, True):
                variants = {v if case_sensitive else v.lower() for surface, exact in surfaces if exact == case_sensitive
                            for v in _variants(surface, entity_type)}
                docs = list(tokenizer.pipe(sorted(variants)))
                label = f"{entity_type} (case-sensitive)" if case_sensitive else entity_type
                self.matcher.add(label, docs)
                orths = {tuple(t.orth for t in d) for d in docs} if case_sensitive else None
                self.labels[nlp.vocab.strings.add(label)] = (entity_type, orths)
        self.matcher.add("head", list(tokenizer.pipe(sorted(rules.HEAD_WORDS))))
        self.head = nlp.vocab.strings.add("head")
        self.cues = {}  # match id -> the name of the sentence rule it cues
        for name, (_, words) in SENTENCE_RULES.items():
            self.matcher.add(f"cue {name}", list(tokenizer.pipe(words)))
            self.cues[nlp.vocab.strings.add(f"cue {name}")] = name

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._
        text = ext.kg_text
        found, heads, cues = [], [], {}
        for match_id, start, end in self.matcher(doc):
            first = doc[start]
            last = first if end - start == 1 else doc[end - 1]
            start_char, end_char = first.idx, last.idx + len(last)
            if match_id == self.head:
                heads.append((start_char, end_char))
                continue
            if match_id in self.cues:
                cues.setdefault(self.cues[match_id], []).append(start_char)
                continue
            entity_type, orths = self.labels[match_id]
            if orths is not None and tuple(doc[i].orth for i in range(start, end)) not in orths:
                continue
            if not _glued_to_name(text, start_char, end_char):
                found.append((start_char, end_char, entity_type, "vocabulary"))
        ext.kg_vocabulary = found
        ext.kg_heads = heads
        ext.kg_cues = cues
        return doc


_SPLIT_NUMBER = re.compile(r"(?<=[A-Za-z])(?=\d+$)")


def _variants(surface: str, entity_type: str) -> set[str]:
    # "F 1", "WMT 14": text taken from PDFs often splits a name's closing number from its letters
    variants = {surface, surface.replace("-", " "), surface.replace(" ", "-"), _SPLIT_NUMBER.sub(" ", surface)}
    if surface[-1:].isalpha() and " " in surface:
        variants |= {v + "s" for v in list(variants) if not v.endswith("s")}
    if entity_type == "metric" and surface.isalpha() and surface.isupper() and len(surface) >= 4:
        variants.add(surface.title())  # "Bleu", "Rouge": metric acronyms are written as words too
    if entity_type == "metric" and surface.isalpha() and surface.islower() and surface.endswith("y"):
        variants.add(surface[:-1] + "ies")  # "accuracies": a plural in -s may be a verb ("the agent recalls")
    return {v for v in variants if v.strip()}


_GLUED_BEFORE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+^]*-$")
_GLUED_AFTER = re.compile(r"-[A-Z0-9]")


def _glued_to_name(text: str, start: int, end: int) -> bool:
    """A match that is only part of a hyphenated name: "SD" in "SD-DeTail", "Face" in "S2TD-Face".

    >>> _glued_to_name("a module called SD-DeTail", 16, 18), _glued_to_name("3DMM-based fitting", 0, 4)
    (True, False)
    """
    if _GLUED_AFTER.match(text, end):
        return True
    return text[start:start + 1].isupper() and bool(_GLUED_BEFORE.search(text[max(0, start - 12):start]))


def sentence_candidates(text: str, sentences: list[tuple[int, int]], cues: dict) -> list[rules.Candidate]:
    """The :data:`SENTENCE_RULES` over the ``(start, end)`` spans of `sentences` (in order) that hold their cue
    words, with offsets into `text`; `cues` maps a rule's name to the character offsets of its cue words.

    >>> text = "We use ImageNet. We propose FaceNet for face parsing."
    >>> [(c.text, c.rule, c.start) for c in sentence_candidates(text, [(0, 16), (17, 53)], {"proposal_names": [20]})]
    [('FaceNet', 'propose', 28)]
    """
    starts = [start for start, _ in sentences]
    found = []
    for name, (rule, _) in SENTENCE_RULES.items():
        for index in sorted({bisect.bisect_right(starts, position) - 1 for position in cues.get(name, ())} - {-1}):
            found += rule(text, *sentences[index])
    return found


def _vocabulary_metric_name(name: str) -> bool:
    """A vocabulary metric's name, as such or with a cut-off ("pass" of pass@k)."""
    lexicon = load_lexicon()
    return bool(lexicon.lookup("metric", name) or lexicon.lookup("metric", name + "@k"))


@Language.component("kg_rules")
def rules_component(doc: Doc) -> Doc:
    ext = doc._
    text = ext.kg_text
    candidates = rules.sized_names(text) + rules.metric_cutoffs(text, _vocabulary_metric_name) \
        + sentence_candidates(text, ext.kg_sentences, ext.kg_cues)
    names = [(start, end, kind) for start, end, kind, _ in ext.kg_vocabulary]
    candidates += rules.data_named_by_role(text, [(start, end) for start, end, kind in names if kind == "metric"])
    candidates += rules.names_coordinated_with(text, names + [(c.start, c.end, c.type) for c in candidates])
    candidates += filter(None, (rules.head_phrase(text, start, end) for start, end in ext.kg_heads))
    if ext.kg_title:
        named = rules.title_name(text)
        candidates += rules.title_tasks(text) + ([named] if named else [])
    ext.kg_candidates = candidates
    return doc


@Language.component("kg_abbreviations")
def abbreviations_component(doc: Doc) -> Doc:
    ext = doc._
    ext.kg_pairs = rules.abbreviation_pairs(ext.kg_text)
    return doc


@Language.component("kg_canonical")
def canonical_component(doc: Doc) -> Doc:
    from kg.nlp.resolve import resolve

    ext = doc._
    ext.kg_mentions = resolve(ext.kg_text, ext.kg_sentences, ext.kg_vocabulary, ext.kg_candidates, ext.kg_pairs)
    return doc


@Language.component("kg_results")
def results_component(doc: Doc) -> Doc:
    from kg.nlp.results import find_results

    ext = doc._
    ext.kg_results = find_results(ext.kg_text, ext.kg_sentences, ext.kg_mentions or ())
    return doc
