"""Making corpus text safe for where it is shown: XML, Markdown, a terminal, a spreadsheet.

Corpus text is whatever a file held: control characters, HTML, escape sequences,
spreadsheet formulas. Each output kind has one function here, called where that
output is produced; the stored text is never changed.

>>> xml_text("a\\x01b")
'a\\ufffdb'
>>> markdown_text("<script>x</script> & &amp; > more")
'&lt;script>x&lt;/script> & &amp;amp; > more'
>>> terminal_text("\\x1b]0;owned\\x07title")
'\\\\x1b]0;owned\\\\x07title'
>>> spreadsheet_cell("=HYPERLINK(\\"x\\")"), spreadsheet_cell("GAN"), spreadsheet_cell(3)
('\\'=HYPERLINK("x")', 'GAN', 3)
"""
from __future__ import annotations

import re

# Characters XML 1.0 does not allow (tab, newline and carriage return are allowed).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# C0 and C1 controls except tab and newline, DEL, and the bidirectional overrides.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ENTITY_START = re.compile(r"&(?=#?\w+;)")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def markdown_text(text: str) -> str:
    """`text` with every < as an entity (no tag or comment can start) and & before an entity name escaped.

    CommonMark renders raw HTML only from a `<`; a lone `>` or `&` is shown as written,
    so kg's own Markdown (block quotes, arrows) may be passed through whole.
    """
    return _ENTITY_START.sub("&amp;", text).replace("<", "&lt;")


def markdown_quote(text, indent: str = "") -> list[str]:
    r"""`text` as the lines of a Markdown block quote, each of its lines (a blank one too) inside the
    quote and made safe by :func:`markdown_text`.

    >>> markdown_quote("a <b>\nwrapped line", "  ")
    ['  > a &lt;b>', '  > wrapped line']
    """
    return [f"{indent}> {markdown_text(line)}".rstrip() for line in str(text).split("\n")]


def terminal_text(text: str) -> str:
    """`text` with control characters (escape sequences) shown as ``\\xNN`` / ``\\uNNNN``; tabs and newlines kept."""
    return _TERMINAL_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                                 else f"\\u{ord(m.group()):04x}", text)


def spreadsheet_cell(value):
    """A CSV cell for spreadsheets: a string starting with = + - @ (a formula) gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
