"""Quotes are spans of what was read: the cleaning map, stored evidence, roles and their order."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from kg.cli import cli
from kg.evaluation.grounding import SourceTexts, check_stored, scan_answer
from kg.ingest import daily_papers, paper_qa, prompts
from kg.nlp.sentences import split_sentences
from kg.nlp.roles import Quote, order_evidence, paper_quotes, sentence_role
from kg.text import clean_mapped, clean_markdown, clean_text


def corpus_raw_texts(corpus_dir: Path) -> list[tuple[str, object]]:
    """(raw text, its cleaning) of every title, abstract, summary and section the readers produce."""
    texts = []
    for path in sorted(corpus_dir.rglob("*")):
        reader = {".txt": daily_papers if "papers" in path.parts else prompts, ".md": paper_qa}.get(path.suffix)
        if reader is None or path.name == "README.md":
            continue
        for record in reader.read(path, path.name, "0" * 64):
            papers = getattr(record, "papers", None) or [record]
            for paper in papers:
                texts += [(paper.raw_title, clean_mapped), (paper.raw_abstract, clean_mapped)]
                texts += [(section.raw_text, clean_markdown) for section in paper.sections]
    return [(raw, clean) for raw, clean in texts if raw]


def test_the_cleaning_map_leads_every_sentence_back_to_its_raw_span(corpus_dir):
    texts = corpus_raw_texts(corpus_dir)
    assert len(texts) > 100
    for raw, clean in texts:
        cleaned = clean(raw)
        assert cleaned.text == (clean_text(raw) if clean is clean_mapped else cleaned.text)
        for start, end in split_sentences(cleaned.text):
            a, b = cleaned.raw_span(start, end)
            assert 0 <= a < b <= len(raw)
            assert clean(raw[a:b]).text == cleaned.text[start:end]  # the raw span is that sentence as read


def test_no_sentence_of_a_note_runs_across_a_paragraph_break(corpus_dir):
    """A Q&A note's lead-in ("Here is a one sentence summary of the paper:") and the paragraph after it
    are two sentences: a quote never spans a blank line of what was read."""
    import re

    sections = [(raw, clean) for raw, clean in corpus_raw_texts(corpus_dir) if clean is clean_markdown]
    assert sum(bool(re.search(r":[ \t]*\n\s*\n", raw)) for raw, _ in sections) >= 5  # lead-ins the note has
    for raw, clean in sections:
        cleaned = clean(raw)
        for start, end in split_sentences(cleaned.text):
            a, b = cleaned.raw_span(start, end)
            assert not re.search(r"\n[ \t]*\n", raw[a:b]), raw[a:b]


def test_a_database_with_notes_cleaned_the_old_way_is_read_again_by_the_next_build(built_corpus_db, tmp_path,
                                                                                    runner, corpus_dir):
    """Sections stored with one line break between paragraphs (kg before migration 10) no longer match
    their raw text's cleaning; the migration makes the next kg build read the notes again."""
    db_path = tmp_path / "kg.db"
    with sqlite3.connect(built_corpus_db) as source, sqlite3.connect(db_path) as old:
        source.backup(old)
        old.execute("UPDATE sections SET text = replace(text, char(10) || char(10), char(10))")
        old.execute("DELETE FROM _migrations WHERE version = 10")
    with sqlite3.connect(db_path) as old:
        assert stale_sections(old) > 5
    assert runner.invoke(cli, ["build", str(corpus_dir), "--db", str(db_path)]).exit_code == 0
    with sqlite3.connect(db_path) as rebuilt:
        assert stale_sections(rebuilt) == 0


def test_a_read_only_database_is_read_without_a_migration_that_only_changes_data(built_corpus_db, tmp_path, runner):
    """Migrations 10 (re-read notes), 11 (a column only ingest uses) and 12 (a column dropped) are not needed to
    read: a read-only database made before them is still read; one made before a migration reading needs is
    refused with what to do."""
    for missing, readable in (("10, 11, 12", True), ("9, 10, 11, 12", False)):
        db_path = tmp_path / f"v{missing[0]}" / "kg.db"
        db_path.parent.mkdir()
        with sqlite3.connect(built_corpus_db) as source, sqlite3.connect(db_path) as old:
            source.backup(old)
            old.execute(f"DELETE FROM _migrations WHERE version IN ({missing})")
            old.execute("ALTER TABLE sources DROP COLUMN root")  # as kg made it before migration 11
            old.execute("ALTER TABLE models ADD COLUMN url TEXT")  # and before 12
        db_path.chmod(0o444)
        result = runner.invoke(cli, ["stats", "--db", str(db_path)])
        assert (result.exit_code == 0) is readable, result.output
        assert readable or "made by an older kg" in result.output


def stale_sections(conn) -> int:
    """Sections whose stored text is not what cleaning their raw text gives now."""
    return sum(clean_markdown(raw).text != text for text, raw in conn.execute("SELECT text, raw_text FROM sections"))


@pytest.mark.parametrize("raw, sentence, expected", [
    (r"In this paper, we propose {\fullname} ({\name}), a method. It works.", "In this paper, we propose, a method.",
     r"In this paper, we propose {\fullname} ({\name}), a method."),
    (r"Models (\eg, face detection) exist.  Next one.", "Models (e.g., face detection) exist.",
     r"Models (\eg, face detection) exist."),
    ("accuracy of 90\\%,\n  even at a distance.", "accuracy of 90%, even at a distance.",
     "accuracy of 90\\%,\n  even at a distance."),
])
def test_a_cleaned_sentence_is_shown_as_its_raw_span(raw, sentence, expected):
    cleaned = clean_mapped(raw)
    start = cleaned.text.index(sentence)
    a, b = cleaned.raw_span(start, start + len(sentence))
    assert raw[a:b] == expected


