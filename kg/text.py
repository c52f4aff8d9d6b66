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


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text and, for each of its characters, the span of the raw text it was made from.

    ``starts``/``ends`` are empty when the map was not asked for (``clean_text``).
    """

    text: str
    starts: list = field(default_factory=list, repr=False)
    ends: list = field(default_factory=list, repr=False)

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
            position = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return position, position
        return min(self.starts[start:end]), max(self.ends[start:end])


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
    current = Cleaned(raw, list(range(len(raw))), list(range(1, len(raw) + 1))) if track else Cleaned(raw)
    if not unicodedata.is_normalized("NFC", raw):
        current = _apply(_CLUSTER, _composed, current, track)
    for pattern, needs, pieces in _STEPS:
        if not needs or any(character in current.text for character in needs):
            current = _apply(pattern, pieces, current, track)
    text = current.text
    lead, trail = len(text) - len(text.lstrip()), len(text.rstrip())
    if lead or trail < len(text):
        current = Cleaned(text[lead:trail], current.starts[lead:trail], current.ends[lead:trail])
    return _apply(_SPACE_BEFORE_PUNCT, (1,), current, track)


def _composed(match: re.Match) -> tuple[str]:
    return (unicodedata.normalize("NFC", match.group(0)),)


def _apply(pattern: re.Pattern, pieces, current: Cleaned, track: bool) -> Cleaned:
    """Replace every match of `pattern` by its pieces, carrying the raw offsets along when `track`."""
    text, starts, ends = current.text, current.starts, current.ends
    if not track:
        return Cleaned(pattern.sub(_template(pieces), text))
    parts, new_starts, new_ends, last = [], [], [], 0
    for match in pattern.finditer(text):
        begin, finish = match.span()
        parts.append(text[last:begin])
        if track:
            new_starts += starts[last:begin]
            new_ends += ends[last:begin]
        for piece in pieces(match) if callable(pieces) else pieces:
            if isinstance(piece, int):
                a, b = match.span(piece)
                if a < 0:
                    continue
                parts.append(text[a:b])
                if track:
                    new_starts += starts[a:b]
                    new_ends += ends[a:b]
            elif piece:
                parts.append(piece)
                if track:
                    new_starts += [min(starts[begin:finish])] * len(piece)
                    new_ends += [max(ends[begin:finish])] * len(piece)
        last = finish
    if not last and not parts:
        return current
    parts.append(text[last:])
    if track:
        return Cleaned("".join(parts), new_starts + starts[last:], new_ends + ends[last:])
    return Cleaned("".join(parts))


@functools.lru_cache(maxsize=None)
def _template(pieces):
    """The same pieces as an ``re.sub`` replacement (a function for computed pieces)."""
    if callable(pieces):
        return lambda match: "".join(match.group(p) or "" if isinstance(p, int) else p for p in pieces(match))
    return "".join(f"\\g<{p}>" if isinstance(p, int) else p.replace("\\", "\\\\") for p in pieces)


def clean_markdown(raw: str) -> Cleaned:
    r"""A markdown section cleaned paragraph by paragraph, each bullet its own line, with its raw map.

    >>> clean_markdown("- one \\ie  first\n- two").text
    'one i.e. first\ntwo'
    """
    pieces, last = [], 0
    for separator in [*_PARAGRAPH_BREAK.finditer(raw), None]:
        begin = separator.start() if separator else len(raw)
        part = _apply(_BULLET, (), clean_mapped(raw[last:begin]), True)
        if part.text:
            pieces.append(Cleaned(part.text, [s + last for s in part.starts], [e + last for e in part.ends]))
        last = separator.end() if separator else len(raw)
    text, starts, ends = [], [], []
    for index, part in enumerate(pieces):
        if index:  # the joining line break stands for the gap between the two paragraphs
            text.append("\n"), starts.append(ends[-1]), ends.append(part.starts[0])
        text.append(part.text), starts.extend(part.starts), ends.extend(part.ends)
    return Cleaned("".join(text), starts, ends)


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
