"""Text normalisation shared by the readers and later stages.

Abstracts arrive with LaTeX leftovers (``{\\name}``, ``\\ie``, ``90\\%``, ``$\\times$``),
hard line breaks and ragged whitespace. :func:`clean_text` makes them readable
prose; readers keep the original text beside it so a sentence can always be
traced back to the source file.

>>> clean_text("we get 90\\\\% gains, \\\\ie  more\\nthan $2\\\\times$ faster")
'we get 90% gains, i.e. more than 2× faster'
>>> normalise_title("EasyPortrait -- Face Parsing & Portrait Segmentation Dataset")
'easyportrait face parsing portrait segmentation dataset'
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

_ABBREVIATIONS = {
    r"\ie": "i.e.", r"\eg": "e.g.", r"\etal": "et al.", r"\etc": "etc.", r"\vs": "vs.",
    r"\wrt": "w.r.t.", r"\cf": "cf.",
}
_SYMBOLS = {
    r"\times": "×", r"\sim": "~", r"\pm": "±", r"\approx": "≈", r"\rightarrow": "→",
    r"\to": "→", r"\leftarrow": "←", r"\leq": "≤", r"\le": "≤", r"\geq": "≥", r"\ge": "≥",
    r"\cdot": "·", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ",
    r"\epsilon": "ε", r"\varepsilon": "ε", r"\lambda": "λ", r"\mu": "μ", r"\sigma": "σ",
    r"\theta": "θ", r"\ell": "ℓ", r"\infty": "∞", r"\deg": "°", r"\circ": "°", r"\in": "∈",
    r"\%": "%", r"\&": "&", r"\_": "_", r"\#": "#", r"\$": "$", r"\{": "{", r"\}": "}",
}
# Formatting commands whose argument is kept: \textbf{X} -> X.
_FORMAT_COMMAND = re.compile(
    r"\\(?:textbf|textit|emph|texttt|textsc|underline|text|mathbf|mathbb|mathrm|mathcal|"
    r"boldsymbol|textrm|mathit|mbox|textsf|em|bf|it)\s*\{([^{}]*)\}"
)
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
_CITE = re.compile(r"~?\\(?:cite|citep|citet|ref|footnote)\s*\{[^{}]*\}")
_BRACED_MACRO = re.compile(r"\{\\[A-Za-z]+\}")  # {\name}: a macro with no expansion
_COMMAND = re.compile(r"\\([A-Za-z]+)\b")
_SUPERSCRIPT = re.compile(r"\^\{([^{}]*)\}")
_SUBSCRIPT = re.compile(r"_\{([^{}]*)\}")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_SPACE = re.compile(r"\s{2,}|[^\S ]")  # white space other than one plain space
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")


_ESCAPED = re.compile(r"\\([%&_#$])|\$")  # \% -> %; a bare $ (math mode) is dropped
_BRACES = re.compile(r"[{}]+")
_TILDE = re.compile(r"~")
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a"
_CLUSTER = re.compile(f"(?s).[{_COMBINING}]*")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)")
_PARAGRAPH_JOINER = "\n\n"


@dataclass(frozen=True)
class _Edits:
    """What one cleaning step did, to lead positions of its output back to its input.

    Per match, in text order: (output start, output end, input start, input end, pieces), each
    piece (output start, output end, input start of a kept group, or -1 for a literal).
    """

    out_starts: list
    matches: list

    def back(self, position: int) -> tuple[int, int]:
        """The input span the output character at `position` was made from."""
        index = bisect.bisect_right(self.out_starts, position) - 1
        if index < 0:
            return position, position + 1
        out_start, out_end, in_start, in_end, pieces = self.matches[index]
        if position >= out_end:  # unchanged text after this match
            moved = in_end + position - out_end
            return moved, moved + 1
        for piece_start, piece_end, source in pieces:
            if piece_start <= position < piece_end and source >= 0:
                kept = source + position - piece_start
                return kept, kept + 1
        return in_start, in_end  # a literal stands for the whole match


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text and, when asked for, the steps that lead each character back to the raw text."""

    text: str
    steps: tuple = field(default=(), repr=False)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        r"""The raw span the cleaned characters ``start:end`` were made from.

        >>> raw = "We propose {\\name}, \\ie a  method."
        >>> cleaned = clean_mapped(raw)
        >>> cleaned.text
        'We propose, i.e. a method.'
        >>> a, b = cleaned.raw_span(0, len(cleaned.text)); raw[a:b] == raw
        True
        >>> a, b = cleaned.raw_span(12, 16); raw[a:b]
        '\\ie'
        """
        if end <= start:
            return _point(self, start)
        first, last = start, end - 1
        for edits in reversed(self.steps):
            first, last = edits.back(first)[0], edits.back(last)[1] - 1
        return first, last + 1


