"""Question understanding without spaCy: words → scored seed nodes.

Three matchers, combined by :func:`match_question`:
tasks (names, aliases, abbreviations and everyday words of the vocabulary, by
light stems and IDF-weighted coverage), model and dataset names (entities and
aliases tables, by normal form of the question's n-grams), and papers (FTS5 BM25
over title, abstract and sections, any word).

>>> stem("separated"), stem("separates"), stem("parsing"), stem("facial"), stem("faces")
('separat', 'separat', 'pars', 'fac', 'fac')
>>> [w.stem for w in words("Face-parsing of 3D faces!")]
['fac', 'pars', 'of', '3d', 'fac']
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field

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


# Everyday words folded onto the word the vocabulary uses for the same thing, so that a
# question's "section of the face" meets a phrase's "part of the face". Keyed by the lower-case
# word (not its stem: "type" in "what type of" must not mean typed text).
SYNONYMS = {
    **dict.fromkeys(("section", "sections", "region", "regions", "area", "areas", "portion", "portions",
                     "piece", "pieces", "patch", "patches"), "part"),
    **dict.fromkeys(("photo", "photos", "photograph", "photographs", "picture", "pictures", "pic", "pics",
                     "snapshot", "snapshots", "shot", "shots"), "imag"),
    **dict.fromkeys(("clip", "clips", "footage", "movie", "movies", "recording", "recordings"), "video"),
    **dict.fromkeys(("dot", "dots", "marker", "markers", "spots"), "point"),
    **dict.fromkeys(("typed", "typing", "written", "wrote", "writing", "caption"), "text"),
    **dict.fromkeys(("clothes", "clothing", "clothed", "garment", "garments", "outfit", "outfits", "dress",
                     "dresses", "shirt", "skirt"), "cloth"),
    **dict.fromkeys(("gap", "gaps", "hole", "holes"), "hol"),
    **dict.fromkeys(("feelings", "feeling", "mood", "moods", "emotional"), "emotion"),
    **dict.fromkeys(("webcam", "webcams", "cam", "cameras"), "camera"),
    **dict.fromkeys(("3-d", "three-dimensional"), "3d"),
}


@functools.lru_cache(maxsize=65536)
def canonical_stem(word: str) -> str:
    """The stem of `word`, with everyday synonyms folded (:data:`SYNONYMS`)."""
    return SYNONYMS.get(word.lower()) or stem(word)


def words(text: str) -> list[Word]:
    return [Word(m.group(), canonical_stem(m.group()), m.start()) for m in _WORD.finditer(text)]


def content_stems(text: str) -> tuple[str, ...]:
    seen = []
    for w in words(text):
        if w.content and w.stem not in seen:
            seen.append(w.stem)
    return tuple(seen)


@dataclass(frozen=True)
class Phrase:
    task: str  # task key
    text: str
    kind: str  # name, alias, abbreviation, everyday
    stems: tuple[str, ...]


@dataclass(frozen=True)
class TaskInfo:
    """What an answer shows of a vocabulary task (kept small so the index can be stored as JSON)."""

    name: str
    definition: str = ""
    input: str = ""
    output: str = ""
    parents: tuple[str, ...] = ()  # task keys


@dataclass
class TaskIndex:
    phrases: list[Phrase]
    by_stem: dict  # stem -> list of phrase indexes
    idf: dict
    abbreviations: dict  # exact surface -> task key
    tasks: dict  # task key -> TaskInfo

    def weight(self, s: str) -> float:
        return self.idf.get(s, self.max_idf)

    @functools.cached_property
    def max_idf(self) -> float:
        return max(self.idf.values(), default=1.0)

    def to_json(self) -> str:
        return json.dumps({
            "phrases": [[p.task, p.text, p.kind, list(p.stems)] for p in self.phrases],
            "idf": self.idf, "abbreviations": self.abbreviations,
            "tasks": {k: [t.name, t.definition, t.input, t.output, list(t.parents)] for k, t in self.tasks.items()},
        }, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "TaskIndex":
        data = json.loads(text)
        phrases = [Phrase(task, surface, kind, tuple(stems)) for task, surface, kind, stems in data["phrases"]]
        tasks = {k: TaskInfo(n, d, i, o, tuple(ps)) for k, (n, d, i, o, ps) in data["tasks"].items()}
        return cls(phrases, _by_stem(phrases), data["idf"], data["abbreviations"], tasks)


def _by_stem(phrases) -> dict:
    by_stem = {}
    for index, phrase in enumerate(phrases):
        for s in phrase.stems:
            by_stem.setdefault(s, []).append(index)
    return by_stem


# The built index is stored in the database by `kg build` (a settings row) so that `kg ask`
# need not load the lexicon and re-stem every phrase. The fingerprint covers what the index is
# made from: the task vocabulary, the lexicon code that reads it, and INDEX_VERSION, which is
# bumped whenever the index's make-up changes (the stemmer, synonyms, stop words, phrase kinds).
# A stale copy is rebuilt once and stored again, so the next question is fast again.
INDEX_VERSION = "3"
INDEX_SETTING = "answer.task_index"
INDEX_FINGERPRINT_SETTING = "answer.task_index.fingerprint"
SELECT_SETTING = "SELECT value FROM settings WHERE key = ?"
STORE_SETTING = "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"
_loaded: list = []  # [TaskIndex] once one is in use


@functools.lru_cache(maxsize=1)
def index_fingerprint() -> str:
    """Hash of the task vocabulary, the lexicon code and INDEX_VERSION: a stored index is good only if all match."""
    import hashlib
    from pathlib import Path

    digest = hashlib.sha1(INDEX_VERSION.encode())
    nlp = Path(__file__).resolve().parents[1] / "nlp"
    for path in (nlp / "vocab" / "tasks.jsonl", nlp / "lexicon.py", nlp / "vocabulary.py"):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


def task_index(conn=None) -> TaskIndex:
    """Every task phrase of the vocabulary with its content stems (cached).

    With `conn`, the copy stored in that database by ``kg build`` is used when it is current;
    otherwise the index is built from the vocabulary and stored there for the next question.
    """
    if _loaded:
        return _loaded[0]
    index = None
    if conn is not None:
        index = load_stored_index(conn)
    if index is None:
        index = build_task_index()
        if conn is not None:
            _store_quietly(conn)
    _loaded.append(index)
    return index


def load_stored_index(conn) -> TaskIndex | None:
    import sqlite3

    try:
        row = conn.execute(SELECT_SETTING, (INDEX_FINGERPRINT_SETTING,)).fetchone()
        if not row or row[0] != index_fingerprint():
            return None
        row = conn.execute(SELECT_SETTING, (INDEX_SETTING,)).fetchone()
        return TaskIndex.from_json(row[0]) if row else None
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None  # an old or damaged copy: build it instead


def store_task_index(conn) -> None:
    """Store the built task index in the database's settings (called by ``kg build``)."""
    conn.execute(STORE_SETTING, (INDEX_SETTING, build_task_index().to_json()))
    conn.execute(STORE_SETTING, (INDEX_FINGERPRINT_SETTING, index_fingerprint()))


