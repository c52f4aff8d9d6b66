"""The results table: writing what the NLP pass found, and the queries behind ``kg results``.

A result row is one number a paper reports (:class:`kg.nlp.results.Result`) with its sentence.
Results of kind ``absolute``, ``gain`` or ``reduction`` are graph nodes too
(``paper —reports→ result —on→ dataset``, ``result —metric→ metric``); ``other`` numbers
(sizes, counts, speedups) are kept in the table only.

>>> import tempfile, os
>>> from kg.store.db import open_db
>>> db = open_db(os.path.join(tempfile.mkdtemp(), "kg.db"))
>>> results_for(db, dataset="ImageNet"), entity_keys(db.conn, "dataset", "ImageNet")
([], [])
"""
from __future__ import annotations

INSERT_RESULT = """INSERT INTO results (key, doc, field, value, unit, metric, metric_key, dataset, dataset_key, kind, model,
        start, end, sentence, sentence_start, sentence_end)
    VALUES (:key, :doc, :field, :value, :unit, :metric, :metric_key, :dataset, :dataset_key, :kind, :model,
        :start, :end, :sentence, :sentence_start, :sentence_end)"""
FORGET_RESULTS = "DELETE FROM results WHERE doc = ?"
# entity keys a name stands for: its canonical name or any alias, of one type
KEYS_NAMED = """SELECT DISTINCT entities.key FROM entities LEFT JOIN aliases ON aliases.entity_id = entities.id
    WHERE entities.type = :type AND (entities.name = :name COLLATE NOCASE OR aliases.alias = :name COLLATE NOCASE
                                     OR entities.key = :key)
    ORDER BY entities.key"""
# The join reads the paper's id out of results.doc ('paper:<id>'), so SQLite can look papers up by
# their primary key after choosing results by index; "'paper:' || papers.id = results.doc" made it
# scan every paper (0.5 s per kg ask at 250k papers).
_SELECT = """SELECT results.key, results.doc, results.field, results.value, results.unit, results.metric,
        results.metric_key, results.dataset, results.dataset_key, results.kind, results.model, results.start,
        results.end, results.sentence, results.sentence_start, results.sentence_end,
        papers.id AS paper_id, papers.title, papers.arxiv_id, papers.url
    FROM results JOIN papers ON papers.id = CAST(substr(results.doc, 7) AS INTEGER)
    WHERE results.kind != 'other'"""
RESULTS_ON_DATASETS = _SELECT + " AND results.dataset_key IN (SELECT value FROM json_each(:keys))"
RESULTS_OF_METRICS = _SELECT + " AND results.metric_key IN (SELECT value FROM json_each(:keys))"
RESULTS_OF_PAPERS = _SELECT + " AND results.doc IN (SELECT value FROM json_each(:keys))"
RESULTS_OF_NODES = _SELECT + """ AND (results.dataset_key IN (SELECT value FROM json_each(:keys))
    OR results.metric_key IN (SELECT value FROM json_each(:keys)))"""
# papers that address a task or one of its direct subtasks
PAPERS_OF_TASKS = """SELECT DISTINCT src FROM edges WHERE relation = 'addresses' AND src LIKE 'paper:%'
    AND (dst IN (SELECT value FROM json_each(:keys))
         OR dst IN (SELECT src FROM edges WHERE relation = 'subtask_of' AND dst IN (SELECT value FROM json_each(:keys))))"""
ORDER = " ORDER BY results.dataset_key, results.metric_key, results.doc, results.start"


def result_key(doc: str, field: str, start: int) -> str:
    """The graph node key of a result: its document, field and the value's offset.

    >>> result_key("paper:3", "abstract", 120)
    'result:paper:3:abstract:120'
    """
    return f"result:{doc}:{field}:{start}"


