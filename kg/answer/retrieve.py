"""Step 1: retrieve papers for a question — BM25 over the full text, nearest vectors, fused.

Hybrid mode needs the sentence encoder and a vector index built by ``kg build``; without either,
the lexical mode uses BM25 alone (the answer says which mode answered).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.answer.matching import Word
from kg.answer.weights import WEIGHTS
from kg.index.search import VectorTable, bm25_papers

MAX_TERMS = 48  # a 10,000-character question stays cheap to search


@dataclass
class Retrieval:
    """The ranked lists one question gave; paper ids throughout."""

    mode: str  # "hybrid" or "lexical"
    bm25: list[tuple[int, float]] = field(default_factory=list)
    dense: list[tuple[int, float]] = field(default_factory=list)  # nearest papers to the question's vector
    fused: list[tuple[int, float]] = field(default_factory=list)  # normalised: the best is 1.0
    similarities: object = None  # kg.index.search.Similarities of every paper to the expanded vector (hybrid)
    vector: object = None  # the question's vector (hybrid)
    expanded: list[tuple[int, float]] = field(default_factory=list)  # nearest papers after feedback (hybrid)

    def similarity(self, pid: int) -> float:
        """The question's cosine similarity to the paper (0.0 in lexical mode)."""
        return self.similarities.get(f"paper:{pid}") if self.similarities is not None else 0.0

    def best_similarity(self) -> float:
        return self.similarities.best() if self.similarities is not None else 0.0

    def ranking(self, ranker: str) -> list[int]:
        """Paper ids ranked by 'bm25', 'dense' or 'fused'."""
        return [pid for pid, _ in getattr(self, ranker)]


def search_terms(question_words: list[Word]) -> list[str]:
    """Distinct content words of the question (by stem), numbers left out, at most MAX_TERMS.

    >>> from kg.answer.matching import words
    >>> search_terms(words("How do I separate facial parts of faces in 2024?"))
    ['separate', 'facial', 'parts']
    """
    terms, seen = [], set()
    for w in question_words:
        if w.content and w.stem not in seen and not w.text.isdigit():
            seen.add(w.stem)
            terms.append(w.text)
    return terms[:MAX_TERMS]


def fuse(lists: list[list[int]], shares: list[float], k: int = WEIGHTS.rrf_k) -> list[tuple[int, float]]:
    """Reciprocal-rank fusion of ranked id lists, best first, scores normalised to best = 1.

    >>> fuse([[1, 2, 3], [3, 1]], [0.5, 0.5], k=60)[0][0]
    1
    """
    scores: dict[int, float] = {}
    for ranked, share in zip(lists, shares):
        for rank, pid in enumerate(ranked, 1):
            scores[pid] = scores.get(pid, 0.0) + share / (k + rank)
    best = max(scores.values(), default=0.0) or 1.0
    return sorted(((pid, s / best) for pid, s in scores.items()), key=lambda kv: (-kv[1], kv[0]))


def retrieve(conn, question: str, question_words: list[Word], model=None) -> Retrieval:
    """BM25 and (with a sentence encoder `model`, a :class:`kg.index.encoder.ModelSpec`) nearest-vector
    candidates for `question`, and their fusion.

    Raises :class:`kg.index.ModelError` when the model cannot be loaded or the index was built with another one.
    """
    if model is None:
        lexical = bm25_papers(conn, search_terms(question_words), WEIGHTS.candidates)
        return Retrieval("lexical", lexical, [], fuse([[p for p, _ in lexical]], [1.0]))
    from concurrent.futures import ThreadPoolExecutor

    # Loading the encoder (onnxruntime's import, the model's sha256, the session) and embedding the
    # question run beside BM25 and the reading of the paper vectors: hashing, the session and the run
    # release the GIL.
    with ThreadPoolExecutor(1) as pool:
        encoding = pool.submit(_load_and_encode, model, question)
        lexical = bm25_papers(conn, search_terms(question_words), WEIGHTS.candidates)
        papers = VectorTable.load(conn, "paper", near=lambda: _question_vector(conn, encoding),
                                  also=[f"paper:{pid}" for pid, _ in lexical])
        vector = _question_vector(conn, encoding)
    first = papers.search(vector)
    expanded_vector = papers.feedback(vector, first, WEIGHTS.feedback_papers, WEIGHTS.feedback_weight)
    similarities = papers.search(expanded_vector)
    dense, expanded = (_paper_ids(s.nearest(WEIGHTS.candidates)) for s in (first, similarities))
    fused = fuse([[p for p, _ in lexical], [p for p, _ in expanded]], [1 - WEIGHTS.dense_share, WEIGHTS.dense_share])
    return Retrieval("hybrid", lexical, dense, fused, similarities, vector, expanded)


def _paper_ids(nearest: list[tuple[str, float]]) -> list[tuple[int, float]]:
    return [(int(key.split(":")[1]), score) for key, score in nearest]


def question_model(conn):
    """The sentence encoder for hybrid mode (its :class:`kg.index.encoder.ModelSpec`), or None (lexical):
    no model, or an index built without one. :func:`retrieve` loads it."""
    import os

    # One question needs one small matrix product, no BLAS thread pool: its idle threads spin after
    # numpy's import (0.19 s of CPU per kg ask on 2 cores). Set before numpy loads; a user's setting stays.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from kg.index.encoder import find_model
    from kg.store.index import setting

    spec = find_model()
    return None if spec is None or setting(conn, "index.model") is None else spec


def _load_and_encode(spec, question: str):
    """The encoder of `spec` (loaded once per process) and the question's vector: the worker thread's job."""
    from kg.index.encoder import load_encoder

    encoder = load_encoder(spec, optimize=False)  # one question: a fast load beats fast runs
    return encoder, encoder.encode([question])[0]


def _question_vector(conn, encoding):
    """The question's vector, once its encoder is known to be the one the index was built with.

    Raises :class:`kg.index.ModelError` when the index was built with another model than the one set now.
    """
    from kg.index.build import check_dimension

    encoder, vector = encoding.result()
    check_dimension(conn, encoder)
    return vector


def task_similarity(conn, retrieval: Retrieval) -> dict[str, float]:
    """The question's cosine similarity to every embedded task node near it (hybrid mode), else {}:
    every task node, or in a corpus large enough to give task nodes cells, those in the cells nearest
    the question (a task left out is too far from it to be chosen for its similarity)."""
    if retrieval.vector is None:
        return {}
    return VectorTable.load(conn, "task", near=retrieval.vector).search(retrieval.vector).as_dict()
