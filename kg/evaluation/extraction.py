"""Score an entity extractor against human-annotated SciERC and TDMSci files.

Two annotated formats are read into one shape, :class:`AnnotatedDoc` (a text
and its gold :class:`GoldSpan` character spans, typed with kg's entity types):

* **SciERC** (DyGIE json, one abstract a line): the text is every token joined
  by single spaces (sentences joined by a single space as well). Task → task,
  Method → model, Material → dataset, Metric → metric; OtherScientificTerm and
  Generic are dropped.
* **TDMSci** (CoNLL ``token<TAB>offset<TAB>BIO-tag``, blank line between
  sentences): one document per sentence, its text rebuilt from the offsets.
  TASK → task, DATASET → dataset, METRIC → metric (there is no model type).

:func:`score_extraction` runs an extractor over the texts in batches and counts,
per kg type the format annotates, mention-level precision, recall and F1 under
two criteria:

* **exact** - same type and the same ``(start, end)`` once whitespace and
  punctuation are trimmed from both ends of both spans; one-to-one matching, so
  a gold span is matched at most once.
* **overlap** - same type and intersecting character ranges. Precision is the
  share of predictions that overlap some gold span, recall the share of gold
  spans overlapped by some prediction.

Predicted spans of a type the format does not annotate (e.g. ``model`` on
TDMSci) are ignored. The overall row is the micro-average over the format's
types.

>>> doc = AnnotatedDoc("d1", "Results on WMT14 .", (GoldSpan(11, 16, "dataset"),))
>>> report = score_extraction([doc], lambda texts: [[(11, 18, "dataset")] for _ in texts])
>>> report.per_type["dataset"].exact_f1, report.per_type["dataset"].overlap_f1
(1.0, 1.0)
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, UnknownFormat
from kg.evaluation import numbered_lines

#: kg entity types, in report order.
KG_TYPES: tuple[str, ...] = ("task", "model", "dataset", "metric")

#: The kg types each annotated format covers, in report order.
FORMAT_TYPES: dict[str, tuple[str, ...]] = {
    "scierc": ("task", "model", "dataset", "metric"),
    "tdmsci": ("task", "dataset", "metric"),
}

#: SciERC entity type → kg type (types not listed are dropped).
SCIERC_TYPES: dict[str, str] = {
    "Task": "task",
    "Method": "model",
    "Material": "dataset",
    "Metric": "metric",
}

#: TDMSci entity type → kg type (types not listed are dropped).
TDMSCI_TYPES: dict[str, str] = {
    "TASK": "task",
    "DATASET": "dataset",
    "METRIC": "metric",
}

#: Other names an extractor may give a kg type (compared in lower case).
PREDICTED_TYPE_ALIASES: dict[str, str] = {"method": "model"}

#: ``extract(texts)`` returns, for each text, its predicted ``(start, end, type)`` spans.
Extractor = Callable[[list[str]], Sequence[Sequence[tuple[int, int, str]]]]


@dataclass(frozen=True, order=True)
class GoldSpan:
    """An annotated mention: character offsets into the doc text (end exclusive) and its kg type."""

    start: int
    end: int
    type: str


@dataclass(frozen=True)
class AnnotatedDoc:
    """A text with its gold spans.

    ``dataset_format`` ("scierc", "tdmsci", or "" for hand-built docs) tells
    :func:`score_extraction` which kg types are annotated.
    """

    id: str
    text: str
    spans: tuple[GoldSpan, ...]
    dataset_format: str = ""


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class TypeScore:
    """Counts for one type; precision, recall and F1 derive from them.

    >>> s = TypeScore("task", gold=4, predicted=2, exact_tp=1, overlap_tp_pred=2, overlap_tp_gold=2)
    >>> s.exact_precision, s.exact_recall, round(s.exact_f1, 3), s.overlap_f1
    (0.5, 0.25, 0.333, 0.6666666666666666)
    """

    type: str
    gold: int = 0
    predicted: int = 0
    exact_tp: int = 0
    overlap_tp_pred: int = 0
    overlap_tp_gold: int = 0

    @property
    def exact_precision(self) -> float:
        return _ratio(self.exact_tp, self.predicted)

    @property
    def exact_recall(self) -> float:
        return _ratio(self.exact_tp, self.gold)

    @property
    def exact_f1(self) -> float:
        return _f1(self.exact_precision, self.exact_recall)

    @property
    def overlap_precision(self) -> float:
        return _ratio(self.overlap_tp_pred, self.predicted)

    @property
    def overlap_recall(self) -> float:
        return _ratio(self.overlap_tp_gold, self.gold)

    @property
    def overlap_f1(self) -> float:
        return _f1(self.overlap_precision, self.overlap_recall)

    def to_dict(self) -> dict:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "exact": {
                "precision": self.exact_precision,
                "recall": self.exact_recall,
                "f1": self.exact_f1,
            },
            "overlap": {
                "precision": self.overlap_precision,
                "recall": self.overlap_recall,
                "f1": self.overlap_f1,
            },
        }


@dataclass
class ExtractionReport:
    """Scores of one run: the format, how many documents, and a :class:`TypeScore` per kg type."""

    dataset_format: str
    documents: int
    per_type: dict[str, TypeScore] = field(default_factory=dict)

    @property
    def overall(self) -> TypeScore:
        """Micro-average over the types: the per-type counts summed."""
        total = TypeScore("overall")
        for s in self.per_type.values():
            total.gold += s.gold
            total.predicted += s.predicted
            total.exact_tp += s.exact_tp
            total.overlap_tp_pred += s.overlap_tp_pred
            total.overlap_tp_gold += s.overlap_tp_gold
        return total

    def to_dict(self) -> dict:
        """A JSON-able structure whose keys do not depend on the results.

        >>> r = ExtractionReport("tdmsci", 0, {t: TypeScore(t) for t in FORMAT_TYPES["tdmsci"]})
        >>> d = r.to_dict()
        >>> sorted(d), list(d["types"]), d["overall"]["exact"]
        (['documents', 'format', 'overall', 'types'], ['task', 'dataset', 'metric'], {'precision': 0.0, 'recall': 0.0, 'f1': 0.0})
        """
        return {
            "format": self.dataset_format,
            "documents": self.documents,
            "types": {t: s.to_dict() for t, s in self.per_type.items()},
            "overall": self.overall.to_dict(),
        }


# ---------------------------------------------------------------------------
# Readers


def read_scierc(path: str | Path) -> Iterator[AnnotatedDoc]:
    """Read a SciERC (DyGIE json lines) file: one :class:`AnnotatedDoc` per abstract.

    Tokens are joined by single spaces; ``ner`` token offsets (document level,
    inclusive) become character offsets. Malformed lines raise
    :class:`kg.errors.InputError` naming the file and line.
    """
    path = Path(path)
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc.msg}", line=number) from None
        yield _scierc_doc(path, number, record)


def _scierc_doc(path: Path, number: int, record: object) -> AnnotatedDoc:
    def bad(message: str) -> InputError:
        return InputError(path, message, line=number)

    if not isinstance(record, dict):
        raise bad("expected a JSON object")
    sentences = record.get("sentences")
    if not isinstance(sentences, list) or not all(
        isinstance(s, list) and all(isinstance(t, str) for t in s) for s in sentences
    ):
        raise bad("'sentences' must be a list of token lists")
    ner = record.get("ner", [])
    if not isinstance(ner, list) or not all(isinstance(s, list) for s in ner):
        raise bad("'ner' must be a list of per-sentence span lists")

    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for token in (t for s in sentences for t in s):
        if starts:
            pos += 1  # the single space before every token but the first
        starts.append(pos)
        pos += len(token)
        ends.append(pos)
    text = " ".join(t for s in sentences for t in s)

    spans = []
    for sentence_spans in ner:
        for item in sentence_spans:
            if (
                not isinstance(item, list)
                or len(item) != 3
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in item[:2])
                or not isinstance(item[2], str)
            ):
                raise bad(f"malformed ner entry {item!r}: expected [start, end, type]")
            first, last, label = item
            if not 0 <= first <= last < len(starts):
                raise bad(f"ner entry {item!r} is outside the document's {len(starts)} tokens")
            kg_type = SCIERC_TYPES.get(label)
            if kg_type is not None:
                spans.append(GoldSpan(starts[first], ends[last], kg_type))

    doc_key = record.get("doc_key")
    doc_id = str(doc_key) if doc_key not in (None, "") else f"{path.name}:{number}"
    return AnnotatedDoc(doc_id, text, tuple(sorted(spans)), "scierc")


def read_tdmsci(path: str | Path) -> Iterator[AnnotatedDoc]:
    """Read a TDMSci CoNLL file: one :class:`AnnotatedDoc` per sentence.

    Each token is placed at its offset relative to the sentence's first token,
    gaps filled with spaces. Where the offsets would make a token overlap the one
    before it (a handful of annotation slips), it is put one space after it
    instead, so every token still reads back verbatim. BIO tags become spans; an
    ``I-`` tag that does not continue a span of its type starts one. Document ids
    are ``<file name>:<line of the sentence's first token>``.
    """
    path = Path(path)
    tokens: list[tuple[str, int, str]] = []
    first_line = 0
    for number, line in numbered_lines(path):
        if not line.strip():
            if tokens:
                yield _tdmsci_doc(path, first_line, tokens)
                tokens = []
            continue
        columns = line.split("\t")
        if len(columns) != 3:
            raise InputError(
                path, f"expected 3 tab-separated columns (token, offset, tag), found {len(columns)}", line=number
            )
        token, offset, tag = (c.strip() for c in columns)
        if not token:
            raise InputError(path, "empty token", line=number)
        try:
            char_offset = int(offset)
        except ValueError:
            raise InputError(path, f"offset {offset!r} is not an integer", line=number) from None
        if char_offset < 0:
            raise InputError(path, f"negative offset {char_offset}", line=number)
        if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
            raise InputError(path, f"tag {tag!r} is not O, B-TYPE or I-TYPE", line=number)
        if not tokens:
            first_line = number
        tokens.append((token, char_offset, tag))
    if tokens:
        yield _tdmsci_doc(path, first_line, tokens)


def _tdmsci_doc(path: Path, first_line: int, tokens: list[tuple[str, int, str]]) -> AnnotatedDoc:
    base = tokens[0][1]
    parts: list[str] = []
    cursor = 0
    spans: list[GoldSpan] = []
    open_span: tuple[int, str] | None = None  # (start, TDMSci type) of the span being built
    last_end = 0

    def close() -> None:
        if open_span is not None and open_span[1] in TDMSCI_TYPES:
            spans.append(GoldSpan(open_span[0], last_end, TDMSCI_TYPES[open_span[1]]))

    for token, offset, tag in tokens:
        pos = offset - base
        if pos < cursor:
            pos = cursor + 1 if cursor else 0
        parts.append(" " * (pos - cursor))
        parts.append(token)
        start, cursor = pos, pos + len(token)

        kind = tag[2:]
        if tag == "O":
            close()
            open_span = None
        elif tag.startswith("B-") or open_span is None or open_span[1] != kind:
            close()
            open_span = (start, kind)
        last_end = cursor
    close()
    return AnnotatedDoc(f"{path.name}:{first_line}", "".join(parts), tuple(sorted(spans)), "tdmsci")


def detect_format(path: str | Path) -> str:
    """``"scierc"`` or ``"tdmsci"``, judged by the file's content.

    A first non-space character ``{`` means SciERC json lines; a first non-blank
    line of three tab-separated columns means TDMSci CoNLL. Anything else raises
    :class:`kg.errors.UnknownFormat` naming the file.
    """
    path = Path(path)
    for number, line in numbered_lines(path):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("{"):
            return "scierc"
        if len(line.split("\t")) == 3:
            return "tdmsci"
        raise UnknownFormat(
            path,
            "not a SciERC json-lines file (a JSON object a line) nor a TDMSci CoNLL file "
            "(token, offset, tag separated by tabs)",
            line=number,
        )
    raise UnknownFormat(path, "empty file: cannot tell SciERC from TDMSci")


READERS: dict[str, Callable[[str | Path], Iterator[AnnotatedDoc]]] = {
    "scierc": read_scierc,
    "tdmsci": read_tdmsci,
}


def read_annotated(path: str | Path) -> Iterator[AnnotatedDoc]:
    """Read an annotated file of either format, detected by :func:`detect_format`."""
    return READERS[detect_format(path)](path)


# ---------------------------------------------------------------------------
# Scoring


def _is_trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without whitespace or punctuation at either end (unchanged if nothing would remain)."""
    s, e = start, end
    while s < e and _is_trimmable(text[s]):
        s += 1
    while e > s and _is_trimmable(text[e - 1]):
        e -= 1
    return (s, e) if s < e else (start, end)


def _normalise_type(label: object) -> str:
    name = str(label).strip().lower()
    return PREDICTED_TYPE_ALIASES.get(name, name)


def _score_doc(
    doc: AnnotatedDoc,
    predicted: Sequence[tuple[int, int, str]],
    scores: dict[str, TypeScore],
) -> None:
    text = doc.text
    gold_by_type: dict[str, list[tuple[int, int]]] = {t: [] for t in scores}
    for span in doc.spans:
        if span.type not in scores:
            raise ValueError(f"document {doc.id}: gold span type {span.type!r} is not one of {sorted(scores)}")
        gold_by_type[span.type].append((span.start, span.end))

    pred_by_type: dict[str, list[tuple[int, int]]] = {t: [] for t in scores}
    for item in predicted:
        try:
            start, end, label = item
        except (TypeError, ValueError):
            raise ValueError(f"document {doc.id}: prediction {item!r} is not (start, end, type)") from None
        kg_type = _normalise_type(label)
        if kg_type not in scores:
            continue  # a type this format does not annotate
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise ValueError(
                f"document {doc.id}: predicted span {item!r} is not within the text (length {len(text)})"
            )
        pred_by_type[kg_type].append((start, end))

    for kg_type, score in scores.items():
        gold = gold_by_type[kg_type]
        pred = pred_by_type[kg_type]
        score.gold += len(gold)
        score.predicted += len(pred)
        # Exact: one-to-one on trimmed offsets; greedy pairing of identical keys is a multiset intersection.
        gold_keys = Counter(_trim(text, s, e) for s, e in gold)
        pred_keys = Counter(_trim(text, s, e) for s, e in pred)
        score.exact_tp += sum((gold_keys & pred_keys).values())
        # Overlap: intersecting character ranges.
        score.overlap_tp_pred += sum(1 for ps, pe in pred if any(ps < ge and gs < pe for gs, ge in gold))
        score.overlap_tp_gold += sum(1 for gs, ge in gold if any(ps < ge and gs < pe for ps, pe in pred))


def score_extraction(
    docs: Iterable[AnnotatedDoc],
    extract: Extractor,
    *,
    batch_size: int = 64,
) -> ExtractionReport:
    """Run ``extract`` over the docs' texts, ``batch_size`` at a time, and score its spans.

    ``extract`` takes a list of texts and returns, for each, a list of
    ``(start, end, type)`` character spans (end exclusive). Types are kg types,
    compared in lower case (``method`` is read as ``model``); spans of types the
    docs' format does not annotate are ignored. Scored types come from the docs'
    ``dataset_format`` (:data:`FORMAT_TYPES`); hand-built docs without one are
    scored on all of :data:`KG_TYPES`.

    >>> doc = AnnotatedDoc("d1", "We study machine translation on WMT14.",
    ...                    (GoldSpan(9, 28, "task"), GoldSpan(32, 37, "dataset")))
    >>> report = score_extraction([doc], lambda texts: [[(9, 28, "task"), (29, 37, "dataset"),
    ...                                                  (0, 2, "model")] for _ in texts])
    >>> task, dataset = report.per_type["task"], report.per_type["dataset"]
    >>> task.exact_f1, dataset.exact_f1, dataset.overlap_f1
    (1.0, 0.0, 1.0)
    >>> report.overall.gold, report.overall.predicted, report.overall.exact_precision
    (2, 3, 0.3333333333333333)
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    dataset_format: str | None = None
    scores: dict[str, TypeScore] = {}
    documents = 0

    def run(batch: list[AnnotatedDoc]) -> None:
        results = extract([d.text for d in batch])
        results = list(results)
        if len(results) != len(batch):
            raise ValueError(f"extractor returned {len(results)} results for {len(batch)} texts")
        for doc, predicted in zip(batch, results):
            _score_doc(doc, predicted, scores)

    batch: list[AnnotatedDoc] = []
    for doc in docs:
        fmt = doc.dataset_format or "custom"
        if dataset_format is None:
            dataset_format = fmt
            scores.update((t, TypeScore(t)) for t in FORMAT_TYPES.get(fmt, KG_TYPES))
        elif fmt != dataset_format:
            raise ValueError(f"cannot score {dataset_format} and {fmt} documents together (document {doc.id})")
        documents += 1
        batch.append(doc)
        if len(batch) >= batch_size:
            run(batch)
            batch = []
    if batch:
        run(batch)
    if dataset_format is None:
        dataset_format = "custom"
        scores.update((t, TypeScore(t)) for t in KG_TYPES)
    return ExtractionReport(dataset_format, documents, scores)


def format_report_text(report: ExtractionReport) -> str:
    """An aligned plain-text table: one row per type and an overall (micro-average) row.

    >>> r = ExtractionReport("tdmsci", 1, {"task": TypeScore("task", 2, 1, 1, 1, 1)})
    >>> print(format_report_text(r))
    tdmsci, 1 document(s)
    type     gold  pred  exact P  exact R  exact F1  overlap P  overlap R  overlap F1
    task        2     1    1.000    0.500     0.667      1.000      0.500       0.667
    overall     2     1    1.000    0.500     0.667      1.000      0.500       0.667
    """
    header = ("type", "gold", "pred", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1")
    rows = [
        (
            s.type,
            str(s.gold),
            str(s.predicted),
            *(f"{v:.3f}" for v in (s.exact_precision, s.exact_recall, s.exact_f1)),
            *(f"{v:.3f}" for v in (s.overlap_precision, s.overlap_recall, s.overlap_f1)),
        )
        for s in [*report.per_type.values(), report.overall]
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:]))
        return "  ".join([first, *rest]).rstrip()

    title = f"{report.dataset_format}, {report.documents} document(s)"
    return "\n".join([title, line(header), *(line(r) for r in rows)])
