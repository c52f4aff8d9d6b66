"""Rendering a results table (:func:`kg.api.results_table`) as aligned text, Markdown or CSV."""
from __future__ import annotations

import csv
import io

from kg.escape import markdown_text


def _cell_text(cell: dict) -> str:
    mark = {"gain": "+", "reduction": "-"}.get(cell["kind"], "")
    return f"{mark}{cell['value']}{cell['unit'] if cell['unit'] in ('%', 'x') else (' ' + cell['unit'] if cell['unit'] else '')}"


def _column_title(column: dict) -> str:
    """ "dataset / metric (kind, unit) ↓": ↓ when a smaller value is better, "-" for what is not named."""
    notes = [note for note in (column["kind"] if column["kind"] != "absolute" else "", column["unit"]) if note]
    return (f"{column['dataset'] or '-'} / {column['metric'] or '-'}" + (f" ({', '.join(notes)})" if notes else "")
            + (" ↓" if column["lower_is_better"] else ""))


TITLE_WIDTH = 50  # characters of a paper's title in the aligned text table (Markdown and CSV keep it whole)


def _paper_label(row: dict, title_width: int | None) -> str:
    """ "arXiv id + title", the title cut to `title_width` characters with "…" (None: whole).

    >>> _paper_label({"arxiv_id": "2401.00001", "title": "A very long title"}, 6)
    '2401.00001 A ver…'
    """
    title = row["title"]
    if title_width is not None and len(title) > title_width:
        title = title[:title_width - 1].rstrip() + "…"
    return " ".join(filter(None, (row["arxiv_id"], title)))


def _grid(table: dict, title_width: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and body rows of strings: Paper, Model, then one column per (dataset, metric, kind)."""
    columns = [(c["dataset"] or "", c["metric"] or "", c["kind"], c["unit"]) for c in table["columns"]]
    header = ["paper", "model"] + [_column_title(c) for c in table["columns"]]
    body = []
    for row in table["rows"]:
        key = [row["paper_id"], row["model"] or ""]
        line = [_paper_label(row, title_width), row["model"] or ""]
        for column in columns:
            values = [_cell_text(c) for c in table["cells"] if c["row"] == key and tuple(c["column"]) == column]
            line.append(", ".join(values))
        body.append(line)
    return header, body


def cell_label(cell: dict) -> str:
    """A cell's value with its column, for the list of sentences under a table: gains and reductions say so.

    >>> cell_label({"value": "3.6", "unit": "%", "kind": "gain", "dataset": "ImageNetV2", "metric": None})
    '+3.6% (ImageNetV2 / -, gain)'
    """
    kind = "" if cell["kind"] == "absolute" else f", {cell['kind']}"
    return f"{_cell_text(cell)} ({cell['dataset'] or '-'} / {cell['metric'] or '-'}{kind})"


def limit_columns(table: dict, columns: int | None) -> tuple[dict, int]:
    """The table with only its first `columns` columns (the fullest) and the rows that have a cell in them.

    Returns the smaller table and how many columns were left out.
    """
    if columns is None or len(table["columns"]) <= columns:
        return table, 0
    kept = table["columns"][:columns]
    keys = {(c["dataset"] or "", c["metric"] or "", c["kind"], c["unit"]) for c in kept}
    cells = [c for c in table["cells"] if tuple(c["column"]) in keys]
    rows = {tuple(c["row"]) for c in cells}
    return ({**table, "columns": kept, "cells": cells,
             "rows": [r for r in table["rows"] if (r["paper_id"], r["model"] or "") in rows]},
            len(table["columns"]) - columns)


def format_table(table: dict, output_format: str = "text") -> str:
    """The table as ``text`` (aligned), ``markdown`` or ``csv``.

    >>> table = {"columns": [{"dataset": "FFHQ", "metric": "FID", "kind": "absolute", "unit": "", "lower_is_better": True}],
    ...          "rows": [{"paper_id": 1, "title": "A", "arxiv_id": "2401.00001", "model": "X"}],
    ...          "cells": [{"row": [1, "X"], "column": ["FFHQ", "FID", "absolute", ""], "value": "3.1", "unit": "", "kind": "absolute"}]}
    >>> print(format_table(table, "markdown").strip())
    | paper | model | FFHQ / FID ↓ |
    |---|---|---|
    | 2401.00001 A | X | 3.1 |
    """
    header, body = _grid(table, TITLE_WIDTH if output_format == "text" else None)
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        return buffer.getvalue()
    if output_format == "markdown":
        escape = lambda text: markdown_text(text).replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(map(escape, header)) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(map(escape, line)) + " |" for line in body]
        return "\n".join(lines) + "\n"
    widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in [header] + body]
    return "\n".join(lines[:1] + ["  ".join("-" * w for w in widths)] + lines[1:]) + "\n"
