"""Step 3: rank papers — the fused retrieval score plus agreement with the chosen task.

The walk from the chosen task may add papers that retrieval missed, but the `protected` best
retrieved papers always stay in the top five: the graph adds to retrieval, never overrides it.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.answer.retrieve import Retrieval
from kg.answer.weights import WEIGHTS
from kg.store import answer as q


@dataclass
class RankedPaper:
    id: int
    score: float
    retrieved: float  # fused retrieval score (0 for a paper the walk added)
    on_task: bool


def task_papers(conn, task_key: str | None) -> set[int]:
    """Ids of the papers that address or introduce the task."""
    if not task_key:
        return set()
    return {int(src.split(":")[1]) for (src,) in conn.execute(q.TASK_PAPERS, (task_key,))}


def rank_papers(conn, retrieval: Retrieval, task_key: str | None, *, top: int = 5,
                scope: list[int] | None = None) -> list[RankedPaper]:
    """Papers best first (ties by id); with `scope`, only those paper ids (prompt mode), all of them."""
    on_task = task_papers(conn, task_key)
    fused = dict(retrieval.fused)
    candidates = set(fused)
    walk = sorted(on_task - candidates, key=lambda p: (-retrieval.similarity(p), p))[:WEIGHTS.walk_papers]
    candidates |= set(walk)
    if scope is not None:
        candidates = set(scope)
    best_similarity = retrieval.best_similarity()
    ranked = []
    for pid in candidates:
        retrieved = fused.get(pid, 0.0)
        agreement = WEIGHTS.task_agreement if pid in on_task else 0.0
        if pid not in fused:  # added by the walk: as strong as its similarity to the question
            agreement *= max(retrieval.similarity(pid), 0.0) / best_similarity if best_similarity > 0 else 0.5
        ranked.append(RankedPaper(pid, retrieved + agreement, retrieved, pid in on_task))
    ranked.sort(key=lambda p: (-p.score, p.id))
    return _protect(ranked, top) if scope is None else ranked


def _protect(ranked: list[RankedPaper], top: int) -> list[RankedPaper]:
    """Move the best retrieved papers back into the first `top` places if agreement pushed them out."""
    keep = sorted(ranked, key=lambda p: (-p.retrieved, p.id))[:min(WEIGHTS.protected, top)]
    head = ranked[:top]
    missing = [p for p in keep if p not in head]
    if not missing:
        return ranked
    for paper in missing:  # each takes the place of the lowest unprotected paper shown
        drop = max(i for i, p in enumerate(head) if p not in keep)
        head[drop] = paper
    head.sort(key=lambda p: (-p.score, p.id))
    return head + [p for p in ranked if p not in head]
