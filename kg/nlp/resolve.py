"""Vocabulary matches and rule candidates resolved into non-overlapping, canonical mentions.

Pure Python over plain values (no spaCy): the ``kg_canonical`` component calls :func:`resolve`.

>>> text = "We use Neural Radiance Fields (NeRFs)."
>>> pairs = [rules.AbbreviationPair("NeRFs", 31, "Neural Radiance Fields", 7)]
>>> [(m.text, m.key) for m in resolve(text, [(0, len(text))], [], [], pairs)]
[('Neural Radiance Fields', 'model:nerf'), ('NeRFs', 'model:nerf')]
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from kg.nlp import rules
from kg.nlp.lexicon import canonical_key, load_lexicon, name_form, name_words, task_display_name, task_form

#: Rule priority when spans overlap (lower wins; then the longer span, then the earlier one).
PRIORITY = {  # a title's purpose is a task even when the vocabulary knows its last words ("travel planning")
    "vocabulary": 0, "title-purpose": 0, "metric-cutoff": 0, "abbreviation": 1, "abbreviated-head": 1, "title-colon": 1, "propose": 1, "named": 1, "name-reuse": 2,
    "dataset-suffix": 2, "model-size": 2, "x-dataset": 2, "dataset-x": 2, "evaluated-on": 2, "coordinated": 3, "task-cue": 3, "head-word": 4,
}
#: Rules whose mentions are confident enough to become graph nodes of their own.
NODE_RULES = frozenset(PRIORITY) - {"head-word"}
#: the rules that find a name the text introduces as its own (a proposed model, an introduced dataset)
PROPOSAL_RULES = ("title-colon", "propose", "named")
#: Rules that introduce a name: the document's later uses of it are mentions too.
INTRODUCING = frozenset(("title-colon", "propose", "named", "abbreviation"))
_METRIC_LONG_HEADS = frozenset(("distance", "ratio", "similarity", "error"))
_AREA_UNDER = re.compile(r"area\s+under\b", re.I)  # "Area Under the ROC Curve (AUC-ROC)"; not "Elliptic Curve (EC)"


class Mention(NamedTuple):
    """An entity mention: character offsets into the input, its type and canonical node. Fields are read by name.

    The cyclic garbage collector keeps tracking every Mention: CPython drops only exact tuples of plain
    values from its tracking, not instances of a tuple subclass. A caller that holds the mentions of a
    whole corpus makes each full collection walk them again: bench/nlp_bench.py holds 190,000 Mentions for
    the 12,549 abstracts of the arXiv sample (three quarters of the objects the extractions hold), and full
    collections took 1.5 s of a 15.5 s pass (measured with ``gc.callbacks``).
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


