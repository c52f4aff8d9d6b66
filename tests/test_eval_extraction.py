"""Tests of kg.evaluation.extraction: readers of SciERC / TDMSci and span metrics.

Expected values on the real files are derived here by a direct, independent
parse of the files, never by calling the readers under test.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import InputError, UnknownFormat
from kg.evaluation.extraction import (
    AnnotatedDoc,
    ExtractionReport,
    GoldSpan,
    TypeScore,
    detect_format,
    format_report_text,
    read_annotated,
    read_scierc,
    read_tdmsci,
    score_extraction,
)

EVAL = Path("/work/shared/eval")
SCIERC_DEV = EVAL / "scierc_dev.json"
TDMSCI_TRAIN = EVAL / "tdmsci_train.conll"

needs_data = pytest.mark.skipif(
    not (SCIERC_DEV.exists() and TDMSCI_TRAIN.exists()), reason="shared evaluation files not present"
)

SCIERC_MAP = {"Task": "task", "Method": "model", "Material": "dataset", "Metric": "metric"}
TDMSCI_MAP = {"TASK": "task", "DATASET": "dataset", "METRIC": "metric"}


# --- independent parsers ----------------------------------------------------


def raw_scierc(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def raw_tdmsci(path: Path) -> list[list[tuple[str, int, str]]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, offset, tag = line.split("\t")
        current.append((token, int(offset), tag))
    if current:
        sentences.append(current)
    return sentences


def bio_spans(sentence: list[tuple[str, int, str]]) -> list[tuple[int, int, str]]:
    """(first token, last token, TDMSci type) for each B-/I- run."""
    spans: list[list] = []
    previous = "O"
    for i, (_, _, tag) in enumerate(sentence):
        if tag == "O":
            previous = tag
            continue
        kind = tag[2:]
        if tag.startswith("B-") or previous == "O" or previous[2:] != kind:
            spans.append([i, i, kind])
        else:
            spans[-1][1] = i
        previous = tag
    return [tuple(s) for s in spans]


@pytest.fixture(scope="module")
def scierc_docs() -> list[AnnotatedDoc]:
    return list(read_scierc(SCIERC_DEV))


@pytest.fixture(scope="module")
def tdmsci_docs() -> list[AnnotatedDoc]:
    return list(read_tdmsci(TDMSCI_TRAIN))


def gold_extractor(docs: list[AnnotatedDoc]):
    """An extractor that returns each doc's gold spans, checking it is called in order."""
    remaining = iter(docs)

    def extract(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        out = []
        for text in texts:
            doc = next(remaining)
            assert doc.text == text
            out.append([(s.start, s.end, s.type) for s in doc.spans])
        return out

    return extract


# --- SciERC reader ------------------------------------------------------------


@needs_data
def test_scierc_dev_documents_and_first_task(scierc_docs):
    raw = raw_scierc(SCIERC_DEV)
    assert len(scierc_docs) == len(raw) == 50
    assert [d.id for d in scierc_docs] == [r["doc_key"] for r in raw]
    first = scierc_docs[0]
    assert first.id == "ICCV_2003_158_abs"
    assert first.dataset_format == "scierc"
    task = next(s for s in first.spans if s.type == "task")
    assert first.text[task.start : task.end] == "computing optical flow , shape , motion , lighting , and albedo"
    assert (task.start, task.end) == (37, 100)
    assert first.text.startswith("This paper presents an algorithm for computing optical flow")


@needs_data
def test_scierc_text_and_span_offsets_match_tokens(scierc_docs):
    for doc, record in zip(scierc_docs, raw_scierc(SCIERC_DEV)):
        tokens = [t for sentence in record["sentences"] for t in sentence]
        assert doc.text == " ".join(tokens)
        expected = Counter(
            (" ".join(tokens[start : end + 1]), SCIERC_MAP[label])
            for sentence in record["ner"]
            for start, end, label in sentence
            if label in SCIERC_MAP
        )
        got = Counter((doc.text[s.start : s.end], s.type) for s in doc.spans)
        assert got == expected, doc.id


@needs_data
def test_scierc_span_counts_per_type(scierc_docs):
    expected = Counter(
        SCIERC_MAP[label]
        for record in raw_scierc(SCIERC_DEV)
        for sentence in record["ner"]
        for _, _, label in sentence
        if label in SCIERC_MAP
    )
    assert expected == {"task": 127, "model": 216, "dataset": 71, "metric": 38}
    assert Counter(s.type for d in scierc_docs for s in d.spans) == expected


# --- TDMSci reader ------------------------------------------------------------


@needs_data
def test_tdmsci_documents_and_span_counts(tdmsci_docs):
    sentences = raw_tdmsci(TDMSCI_TRAIN)
    assert len(tdmsci_docs) == len(sentences) == 1523
    expected = Counter(TDMSCI_MAP[kind] for s in sentences for _, _, kind in bio_spans(s))
    assert expected == {"task": 1219, "dataset": 420, "metric": 536}
    assert Counter(s.type for d in tdmsci_docs for s in d.spans) == expected
    assert all(d.dataset_format == "tdmsci" for d in tdmsci_docs)


@needs_data
def test_tdmsci_text_places_tokens_at_their_offsets(tdmsci_docs):
    irregular = 0
    for doc, sentence in zip(tdmsci_docs, raw_tdmsci(TDMSCI_TRAIN)):
        # Every token reads back, in order, whatever the offsets: only spaces are added.
        assert doc.text.replace(" ", "") == "".join(t for t, _, _ in sentence)
        base = sentence[0][1]
        regular = all(a[1] + len(a[0]) <= b[1] for a, b in zip(sentence, sentence[1:]))
        if not regular:
            irregular += 1  # offsets that overlap: tokens are shifted, checked above
            continue
        for token, offset, _ in sentence:
            assert doc.text[offset - base : offset - base + len(token)] == token
        expected = sorted(
            (sentence[first][1] - base, sentence[last][1] - base + len(sentence[last][0]), TDMSCI_MAP[kind])
            for first, last, kind in bio_spans(sentence)
        )
        assert [(s.start, s.end, s.type) for s in doc.spans] == expected
    assert irregular == 2  # the two annotation slips in tdmsci_train.conll


@needs_data
def test_tdmsci_first_sentence(tdmsci_docs):
    first, second = tdmsci_docs[0], tdmsci_docs[1]
    assert first.text.startswith("We investigate a largely unsupervised approach to learning interpretable")
    assert "domain-specific" in first.text  # adjacent offsets stay adjacent
    assert second.text.startswith("We evaluate the learned types")
    spans = {(second.text[s.start : s.end], s.type) for s in second.spans}
    assert ("prediction", "task") in spans
    assert ("accuracy", "metric") in spans


def test_tdmsci_bio_edge_cases(tmp_path):
    path = tmp_path / "t.conll"
    path.write_text(
        "Run\t10\tO\non\t14\tO\nSQuAD\t17\tI-DATASET\nv2\t23\tI-DATASET\n,\t26\tB-METRIC\nF1\t28\tI-TASK\n"
        "\n\n"
        "over\t40\tO\nlap\t42\tB-TASK\nx\t46\tB-FOO\n",
        encoding="utf-8",
    )
    first, second = read_tdmsci(path)
    assert first.text == "Run on SQuAD v2 , F1"
    assert first.id == "t.conll:1"
    assert [(first.text[s.start : s.end], s.type) for s in first.spans] == [
        ("SQuAD v2", "dataset"),
        (",", "metric"),
        ("F1", "task"),
    ]
    # "lap" claims an offset inside "over": it is placed one space after it instead.
    assert second.text == "over lap x"
    assert second.id == "t.conll:9"
    assert [(second.text[s.start : s.end], s.type) for s in second.spans] == [("lap", "task")]


# --- format detection and malformed input --------------------------------------------


@needs_data
def test_detect_format_on_real_files():
    assert detect_format(SCIERC_DEV) == "scierc"
    assert detect_format(TDMSCI_TRAIN) == "tdmsci"
    assert next(read_annotated(TDMSCI_TRAIN)).dataset_format == "tdmsci"


def test_detect_format_unknown(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("\n  just some prose\n", encoding="utf-8")
    with pytest.raises(UnknownFormat) as info:
        detect_format(path)
    assert str(path) in str(info.value)
    empty = tmp_path / "empty.json"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty.json: the file is empty"):
        detect_format(empty)
    scierc = tmp_path / "x.json"
    scierc.write_text('  {"sentences": [["a"]], "ner": [[]]}\n', encoding="utf-8")
    assert detect_format(scierc) == "scierc"


@pytest.mark.parametrize(
    "content, line, reason",
    [
        ('{"sentences": [["a"]], "ner": [[]]}\n{"sentences": [["a"]\n', 2, "invalid JSON"),
        ('\n{"sentences": [["a", "b"]], "ner": [[[0, 2, "Task"]]]}\n', 2, "outside"),
        ('{"sentences": [["a"]], "ner": [[[0, "Task"]]]}\n', 1, "malformed ner"),
        ('{"sentences": "a b", "ner": []}\n', 1, "sentences"),
        ("[1, 2]\n", 1, "JSON object"),
    ],
)
def test_malformed_scierc_names_file_and_line(tmp_path, content, line, reason):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_scierc(path))
    assert info.value.line == line
    assert f"{path}:{line}:" in str(info.value)
    assert reason in str(info.value)


@pytest.mark.parametrize(
    "content, line, reason",
    [
        ("a\t0\tO\nb 2 O\n", 2, "3 tab-separated columns"),
        ("a\t0\tO\n\nb\tx\tO\n", 3, "not an integer"),
        ("a\t0\tO\nb\t2\tTASK\n", 2, "tag"),
        ("a\t0\tO\nb\t-2\tO\n", 2, "negative"),
    ],
)
def test_malformed_tdmsci_names_file_and_line(tmp_path, content, line, reason):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_tdmsci(path))
    assert info.value.line == line
    assert f"{path}:{line}:" in str(info.value)
    assert reason in str(info.value)