def _store_quietly(conn) -> None:
    """Refresh a missing or stale stored index, if the database can be written right now.

    Never waits for a lock and never fails: a read-only or busy database is simply left as it is.
    """
    import sqlite3

    if conn.in_transaction:
        return
    try:
        (previous,) = conn.execute("PRAGMA busy_timeout").fetchone()
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("BEGIN IMMEDIATE")
        store_task_index(conn)
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(previous)}")


@functools.lru_cache(maxsize=1)
def build_task_index() -> TaskIndex:
    """The task index built from the vocabulary (loads the lexicon: ~0.15 s)."""
    from kg.nlp.lexicon import load_lexicon

    lexicon = load_lexicon()
    phrases, abbreviations, tasks = [], {}, {}
    for key in sorted(lexicon.tasks):
        task = lexicon.tasks[key]
        tasks[key] = TaskInfo(task.name, getattr(task, "definition", "") or "", getattr(task, "input", "") or "",
                              getattr(task, "output", "") or "", tuple(lexicon.parents.get(key, ())))
        surfaces = [(task.name, "name")] + [(a, "alias") for a in task.aliases] + \
                   [(e, "everyday") for e in getattr(task, "everyday", ())]
        for surface, kind in surfaces:
            stems = content_stems(surface)
            if stems:
                phrases.append(Phrase(key, surface, kind, stems))
        # The definition and typical input/output, as a bag of words: weaker, but it covers
        # descriptions in plain words ("eye corners", "mouth corners") that no alias has.
        bag = " ".join(filter(None, (getattr(task, "definition", ""), getattr(task, "input", ""),
                                     getattr(task, "output", ""))))
        stems = content_stems(bag)
        if stems:
            phrases.append(Phrase(key, bag, "definition", stems))
        for abbreviation in getattr(task, "abbreviations", ()):
            abbreviations.setdefault(abbreviation, key)
            if len(abbreviation) >= 4 and not abbreviation.isupper():
                abbreviations.setdefault(abbreviation.lower(), key)  # rPPG → rppg; FR stays upper only
    tasks_with = {}
    for phrase in phrases:
        for s in phrase.stems:
            tasks_with.setdefault(s, set()).add(phrase.task)
    n = max(len(lexicon.tasks), 1)
    idf = {s: math.log(1 + n / len(keys)) for s, keys in sorted(tasks_with.items())}
    return TaskIndex(phrases, _by_stem(phrases), idf, abbreviations, tasks)