def resolve(text: str, sentences, vocabulary, candidates, pairs) -> list[Mention]:
    """Combine vocabulary matches ``(start, end, type, rule)``, rule candidates and abbreviation
    pairs into non-overlapping, canonical mentions in text order.

    Each item in turn, best first (:data:`PRIORITY`), is a mention unless it overlaps one taken before it.
    """
    redefined = {pair.short for pair in pairs if _redefines(pair.long, pair.short)}
    if redefined:  # the text spells out a known acronym as something else: it is not the vocabulary's here
        vocabulary = [item for item in vocabulary if text[item[0]:item[1]] not in redefined]
    raw = list(vocabulary) + [(c.start, c.end, c.type, c.rule) for c in candidates]
    long_forms = {}  # short -> (long form, type)
    phrases = [span for span in map(functools.partial(_abbreviated_head, text), pairs) if span]
    raw += [(start, end, "task", "abbreviated-head") for start, end in phrases]
    for pair in pairs:
        after = _HEAD_AFTER.match(text, pair.short_start + len(pair.short))
        kind = _pair_type(pair.long, pair.short, after.group(1) if after else "")
        if kind:
            long_forms[pair.short] = (pair.long, kind)
            raw.append((pair.short_start, pair.short_start + len(pair.short), kind, "abbreviation"))
            long_start, long_end = pair.long_start, pair.long_start + len(pair.long)
            if not any(s <= long_start and e >= long_end for s, e, _, _ in raw):
                raw.append((long_start, long_end, kind, "abbreviation"))
    introduced = {text[s:e]: (kind, rule) for s, e, kind, rule in raw if rule in INTRODUCING and e - s > 1}
    for name, (kind, _) in introduced.items():
        raw += [(start, start + len(name), kind, "name-reuse") for start in _whole_occurrences(text, name)]
    long_spans = {(p.long_start, p.long_start + len(p.long)) for p in pairs} | set(phrases)
    # a discovered long form, whichever rule found it, beats shorter vocabulary matches inside it ("Mesh Deformation
    # Graphs (MeDG)"), and so does a long form, its acronym and the task head after them ("Out-of-distribution (OOD) detection");
    # the vocabulary's match of the very same span comes first in `raw` and keeps it (the sort is stable)
    raw.sort(key=lambda r: (-1 if r[:2] in long_spans else PRIORITY.get(r[3], 9), r[0] - r[1], r[0]))
    title_spans = {(s, e) for s, e, _, rule in raw if rule == "title-colon"}
    sentence_starts = [start for start, _ in sentences]
    taken = bytearray(len(text) + 1)
    mentions = []
    for start, end, kind, rule in raw:
        if end <= start or taken.find(1, start, end) >= 0:
            continue
        surface = text[start:end]
        if surface.isspace():
            continue
        taken[start:end] = b"\1" * (end - start)
        if rule == "vocabulary" and (start, end) in title_spans:
            rule = "title-colon"  # a title's own name is introduced there even when the vocabulary knows it
        values = _canonical(surface, kind, rule, long_forms)
        if values is None:
            continue
        index = bisect.bisect_right(sentence_starts, start) - 1
        sentence = sentences[index] if index >= 0 and start < sentences[index][1] else (0, len(text))
        kind, key, name, in_vocabulary, parent, long_form = values
        mentions.append(Mention(surface, kind, start, end, key, name, rule, in_vocabulary, *sentence, parent, long_form))
    mentions.sort(key=lambda m: m.start)
    return mentions


def name_title_tasks(mentions: list[Mention], other_text: str) -> list[Mention]:
    """`mentions` of a title, each task its purpose names (rule ``title-purpose``) cut to the longest end of its
    words, two words or more, that `other_text` (the paper's abstract) also holds, in any case: the name both use.

    >>> m = resolve("Pairwise Transfer for LLM-Based Essay Scoring", [(0, 46)], [], rules.title_tasks(
    ...     "Pairwise Transfer for LLM-Based Essay Scoring"), [])
    >>> [(t.text, t.start, t.key) for t in name_title_tasks(m, "Automated essay scoring grades essays.")]
    [('Essay Scoring', 32, 'task:essay scoring')]
    """
    folded = other_text.lower()
    named = []
    for mention in mentions:
        if mention.rule == "title-purpose":
            starts = [word.start() for word in re.finditer(r"\S+", mention.text)]
            for start in starts[:-1]:  # ends of two words or more
                surface = mention.text[start:]
                values = next(_whole_occurrences(folded, surface.lower()), None) is not None \
                    and _canonical(surface, "task", mention.rule, {})
                if values:
                    kind, key, name, in_vocabulary, parent, _ = values
                    mention = mention._replace(text=surface, start=mention.start + start, key=key, name=name,
                                               in_vocabulary=in_vocabulary, parent=parent)
                    break
        named.append(mention)
    return named