@pytest.fixture(scope="module")
def conn(built_corpus_db):
    connection = sqlite3.connect(built_corpus_db)
    yield connection
    connection.close()


def test_every_stored_quote_is_a_substring_of_its_source_file(conn):
    quotes, urls = check_stored(conn, SourceTexts(conn))
    assert quotes.checked > 400 and urls.checked > 30
    assert quotes.failures == [] and urls.failures == []


def test_latex_is_quoted_as_written(conn, runner, built_corpus_db):
    """The abstract with {\\fullname} is quoted with it, not as "we propose, a method"."""
    (paper_id,) = conn.execute("SELECT id FROM papers WHERE raw_abstract LIKE '%{\\fullname}%'").fetchone()
    shown = json.loads(runner.invoke(cli, ["show", f"paper:{paper_id}", "--db", str(built_corpus_db),
                                           "--format", "json"]).output)
    sentences = [edge["sentence"] for edge in shown["edges"] if edge["field"] == "abstract"]
    assert any("{\\fullname}" in sentence for sentence in sentences)
    assert not any("we propose, a method" in sentence for sentence in sentences)
    for edge in shown["edges"]:
        if edge["field"] == "abstract":
            assert shown["raw_abstract"][edge["start"]:edge["end"]] == edge["sentence"]


def test_paper_quotes_are_raw_spans_with_roles(conn):
    texts = SourceTexts(conn)
    roles = set()
    for (paper_id,) in conn.execute("SELECT id FROM papers ORDER BY id LIMIT 30"):
        for quote in paper_quotes(conn, paper_id):
            assert texts.holds(quote.text, quote.doc)
            roles.add(quote.role)
    assert roles == {"contribution", "result", "background"}


@pytest.mark.parametrize("sentence, role", [
    ("In this work, we propose CoDyNeRF, a system for 3D portraits.", "contribution"),
    ("This paper presents a dataset of faces.", "contribution"),
    ("Extensive experiments show that our approach is robust.", "result"),
    ("It reaches 91.2 mIoU and outperforms prior methods.", "result"),
    ("Face parsing assigns a label to every pixel of a face.", "background"),
    ("The code is available at https://github.com/a/FaceCom.", "background"),
])
def test_sentence_roles(sentence, role):
    assert sentence_role(sentence, methods=["FaceCom"]) == role


def test_a_sentence_naming_the_papers_method_is_a_contribution():
    assert sentence_role("FaceCom fills large holes in scans.", methods=["FaceCom"]) == "contribution"
    assert sentence_role("FaceCom fills large holes in scans.") == "background"


def test_order_prefers_contribution_then_topic_then_results():
    def quote(text):
        return Quote(text, "paper:1", "abstract", 0, len(text), text, sentence_role(text))

    background, topical, result, contribution = (quote(s) for s in (
        "Faces are everywhere.", "Makeup hides facial parts.", "Accuracy improves by 3%.", "We introduce a parser."))
    ordered = order_evidence([background, result, topical, contribution], question_words=["makeup"])
    assert ordered == [contribution, topical, result, background]
    assert order_evidence([background, result], task_names=["faces"]) == [background, result]


def test_scan_answer_flags_a_cleaned_quote_and_an_invented_url(conn):
    texts = SourceTexts(conn)
    raw = conn.execute("SELECT raw_abstract FROM papers WHERE raw_abstract LIKE '%{\\fullname}%'").fetchone()[0]
    verbatim = raw[raw.index("In this paper"):raw.index("), a") + 4]
    answer = {"papers": [{"evidence": [{"text": verbatim}, {"text": clean_text(verbatim)}],
                          "links": [{"url": "https://github.com/no/such-repo", "evidence": {"text": verbatim}}]}]}
    quotes, urls = scan_answer(answer, texts)
    assert (quotes.checked, len(quotes.failures)) == (3, 1)
    assert urls.failures == ["https://github.com/no/such-repo"]


def test_ranked_quotes_put_what_the_paper_does_first(conn):
    from kg.nlp.roles import ranked_quotes

    texts = SourceTexts(conn)
    firsts = []
    for (paper_id,) in conn.execute("SELECT id FROM papers WHERE abstract != '' ORDER BY id"):
        quotes = ranked_quotes(conn, paper_id, task_names=["face parsing"], question_words=["makeup"])
        assert all(quote.field != "title" and texts.holds(quote.text, quote.doc) for quote in quotes)
        roles = [quote.role for quote in quotes]
        if "contribution" in roles:
            assert roles[0] == "contribution"
        firsts.append(roles[0])
    assert firsts.count("contribution") > len(firsts) / 2


def test_questions_and_announcements_are_no_evidence(conn):
    # the Q&A note's headings ("What is the main contribution of this paper?") and its "The key points are:" are
    # sentences of the paper, but they claim nothing: an answer never quotes them
    from kg.nlp.roles import ranked_quotes

    (paper_id,) = conn.execute("SELECT id FROM papers WHERE title LIKE 'HiFace%'").fetchone()
    read = [quote.clean for quote in paper_quotes(conn, paper_id)]
    assert any(text.endswith("?") for text in read) and any(text.endswith(":") for text in read)
    quoted = [quote.clean for quote in ranked_quotes(conn, paper_id, question_words=["reconstruct", "face"])]
    assert quoted and not any(text.rstrip().endswith(("?", ":")) for text in quoted)
