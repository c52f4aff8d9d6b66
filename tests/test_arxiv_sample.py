"""Scale check on the 12,549-record arXiv cs sample (skipped when ../shared/data lacks it)."""
from __future__ import annotations

import json

import pytest

from kg import api

SAMPLE = "arxiv_cs_sample.jsonl"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, shared_dir):
    sample = shared_dir / "data" / SAMPLE
    if not sample.exists():
        pytest.skip(f"{sample} is absent (shared sample data)")
    db_path = tmp_path_factory.mktemp("sample") / "kg.db"
    report = api.ingest([sample], db_path=db_path)
    return sample, db_path, report


def test_sample_paper_count(sample_db):
    sample, db_path, report = sample_db
    with open(sample, encoding="utf-8") as handle:
        lines = sum(1 for line in handle if line.strip())
    assert lines == 12_549
    assert report.papers["new"] == 12_549
    assert api.stats(db_path)["papers"] == 12_549


def test_sample_known_record(sample_db):
    sample, db_path, _ = sample_db
    with open(sample, encoding="utf-8") as handle:
        record = json.loads(handle.readline())
    paper = api.show_paper("2503.11731", db_path=db_path)
    assert record["id"] == paper["arxiv_id"] == "2503.11731"
    assert paper["title"] == ("Industrial-Grade Sensor Simulation via Gaussian Splatting: "
                              "A Modular Framework for Scalable Editing and Full-Stack Validation")
    assert paper["categories"] == "cs.CV cs.RO"
    assert paper["published"] == "2025-03-18"  # no versions in this file: the update date stands in
    assert paper["authors"].startswith("Xianming Zeng, Sicong Du, Qifeng Chen")
    assert paper["abstract"].startswith("Sensor simulation is pivotal for scalable validation of autonomous driving "
                                        "systems, yet existing")
    assert "\n" not in paper["abstract"]
    assert paper["sources"] == [{"path": paper["sources"][0]["path"], "sha256": paper["sources"][0]["sha256"],
                                 "format": "arxiv-jsonl", "line": 1}]
    assert paper["sources"][0]["path"].endswith(SAMPLE)


def test_sample_is_searchable(sample_db):
    _, db_path, _ = sample_db
    hits = api.search_papers("Gaussian Splatting sensor simulation", db_path=db_path, limit=3)
    assert hits[0]["arxiv_id"] == "2503.11731"