_HEAD_AFTER = re.compile(r"\)\s([a-z]+)\b")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def _abbreviated_head(text: str, pair) -> tuple[int, int] | None:
    """The span of "Long Form (LF) head" when a task head word follows a ``long (SHORT)`` pair: the acronym
    abbreviates a modifier of the task ("Out-of-distribution (OOD) detection"), and the task is the whole phrase.
    A pair the vocabulary knows keeps its own mention, unless the whole phrase is a vocabulary task too.

    >>> text = "Out-of-distribution (OOD) detection flags outliers."
    >>> span = _abbreviated_head(text, rules.AbbreviationPair("OOD", 21, "Out-of-distribution", 0))
    >>> text[slice(*span)]
    'Out-of-distribution (OOD) detection'
    """
    match = _HEAD_AFTER.match(text, pair.short_start + len(pair.short))
    if not match or match.group(1) not in rules.TASK_HEADS or pair.long_start > pair.short_start:
        return None
    if _lookup(f"{pair.long} {match.group(1)}", "task") or not (_lookup(pair.long) or _lookup(pair.short)):
        return pair.long_start, match.end(1)
    return None  # a vocabulary name of its own: "Neural Radiance Fields (NeRF) rendering", "Structure-from-Motion (SfM) processing"


def _whole_occurrences(text: str, name: str):
    """Starts of `name` in `text` not glued to a word character or hyphen on either side.

    >>> list(_whole_occurrences("NeRF, a NeRF-based NeRFs; NeRF", "NeRF"))
    [0, 26]
    """
    position = text.find(name)
    while position >= 0:
        if not _glues(text[position - 1:position]) and not _glues(text[position + len(name):position + len(name) + 1]):
            yield position
        position = text.find(name, position + 1)


def _glues(character: str) -> bool:
    return character != "" and (character.isalnum() or character in "_-")


def _lookup(surface: str, kind: str | None = None):
    """The vocabulary entry of `surface` as a `kind`, or (kind None) as a task, dataset, metric or model."""
    by_form = load_lexicon().by_form
    for entity_type in (kind,) if kind else ("task", "dataset", "metric", "model"):
        entry = by_form.get((entity_type, task_form(surface) if entity_type == "task" else name_form(surface)))
        if entry:
            return entry
    return None


#: per type, the words that end many of its names ("error", "rate"; "model"): sharing one says nothing
_HEAD_WORDS = {kind: name_words(" ".join(heads)) for kind, heads in (
    ("task", rules.TASK_HEADS), ("model", rules.MODEL_HEADS), ("metric", rules.METRIC_HEADS), ("dataset", rules.DATASET_HEADS))}


@functools.lru_cache(maxsize=1 << 14)
def _redefines(long: str, short: str) -> bool:
    """True when `short` is a vocabulary name but the text's `long` form, a plausible expansion of it
    (:func:`kg.nlp.rules.initials_spell`), shares no word but its type's head words with that entry's spelled-out names: the acronym means
    something else here ("Long-Axis-Split (LAS)", "Expectation Maximization (EM)", "Diacritic Error Rate (DER)").
    A model or metric with no spelled-out name ("QLoRA") cannot be told apart, and is kept; a dataset with none is
    told by its description (:func:`_redefines_dataset`).

    >>> _redefines("Expectation Maximization", "EM"), _redefines("exact-match", "EM"), _redefines("Foo Bar", "FooB")
    (True, False, False)
    >>> _redefines("Diacritic Error Rate", "DER"), _redefines("methods in both pixel-level accuracy", "mIoU")
    (True, False)

    So does a long form that is another vocabulary entry: "success rate (SR)" is no super-resolution; but
    "Chain-of-Thought (CoT)" shares its words with the entry CoT names, whichever entry "Chain-of-Thought" is.

    >>> _redefines("success rate", "SR"), _redefines("Super-Resolution", "SR"), _redefines("Chain-of-Thought", "CoT")
    (True, False, False)
    """
    entry = _lookup(short)
    if entry is None or not rules.initials_spell(short, long):
        return False
    named = _lookup(long)
    if named is not None and (named.key == entry.key or getattr(_lookup(short, named.type), "key", None) == named.key):
        return False  # "Super-Resolution (SR)"; not "Video Anomaly Detection (VAD)", whose VAD is voice activity detection
    words = _telling_words(entry)
    if not words and entry.type == "dataset":
        return _redefines_dataset(long, entry)
    return bool(words) and not _telling_words(entry, long) & words


