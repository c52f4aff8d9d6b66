"""Discovery rules: names, acronym pairs, datasets and tasks that the vocabulary lacks.

Each rule is a plain function of a text (a sentence, or a whole abstract for the rules that
never cross punctuation) returning candidate spans with offsets relative to that text. The
spaCy components in :mod:`kg.nlp.components` call them.

>>> [(c.text, c.type, c.rule) for c in proposal_names("We propose FaceCom, a method for 3D facial shape completion.")]
[('FaceCom', 'model', 'propose')]
>>> [(p.short, p.long) for p in abbreviation_pairs("using Neural Radiance Fields (NeRFs) driven by a skeleton")]
[('NeRFs', 'Neural Radiance Fields')]
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(slots=True)
class Candidate:
    """A span a rule proposes as a mention: offsets into the text the rule read."""

    start: int
    end: int
    type: str
    rule: str
    text: str


@dataclass(frozen=True)
class AbbreviationPair:
    """A ``long form (SHORT)`` pair with the offsets of both parts."""

    short: str
    short_start: int
    long: str
    long_start: int


def _word_lists() -> dict[str, frozenset[str]]:
    """The rules' word lists, from ``vocab/words.jsonl`` (one list a line, with a note on what it holds)."""
    with open(Path(__file__).with_name("vocab") / "words.jsonl", encoding="utf-8") as handle:
        return {record["name"]: frozenset(record["words"]) for record in map(json.loads, handle)}


_WORDS = _word_lists()
STOP = _WORDS["stop"]
TASK_HEADS, PROBLEM_HEADS, VAGUE_TASK_HEADS = _WORDS["task_heads"], _WORDS["problem_heads"], _WORDS["vague_task_heads"]
MODEL_HEADS, TOOL_HEADS, METRIC_HEADS = _WORDS["model_heads"], _WORDS["tool_heads"], _WORDS["metric_heads"]
DATASET_HEADS, MATERIAL_HEADS, TEXT_HEADS = _WORDS["dataset_heads"], _WORDS["material_heads"], _WORDS["text_heads"]
SET_HEADS, MEASURE_HEADS = _WORDS["set_heads"], _WORDS["measure_heads"]
LANGUAGES, SOURCE_MODIFIERS, DATA_ROLE_MODIFIERS = _WORDS["languages"], _WORDS["source_modifiers"], _WORDS["data_role_modifiers"]
GENERIC_MODIFIERS, BEFORE_VERB, COMMON_CAPITALISED = (_WORDS["generic_modifiers"], _WORDS["before_verb"],
                                                      _WORDS["common_capitalised"])
GENERIC_ACRONYMS = _WORDS["generic_acronyms"] | {acronym + "s" for acronym in _WORDS["generic_acronyms"]}
#: a hyphenated word that ends in a participle or a descriptive suffix describes ("LLM-based", "AI-driven",
#: "GPT-4o-generated", "human-AI"), it names nothing
_DESCRIPTOR = re.compile(r"(?<=\w)-(?:[a-z]+ed|driven|written|given|known|based|like|style|aware|centric|free|specific|agnostic)$"
                         r"|^[a-z]+-AI$")

_WORD = re.compile(r"[A-Za-z0-9][\w\-\+\^\.']*[\w\+]|[A-Za-z0-9]")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9][\w\-\+\^]*[\w\+]|[A-Z]")
_NUMERIC_UNIT = re.compile(r"^\d+(?:\.\d+)?[A-Za-z]{0,3}$")


@functools.lru_cache(maxsize=1 << 16)
def is_name_like(token: str) -> bool:
    """A token that reads as a proper name of a method or dataset (CamelCase, acronym, ++, digits).

    >>> [is_name_like(t) for t in ("HiFace", "SD-DeTail", "GeneFace++", "UniF^2ace", "S2TD-Face", "method", "3D", "We")]
    [True, True, True, True, True, False, False, False]
    >>> [is_name_like(t) for t in ("LLM", "LLMs", "GitHub", "LLM-based", "AI-driven", "SAM-Based", "GPT-4o-mini")]
    [False, False, False, False, False, True, True]
    """
    if len(token) < 2 or token in COMMON_CAPITALISED or token in GENERIC_ACRONYMS or _NUMERIC_UNIT.match(token) \
            or _DESCRIPTOR.search(token):
        return False
    if not any(c.isalpha() for c in token):
        return False
    if token.endswith("++") or "^" in token:
        return True
    # CamelCase inside one hyphen part ("HiFace", "SD-DeTail"); "High-Fidelity" is only title case.
    inner_upper = any(c.isupper() for part in token.split("-") for c in part[1:])
    has_digit = any(c.isdigit() for c in token)
    if token[0].isupper() and (inner_upper or (has_digit and len(token) > 2)):
        return True
    parts = [part for part in token.split("-") if part]
    return len(parts) > 1 and any(_is_acronym_part(part) or is_name_like(part) for part in parts)