_KIND_WEIGHT = {"name": 1.0, "alias": 1.0, "abbreviation": 1.0, "everyday": 0.9, "definition": 0.25}
_MIN_COVERAGE = 0.6
_MIN_EVERYDAY_COVERAGE = 0.5  # everyday phrases are loose paraphrases: two of four words will do


@dataclass
class TaskMatch:
    key: str
    score: float
    matched: list[str] = field(default_factory=list)  # question words
    phrases: list[str] = field(default_factory=list)  # vocabulary phrases they matched


def match_tasks(question_words: list[Word], index: TaskIndex | None = None) -> dict[str, TaskMatch]:
    """Tasks whose phrases are covered (IDF-weighted, ≥ 60%) by the question's stems."""
    index = index or task_index()
    q_stems, positions = {}, {}
    for position, w in enumerate(question_words):
        if w.content:
            q_stems.setdefault(w.stem, []).append(w.text)
            positions.setdefault(w.stem, []).append(position)
    candidates = sorted({i for s in q_stems for i in index.by_stem.get(s, ())})
    per_task: dict[str, list[tuple[float, Phrase, list[str]]]] = {}
    for i in candidates:
        phrase = index.phrases[i]
        total = sum(index.weight(s) for s in phrase.stems)
        hit = [s for s in phrase.stems if s in q_stems]
        coverage = sum(index.weight(s) for s in hit) / total
        if phrase.kind == "definition":
            if len(hit) < 2:
                continue
            # no coverage test for a long text: count the informative words it shares
            score = sum(index.weight(s) for s in hit) * _KIND_WEIGHT["definition"]
            per_task.setdefault(phrase.task, []).append((score, phrase, hit))
            continue
        needed = _MIN_EVERYDAY_COVERAGE if phrase.kind == "everyday" and len(hit) >= 2 else _MIN_COVERAGE
        if coverage < needed:
            continue
        score = coverage * coverage * sum(index.weight(s) for s in hit) * _KIND_WEIGHT[phrase.kind]
        if len(hit) > 1 and phrase.kind in ("name", "alias"):
            # a technical term's words should sit together in the question, not be scattered
            span = _window(positions, hit)
            if span > 2 * len(hit) + 1:
                score *= 0.5
        per_task.setdefault(phrase.task, []).append((score, phrase, hit))
    for w in question_words:
        key = index.abbreviations.get(w.text) or index.abbreviations.get(w.text.lower()) if len(w.text) >= 4 \
            else index.abbreviations.get(w.text)
        if key:
            per_task.setdefault(key, []).append((2.0 * index.max_idf, Phrase(key, w.text, "abbreviation", (w.stem,)),
                                                 [w.stem]))
            q_stems.setdefault(w.stem, [w.text])
    matches = {}
    for key, found in per_task.items():
        found.sort(key=lambda item: (-item[0], item[1].text))
        best = found[0][0]
        # Several phrases of one task matching is more evidence, with diminishing returns.
        extra = sum(score for score, _, _ in found[1:4]) * 0.25
        stems = []
        for _, _, hit in found:
            stems.extend(s for s in hit if s not in stems)
        matched = []
        for s in stems:
            for text in q_stems.get(s, ()):
                if text not in matched:
                    matched.append(text)
        matches[key] = TaskMatch(key, best + extra, matched,
                                 [p.text if p.kind != "definition" else "(definition)" for _, p, _ in found[:4]])
    return matches


