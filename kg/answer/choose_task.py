"""Step 2: choose the task — the retrieved papers vote, the task nodes' own text and names help.

A task's score mixes (a) the votes of the best retrieved papers for the tasks they address, each
vote weighted by the paper's fused score and by how specific the task is (a task a large share of
the corpus addresses says little), (b) the question's similarity to the task node, (c) the task's
name or alias written in the question. A task with a sub-task that also has votes (a field such as
"medical image analysis" over "tumour segmentation") is damped: the specific task is the answer.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from kg.answer.matching import Word, ngrams
from kg.answer.weights import WEIGHTS
from kg.store import answer as q


@dataclass
class TaskScore:
    key: str
    score: float
    votes: float = 0.0
    similarity: float = 0.0
    named: str = ""  # the question's words that name the task
    voters: tuple[int, ...] = ()  # paper ids that voted


def specificity(conn, keys) -> dict[str, float]:
    """1.0 for a task one document addresses, towards 0 for a task every document addresses."""
    papers = max(conn.execute(q.PAPER_COUNT).fetchone()[0], 1)
    degree = dict(q.rows_in(conn, q.NODE_DEGREE, sorted(keys)))
    return {k: math.log(1 + papers / (1 + degree.get(k, 0))) / math.log(1 + papers) for k in keys}


def paper_votes(conn, ranked: list[tuple[int, float]], models=()) -> dict[str, tuple[float, float, tuple[int, ...]]]:
    """Task → (summed rank weights of the voting papers, the votes of `models`, the voting papers).
    `models` (prompt mode: the prompt's recommended models) vote like the best paper."""
    # by rank, not by fused score: fused scores of the first twenty papers differ little
    weight = {f"paper:{pid}": 1 / rank ** WEIGHTS.vote_decay for rank, (pid, _) in enumerate(ranked[:WEIGHTS.voters], 1)}
    weight.update(dict.fromkeys(models, 1.0))
    out: dict[str, tuple[float, float, tuple[int, ...]]] = {}
    seen = set()
    for src, dst in q.rows_in(conn, q.PAPER_TASKS, list(weight)):
        if (src, dst) in seen:
            continue
        seen.add((src, dst))
        papers, chosen, who = out.get(dst, (0.0, 0.0, ()))
        if src.startswith("paper:"):
            out[dst] = (papers + weight[src], chosen, who + (int(src.split(":")[1]),))
        else:
            out[dst] = (papers, chosen + weight[src], who)
    return out


def named_entities(conn, question_words: list[Word], kinds=("task",)) -> dict[str, str]:
    """Nodes of the given kinds whose name or alias is written in the question: key → the words."""
    from kg.nlp.lexicon import canonical_key

    grams = [g for g in ngrams(question_words) if not (g.islower() and " " not in g and len(g) < 5)]
    keys = {}
    for gram in grams:
        for kind in kinds:
            key = canonical_key(kind, gram)
            if len(key) >= len(kind) + 4:
                keys.setdefault(key, gram)
    found = {k: keys[k] for (k,) in q.rows_in(conn, q.ENTITY_BY_KEYS, sorted(keys))}
    wanted = {g for g in grams if not g.islower() or " " in g}
    for key, alias in q.rows_in(conn, q.ENTITY_BY_ALIAS, sorted(wanted)):
        if alias in wanted and key.split(":", 1)[0] in kinds:
            found.setdefault(key, alias)
    return found


def choose_tasks(conn, ranked: list[tuple[int, float]], question_words: list[Word], *,
                 node_similarity: dict[str, float] | None = None, models=(), limit: int = 5) -> list[TaskScore]:
    """Candidate tasks, best first (ties by key). `ranked`: fused (paper id, score), best first;
    `node_similarity`: the question's cosine similarity to task nodes (hybrid mode); `models`: model
    keys that vote too (prompt mode)."""
    votes = paper_votes(conn, ranked, models)
    named = named_entities(conn, question_words)
    node_similarity = node_similarity or {}
    nearest = sorted(node_similarity, key=lambda k: (-node_similarity[k], k))[:WEIGHTS.nearest_tasks]
    keys = sorted(set(votes) | set(named) | set(nearest))
    if not keys:
        return []
    spec = specificity(conn, keys)
    # a paper that addresses a common task says little; a model the prompt recommends was chosen for it
    raw = {k: votes.get(k, (0.0, 0.0, ()))[0] * spec[k] + votes.get(k, (0.0, 0.0, ()))[1] for k in keys}
    best_vote = max(raw.values(), default=0.0) or 1.0
    best_similarity = max((node_similarity.get(k, 0.0) for k in keys), default=0.0)
    scores = {}
    for key in keys:
        similarity = max(node_similarity.get(key, 0.0), 0.0) / best_similarity if best_similarity > 0 else 0.0
        score = WEIGHTS.vote_share * raw[key] / best_vote + WEIGHTS.node_share * similarity
        score += WEIGHTS.named_bonus if key in named else 0.0
        scores[key] = TaskScore(key, score, raw[key] / best_vote, node_similarity.get(key, 0.0),
                                named.get(key, ""), votes.get(key, (0.0, 0.0, ()))[2])
    for child, parent in q.rows_in(conn, q.SUBTASKS, keys, repeat=2):
        if child != parent and scores[child].votes >= WEIGHTS.field_support * scores[parent].votes:
            scores[parent].score *= WEIGHTS.field_penalty
    return sorted(scores.values(), key=lambda t: (-t.score, t.key))[:limit]