def test_non_utf8_file_is_an_input_error(tmp_path):
    path = tmp_path / "latin.conll"
    path.write_bytes(b"caf\xe9\t0\tO\n")
    with pytest.raises(InputError, match="latin.conll"):
        list(read_tdmsci(path))


# --- scoring -----------------------------------------------------------------


@needs_data
@pytest.mark.parametrize("which", ["scierc", "tdmsci"])
def test_perfect_extractor_scores_one(which, scierc_docs, tdmsci_docs):
    docs = scierc_docs if which == "scierc" else tdmsci_docs
    report = score_extraction(docs, gold_extractor(docs), batch_size=7)
    assert report.dataset_format == which
    assert report.documents == len(docs)
    assert list(report.per_type) == (
        ["task", "model", "dataset", "metric"] if which == "scierc" else ["task", "dataset", "metric"]
    )
    for score in [*report.per_type.values(), report.overall]:
        assert score.gold == score.predicted > 0
        assert score.exact_precision == score.exact_recall == score.exact_f1 == 1.0
        assert score.overlap_precision == score.overlap_recall == score.overlap_f1 == 1.0
    assert report.overall.gold == sum(len(d.spans) for d in docs)


@needs_data
def test_empty_extractor_scores_zero(scierc_docs):
    calls = []

    def extract(texts):
        calls.append(len(texts))
        return [[] for _ in texts]

    report = score_extraction(scierc_docs, extract, batch_size=16)
    assert calls == [16, 16, 16, 2]
    for score in [*report.per_type.values(), report.overall]:
        assert score.predicted == 0
        assert score.exact_f1 == score.overlap_f1 == 0.0
        assert score.exact_precision == score.exact_recall == 0.0
    assert report.overall.gold == 452