def _redefines_dataset(long: str, entry) -> bool:
    """Whether `long`, spelling out the acronym of a vocabulary dataset with no spelled-out name, means something
    else: its head word is no dataset's and it shares no word with the dataset's description ("Grouped Query
    Attention (GQA)" is no GQA, a set of "Compositional questions over Visual Genome scene graphs"; "Common
    Objects in Context (COCO)" is COCO, "330k images with boxes ... for 80 object categories").

    >>> from kg.nlp.lexicon import load_lexicon
    >>> gqa, coco = (load_lexicon().lookup("dataset", name) for name in ("GQA", "COCO"))
    >>> _redefines_dataset("Grouped Query Attention", gqa), _redefines_dataset("Common Objects in Context", coco)
    (True, False)
    """
    described = name_words(load_lexicon().datasets[entry.key].definition or "")
    head = long.split()[-1].lower() if long.split() else ""
    return bool(described) and head not in rules.DATASET_HEADS and not _telling_words(entry, long) & described


def _spells_out(long: str, entry) -> bool:
    """Whether every telling word of `long` is a word of the vocabulary entry's spelled-out names: "Bird's-Eye View"
    of bird's-eye-view perception; not "Test-Time Adaptation" of test-time augmentation, both "TTA".

    >>> from kg.nlp.lexicon import load_lexicon
    >>> bev = load_lexicon().lookup("task", "BEV")
    >>> _spells_out("Bird's-Eye View", bev), _spells_out("Bird's-Eye Map", bev)
    (True, False)
    """
    words = _telling_words(entry, long)
    return bool(words) and words <= _telling_words(entry)


def _telling_words(entry, phrase: str | None = None) -> frozenset:
    """The words of `phrase` (default: of the vocabulary entry's spelled-out names) but the head words of its type."""
    words = name_words(phrase) if phrase is not None else load_lexicon().words.get(entry.key, frozenset())
    return words - _HEAD_WORDS[entry.type]


@functools.lru_cache(maxsize=1 << 14)
def _pair_type(long: str, short: str, after: str = "") -> str | None:
    """The type of a ``long (short)`` pair: from the vocabulary, else the long form's head word, else the dataset or
    model head word `after` the brackets ("the View-of-Delft (VoD) dataset"), else None.

    Cached by the strings (a pair's offsets make each pair new, so a pair would never hit).
    """
    entry = _lookup(long) or (None if _redefines(long, short) else _lookup(short))
    if entry:
        return entry.type
    words = long.split()
    head = re.sub(r"'s?$", "", words[-1].lower()) if words else ""  # "a large language model's (LLM)": its head
    if head in rules.TASK_HEADS:
        return "task"
    if head in rules.DATASET_HEADS:
        return "dataset"
    if head in rules.METRIC_HEADS or head in _METRIC_LONG_HEADS or head == "curve" and _AREA_UNDER.match(long):
        return "metric"
    if head in rules.MODEL_HEADS:
        return "model"
    if after in rules.DATASET_HEADS:
        return "dataset"
    if after in rules.MODEL_HEADS or short.lower().endswith("net") or (
            rules.is_name_like(short) and sum(map(str.isalnum, short)) >= 3 and _capitalised(words)):
        return "model"  # not "(S)ystolic blood pressure (SBP)": lower-case words with no model head describe, name nothing
    return None


def _capitalised(words: list[str]) -> bool:
    """Words of a name, with a capital past the first word (a sentence may capitalise the first): "Mesh Deformation
    Graphs", not "Unmanned aerial vehicles"."""
    rest = " ".join(words[1:]) or " ".join(words)
    return rest != rest.lower()


