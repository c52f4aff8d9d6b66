"""Discovery rules: names, acronym pairs, datasets and tasks that the vocabulary lacks.

Each rule is a pure function of a sentence's text returning candidate spans
(start, end, type, rule) with offsets relative to that text.

>>> [(s.text, s.type, s.rule) for s in proposal_names("We propose FaceCom, a method for 3D facial shape completion.")]
[('FaceCom', 'model', 'propose')]
>>> [(p.short, p.long) for p in abbreviation_pairs("using Neural Radiance Fields (NeRFs) driven by a skeleton")]
[('NeRFs', 'Neural Radiance Fields')]
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: str
    rule: str
    text: str


@dataclass(frozen=True)
class AbbreviationPair:
    short: str
    short_start: int
    long: str
    long_start: int


STOP = frozenset("""
a an the this that these those our their its his her my your we they it he she i you
of in on at to for from by with without into onto over under between among through via per as than
and or nor but yet so if then else while whereas because since although though when where which who whom whose
is are was were be been being has have had do does did can could may might must shall should will would
not no also only both either neither each every all any some such other another more most less least many much
very well further however thus hence therefore moreover furthermore here there up down out about after before
propose proposed proposes present presented presents introduce introduced introduces use used uses using
based show shows shown achieve achieves achieved demonstrate demonstrates demonstrated obtain obtained
new novel existing previous prior recent current same different various several first second third two three
one our state-of-the-art art state proposed conventional traditional typical standard simple
study studies studied address addresses addressed tackle tackles tackled perform performs performed
improve improves improved enable enables enabled investigate investigates explore explores consider considers
focus focuses solve solves apply applies applied train trains trained evaluate evaluates evaluated compare
compares handle handles require requires required make makes allow allows yield yields outperform outperforms
leverage leverages leveraged employ employs adopt adopts called named dubbed task tasks problem problems
""".split())
# Words that end a task phrase: "face parsing", "speech recognition" ...
TASK_HEADS = frozenset("""
recognition detection segmentation parsing reconstruction estimation generation synthesis completion
classification translation retrieval tracking editing prediction answering summarization summarisation
extraction understanding localization localisation captioning inpainting alignment restoration enhancement
super-resolution tagging labeling labelling disambiguation verification identification animation manipulation
reenactment swapping forecasting planning navigation grounding matching registration modeling modelling analysis
inference reasoning compression denoising deblurring dehazing deraining colorization colorisation upsampling
interpolation diagnosis screening annotation ranking recommendation simplification paraphrasing spotting
counting odometry mapping transcription diarization diarisation resolution relighting stylization
stylisation anonymization anonymisation aging ageing editing retargeting rendering categorization
processing acquisition correction mining indexing interpretation vision
""".split())
# "X problem", "NLP tasks": a task named by its kind; needs a specific modifier.
PROBLEM_HEADS = frozenset("problem problems task tasks".split())
MODEL_HEADS = frozenset("""
network networks model models method methods approach approaches algorithm algorithms framework frameworks
architecture architectures technique techniques classifier classifiers parser parsers encoder encoders decoder
decoders transformer transformers module modules mechanism mechanisms estimator estimators tagger taggers
grammar grammars formalism embedding embeddings system systems pipeline pipelines strategy strategies
stemmer stemmers recognizer recognizers recogniser recognisers segmenter segmenters tokenizer tokenizers
""".split())
# Nouns that name a kind of component by what it does ("the parser", "a classifier"): a method mention
# even without a modifier, unlike "the method" or "our approach", which stand for any method.
TOOL_HEADS = frozenset("""
parser parsers classifier classifiers decoder decoders encoder encoders tagger taggers grammar grammars estimator
estimators stemmer stemmers recognizer recognizers recogniser recognisers segmenter segmenters tokenizer tokenizers
""".split())
assert TOOL_HEADS <= MODEL_HEADS
DATASET_HEADS = frozenset("""
dataset datasets corpus corpora database databases treebank treebanks benchmark benchmarks
""".split())
# Nouns for data and language resources (SciERC's Material): "parallel text", "speech data", "face images".
MATERIAL_HEADS = frozenset("""
data speech images videos corpus corpora dictionary dictionaries treebank treebanks recordings photographs
photos signals sequences
""".split())
# Text-like nouns are data only when their source is named: "Arabic documents", "news articles", "Web texts".
TEXT_HEADS = frozenset("text texts documents articles sentences dialogs dialogues utterances transcripts".split())
LANGUAGES = frozenset("""English Chinese Japanese Korean Arabic French German Spanish Portuguese Italian Dutch Polish
Czech Russian Turkish Hindi Urdu Bengali Persian Farsi Hebrew Greek Swedish Danish Norwegian Finnish Hungarian
Romanian Bulgarian Croatian Serbian Slovene Slovak Ukrainian Thai Vietnamese Indonesian Malay Tagalog Swahili
Mandarin Cantonese Catalan Basque Estonian Latvian Lithuanian Tamil Telugu Marathi Gujarati Punjabi""".split())
_SOURCE_MODIFIERS = frozenset("""news newspaper newswire web blog blogs wikipedia twitter email e-mail legal medical
clinical biomedical scientific patent broadcast""".split())
# Modifiers that say what role data plays, not which data it is ("training data", "labeled corpora").
_DATA_ROLE_MODIFIERS = frozenset("""training train test testing development dev evaluation validation held-out heldout
labeled labelled unlabeled unlabelled un-labeled un-labelled annotated unannotated parallel monolingual bilingual
multilingual in-domain out-of-domain large-scale web-scale real-world real input output source target external unseen
additional experimental raw noisy clean available publicly textual sufficient limited insufficient little enough
annotation supervised unsupervised original sample synthetic benchmark comparable domain domain-specific
manually human automatically above respective gold reduced extensive few several""".split())
METRIC_HEADS = frozenset("""
accuracy precision recall f1 f-score f-measure bleu rouge perplexity error rate score scores
""".split())
# Heads too vague to stand for a task on their own ("analysis", "inference", "modeling").
_VAGUE_TASK_HEADS = frozenset("""analysis inference modeling modelling mapping resolution rendering matching processing
acquisition correction interpretation vision mining indexing""".split())
_GENERIC_MODIFIERS = frozenset("""proposed our this new novel existing previous prior recent baseline same different
other such several various simple standard conventional traditional typical general generic overall whole
entire full final main key better best good efficient effective robust strong powerful large small hard difficult
challenging important open interesting fundamental""".split())
# A word right after these is a verb, not the start of a noun phrase ("we transcribe speech", "to parse text").
_BEFORE_VERB = frozenset("we they i it to can cannot will may must should could would not also".split())

_WORD = re.compile(r"[A-Za-z0-9][\w\-\+\^\.']*[\w\+]|[A-Za-z0-9]")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9][\w\-\+\^]*[\w\+]|[A-Z]")
_COMMON_CAPITALISED = frozenset("""We Our This These The In To For From With It Its Unlike However Moreover Furthermore
Recently Finally Specifically Experiments Extensive Results Code Although While Existing Previous Despite Based
Given Using Most Many Such Here Then Thus First Second Third Also Additionally Code Project AI What Which Who How Why
When Where Whether Each Every All Some Any Both Other Several Various New Large Public Our""".split())
_NUMERIC_UNIT = re.compile(r"^\d+(?:\.\d+)?[A-Za-z]{0,3}$")


@functools.lru_cache(maxsize=1 << 16)
def is_name_like(token: str) -> bool:
    """A token that reads as a proper name of a method or dataset (CamelCase, acronym, ++, digits).

    >>> [is_name_like(t) for t in ("HiFace", "SD-DeTail", "GeneFace++", "UniF^2ace", "S2TD-Face", "method", "3D", "We")]
    [True, True, True, True, True, False, False, False]
    """
    if len(token) < 2 or token in _COMMON_CAPITALISED or _NUMERIC_UNIT.match(token):
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
    # Hyphenated: "SD-DeTail", "DRP-Net" yes; title-case words like "High-Fidelity" no.
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
_PROPOSE_HEAD = r"\b(?:we|this (?:paper|work|thesis|study|article)|our (?:work|paper|method|approach))"
assert _PROPOSE.pattern.startswith(_PROPOSE_HEAD)
# ``_PROPOSE`` for lower-case ASCII text: no IGNORECASE, and the leading ``\b`` as a look-behind after the
# first letter (``w(?<!\ww)``), so the pattern starts with literals the regex engine can scan for (2x faster).
_PROPOSE_LOWER = re.compile(r"(?:w(?<!\ww)e|t(?<!\wt)his (?:paper|work|thesis|study|article)|o(?<!\wo)ur (?:work|paper|method|approach))"
                            + _PROPOSE.pattern[len(_PROPOSE_HEAD):])
# ``_PROPOSE_LOWER`` split by subject, each pattern starting with a literal the regex engine scans for fast. The
# subjects start with different letters, so at a position at most one of them matches, and as ``_PROPOSE_LOWER`` does.
_PROPOSE_SUBJECTS = ("we", "this (?:paper|work|thesis|study|article)", "our (?:work|paper|method|approach)")
assert _PROPOSE_HEAD == r"\b(?:" + "|".join(_PROPOSE_SUBJECTS) + ")"
_PROPOSE_BY_SUBJECT = tuple(
    re.compile(word + r"(?<!\w" + word + ")" + subject[len(word):] + _PROPOSE.pattern[len(_PROPOSE_HEAD):])
    for subject in _PROPOSE_SUBJECTS for word in [subject.split(" ")[0]])
_NAMED = re.compile(r"\b(?:called|dubbed|named|termed|coined|namely|denoted(?: as)?|referred to as)\s+", re.IGNORECASE)
_DATASET_WORD = re.compile(r"\b(?:dataset|data set|benchmark|corpus|database|collection)s?\b", re.IGNORECASE)
_MAX_WINDOW_WORDS = 14
_DATASET_AFTER_NAME = re.compile(r"\s*,?\s*(?:a|an|the)?\s*(?:\w+[\s-]+){0,3}(?:dataset|benchmark|corpus|database)",
                                 re.IGNORECASE)


# A name-like token holds an upper-case letter, "+" or "^" (each way ``is_name_like`` says yes needs one). This
# finds one of "+", "A"-"Z", "^", or any non-ASCII character (upper-case ones among them): the ASCII characters
# other than those are left out.
_NAME_MARK = re.compile(r"[^\x00-\x2a\x2c-\x40\x5b-\x5d\x5f-\x7f]")


def _name_after(text: str, position: int, end: int):
    """The first name-like token among the next few ``_NAME_TOKEN`` matches in ``text[position:end]``, or None.

    A token followed by ";" ends the search (it lists, it does not name).
    """
    if not _NAME_MARK.search(text, position, end):
        return None
    tokens = itertools.islice(_NAME_TOKEN.finditer(text, position, end), _MAX_WINDOW_WORDS)
    if text.find(";", position, end) < 0:  # the common case: no token is followed by ";"
        for match in tokens:
            if is_name_like(match.group()):
                return match
        return None
    for match in tokens:
        token_end = match.end()
        if token_end < end and text[token_end] == ";":
            return None
        if is_name_like(match.group()):
            return match
    return None


def _type_of_introduced(text: str, cue_end: int, name_start: int, name_end: int, end: int | None = None) -> str:
    """"dataset" if a dataset word lies between the cue and the name or just after the name
    (within 40 characters, and before `end`), else "model"."""
    after_end = name_end + 40 if end is None else min(name_end + 40, end)
    around = text[cue_end:after_end]
    if around.isascii():  # case-blind matching is lower-casing here: both patterns need one of these words
        around = around.lower()
        if "data" not in around and "benchmark" not in around and "corpus" not in around and "collection" not in around:
            return "model"
    if _DATASET_WORD.search(text[cue_end:name_start]) or _DATASET_AFTER_NAME.match(text[name_end:after_end]):
        return "dataset"
    return "model"


def proposal_names(text: str) -> list[Candidate]:
    """Names introduced by "we propose / present / introduce X" and "called / dubbed X"."""
    return (_proposed_names(text, _PROPOSE.finditer(text), len(text))
            + _named_names(text, _NAMED.finditer(text), 0, len(text)))


def _proposed_names(text: str, cues, end: int) -> list[Candidate]:
    """The first name after each of the ``_PROPOSE`` matches `cues`, in ``text[:end]``."""
    found = []
    for cue in cues:
        cue_end = cue.end()
        match = _name_after(text, cue_end, end)
        if match:
            start, stop = match.span()
            kind = _type_of_introduced(text, cue_end, start, stop, end)
            found.append(Candidate(start, stop, kind, "propose", match.group()))
    return found


def _named_names(text: str, cues, start: int, end: int) -> list[Candidate]:
    """The name right after each of the ``_NAMED`` matches `cues`, in ``text[start:end]``."""
    found = []
    for cue in cues:
        match = _NAME_TOKEN.match(text, cue.end(), end)
        if match:
            token = match.group()
            if (is_name_like(token) or token[:1].isupper()) and token not in _COMMON_CAPITALISED:
                kind = _type_of_introduced(text, max(start, cue.start() - 60), match.start(), match.end(), end)
                found.append(Candidate(match.start(), match.end(), kind, "named", token))
    return found


_TITLE_SPLIT = re.compile(r"\s*(?::| -- | — | – | - )\s*")


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
    if not (any(is_name_like(w) for w in words) or (len(words) == 1 and head[:1].isupper() and head not in _COMMON_CAPITALISED)):
        return None
    rest = title[match.end():]
    kind = "dataset" if _DATASET_WORD.search(rest) and not re.search(r"\b(?:model|network|method)\b", rest, re.I) else "model"
    return Candidate(0, len(head), kind, "title-colon", head)


_PAREN = re.compile(r"\(\s*([A-Za-z0-9][\w\-\+\^]*?)\s*(?:[;,][^)]*)?\)")


def abbreviation_pairs(text: str) -> list[AbbreviationPair]:
    """``long form (ABBR)`` pairs, Schwartz–Hearst style: the abbreviation's letters in order."""
    pairs = []
    ascii_text = text.isascii()
    for match in _PAREN.finditer(text):
        short = match.group(1)
        if ascii_text:  # one lower-case character per letter, as the list below holds
            letters = short.lower()
            if not short.isalnum():
                letters = letters.translate(_DROP_NON_ALNUM)
        else:
            letters = [c.lower() for c in short if c.isalnum()]
        if short.endswith("s") and len(letters) > 2 and short[-2:-1].isupper():
            letters = letters[:-1]
        if (not 2 <= len(letters) <= 10 or not short[0].isalnum()
                or (not short[0].isupper() and sum(map(str.isupper, short)) < 2)):
            continue
        paren = match.start()
        window = _words_before(text, paren, len(letters) + 3)
        long_start = _long_form_start(letters, [w.group().lower() for w in window])
        if long_start is None:
            continue
        start = window[long_start].start()
        long = text[start:paren].rstrip(" ,")
        if len(letters) < 4 and "-" not in long and len(long.split()) < 2:
            continue  # "identity (ID)": one common word is not a long form
        pairs.append(AbbreviationPair(short, match.start(1), long, start))
    return pairs


