"""Answering questions: question → matched nodes → graph walk → Answer → text / markdown / json.

Pure Python and SQLite at query time (no spaCy, no networkx) so ``kg ask`` starts fast.
"""
from kg.errors import KgError, PromptNotFound  # noqa: F401 (raised by the answer steps and the store)


class EmptyQuestion(KgError):
    """The question has no words to match."""