TEXT = "We study machine translation on WMT14 ."
#       0         1         2         3
#       0123456789012345678901234567890123456789


def one_doc(*spans: GoldSpan, fmt: str = "") -> list[AnnotatedDoc]:
    return [AnnotatedDoc("d", TEXT, tuple(spans), fmt)]


def fixed(*predicted):
    return lambda texts: [list(predicted) for _ in texts]


def test_overlap_but_not_exact():
    docs = one_doc(GoldSpan(9, 28, "task"))
    report = score_extraction(docs, fixed((17, 31, "task")))  # "translation on"
    task = report.per_type["task"]
    assert (task.gold, task.predicted, task.exact_tp) == (1, 1, 0)
    assert task.exact_precision == task.exact_recall == task.exact_f1 == 0.0
    assert task.overlap_precision == task.overlap_recall == task.overlap_f1 == 1.0


def test_exact_match_ignores_edge_whitespace_and_punctuation():
    docs = one_doc(GoldSpan(32, 37, "dataset"))
    report = score_extraction(docs, fixed((31, 39, "dataset")))  # " WMT14 ."
    assert report.per_type["dataset"].exact_f1 == 1.0
    # Touching but not intersecting ranges do not overlap.
    report = score_extraction(docs, fixed((29, 32, "dataset")))  # "on "
    assert report.per_type["dataset"].overlap_f1 == 0.0