def _point(cleaned, position: int) -> tuple[int, int]:
    """An empty raw span where the cleaned `position` (possibly the end) is."""
    if position < len(cleaned.text):
        start = cleaned.raw_span(position, position + 1)[0]
    else:
        start = cleaned.raw_span(position - 1, position)[1] if cleaned.text else 0
    return start, start


# Each step: a pattern, the characters one of which it needs (the step is skipped when the text lacks it),
# and what a match becomes, as pieces: a group number (its characters kept one for one, so their
# raw offsets carry over) or a literal (mapped to the whole match).
_STEPS = (
    (_HREF, "\\", (2, " (", 1, ")")),
    (_URL_COMMAND, "\\", (1,)),
    (_CITE, "\\", ()),
    *((_FORMAT_COMMAND, "\\", (1,)),) * 3,  # nested formatting: \textbf{\emph{X}}
    (_BRACED_MACRO, "\\", ()),
    (_EMPTY_PARENS, "(", ()),
    (_COMMAND, "\\", lambda match: (_ABBREVIATIONS.get(match.group(0)) or _SYMBOLS.get(match.group(0)) or 0,)),
    (_ESCAPED, "$\\", (1,)),
    (_SUPERSCRIPT, "^", ("^", 1)),
    (_SUBSCRIPT, "_", ("_", 1)),
    (_TILDE, "~", (" ",)),
    (_BRACES, "{}", ()),
    (_SPACE, "", (" ",)),
)


def clean_text(raw: str) -> str:
    """Return readable prose: LaTeX leftovers resolved, line breaks joined, spaces collapsed."""
    return _clean(raw, track=False).text


def clean_mapped(raw: str) -> Cleaned:
    """:func:`clean_text` with the map from each cleaned character back to the raw text.

    Cleaning is for matching; a quote is shown as the raw span (:meth:`Cleaned.raw_span`).
    """
    return _clean(raw, track=True)


def _clean(raw: str, *, track: bool) -> Cleaned:
    current = Cleaned(raw)
    if not unicodedata.is_normalized("NFC", raw):
        current = _apply(_CLUSTER, _composed, current, track)
    for pattern, needs, pieces in _STEPS:
        if not needs or any(character in current.text for character in needs):
            current = _apply(pattern, pieces, current, track)
    return _apply(_SPACE_BEFORE_PUNCT, (1,), _strip(current, track), track)


def _strip(current: Cleaned, track: bool) -> Cleaned:
    """White space at both ends removed (recorded like a step's two empty replacements)."""
    text = current.text
    stripped = text.strip()
    if len(stripped) == len(text) or not track:
        return current if len(stripped) == len(text) else Cleaned(stripped)
    lead = len(text) - len(text.lstrip())
    trail = lead + len(stripped)
    matches = ([(0, 0, 0, lead, [])] if lead else []) + (
        [(len(stripped), len(stripped), trail, len(text), [])] if trail < len(text) else [])
    return Cleaned(stripped, current.steps + (_Edits([m[0] for m in matches], matches),))


def _composed(match: re.Match) -> tuple[str]:
    return (unicodedata.normalize("NFC", match.group(0)),)


def _apply(pattern: re.Pattern, pieces, current: Cleaned, track: bool) -> Cleaned:
    """Replace every match of `pattern` by its pieces; when `track`, record how to lead the result back."""
    text = current.text
    if not track:
        return Cleaned(pattern.sub(_template(pieces), text))
    parts, out_starts, matches, last, length = [], [], [], 0, 0
    fixed = None if callable(pieces) else pieces
    for match in pattern.finditer(text):
        begin, finish = match.span()
        parts.append(text[last:begin])
        length += begin - last
        out_start, made = length, []
        for piece in fixed if fixed is not None else pieces(match):
            if piece.__class__ is int:
                a, b = match.span(piece)
                if a < 0:
                    continue
                piece, source = text[a:b], a
            else:
                source = -1
            if piece:
                parts.append(piece)
                made.append((length, length + len(piece), source))
                length += len(piece)
        out_starts.append(out_start)
        matches.append((out_start, length, begin, finish, made))
        last = finish
    if not matches:
        return current
    parts.append(text[last:])
    return Cleaned("".join(parts), current.steps + (_Edits(out_starts, matches),))