def write_results(writer, doc: str, field: str, text: str, results) -> int:
    """Insert one field's results and, for scores, their nodes' edges through the NLP pass `writer`.

    Returns how many rows were written. The caller has removed the document's old rows.
    """
    lexicon = writer.lexicon
    for result in results:
        key = result_key(doc, field, result.start)
        sentence_start, sentence_end, sentence = _raw(writer, field, text, result.sentence_start, result.sentence_end)
        start, end, _ = _raw(writer, field, text, result.start, result.end)
        writer.conn.execute(INSERT_RESULT, {
            "key": key, "doc": doc, "field": field, "value": result.value, "unit": result.unit,
            "metric": result.metric, "metric_key": result.metric_key, "dataset": result.dataset,
            "dataset_key": result.dataset_key, "kind": result.kind, "model": result.model, "start": start,
            "end": end, "sentence": sentence, "sentence_start": sentence_start, "sentence_end": sentence_end})
        if result.kind == "other":
            continue
        span = (result.sentence_start, result.sentence_end)
        writer.edge(doc, key, "reports", doc, field, text, span, "result")
        for relation, node, name, table in (("on", result.dataset_key, result.dataset, lexicon.datasets),
                                            ("metric", result.metric_key, result.metric, lexicon.metrics)):
            if node:
                writer.entity(node, node.split(":", 1)[0], name, in_vocabulary=node in table)
                writer.edge(key, node, relation, doc, field, text, span, "result")
    return len(results)


def _raw(writer, field: str, text: str, start: int, end: int) -> tuple[int, int, str]:
    """The span of the field's raw text that the cleaned span (start, end) of `text` was made from:
    stored offsets and sentences are those of what was read (see :class:`kg.store.evidence.RawQuotes`)."""
    quoted = writer.quotes.quote(field, text, (start, end)) if getattr(writer, "quotes", None) else None
    return quoted if quoted else (start, end, text[start:end])


def entity_keys(conn, entity_type: str, name: str) -> list[str]:
    """The keys of the `entity_type` nodes called `name` (canonical name, alias or key)."""
    from kg.nlp.lexicon import canonical_key

    return [row[0] for row in conn.execute(KEYS_NAMED, {"type": entity_type, "name": name.strip(),
                                                        "key": canonical_key(entity_type, name)})]


def results_for(db, task: str | None = None, dataset: str | None = None, metric: str | None = None,
                papers=None) -> list[dict]:
    """Score results (not ``other``) on a dataset, of a metric, of papers addressing a task, or of given papers.

    Each argument narrows the selection (names as the graph knows them: canonical name or alias;
    `papers`: paper ids or ``paper:<id>`` keys). Rows are dicts with the result's columns, its
    sentence and offsets, and the paper's ``paper_id``, ``title``, ``arxiv_id`` and ``url``,
    ordered by dataset, metric, paper and position. For ``kg ask``, the Markdown report and
    the HTML panel.
    """
    import json

    from kg.store.queries import rows

    conn = db.conn
    selections = []
    if dataset is not None:
        selections.append((RESULTS_ON_DATASETS, entity_keys(conn, "dataset", dataset)))
    if metric is not None:
        selections.append((RESULTS_OF_METRICS, entity_keys(conn, "metric", metric)))
    docs = None
    if task is not None:
        tasks = entity_keys(conn, "task", task)
        docs = {row[0] for row in conn.execute(PAPERS_OF_TASKS, {"keys": json.dumps(tasks)})}
    if papers is not None:
        wanted = {p if str(p).startswith("paper:") else f"paper:{p}" for p in papers}
        docs = wanted if docs is None else docs & wanted
    if docs is not None:
        selections.append((RESULTS_OF_PAPERS, sorted(docs)))
    if not selections:
        return []
    found = None
    for sql, keys in selections:
        chosen = rows(conn, sql + ORDER, {"keys": json.dumps(keys)})
        found = chosen if found is None else [row for row in found if row["key"] in {r["key"] for r in chosen}]
    return found


def results_of_nodes(db, keys) -> list[dict]:
    """Score results on any of the dataset nodes or of any of the metric nodes `keys`, in one query.

    Rows as in :func:`results_for`; for the side panels of the HTML page (the drawn nodes only).

    >>> import tempfile, os
    >>> from kg.store.db import open_db
    >>> results_of_nodes(open_db(os.path.join(tempfile.mkdtemp(), "kg.db")), ["dataset:imagenet"])
    []
    """
    import json

    from kg.store.queries import rows

    return rows(db.conn, RESULTS_OF_NODES + ORDER, {"keys": json.dumps(sorted(keys))})