def _canonical(surface: str, kind: str, rule: str, long_forms: dict) -> tuple | None:
    """``(type, key, name, in_vocabulary, parent, long_form)`` of a mention of `surface`, or None to drop it.

    `kind` is the type its rule gave it; vocabulary entries found under another type win, except for
    head-word phrases, which are looked up under their own type only.
    """
    if rule == "abbreviated-head":  # named without its acronym: "Out-of-distribution detection"
        return _surface_values(_PARENTHESES.sub("", surface), kind, False)
    if rule == "abbreviation" or surface in long_forms:
        return _abbreviation_values(surface, kind, rule, long_forms)
    return _surface_values(surface, kind, rule == "head-word")


@functools.lru_cache(maxsize=1 << 16)
def _surface_values(surface: str, kind: str, head_word: bool) -> tuple | None:
    """:func:`_canonical` of a surface that is neither an abbreviation nor the long form of one."""
    entry = _lookup(surface, kind) or (None if head_word else _lookup(surface))
    if entry is not None:
        return entry.type, entry.key, entry.name, True, None, None
    return _new_node_values(surface, kind, head_word)


def _new_node_values(surface: str, kind: str, head_word: bool) -> tuple | None:
    """:func:`_canonical` of a surface that names no vocabulary entry here: a node of its own (None to drop it)."""
    if kind == "task":
        form = task_form(surface)
        if len(form) < 3:
            return None
        parent = _parent_task(form)
        return kind, canonical_key(kind, surface), task_display_name(surface), False, parent.key if parent else None, None
    if not name_form(surface):
        return None
    if head_word:
        return kind, canonical_key(kind, surface.lower()), surface.lower(), False, None, None
    return kind, canonical_key(kind, surface), surface, False, None, None


def _parent_task(form: str):
    """The vocabulary task that the task form `form` specialises: its longest proper word suffix in the vocabulary.

    A suffix of a task form is a task form itself (its last word is already singular), so it is looked up as it is.

    >>> _parent_task("3d face recognition").name
    'face recognition'
    """
    by_form = load_lexicon().by_form
    words = form.split(" ")
    return next(filter(None, (by_form.get(("task", " ".join(words[i:]))) for i in range(1, len(words)))), None)


def _abbreviation_values(surface: str, kind: str, rule: str, long_forms: dict) -> tuple | None:
    """:func:`_canonical` of a discovered abbreviation or long form: both parts share the short form's node.

    A vocabulary acronym the text spells out as something else (:func:`_redefines`) takes the node of its long
    form: the acronym's own key is the vocabulary entry's.
    """
    long_form = long_forms[surface][0] if surface in long_forms else None
    if long_form and _redefines(long_form, surface):
        entry = _lookup(long_form, kind)
        if entry:  # "success rate (SR)": the vocabulary's success rate, not its SR (super-resolution)
            return entry.type, entry.key, entry.name, True, None, long_form
        values = _new_node_values(long_form, kind, False)
        return values and values[:5] + (long_form,)
    entry = _lookup(surface, kind) or _lookup(surface)
    if entry:
        return entry.type, entry.key, entry.name, True, None, None
    entry = long_form and _lookup(long_form, kind)
    if entry:
        return entry.type, entry.key, entry.name, True, None, long_form
    short = None if long_form else next((s for s, (long, _) in long_forms.items() if long == surface), None)
    entry = short and _lookup(short, kind)
    if entry and _spells_out(surface, entry):  # "Bird's-Eye View (BEV)": the long form of a vocabulary acronym
        return entry.type, entry.key, entry.name, True, None, surface
    values = _surface_values(surface, kind, False)
    if kind == "task" and long_form:  # "VCOD" names the node of its long form, whose alias it becomes
        values = _surface_values(long_form, kind, False) or values
    if values is None or kind == "task":
        return values and values[:5] + (long_form,)
    if short and not _redefines(surface, short):
        return kind, canonical_key(kind, short), short, False, None, surface
    return values[:5] + (long_form,)
