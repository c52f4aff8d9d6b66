"""The embedding stage of ``kg build``: embed what changed since the last build, by content hash.

What is embedded: every paper (title + abstract; a Q&A note's sections as passages of their paper, but for
its future work and comparisons with others: :func:`kg.nlp.roles.about_own_work`),
every prompt's question, and task/model/dataset nodes (name + definition + input/output).
The model's name, dimension and sha256 are recorded in ``settings``; a model change re-embeds all.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kg.index import ModelError
from kg.index.cells import CLUSTER_ABOVE, cluster
from kg.index.vectors import FORMAT_SETTING, INT8, decode, pack, unpack
from kg.nlp.roles import about_own_work
from kg.store import index as q

MODEL_SETTINGS = ("index.model", "index.dim", "index.sha256")
KINDS = ("paper", "prompt", "task", "model", "dataset")  # the key prefixes of what items() yields


@dataclass
class EmbedReport:
    model: str | None  # None: lexical mode, nothing embedded
    embedded: int = 0
    unchanged: int = 0
    removed: int = 0

    def to_dict(self) -> dict:
        return {"model": self.model, "embedded": self.embedded, "unchanged": self.unchanged, "removed": self.removed}


def items(conn):
    """(key, part, text) of everything the index holds, in a stable order."""
    for pid, title, abstract in conn.execute(q.PAPER_TEXTS):
        yield f"paper:{pid}", 0, f"{title}. {abstract}".strip()
    for pid, sid, heading, text in conn.execute(q.SECTION_TEXTS):
        if about_own_work(heading):  # not a Q&A note's future work or others' research: that is not what it is about
            yield f"paper:{pid}", sid, f"{heading}: {text}"
    for prompt_id, question in conn.execute(q.PROMPT_TEXTS):
        yield f"prompt:{prompt_id}", 0, question
    for key, name, definition, input_, output in conn.execute(q.ENTITY_TEXTS):
        parts = [name, definition, f"input: {input_}" if input_ else "", f"output: {output}" if output else ""]
        yield key, 0, ". ".join(p for p in parts if p)


def content_hash(model_sha: str, text: str) -> str:
    return hashlib.sha1(f"{model_sha}\n{text}".encode()).hexdigest()


def check_dimension(conn, encoder) -> None:
    """Raise when the stored vectors were made by a model of another dimension or another file."""
    name, dim, sha = (q.setting(conn, k) for k in MODEL_SETTINGS)
    if dim is not None and int(dim) != encoder.dim:
        raise ModelError(f"the index holds {dim}-dimensional vectors ({name}) but {encoder.name} gives "
                         f"{encoder.dim}: run kg build to re-embed")
    if sha is not None and sha != encoder.sha256:
        raise ModelError(f"index built with {name}; the model now is {encoder.name}: run kg build")


def _convert_to_int8(conn) -> None:
    """Rewrite an older index's float32 vectors as int8 codes (no text is embedded again)."""
    rows = conn.execute(q.ALL_VECTORS).fetchall()
    if rows:
        matrix = decode(unpack(b"".join(blob for *_, blob in rows), len(rows), None))
        conn.executemany(q.SET_VECTOR, [(blob, key, part) for (key, part, _), blob in zip(rows, pack(matrix))])
    q.set_setting(conn, FORMAT_SETTING, INT8)


def embed_index(db, encoder, *, progress=None, batch: int = 256) -> EmbedReport:
    """Embed new and changed texts, drop vectors of texts that are gone (call inside a transaction)."""
    conn = db.conn
    if encoder is None:
        return EmbedReport(None)
    stored_sha = q.setting(conn, "index.sha256")
    if stored_sha is not None and stored_sha != encoder.sha256:
        conn.execute(q.DELETE_ALL_VECTORS)  # another model: every vector is stale
    if q.setting(conn, FORMAT_SETTING) != INT8:
        _convert_to_int8(conn)
    have = {(k, p): h for k, p, h in conn.execute(q.VECTOR_HASHES)}
    todo, seen = [], set()
    for key, part, text in items(conn):
        seen.add((key, part))
        digest = content_hash(encoder.sha256, text)
        if have.get((key, part)) != digest:
            todo.append((key, part, digest, text))
    gone = sorted(set(have) - seen)
    conn.executemany(q.DELETE_VECTOR, gone)
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        vectors = encoder.encode([text for *_, text in chunk])
        conn.executemany(q.UPSERT_VECTOR, [(k, p, h, blob) for (k, p, h, _), blob in zip(chunk, pack(vectors))])
        if progress:
            progress(min(start + batch, len(todo)), len(todo))
    for key, value in zip(MODEL_SETTINGS, (encoder.name, str(encoder.dim), encoder.sha256)):
        q.set_setting(conn, key, value)
    update_cells(conn, {key.split(":")[0] for key, *_ in todo + gone})
    return EmbedReport(encoder.name, len(todo), len(seen) - len(todo), len(gone))


def update_cells(conn, changed_kinds: set[str], *, cluster_above: int = CLUSTER_ABOVE) -> None:
    """Give a kind of more than `cluster_above` vectors its cells (kg.index.cells), again whenever
    its vectors changed; a kind that has no more than that is searched whole and keeps no cells."""
    for kind in KINDS:
        count = conn.execute(q.COUNT_OF_KIND, q.kind_range(kind)).fetchone()[0]
        has_cells = conn.execute(q.CELLS_OF_KIND, (kind,)).fetchone() is not None
        if count > cluster_above and (kind in changed_kinds or not has_cells):
            _cluster_kind(conn, kind)
        elif count <= cluster_above and has_cells:
            conn.execute(q.DELETE_CELLS, (kind,))
            conn.execute(q.CLEAR_CELLS, q.kind_range(kind))


def _cluster_kind(conn, kind: str) -> None:
    """Give `kind` its cells, and write its rows again cell by cell: the rows of one cell then sit
    together in the file, and a question reads a few runs of pages instead of pages all over it."""
    import numpy as np

    rows = conn.execute(q.VECTOR_ROWS_OF_KIND, q.kind_range(kind)).fetchall()
    centroids, owner = cluster(unpack(b"".join(blob for *_, blob in rows), len(rows), INT8))
    sizes = np.bincount(owner, minlength=len(centroids)).tolist()
    conn.execute(q.DELETE_CELLS, (kind,))
    conn.executemany(q.INSERT_CELL, [(kind, cell, size, blob) for cell, (size, blob) in enumerate(zip(sizes, pack(centroids)))])
    conn.execute(q.DELETE_KIND, q.kind_range(kind))
    by_cell = np.argsort(owner, kind="stable").tolist()
    conn.executemany(q.INSERT_VECTOR_IN_CELL, (rows[i] + (int(owner[i]),) for i in by_cell))
