"""Scoring result extraction against annotated sentences (``../shared/eval/results_README.md``).

Each line of the gold file: ``{"arxiv_id", "title", "sentence", "results": [tuple, ...]}``.
Tuples are matched one to one within a sentence; gold tuples of kind ``other`` are not
counted in recall and predicted ``other`` tuples are left out.

>>> gold = [{"value": "3.6", "unit": "%", "metric": "accuracy", "dataset": "ImageNetV2", "kind": "gain"}]
>>> predicted = [{"value": "+3.6", "unit": "%", "metric": "Accuracy", "dataset": "ImageNet V2", "kind": "gain"}]
>>> count_matches(gold, predicted, strict=True)
1
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.ingest.source import json_object
from kg.evaluation import numbered_lines

_VALUE_PREFIX = re.compile(r"^[+\-−~≈<>]+")


def norm_value(value) -> str:
    """The value as compared: no leading sign or approximation mark, no thousands commas.

    >>> norm_value("+1,500"), norm_value("~27")
    ('1500', '27')
    """
    return _VALUE_PREFIX.sub("", str(value or "").strip()).replace(",", "")


def norm_name(name) -> str:
    """Lower case without non-alphanumerics, so that None equals ""."""
    return re.sub(r"[\W_]+", "", str(name or "").lower())


def _name_matches(gold, predicted) -> bool:
    return norm_name(predicted) in {norm_name(alternative) for alternative in str(gold or "").split(" | ")}


def _matches(gold: dict, predicted: dict, strict: bool) -> bool:
    if norm_value(gold["value"]) != norm_value(predicted["value"]):
        return False
    if not _name_matches(gold.get("dataset"), predicted.get("dataset")):
        return False
    if not strict:
        return True
    return (gold.get("unit") or "") == (predicted.get("unit") or "") and gold.get("kind") == predicted.get("kind") \
        and _name_matches(gold.get("metric"), predicted.get("metric"))


def count_matches(gold: list[dict], predicted: list[dict], *, strict: bool) -> int:
    """One-to-one matches between gold and predicted result tuples (greedy, in order)."""
    used, matched = set(), 0
    for item in predicted:
        for index, target in enumerate(gold):
            if index not in used and _matches(target, item, strict):
                used.add(index)
                matched += 1
                break
    return matched


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "true_positives": self.true_positives, "predicted": self.predicted, "gold": self.gold}


@dataclass
class ResultsReport:
    """Strict and lenient scores, strict by kind, and the error counts the README asks for."""

    sentences: int = 0
    strict: Score = field(default_factory=Score)
    lenient: Score = field(default_factory=Score)
    by_kind: dict = field(default_factory=dict)
    other_confusions: int = 0
    false_positives_without_gold: int = 0
    errors: list = field(default_factory=list)  # (sentence, missed gold tuples, wrong predicted tuples)

    def to_dict(self) -> dict:
        return {"sentences": self.sentences, "strict": self.strict.to_dict(), "lenient": self.lenient.to_dict(),
                "strict_by_kind": {kind: score.to_dict() for kind, score in sorted(self.by_kind.items())},
                "other_confusions": self.other_confusions,
                "false_positives_without_gold": self.false_positives_without_gold}


def read_gold(path) -> list[dict]:
    """The annotated sentences of a results JSONL file; a malformed line raises :class:`InputError`."""
    items = []
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        item = json_object(line, path, number)
        try:
            if not isinstance(item["sentence"], str) or not isinstance(item["results"], list):
                raise TypeError
            for result in item["results"]:
                result["value"], result["kind"]  # noqa: B018 (required keys)
        except (KeyError, TypeError):
            raise InputError(path, 'expected a JSON object with "sentence" and "results" (value, kind, ...)',
                             line=number) from None
        items.append(item)
    if not items:
        raise InputError(path, "no annotated sentences")
    return items


def score_results(items: list[dict], predictions: list[list[dict]]) -> ResultsReport:
    """Micro-averaged scores of `predictions` (one list of result dicts per gold item)."""
    report = ResultsReport(sentences=len(items))
    for item, predicted in zip(items, predictions):
        gold = [g for g in item["results"] if g.get("kind") != "other"]
        others = {norm_value(g["value"]) for g in item["results"] if g.get("kind") == "other"}
        predicted = [p for p in predicted if p.get("kind") != "other"]
        strict = count_matches(gold, predicted, strict=True)
        for score, matched in ((report.strict, strict), (report.lenient, count_matches(gold, predicted, strict=False))):
            score.true_positives += matched
            score.predicted += len(predicted)
            score.gold += len(gold)
        for kind in {g["kind"] for g in gold} | {p["kind"] for p in predicted}:
            score = report.by_kind.setdefault(kind, Score())
            score.true_positives += count_matches([g for g in gold if g["kind"] == kind],
                                                  [p for p in predicted if p["kind"] == kind], strict=True)
            score.predicted += sum(p["kind"] == kind for p in predicted)
            score.gold += sum(g["kind"] == kind for g in gold)
        report.other_confusions += sum(norm_value(p["value"]) in others for p in predicted)
        if not gold:
            report.false_positives_without_gold += len(predicted)
        missed = [g for g in gold if not count_matches([g], predicted, strict=True)]
        wrong = [p for p in predicted if not count_matches(gold, [p], strict=True)]
        if missed or wrong:
            report.errors.append((item["sentence"], missed, wrong))
    return report


def format_report_text(report: ResultsReport) -> str:
    """The report as a small aligned table."""
    lines = [f"{report.sentences} sentences", f"{'':<12} {'P':>6} {'R':>6} {'F1':>6}  (tp/pred/gold)"]
    rows = [("strict", report.strict), ("lenient", report.lenient)]
    rows += [(f"  {kind}", score) for kind, score in sorted(report.by_kind.items())]
    for name, score in rows:
        lines.append(f"{name:<12} {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f}  "
                     f"({score.true_positives}/{score.predicted}/{score.gold})")
    lines.append(f"other-confusions: {report.other_confusions}; "
                 f"false positives on sentences without results: {report.false_positives_without_gold}")
    return "\n".join(lines) + "\n"