def _is_acronym_part(part: str) -> bool:
    letters = [c for c in part if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


_PROPOSE = re.compile(
    r"\b(?:we|this (?:paper|work|thesis|study|article)|our (?:work|paper|method|approach))\s+(?:\w+\s+){0,2}?"
    r"(?:propose[sd]?|present(?:s|ed)?|introduce[sd]?|develop(?:s|ed)?|design(?:s|ed)?|build(?:s)?|devise[sd]?|"
    r"contribute[sd]?|offer(?:s|ed)?|provide[sd]?|release[sd]?|construct(?:s|ed)?|collect(?:s|ed)?|curate[sd]?|"
    r"create[sd]?|establish(?:es|ed)?)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(r"\b(?:called|dubbed|named|termed|coined|namely|denoted(?: as)?|referred to as)\s+", re.IGNORECASE)
_DATASET_WORD = re.compile(r"\b(?:dataset|data set|benchmark|corpus|database|collection)s?\b", re.IGNORECASE)
#: a dataset word just after a name, or ending its bracketed long form: "(Taiwan Safety Benchmark)"; not "(Scalable
#: Generation of Robustness Benchmarks)", whose head is a generation
_DATASET_AFTER_NAME = re.compile(r"\s*(?:\((?:(?!\bof\b)[^()]){0,80}?\b(?:dataset|benchmark|corpus|database)s?\s*\)|"
                                 r",?\s*(?:a|an|the)?\s*(?:\w+[\s-]+){0,3}(?:dataset|benchmark|corpus|database))",
                                 re.IGNORECASE)
_BENCHMARK_NAME = re.compile(r"(?<=.)(?:[Bb]ench(?:mark)?|Dataset|Corpus)$")  # "HealthBench", "TS-Bench", "SWE-bench"
_MAX_WINDOW_WORDS = 14


def _type_of_introduced(text: str, cue_end: int, name_start: int, name_end: int, end: int) -> str:
    """"dataset" if a dataset word lies between the cue and the name or just after it (before `end`), or ends the
    name ("TS-Bench"), else "model"."""
    if _DATASET_WORD.search(text, cue_end, name_start) or _DATASET_AFTER_NAME.match(text, name_end, min(end, name_end + 90)) \
            or _BENCHMARK_NAME.search(text[name_start:name_end]):
        return "dataset"
    return "model"


def proposal_names(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """Names introduced in ``text[start:end]`` by "we propose / present / introduce X": the first name-like
    token after the cue."""
    end = len(text) if end is None else end
    found = []
    for cue in _PROPOSE.finditer(text, start, end):
        for count, match in enumerate(_NAME_TOKEN.finditer(text, cue.end(), end)):
            if count >= _MAX_WINDOW_WORDS or text[match.end():match.end() + 1] == ";":
                break  # a token followed by ";" lists, it does not name
            named = False
            if _names_a_class(match.group()):
                definition = _spot_definition(text, cue.end(), match)
                if definition is None:
                    match = _APPOSITION.match(text, match.end(), end)  # the class's framework, and its name
                    if not match or not is_name_like(match.group(1)) or _names_a_class(match.group(1)):
                        break
                    match = _NAME_TOKEN.match(text, match.start(1))
                elif match.group() in GENERIC_ACRONYMS:  # "a Dual-branch Network with Adaptation (DNA)" names the
                    if definition.long.islower():  # paper's DNA; "a large language model (LLM)-based tool" the class
                        break
                    named = True
            if named or is_name_like(match.group()):
                if _defined_as_description(text, cue.start(), match.group()):
                    break  # "high-resolution (HR) ... we propose a novel way to address HR AGB estimation": no name
                kind = _type_of_introduced(text, cue.end(), match.start(), match.end(), end)
                found.append(Candidate(match.start(), match.end(), kind, "propose", match.group()))
                break
    return found


#: "LLMs", "GANs": a plural acronym names a class of models, not the one thing a paper proposes; unless it is
#: being defined ("Kolmogorov-Arnold Networks (KANs)"), the proposal is the name set apart after it in the same
#: clause ("we propose a multiple small LLMs involved framework, GRA") or none ("we propose to fine-tune LLMs on GSM8K")
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Z0-9\-]*[A-Z]s")


def _names_a_class(token: str) -> bool:
    """A plural acronym or a generic one ("an LLM", "a GitHub repository"): words for a kind of thing, which the
    paper's own name may follow. (A descriptor, "an LLM-based judge", is no name either: the search goes on.)"""
    return bool(_PLURAL_ACRONYM.fullmatch(token)) or token in GENERIC_ACRONYMS
_APPOSITION = re.compile(r"[^,;:.()]{0,60}?,\s+([A-Za-z0-9][\w\-+^]*[\w+])(?=[\s,;.(])")


def _spot_definition(text: str, cue_end: int, acronym: re.Match) -> AbbreviationPair | None:
    """The long form an acronym in brackets spells out right after the cue, with at most two words before it
    ("we propose Reactive Circuits (RCs)", "we introduce efficient non-linear aggregators (NLAs)"); None for a class
    named in passing ("a framework leveraging Vision-Language Models (VLMs)")."""
    window = max(cue_end, acronym.start() - 160)
    pairs = abbreviation_pairs(text[window:acronym.end() + 1])
    pair = next((p for p in pairs if window + p.short_start == acronym.start()), None)
    return pair if pair is not None and len(text[cue_end:window + pair.long_start].split()) <= 2 else None


_BRACKETED = re.compile(r"\(\s*([^\s()]+)\s*\)")


def _defined_as_description(text: str, before: int, acronym: str) -> bool:
    """An acronym the text defined before `before` as the short form of words in lower case, a description
    ("high-resolution (HR)", "reinforcement learning (RL)"): a later proposal does not name it.

    >>> _defined_as_description("To enable high-resolution (HR) mapping, we propose HR AGB estimation.", 39, "HR")
    True
    """
    for defined in _BRACKETED.finditer(text, 0, before):
        if defined.group(1) != acronym:
            continue
        window = max(0, defined.start() - 160)
        pairs = abbreviation_pairs(text[window:defined.end()])
        if any(pair.short == acronym and pair.long == pair.long.lower() for pair in pairs):
            return True
    return False


def called_names(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """Names right after "called / dubbed / named X" in ``text[start:end]``."""
    end = len(text) if end is None else end
    found = []
    for cue in _NAMED.finditer(text, start, end):
        match = _NAME_TOKEN.match(text, cue.end(), end)
        if match and (is_name_like(match.group()) or match.group()[:1].isupper()) \
                and match.group() not in COMMON_CAPITALISED:
            kind = _type_of_introduced(text, max(start, cue.start() - 60), match.start(), match.end(), end)
            found.append(Candidate(match.start(), match.end(), kind, "named", match.group()))
    return found


_TITLE_SPLIT = re.compile(r"\s*(?::| -- | — | – | - )\s*")
_MODEL_WORD = re.compile(r"\b(?:model|network|method)\b", re.IGNORECASE)


def title_name(title: str) -> Candidate | None:
    """The name before the colon of a title (``HeadRecon: …``, ``EasyPortrait -- … Dataset``).

    >>> title_name("HeadRecon: High-Fidelity 3D Head Reconstruction from Monocular Video").text
    'HeadRecon'
    >>> title_name("EasyPortrait -- Face Parsing and Portrait Segmentation Dataset").type
    'dataset'
    >>> title_name("Learning to parse faces") is None
    True
    """
    match = _TITLE_SPLIT.search(title)
    if not match or match.start() == 0:
        return None
    head = title[: match.start()].strip()
    words = head.split()
    if not 1 <= len(words) <= 4:
        return None
    if not (any(is_name_like(w) for w in words)
            or (len(words) == 1 and head[:1].isupper() and head not in COMMON_CAPITALISED)):
        return None
    rest = title[match.end():]
    kind = "dataset" if _DATASET_WORD.search(rest) and not _MODEL_WORD.search(rest) else "model"
    return Candidate(0, len(head), kind, "title-colon", head)


_TITLE_PURPOSE = re.compile(r"\b(?:[Ff]or|[Tt]owards?)\s+")
_TITLE_PHRASE_END = re.compile(r"\s+(?:with|via|using|by|through|from|in|on|under|against|of|and|or|at|based|to)\b|[:;,?!()]"
                               r"|\s[-\u2013\u2014]{1,2}\s", re.IGNORECASE)
_HEAD_CONTINUES = re.compile(r"\s+(?:of|and|or)\b", re.IGNORECASE)  # "Reconstruction of Faces", "Emotion and Sentiment"
_ACTION_NOUN = re.compile(r"[a-z](?:tion|sion|ing|ment|sis|ics)$")  # "segmentation", "pansharpening", "analytics"
_MAX_TITLE_TASK_WORDS = 5


def title_tasks(title: str) -> list[Candidate]:
    """The tasks a title gives as its purpose: the phrase after "for" or "towards" that ends the title or
    its clause and ends in an action noun ("segmentation", "pansharpening") or a task head word.

    A verb that opens the phrase ("for Improving X") is left out; a phrase that ends in a plural or an
    acronym names no task, nor does one word alone, nor one whose last noun goes on ("for Reconstruction of
    Faces", "for Emotion and Sentiment Research").

    >>> [c.text for c in title_tasks("Vision-Language Reasoning for Image Geolocalization: A Reinforcement Learning Study")]
    ['Image Geolocalization']
    >>> [c.text for c in title_tasks("DySink: Dynamic Frame Sinks for Autoregressive Long Video Generation")]
    ['Autoregressive Long Video Generation']
    >>> title_tasks("Sparse Attention for Large Language Models"), title_tasks("Tools for Segmentation")
    ([], [])
    """
    found = []
    for cue in _TITLE_PURPOSE.finditer(title):
        stop = _TITLE_PHRASE_END.search(title, cue.end())
        if stop and _HEAD_CONTINUES.match(title, stop.start()):
            continue  # the phrase's last noun is only part of the name
        words = list(_WORD.finditer(title, cue.end(), stop.start() if stop else len(title)))
        if len(words) > 1 and words[0].group().lower().endswith("ing") and words[0].group()[:1].isupper():
            words = words[1:]  # "for Improving Multilingual Retrieval": a verb, not part of the task's name
        if not 1 < len(words) <= _MAX_TITLE_TASK_WORDS or words[0].group().lower() in STOP:
            continue  # one word alone ("for Evaluation", "for Detecting") is as often a field or a verb
        head = words[-1].group()
        last = head.lower().rsplit("-", 1)[-1]
        if head.isupper() or not (last in TASK_HEADS or _ACTION_NOUN.search(last)):
            continue
        found.append(Candidate(words[0].start(), words[-1].end(), "task", "title-purpose",
                               title[words[0].start():words[-1].end()]))
    return found


_PAREN = re.compile(r"\(\s*([A-Za-z0-9][\w\-\+\^]*?)\s*(?:[;,][^)]*)?\)")
_LONG_WORD = re.compile(r"[\w\-\+\^']+")


def abbreviation_pairs(text: str) -> list[AbbreviationPair]:
    """``long form (ABBR)`` pairs, Schwartz–Hearst style: the abbreviation's letters in order."""
    pairs = []
    for match in _PAREN.finditer(text):
        short = match.group(1)
        letters = [c.lower() for c in short if c.isalnum()]
        if short.endswith("s") and len(letters) > 2 and short[-2:-1].isupper():
            letters = letters[:-1]
        if (not 2 <= len(letters) <= 10 or not short[0].isalnum()
                or (not short[0].isupper() and sum(map(str.isupper, short)) < 2)):
            continue
        paren = match.start()
        # the words before the parenthesis, read from a window that starts after a space (no word is cut)
        window_start = text.rfind(" ", 0, max(0, paren - 12 * (len(letters) + 3))) + 1
        window = list(_LONG_WORD.finditer(text, window_start, paren))[-(len(letters) + 3):]
        long_start = _long_form_start(letters, [w.group().lower() for w in window])
        if long_start is None:
            continue
        start = window[long_start].start()
        long = text[start:paren].rstrip(" ,")
        if len(letters) < 4 and "-" not in long and len(long.split()) < 2:
            continue  # "identity (ID)": one common word is not a long form
        if long.count(")") > long.count("("):
            continue  # "detection (FSOD) and instance segmentation (FSIS)": no long form starts inside a bracket
        pairs.append(AbbreviationPair(short, match.start(1), long, start))
    return pairs


def _long_form_start(letters: list[str], words: list[str]) -> int | None:
    """Index of the first word of the shortest long form that spells `letters` (`words` in lower case)."""
    for first in range(len(words) - 1, -1, -1):
        word = words[first]
        if (word[0] == letters[0] and len(words) - first <= len(letters) + 2 and word not in STOP
                and _spells(letters, words[first:])):
            return first
    return None


def _spells(letters: list[str], words: list[str]) -> bool:
    text = " ".join(words)
    position = len(text) - 1
    for letter in reversed(letters[1:]):
        position = text.rfind(letter, 1, position + 1)
        if position < 1:
            return False
        position -= 1
    return text[0] == letters[0]


def initials_spell(short: str, long: str) -> bool:
    """Whether the initials of `long`'s words give the letters of the acronym `short` in order, all but one at
    most, the first one first: stricter than :func:`_spells` (letters anywhere, to find a long form), for a long
    form trusted enough to override the vocabulary's meaning of the acronym.

    >>> initials_spell("SAM", "Sharpness-Aware Minimization"), initials_spell("ViT", "Vision Transformer")
    (True, True)
    >>> initials_spell("ADEs", "adverse drug events"), initials_spell("PPO", "penalties (SPO) and hard-thresholding")
    (True, False)
    """
    initials = [word[0] for word in re.findall(r"[a-z0-9]+", long.lower())]
    letters = [character for character in short.lower() if character.isalpha()]
    if not initials or not letters or initials[0] != letters[0]:
        return False
    position = matched = 0
    for letter in letters:
        if letter in initials[position:]:
            position = initials.index(letter, position) + 1
            matched += 1
    return matched >= len(letters) - 1


#: a whole name ending in -DB, -HQ or a size ("LAION-400M", "Qwen2.5-VL-7B"; not "VL-7B" inside it): a size in
#: billions is a model's parameter count far more often than a dataset's (the vocabulary knows LAION-5B and SA-1B)
_SIZED_NAME = re.compile(r"(?<![\w.\-])([A-Z][\w\-\^.]*?(?:-?DB|-?HQ|-\d+(?:\.\d+)?([KMB])|\d+([KMB])))\b")
_DIGIT_UNIT = re.compile(r"[0-9][KMB]\b")
#: what makes a name sized in billions a dataset after all: a data noun after it (not "trained on X": models are
#: "pre-trained on Qwen2-0.5B" too)
_DATA_AFTER = re.compile(r"\s+(?:dataset|corpus|pairs|images|image-text|samples|subset|split)\b")
_X_DATASET = re.compile(r"\b((?:[A-Z][\w\-\^+]*\s){0,2}[A-Z][\w\-\^+]*)\s+(?:dataset|benchmark|corpus|database|treebank)s?\b")
_VERB_AFTER = re.compile(r"\s+(?:also\s+|further\s+|consistently\s+)?[a-z]+(?:s|ed)\b(?!\s+(?:of|for|and)\b)")
_DATASET_X = re.compile(r"\b(?:dataset|benchmark|corpus|database)s?,?\s+(?:called\s+|named\s+)?([A-Z][\w\-\^+]*)")


def sized_names(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """Datasets named with -DB, -HQ, -15M … and models with a size in billions in ``text[start:end]`` (they never
    hold a space, so a whole text at once).

    >>> [(c.text, c.type) for c in sized_names("We test on CelebAMask-HQ and LAION-400M with Qwen2.5-VL-7B.")]
    [('CelebAMask-HQ', 'dataset'), ('LAION-400M', 'dataset'), ('Qwen2.5-VL-7B', 'model')]
    >>> [(c.text, c.type) for c in sized_names("A CLIP pretrained on LAION-2B, and the WebLI-10B dataset.")]
    [('LAION-2B', 'model'), ('WebLI-10B', 'dataset')]
    """
    end = len(text) if end is None else end
    if "DB" not in text and "HQ" not in text and not _DIGIT_UNIT.search(text):  # a cheap test: most texts hold none
        return []
    found = []
    for match in _SIZED_NAME.finditer(text, start, end):
        billions = "B" in (match.group(2), match.group(3)) and not _DATA_AFTER.match(text, match.end(1))
        found.append(Candidate(match.start(1), match.end(1), "model" if billions else "dataset",
                               "model-size" if billions else "dataset-suffix", match.group(1)))
    return found


_CUTOFF = re.compile(r"(?<![\w@])(?:([A-Za-z][\w\-]*)@(?:\d+(?:[.:\-]\d+)*|[kK])|((?=[A-Za-z]*[a-z])[A-Za-z]{2,})\d\d(?:[:\-]\d\d)?)\b")


def metric_cutoffs(text: str, is_metric_name) -> list[Candidate]:
    """Metrics at a cut-off ("mAP@50", "Recall@10", "nDCG@5", "mAP50:95"): a name that `is_metric_name`, then "@" and
    a rank or threshold, or a two-digit threshold right after a name of two letters or more, one small (not "CD20",
    "MAP10", "p95").

    >>> [c.text for c in metric_cutoffs("It reaches 45.1 mAP@50, 30.2 mAP50-95, 71.0 Foo@5.", lambda n: n.lower() == "map")]
    ['mAP@50', 'mAP50-95']
    """
    return [Candidate(m.start(), m.end(), "metric", "metric-cutoff", m.group())
            for m in _CUTOFF.finditer(text) if is_metric_name(m.group(1) or m.group(2))]


def dataset_names(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """Dataset names in ``text[start:end]``: "the X dataset" and "dataset X".

    >>> [(c.text, c.rule) for c in dataset_names("We test on the HELEN and LaPa datasets, and dataset CelebAMask.")]
    [('LaPa', 'x-dataset'), ('CelebAMask', 'dataset-x')]
    """
    end = len(text) if end is None else end
    found = []
    for pattern, rule in ((_X_DATASET, "x-dataset"), (_DATASET_X, "dataset-x")):
        for match in pattern.finditer(text, start, end):
            words = match.group(1).split()  # separated by single white-space characters
            skip = 0
            while skip < len(words) and (words[skip] in COMMON_CAPITALISED or words[skip].lower() in STOP):
                skip += 1
            name_start = match.start(1) + sum(map(len, words[:skip])) + skip
            words = words[skip:]
            if rule == "dataset-x" and "," in text[match.start():match.start(1)] \
                    and _VERB_AFTER.match(text, match.end(1), end):
                continue  # "On the NYUv2 dataset, DepthWeaver reduces ...": the comma closed the phrase, a subject follows
            if words and (any(is_name_like(w) for w in words)
                          or (len(words) == 1 and match.end(1) - name_start > 2 and text[start:name_start].strip())):
                found.append(Candidate(name_start, match.end(1), "dataset", rule, text[name_start:match.end(1)]))
    return found


_LIST_ITEM = r"[A-Za-z0-9][\w\-\+\^.']*(?:\s[A-Za-z0-9][\w\-\+\^.']*)?"
_PLURAL_HEAD = re.compile(r"\s(datasets|corpora|benchmarks|treebanks|metrics|measures|tasks)\b")
# the list before a plural head, read only in a window before each head (a search from every word would be slow)
_CONJUNCTS_BEFORE = re.compile(rf"(?<![\w\-\+\^.'])((?:{_LIST_ITEM},\s)*{_LIST_ITEM},?\s(?:and|or)\s){_LIST_ITEM}$")
_LIST_WINDOW, _LAST_CONJUNCT = 200, 50  # characters: a whole list, its last " and X" (at most two words)
_LIST_SPLIT = re.compile(r",?\s(?:and|or)\s|,\s")


def coordinated_names(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """The conjuncts before the last one of "A, B and C <plural head>": each is named by the head.

    The last conjunct is the head word's own phrase (:func:`head_phrase`); the others share its
    head ("the PKU and MSRA datasets", "word similarity and analogy tasks"). A dataset or metric
    conjunct must read as a name (a capital or a digit); words in :data:`STOP` are left out.

    >>> [(c.text, c.type) for c in coordinated_names("We test on the HELEN, Helen-2 and LaPa datasets.")]
    [('HELEN', 'dataset'), ('Helen-2', 'dataset')]
    >>> [(c.text, c.type) for c in coordinated_names("It helps word similarity and analogy tasks.")]
    [('word similarity', 'task')]
    >>> [c.text for c in coordinated_names("on detection, image and video understanding tasks")]
    ['detection']
    >>> [c.text for c in coordinated_names("for regression and classification tasks")]
    ['regression']
    """
    end = len(text) if end is None else end
    found = []
    for head in _PLURAL_HEAD.finditer(text, start, end):
        near = max(start, head.start() - _LAST_CONJUNCT)
        if text.find(" and ", near, head.start()) < 0 and text.find(" or ", near, head.start()) < 0:
            continue  # no list: most heads stand alone, and the test is cheaper than the search
        match = _CONJUNCTS_BEFORE.search(text, max(start, head.start() - _LIST_WINDOW), head.start())
        if not match:
            continue
        kind = _HEAD_KIND[head.group(1)]
        position = match.start(1)
        last_words = len(text[match.end(1):head.start()].split())
        for item in _LIST_SPLIT.split(match.group(1)):
            item_start = text.index(item, position) if item else position
            position = item_start + len(item)
            words = item.split()
            while words and words[0].lower() in STOP:
                item_start += len(words.pop(0)) + 1
            if not words or any(w.lower() in STOP for w in words):
                continue
            if kind != "task" and not any(c.isupper() or c.isdigit() for c in words[0]):
                continue
            if kind == "task" and len(words) == 1 < last_words and words[0].islower() and words[0] not in TASK_HEADS:
                continue  # a modifier of the last conjunct's head: "image and video understanding tasks"
            found.append(Candidate(item_start, position, kind, "coordinated", text[item_start:position]))
    return found


_LIST_NAME = r"[A-Za-z0-9][\w\-\+\^.']*[\w+](?: \d[\d.]*\b)?"
_NEXT_CONJUNCT = re.compile(rf"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+|\s*/\s*)({_LIST_NAME})")
_PREVIOUS_CONJUNCT = re.compile(rf"(?<![\w\-\+\^.'])({_LIST_NAME})(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+|\s*/\s*)$")
_MAX_CONJUNCTS = 6


def _joins(near: str) -> bool:
    """Whether a list may go on through these few characters (a cheap test before the regular expressions)."""
    return "," in near or "/" in near or "and" in near or "or" in near


def names_coordinated_with(text: str, known: list[tuple[int, int, str]]) -> list[Candidate]:
    """Names in a list with a known dataset, metric or model name take its type: "tuned on MEANT, BLEU and TER".

    `known` holds ``(start, end, type)`` spans of names already found; each list is read from them outwards,
    one name-like word (with a version number: "CTB 5.1") at a time, across ", ", "and", "or" and "/". A list
    holds a conjunction or a slash somewhere: a comma alone may end an opening phrase ("On ImageNet, FooNet").

    >>> [(c.text, c.type) for c in names_coordinated_with("scored by MEANT, BLEU and NewMetric.", [(17, 21, "metric")])]
    [('MEANT', 'metric'), ('NewMetric', 'metric')]
    >>> names_coordinated_with("On ImageNet, FooNet-50 reaches 76.1% accuracy.", [(3, 11, "dataset")])
    []
    """
    found = []
    for start, end, kind in known:
        if kind == "task":
            continue
        steps = _list_steps(text, start, backward=True) + _list_steps(text, end, backward=False)
        if any(_CONJUNCTION.search(separator) for _, separator in steps):
            found += [Candidate(m.start(1), m.end(1), kind, "coordinated", m.group(1)) for m, _ in steps]
    return found


_CONJUNCTION = re.compile(r"\b(?:and|or)\b|/")


def _list_steps(text: str, position: int, *, backward: bool) -> list[tuple[re.Match, str]]:
    """The name-like words listed before (or after) `position`, nearest first, each with the separator that joins it."""
    steps = []
    near = text[max(0, position - 5):position] if backward else text[position:position + 5]
    for _ in range(_MAX_CONJUNCTS if _joins(near) else 0):
        if backward:
            match = _PREVIOUS_CONJUNCT.search(text, max(0, position - 40), position)
            separator = match and text[match.end(1):position]
        else:
            match = _NEXT_CONJUNCT.match(text, position)
            separator = match and text[position:match.start(1)]
        if not match or not is_name_like(match.group(1).split()[0]) or "/" in separator and _in_url(text, position):
            break
        steps.append((match, separator))
        position = match.start(1) if backward else match.end(1)
    return steps


def _in_url(text: str, position: int) -> bool:
    """Whether `position` is inside a web address ("https://github.com/org/name")."""
    word = text[text.rfind(" ", 0, position) + 1:position + 1]
    return "://" in word or "www." in word


_AS_DATA_ROLE = re.compile(r" as (?:the |a |our )?(?:\w+ )?(?:training|development|dev|test|tuning|held-out|evaluation|validation)"
                           r" (?:sets?|data|corpus|corpora)\b")
_NAME_BEFORE = re.compile(rf"(?<![\w\-\+\^.'])({_LIST_NAME})$")
_MEASURED_ON = re.compile(rf"\s*(?:\([^()]{{0,20}}\)\s*)?(?:scores?\s+)?on\s+(?:the\s+)?({_LIST_NAME})")


def data_named_by_role(text: str, metrics: list[tuple[int, int]]) -> list[Candidate]:
    """Dataset names given a role ("MT04 as the development set") or measured on ("BLEU on NIST08").

    `metrics` holds the ``(start, end)`` spans of metric names found in `text`.

    >>> [c.text for c in data_named_by_role("We use MT04 as development set; BLEU on NIST08.", [(32, 36)])]
    ['MT04', 'NIST08']
    """
    found = []
    for role in _AS_DATA_ROLE.finditer(text) if " as " in text else ():
        match = _NAME_BEFORE.search(text, max(0, role.start() - 40), role.start())
        if match and is_name_like(match.group(1).split()[0]):
            found.append(Candidate(match.start(1), match.end(1), "dataset", "evaluated-on", match.group(1)))
    for _, end in metrics:
        match = _MEASURED_ON.match(text, end)
        if match and is_name_like(match.group(1).split()[0]):
            found.append(Candidate(match.start(1), match.end(1), "dataset", "evaluated-on", match.group(1)))
    return found


_EVALUATED_ON = re.compile(r"\b(?:train|trained|test|tested|evaluate|evaluated|experiments|results|performance)\s+"
                           r"(?:\w+\s+)?on\s+(?:the\s+)?([A-Za-z0-9][\w\-\+\^.]*[\w+](?:\s+\d[\d.]*\b)?)")


def evaluated_on_names(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """Names of the data a method is trained or evaluated on ("results on CTB 5.1", "tested on WSJ").

    >>> [c.text for c in evaluated_on_names("We report results on CTB 5.1 and tested it on the Web.")]
    ['CTB 5.1']
    """
    end = len(text) if end is None else end
    return [Candidate(m.start(1), m.end(1), "dataset", "evaluated-on", m.group(1))
            for m in _EVALUATED_ON.finditer(text, start, end) if is_name_like(m.group(1).split()[0])]


_TASK_CUES = (
    (re.compile(r"\bthe (?:task|problem|challenge) of\s+(?:[a-z]+ly\s+)?", re.I), "after"),
    (re.compile(r"\s+(?:aims|seeks|attempts) to\b", re.I), "before"),
    (re.compile(r"\s+(?:is|remains|has been) (?:a|an) (?:\w+\s){0,2}?(?:challenging|fundamental|important|long-standing|"
                r"critical|key|active|open|difficult|ill-posed|essential|crucial)\s(?:\w+\s)?(?:problem|task)\b", re.I),
     "before"),
)


_GERUND = re.compile(r"[a-z]{3,}ing")


def task_phrases(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """Task phrases from cues in ``text[start:end]`` ("the task of X", "X aims to", "X is a challenging problem"):
    a phrase ending in a task head word, or after "the task of", a gerund and its object.

    >>> [c.text for c in task_phrases("Face parsing aims to label each pixel.")]
    ['Face parsing']
    >>> [c.text for c in task_phrases("We address the task of taxonomizing Wikipedia in a new way.")]
    ['taxonomizing Wikipedia']
    """
    end = len(text) if end is None else end
    found = []
    for pattern, side in _TASK_CUES:
        for cue in pattern.finditer(text, start, end):
            if side == "after":
                found += filter(None, [_task_after(text, cue.end(), end)])
                continue
            span = _phrase_before(text, start, cue.start())
            words = text[span[0]:span[1]].split() if span else ()
            if words and words[-1].lower() in TASK_HEADS and not (len(words) == 1 and _after_parenthesis(text, span[0])):
                found.append(Candidate(span[0], span[1], "task", "task-cue", text[span[0]:span[1]]))
    return found


def _after_parenthesis(text: str, position: int) -> bool:
    """Whether a closing parenthesis ends the text before `position`: a head word there ends a longer name
    ("Subject-driven text-to-image (T2I) generation aims to"), it is no task alone.

    >>> _after_parenthesis("text-to-image (T2I) generation", 20), _after_parenthesis("Face parsing", 5)
    (True, False)
    """
    return text[max(0, position - 3):position].rstrip().endswith(")")


#: Words for a way of doing something: "a method for X", "approaches to X" name task X by its purpose.
PURPOSE_HEADS = frozenset("""method methods approach approaches algorithm algorithms technique techniques framework
    frameworks system systems procedure procedures scheme schemes tool tools strategy strategies""".split())
_PURPOSE = re.compile(r" (?:for|to) (?:[a-z]+ly )?")


def purpose_tasks(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """Tasks named as what a method is for, in ``text[start:end]``: a gerund and its object, or a phrase
    ending in a task head word, after "a method/approach/algorithm/... for/to".

    >>> [c.text for c in purpose_tasks("We present a method for detecting 3D objects using multi-modalities.")]
    ['detecting 3D objects']
    """
    end = len(text) if end is None else end
    found = []
    for cue in _PURPOSE.finditer(text, start, end):
        if text[text.rfind(" ", start, cue.start()) + 1:cue.start()] in PURPOSE_HEADS:
            found += filter(None, [_task_after(text, cue.end(), end)])
    return found


def _task_after(text: str, position: int, end: int) -> Candidate | None:
    """The task phrase right after `position`: ending in a task head word, or a gerund with its object."""
    span = _phrase_after(text, position, end)
    words = text[span[0]:span[1]].split() if span else ()
    if words and (words[-1].lower() in TASK_HEADS or (len(words) > 1 and _GERUND.fullmatch(words[0]))):
        return Candidate(span[0], span[1], "task", "task-cue", text[span[0]:span[1]])
    return None


def _phrase_after(text: str, position: int, end: int, max_words: int = 6) -> tuple[int, int] | None:
    """The span of up to `max_words` words right after `position` (joined by spaces, no stop word), before `end`."""
    words = []
    for match in _WORD.finditer(text, position, end):
        if text[position:match.start()].strip(" ") or match.group().lower() in STOP or len(words) == max_words:
            break
        words.append(match)
        position = match.end()
    return (words[0].start(), words[-1].end()) if words else None


def _phrase_before(text: str, start: int, position: int, max_words: int = 5) -> tuple[int, int] | None:
    """The span of up to `max_words` words right before `position` (joined by spaces, no stop word), after `start`."""
    chosen = []
    for match in reversed(list(_WORD.finditer(text, start, position))):
        if text[match.end():position].strip(" ") or match.group().lower() in STOP or len(chosen) == max_words:
            break
        chosen.append(match)
        position = match.start()
    return (chosen[-1].start(), chosen[0].end()) if chosen else None


_HEAD_KIND = {}
for _words, _kind in ((SET_HEADS, "dataset"), (TEXT_HEADS, "dataset"), (METRIC_HEADS, "metric"), (MEASURE_HEADS, "metric"),
                      (MODEL_HEADS, "model"), (MATERIAL_HEADS, "dataset"), (DATASET_HEADS, "dataset"), (PROBLEM_HEADS, "task"), (TASK_HEADS, "task")):
    _HEAD_KIND.update(dict.fromkeys(_words, _kind))  # a word in two sets takes the kind of the later one
DATA_WORDS = DATA_ROLE_MODIFIERS | {"data"}
#: Head words: the last word of a noun phrase that says what kind of entity the phrase names.
HEAD_WORDS = frozenset(_HEAD_KIND)


def head_phrase(text: str, start: int, end: int) -> Candidate | None:
    """The noun phrase ending in the head word ``text[start:end]`` (one of :data:`HEAD_WORDS`), or None.

    The phrase starts up to four words before the head, over words joined by spaces only and not
    stop words; generic modifiers are dropped, and heads that need a specific modifier without one,
    or a head that is only part of a longer word ("face-parsing"), give None.

    >>> text = "We study 3D facial shape completion on a large face dataset."
    >>> head_phrase(text, 25, 35).text, head_phrase(text, 52, 59).text
    ('3D facial shape completion', 'face dataset')
    """
    if start and (text[start - 1].isalnum() or text[start - 1] in "_-+^.") or _WORD.match(text, start).end() != end:
        return None
    window = list(_WORD.finditer(text, text.rfind(" ", 0, max(0, start - 60)) + 1, start))
    chain = []  # the words before the head, nearest first
    position = start
    for match in reversed(window):
        gap = match.end()
        if position - gap != text.count(" ", gap, position) or match.group().lower() in STOP or len(chain) == 4:
            break
        chain.append(match)
        position = match.start()
    if chain and len(chain) < len(window) and window[-len(chain) - 1].group().lower() in BEFORE_VERB:
        chain.pop()  # "we transcribe speech": the word after "we" is a verb
    modifiers = [m for m in reversed(chain) if m.group().lower() not in GENERIC_MODIFIERS]
    word = text[start:end].lower()
    if not _head_allowed(word, [m.group() for m in modifiers]):
        return None
    phrase_start = modifiers[0].start() if modifiers else start
    return Candidate(phrase_start, end, _HEAD_KIND[word], "head-word", text[phrase_start:end])


def _head_allowed(word: str, modifiers: list[str]) -> bool:
    """Whether head `word` with these (non-generic) `modifiers` names an entity."""
    kind = _HEAD_KIND[word]
    if word in SET_HEADS:  # "the CTB test set", not "a feature set" nor "the test set"
        return len(modifiers) > 1 and modifiers[-1].lower() in DATA_WORDS and modifiers[0].lower() not in DATA_WORDS
    if word in TEXT_HEADS:  # text is data only when its source is named
        return any(m in LANGUAGES or m.lower() in SOURCE_MODIFIERS for m in modifiers)
    if kind != "task" and not modifiers and word not in TOOL_HEADS:
        return False  # "the method", "a dataset", "the score": generic, not a mention
    if (word in DATASET_HEADS or word in MEASURE_HEADS or word == "data") \
            and all(m.lower() in DATA_ROLE_MODIFIERS for m in modifiers):
        return False  # "training data", "evaluation metrics": the role of some data or measure, not which one
    return not (kind == "task" and not modifiers and (word in VAGUE_TASK_HEADS or word in PROBLEM_HEADS))
