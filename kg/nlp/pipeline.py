"""The spaCy pipeline: ``spacy.blank("en")`` plus kg's own rule components.

Components (registered with spaCy, each one step):

- ``kg_sentences`` — rule sentence boundaries on the text (no Token objects) for evidence;
- ``kg_vocabulary`` — phrase matching of the curated vocabulary (tasks, datasets,
  metrics, well-known methods), case-insensitive except for short acronyms;
- ``kg_rules`` — discovery of names, datasets and task phrases beyond the vocabulary;
- ``kg_abbreviations`` — ``long form (ABBR)`` pairs;
- ``kg_canonical`` — overlap resolution and canonical keys for every mention.

:func:`extract` is a pure function (text in, mentions out) so documents can be
mapped over worker processes; spaCy ``Doc`` objects never leave this module.

>>> result = extract("We propose FaceCom, a method for 3D facial shape completion using Neural Radiance Fields (NeRFs).")
>>> sorted({(m.text, m.type) for m in result.mentions if m.rule != "head-word"})  # doctest: +NORMALIZE_WHITESPACE
[('3D facial shape completion', 'task'), ('FaceCom', 'model'), ('NeRFs', 'model'), ('Neural Radiance Fields', 'model')]
"""
from __future__ import annotations

import bisect
import functools
import gc
import itertools
import operator
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.nlp import rules
from kg.nlp.lexicon import canonical_key, load_lexicon, name_form, task_form

PRIORITY = {
    "vocabulary": 0, "abbreviation": 1, "title-colon": 1, "propose": 1, "named": 1, "name-reuse": 2,
    "dataset-suffix": 2, "x-dataset": 2, "dataset-x": 2, "task-cue": 3, "head-word": 4,
}
#: Rules whose mentions are confident enough to become graph nodes of their own.
NODE_RULES = frozenset(PRIORITY) - {"head-word"}


class Mention(NamedTuple):
    """An entity mention: character offsets into the input, its type and canonical node.

    A named tuple rather than a frozen dataclass: the pass makes ~15 per abstract, and a tuple is
    made and freed several times faster than an object with a 12-key ``__dict__`` (measured). Fields
    are read by name; equality and hashing are by value as before.
    """

    text: str
    type: str
    start: int
    end: int
    key: str
    name: str
    rule: str
    in_vocabulary: bool
    sentence_start: int
    sentence_end: int
    parent: str | None = None  # for a new task: the vocabulary task it specialises
    long_form: str | None = None  # for an abbreviation: the long form it stands for


@dataclass
class Extraction:
    """What the NLP pass found in one text."""

    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    results: list = field(default_factory=list)  # kg.nlp.results.Result records

    def sentence_of(self, mention: Mention) -> str:
        return self.text[mention.sentence_start:mention.sentence_end]


def _set_extensions():
    from spacy.tokens import Doc

    Doc.set_extension("kg_vocabulary", default=None, force=True)
    Doc.set_extension("kg_candidates", default=None, force=True)
    Doc.set_extension("kg_pairs", default=None, force=True)
    Doc.set_extension("kg_mentions", default=None, force=True)


#: where ``doc._.<name>`` keeps its value: ``Underscore`` stores a Doc extension without getter or
#: setter in ``doc.user_data[("._.", name, None, None)]``; reading and writing it there skips building
#: an accessor per access (~1 µs each) and leaves ``doc._.<name>`` the same.
_KEYS = {name: ("._.", name, None, None) for name in ("kg_vocabulary", "kg_candidates", "kg_pairs", "kg_mentions")}


def _register_components():
    from spacy.language import Language

    if "kg_vocabulary" in Language.factories:
        return

    @Language.factory("kg_vocabulary", default_config={})
    def make_vocabulary_matcher(nlp, name):
        return VocabularyMatcher(nlp)

    @Language.component("kg_sentences")
    def sentence_component(doc):
        doc.user_data["kg_sentences"] = split_sentences(doc_text(doc))
        return doc

    @Language.component("kg_rules")
    def discovery_rules(doc):
        text = doc_text(doc)
        candidates = rules.sentence_candidates(text, sentence_spans(doc))
        # Head-word phrases never cross punctuation, so one pass over the whole text finds the same spans.
        candidates.extend(rules.head_phrases(text))
        if doc.user_data.get("kg_title"):
            named = rules.title_name(text)
            if named:
                candidates.append(named)
        doc.user_data[_KEYS["kg_candidates"]] = candidates
        return doc

    @Language.component("kg_abbreviations")
    def abbreviation_component(doc):
        doc.user_data[_KEYS["kg_pairs"]] = rules.abbreviation_pairs(doc_text(doc))
        return doc

    @Language.component("kg_canonical")
    def canonical_component(doc):
        doc.user_data[_KEYS["kg_mentions"]] = resolve(doc)
        return doc