def test_type_must_agree():
    docs = one_doc(GoldSpan(9, 28, "task"))
    report = score_extraction(docs, fixed((9, 28, "dataset")))
    assert report.per_type["task"].overlap_recall == 0.0
    assert report.per_type["dataset"].predicted == 1
    assert report.per_type["dataset"].overlap_precision == 0.0


def test_each_gold_span_matches_once():
    docs = one_doc(GoldSpan(9, 28, "task"))
    report = score_extraction(docs, fixed((9, 28, "task"), (9, 28, "task"), (9, 16, "task")))
    task = report.per_type["task"]
    assert (task.predicted, task.exact_tp) == (3, 1)
    assert task.exact_precision == pytest.approx(1 / 3)
    assert task.exact_recall == 1.0
    assert task.overlap_precision == task.overlap_recall == 1.0


def test_types_not_annotated_by_the_format_are_ignored():
    docs = one_doc(GoldSpan(32, 37, "dataset"), fmt="tdmsci")
    report = score_extraction(docs, fixed((32, 37, "dataset"), (9, 28, "model"), (0, 2, "person")))
    assert list(report.per_type) == ["task", "dataset", "metric"]
    assert report.overall.predicted == 1
    assert report.overall.exact_f1 == 1.0
    # On SciERC, model is annotated, so the same prediction counts against precision.
    report = score_extraction(
        one_doc(GoldSpan(32, 37, "dataset"), fmt="scierc"), fixed((32, 37, "dataset"), (9, 28, "model"))
    )
    assert report.per_type["model"].predicted == 1
    assert report.overall.exact_precision == 0.5


def test_predicted_types_are_case_insensitive_and_method_means_model():
    docs = one_doc(GoldSpan(9, 28, "model"), fmt="scierc")
    report = score_extraction(docs, fixed((9, 28, "Method")))
    assert report.per_type["model"].exact_f1 == 1.0


def test_bad_extractor_output_is_reported():
    docs = one_doc(GoldSpan(9, 28, "task"))
    with pytest.raises(ValueError, match="2 results for 1 texts"):
        score_extraction(docs, lambda texts: [[], []])
    with pytest.raises(ValueError, match="not within the text"):
        score_extraction(docs, fixed((30, 99, "task")))
    with pytest.raises(ValueError, match="batch_size"):
        score_extraction(docs, fixed(), batch_size=0)


def test_mixed_formats_are_refused():
    docs = one_doc(fmt="scierc") + one_doc(fmt="tdmsci")
    with pytest.raises(ValueError, match="together"):
        score_extraction(docs, fixed())


def test_no_documents():
    report = score_extraction([], fixed())
    assert report.documents == 0
    assert report.overall.exact_f1 == 0.0


def test_report_dict_and_text():
    docs = one_doc(GoldSpan(9, 28, "task"), GoldSpan(32, 37, "dataset"), fmt="scierc")
    report = score_extraction(docs, fixed((9, 28, "task"), (29, 37, "dataset")))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["format"] == "scierc"
    assert data["documents"] == 1
    assert list(data["types"]) == ["task", "model", "dataset", "metric"]
    assert data["types"]["dataset"] == {
        "gold": 1,
        "predicted": 1,
        "exact": {"precision": 0.0, "recall": 0.0, "f1": 0.0},
        "overlap": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
    }
    assert data["overall"]["gold"] == 2
    assert data["overall"]["exact"]["f1"] == 0.5

    lines = format_report_text(report).splitlines()
    assert lines[0] == "scierc, 1 document(s)"
    assert lines[1].split()[:3] == ["type", "gold", "pred"]
    assert [line.split()[0] for line in lines[2:]] == ["task", "model", "dataset", "metric", "overall"]
    assert lines[-1].split() == ["overall", "2", "2", "0.500", "0.500", "0.500", "1.000", "1.000", "1.000"]
    assert len({len(line) for line in lines[1:]}) == 1  # aligned columns


def test_type_score_f1_is_zero_without_matches():
    assert TypeScore("task", gold=3, predicted=0).exact_f1 == 0.0
    assert TypeScore("task").overlap_f1 == 0.0
    assert isinstance(ExtractionReport("custom", 0, {}).to_dict()["overall"], dict)
