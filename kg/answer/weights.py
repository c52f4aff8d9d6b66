"""Every weight and threshold of the answer steps, in one table, each with what it trades.

>>> WEIGHTS.rrf_k
60
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    # retrieve: how many papers each ranker contributes, and reciprocal-rank fusion's constant
    # (larger k flattens the rank curve: lower ranks of both lists count more)
    candidates: int = 50
    rrf_k: int = 60
    dense_share: float = 0.9  # share of the dense list in the fusion; BM25 gets the rest
    # pseudo-relevance feedback: the question's vector moves towards the mean of its nearest papers
    # before the dense list is taken (more papers or more weight: further from the question's words)
    feedback_papers: int = 10
    feedback_weight: float = 0.5
    # choose task: votes of the retrieved papers (by fused rank) for the tasks they address
    voters: int = 20  # top papers that vote
    vote_decay: float = 0.5  # a vote weighs 1 / rank ** decay: higher trusts the first papers more than many
    vote_share: float = 0.4  # the papers' votes, against the question's similarity to task nodes (0.6/0.4 before:
    # 0.4/0.6 raised task@1 on both held-out sets or kept it; 0.25/0.75 lowered the first held-out set)
    node_share: float = 0.6  # similarity of the question to the task node (relative to the best candidate)
    named_bonus: float = 0.5  # a task name or alias written in the question
    field_penalty: float = 0.5  # a task with a well-supported sub-task: the sub-task is the answer
    field_support: float = 0.5  # ... well supported: at least this share of the parent's votes
    nearest_tasks: int = 10  # task nodes nearest the question that become candidates (hybrid)
    # rank papers: the fused retrieval score, plus agreement with the chosen task
    task_agreement: float = 0.0  # 0.1 and 0.25 lowered recall@5 on both held-out sets (task@1 is too low to trust)
    protected: int = 3  # the best fused papers never pushed out of the top 5 by the task or the walk
    walk_papers: int = 10  # papers on the chosen task that the walk may add
    # abstain: the nearest paper's similarity (hybrid), the question's coverage by the best papers (lexical)
    min_similarity: float = 0.30  # calibrated on tests/data/questions_unanswerable.jsonl, both corpora
    lexical_rescue: float = 0.6  # ... unless a listed paper holds this share of the question's words
    min_coverage: float = 0.35


WEIGHTS = Weights()