class VocabularyMatcher:
    """Phrase matcher over every vocabulary surface form and its hyphen/plural variants.

    Sets ``doc._.kg_vocabulary`` to ``(start_char, end_char, type, "vocabulary")`` per match: first the
    matches of the case-insensitive surfaces (on LOWER), then those of the case-sensitive ones, short
    acronyms (on ORTH), each in PhraseMatcher order: by start token, then end token, then the labels of
    one span in the order of the matcher's hash table.

    When no lower-cased token sequence is a pattern of two types of the same case kind (checked here;
    true of the shipped vocabulary), each kind has at most one match per span, so its matches are just in
    span order, and one LOWER pass gives the same result as the two matchers: the case-sensitive patterns
    are added on LOWER under labels of their own (an ORTH match is a LOWER match of the same pattern), and
    such a match counts only when its tokens' ORTH are those of one of the label's patterns. Otherwise,
    or with ``one_pass=False``, a LOWER and an ORTH matcher run one after the other.
    """

    def __init__(self, nlp, one_pass: bool = True):
        from spacy.matcher import PhraseMatcher

        lexicon = load_lexicon()
        tokenizer = _pattern_tokenizer(nlp)
        patterns = []  # (type, case-sensitive, pattern docs)
        for entity_type, surfaces in lexicon.phrases.items():
            lower, exact = set(), set()
            for surface, case_sensitive in surfaces:
                target = exact if case_sensitive else lower
                for variant in _variants(surface, entity_type):
                    target.add(variant if case_sensitive else variant.lower())
            patterns.append((entity_type, False, list(tokenizer.pipe(sorted(lower)))))
            patterns.append((entity_type, True, list(tokenizer.pipe(sorted(exact)))))
        types = {}  # (case-sensitive, lower-cased token sequence) -> the types it is a pattern of
        for entity_type, case_sensitive, docs in patterns:
            for pattern in docs:
                types.setdefault((case_sensitive, tuple(token.lower for token in pattern)), set()).add(entity_type)
        one_pass = one_pass and all(len(found) == 1 for found in types.values())
        lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact = lower if one_pass else PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matchers = (lower,) if one_pass else (lower, exact)
        #: match id -> (type, None for a case-insensitive label, else the ORTH sequences of its patterns)
        self.labels = {}
        for entity_type, case_sensitive, docs in patterns:
            label = f"{entity_type} (case-sensitive)" if case_sensitive else entity_type
            (exact if case_sensitive else lower).add(label, docs)
            orths = {tuple(token.orth for token in pattern) for pattern in docs} if case_sensitive else None
            self.labels[nlp.vocab.strings.add(label)] = (entity_type, orths)

    def __call__(self, doc):
        found, case_sensitive = [], []
        text = doc_text(doc)
        labels = self.labels
        for matcher in self.matchers:
            for match_id, start, end in matcher(doc):
                kind, orths = labels[match_id]
                first = doc[start]
                if orths is None:
                    target = found
                elif ((first.orth,) if end - start == 1 else tuple(doc[i].orth for i in range(start, end))) in orths:
                    target = case_sensitive
                else:
                    continue
                # the span's character offsets from its first and last tokens (a Span costs more)
                start_char = first.idx
                last = first if end - start == 1 else doc[end - 1]
                end_char = last.idx + len(last)
                # a hyphen right after or just before the span is needed to be glued (most matches have none)
                if (text[end_char:end_char + 1] == "-" or text.find("-", start_char - 2 if start_char > 2 else 0, start_char) >= 0) \
                        and _glued_to_name(text, start_char, end_char):
                    continue
                target.append((start_char, end_char, kind, "vocabulary"))
        found += case_sensitive
        doc.user_data[_KEYS["kg_vocabulary"]] = found
        return doc


