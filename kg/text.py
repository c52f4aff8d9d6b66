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

import re
import unicodedata

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
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")


def clean_text(raw: str) -> str:
    """Return readable prose: LaTeX leftovers resolved, line breaks joined, spaces collapsed."""
    text = unicodedata.normalize("NFC", raw)
    text = _HREF.sub(r"\2 (\1)", text)
    text = _URL_COMMAND.sub(r"\1", text)
    text = _CITE.sub("", text)
    for _ in range(3):  # nested formatting: \textbf{\emph{X}}
        text = _FORMAT_COMMAND.sub(r"\1", text)
    text = _BRACED_MACRO.sub("", text)
    text = _EMPTY_PARENS.sub("", text)
    text = _COMMAND.sub(_replace_command, text)
    for symbol, replacement in (("\\%", "%"), ("\\&", "&"), ("\\_", "_"), ("\\#", "#"), ("\\$", "\0")):
        text = text.replace(symbol, replacement)
    text = _SUPERSCRIPT.sub(r"^\1", text)
    text = _SUBSCRIPT.sub(r"_\1", text)
    text = text.replace("$", "").replace("\0", "$").replace("~", " ")
    text = text.replace("{", "").replace("}", "")
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def _replace_command(match: re.Match) -> str:
    command = "\\" + match.group(1)
    if command in _ABBREVIATIONS:
        return _ABBREVIATIONS[command]
    if command in _SYMBOLS:
        return _SYMBOLS[command]
    return match.group(0)


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