# The characters of an ASCII ``_PAREN`` abbreviation that are not letters or digits.
_DROP_NON_ALNUM = str.maketrans("", "", "_-+^")
_LONG_WORD = re.compile(r"[\w\-\+\^']+")
_NOT_LONG_WORD = re.compile(r"[^\w\-\+\^']")


def _words_before(text: str, end: int, count: int) -> list:
    """The last `count` matches of `_LONG_WORD` in ``text[:end]``, read from a window before `end`.

    Matches are maximal runs of word characters, so a window starting at a non-word
    character holds exactly the runs of the whole prefix that lie in it.
    """
    start = max(0, end - 12 * count)
    if start:
        boundary = _NOT_LONG_WORD.search(text, start, end)
        start = boundary.start() if boundary else 0
    words = list(_LONG_WORD.finditer(text, start, end))
    if start and len(words) < count:
        words = list(_LONG_WORD.finditer(text, 0, end))
    return words[-count:]


def _long_form_start(letters, words: list[str]) -> int | None:
    """Index of the first word of the shortest long form that spells `letters` (`words` in lower case)."""
    if not words:
        return None
    limit = len(letters) + 2
    for first in range(len(words) - 1, -1, -1):
        word = words[first]
        if (word[0] == letters[0] and len(words) - first <= limit and word not in STOP
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


# The leading ``\b`` of ``\b[A-Z]`` as a look-behind after the letter (``[A-Z](?<!\w[A-Z])``, the same test), so the
# patterns start with a character set the regex engine scans for; ``_X_DATASET``'s ``(?:T\s){0,2}T`` with
# T = ``[A-Z][\w\-\^+]*`` is spelled ``[A-Z](?:[\w\-\^+]*\s[A-Z]){0,2}[\w\-\^+]*`` (same strings, tried in the
# same order).
_DATASET_NAME = re.compile(r"([A-Z](?<!\w[A-Z])[\w\-\^]*?(?:-?DB|-?HQ|-\d+(?:\.\d+)?[KMB]|\d+[KMB]))\b")
_X_DATASET = re.compile(r"([A-Z](?<!\w[A-Z])(?:[\w\-\^+]*\s[A-Z]){0,2}[\w\-\^+]*)\s+"
                        r"(?:dataset|benchmark|corpus|database|treebank)s?\b")
_DATASET_X = re.compile(r"\b(?:dataset|benchmark|corpus|database)s?,?\s+(?:called\s+|named\s+)?([A-Z][\w\-\^+]*)")


def dataset_names(text: str) -> list[Candidate]:
    """Dataset names: "the X dataset", "dataset X", and names ending in -DB, -HQ, -15M …"""
    return _dataset_suffix_names(text, 0, len(text)) + _dataset_phrase_names(text, 0, len(text))


def _dataset_suffix_names(text: str, start: int, end: int) -> list[Candidate]:
    return [Candidate(match.start(1), match.end(1), "dataset", "dataset-suffix", match.group(1))
            for match in _DATASET_NAME.finditer(text, start, end)]


def _dataset_phrase_names(text: str, start: int, end: int, x_dataset=None, dataset_x=None) -> list[Candidate]:
    """"the X dataset" and "dataset X" names in ``text[start:end]``; `x_dataset` and `dataset_x`, if
    given, are the matches there of ``_X_DATASET`` and ``_DATASET_X`` (found by the caller)."""
    found = []
    if x_dataset is None:
        x_dataset = _X_DATASET.finditer(text, start, end)
    if dataset_x is None:
        dataset_x = _DATASET_X.finditer(text, start, end)
    for matches, rule in ((x_dataset, "x-dataset"), (dataset_x, "dataset-x")):
        for match in matches:
            # the group's words are separated by single white-space characters
            words = match.group(1).split()
            skip = 0
            while skip < len(words) and (words[skip] in _COMMON_CAPITALISED or words[skip].lower() in STOP):
                skip += 1
            if skip == len(words):
                continue
            name_start = match.start(1) + sum(map(len, words[:skip])) + skip
            name_end = match.end(1)
            words = words[skip:]
            if (any(is_name_like(w) for w in words)
                    or (len(words) == 1 and name_end - name_start > 2 and text[start:name_start].strip())):
                found.append(Candidate(name_start, name_end, "dataset", rule, text[name_start:name_end]))
    return found


_TASK_CUES = (
    (re.compile(r"\bthe (?:task|problem|challenge) of\s+", re.I), "after"),
    (re.compile(r"\s+(?:aims|seeks|attempts) to\b", re.I), "before"),
    (re.compile(r"\s+(?:is|remains|has been) (?:a|an) (?:\w+\s){0,2}?(?:challenging|fundamental|important|long-standing|critical|key|active|open|difficult|ill-posed|essential|crucial)\s(?:\w+\s)?(?:problem|task)\b", re.I), "before"),
)


_THE_TASK_OF, _AIMS_TO_CUE, _IS_A_PROBLEM = (pattern for pattern, _ in _TASK_CUES)


def _phrase_after(text: str, position: int, end: int, max_words: int = 6) -> tuple[int, int] | None:
    """The span of up to `max_words` words right after `position` (space-separated, no stop word), before `end`."""
    words = []
    for match in _WORD.finditer(text, position, end):
        if text[position:match.start()].strip(" "):
            break
        if match.group().lower() in STOP:
            if words:
                break
            return None
        words.append(match)
        position = match.end()
        if len(words) >= max_words:
            break
    if not words:
        return None
    return words[0].start(), words[-1].end()


def _phrase_before(text: str, position: int, start: int = 0, max_words: int = 5) -> tuple[int, int] | None:
    """The span of up to `max_words` words right before `position` (space-separated, no stop word), after `start`."""
    words = list(_WORD.finditer(text, start, position))
    chosen = []
    end = position
    for match in reversed(words):
        if text[match.end():end].strip(" "):
            break
        if match.group(0).lower() in STOP or len(chosen) >= max_words:
            break
        chosen.append(match)
        end = match.start()
    if not chosen:
        return None
    return chosen[-1].start(), chosen[0].end()


def task_phrases(text: str) -> list[Candidate]:
    """Task phrases from cues ("the task of X", "X aims to", "X is a challenging problem")."""
    return _task_phrases(text, 0, len(text), [pattern.finditer(text) for pattern, _ in _TASK_CUES])


def _task_phrases(text: str, start: int, end: int, cue_matches) -> list[Candidate]:
    """Task phrases in ``text[start:end]`` from `cue_matches`, the matches of each of ``_TASK_CUES`` there."""
    found = []
    for cues, (_, side) in zip(cue_matches, _TASK_CUES):
        for cue in cues:
            span = _phrase_after(text, cue.end(), end) if side == "after" else _phrase_before(text, cue.start(), start)
            if span:
                phrase = text[span[0]:span[1]]
                if phrase.split()[-1].lower() in TASK_HEADS:
                    found.append(Candidate(span[0], span[1], "task", "task-cue", phrase))
    return found


# Literal words (in lower case) at which every match of a sentence rule's cue pattern starts, or which
# every match contains: a pattern is tried only at them, a rule runs only on the sentences holding them.
_PROPOSE_STARTS = ("we", "this ", "our ")
# The ``_NAMED`` words but "namely" end in "ed", a literal the regex engine scans for fast (unlike the words'
# alternation).
_NAMED_ED = re.compile(r"ed(?:(?<=called|dubbed|termed|coined)|(?<=named)|(?<=denoted)|(?<=referred))")
_DATASET_X_STARTS = ("dataset", "benchmark", "corpus", "database")
_TASK_WORDS = ("task", "problem")  # with "challenge of": 4 characters after the start of "the task of"
_AIMS_TO = ("aims to", "seeks to", "attempts to")  # found by their common end "s to"
# Every "DB", "HQ" or digit-then-K/M/B is a pair [DH0-9][BKMQ] (``0-9`` is ``\d`` on ASCII text), which this table
# turns into b"01" (and nothing else into a "0" or a "1"): one translate and one find instead of a regex scan.
# The extra sentences let through yield no dataset-suffix name.
_SUFFIX_PAIRS = bytes(0x30 if c in b"DH0123456789" else 0x31 if c in b"BKMQ" else 0x20 for c in range(256))


def _positions(string: str | bytes, words) -> list[int]:
    """The sorted positions of every occurrence of `words` in `string`.

    >>> _positions("we see. we go.", ("we", "go"))
    [0, 8, 11]
    """
    found = []
    find = string.find
    for word in words:
        position = find(word)
        while position >= 0:
            found.append(position)
            position = find(word, position + 1)
    found.sort()
    return found


def _sentences_at(positions, starts: list[int]) -> set[int]:
    """Indices of the sentences (by their sorted `starts`) in which `positions` fall."""
    return {bisect.bisect_right(starts, position) - 1 for position in positions}


def _last_by_sentence(positions, starts: list[int]) -> dict[int, int]:
    """{index of a sentence (by its sorted `starts`): the last of the sorted `positions` in it}."""
    return {bisect.bisect_right(starts, position) - 1: position for position in positions}


def _matches_by_sentence(pattern: re.Pattern, string: str, positions, starts: list[int], ends: list[int]) -> dict:
    """{sentence index: ``list(pattern.finditer(string, start, end))`` for that sentence}, with
    `pattern` tried only at `positions` (sorted), which must hold every position where it matches.

    Equal to finditer because finditer tries each position from a sentence's start on, and after a
    match goes on from its end (the patterns never match empty); sentences without a match are left out.

    >>> found = _matches_by_sentence(re.compile(r"ab+"), "xabbab ab. ab", [0, 1, 2, 4, 7, 11], [0, 11], [10, 13])
    >>> {index: [m.span() for m in matches] for index, matches in found.items()}
    {0: [(1, 4), (4, 6), (7, 9)], 1: [(11, 13)]}
    """
    found = {}
    after = 0
    match_at = pattern.match
    for position in positions:
        if position < after:
            continue
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and position < ends[index]:
            match = match_at(string, position, ends[index])
            if match:
                found.setdefault(index, []).append(match)
                after = match.end()
    return found


def _separated(text: str, sentences) -> bool:
    """Whether the `sentences` spans are in order, apart, inside `text`, and no word character is right
    before or after one: then a pattern searched in `text` from a sentence's start sees what it sees in
    the sentence alone (``\\b`` and look-behinds look at the character before the start), and a ``\\b``
    at a sentence's end holds in `text` as in the sentence."""
    previous = 0
    size = len(text)
    for start, end in sentences:
        if (start < previous or end < start or (start and (text[start - 1].isalnum() or text[start - 1] == "_"))
                or (end < size and (text[end].isalnum() or text[end] == "_"))):
            return False
        previous = end
    return previous <= size


def _matches_in_sentences(patterns, string: str, starts: list[int], ends: list[int]) -> dict | None:
    """{sentence index: the matches in that sentence of the alternation of `patterns`}, from one search
    of the whole `string` per pattern; None if a match leaves its sentence or two matches overlap.

    At most one of `patterns` may match at a position (like ``_PROPOSE_BY_SUBJECT``), and they read no
    further than one character past a match (a ``\\b``). Between ``_separated`` sentence bounds, a
    search of the whole string then tries every position of a sentence as a search of the sentence
    alone does, with the same result, unless a match found crosses the sentence's end; and if no
    matches overlap, the alternation finds the matches of its parts.
    """
    matches = [match for pattern in patterns for match in pattern.finditer(string)]
    if len(matches) > 1:
        matches.sort(key=re.Match.start)
    found = {}
    after = 0
    for match in matches:
        position = match.start()
        if position < after:
            return None
        index = bisect.bisect_right(starts, position) - 1
        if index < 0 or match.end() > ends[index]:
            return None
        found.setdefault(index, []).append(match)
        after = match.end()
    return found


def sentence_candidates(text: str, sentences) -> list[Candidate]:
    """:func:`proposal_names`, :func:`dataset_names` and :func:`task_phrases` over each sentence
    span of `text`, with offsets into `text`; equal to running all three on every sentence.

    The cue words of each rule are looked for once per text: a cue pattern that starts at a cue
    word is tried only there, and a rule runs only on the sentences holding its cue words. The
    rules search `text` itself between a sentence's bounds (no copy of the sentence). Non-ASCII
    texts take the plain way (case-blind regexes match a few non-ASCII letters that ``str.lower``
    does not fold the same way), and so do spans out of order or starting right after a word.

    >>> text = "We use ImageNet. We propose FaceNet for face parsing."
    >>> [(c.text, c.rule, c.start) for c in sentence_candidates(text, [(0, 16), (17, 53)])]
    [('FaceNet', 'propose', 28)]
    """
    if not text.isascii() or not _separated(text, sentences):
        found = []
        for start, end in sentences:
            for finder in (proposal_names, dataset_names, task_phrases):
                for c in finder(text[start:end]):
                    found.append(Candidate(c.start + start, c.end + start, c.type, c.rule, c.text))
        return found
    lower = text.lower()
    starts = [start for start, _ in sentences]
    ends = [end for _, end in sentences]
    proposing = _matches_in_sentences(_PROPOSE_BY_SUBJECT, lower, starts, ends)
    if proposing is None:  # "this paper we propose": overlapping matches, for one text in a few hundred
        proposing = _matches_by_sentence(_PROPOSE_LOWER, lower, _positions(lower, _PROPOSE_STARTS), starts, ends)
    naming = _sentences_at([m.start() for m in _NAMED_ED.finditer(lower)] + _positions(lower, ("namely",)), starts)
    suffixed = _sentences_at(_positions(text.encode("ascii").translate(_SUFFIX_PAIRS), (b"01",)), starts)
    dataset_words = _positions(lower, _DATASET_X_STARTS)
    dataset_x = _matches_by_sentence(_DATASET_X, text, dataset_words, starts, ends)
    # the last dataset word of a sentence ends an "X dataset" match there (at most 11 characters on, with
    # "s" and the character ``\b`` looks at): a search cut there finds the same matches
    x_dataset = _last_by_sentence(sorted(dataset_words + _positions(lower, ("treebank",))), starts)
    task_words = _positions(lower, _TASK_WORDS)
    challenges = _positions(lower, ("challenge of",))
    tasks_of = _matches_by_sentence(_THE_TASK_OF, text, [p - 4 for p in sorted(task_words + challenges)], starts, ends)
    aiming = _sentences_at([p for p in _positions(lower, ("s to",)) if lower.endswith(_AIMS_TO, 0, p + 4)], starts)
    # the last task cue pattern ends with "task" or "problem" and a ``\b``: a search cut one character past
    # the last of them in a sentence finds the same matches there
    problems = _last_by_sentence(task_words, starts)
    found = []
    # in the order the rules run on a sentence
    for index in sorted(set().union(proposing, naming, suffixed, x_dataset, tasks_of, aiming, problems)):
        if index < 0:
            continue
        start, end = starts[index], ends[index]
        if index in proposing:
            found += _proposed_names(text, proposing[index], end)
        if index in naming:
            found += _named_names(text, _NAMED.finditer(text, start, end), start, end)
        if index in suffixed:
            found += _dataset_suffix_names(text, start, end)
        if index in x_dataset:
            x_dataset_matches = _X_DATASET.finditer(text, start, min(end, x_dataset[index] + 11))
            found += _dataset_phrase_names(text, start, end, x_dataset_matches, dataset_x.get(index, ()))
        if index in tasks_of or index in aiming or index in problems:
            cues = (tasks_of.get(index, ()),
                    _AIMS_TO_CUE.finditer(text, start, end) if index in aiming else (),
                    _IS_A_PROBLEM.finditer(text, start, min(end, problems[index] + 8)) if index in problems else ())
            found += _task_phrases(text, start, end, cues)
    return found


_HEAD_KIND = {}
for _words, _kind in ((TEXT_HEADS, "dataset"), (METRIC_HEADS, "metric"), (MODEL_HEADS, "model"),
                      (MATERIAL_HEADS, "dataset"), (DATASET_HEADS, "dataset"), (PROBLEM_HEADS, "task"), (TASK_HEADS, "task")):
    _HEAD_KIND.update(dict.fromkeys(_words, _kind))  # later sets win: the order of the checks below, reversed
# ``_WORD`` as one optional tail (``A(?:B*C)?`` tries the same matches in the same order as ``AB*C|A``), ~25% faster
_WORD_SPLIT = re.compile(r"([A-Za-z0-9](?:[\w\-\+\^\.']*[\w\+])?)")


def head_phrases(text: str) -> list[Candidate]:
    """Noun phrases ending in a typical head word: tasks, methods, datasets, metrics.

    A head word is a word of the text (a ``_WORD_SPLIT`` match, lower-cased) listed in
    ``_HEAD_KIND``. Its phrase starts up to four words before it, over words joined by
    spaces only and not stop words; generic modifiers are dropped and heads that need a
    specific modifier are skipped. ASCII texts (nearly all) take a fast path that reads
    only the neighbourhood of each head word; :func:`_head_phrases_by_split` is the plain
    formulation, used for other texts, and the fast path returns the same candidates.

    >>> [(c.text, c.type) for c in head_phrases("We study 3D facial shape completion on a large face dataset.")]
    [('3D facial shape completion', 'task'), ('face dataset', 'dataset')]
    """
    if text.isascii():
        return _ascii_head_phrases(text)
    return _head_phrases_by_split(text)


def _head_phrases_by_split(text: str) -> list[Candidate]:
    """:func:`head_phrases` for any text: all words are split out once.

    One regex pass gives every word and gap (offsets from the piece lengths); an
    ordinary word costs one set lookup, and only head words get more work.
    """
    if text.isascii():  # lower case keeps ASCII offsets and word boundaries
        pieces = _WORD_SPLIT.split(text.lower())  # gap, word, gap, word, …, gap
        lowers = pieces[1::2]
    else:
        pieces = _WORD_SPLIT.split(text)
        lowers = list(map(str.lower, pieces[1::2]))
    heads = list(itertools.compress(range(len(lowers)), map(_HEAD_KIND.__contains__, lowers)))
    if not heads:
        return []
    gaps = pieces[0::2]
    offsets = list(itertools.accumulate(map(len, pieces)))  # offsets[2i] = start of word i, offsets[2i+1] = its end
    found = []
    new_candidate = object.__new__
    for i in heads:
        word = lowers[i]
        kind = _HEAD_KIND[word]
        position, head_end = offsets[2 * i], offsets[2 * i + 1]
        # up to four words before the head, joined by spaces only, none of them a stop word
        j = i - 1
        while j >= 0 and j > i - 5 and not gaps[j + 1].strip(" ") and lowers[j] not in STOP:
            j -= 1
        start = offsets[2 * j + 2] if j < i - 1 else position
        if start < position:
            before = _WORD.findall(text[max(0, start - 12):start])
            if before and before[-1].lower() in _BEFORE_VERB:
                following = _WORD.search(text, start)
                start = _WORD.search(text, following.end()).start()
        modifiers = text[start:position].split()
        modifiers = [m for m in modifiers if m.lower() not in _GENERIC_MODIFIERS]
        if word in TEXT_HEADS:
            if not any(m in LANGUAGES or m.lower() in _SOURCE_MODIFIERS for m in modifiers):
                continue
            kind = "dataset"
        if kind in ("model", "dataset") and not modifiers and word not in TOOL_HEADS:
            continue  # "the method", "a dataset": generic, not a mention
        if (word in DATASET_HEADS or word == "data") and all(m.lower() in _DATA_ROLE_MODIFIERS for m in modifiers):
            continue  # "training data", "parallel corpora": the role of some data, not a resource
        if kind == "task" and not modifiers and (word in _VAGUE_TASK_HEADS or word in PROBLEM_HEADS):
            continue
        if modifiers:
            start = start + text[start:position].find(modifiers[0])
        candidate = new_candidate(Candidate)  # ``Candidate(...)`` without the frozen dataclass's per-field setattr (hot)
        candidate.__dict__.update(start=start, end=head_end, type=kind, rule="head-word", text=text[start:head_end])
        found.append(candidate)
    return found


# The ASCII fast path. In ASCII text a ``_WORD_SPLIT`` word is made of the characters below; a maximal
# run of them holds at most one word, from the run's first letter or digit to its last [A-Za-z0-9_+].
_ASCII_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_ASCII_WORD_CHARS = _ASCII_ALNUM + "_-+^.'"
# bytes.translate table: letters lower-cased, digits kept, everything else a space. The maximal
# alphanumeric runs it leaves ("pieces") hold every head word, or the last hyphen part of one.
_TO_PIECES = bytes(c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
_HEADS_BY_PIECE = {}
for _head in sorted(_HEAD_KIND, key=len, reverse=True):  # longest first: "super-resolution" before "resolution"
    _HEADS_BY_PIECE.setdefault(_head.rsplit("-", 1)[-1].encode(), []).append(_head)
# piece -> (the piece between spaces, its length, the head word equal to it or None, hyphenated heads ending in it)
_HEAD_PIECES = {piece: (b" " + piece + b" ", len(piece), piece.decode() if piece.decode() in _HEAD_KIND else None,
                        tuple(head for head in heads if head != piece.decode()))
                for piece, heads in _HEADS_BY_PIECE.items()}
_STOP_PIECES = frozenset(word.encode() for word in STOP)
_BEFORE_VERB_PIECES = frozenset(word.encode() for word in _BEFORE_VERB)
_GENERIC_PIECES = frozenset(word.encode() for word in _GENERIC_MODIFIERS)
_DATA_ROLE_PIECES = frozenset(word.encode() for word in _DATA_ROLE_MODIFIERS)
_DATA_HEADS = DATASET_HEADS | {"data"}
# Heads that make a candidate without any modifier (the checks of _head_phrases_by_split with none).
_BARE_HEADS = frozenset(word for word, kind in _HEAD_KIND.items()
                        if word not in TEXT_HEADS and (kind not in ("model", "dataset") or word in TOOL_HEADS)
                        and word not in _DATA_HEADS
                        and not (kind == "task" and (word in _VAGUE_TASK_HEADS or word in PROBLEM_HEADS)))
_ONE_WORD = re.compile(r"[A-Za-z0-9](?:[\w\-\+\^\.']*[\w\+])?")  # fullmatch: a token that is exactly one word
_LAST_WORD = re.compile(r"[A-Za-z0-9](?:[\w\-\+\^\.']*[\w\+])?\Z")  # search: the word of a token's last run


def _is_ascii_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (alphanumeric at both ends) is exactly a ``_WORD_SPLIT`` word of ASCII `text`.

    It is when the characters before it in its run cannot start a word and those after it cannot end one.

    >>> texts = ("(data).", "'data'", "_data-", "data.-", "xdata", "a.data", "data_", "data+", "data.-b", "data's")
    >>> [_is_ascii_word(t, t.index("data"), t.index("data") + 4) for t in texts]
    [True, True, True, True, False, False, False, False, False, False]
    """
    i = start - 1
    while i >= 0 and text[i] in "_-+^.'":
        i -= 1
    if i >= 0 and text[i] in _ASCII_WORD_CHARS:
        return False
    while end < len(text) and text[end] in "-^.'":
        end += 1
    return end == len(text) or text[end] not in _ASCII_WORD_CHARS


def _hyphenated_head(text: str, end: int, heads) -> str | None:
    """The first of `heads` that is a word of ASCII `text` ending at `end`, if any."""
    for head in heads:
        start = end - len(head)
        if start >= 0 and text[start:end].lower() == head and _is_ascii_word(text, start, end):
            return head
    return None


def _ascii_head_phrases(text: str) -> list[Candidate]:
    """:func:`head_phrases` of an ASCII text, reading only the neighbourhood of each head word.

    Equal to ``_head_phrases_by_split(text)`` (compared on hand-written and random texts in
    tests/test_nlp_rules.py). Head words are found among the alphanumeric pieces of the text (one
    bytes translation and split, one set lookup per piece) and checked to be whole words. The words
    before a head are read backwards over the space-separated tokens, most of them as pieces (a
    token that is one piece is one word); they are the phrase's modifiers unless one is generic or
    a verb cue precedes them, which take the general checks.
    """
    padded = b" " + text.encode().translate(_TO_PIECES) + b" "
    framed = " " + text + " "  # framed[i] is text[i - 1], a space outside the text
    pieces = padded.split()
    found = []
    append = found.append
    new_candidate = object.__new__
    search = 0
    for k in itertools.compress(itertools.count(), map(_HEAD_PIECES.__contains__, pieces)):
        key, size, word, hyphenated = _HEAD_PIECES[pieces[k]]
        # every occurrence of a head piece between spaces is a hit, so the first after the last hit is this one;
        # its offset in padded (at the space before it) is the piece's offset in text
        position = padded.find(key, search)
        search = position + 1
        head_end = position + size
        longer = _hyphenated_head(text, head_end, hyphenated) if hyphenated else None
        if longer:
            word, position, k = longer, head_end - len(longer), -1  # -1: the walk below reads tokens from the text
        elif word is None:
            continue
        left, right = framed[position], framed[head_end + 1]  # the characters around the word
        # a piece is bounded by non-alphanumerics; only these can extend it into a longer word (a full
        # stop that ends its run, as at the end of a sentence, cannot)
        if (left in "_-+^.'" or right in "_-+^.'" and (right != "." or framed[head_end + 2] in _ASCII_WORD_CHARS)
                ) and not longer and not _is_ascii_word(text, position, head_end):
            continue
        start = position
        if left == " " and position:
            # Walk back over the words joined to the head by spaces only (at most four, no stop word):
            # text[edge:position] has been read and text[edge - 1] is a space; unless `k` is -1,
            # pieces[k - 1] is the last piece before `edge`.
            taken = []  # the words taken, lower-cased bytes, nearest first
            words = 0  # len(taken)
            edge = position
            verb_before = None  # whether the word before the chain is one of _BEFORE_VERB, when known
            while words < 4 and edge:
                end = edge - 1
                if k > 0 and padded[end] != 32:  # the token before ends in the piece pieces[k - 1]
                    previous = pieces[k - 1]
                    token_start = end - len(previous)
                    before = framed[token_start]
                    if before == " ":  # the token is that piece: one word
                        if previous in _STOP_PIECES:
                            # a whole token followed by spaces only, within 12 characters of the chain, is the
                            # last _WORD match of the window read below
                            if token_start >= start - 12:
                                verb_before = previous in _BEFORE_VERB_PIECES
                            break
                        start = edge = token_start
                        taken.append(previous)
                        words += 1
                        k -= 1
                        continue
                    if before not in _ASCII_WORD_CHARS:  # a run starts at the piece: its word ends the chain
                        if previous not in _STOP_PIECES:
                            start = token_start
                            taken.append(previous)
                        break
                else:
                    last = framed[end]
                    if last == " ":  # more spaces
                        edge = end
                        continue
                    if last not in _ASCII_ALNUM and last not in "_+":  # no word ends the token: the chain ends
                        break
                # any other token, read from the text
                token_start = text.rfind(" ", 0, end) + 1
                token = text[token_start:end].lower()
                if token in STOP:  # stop words are whole tokens
                    if token_start >= start - 12:
                        verb_before = token in _BEFORE_VERB
                    break
                if _ONE_WORD.fullmatch(token):
                    start = edge = token_start
                    taken.append(token.encode())
                    words += 1
                    if k > 0:  # step over the token's pieces
                        k -= len(padded[token_start + 1:end + 1].split())
                    continue
                last_word = _LAST_WORD.search(token)
                if last_word and last_word[0] not in STOP:
                    start = end - len(last_word[0])
                    taken.append(last_word[0].encode())
                break
            if start < position:
                if verb_before is None:
                    # the window's last _WORD match can be one of _BEFORE_VERB only if it is the window's
                    # last alphanumeric piece, so that piece is looked at first
                    last_piece = padded[start - 11 if start > 12 else 1:start + 1].rsplit(None, 1)
                    if last_piece and last_piece[-1] in _BEFORE_VERB_PIECES:
                        before = _WORD.findall(text[max(0, start - 12):start])
                        verb_before = before and before[-1].lower() in _BEFORE_VERB
                if not verb_before and word not in TEXT_HEADS and _GENERIC_PIECES.isdisjoint(taken):
                    # the modifiers are the words taken, none generic: the phrase starts at `start`
                    if word in _DATA_HEADS and _DATA_ROLE_PIECES.issuperset(taken):
                        continue
                    candidate = new_candidate(Candidate)
                    candidate.__dict__.update(start=start, end=head_end, type=_HEAD_KIND[word], rule="head-word",
                                              text=text[start:head_end])
                    append(candidate)
                    continue
                if verb_before:
                    following = _WORD.search(text, start)
                    start = _WORD.search(text, following.end()).start()
                modifiers = text[start:position].split()
                generic = not _GENERIC_MODIFIERS.isdisjoint(map(str.lower, modifiers))
                if generic:
                    modifiers = [m for m in modifiers if m.lower() not in _GENERIC_MODIFIERS]
                if modifiers:
                    if word in TEXT_HEADS:  # their kind is "dataset": no other head set holds them
                        if not any(m in LANGUAGES or m.lower() in _SOURCE_MODIFIERS for m in modifiers):
                            continue
                    elif word in _DATA_HEADS and all(m.lower() in _DATA_ROLE_MODIFIERS for m in modifiers):
                        continue
                    if generic:  # otherwise modifiers[0] starts at `start`
                        start = text.find(modifiers[0], start, position)
                elif word not in _BARE_HEADS:
                    continue
            elif word not in _BARE_HEADS:
                continue
        elif word not in _BARE_HEADS:
            continue
        candidate = new_candidate(Candidate)  # ``Candidate(...)`` without the frozen dataclass's per-field setattr (hot)
        candidate.__dict__.update(start=start, end=head_end, type=_HEAD_KIND[word], rule="head-word",
                                  text=text[start:head_end])
        append(candidate)
    return found
