"""Canonical forms and the lookup tables built from the curated vocabulary.

Pure Python (no spaCy), so query-time code can use the same normalisation as the
NLP pass.

>>> canonical_key("task", "Face-Parsing")
'task:face parsing'
>>> canonical_key("model", "NeRFs")
'model:nerf'
>>> canonical_key("model", "GeneFace++") != canonical_key("model", "GeneFace")
True
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_NON_WORD = re.compile(r"[^0-9a-z+^]+")
_TASK_NOISE = re.compile(r"[^0-9a-z]+")
_PLURAL_ACRONYM = re.compile(r"^([A-Z0-9][A-Za-z0-9+\-^]*[A-Z0-9])s$")
_UNINFLECTED = ("ss", "us", "is", "ics", "sis", "series", "species", "news", "data", "ness")


def fold(text: str) -> str:
    """Unicode- and LaTeX-noise-free lower case."""
    if not text.isascii():  # NFKD and the ASCII filter leave ASCII text as it is
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.replace("{", "").replace("}", "").replace("\\", "").lower()


def singular(word: str) -> str:
    """A cautious singular for the last word of a phrase (``segmentations`` → ``segmentation``).

    >>> [singular(w) for w in ("models", "studies", "analysis", "fields", "glasses", "data")]
    ['model', 'study', 'analysis', 'field', 'glass', 'data']
    """
    if not word.endswith("s") or len(word) <= 3 or word.endswith(_UNINFLECTED):
        return word  # every rule below strips an "s": a word without one stays as it is
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 16)
def task_form(text: str) -> str:
    """Normal form of a task phrase: folded, apostrophes dropped, hyphens and punctuation as spaces, last word singular.

    >>> task_form("Face-Parsings"), task_form("Bird's-Eye View") == task_form("Bird’s-eye view") == task_form("birds eye view")
    ('face parsing', True)
    """
    words = _TASK_NOISE.sub(" ", fold(text).replace("'", "")).split()  # "bird's" as "birds", as a curly ’ folds
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


_LOOSE_HYPHEN = re.compile(r"(?:^|\s)-|-(?:\s|$)")


def task_display_name(text: str) -> str:
    """How a task found in a text is shown: its words as written, capitals kept only in acronyms and
    names ("3D", "BEV", "ImageNet"), LaTeX's braces, backslashes and dollars dropped, the last word singular.
    Its key stays :func:`task_form`, which folds the punctuation this keeps.

    >>> task_display_name("Bird's-Eye View"), task_display_name("3D Facial Shape Completions")
    ("bird's-eye view", '3D facial shape completion')
    >>> task_display_name("$k$-shot Counting"), task_display_name("RL-based NeRFs"), task_display_name("FSOD) and Tracking")
    ('k-shot counting', 'RL-based NeRF', 'fsod and tracking')
    """
    words = ["-".join(part if any(c.isupper() for c in part[1:]) or part[:1].isdigit() else part.lower()
                      for part in word.split("-"))
             for word in re.sub(r"[{}$\\]", "", text).split()]
    if words and words[-1].islower():
        words[-1] = singular(words[-1])
    elif words and _PLURAL_ACRONYM.match(words[-1]) and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]  # "RL-based NeRFs": one task, named in the singular like the others
    name = " ".join(words)
    if name.count("(") != name.count(")") or _LOOSE_HYPHEN.search(name):
        return task_form(text)  # a phrase cut inside a bracket or a word ("FSOD) and instance segmentation", "single-")
    return name


@functools.lru_cache(maxsize=1 << 16)
def name_form(text: str) -> str:
    """Normal form of a model/dataset/metric name: case, hyphens, spaces and a plural ``s`` folded.

    >>> name_form("Neural Radiance Fields"), name_form("3DMMs"), name_form("GeneFace++")
    ('neuralradiancefield', '3dmm', 'geneface++')
    """
    text = text.strip()
    match = _PLURAL_ACRONYM.match(text)
    if match and not text.endswith("ss"):
        text = match.group(1)
    folded = fold(text)
    if " " in folded:  # long forms: "neural radiance fields" == "neural radiance field"
        words = folded.split()
        if words:
            words[-1] = singular(words[-1])
        folded = " ".join(words)
    return _NON_WORD.sub("", folded)


def name_words(phrase: str) -> frozenset:
    """The words of three or more letters or digits in `phrase`, folded and singular.

    >>> sorted(name_words("Peak Signal-to-Noise Ratios"))
    ['noise', 'peak', 'ratio', 'signal']
    """
    return frozenset(singular(word) for word in _TASK_NOISE.split(fold(phrase)) if len(word) >= 3)


def canonical_key(entity_type: str, text: str) -> str:
    form = task_form(text) if entity_type == "task" else name_form(text)
    return f"{entity_type}:{form}"


@dataclass(frozen=True)
class LexiconEntry:
    """One vocabulary entity: its type, canonical name and key."""

    type: str
    name: str
    key: str


@dataclass
class Lexicon:
    """Every vocabulary surface form mapped to its entity, plus the task hierarchy."""

    by_form: dict  # (type, normal form) -> LexiconEntry
    phrases: dict  # type -> list of (surface form, case_sensitive)
    tasks: dict  # task key -> TaskEntry
    parents: dict  # task key -> tuple of parent task keys
    datasets: dict
    metrics: dict
    methods: dict
    words: dict  # entity key -> the name_words of its spelled-out names, variants of a one-word name left out

    def lookup(self, entity_type: str, text: str) -> LexiconEntry | None:
        """The vocabulary entry `text` names as an `entity_type`, if any."""
        form = task_form(text) if entity_type == "task" else name_form(text)
        return self.by_form.get((entity_type, form))

    def ancestors(self, task_key: str) -> list[str]:
        """All parent tasks, nearest first, each once."""
        seen, order, frontier = set(), [], [task_key]
        while frontier:
            nxt = []
            for key in frontier:
                for parent in self.parents.get(key, ()):
                    if parent not in seen:
                        seen.add(parent)
                        order.append(parent)
                        nxt.append(parent)
            frontier = nxt
        return order


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) // 2)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon of the shipped vocabulary (cached)."""
    from kg.nlp.vocabulary import load_vocabulary

    vocabulary = load_vocabulary()
    by_form, phrases = {}, {"task": [], "dataset": [], "metric": [], "model": []}
    tasks, parents, datasets, metrics, methods, words = {}, {}, {}, {}, {}, {}

    def register(entity_type, name, surfaces, acronyms=()):
        key = canonical_key(entity_type, name)
        entry = LexiconEntry(entity_type, name, key)
        named = [name_words(surface) for surface in (name, *surfaces, *acronyms)]
        own = frozenset().union(*(name_words(s) for s in (name, *surfaces, *acronyms) if _is_acronym(s) and " " not in s))
        # spelled-out names, variants of the entry's own acronym left out ("LLaVA-NeXT" spells out nothing)
        words[key] = words.get(key, frozenset()).union(*(found for found in named if len(found) > 1 and not found & own))
        for surface in (name, *surfaces):
            form = task_form(surface) if entity_type == "task" else name_form(surface)
            if form:
                by_form.setdefault((entity_type, form), entry)
            phrases[entity_type].append((surface, _is_acronym(surface) and len(surface) <= 6))
        for acronym in acronyms:
            by_form.setdefault((entity_type, name_form(acronym) if entity_type != "task" else task_form(acronym)), entry)
            phrases[entity_type].append((acronym, True))
        return key

    for task in vocabulary.tasks:
        key = register("task", task.name, task.aliases, task.abbreviations)
        tasks[key] = task
    for task in vocabulary.tasks:
        parents[canonical_key("task", task.name)] = tuple(canonical_key("task", p) for p in task.parents)
    for entry in vocabulary.datasets:
        datasets[register("dataset", entry.name, entry.aliases)] = entry
    for entry in vocabulary.metrics:
        metrics[register("metric", entry.name, entry.aliases)] = entry
    for entry in vocabulary.methods:
        methods[register("model", entry.name, entry.aliases)] = entry
    return Lexicon(by_form, phrases, tasks, parents, datasets, metrics, methods, words)