@functools.lru_cache(maxsize=None)
def _template(pieces):
    """The same pieces as an ``re.sub`` replacement (a function for computed pieces)."""
    if callable(pieces):
        return lambda match: "".join(match.group(p) or "" if isinstance(p, int) else p for p in pieces(match))
    return "".join(f"\\g<{p}>" if isinstance(p, int) else p.replace("\\", "\\\\") for p in pieces)


@dataclass(frozen=True)
class _Joined:
    """Cleaned paragraphs joined by blank lines: (text start, raw start, :class:`Cleaned`) per paragraph."""

    text: str
    parts: tuple = field(default=(), repr=False)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return _point(self, start)
        return self._char(start)[0], self._char(end - 1)[1]

    def _char(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right([part[0] for part in self.parts], position) - 1
        text_start, raw_start, part = self.parts[index]
        if position < text_start + len(part.text):
            a, b = part.raw_span(position - text_start, position - text_start + 1)
            return raw_start + a, raw_start + b
        # the joining blank line stands for the gap between the two paragraphs
        _, next_raw_start, following = self.parts[index + 1]
        return raw_start + part.raw_span(0, len(part.text))[1], next_raw_start + following.raw_span(0, 1)[0]


def clean_markdown(raw: str) -> _Joined:
    r"""A markdown section cleaned paragraph by paragraph, each paragraph and bullet its own, with its raw map.

    Paragraphs are joined by a blank line, which ends a sentence (kg.nlp.sentences): a lead-in
    such as "Here is a summary of the paper:" is not quoted as part of the paragraph after it.

    >>> cleaned = clean_markdown("- one \\ie  first\n- two")
    >>> cleaned.text, cleaned.raw_span(4, 8)
    ('one i.e. first\n\ntwo', (6, 9))
    """
    parts, last, length = [], 0, 0
    for separator in [*_PARAGRAPH_BREAK.finditer(raw), None]:
        begin = separator.start() if separator else len(raw)
        part = _apply(_BULLET, (), clean_mapped(raw[last:begin]), True)
        if part.text:
            length += len(_PARAGRAPH_JOINER) if parts else 0
            parts.append((length, last, part))
            length += len(part.text)
        last = separator.end() if separator else len(raw)
    return _Joined(_PARAGRAPH_JOINER.join(part.text for _, _, part in parts), tuple(parts))


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_title(title: str) -> str:
    """Lower case, accents folded, runs of non-alphanumerics as one space (the dedupe key)."""
    folded = unicodedata.normalize("NFKD", clean_text(title)).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub(" ", folded.lower()).strip()


_ARXIV_ID = re.compile(
    r"arxiv\.org/(?:abs|pdf)/((?:\d{4}\.\d{4,5})|(?:[a-z\-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?(?:\.pdf)?",
    re.IGNORECASE,
)


def arxiv_id_from_url(url: str) -> str | None:
    """The arXiv id in an abs or pdf URL, version stripped.

    >>> arxiv_id_from_url("http://arxiv.org/pdf/2406.02074v1.pdf")
    '2406.02074'
    >>> arxiv_id_from_url("https://github.com/x/y") is None
    True
    """
    match = _ARXIV_ID.search(url or "")
    return match.group(1) if match else None


def strip_version(arxiv_id: str) -> str:
    """``2406.02074v3`` → ``2406.02074``."""
    return re.sub(r"v\d+$", "", arxiv_id.strip())


def shorten(text, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters with an ellipsis.

    >>> shorten("  face\\n parsing  ", 40), shorten("face parsing under makeup", 10)
    ('face parsing', 'face pars…')
    """
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


_WORD_JOINS = re.compile(r"[-_]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def identifier_words(identifier: str) -> str:
    """The words an identifier joins with hyphens, underscores or capitals, as a phrase.

    >>> identifier_words("DepthEstimation"), identifier_words("face-parsing"), identifier_words("VQAModel")
    ('depth estimation', 'face parsing', 'vqa model')
    """
    return " ".join(_WORD_JOINS.sub(" ", identifier).split()).lower()