def _window(positions: dict, stems) -> int:
    """Length of the shortest stretch of the question holding one occurrence of every stem."""
    events = sorted((p, s) for s in stems for p in positions.get(s, ()))
    need, best, counts, left, have = set(stems), len(events) + 10**6, {}, 0, 0
    for right, (pos, s) in enumerate(events):
        counts[s] = counts.get(s, 0) + 1
        if counts[s] == 1:
            have += 1
        while have == len(need):
            best = min(best, pos - events[left][0] + 1)
            ls = events[left][1]
            counts[ls] -= 1
            if counts[ls] == 0:
                have -= 1
            left += 1
    return best


def ngrams(question_words: list[Word], longest: int = 4) -> list[str]:
    """Word n-grams (1..longest) of the question that could be a model or dataset name."""
    out = []
    for size in range(1, longest + 1):
        for i in range(len(question_words) - size + 1):
            chunk = question_words[i:i + size]
            if not chunk[0].content or not chunk[-1].content:
                continue
            out.append(" ".join(w.text for w in chunk))
    return out


ENTITY_BY_KEYS = "SELECT key, type, name FROM entities WHERE key IN ({marks}) AND type IN ('model', 'dataset')"
# Aliases first, through their (case-insensitive) index; the exact spelling and the entity type are
# checked on the few rows found (joining from entities would scan every model and dataset).
ENTITY_BY_ALIAS = """SELECT entities.key, entities.type, entities.name, aliases.alias, entities.id FROM aliases
    CROSS JOIN entities ON entities.id = aliases.entity_id
    WHERE aliases.alias COLLATE NOCASE IN ({marks})"""


def match_entities(conn, question_words: list[Word]) -> dict[str, tuple[float, str]]:
    """Model and dataset nodes named in the question: key → (score, the words)."""
    from kg.nlp.lexicon import name_form

    grams = ngrams(question_words)
    if not grams:
        return {}
    keys = {}
    for gram in grams:
        form = name_form(gram)
        # Short plain lower-case words ("sam", "dot") are too easily common English.
        if len(form) < 3 or (gram.islower() and gram.lower() in STOPWORDS):
            continue
        if gram.islower() and " " not in gram and len(gram) < 5:
            continue
        for entity_type in ("model", "dataset"):
            keys.setdefault(f"{entity_type}:{form}", gram)
    found = {}
    key_list = sorted(keys)
    for start in range(0, len(key_list), 400):
        chunk = key_list[start:start + 400]
        sql = ENTITY_BY_KEYS.format(marks=",".join("?" * len(chunk)))
        for key, _type, _name in conn.execute(sql, chunk):
            found[key] = (1.0, keys[key])
    exact = sorted({g for g in grams if not g.islower() or " " in g})
    for start in range(0, len(exact), 400):
        chunk = exact[start:start + 400]
        sql = ENTITY_BY_ALIAS.format(marks=",".join("?" * len(chunk)))
        wanted = set(chunk)
        rows = sorted((entity_id, alias, key) for key, entity_type, _name, alias, entity_id in conn.execute(sql, chunk)
                      if alias in wanted and entity_type in ("model", "dataset"))
        for _, alias, key in rows:
            found.setdefault(key, (0.9, alias))
    return found


FTS_SEARCH = """SELECT rowid, bm25(papers_fts, 4.0, 1.5, 0.5) AS score FROM papers_fts
    WHERE papers_fts MATCH ? ORDER BY score, rowid LIMIT ?"""