def _pattern_tokenizer(nlp):
    """A copy of the pipeline's tokenizer on the same vocab, for the vocabulary's phrases.

    Tokenizing the ~15,000 phrase variants with ``nlp.tokenizer`` itself fills its cache
    and leaves it ~1.5-2x slower on every later document (measured); a copy gives the same
    tokens and lexemes and is thrown away.
    """
    from spacy.tokenizer import Tokenizer

    return Tokenizer(nlp.vocab).from_bytes(nlp.tokenizer.to_bytes(exclude=["vocab"]), exclude=["vocab"])


_GLUED_BEFORE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+^]*-$")
_GLUED_AFTER = re.compile(r"^-[A-Z0-9]")


def _glued_to_name(text: str, start: int, end: int) -> bool:
    """A match that is only part of a hyphenated name: "SD" in "SD-DeTail", "Face" in "S2TD-Face".

    >>> _glued_to_name("a module called SD-DeTail", 16, 18), _glued_to_name("3DMM-based fitting", 0, 4)
    (True, False)
    """
    # Both patterns need a hyphen next to the match (before it: as the last or, ``$`` also matching
    # before a final newline, the second-to-last character); most matches have none.
    if text[end:end + 1] == "-" and _GLUED_AFTER.match(text[end:end + 2]):
        return True
    return "-" in text[max(0, start - 2):start] and text[start:start + 1].isupper() and bool(
        _GLUED_BEFORE.search(text[max(0, start - 12):start]))


