"""The index stage: full text (FTS5, kept by triggers) and sentence vectors, in the same SQLite file.

``kg build`` embeds what changed (:mod:`kg.index.build`); ``kg ask`` reads (:mod:`kg.index.search`).
The encoder (:mod:`kg.index.encoder`) imports onnxruntime only when something is embedded.
"""
from kg.errors import KgError


class ModelError(KgError):
    """The sentence-encoder model cannot be used (wrong hash, missing file, other dimension)."""