_MAX_FTS_TERMS = 48


def search_terms(question_words: list[Word]) -> list[str]:
    """Distinct content words of the question, at most 48 (a 10,000-character question stays cheap)."""
    terms, seen = [], set()
    for w in question_words:
        if w.content and w.stem not in seen and not w.text.isdigit():
            seen.add(w.stem)
            terms.append(w.text)
            if w.text.lower() in SYNONYMS and w.stem in _FTS_WORD:
                terms.append(_FTS_WORD[w.stem])  # "typed" finds papers saying "text"
    return terms[:_MAX_FTS_TERMS]


_FTS_WORD = {"part": "part", "imag": "image", "video": "video", "point": "points", "text": "text", "cloth": "clothed",
             "hol": "holes", "emotion": "emotion", "camera": "camera", "3d": "3D"}


# In a large corpus, ranking every paper that has a common word ("large", "structure") costs more
# than anything else in an answer, and such words hardly move BM25. A word found in more than
# COMMON_SHARE of the papers (and more than COMMON_MIN_PAPERS) is left out of the search, unless
# the question has nothing rarer; a corpus of a few thousand papers is never affected.
COMMON_SHARE, COMMON_MIN_PAPERS, KEEP_RAREST = 0.05, 1000, 3
PAPER_COUNT = "SELECT max(id) FROM papers"
TERM_PAPERS = "SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)"


def _drop_common(conn, terms: list[str]) -> list[str]:
    """The terms, without those too common in a large corpus to be worth ranking by (order kept)."""
    from kg.store.queries import fts_query

    papers = conn.execute(PAPER_COUNT).fetchone()[0] or 0
    most = max(int(COMMON_SHARE * papers), COMMON_MIN_PAPERS)
    if papers <= most:
        return terms
    counts = {}
    for term in terms:
        query = fts_query(term)
        counts[term] = conn.execute(TERM_PAPERS, (query, most + 1)).fetchone()[0] if query else 0
    rarest = set(sorted(terms, key=lambda t: (counts[t], terms.index(t)))[:KEEP_RAREST])
    return [t for t in terms if counts[t] <= most or t in rarest]


def match_papers(conn, question_words: list[Word], limit: int = 40) -> dict[int, float]:
    """Papers by BM25 over any content word of the question: paper id → score in (0, 1], best = 1."""
    import sqlite3

    from kg.store.queries import fts_query

    terms = search_terms(question_words)
    if not terms:
        return {}
    try:
        terms = _drop_common(conn, terms)
    except sqlite3.OperationalError:
        pass  # no full-text index to count with: search with every term
    query = fts_query(" ".join(terms), any_word=True)
    if query is None:
        return {}
    try:
        found = conn.execute(FTS_SEARCH, (query, limit)).fetchall()
    except sqlite3.OperationalError:  # defensive: a query FTS5 still refuses is simply no match
        return {}
    if not found:
        return {}
    best = -found[0][1] or 1.0
    return {rowid: max(-score, 0.0) / best for rowid, score in found if -score > 0}


@dataclass
class Seeds:
    """What the question matched, before the walk."""

    words: list[Word]
    tasks: dict  # key -> TaskMatch
    entities: dict  # key -> (score, words)
    papers: dict  # paper id -> normalised BM25

    def weights(self) -> dict[str, float]:
        """Seed node → restart weight for the walk."""
        out = {}
        top = max((m.score for m in self.tasks.values()), default=0.0)
        for key, match in self.tasks.items():
            out[key] = match.score / top if top else 0.0
        for key, (score, _) in self.entities.items():
            out[key] = max(out.get(key, 0.0), score)
        for paper_id, score in self.papers.items():
            out[f"paper:{paper_id}"] = 0.5 * score
        return {k: v for k, v in out.items() if v > 0}


def match_question(conn, question: str, *, has_graph: bool = True) -> Seeds:
    question_words = words(question)
    tasks = match_tasks(question_words, task_index(conn))
    entities = match_entities(conn, question_words) if has_graph else {}
    papers = match_papers(conn, question_words)
    return Seeds(question_words, tasks, entities, papers)
