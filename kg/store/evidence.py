"""Evidence as it was read: the raw stored text that evidence offsets point into.

kg matches on cleaned text (``papers.title``/``abstract``, ``sections.text``) but quotes the
raw text (``papers.raw_title``/``raw_abstract``, ``sections.raw_text``, ``prompts.text``), so
a quote occurs character for character in its source file. An evidence's ``field`` names the
text (``title``, ``abstract``, ``section:<id>``, ``url``/``github`` of a paper, ``text`` of a prompt) and its ``start``/``end``
are offsets into that field's raw text. (Mentions keep offsets into the cleaned text: they are for matching.)
"""
from __future__ import annotations

from kg.text import Cleaned, clean_mapped, clean_markdown

PAPER_TEXTS = "SELECT title, abstract, raw_title, raw_abstract FROM papers WHERE id = ?"
SECTION_TEXTS = "SELECT text, raw_text FROM sections WHERE id = ?"
PROMPT_TEXT = "SELECT text FROM prompts WHERE id = ?"
PAPER_COLUMN = {"url": "SELECT url FROM papers WHERE id = ?", "github": "SELECT github FROM papers WHERE id = ?"}


def field_texts(conn, doc: str, field: str) -> tuple[str, str] | None:
    """(cleaned, raw) text of one field of a document, or None when there is no such field.

    >>> import sqlite3
    >>> from kg.store.db import Database, migrate
    >>> db = Database(sqlite3.connect(":memory:")); _ = migrate(db)
    >>> _ = db.conn.execute("INSERT INTO papers (title, title_norm, raw_title) VALUES ('a i.e. b', 'a i e b', 'a \\\\ie b')")
    >>> field_texts(db.conn, "paper:1", "title")
    ('a i.e. b', 'a \\\\ie b')
    """
    kind, _, ident = doc.partition(":")
    if kind == "paper" and field in ("title", "abstract"):
        row = conn.execute(PAPER_TEXTS, (int(ident),)).fetchone()
        if row is None:
            return None
        cleaned, raw = (row[0], row[2]) if field == "title" else (row[1], row[3])
        return cleaned, raw or cleaned
    if kind == "paper" and field.startswith("section:"):
        row = conn.execute(SECTION_TEXTS, (int(field.split(":", 1)[1]),)).fetchone()
        return (row[0], row[1] or row[0]) if row else None
    if kind == "paper" and field in PAPER_COLUMN:  # a link given as a column (a Q&A note's heading, "GitHub:")
        row = conn.execute(PAPER_COLUMN[field], (int(ident),)).fetchone()
        return (row[0], row[0]) if row and row[0] else None
    if kind == "prompt" and field in ("text", "question"):
        row = conn.execute(PROMPT_TEXT, (int(ident),)).fetchone()
        return (row[0], row[0]) if row else None
    return None


def raw_text(conn, doc: str, field: str) -> str | None:
    """The raw text an evidence's offsets point into (None when the field is unknown).

    >>> import sqlite3
    >>> from kg.store.db import Database, migrate
    >>> db = Database(sqlite3.connect(":memory:")); _ = migrate(db)
    >>> raw_text(db.conn, "paper:1", "abstract") is None
    True
    """
    texts = field_texts(conn, doc, field)
    return texts[1] if texts else None


class RawQuotes:
    """Maps sentence spans of a document's cleaned fields to spans of their raw text.

    One per document; each field's offset map is made once, when first needed.
    """

    def __init__(self, conn, doc: str):
        self.conn = conn
        self.doc = doc
        self.maps: dict[str, tuple[Cleaned | None, str] | None] = {}
        self.texts: dict[str, tuple[str, str] | None] = {}

    def raw(self, field: str, text: str) -> str | None:
        """The raw text of `field`, whose cleaned text is `text` (None when it is not stored)."""
        texts = self._texts(field)
        return texts[1] if texts else None

    def _texts(self, field: str) -> tuple[str, str] | None:
        if field not in self.texts:
            self.texts[field] = field_texts(self.conn, self.doc, field)
        return self.texts[field]

    def _mapped(self, field: str, text: str):
        if field not in self.maps:
            self.maps[field] = self._map(field, text)
        return self.maps[field]

    def quote(self, field: str, text: str, span: tuple[int, int]) -> tuple[int, int, str] | None:
        """(start, end, raw sentence) for the cleaned `span` of `text` (the field's cleaned text)."""
        mapped = self._mapped(field, text)
        if mapped is None:
            return None
        cleaned, raw = mapped
        if cleaned is False:  # no map (the field was cleaned otherwise): the sentence itself, if raw holds it
            position = raw.find(text[span[0]:span[1]])
            return (position, position + span[1] - span[0], text[span[0]:span[1]]) if position >= 0 else None
        if cleaned is None:  # the field is its own raw text
            return span[0], span[1], raw[span[0]:span[1]]
        start, end = cleaned.raw_span(*span)
        return start, end, raw[start:end]

    def _map(self, field: str, text: str):
        texts = self._texts(field)
        if texts is None:
            return None
        stored, raw = texts
        if raw == text:
            return None, raw
        cleaned = (clean_markdown if field.startswith("section:") else clean_mapped)(raw)
        return (cleaned, raw) if cleaned.text == text else (False, raw)


PAPER_FIELDS = """SELECT 'title', title FROM papers WHERE id = :id
    UNION ALL SELECT 'abstract', abstract FROM papers WHERE id = :id AND abstract != ''
    UNION ALL SELECT * FROM (SELECT 'section:' || id, text FROM sections WHERE paper_id = :id ORDER BY source_id, position)"""
PROPOSALS = """SELECT DISTINCT aliases.alias, edges.field, edges.sentence FROM edges
    JOIN entities ON entities.key = edges.dst JOIN aliases ON aliases.entity_id = entities.id
    WHERE edges.src = ? AND edges.doc = edges.src AND edges.relation IN ('proposes', 'introduces') ORDER BY 1, 2, 3"""


def paper_fields(conn, paper_id: int) -> list[tuple[str, str]]:
    """(field, cleaned text) of a paper: title, abstract, then its sections in order."""
    return [tuple(row) for row in conn.execute(PAPER_FIELDS, {"id": paper_id}).fetchall()]


def proposals(conn, doc: str) -> list[tuple[str, str, str]]:
    """(name, field, evidence sentence) of what a paper proposes or introduces, each name it was seen as
    (empty before the NLP pass)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'edges'").fetchone():
        return []
    return [tuple(row) for row in conn.execute(PROPOSALS, (doc,)).fetchall()]