def doc_text(doc) -> str:
    """``doc.text``, computed once per doc (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def sentence_spans(doc) -> list[tuple[int, int]]:
    """Character spans of the sentences, read from token arrays once per doc (``doc.sents`` builds Token objects).

    Equal to ``[(s.start_char, s.end_char) for s in doc.sents]``.
    """
    cached = doc.user_data.get("kg_sentences")
    if cached is not None:
        return cached
    if not len(doc):
        spans = []
    else:
        from spacy.attrs import IDX, LENGTH, SENT_START

        array = doc.to_array([SENT_START, IDX, LENGTH]).tolist()
        starts = [0] + [i for i in range(1, len(array)) if array[i][0] == 1]
        ends = starts[1:] + [len(array)]
        spans = [(array[a][1], array[b - 1][1] + array[b - 1][2]) for a, b in zip(starts, ends)]
    doc.user_data["kg_sentences"] = spans
    return spans


# A break is ``[.!?]["')\]]*(?=\s+["'(\[]?[A-Z0-9])`` or ``\n\s*\n`` or ``\n(?=\s*(?:[-*+]|\d+\.)\s)``. Each
# branch is written after one shared first character class with a lookbehind for its own first character:
# the same matches, but the regex engine then skips to the next ``[.!?\n]`` instead of trying every branch
# at every position (~2.4x faster). A test checks it against the three-branch form.
_SENTENCE_BREAK = re.compile(
    r"""[.!?\n](?:(?<=[.!?])["')\]]*(?=\s+["'(\[]?[A-Z0-9])|(?<=\n)\s*\n|(?<=\n)(?=\s*(?:[-*+]|\d+\.)\s))""")
_NO_BREAK_AFTER = re.compile(r"(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|No|Dr|Mr|Ms|Prof|approx|resp|w\.r\.t)|\b[A-Z])\.$")
#: what the text before the period ends with whenever ``_NO_BREAK_AFTER`` matches: one of its words or a capital
_NO_BREAK_TAILS = ("e.g", "i.e", "et al", "etc", "vs", "cf", "Fig", "Figs", "Eq", "Eqs", "Sec", "Tab", "No", "Dr", "Mr",
                   "Ms", "Prof", "approx", "resp", "w.r.t", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by rule: ., ! or ? before a capital or digit, not after "e.g.", "et al." or an initial.

    Works on the text, not on tokens, so no Token objects are built (the spaCy
    sentencizer's cost). Every span is trimmed of surrounding white space.

    >>> text = "We use NeRF, e.g. for heads. It works (see Fig. 2). Done!"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['We use NeRF, e.g. for heads.', 'It works (see Fig. 2).', 'Done!']
    """
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        mark, end = match.span()
        # ``_NO_BREAK_AFTER`` needs the text before the period to end with one of ``_NO_BREAK_TAILS``
        # (``endswith`` is the cheap necessary test; the regex decides)
        if text[mark] == "." and text.endswith(_NO_BREAK_TAILS, 0, mark) and _NO_BREAK_AFTER.search(
                text, max(0, end - 12), mark + 1):
            continue
        _add_span(spans, text, start, end)
        start = end
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans, text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _variants(surface: str, entity_type: str) -> set[str]:
    variants = {surface, surface.replace("-", " "), surface.replace(" ", "-")}
    if entity_type in ("task", "dataset", "model") and surface[-1:].isalpha() and " " in surface:
        variants |= {v + "s" for v in list(variants) if not v.endswith("s")}
    return {v for v in variants if v.strip()}


@functools.lru_cache(maxsize=2)
def build_pipeline(model: str | None = None):
    """The kg pipeline on ``spacy.blank("en")`` (or an installed pipeline named `model`)."""
    import spacy

    _set_extensions()
    _register_components()
    if model:
        nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
    else:
        nlp = spacy.blank("en")
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("kg_sentences")
    from kg.nlp.results import register_component

    register_component()
    for name in ("kg_vocabulary", "kg_rules", "kg_abbreviations", "kg_canonical", "kg_results"):
        nlp.add_pipe(name)
    return nlp


def extract(text: str, *, title: bool = False, model: str | None = None) -> Extraction:
    """Mentions of tasks, models, datasets and metrics in `text` (a pure function)."""
    return extract_many([text], titles=[title], model=model)[0]


def extract_many(texts, *, titles=None, model: str | None = None, batch_size: int = 64) -> list[Extraction]:
    """:func:`extract` over many texts in one pipeline run."""
    nlp = build_pipeline(model)
    titles = titles or itertools.repeat(False)
    # Docs are made as the pipeline pulls them and dropped once read: holding a whole batch
    # of Docs costs memory and garbage-collector time.
    key = _KEYS["kg_mentions"]
    # The pass makes no reference cycles (a Doc, its user data and the results are freed by reference
    # counting; measured: gc.collect() finds nothing after it), so the cyclic collector is paused while it
    # runs: its collections would only re-walk the growing result list (~10% of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [Extraction(doc_text(doc), sentence_spans(doc), doc.user_data.get(key), doc.user_data.get("kg_results") or [])
                for doc in _run(nlp, _make_docs(nlp, texts, titles), batch_size)]
    finally:
        if collecting:
            gc.enable()


def _make_docs(nlp, texts, titles):
    for text, is_title in zip(texts, titles):
        doc = nlp.make_doc(text)
        doc.user_data["kg_text"] = text
        if is_title:
            doc.user_data["kg_title"] = True
        yield doc


def _run(nlp, docs, batch_size):
    stream = iter(docs)
    for name, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            stream = proc.pipe(stream, batch_size=batch_size)
        else:
            stream = map(proc, stream)
    return stream


#: ``(start, end, type, rule)`` of a rule candidate
_CANDIDATE_SPAN = operator.attrgetter("start", "end", "type", "rule")
#: rules that introduce a name: the document's later uses of it are mentions too
_INTRODUCING = frozenset(("title-colon", "propose", "named", "abbreviation"))
_START = operator.itemgetter(2)  # Mention.start


def resolve(doc) -> list[Mention]:
    """Combine vocabulary matches and rule candidates into non-overlapping, canonical mentions."""
    lexicon = load_lexicon()
    text = doc_text(doc)
    user_data = doc.user_data
    pairs = user_data.get(_KEYS["kg_pairs"]) or ()
    raw = list(user_data.get(_KEYS["kg_vocabulary"]) or ())
    candidates = list(map(_CANDIDATE_SPAN, user_data.get(_KEYS["kg_candidates"]) or ()))
    # the items of ``raw`` with an introducing rule, in its order (vocabulary matches have none)
    introducing = [item for item in candidates if item[3] in _INTRODUCING]
    raw += candidates
    long_forms = {}
    memo = lexicon.derived
    if len(memo) > 1 << 16:
        memo.clear()
    for pair in pairs:
        # the type depends on the two surfaces only
        memo_key = ("pair-type", pair.long, pair.short)
        kind = memo.get(memo_key, memo)
        if kind is memo:
            kind = memo[memo_key] = _pair_type(lexicon, pair)
        if kind:
            long_forms[pair.short] = (pair.long, kind)
            item = (pair.short_start, pair.short_start + len(pair.short), kind, "abbreviation")
            raw.append(item)
            introducing.append(item)
            long_start, long_end = pair.long_start, pair.long_start + len(pair.long)
            for item in raw:
                if item[0] <= long_start and item[1] >= long_end:
                    break
            else:
                item = (long_start, long_end, kind, "abbreviation")
                raw.append(item)
                introducing.append(item)
    # Names a document introduces are mentions wherever they recur in it.
    introduced = {text[s:e]: kind for s, e, kind, rule in introducing if e - s > 1}
    for name, kind in introduced.items():
        raw.extend((start, start + len(name), kind, "name-reuse") for start in _whole_occurrences(text, name))
    # A discovered long form beats shorter vocabulary matches inside it ("Mesh Deformation Graphs (MeDG)").
    priority = PRIORITY.get
    if pairs:
        long_spans = {(p.long_start, p.long_start + len(p.long)) for p in pairs}
        raw.sort(key=lambda r: (-1 if r[3] == "abbreviation" and (r[0], r[1]) in long_spans else priority(r[3], 9),
                                r[0] - r[1], r[0]))
    else:  # the same order without the long-form test
        raw.sort(key=lambda r: (priority(r[3], 9), r[0] - r[1], r[0]))
    # A title's own name ("EasyPortrait -- … Dataset") is introduced there even when the vocabulary knows it.
    title_spans = {(start, end) for start, end, _, rule in introducing if rule == "title-colon"} if introducing else None
    sentences = sentence_spans(doc)
    sentence_starts = [start for start, _ in sentences]
    whole = (0, len(text))
    # {type: ({surface: values} of other rules, {surface: values} of head-word only)}
    tables = memo.get("mention-values")
    if tables is None:
        tables = memo["mention-values"] = {}
    bisect_right = bisect.bisect_right
    new_mention = tuple.__new__
    mentions = []
    append = mentions.append
    # Each item in turn, best first, is a mention unless it overlaps one taken before it; the mentions
    # are then put in text order (their starts differ, as they do not overlap).
    taken = bytearray(len(text) + 1)
    find = taken.find
    for start, end, kind, rule in raw:
        if end <= start or find(1, start, end) >= 0:
            continue
        surface = text[start:end]
        if surface.isspace():  # nothing left after strip()
            continue
        taken[start:end] = b"\1" * (end - start)
        if title_spans and rule == "vocabulary" and (start, end) in title_spans:
            rule = "title-colon"
        if rule == "abbreviation" or surface in long_forms:
            values = _canonical(lexicon, surface, kind, rule, long_forms)
        else:
            # otherwise the result depends on the surface, the type and whether the rule is head-word only
            by_rule = tables.get(kind)
            if by_rule is None:
                by_rule = tables[kind] = ({}, {})
            table = by_rule[rule == "head-word"]
            values = table.get(surface, table)  # the table itself marks a miss
            if values is table:
                if len(table) >= 1 << 16:  # bounded over a long pass
                    table.clear()
                values = table[surface] = _canonical(lexicon, surface, kind, rule, long_forms)
        if values is None:
            continue
        index = bisect_right(sentence_starts, start) - 1
        sentence_start, sentence_end = sentences[index] if index >= 0 and start < sentences[index][1] else whole
        kind, key, name, in_vocabulary, parent, long_form = values
        # ``Mention(surface, kind, ...)`` without the keyword-parsing ``__new__`` (hot: ~15 per abstract)
        append(new_mention(Mention, (surface, kind, start, end, key, name, rule, in_vocabulary,
                                     sentence_start, sentence_end, parent, long_form)))
    mentions.sort(key=_START)
    return mentions


def _whole_occurrences(text: str, name: str):
    """Starts of `name` in `text` not glued to a word character or hyphen on either side.

    The same matches as ``re.finditer(r"(?<![\\w-])" + re.escape(name) + r"(?![\\w-])", text)``
    without compiling a pattern per name (``\\w`` is ``str.isalnum()`` or ``_``).

    >>> list(_whole_occurrences("NeRF, a NeRF-based NeRFs; NeRF", "NeRF"))
    [0, 26]
    """
    size, position = len(name), text.find(name)
    while position >= 0:
        before = text[position - 1:position]
        after = text[position + size:position + size + 1]
        if (not before or not (before.isalnum() or before in "_-")) and (not after or not (after.isalnum() or after in "_-")):
            yield position
            position = text.find(name, position + size)
        else:
            position = text.find(name, position + 1)


def _lookup_any(by_form, surface: str):
    """``lexicon.lookup_any(surface)`` on the forms directly: the first of task, dataset, metric, model."""
    form = name_form(surface)
    return (by_form.get(("task", task_form(surface))) or by_form.get(("dataset", form))
            or by_form.get(("metric", form)) or by_form.get(("model", form)))


def _pair_type(lexicon, pair) -> str | None:
    """The type of a ``long form (ABBR)`` pair: from the vocabulary, else the long form's head word, else None."""
    by_form = lexicon.by_form
    for surface in (pair.long, pair.short):
        entry = _lookup_any(by_form, surface)
        if entry:
            return entry.type
    words = pair.long.split()
    head = words[-1].lower() if words else ""
    if head in rules.TASK_HEADS:
        return "task"
    if head in rules.DATASET_HEADS:
        return "dataset"
    if head in rules.METRIC_HEADS or head in ("distance", "ratio", "similarity", "error"):
        return "metric"
    if head in rules.MODEL_HEADS or pair.short.lower().endswith("net") or (
            rules.is_name_like(pair.short) and sum(map(str.isalnum, pair.short)) >= 3):
        return "model"
    return None


def _canonical(lexicon, surface, kind, rule, long_forms) -> tuple | None:
    """``(type, key, name, in_vocabulary, parent, long_form)`` of a mention of `surface`, or None to drop it.

    `kind` is the type its rule gave it; vocabulary entries found under another type win.
    """
    long_form = None
    # the lookups of ``lexicon.lookup(kind, surface) or lexicon.lookup_any(surface)`` on the forms directly
    by_form = lexicon.by_form
    if kind == "task":
        form = task_form(surface)
        entry = by_form.get(("task", form))
        if entry is None and rule != "head-word":
            name = name_form(surface)
            entry = by_form.get(("dataset", name)) or by_form.get(("metric", name)) or by_form.get(("model", name))
    else:
        form = name_form(surface)
        entry = by_form.get((kind, form))
        if entry is None and rule != "head-word":
            entry = (by_form.get(("task", task_form(surface))) or by_form.get(("dataset", form))
                     or by_form.get(("metric", form)) or by_form.get(("model", form)))
    if entry is None and surface in long_forms:
        long_form = long_forms[surface][0]
        entry = lexicon.lookup(kind, long_form)
    if entry is not None:
        return entry.type, entry.key, entry.name, True, None, long_form
    if kind == "task":  # `form` is task_form(surface)
        if len(form) < 3:
            return None
        key = "task:" + form  # canonical_key("task", surface)
        # each word suffix of the form (its words are joined by single spaces), longest first; the words
        # of a task form are their own task form, so the suffix is looked up directly
        cut = form.find(" ")
        while cut >= 0:
            suffix = by_form.get(("task", form[cut + 1:]))
            if suffix:
                return kind, key, form, False, suffix.key, long_form
            cut = form.find(" ", cut + 1)
        return kind, key, form, False, None, long_form
    if not form:  # `form` is name_form(surface)
        return None
    if rule == "abbreviation" and surface not in long_forms:
        # the long form of a discovered pair is an alias of its abbreviation's node
        short = next((s for s, (long, _) in long_forms.items() if long == surface), None)
        if short:
            return kind, canonical_key(kind, short), short, False, None, surface
    if rule != "head-word":  # canonical_key(kind, surface)
        return kind, f"{kind}:{form}", surface, False, None, long_form
    name = surface.lower()
    return kind, canonical_key(kind, name), name, False, None, long_form
