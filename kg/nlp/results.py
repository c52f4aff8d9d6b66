"""Results stated in text: which value, in which unit, of which metric, on which dataset.

:func:`find_results` is a plain function over a text, its sentence spans and the mentions the
pipeline found there (metrics, datasets, models, abbreviation definitions); it returns
:class:`Result` records following ``../shared/eval/results_README.md``: value as printed, a
canonical unit, the metric and dataset as printed, and a kind: ``absolute`` (a level reached),
``gain`` or ``reduction`` (a difference worded so), or ``other`` (sizes, counts, speedups,
settings: numbers that are not benchmark scores, kept apart from them).

The grammar, in order: a number not glued to a name ("CIFAR-10", "GPT-4o", "R@10", "3D"), its unit
("%", "points", "x", K/M/B, physical units), the words around it (a metric phrase "an F1 of X",
"X mIoU", "improves accuracy by X"; cue words for gains and reductions; count nouns and efficiency
words for ``other``), then the dataset ("on D", a clause-initial "On D,", "respectively" lists, or
the single dataset a sentence names).

>>> text = "Our model achieves 96.97% accuracy on DVS128 Gesture and improves mIoU by 3.6 points on ADE20K."
>>> [(r.value, r.unit, r.metric, r.dataset, r.kind) for r in find_results(text)]  # doctest: +NORMALIZE_WHITESPACE
[('96.97', '%', 'accuracy', 'DVS128 Gesture', 'absolute'), ('3.6', 'points', 'mIoU', 'ADE20K', 'gain')]
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace

from kg.nlp import rules
from kg.nlp.lexicon import canonical_key, load_lexicon

KINDS = ("absolute", "gain", "reduction", "other")


@dataclass(frozen=True)
class Result:
    """One reported number: value as printed (no sign, no magnitude suffix), unit, metric, dataset, kind.

    `start`/`end` are the value's character offsets in the text; `sentence_start`/`sentence_end`
    the sentence that states it; `metric_key`/`dataset_key` the graph nodes (None when not named).
    """

    value: str
    unit: str
    metric: str | None
    dataset: str | None
    kind: str
    model: str | None
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    metric_key: str | None = None
    dataset_key: str | None = None

    def to_dict(self) -> dict:
        return {"value": self.value, "unit": self.unit, "metric": self.metric, "dataset": self.dataset,
                "kind": self.kind, "model": self.model, "start": self.start, "end": self.end}


# --- numbers and units ----------------------------------------------------------------------

#: "1,234.5" (thousands commas) or "12.5"; the first digit stands outside the two alternatives, so a scan of a
#: whole text skips to the next digit at once instead of trying both alternatives at every character
_NUMBER = re.compile(r"\d(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d*(?:\.\d+)?)")
#: words that make a number a difference: a gain or a reduction
_KIND_NOUN = {**dict.fromkeys(("improvement", "improvements", "gain", "gains", "increase", "boost", "uplift", "higher",
                               "better", "more", "advantage", "lead", "margin", "lift", "lifts", "rise", "growth",
                               "jump", "enhancement", "enhancements"), "gain"),
              **dict.fromkeys(("reduction", "reductions", "decrease", "drop", "lower", "less", "fewer", "decline",
                               "degradation", "cut", "saving", "savings", "smaller"), "reduction")}
#: words that may qualify a difference's noun ("a 12% relative improvement in WER")
_DEGREE = ("relative", "absolute")
#: "a 7.7-point improvement": a hyphenated point count before a difference noun (not "a 5-point scale")
_POINT_COMPOUND = rf"-points?(?=\s+(?:(?:{'|'.join(_DEGREE)})\s+)?(?:{'|'.join(_KIND_NOUN)})\b)"
#: (pattern right after the number, canonical unit); the first that matches wins ("%p" before "%")
_UNITS = (
    (r"\s?(?:\\?%\s?p\b|p\.p\.|pp\b|percent(?:age)?[-\s]points?\b(?:\s?\((?:pp|p\.p\.|pts?)\))?|points?\b|pts?\b|\\?%\s?points?\b)|" + _POINT_COMPOUND, "points"),
    (r"\s?(?:\\?%|percent(?:age)?\b)", "%"),
    (r"\s?(?:×|[xX]\b|\$?\\times\$?|-?fold\b|times\b)", "x"),
    (r"(?:[kK]\b|\s(?:thousand)\b)", "K"),
    (r"(?:M\b|\s?[mM]illion\b)", "M"),
    (r"(?:B\b|\s?[bB]illion\b)", "B"),
)
#: physical units, kept as printed
_PHYSICAL = (r"[\s-]?(?P<physical>dB|ms|FPS|fps|[KMGT]B|mm|cm|k?m|bits?|[GT]?FLOPs|s|sec|seconds?|minutes?|min|hours?|h|"
             r"days?|tokens?/s(?:ec)?|Hz|kHz|W|J|BPM|bpm|mmHg|px|pixels?|degrees?|°|USD|EUR|dollars?|cents?)(?!\w|/\D)")
#: every unit in one pattern (alternatives tried in order), after an optional closing "$" ("$2.56$ points") or a
#: LaTeX space ("5.81\\,MB")
_UNIT = re.compile(r"(?:\$(?!\\times))?(?:\\[,;]|~)?(?:" + "|".join(f"(?P<u{index}>{pattern})" for index, (pattern, _) in enumerate(_UNITS))
                   + "|" + _PHYSICAL + ")")
_UNIT_NAMES = {f"u{index}": unit for index, (_, unit) in enumerate(_UNITS)}
#: physical units of time, memory, compute, energy and money: a number in them is a cost (kind other), not a score
_COST_UNITS = frozenset("""ms FPS fps KB MB GB TB bit bits FLOPs GFLOPs TFLOPs s sec second seconds minute minutes min
hour hours h day days token/s tokens/s token/sec tokens/sec Hz kHz W J USD EUR dollar dollars cent cents""".split())
_IMAGE_SIZE = frozenset(("px", "pixel", "pixels"))
#: the sign of a spread after a value: "85.2 ± 0.3", "2.5 +- 0.2%", "26.16 +/- 1.26", "0.91 plus or minus 0.02"
_SPREAD_SIGN = r"±|\+/?-|\$?\\pm\$?|\bplus(?:/|\s+or\s+)minus"
#: words before a number that make it a label, not a value: "Study 3", "Table 2"
#: and words before a number that make it no result of its own: p-values, spreads, confidence bounds
_LABEL_BEFORE = re.compile(r"\b(?:Study|Table|Figure|Fig\.|Section|Sec\.|Eq\.|Equation|Experiment|Stage|Phase|Step|"
                           r"Level|Round|Part|Appendix|Chapter|Version|Task|Track|Split|Setting|Case|Type|Group)\s*$|"
                           rf"(?:\bp\s*(?:<|>|=|≤|\\le|\\leq)|{_SPREAD_SIGN}|\bstd\.?|\bSD|\bs\.d\.|\bCI:?)\s*\$?\s*$", re.I)
_CAPITALS_BEFORE = re.compile(r"(?<![\w\-])([A-Z]{2,})\s$")
_BEFORE_OK = frozenset(" \t\n([{$=:~≈<>+±,;/\"'") | {"\u2212", "\u2013", "\u2014", "-", "\u2192"}  # "66.3%→73.4%"
_YEAR = re.compile(r"(?:19|20)\d\d$")
#: the start of a range from a number that is no year ("from 256 to"): the range's end is no year either
_RANGE_FROM = re.compile(r"\bfrom\s+(?!(?:19|20)\d\d\b)\d[\d,.]*\s+to\s+$")


@dataclass
class _Number:
    start: int
    end: int  # end of the value
    after: int  # end of value and unit
    value: str
    unit: str
    signed: bool  # printed with a plus sign
    negative: bool = False  # printed with a minus sign, not as the second end of a range
    paired: list[_Number] = field(default_factory=list)  # values joined on by slashes: "0.838/0.638"


def _numbers(text: str, start: int, matches) -> list[_Number]:
    """The numbers among `matches` (of ``_NUMBER`` in a sentence starting at `start`) that can be results.

    Digits of names ("CIFAR-10"), metric names ("R@10"), "3D", years and labels ("Study 3") are not.
    """
    found: list[_Number] = []
    version_end = skip_until = None  # the end of a spread or an image size after the value before
    for match in matches:
        s, e = match.span()
        if skip_until is not None and s < skip_until:
            continue  # the spread or other side of the value before: "0.91 +/- 0.02", "256 × 256"
        before = text[s - 1:s] if s > start else " "
        if before not in _BEFORE_OK:
            continue
        if before in "-\u2013" and not (found and found[-1].after == s - 1) and text[s - 2:s - 1].isalnum():
            continue  # "CIFAR-10", "Qwen2.5-7B": a name's digits, unless a range "9-12%"
        if before == "+" and text[s - 2:s - 1].isalnum():
            continue  # "n+1": a formula
        if text[e:e + 1] in (",", ":") and text[e + 1:e + 2].isdigit() or before in (",", ":") and text[s - 2:s - 1].isdigit():
            continue  # "72,64%": a decimal comma, read neither as 72 nor as 64; "3:1" a ratio
        if text[e:e + 1] == "/" and text[e + 1:e + 2].isdigit() and "." not in match.group():
            continue  # "0/1,000 violations": a count out of a count
        if before == "/" and found and (found[-1].paired or [found[-1]])[-1].after == s - 1:
            unit, after = _unit(text, e)
            top = not (found[-1].paired or unit) and "." in found[-1].value and float(match.group()).is_integer() \
                and float(match.group()) > float(found[-1].value)
            if top:
                continue  # "4.14/5", "4.3/5.0", "8.644/10": a score out of a scale's top, not a second value
            found[-1].paired.append(_Number(s, e, after, match.group(), unit, False))  # "0.838/0.638"
            continue
        if before == "(" and text[s - 2:s - 1].isalpha() and e - s <= 2 and text[e:e + 1] in ",)":
            continue  # "ICC(2,k)", "ICC(3,1)": a name's parameters
        if before == "/" or (before == "(" and text[s - 2:s - 1].isdigit()) or text[e:e + 1] in ("@", "_", "^") or _EXPONENT.search(text, max(start, s - 3), s):
            continue
        unit, after = _unit(text, e)
        spread = _SPREAD.match(text, after)
        sides = unit == "x" and "." not in match.group() and _DIMENSION.match(text, after)
        if spread:  # "2.5 +- 0.2% lower loss": the value's unit and words come after its spread
            skip_until = spread.end()
            spread_unit, after = _unit(text, skip_until)
            unit = unit or spread_unit
        elif sides:
            skip_until = sides.end()
            continue  # "256 × 256": an image size, its second side no value either
        if after == e and (text[e:e + 1].isalpha() and not text[e:e + 2] == "x " or (
                text[e:e + 1] == "-" and text[e + 1:e + 2].isalpha())):
            continue  # "3D", "4o", "6DoF", "7-Scenes": digits glued to letters that are no unit
        if unit in ("M", "B") and before == "(" and text[after:after + 1] == ")" and _NAME_BEFORE_BRACKET.search(text, start, s):
            continue  # "Llama-3.3 (70B)": the size is part of the model's name
        label = e - s <= 2 and text[e:e + 1] == ")" and (before == "(" or "(" not in text[max(start, s - 12):s])
        if label or _LABEL_BEFORE.search(text, max(start, s - 12), s) or _in_confidence_interval(text, s):
            continue  # enumeration labels "1)" and "(2)", "Study 3", p-values, spreads, CI bounds
        caps = not unit and "." not in match.group() and _CAPITALS_BEFORE.search(text, max(start, s - 12), s)
        if caps and not (_is_metric(caps.group(1)) or load_lexicon().lookup("dataset", caps.group(1))
                         or _CURRENCY_BEFORE.search(caps.group())):
            continue  # "an RTX 4090", "the GTX 1080": a name's number; not "BLEU 32", "MMLU 85", "USD 10,000"
        if not unit and _YEAR.match(match.group()) and not _RANGE_FROM.search(text, max(start, s - 30), s) \
                or not unit and _is_scale(text, s):
            continue  # a year; "a graded 0-5 score": a scale, not a value
        if not unit and _VERSION.fullmatch(match.group()) and (_is_version_of_name(text, s) or (
                version_end is not None and _LIST_GAP.fullmatch(text, version_end, s))):
            version_end = e
            continue  # "VerilogEval 2.0", "Terminal Bench 1.0, 2.0": a version, part of a name
        acronym = _ACRONYM_AFTER.match(text, after, after + 30)
        if acronym and acronym.group(1) == match.group():
            continue  # "Hausdorff Distance 95% (HD95)": the number of a metric's name, spelt out before its acronym
        plus = text.rfind("+", max(start, s - 2), s)
        # not "chrF++ 91", "x^{3^v}+1": a name's or a formula's plus
        signed = plus >= 0 and not (plus > start and (text[plus - 1].isalnum() or text[plus - 1] in "+})]"))
        negative = before in "-\u2212" and (s - 1 == start or text[s - 2] in " ([")  # "-10 pp", "(-0.30 m)"; not "53--97%"
        found.append(_Number(s, e, after, match.group(), unit, signed, negative))
    return found


_VERSION = re.compile(r"\d(?:\.\d)?")
_NAME_BEFORE_BRACKET = re.compile(r"(?:^|\s)[A-Z][\w.\-]*\s*\($")
#: the other sides after "256 ×": "256 × 256", "640 x 480 x 3", "512$\\times$512$\\times$256"
_DIMENSION = re.compile(r"\s*\$?\s*\d+\b(?!\^|\.\d)(?:\s*\$?\s*(?:×|x|\\times)\s*\$?\s*\d+\b)*")
_SPREAD = re.compile(rf"\s*(\(\s*)?(?:{_SPREAD_SIGN})\s*\$?\s*(\d[\d.]*)(?(1)\s*%?\s*\))")  # "± 0.2", "(± 1.59)"
_ACRONYM_AFTER = re.compile(r"\s*\(\s*[A-Za-z][A-Za-z\-]*?([\d.]+)\s*\)")  # "(HD95)": its digits in group 1
_EXPONENT = re.compile(r"[@^]\{?[-−]?$")  # "R@10", "10^{-6}": a metric's cut-off, an exponent
_NAME_BEFORE = re.compile(r"(?:^|(?<=[\s(]))([A-Z][\w\-]*[A-Za-z])\s$")
_LIST_GAP = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _is_version_of_name(text: str, start: int) -> bool:
    """A short number right after a capitalised name that is no metric: "RTLLM 2.0", "Llama 3"."""
    match = _NAME_BEFORE.search(text, max(0, start - 30), start)
    return bool(match) and load_lexicon().lookup("metric", match.group(1)) is None


_SCALE = re.compile(r"\d+[-–]\d+(?![\d.%\w])")


def _is_scale(text: str, start: int) -> bool:
    """ "a graded 0-5 score": two bare integers joined by a dash; "by 2-5 percentage points" is a range of values."""
    match = _SCALE.match(text, start)
    return bool(match) and not _unit(text, match.end())[0]


def _in_confidence_interval(text: str, start: int) -> bool:
    """Inside the brackets of a confidence interval: "(95% CI [+5.1, +31.5])", "CI: 0.2-0.4"."""
    low = max(0, start - 40)
    near = text[low:start + 30]
    if "CI" not in near and "onfidence" not in near:  # the cheap test first: most numbers have neither
        return False
    if re.match(r"\s?(?:\\?%|percent)\s*(?:CI\b|confidence)", text[start:start + 30].lstrip("0123456789.")):
        return True  # the "95%" of "95% CI", "95 percent CI"
    if re.search(r"\bCI\b|confidence interval", text[max(0, start - 25):start]):
        return True
    opened = max(text.rfind("[", low, start), text.rfind("(", low, start))
    if opened < 0 or re.search(r"[\])]", text[opened:start]):
        return bool(re.search(r"\bCI\s*[:=]?\s*$", text[low:start]))
    return bool(re.search(r"\bCI\b|confidence interval", text[max(0, opened - 30):start]))


def _unit(text: str, end: int) -> tuple[str, int]:
    """The canonical unit after a number ending at `end`, and where it ends."""
    match = _UNIT.match(text, end, end + 24)
    if match is None:
        return "", end
    name = match.lastgroup
    return (match.group("physical") if name == "physical" else _UNIT_NAMES[name]), match.end()


# --- the words around a number ----------------------------------------------------------------

#: hedges and fillers between a cue and its number: "by up to", "of about", "a margin of"
_QUALIFIERS = (r"(?:(?:up to|upto|at least|at most|about|approximately|approx\.|around|roughly|nearly|over|more than|"
               r"less than|almost|only|just|as much as|as high as|as low as|an? average of|on average|average|"
               r"(?:a|an|the)(?: \w+)? margin of|(?:a|an)(?:\s+(?:significant|substantial|remarkable|notable|considerable|"
               r"impressive|additional|further))?|significant|substantial|remarkable|notable|considerable|impressive|"
               r"the|absolute|relative|\$|\\\(|\(|~|≈|\\sim|\+|-|−)\s*)*")  # "by (a) significant 3.3 points"
#: how far before a number its lead is read (a cue verb and its object fit in it), and how far its closing
#: cue ("by up to", "of about", "from") may start: bounds keep the end-anchored patterns from scanning a whole clause
_LEAD_CHARS, _CUE_CHARS = 160, 48
_GAIN_CUE = r"improv|outperform|surpass|exceed|boost|increas|rais|lift|gain|beat|advanc|enhanc|outstrip|uplift|better|higher|" \
            r"ris(?:e|es|ing)\b|rose\b"
_REDUCTION_CUE = r"reduc|decreas|lower|cut|drop|declin|degrad(?=e|ing)|shrink|minimi|diminish|fewer|less|sav|underperform|trail|" \
                 r"los(?:e|es|ing)\b|lost\b"
#: verbs whose object is the competitor ("outperforms X by"), not the metric ("improves X by")
_VERSUS = re.compile(r"outperform|surpass|exceed|beat|outstrip|underperform|trail|over\b|than\b", re.I)
_BY = re.compile(r"(?:\bby\s*|(?<=\s)(?<!to )(?=up to|upto|as much as))" + _QUALIFIERS + r"$", re.I)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9\-]{1,7}")
_KIND_NOUN_LEAD = re.compile(r"\b(improvements?|gains?|reductions?|degradation|decrease|drop)\b[\s\-–—,:(]*"
                             + _QUALIFIERS + r"$", re.I)
_CUE_WORD = re.compile(rf"\b({_GAIN_CUE}|{_REDUCTION_CUE})\w*", re.I)
_COPULAS = r"(?:is|was|are|were)"  # the copula before a value ("were 3.83 BPM") and before "equal to"
_OF = re.compile(rf"(?:\bof|=|:|~|≈|>|<|≥|≤|\b(?:{_COPULAS}\s+)?equal\s+to|\bequals|\b(?:{_COPULAS}|be)"
                 r"|\bat|\bbelow|\babove|\bexceeding)\s*" + _QUALIFIERS + r"$", re.I)
_ABSOLUTE_LEAD = re.compile(r"(?:\bfrom|(?<!up )(?<!equal )\bto|\bvs\.?|\bversus|\bbetween|\band|\bor|,)\s*" + _QUALIFIERS + r"$", re.I)
_PAREN_LEAD = re.compile(r"\s*\(\s*" + _QUALIFIERS + r"$")
_FROM = re.compile(r"\b(?:from(?:\s+(?:an?|the|its|their|our)\s+(?:[\w\-]+\s+){1,2}(?:of|at))?|between)\s*"  # "from a baseline of"
                   + _QUALIFIERS + r"$", re.I)
_TO = re.compile(r"(?<!up )\bto\s*" + _QUALIFIERS + r"$", re.I)

def _direction(cue: str) -> str:
    """The kind a verb of change gives: "improves" a gain, "reduces" a reduction."""
    return "gain" if re.match(_GAIN_CUE, cue, re.I) else "reduction"


def _kind_of(word: str) -> str | None:
    """The kind a word gives a difference ("gain", "reduction"; "drops" as "drop"); none for a name in capitals ("DROP")."""
    if word.isupper() and len(word) > 1:
        return None
    lowered = word.lower()
    return _KIND_NOUN.get(lowered) or (_KIND_NOUN.get(lowered[:-1]) if lowered.endswith("s") else None)


_WORD = re.compile(r"[A-Za-z\\](?:[\w\-@./'{}\\]|:(?=\d)|&(?=[A-Z])|\^(?=\{?\w))*(?:[\w}]\+*|(?<=s)'(?=\s))|[A-Za-z]"  # "chrF++", "J&F",
                   # "Fleiss'" (a possessive)
                   r"|(?<![\w.])\d[Dd](?![\w\-])")  # "3D F-Score": a dimension opens a metric's name
_STOP = frozenset("""on in for with and or of over than compared while at to from by across when under the a an as
respectively vs versus which that its their our is are was were using without within after before between
among per against this these those it we they both each all only while whereas but also through via into onto
upon during throughout despite since until with without where beyond above below behind toward towards like
including instead except whereas spanning covering involving containing comprising featuring requiring".""".split())
#: words of costs, sizes and settings: a number about them is not a benchmark score (kind other)
_EFFICIENCY = frozenset("""speed speedup speed-up speedups faster slower latency latencies memory time times runtime
throughput token tokens cost costs compute computation computations flops gflops tflops macs parameters parameter params energy storage
budget delay bandwidth size footprint overhead wall gpu gpus hours calls queries steps iterations samples data labels
annotations usage consumption inference training savings saving length lengths epochs layers images videos frames words sentences examples
attempts trials""".split())
#: the words of costs alone (no counts of data): a change "in" them is an efficiency figure
_COST_WORDS = frozenset("""speed speedup latency memory time runtime throughput tokens cost costs compute computation
flops parameters params energy storage size footprint overhead""".split())
#: head words of metric phrases beyond the vocabulary's names ("concordance index", "Sharpe ratio")
_METRIC_WORDS = frozenset(rules.METRIC_HEADS | set("""coefficient index ratio similarity distance correlation auc iou
miou map dice psnr ssim fid lpips bleu rouge return variance kappa f1-score accuracies errors rates coverage""".split()))
#: lower-is-better by head word, for metrics the vocabulary does not know
_LOWER_WORDS = frozenset("error errors loss distance latency perplexity".split())


@functools.lru_cache(maxsize=1)
def _metric_names() -> frozenset:
    """Every name of a vocabulary metric, lower-cased (the vocabulary is read once per process)."""
    return frozenset(name.lower() for entry in load_lexicon().metrics.values() for name in entry.names)


def _ends_metric_name(phrase: str) -> bool:
    """`phrase` (lower case) is a vocabulary metric's name or, if of several words, its last words ("squared error" of
    "mean squared error"; not "rating" of "Elo rating")."""
    return phrase in _metric_names() or " " in phrase and phrase in _metric_name_ends()


@functools.lru_cache(maxsize=1)
def _metric_name_ends() -> frozenset:
    """The last words of every vocabulary metric name ("squared error" of "mean squared error"), lower-cased."""
    return frozenset(" ".join(words[index:]) for words in map(str.split, _metric_names()) for index in range(len(words)))


@functools.lru_cache(maxsize=1)
def _metric_heads() -> frozenset:
    """The words that head a metric's name: the vocabulary's names and the metric words."""
    return _METRIC_WORDS | _metric_names()


@functools.lru_cache(maxsize=1)
def _squeezed_metric_names() -> frozenset:
    """The vocabulary's metric names without spaces, dots, hyphens and underscores ("Abs.Rel" is AbsRel)."""
    return frozenset(_squeeze(name) for name in _metric_names())


_EXPONENT_DIGITS = re.compile(r"\^\{?(\d+)\}?")


def _squeeze(name: str) -> str:
    return re.sub(r"[\s.\-_]", "", _EXPONENT_DIGITS.sub(r"\1", name.lower()))  # "R^{2}" is R2


def _is_metric(phrase: str | None, *, known: bool = False) -> bool:
    """A phrase that names a metric: a vocabulary name, or words ending in a metric head ("balanced accuracy");
    `known`: a vocabulary name only, alone or as the head or part of a name ("image-AUROC", "VQAScore")."""
    if not phrase:
        return False
    if re.fullmatch(r"m[A-Z]\S*", phrase) and _is_metric(phrase[1:], known=True):
        return True  # "mR@50", "mF1": the mean of a known metric
    lowered = phrase.lower()
    names = _metric_names()
    if lowered in names or re.sub(r"@\d+$", "@k", lowered.split()[-1]) in names \
            or _squeeze(lowered) != lowered and _squeeze(lowered) in _squeezed_metric_names():
        return True  # "overall Pass@3": pass@k; "F_1 score": F1 score; not "clips" for CLIP-S
    head = re.sub(r"(?:@[\w.:]+|_\{?\w+\}?|\^\{?\w+\}?|-score|(?<=[a-z]{2})\d+(?:[-:]\d+)?)$", "", lowered.split()[-1])  # "mAP50": a cut-off
    heads = names if known else _metric_heads()  # a metric word ("rate") heads a metric, not a name ("CT-RATE")
    camel = _CAMEL_HEAD.search(re.sub(r"@\w+$", "", phrase.split()[-1]))  # "NormRecall", "CodeBLEU": a metric's head ends a name
    if head.endswith("s") and head[:-1] in heads and re.search(r"(?:tion|sion|ity|ient|ance)$", head[:-1]):
        head = head[:-1]  # "correlations", "coefficients", "precisions": a measure's plural; not "maps", "ratios"
    parts = head.split("-")
    if not known and lowered.split()[-1].endswith("-score") and len(head) >= 2:
        return True  # "MMMG-Score", "VQA-Score": a score by its name
    return bool(camel and camel.group().lower() in heads) or head in heads \
        or len(parts) > 1 and any(part in heads for part in parts) \
        or not known and _QUALITY_NOUN.fullmatch(head) is not None  # "AUC-ROC", "image-AUROC"


_CAMEL_HEAD = re.compile(r"(?<=[a-z])(?:[A-Z][a-z]+|[A-Z]{2,})$|(?<=[A-Z])[A-Z][a-z]+$")


#: nouns of a quality that is measured ("correctness", "robustness", "fidelity"), not of a thing or a count
_QUALITY_NOUN = re.compile(r"(?!(?:business|witness|quantity|capacity|complexity|entity|entities|modality|modalities|"
                           r"community|activity|activities|university|city|opportunity|identity|property|utility|"
                           r"variety|majority|minority|priority|authority|ability|possibility|sparsity|density)$)[a-z\-]{3,}(?:ness|ity)")


_VERB = re.compile(r"\w+(?:ing|ed)|achieves?|attains?|reach(?:es)?|obtains?|yields?|delivers?|records?|reports?|"
                   r"shows?|gets?|sets?|has|have|had|gives?|provides?|exhibits?|produces?|displays?|demonstrates?|"
                   r"secures?|retains?|preserves?", re.I)


_DEFINED_BEFORE = re.compile(r"\b([A-Z][\w\-@]*)\s*\(([A-Za-z][\w\- ]{2,60})\)\s*$")  # "EBI (Error Balance Index)"
#: what makes a participle a modifier of the noun after it: "a balanced accuracy", "increased explained variance"
_MODIFIER_LEAD = re.compile(rf"\b(?:a|an|the|with|(?:{_GAIN_CUE}|{_REDUCTION_CUE})\w*)\s+$", re.I)


def _is_stop_word(word: str) -> bool:
    """A word that ends a noun phrase; not when written in capitals, as an acronym ("an IS of 287.6")."""
    return word.lower() in _STOP and not word.isupper()


#: words ending in "-ly" that are no adverb: they go on a noun phrase ("anomaly detection accuracy", "assembly success")
_LY_NOT_ADVERBS = frozenset("""anomaly assembly family supply reply monopoly ally rally italy july early timely daily
weekly monthly yearly hourly friendly user-friendly""".split())


def _phrase_before(lead: str) -> str | None:
    """The noun phrase that ends `lead` (up to 5 words back to a stop word or verb), as printed."""
    acronym = re.search(r"\(([A-Za-z][\w\-@]*)\)\s*(?:(scores?)\s*)?$", lead)
    if acronym and _is_metric(acronym.group(1)):  # "mean absolute error (MAE) of"
        return acronym.group(1)
    if acronym and acronym.group(2):  # "a System Usability Scale (SUS) score of"; not "a state-of-the-art (SOTA) score of"
        spelled = _phrase_before(lead[:acronym.start()])
        if spelled is None or _without_praise(f"{spelled} score"):
            return f"{acronym.group(1)} {acronym.group(2)}"
    if acronym:  # "a success rate (SR) of": an acronym the vocabulary knows as something else, after a metric it spells
        spelled = _phrase_before(lead[:acronym.start()])
        if _is_metric(spelled) and rules.initials_spell(acronym.group(1), spelled):
            return spelled
    defined = _DEFINED_BEFORE.search(lead)
    if defined and _is_metric(defined.group(2)):  # "an EBI (Error Balance Index) of": the metric's full name
        return defined.group(2)
    words = list(_WORD.finditer(lead))
    if not words or lead[words[-1].end():].strip(" $\\("):
        return None
    start = end = words[-1].end()
    for match in reversed(words):
        word = match.group()
        if _is_stop_word(word) or lead[match.end():start].strip() or end - match.start() > 60 \
                or _CUE_WORD.fullmatch(word) or word.endswith("ly") and word.lower() not in _LY_NOT_ADVERBS:
            break
        # a participle ends the phrase unless an article is before it ("a balanced accuracy of")
        if _VERB.fullmatch(word) and not _MODIFIER_LEAD.search(lead, max(0, match.start() - 30), match.start()) \
                and not _ends_metric_name(lead[match.start():end].lower()):
            break  # "balanced accuracy", "(mean) squared error": a metric's name or its last words  # "increased explained variance", "improves driving score": after a cue verb, a modifier
        start = match.start()
    return lead[start:end] if start < end else None


_PRAISE = re.compile(r"(?:(?:\w+est|best|better|high|low|higher|lower|stronger|improved|superior|competitive|strong|state-of-the-art|"
                     r"(?:near-)?perfect|marginal|slight|modest|notable|considerable|"
                     r"significant|substantial|remarkable|impressive|new|final|absolute|relative|previous|prior|original|reported)\s+)+"
                     r"(?=\S)", re.I)
#: words too generic to name a metric on their own (results_README: "performance", "scores" give no metric)
_GENERIC = frozenset("score scores performance result results value values rate rates".split())
#: generic words that stand for a metric's readings after its name ("FID values", "BLEU scores"), unlike "performance"
_READINGS_OF = frozenset("score scores result results value values".split())


def _without_praise(phrase: str | None) -> str | None:
    """A metric phrase without praise, owners or model names before it: "highest accuracy", "RN50 average mAP".

    >>> _without_praise("highest accuracy"), _without_praise("RN50 average mAP"), _without_praise("model's F1")
    ('accuracy', 'average mAP', 'F1')
    >>> _without_praise("previous state-of-the-art score") is None
    True
    """
    if not phrase:
        return phrase
    named = re.search(r"\b[A-Z][a-z]+'s?\s+\S+$", phrase)  # "average Cohen's kappa": a measure named after someone
    if not (named and named.group().lower() in _metric_names()):
        phrase = re.sub(r"^.*'s\s+|^.*\b[a-z]\w*s'\s+", "", phrase)  # "model's F1", "the models' F1"; not "Fleiss' kappa"
    match = _PRAISE.match(phrase)
    if match:
        phrase = phrase[match.end():]
    words = phrase.split()
    if len(words) > 1 and words[0].lower() in ("average", "mean", "avg.") and _is_metric(" ".join(words[1:])) \
            and words[1].lower() not in ("absolute", "squared", "average") \
            and phrase.lower() not in _metric_names() and not all(word[:1].isupper() for word in words):
        words = words[1:]  # "average PSNR": an aggregate of the metric, not another one; "mean average precision" and
        # "Mean Surface Distance" (a name in capitals) stay
    while len(words) > 1 and re.search(r"[A-Z].*\d|\d.*[A-Z]", words[0]) and not _is_metric(words[0]) \
            and not re.match(r"(?i)(?:top|rank)-?\d|\d[Dd]$", words[0]):  # not "top-1", "3D" (a dimension)
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in ("scores", "values") and _is_metric(" ".join(words[:-1]), known=True):
        words = words[:-1]  # "FID scores of 0.035 and 0.123": the readings of a metric the vocabulary knows
    if len(words) == 1 and words[0].lower() in _GENERIC or [word.lower() for word in words] == ["overall", "performance"]:
        return None  # "performance", "overall performance": no metric's name ("overall score" names GenEval's)
    return " ".join(words)


#: words that relate a number to another rather than naming what it measures: "0.668 relative to the base model"
_RELATION = re.compile(r"(?:relative|compared|close|similar|equal|comparable|superior|inferior|identical)\s+(?:to|with)\b", re.I)


_LATEX_RELATION = re.compile(r"\\(?:rightarrow|to|leftarrow|approx|sim|pm|times|cdot|geq?|leq?)")


def _phrase_after(tail: str) -> tuple[str | None, int]:
    """The noun phrase that starts `tail` (up to 4 words, to a stop word or a closing bracket after its first word:
    "(... at 250 steps) improves" ends at "steps"), and where it ends."""
    position, words = 0, []
    for match in _WORD.finditer(tail):
        gap = tail[position:match.start()]
        closes = ")" in gap and not all(word.group().lower() in _DEGREE for word in words)  # "(12% relative) reduction"
        if gap.strip(" $)") or (words and (closes or "\n" in gap)) or _is_stop_word(match.group()) or len(words) == 4 \
                or _RELATION.match(tail, match.start()) or (  # "7B model achieving 27.50": a verb ends the noun
                    words and words[-1].group().lower() not in _KIND_NOUN and _VERB.fullmatch(match.group())) \
                or words and (_VERSUS.match(match.group()) or _is_change_verb(match.group())) \
                or _LATEX_RELATION.fullmatch(match.group()):  # "11x smaller student surpasses": so does a verb of change
            break
        words.append(match)
        position = match.end()
    if not words:
        return None, 0
    return tail[words[0].start():words[-1].end()], words[-1].end()


@dataclass
class _Reading:
    """What the words around one number say: its metric phrase, kind, and where the phrase after it ends."""

    metric: str | None = None
    kind: str = "absolute"
    other: bool = False
    after: int = 0  # end of the number's unit and following phrase
    coordinated: bool = False  # joined to the number before by "and", ",", "to" alone
    unnamed: bool = False  # followed by a noun phrase that is no metric ("81.1% acceptability"): no fallback metric
    unit: str = ""  # a unit printed after a metric phrase ("2.84 macro-F1 points")
    vague: bool = False  # about a generic word ("performance"): no fallback metric, but still a result
    generic: str = ""  # a generic measure noun of its own ("and a score of 7.1"): no metric another value names, unless
    # it ends that metric's name ("an accuracy profile mean score of 0.688, ... a mean score of 0.8156")
    from_start: bool = False  # the first end of "from X to Y"
    to_end: bool = False  # the second end
    continues: bool = False  # "and up to X": the same verb and subject as the number before
    parallel: str | None = None  # "... and CEA by X": a name in the place of the object of the verb before
    against: bool = False  # "outperforms X by": the words before "by" name a competitor, not what is measured
    lent_kind: bool = False  # the kind came from the value before ("by 2.11 (7.56"), not from words of its own
    falls: bool = False  # printed with a minus sign in a percentage or points: "-10 pp on TruthfulQA" is a reduction
    from_object: bool = False  # metric read off the verb's object ("reduces bias by"): one named after the value wins
    degree: bool = False  # "(12% relative)": a change, in the direction of the clause's last verb of change
    bracketed: bool = False  # metric read before the value's bracket ("precision (>96% AUC"): one named after it wins
    own_metric: bool = False  # "14% on Pass@128": the value's own, not lent to the values coordinated with it
    baseline: bool = False  # "improves pass@1 from 39.02", "(7.56 vs 9.67)": where the method compared with stood

    @property
    def metric_open(self) -> bool:
        """No metric yet, or one that a metric named after the value replaces."""
        return not self.metric or self.from_object or self.bracketed


def _note_subject(reading: _Reading, phrase: str | None, *, metric_only: bool = False, measured: bool = False) -> None:
    """What the noun phrase a number is about says: a cost (other), a metric, or a subject of its own.

    A subject of its own that is no metric ("a mean confidence of") keeps the sentence's single metric
    off the number; a generic word ("performance") says nothing. A `measured` phrase is the object of a
    verb of change ("reduces systematic bias by"): what changed is what is measured, unless it is a
    method, a name or a count.
    """
    if not phrase or measured and phrase.split()[-1].lower() in _DATA_NOUNS:
        return  # "raises a held-out split from": where it was measured, not what; another metric may stand for it
    if _efficiency(phrase) and not metric_only:
        reading.other = True
    elif _is_metric(phrase):  # "the previous score of": generic, the sentence's metric may stand for it
        reading.metric = _without_praise(phrase)
        words = phrase.lower().split()  # "a score of", "an average score of"; not "the previous best score", "rates"
        if all(w in _GENERIC or w in ("average", "mean") for w in words) and not _plural(words[-1]):
            reading.generic = " ".join(words)
    elif measured and _is_measured_object(phrase):
        reading.metric, reading.from_object = _without_praise(phrase), True
    elif measured and _MODEL_LIKE.fullmatch(phrase.split()[-1]) and not _is_metric(phrase):
        return  # "improves Qwen3-VL-8B from 61.0 to 85.4": the model's own values, of no subject of their own
    elif measured and _ACRONYM.fullmatch(phrase.split()[-1]) and not _model_or_dataset(phrase.split()[-1]) \
            and phrase.split()[-1].lower() not in _NOT_MEASURED \
            and not any(rules.is_name_like(word) for word in phrase.split()[:-1]) \
            and not re.search(r"LMs?$", phrase):  # not "raising SEA-HELM NLG from", "improving the base MLLM by"
        # "reduces FPR by", "improves SSR to", "improves Query CTR by"; not "improving FLUX by", "beats SOTA by"
        reading.metric, reading.from_object = phrase, True
    elif phrase.split()[-1].lower() not in _GENERIC:
        reading.unnamed = True
    elif phrase.split()[-1].lower() in _READINGS_OF and _is_metric(phrase.rsplit(maxsplit=1)[0] if " " in phrase else None):
        reading.metric = _without_praise(phrase.rsplit(maxsplit=1)[0])  # "mAP50:95 results of", "FID values of"
    else:
        reading.vague = True  # "high-precision performance": no metric named, none borrowed either


def _model_or_dataset(name: str) -> bool:
    """A name the vocabulary knows as a model or a dataset ("FLUX", "GSM8K"): what changed is no metric then."""
    return bool(load_lexicon().lookup("model", name) or load_lexicon().lookup("dataset", name))


#: a model's name: capitals and digits ("Qwen3-VL-8B", "GPT-4o"), not an acronym alone ("FPR", "AUROC") nor "F2"
_MODEL_LIKE = re.compile(r"(?=.*\d)(?=.*[A-Z])(?=.*[A-Za-z]{2})[A-Za-z][\w.\-]{3,}")
#: heads of an object of a verb of change that is not what is measured: the methods compared, amounts
#: nouns of data: a value's subject that names one says where it was measured ("a held-out split")
_DATA_NOUNS = frozenset(rules.DATASET_HEADS | rules.SET_HEADS | {"split", "splits", "subset", "subsets"})
_NOT_MEASURED = frozenset(rules.MODEL_HEADS | set(
    "baseline baselines counterpart counterparts number amount average mean total overall state-of-the-art sota record".split()))


def _is_measured_object(phrase: str) -> bool:
    """An object of "improves/reduces ... by" that names a quantity: a singular lower-case head, no method,
    no name; a plural head counts things ("reduces harmful responses by"), unless it is a metric's.

    >>> _is_measured_object("systematic bias"), _is_measured_object("the baseline"), _is_measured_object("Llama-3")
    (True, False, False)
    """
    head = phrase.split()[-1]
    return head.islower() and head not in _NOT_MEASURED and head not in _GENERIC and not _efficiency(phrase) \
        and not _plural(head)


def _read_lead(lead: str, reading: _Reading) -> None:
    """Metric and kind from the words before a number: "an F1 of", "improves accuracy by", "from"."""
    if _CURRENCY_BEFORE.search(lead, max(0, len(lead) - 8)):
        reading.other = True  # "USD 10,000": a sum of money, a cost
    if _WITHIN.search(lead):
        reading.other = True  # "within 0.2% accuracy of", "within 10 μm": a gap or a tolerance, no level reached
        return
    # the cue patterns end at the number: only the lead's last characters can match them
    window = max(0, len(lead) - _CUE_CHARS)
    by = _BY.search(lead, window)
    verb = by and not by.group().lower().startswith("by") and re.search(r"(\w+)\s*$", lead[:by.start()])
    if verb and (verb.group(1) in ("of", "at") or _VERB.fullmatch(verb.group(1)) and not _CUE_WORD.fullmatch(verb.group(1))):
        by = None  # "achieving up to 97.3%", "failure rates of up to 96.7%": a level; not "improving up to 5%"
    if by:
        _read_by(lead[:by.start()], reading)
        return
    paren = _PAREN_LEAD.search(lead, window)
    if paren:  # "emotional consistency (+26%)", "savings (up to 80%)"; not "outperforms DSP-v1.5 (54.9%": a name's score
        phrase = _phrase_before(lead[:paren.start()])
        if not (phrase and rules.is_name_like(phrase.split()[-1])):
            _note_subject(reading, phrase)
            reading.bracketed = reading.metric is not None
    noun = _KIND_NOUN_LEAD.search(lead, window)
    if noun and _kind_of(noun.group(1)):  # "performance degradation -- on average 46.4%"; not "on DROP, 84.5%"
        reading.kind = _kind_of(noun.group(1))
        return
    start = _FROM.search(lead, window)
    if start:
        _read_from(lead[:start.start()], reading, between=start.group().lower().startswith("between"))
        return
    to = _TO.search(lead, window)
    if to and _read_to(lead[:to.start()], reading):
        return
    of = _OF.search(lead, window)
    if of and not _ABSOLUTE_LEAD.search(lead, window):
        _read_of(lead[:of.start()], of.group(), reading)
    elif _NAME_JUST_BEFORE.search(lead, window):  # "attains FID 2.16, and sFID 8.07": a metric's name, then its value
        _read_name_before(lead, window, reading)


_POINTS_BEFORE = re.compile(r"\b(?:percentage[\s-])?points?\s*$|\bpp\s*$", re.I)


def _read_of(before: str, relation: str, reading: _Reading) -> None:
    """ "an F1 of", "a gain of", "accuracy above", "R^2=", "the MAE for ... were": `relation` is the word or sign that
    ties the words `before` it to the number (:data:`_OF`)."""
    noun = re.search(r"(\w+)\s*$", before)
    bound = _BOUND.match(relation)
    if noun and _kind_of(noun.group(1)) and not (bound and noun.group(1) in ("drop", "fall")):
        # "a gain of", "an accuracy improvement of"; not "drop below X": a level reached
        reading.kind = _kind_of(noun.group(1))
        before = before[:noun.start()]
        points = _POINTS_BEFORE.search(before)
        if points:  # "an average percentage point improvement of +6.2": the unit comes first
            reading.unit, before = "points", before[:points.start()]
        named = _AGGREGATE_LEAD.sub("", _phrase_before(before) or "")
        if re.fullmatch(r"[A-Z][\w\-@]+", named) and not _model_or_dataset(named):
            reading.metric = named  # "an average relative CHAIR_s reduction of 4.0%": what was reduced, by its name
            return
    phrase = _phrase_before(before)
    change = phrase and _CHANGE_IN.search(before, 0, len(before.rstrip()) - len(phrase))
    if change and _kind_of(change.group(1)) and reading.kind == "absolute":
        reading.kind = _kind_of(change.group(1))  # "an improvement in accuracy of 5.2%"
    if phrase is None and relation.startswith("=") and before[-1:].strip():
        reading.unnamed = True  # "R^2=0.849": a symbol of its own, not the sentence's metric
    if phrase and bound:  # "accuracy above X": the phrase must name the metric alone
        at = len(before.rstrip()) - len(phrase)
        if _LISTED.search(before, 0, at):
            reading.vague = True  # "precision, recall, and F1 scores exceeding X": a bound of a list, no metric
            return
        words = phrase.split()
        if any(_plural(word) for word in words[:-1]) or _plural(words[-1]) and not _is_metric(words[-1]) \
                or _NOT_MEASURED.intersection(words) or before[at - 1:at].isdigit():
            reading.unnamed = True  # "models maintain accuracy above", "baseline scores below", "rates above"
            return
    if phrase and _ARTICLE_ACRONYM.search(before) and not _model_or_dataset(phrase):
        reading.metric = phrase  # "a TMCC of 0.95", "an NSD of 67.3": a measure by its acronym
        return
    subjects = _METRIC_FOR.findall(before) if _COPULA.match(relation) else []
    if len(subjects) == 1 and _is_metric(subjects[0]):
        reading.metric = subjects[0]  # "the MAE for the heart rate, SBP, and DBP were 3.83 BPM, ...": the MAE's;
        return  # not "the accuracy for A and the F1 for B were", two subjects
    _note_subject(reading, phrase)
    reading.bracketed = reading.metric is not None and before.rstrip().endswith("(")  # "precision (>96% AUC"


def _read_name_before(lead: str, window: int, reading: _Reading) -> None:
    """A name right before the number: a metric's ("attains FID 2.16"), or a verb of change ("it drops 3.9 chrF")."""
    verb = _VERB_JUST_BEFORE.search(lead, window)
    if verb and _is_change_verb(verb.group(1)) and not lead.endswith("$"):  # "it drops 3.9 chrF": a verb of change
        # with no "by"; not "raises $2.5 in revenue": a sum of money
        reading.kind = _direction(verb.group(1))
        return
    phrase = _phrase_before(lead)
    if phrase and phrase.lower() in _metric_names() and not _THRESHOLD_BEFORE.search(lead, 0, lead.rstrip().rfind(phrase)):
        reading.metric = phrase  # not "mAP at IoU 0.5": a threshold is a setting


_BOUND = re.compile(r"below|above|exceeding", re.I)
_COPULA = re.compile(_COPULAS + r"\b", re.I)
_METRIC_FOR = re.compile(r"\bthe\s+([\w\-@]+)\s+for\b", re.I)  # "the MAE for the heart rate, SBP, and DBP (were)"
_PERFORMANCE = re.compile(r"\bperformance\b", re.I)


def _of_performance(text: str, lead_start: int, number, end: int) -> bool:
    """A change said of performance, in the words just before the value or in its own phrase after it (up to a comma):
    "performance degradation -- on average 46.4%", "a 0.4% drop in performance"; not "by 60% while preserving performance"."""
    tail = text[number.after:min(end, number.after + 25)].split(",")[0]
    return bool(_PERFORMANCE.search(text, lead_start, number.start) or _PERFORMANCE.search(tail))
_WITHIN = re.compile(r"\bwithin\s+" + _QUALIFIERS + "$", re.I)
_VS = re.compile(r"\b(?:vs\.?|versus)(?!\w)")
_BASELINE_BRACKET = re.compile(r"\bbaselines?\s*\(\s*(?:[A-Za-z][\w\-@]*\s*[=:]\s*)?$", re.I)
#: a condition a value sets: "when word error rate is below 20%", "if the overlap exceeds 50%"
_CONDITION = re.compile(r"\b(?:when|if|whenever|unless|once)\s+(?:the\s+|its\s+|their\s+)?(?:[\w\-]+\s+){0,4}?"
                        r"(?:exceeds?|(?:is|are|was|were|falls?|drops?|stays?|remains?|goes)\s+(?:below|above|under|"
                        r"over|beyond|less\s+than|more\s+than|greater\s+than|lower\s+than|higher\s+than|at\s+least|"
                        r"at\s+most))\s*$", re.I)
_ARTICLE_ACRONYM = re.compile(r"(?:^|\s)an?\s+[A-Z][A-Za-z]*[A-Z][A-Za-z]*\s*$")  # "a TMCC", "an IS", "a VIoU"
_AGGREGATE_LEAD = re.compile(r"^(?:(?:average|mean|overall|relative|absolute)\s+)+", re.I)
_CHANGE_IN = re.compile(r"\b(\w+)\s+in\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}$")  # "(a drop) in (balanced) (accuracy of)"
_ASIDE_END = re.compile(r"[\s$]*\)")  # a lead that starts by closing the bracket of the values before it
_ASIDE_BEFORE_BY = re.compile(r"\s*\([^()]*\s[^()]*\)\s*$")  # a bracketed aside of several words
_VERB_JUST_BEFORE = re.compile(r"(\w+)\s+" + _QUALIFIERS + "$")
_CURRENCY_BEFORE = re.compile(r"\b(?:USD|EUR|GBP|US\$)\s*$")
_NAME_JUST_BEFORE = re.compile(r"[\w@}\-]\s\$?$")  # "AUROC $0.972$"
_THRESHOLD_BEFORE = re.compile(r"(?:\bat|@)\s*$", re.I)
_LISTED = re.compile(r"\w,\s*(?:and\s+|or\s+)?$|\w,?\s+(?:and|or)\s+$")


def _plural(word: str) -> bool:
    """A word that reads as a plural noun ("models", "rates"); "bias", "loss", "consensus" are singular."""
    return word.islower() and word.endswith("s") and not word.endswith(("ss", "us", "is", "as"))


def _counted(word: str) -> bool:
    """A plural of things counted, in lower case or capitals: "images", "VLMs"; not "mAP_S"."""
    return word.endswith("s") and _plural(word.lower())


def _read_by(before: str, reading: _Reading) -> None:
    """ "improves accuracy by", "outperforms X by", "reduces FID by", "... and CEA by"."""
    before = _ASIDE_BEFORE_BY.sub(" ", before)  # "improves pass@2 (the official metric) by"
    clause = max((match.end() for match in _CLAUSE_BREAK.finditer(before)), default=0)
    cues = list(_CUE_WORD.finditer(before, clause))  # "... degradation, whereas perplexity rises by": not a reduction
    if not cues:  # "... and the code average by 3.7%": the verb came before the previous number
        reading.kind = "same"
        phrase = _phrase_before(before)
        reading.continues = phrase is None  # "by 9.0% on average and up to 15.6%": the same subject
        # "... and memory costs by", "and CUDA latency by"; not "and token accuracy by"
        cost = phrase and (_efficiency(phrase.split()[-1]) or _efficiency(phrase) and not _is_metric(phrase))
        _note_subject(reading, phrase, metric_only=not cost)
        if reading.unnamed and re.fullmatch(r"(?:[a-z]+\s)?(?:[A-Z]{2,}|[a-z]+)", phrase) and re.search(
                r"(?:,|\band)\s+(?:the\s+)?(?:\S+\s+)?\S+\s*$", before):  # "... and CEA by", "and guided CVR by":
            # coordinated with an object
            reading.parallel = phrase
        return
    cue = cues[-1]
    reading.kind = _direction(cue.group())
    reading.against = bool(_VERSUS.match(cue.group()))
    between = before[cue.end():]
    if not between.strip() and not _VERSUS.match(cue.group()):  # "NIQE improving by 60.66%": metric, then verb
        subject = _AUXILIARY_AFTER.sub(" ", before[:cue.start()])  # "the mean position error is reduced by"
        owner = re.search(r"\s+of\s+(?:[\w\-.]+\s+){0,2}[\w\-.]+\s*$", subject)  # "the average training time of HE-GP was reduced by"
        passive = _phrase_before(subject)
        head = _phrase_before(subject[:owner.start()] + " ") if owner else None
        if head and (_is_metric(head) or _efficiency(head.split()[-1])):
            passive = head  # what is measured is the phrase before "of", not its owner
        if passive and (_is_metric(passive) or _efficiency(passive.split()[-1])):  # "FLOPs can be reduced by": a cost
            _note_subject(reading, passive)
        else:  # "the disparities among groups were diminished by": a subject of its own, no metric lent to it;
            # a generic one ("the performance is improved by ... in terms of RMSE") says nothing
            phrase = _phrase_before(subject)
            _note_subject(reading, phrase if phrase and phrase.split()[-1].lower() not in _GENERIC else None,
                          metric_only=True)
    elif _kind_of(cue.group()) and re.match(r"\s+in\s", between):  # "an improvement in average accuracy by"
        _note_subject(reading, _phrase_before(between[between.index("in") + 2:]), metric_only=True)
    elif not _VERSUS.match(cue.group()):  # "outperforms X by": X is a competitor, not a metric
        chunk = re.split(r"\b(?:of|during|on|in|for|at|over|across|when|under)\b", between)[0] + " "
        phrase = _phrase_before(cue.group() + chunk)  # the verb before: "improves driving score" (a participle, then)
        # the verb's object only right after it and in its clause: "improves X while preserving Y by",
        # "reducing X, we set ... by" and "improving the area under the curve (AURC) by" say nothing of Y
        adjacent = phrase is not None and _OBJECT_GAP.fullmatch(chunk, 0, chunk.rfind(phrase)) is not None \
            and not re.search(r"[,;:()]", between)
        _note_subject(reading, phrase, measured=adjacent)


_AUXILIARY_AFTER = re.compile(r"\s(?:(?:is|are|was|were|has|have|had|can|could|will|would|be|been|being)\s+)+$")
_OBJECT_GAP = re.compile(r"\w*\s+(?:(?:the|its|their|our|his|her|an?)\s+)?")


_RANGE_VERB = re.compile(r"ranges?|var(?:y|ies)|spans?", re.I)


_CHANGES_RANGING = re.compile(r"(\b(?:an?|the)\s+(?:\w+\s+)?)?\b(improvements?|gains?|increases?|reductions?|decreases?|"
                              r"drops?|boosts?)\s*,?\s*((?:ranging|ranges?|ranged|varying|vary|varies)\s*)?$", re.I)


_PLURAL_CHANGES = frozenset(("improvements", "gains", "reductions"))  # plurals that are no verb (mostly)


def _read_from(before: str, reading: _Reading, between: bool = False) -> None:
    """ "accuracy increases from 60%", "improving NormRecall@100 from 0.18", "FID from 76.77"; `between`: the words
    before the number end in "between"."""
    noun = _CHANGES_RANGING.search(before)
    if noun and (noun.group(3) or between and (noun.group(1) or noun.group(2).lower() in _PLURAL_CHANGES)):
        # "an increase between 1.47% to 8.80% in mAP", "accuracy improvements ranging from 21.3% to 60.2%": a range of
        # changes; not "accuracy increases from" nor "increases between 60% and 70% of the budget": levels, a verb's
        reading.kind = _kind_of(noun.group(2))
        _note_subject(reading, _phrase_before(before[:noun.start(2)]), metric_only=True)
        return
    reading.from_start = True
    before = re.sub(r"\s+(?:on|in|for)\s+\S+\s*$", "", before)
    phrase = _phrase_before(before)
    verb = _CUE_WORD.search(before, max(0, len(before) - 20))
    last = re.search(r"(\w+)\s*$", before)
    # where a change started ("improves pass@1 from", "reducing FID from"); not "ranged from 0.63", "data from 204"
    reading.baseline = not between and _CUE_WORD.search(before[-40:]) is not None
    if last and (_VERB.fullmatch(last.group(1)) or _RANGE_VERB.fullmatch(last.group(1))) and (
            phrase is None or _RANGE_VERB.fullmatch(last.group(1))) \
            and not before[:last.start()].rstrip().endswith("("):  # "entropy divergence ranging from", "F1 varies
        subject = _phrase_before(before[:last.start()])  # from"; not "the accuracy of the models ranged from": of the models
        counted = subject and _plural(subject.split()[-1]) and not (_is_metric(subject) or _efficiency(subject))
        phrase = None if counted else subject or phrase  # "(range from": no subject, "range" stays what it reads
    elif not _is_metric(phrase) and verb and _ADVERBS.fullmatch(before, verb.end()):  # "accuracy (only) increases from"
        subject = before[:verb.start()]
        phrase = _phrase_before(subject)
        scope = _SCOPE_AFTER_SUBJECT.search(subject)
        if not _is_metric(phrase) and scope and _is_change_verb(verb.group()):  # "the rate on a test set increases from"
            phrase = _phrase_before(subject[:scope.start()] + " ") or phrase
    elif not _is_metric(phrase) and _object_of_change(before) is None:
        phrase = _metric_object(before) or phrase  # "improves Accuracy (ACC), a metric of ..., from"
    _note_subject(reading, phrase, metric_only=True, measured=_object_of_change(before) is not None)


#: a list of names going on after one: "Balanced Accuracy and G-Mean", "chart data accuracy and chart type", "A, B";
#: not "in SICAPv2, improving ..." (a clause)
_NAME_LIST_GOES_ON = re.compile(r"(?:\s+(?:and|or)\s+(?:the\s+)?|\s*,\s*(?:(?:and|or)\s+)?(?:the\s+)?(?=[A-Z]))([A-Za-z][\w\-]*)")
_ON_THE_METRIC = re.compile(r"\s*(?:on|in|for)\s+(?:the\s+)?([A-Za-z][\w\-@]*(?:\s[A-Za-z][\w\-@]*)?)\s+metric\b")
_ADVERBS = re.compile(r"(?:\s+(?:\w+ly|only|further|just|even))*\s*")  # "decreases only from", "rises sharply from"
#: a scope between a subject and its verb: "(rate) on a held-out test set (increases)", "(accuracy) on Game of 24"
_SCOPE_AFTER_SUBJECT = re.compile(r"\s(?:on|in|for|across|under)\s[^,;()]{1,40}$")


def _read_to(before: str, reading: _Reading) -> bool:
    """ "improving diagnostic safety to 90.41%": the object of a verb of change reaches a level (absolute)."""
    phrase = _object_of_change(before)
    if phrase:
        _note_subject(reading, phrase, measured=True)  # "reduces FLOPs to 28.9%": a cost (other)
    return phrase is not None


#: a verb of change as printed before its object: "improves", "raising", "reduced", "boost"; not a noun ("gains")
_CHANGE_VERB = re.compile(rf"(?:{_GAIN_CUE}|{_REDUCTION_CUE})\w*(?:ing|ed|es|s)|(?:improv|increas|rais|reduc|decreas|enhanc)e"
                          r"|boost|lower|lift|cut|los(?:e|es|ing)|lost|ris(?:e|es|ing)|rose", re.I)


def _object_of_change(before: str) -> str | None:
    """The noun phrase that ends `before` when it is the object of a verb of change right before it: "improving
    NormRecall@100", "raises the mean score"; none after a competitor's verb ("outperforms X") or a noun ("gains X").

    >>> _object_of_change("improving NormRecall@100 "), _object_of_change("outperforms GPT-4 ")
    ('NormRecall@100', None)
    """
    phrase = _phrase_before(before)
    if not phrase:
        return None
    at = before.rstrip().rfind(phrase)
    verb = re.search(r"(\S+)\s+(?:(?:the|its|their|our|an?)\s+)?$", before[:at])
    return phrase if verb and _is_change_verb(verb.group(1)) else None


def _is_change_verb(word: str) -> bool:
    """A verb of change whose object is what changes: "improves", not "outperforms" (a competitor) nor "gains"."""
    return bool(_CHANGE_VERB.fullmatch(word)) and not _VERSUS.match(word) and word.lower() not in _KIND_NOUN


def _metric_object(before: str) -> str | None:
    """The metric named right after the last verb of change in `before`, when words describing it stand between it
    and the value: "improves Cell Accuracy (CA), a metric of ..., from"."""
    verbs = [match for match in re.finditer(r"\S+", before) if _is_change_verb(match.group())]
    if not verbs or re.search(r"[;:]", before[verbs[-1].end():]):
        return None
    phrase, _ = _phrase_after(re.sub(r"^\s+(?:(?:the|its|their|our|an?)\s+)?", "", before[verbs[-1].end():]))
    return _without_praise(phrase) if _is_metric(phrase) else None


_SETTING = re.compile(r"[a-z]+(?:-[a-z]+)+")  # "in-domain", "zero-shot"


def _read_tail(tail: str, reading: _Reading, whole: bool = False, signed: bool = False) -> None:
    """Metric and kind from the words after a number (`whole`: a number with no decimals, `signed`: printed with a
    sign): "% mIoU", "% BD-rate reduction", "% of the images"."""
    if reading.bracketed and re.match(r"[\s$]*\)", tail):
        reading.bracketed = False  # "accuracy (97.2%) exceeds": the bracket closes on the value, its lead names it
    share = re.match(r"[\s$]*(?:of\s+(\w+)|per\b)", tail)
    measured, measured_end = _phrase_after(tail[share.start(1):]) if share and share.group(1) else (None, 0)
    if measured and (reading.kind != "absolute" or signed) and reading.metric_open and _is_metric(measured, known=True):
        reading.metric = measured  # a change "of" a metric: "gains of 5 percentage points of accuracy", "+3.1pp of mAP
        reading.after = share.start(1) + measured_end  # in CholecT50"; not a share kept: "retains 96.5% of full model
        return  # accuracy"
    if share or whole and re.fullmatch(r"[\s$]*of\s*", tail):
        if reading.metric_open:  # "55% of the reports": a share of something;
            reading.other = True  # "2 per 1K tokens": a rate; "39 of 40 metrics": a count out of a count
    inside = re.match(r"[\s$]*in\s+([^,;.]{0,60})", tail)
    if inside and _COST_WORDS.intersection(re.split(r"[\s-]+", inside.group(1).lower())):
        # "a reduction of 60% in the number of parameters"
        reading.other = True
    phrase, end = _phrase_after(tail)
    if phrase and _SETTING.fullmatch(phrase) and not _is_metric(phrase):
        phrase = None  # "10.9% in-domain and 8.0% out-of-domain": a setting, not what is measured
    elif phrase and _verb_of_clause(phrase.split()[0]):
        phrase = None  # "The accuracy of 83.44% surpasses": the clause's verb, no plural of things counted
    if not phrase:
        _read_tail_without_phrase(tail, reading)
        return
    words = phrase.split()
    first, last = words[0].lower(), words[-1].lower()
    kind_word = bool(_kind_of(words[0])) and len(words) > 1
    if _kind_of(words[0]) or len(words) > 1 and words[0].endswith("ed") and _is_change_verb(words[0]) \
            and ")" not in tail[:tail.find(words[0])]:  # not "(r=0.5) reduced mean total cost": the clause's verb
        # "2.3% higher accuracy", "9% gain", "10.4% improved pose accuracy"
        reading.kind = _kind_of(words[0]) or _direction(words[0])
        words = words[1:]
        reading.other = reading.other or (first in ("smaller", "larger", "bigger") and not words)  # "50x smaller": a size
    elif all(word.lower() in _DEGREE for word in words):
        words = []  # "6.8% absolute over the backbone", "(20% relative)": how a change is measured, not what changed
        reading.degree = not re.match(r"\s+of\b", tail[end:])  # not "within 1% absolute of"
    elif _kind_of(words[-1]):  # "46.6% BD-rate reduction"
        reading.kind = _kind_of(words[-1])
        words = words[:-1]
        if all(word.lower() in _DEGREE for word in words):
            words = []  # "12% relative improvement (in WER)": what improved comes after
    if len(words) > 1 and _SETTING.fullmatch(words[-1]) and _is_metric(" ".join(words[:-1])):
        words = words[:-1]  # "35.45% F1 zero-shot": the metric, then its setting
    if words and words[-1].lower() in ("points", "pts") and len(words) > 1:  # "2.84 macro-F1 points"
        reading.unit, words = "points", words[:-1]
        if len(words) > 1 and words[-1].lower() == "percentage":  # "-19.9 F1 percentage points"
            words = words[:-1]
    reading.after = end
    rest = " ".join(words)
    if not words:
        measure = _ON_THE_METRIC.match(tail, end)  # "18.2% improvements on the AAD metric"; not "the core online metric"
        if measure and (reading.metric_open) and (
                _is_metric(measure.group(1)) or any(c.isupper() for c in measure.group(1))):
            reading.metric = measure.group(1)
            return
        found = re.match(r"\s*in\s+((?:[\w\-@]+(?:\.\w+)*\s?){1,4})", tail[end:])  # "in Abs.Rel"
        named, named_end = _phrase_after(found.group(1)) if found else (None, 0)
        task = named and re.match(r"\s*([a-z\-]+)", found.group(1)[named_end:])
        if named and (named.split()[-1] in rules.TASK_HEADS or task and task.group(1) in rules.TASK_HEADS):
            reading.unnamed = True  # "a 19.67% improvement in (hour-long video) understanding": in a task, of no
            return  # metric, none lent either
        if named and (_is_metric(named) or not rules.is_name_like(named.split()[0])):  # "14% improvement in recall"
            rest, kind_word = named, reading.kind != "absolute"
            reading.after = end + found.start(1) + named_end  # "3.7% increase in Recall@1 on CUB-200": on goes on
        else:
            return
    head = rest.split()[-1]
    counted = _counted(head) and not (kind_word and head.lower() in ("metrics", "measures", "scores"))
    # "19.1% enhancement in classification metrics": a change of measures, not a count of them
    if _efficiency(rest) or last in ("times",):
        reading.other = True
    elif (_is_metric(rest) or kind_word and not counted
          or _ACRONYM.fullmatch(rest)) and reading.metric_open \
            and not (reading.bracketed and reading.metric and not _is_metric(rest)):  # "+6.18 SARI"; not "accuracy
        # (+2.1% OOD)": inside a bracket only a metric's name replaces the one before it
        reading.metric = _without_praise(rest)  # "75% lower deviation": the cue makes the words a metric
        reading.vague = reading.vague or reading.metric is None  # "gains in (overall) performance": of no metric
    elif (reading.kind == "absolute" or kind_word) and counted and not _is_metric(rest):
        reading.other = True  # a count: "5,278 images", "18 VLMs"
    elif not _is_metric(rest):
        reading.unnamed = True


#: a metric's name alone in brackets right after a value: "5.7% (I-AUROC)"
_METRIC_IN_BRACKETS = re.compile(r"[\s$]*\(\s*([A-Za-z][\w\-@.^]*(?:\s[\w\-@.^]+){0,2})\s*\)")


def _read_tail_without_phrase(tail: str, reading: _Reading) -> None:
    """The words after a number that start with no noun phrase: "20 points above", "+1.70dB in PSNR", "in terms of
    mean average precision", "14% on Pass@128"."""
    bracket = _METRIC_IN_BRACKETS.match(tail)
    if bracket and reading.metric_open and _names_metric(bracket.group(1)):
        reading.metric, reading.own_metric = bracket.group(1), True  # "gains of 5.7% (I-AUROC) and 2.0% (AUPRO)"
        reading.after = bracket.end()
        return
    side = re.match(r"\s*(above|below)\s", tail)
    if side and reading.kind == "absolute":  # "20 points above the strongest baseline": a difference
        reading.kind = "gain" if side.group(1) == "above" else "reduction"
    inside = re.match(r"\s*(in|on)\s+(?:terms\s+of\s+)?(the\s+)?", tail)  # "+1.70dB in PSNR", "in the F1 measure",
    # "by +5.51% in terms of mean average precision"
    metric, metric_end = _phrase_after(tail[inside.end():]) if inside else (None, 0)
    if inside and inside.group(1) == "on" and not (metric and _names_metric(_without_praise(metric) or "")):
        return  # "on" names a dataset, unless a metric the vocabulary knows follows: "gains of 14% on Pass@128"
    listed = metric and _NAME_LIST_GOES_ON.match(tail, inside.end() + metric_end)
    if listed and not (_VERB.fullmatch(listed.group(1)) or _is_change_verb(listed.group(1))):
        reading.unnamed = True  # "by 2.46% and 4.00% in terms of Balanced Accuracy and G-Mean": whose is unsaid
        return
    if metric and " " in metric and metric.rsplit(maxsplit=1)[1].lower() == "metric":
        metric = metric.rsplit(maxsplit=1)[0]  # "by 3.6% in the mAP metric"
    if _is_metric(_without_praise(metric)) and reading.metric_open:  # "in AUROC values": the metric's readings
        reading.metric = _without_praise(metric)
        reading.own_metric = inside.group(1) == "on"  # "+4.7% on Global-MMLU accuracy, +2.4% on Flores XCometXL"
    elif metric and metric[0].islower() and not _SETTING.fullmatch(metric) and not inside.group(2) \
            and metric.split()[-1] not in rules.TASK_HEADS:  # "97% in multi-label classification": where, not what
        reading.unnamed = True  # "25% in clinical efficacy": a subject of its own; not "0% in the worst"


def _verb_of_clause(word: str) -> bool:
    """A verb in the third person that a value may be the subject of: "surpasses", "achieves"; not "gains", nor a
    plural that may be a noun ("12,000 records", "3 sets", "savings")."""
    return word.endswith("s") and not _kind_of(word) and bool(_CLAUSE_VERB.fullmatch(word))


#: verbs in the third person that no plural noun spells: "83.44% surpasses", "(Gemma-3 12B) achieves"
_CLAUSE_VERB = re.compile(r"(?:outperform|surpass|exceed|beat|outstrip|improv|increas|rais|boost|enhanc|reduc|decreas|"
                          r"lower|achiev|attain|reach|obtain|deliver|demonstrat|exhibit|retain|preserv|secur)e?s", re.I)


def _efficiency(phrase: str) -> bool:
    return any(word.lower().strip(".,") in _EFFICIENCY for word in re.split(r"[\s-]+", phrase))


# --- datasets and models ------------------------------------------------------------------------

_NAME = r"(?:[A-Z][\w\-+.']*[\w+]|[A-Z]|\d+[A-Za-z](?:[\w\-+.]*[\w+])?|\d+-[A-Z][a-z][\w\-+.']*[\w+]|[a-z]+-?[A-Z][\w\-+.']*[\w+])"  # ... "mini-ImageNet", "miniF2F"
#: a version or year that ends a name ("AlpacaEval 2", "Robotwin 2.0", "AIME 2025"), not a value after it ("COCO 45.1%")
_NAME_VERSION = r"(?:v\d[\w.]*|\d\.\d\b|(?:\d|(?:19|20)\d\d)\b(?![.,]\d))(?!\s*(?:\\?%|points?\b|pp\b))"
_NAMES = rf"{_NAME}(?:\s+(?:{_NAME}|{_NAME_VERSION}))*"
_VERSION_AFTER = re.compile(rf"\s+{_NAME_VERSION}|-v\d[\w.]*\w")  # "AIME 2025", "COCO 2017", "DOTA-v1.5"
_DATASET_AFTER = re.compile(rf"\b(?:[Oo]n|[Ii]n|[Aa]cross|(?:subset|split|portion)s?\s+of)\s+(?:the\s+|our\s+)?(?:``|[\"“'])?"
                            rf"((?:[a-z][a-z\-]*\s+){{0,3}})({_NAMES})"  # ... 'on the ``Pneumonia CXR dataset"'
                            r"(\s+(?:dataset|benchmark|corpus|test set|validation set|val set|dev set|split|subset|"
                            r"leaderboard)s?\b)?")
_DATASETS_AFTER_LIST = re.compile(r"\s+(?:datasets|benchmarks|corpora)\b")
_NEXT_NAME = re.compile(rf"(?:\s*\([^()]{{1,40}}\))?(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?({_NAMES})")  # "A (tumor
# segmentation) and B (left ventricle tracking)": a list with a bracketed aside after a name
#: a name followed by a device word or a lower-case noun is no dataset ("H100 GPUs", "HPV classification")
_NOT_DATASET_AFTER = re.compile(r"-(?:\s|[a-z])|\s*(?:GPUs?|CPUs?|hardware|devices?\b|(?!(?:and|or|with|on|in|for|of|to|at|by|from|as|"
                                r"while|when|which|that|than|respectively|compared|using|under|dataset|benchmark|corpus|"
                                r"test|validation|val|dev|split|subset|leaderboard|show|shows|showed|demonstrate|demonstrates|indicate|indicates|reveal|reveals|"
                                r"confirm|confirms|suggest|suggests|verify|validate|highlight|achieves?|reach|reaches|"
                                r"yields?|benchmarks?|datasets?|only|alone|both|all|each|through|via|over|across|within|"
                                r"without|despite|after|before|during)\b)[a-z]{3,}\b)")


#: a name, then a bracketed acronym or up to three words describing it, then a dataset noun
_DESCRIBED_DATASET = re.compile(r"(\s*\([^()\s]{1,20}\))?(?:\s+(?!(?:and|or|with|on|in|of|for|to|the|our|an?|its|their)\b)"
                                r"[\w\-]+){0,3}?\s+(?:dataset|benchmark|corpus)\b")


@dataclass(frozen=True)
class _Dataset:
    start: int
    end: int
    name: str
    key: str | None
    group: int  # datasets of one coordinated list ("on COIN and CrossTask") share a group
    reliable: bool = True  # named after "on"/"in" or in the vocabulary: may stand for a whole sentence


#: "trained on", "pretrained with segment-level supervision on": what follows is what a model learnt from
_TRAINED = re.compile(r"(?:trained|tuned|learned|distilled)(?:\s+(?:with|using|via)(?:\s+(?!(?:and|or|then|but)\b)[\w\-]+){1,4})?"
                      r"\s+$", re.I)  # not "tuned with LoRA and evaluated on": the words stop at a coordinated verb
_UNKNOWN = _Dataset(-1, -1, "", None, 0)  # a dataset named but not known: a wrong one in a table is worse than none


#: a list of names that a dataset noun introduces: "four benchmarks: AIME2024, MATH-500, GPQA-Diamond, and
#: LiveCodeBench", "four datasets (ADI, MBM, VGG, and DCC)", "four datasets, i.e., ScanRefer, ScanNet, FMB, and nuScene"
_DATASETS_NAMED_AFTER = re.compile(rf"\b(?:datasets|benchmarks|corpora)\s*(?::|\(|,?\s+(?:namely|i\.e\.,?),?)\s*({_NAMES})")


def _name_list(text: str, first: tuple[int, int], end: int) -> tuple[list, int, bool]:
    """The spans of a list of names that starts with the span `first` ("A, B and C", "A (aside), B"), where it
    ends, and whether it is closed by "and"/"or" ("on A, B achieves" is no list of two)."""
    names, position, closed = [first], first[1], False
    while not closed:
        more = _NEXT_NAME.match(text, position, end)
        if not more:
            break
        names.append(more.span(1))
        position = more.end(1)
        closed = bool(re.search(r"\b(?:and|or)\s", more.group()))  # "on A and B, COEVO achieves": it ends at "and"
    return names, position, closed


def _may_name_dataset(text: str, start: int, end: int, models) -> bool:
    """A listed name that is no model the pipeline found (`models`: spans), no metric, task ("on QA"), model family
    or label."""
    name = text[start:end]
    return not (any(a <= start < b for a, b in models) or _names_metric(name) or _names_task(name)
                or _of_model_family(name) or _is_label(name))


def _names_task(name: str) -> bool:
    """A task's name in the vocabulary that is no dataset's ("QA", "NLI")."""
    lexicon = load_lexicon()
    return lexicon.lookup("task", name) is not None and lexicon.lookup("dataset", name) is None


def _datasets(text: str, start: int, end: int, mentions) -> list[_Dataset]:
    """Datasets a sentence names after "on"/"in"/"across" (with coordinated lists), and the pipeline's."""
    models = [(m.start, m.end) for m in mentions if m.type == "model" and m.rule != "head-word"]
    found, group = [], 0
    for match in _DATASET_AFTER.finditer(text, start, end):
        group += 1
        if _TRAINED.search(text, max(start, match.start() - 60), match.start()):
            continue  # "fine-tuned on SAPBert": a name guessed after "trained on" is what a model learnt from
        names, position, closed = _name_list(text, match.span(2), end)
        plural = (match.group(3) or "").endswith("s")
        suffix = re.match(r"\s+(?:dataset|benchmark|corpus|test set|validation set|val set|dev set|split|subset)(s?)\b",
                          text[position:end])
        plural = plural or bool(suffix and suffix.group(1))
        if closed and any(any(a <= s < b for a, b in models) for s, _ in names):
            continue  # "Across mBERT and XLM-R": a list with a model in it lists models
        names = [(s, e) for s, e in names if _may_name_dataset(text, s, e, models)]
        benchmark_like = sum(_is_dataset_name(text[s:e]) for s, e in names)
        for s, e in names:
            name = text[s:e]
            described = len(names) == 1 and _DESCRIBED_DATASET.match(text, e, end)
            if described and (_is_dataset_name(name) or described.group(1)) \
                    and not any(part in rules.LANGUAGES for part in re.split(r"[\s-]", name)):
                # "on the AIME2024 mathematical reasoning benchmark", "on the View-of-Delft (VoD) dataset"; not "a Chinese corpus"
                found.append(_Dataset(s, e, name, None, group))
                continue
            if plural and len(names) == 1 or _NOT_DATASET_AFTER.match(text, e):
                continue
            if match.group(1) and not (match.group(3) or suffix or _adjective_before_benchmark(text, start, match)
                                       or _EXAMPLES_LEAD.fullmatch(match.group(1))):
                continue  # "on the more challenging X benchmark", "on the challenging OmniDocBench": words before
                # a name only with a dataset noun after it, or after "the" before a benchmark's name
            if _is_dataset_name(name) or (match.group(3) or suffix) and not plural or len(names) > 1 and (_DATASETS_AFTER_LIST.match(
                    text, position, end) or closed and 2 * benchmark_like >= len(names) and name[:1].isupper()):
                # "on the BraTS 2021 and Figshare datasets", "on GSM8K, MATH500, Countdown, and HumanEval": a list
                # named as datasets, or one that benchmark names make up half of; not "the English and Chinese splits"
                found.append(_Dataset(s, e, name, None, group))
    for match in _DATASETS_NAMED_AFTER.finditer(text, start, end):  # "on four benchmarks: AIME2024, MATH-500, ..."
        names, _, closed = _name_list(text, match.span(1), end)
        names = [(s, e) for s, e in names
                 if not any(d.start <= s < d.end for d in found) and _may_name_dataset(text, s, e, models)]
        if closed and len(names) >= 2:  # a whole list, "A, B and C": the noun before it says what they are
            group += 1
            found.extend(_Dataset(s, e, text[s:e], None, group) for s, e in names)
    for mention in mentions:
        if mention.type == "dataset" and mention.rule != "head-word" and start <= mention.start < end \
                and not any(d.start <= mention.start < d.end for d in found) \
                and (mention.in_vocabulary or not _MODEL_SIZE.search(mention.text)) \
                and not _PRETRAINED_ON.match(text, mention.end):  # "an ImageNet-pretrained ViT": what it learnt from
            group += 1
            version = _VERSION_AFTER.match(text, mention.end, end)  # "AIME 2025", "COCO 2017"
            stop = version.end() if version else mention.end
            found.append(_Dataset(mention.start, stop, text[mention.start:stop], mention.key, group, mention.in_vocabulary))
    return sorted(found, key=lambda d: d.start)


_EXAMPLES_LEAD = re.compile(r"(?:datasets|benchmarks|corpora)\s+(?:such\s+as|including|like)\s+")  # "on datasets such as"


def _adjective_before_benchmark(text: str, start: int, match: re.Match) -> bool:
    """ "on the challenging OmniDocBench": the words between "the" and the first name of `match`
    (:data:`_DATASET_AFTER`) describe a benchmark; not "on six LLMs", "on the mainstream VLM, Qwen2.5-VL"."""
    first = match.group(2)
    return bool(re.search(r"\b(?:the|our)\s+$", text[max(start, match.start(1) - 4):match.start(1)])) \
        and _is_dataset_name(first) and not re.fullmatch(r"[A-Z]{2,}s?", first) \
        and not _STOP.intersection(match.group(1).split())


def _names_metric(name: str) -> bool:
    """A name the vocabulary knows as a metric, or one made of a known metric's name ("AUC-ROC", "image-AUROC")."""
    return bool(load_lexicon().lookup("metric", name)) or _is_metric(name, known=True)


def _is_label(name: str) -> bool:
    """An enumeration label, not a dataset: "Task 2", "Track 1", "Round 5", "Figure 1"."""
    return re.fullmatch(r"\S+\s+\d+", name) is not None and _LABEL_BEFORE.search(name, 0, name.rfind(" ") + 1) is not None


def _of_model_family(name: str) -> bool:
    """A name that opens with a model family the vocabulary knows, then a version: "GPT-5-mini", "Gemini-3 Flash",
    "Qwen2.5-7B"; not a benchmark named after one ("LLaVA-Bench")."""
    family = re.match(r"[A-Za-z]{3,}(?=[\d\-. ])", name)
    return bool(family and load_lexicon().lookup("model", family.group()) and not load_lexicon().lookup("dataset", name)
                and not any(noun.lower() in name.lower() for noun in _DATASET_NOUNS))


#: a billions-of-parameters size ending a name: "Qwen3-14B", "GPT-OSS-120B-Instruct" name models, not datasets
_MODEL_SIZE = re.compile(r"[\-\s]\d+(?:\.\d+)?B(?:-[A-Za-z]+)?$")


_CAMEL = re.compile(r"[a-z]+[A-Z][\w\-]*")  # "miniF2F", "nuScenes"
_LED_BY_DIGITS = re.compile(r"\d+(?:[A-Z]{2}[A-Za-z]+|[A-Z]{3,})")  # "360VOTS", "3DPW"; not "3D", "12GB", "7B"
_DATASET_NOUNS = frozenset(("Benchmark", "Dataset", "Corpus", "Bench", "Suite", "Arena", "Leaderboard"))


def _is_dataset_name(name: str) -> bool:
    """A name after "on"/"in" that reads as a benchmark's: name-like ("HealthBench"), versioned ("Robotwin 2.0"),
    ending in a dataset noun ("Multimodal AutoML Agent Benchmark"), camel case ("miniF2F"), led by digits
    ("360VOTS"), or capitalised hyphen parts ("Arena-Hard", "7-Scenes")."""
    words = name.split()
    first = words[0]
    if _MODEL_SIZE.search(name) and load_lexicon().lookup("dataset", name) is None:
        return False
    return rules.is_name_like(first) or (len(words) > 1 and (words[-1][0].isdigit() or words[-1] in _DATASET_NOUNS)) or bool(
        _CAMEL.fullmatch(first) or _LED_BY_DIGITS.fullmatch(first)) or (
        "-" in first and all(part[:1].isupper() or part.isdigit() and index == 0 for index, part in enumerate(first.split("-"))))


_PRETRAINED_ON = re.compile(r"-(?:pre-?)?trained\b|-initiali[sz]ed\b", re.I)


def _known_dataset(name: str, datasets) -> _Dataset | None:
    """The dataset called `name` (a name, as written) that the sentence names elsewhere as one, or that the
    vocabulary knows under that very spelling: not "drive" (the DRIVE dataset's name in lower case)."""
    if not rules.is_name_like(name):
        return None
    named = next((d for d in datasets if d.name == name and d.reliable), None)
    entry = load_lexicon().lookup("dataset", name)
    return named or (_Dataset(-1, -1, name, None, 0) if entry and entry.name == name else None)


def _dataset_key(dataset: _Dataset, mentions) -> str:
    for mention in mentions:  # "AlpacaEval 2": the node of the vocabulary's "AlpacaEval" it starts with
        if mention.type == "dataset" and mention.start == dataset.start and mention.end <= dataset.end:
            return mention.key
    entry = load_lexicon().lookup("dataset", dataset.name)
    return entry.key if entry else canonical_key("dataset", dataset.name)


_GENERIC_METRIC_HEAD = re.compile(r"[\s-]+(score|error|value|metric|measure)s?$", re.I)


def _metric_key(metric: str) -> str:
    """The node of a metric as printed; a known metric with a generic head word after it is that metric ("error"
    only after a metric whose lower values are better: "recall error" is not recall).

    >>> _metric_key("AbsRel error"), _metric_key("FID score"), _metric_key("pose error"), _metric_key("recall error")
    ('metric:absrel', 'metric:fid', 'metric:poseerror', 'metric:recallerror')
    """
    lexicon = load_lexicon()
    entry = lexicon.lookup("metric", metric)
    head = _GENERIC_METRIC_HEAD.search(metric)
    if entry is None and head:
        entry = lexicon.lookup("metric", metric[:head.start()])
        if entry and head.group(1).lower() == "error" and not lexicon.metrics[entry.key].lower_is_better:
            entry = None
    return entry.key if entry else canonical_key("metric", metric)


def is_lower_better(metric_key: str | None, metric: str | None = None) -> bool:
    """Whether a smaller value of this metric is a better result (the vocabulary's flag, else its head word).

    >>> is_lower_better("metric:fid"), is_lower_better(None, "top-1 accuracy"), is_lower_better(None, "word errors")
    (True, False, True)
    """
    entry = load_lexicon().metrics.get(metric_key) if metric_key else None
    if entry is not None:
        return entry.lower_is_better
    return bool(metric) and metric.split()[-1].lower() in _LOWER_WORDS


_AGAINST = re.compile(r"(?:over|than|outperform\w*|surpass\w*|compared (?:to|with)|vs\.?|versus|beat\w*)\s+\S*\s*$", re.I)
_PROPOSING = frozenset(("propose", "title-colon", "named"))


def _model(text: str, sentence_start: int, value_start: int, mentions) -> str | None:
    """The model a value is about: the method the text introduces, else a name-like model named before it in the sentence."""
    own = next((m.text for m in mentions if m.type == "model" and m.rule in _PROPOSING), None)
    if own:  # an abstract's numbers are mostly its own method's
        return own
    for mention in reversed(mentions):  # else a name introduced in the sentence before the number
        if mention.type == "model" and mention.rule in ("name-reuse", "abbreviation") and rules.is_name_like(
                mention.text) and sentence_start <= mention.start < value_start and not _AGAINST.search(
                text[max(sentence_start, mention.start - 30):mention.start]):
            return mention.text
    return None


# --- putting it together ------------------------------------------------------------------------

_MODIFIER_AFTER = re.compile(r"\s+(?!(?:and|or|of|on|in|for|with|by|to|at|from|as|than|over|while|when|which|that|"
                             r"across|compared|under|is|are|was|were|respectively)\b)[a-z]{3,}\b")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_AFTER_DATASET = re.compile(r"^\s*(?:(?:on|in|for|across)\s+(?:the\s+)?[^,;]{1,40}?|[a-z]+(?:-[a-z]+)+)(?=\s*(?:,|\band\b))")
_COORDINATION = re.compile(r"[\s$)(\\]*(?:,|and|or|to|vs\.?|versus|--?|–|—|-->|->|→|\\rightarrow|\\to|and by|,\s*and)?[\s$(\\]*"
                          r"(?:\+|~|(?<=to )(?:about|approximately|around|roughly|nearly|almost|over|more than|less than)\s+)?$",
                          re.I)
#: "8% on X", "5.1% on the more challenging X": the words between may only describe X
_METRIC_BEFORE_BRACKET = re.compile(r"(?<![\w\-])([A-Za-z][\w\-@]*)\s*\(\s*" + _QUALIFIERS + "$")
_IMMEDIATE_ON = re.compile(r"[\s$)\\]*(?:,\s*)?(?:on|in|for|across|over)\s+(?:the\s+|our\s+)?(?P<words>(?-i:[a-z][a-z\-]*\s+){0,3})", re.I)
#: "+9.24% over ViT on CIFAR-10": a competitor named, then the dataset; "0.73 F1 in target identification on HateMM":
#: what the value is in (a task, a setting), then the dataset
_COMPETITOR_ON = re.compile(r"[\s$)\\]*(?:(?:over|than|against)\s+(?:the\s+)?[A-Z][\w\-.+]*(?:\s+[\w\-.+]+){0,2}?"
                            r"|in\s+(?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*)\s+on\s+(?:the\s+)?")
#: "On D, ..." opening a sentence or clause (looking behind the sentence's start, which a search from it cannot match)
_LIST_AFTER_COMMA = re.compile(r"\s*(?:and\s+|or\s+)?(?:the\s+)?")
#: a participle's clause: ", achieving"
_PARTICIPLE_CLAUSE = re.compile(r",\s+[a-z]+ing\b")
_CLAUSE_START = re.compile(r"(?:^|(?<=[;:,])\s*|(?<=[.!?;:,]\s))(?:[Oo]n|[Ii]n|[Ff]or|[Aa]cross)\s+(?:the\s+)?" + rf"({_NAMES})[^,;]{{0,40}},")


def find_results(text: str, sentences=None, mentions=()) -> list[Result]:
    """Results stated in `text`, sentence by sentence, in text order (see the module docstring).

    `sentences` are ``(start, end)`` spans (default: the pipeline's rule splitter); `mentions` the
    pipeline's :class:`kg.nlp.pipeline.Mention` records of the text (metrics, datasets, models).

    >>> [(r.value, r.unit, r.kind) for r in find_results("It has 7B parameters and cuts FID by 4.1 on FFHQ.")]
    [('7', 'B', 'other'), ('4.1', '', 'reduction')]
    """
    if sentences is None:
        from kg.nlp.sentences import split_sentences

        sentences = split_sentences(text)
    found = []
    matches = list(_NUMBER.finditer(text))
    if not matches:
        return found
    starts = [match.start() for match in matches]
    for start, end in sentences:
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        if first < last:
            found.extend(_sentence_results(text, start, end, mentions, matches[first:last]))
    return found


def _sentence_results(text: str, start: int, end: int, mentions, matches) -> list[Result]:
    numbers = _numbers(text, start, matches)
    if not numbers:
        return []
    slash_names, own_units = {}, {}
    for number in numbers:
        if number.paired:  # "59.8/40.7 mm on X", "99.3%/74.2% AP": the words right after the pair are of all its values
            own_units[number.start] = number.unit  # the unit printed after the pair's first value
            slash_names[number.start] = names = _slash_metrics(text, start, end, number)
            if names or _phrase_after(text[number.paired[-1].after:end])[0]:
                number.after, number.unit = number.paired[-1].after, number.unit or number.paired[-1].unit
    readings = _readings(text, start, end, numbers)
    _respective_metrics(text, start, end, mentions, numbers, readings)
    datasets = _datasets(text, start, end, mentions)
    assigned = _assign_datasets(text, start, end, numbers, readings, datasets)
    single_metric = _single_metric(text, start, end, mentions, readings)
    named_by_values = {reading.metric for reading in readings if reading.metric}
    units_of_single = {number.unit for number, reading in zip(numbers, readings)
                       if single_metric and reading.metric == single_metric}
    results = []
    for number, reading, dataset in zip(numbers, readings, assigned):
        if dataset is _UNKNOWN:
            continue
        kind = _kind(number, reading)
        names = slash_names.get(number.start) if kind != "other" else None
        lent = single_metric if kind != "other" and not (reading.unnamed or reading.vague) and not (
            reading.generic and single_metric in named_by_values
            and not single_metric.lower().endswith(reading.generic)) \
            and not _other_measure(number.unit, units_of_single) else None  # "accuracy of 81% and a score of 7.1"
        metric = names[0] if names else reading.metric or lent
        if metric and kind != "other" and _efficiency(metric.split()[-1]):
            kind = "other"  # "latency from 20.76s to 8.64s (-58.4%)": a change of a cost named before it is a cost too
        if reading.falls and kind == "absolute" and (metric or dataset):
            kind = "reduction"  # of a named metric or dataset; "Gemini declines -4.8%" names neither (other)
        if metric and dataset and metric.startswith(dataset.name + " "):
            metric = metric[len(dataset.name) + 1:]  # "ImageNet top-1 accuracy": the dataset, then its metric
        elif metric and not dataset and " " in metric and not load_lexicon().lookup("metric", metric):
            named = _known_dataset(metric.split()[0], datasets)  # "improves ALFWorld success by": a dataset, then
            if named:  # what is measured on it
                dataset, metric = named, metric.split(maxsplit=1)[1]
        if kind == "absolute" and not metric and (reading.unnamed or not dataset) or kind != "other" and (
                not number.unit and not number.signed and "." not in number.value and not metric) or kind != "other" \
                and not number.unit and _THOUSANDS.fullmatch(number.value) and not _is_metric(metric, known=True):
            kind = "other"  # a bare number that names no metric or dataset: a count or setting; "over 30,000 ICLR
            # submissions", "3,000 individual scores": a count in thousands, unless of a known metric ("an Elo of 1,250")
        elif kind == "reduction" and not metric and not dataset and number.unit != "points" \
                and not _of_performance(text, max(start, number.start - 60), number, end):
            kind = "other"  # "a 70-95% reduction", "reducing the search space by 77.5%": of no metric, a cost saved mostly;
            # not "drops by 4 percentage points", "performance degradation -- on average 46.4%"
        result = Result(
            number.value, number.unit, metric, dataset.name if dataset else None, kind,
            "baseline" if reading.baseline else _model(text, start, number.start, mentions), number.start, number.end,
            start, end,
            _metric_key(metric) if metric else None, _dataset_key(dataset, mentions) if dataset else None)
        if number.paired:  # "AUROC/AUPRC of 0.838/0.638": each value of the pair is of its own metric, or of the one
            values = [number, *number.paired]  # after them; "45.1/38.2 mAP on A and B, respectively": of its dataset
            first_only = _other_measure(own_units[number.start], {""}) and any(  # "20.71 dB/0.683 SSIM": a physical
                value.unit != own_units[number.start] for value in number.paired)  # unit printed after the first value
            # is its own when the others have another, and the metric after the last is the last's
            shared_unit = "" if first_only else number.unit
            if not names:
                names = [None] * len(number.paired) + [metric] if first_only else [metric] * len(values)
            sets = _respective_datasets(text, start, end, dataset, datasets, len(values))
            results.extend(replace(result, value=value.value, unit=value.unit or shared_unit, metric=name,
                                   start=value.start, end=value.end, metric_key=_metric_key(name) if name else None,
                                   dataset=each.name if each else None,
                                   dataset_key=_dataset_key(each, mentions) if each else None)
                           for value, name, each in zip(values, names, sets))
        else:
            results.append(result)
    return results


def _other_measure(unit: str, units_of_metric: set) -> bool:
    """Whether a value in `unit` measures something else than a metric whose own values are in `units_of_metric`: a
    physical unit they do not share ("20.71 dB / 0.683 SSIM": the decibels are no SSIM)."""
    return bool(units_of_metric) and unit not in units_of_metric and unit not in _UNIT_NAMES.values() and unit != ""


def _respective_datasets(text, start, end, dataset, datasets, count) -> list:
    """The datasets of `count` values joined by slashes: when the sentence says "respectively", those of `dataset`'s
    list, or of the one list the sentence names, in order if it is as long; else `dataset` for each."""
    if "respectively" in text[start:end]:
        groups = {d.group for d in datasets} if dataset is None else {dataset.group}
        lists = [[d for d in datasets if d.group == group] for group in groups]
        lists = [listed for listed in lists if len(listed) == count]
        if len(lists) == 1:
            return lists[0]
    return [dataset] * count


#: names joined by slashes: "macro-AUROC/AUPRC", "MPJPE / PA-MPJPE"
_SLASH_NAMES = re.compile(r"(?<![\w/\-])[A-Za-z][\w\-@.]*[\w@](?:\s?/\s?[A-Za-z][\w\-@.]*[\w@])+")
_SLASH = re.compile(r"\s?/\s?")


def _slash_metrics(text: str, start: int, end: int, number: _Number) -> list[str] | None:
    """The metric names of values joined by slashes, in order: the slash list right after the values
    ("59.8/40.7 MPJPE/PA-MPJPE"), else the nearest one before them ("mDice/mIoU by 2.4%/4.2%"); none unless
    the list is as long as the values and names a metric."""
    count = 1 + len(number.paired)
    lists = [match for match in _SLASH_NAMES.finditer(text, start, end) if len(_SLASH.split(match.group())) == count]
    last = number.paired[-1].after
    after = [match for match in lists if match.start() >= last  # "0.838/0.638 AUROC/AUPRC", "32.1 dB/0.91 in PSNR/SSIM"
             and re.fullmatch(r"[\s$]*(?:(?:in|of|for)\s+(?:terms\s+of\s+)?)?", text[last:match.start()])]
    before = [match for match in lists if match.end() <= number.start]
    chosen = (after or before[-1:] or [None])[0]
    names = _SLASH.split(chosen.group()) if chosen else []
    return names if any(_is_metric(name) for name in names) else None


def _single_metric(text: str, start: int, end: int, mentions, readings) -> str | None:
    """The one metric a sentence names (by its values or anywhere else), which may stand for its unnamed
    values; none when it names several, or when values map onto lists "respectively"."""
    metrics = {r.metric.lower(): r.metric for r in readings if r.metric and not r.other}
    if len(metrics) > 1 or "respectively" in text[start:end] or any(r.from_object or r.own_metric for r in readings):
        return None  # an object of a verb of change ("reduces bias by"), a metric after "on", is that value's alone
    for mention in mentions:
        if mention.type != "metric" or mention.rule == "head-word" or not start <= mention.start < end \
                or _efficiency(mention.text) or _MODIFIER_AFTER.match(text, mention.end, end):
            continue  # "accuracy reward": a metric word that only modifies another noun
        phrase = _without_praise(_phrase_before(text[max(start, mention.end - 100):mention.end]) or mention.text)
        if phrase is None:  # praise only ("the previous best score"): names no metric
            continue
        if not any(_names_within(phrase.lower(), known) or _names_within(known, phrase.lower()) for known in metrics):
            metrics[phrase.lower()] = phrase
            if len(metrics) > 1:
                return None
    return next(iter(metrics.values()), None)


def _names_within(short: str, long: str) -> bool:
    """Whether metric name `short` is `long` or a part of it standing as words: "accuracy" in "top-1 accuracy";
    not "AP" in "mAP", nor "FID" in "sFID".

    >>> _names_within("accuracy", "top-1 accuracy"), _names_within("ap", "map"), _names_within("fid", "sfid")
    (True, False, False)
    """
    return re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", long) is not None


def _groups(readings) -> list[list[int]]:
    """Indexes of coordinated numbers ("80.1% and 75.2%"), one list per run."""
    groups = []
    for index, reading in enumerate(readings):
        if reading.coordinated and groups:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _metric_lists(text: str, start: int, end: int, mentions) -> list[tuple[int, int, list[str]]]:
    """Coordinated lists of metric mentions in a sentence, each with where it starts and ends:
    "driving score and success rate", "accuracy, F1 and AUC"."""
    lists, previous = [], None
    for mention in mentions:
        if mention.type != "metric" or not start <= mention.start < end or _efficiency(mention.text):
            continue
        if previous is not None and _LIST_GAP.fullmatch(text, previous.end, mention.start):
            lists[-1] = (lists[-1][0], mention.end, lists[-1][2] + [mention.text])
        else:
            lists.append((mention.start, mention.end, [mention.text]))
        previous = mention
    return [names for names in lists if len(names[2]) > 1]


#: "improving Rel and RMSE by": a verb of change, a list of one-word objects, "by"
_OBJECT = r"[\w\-@.]+(?: (?!and\b)[\w\-@.]+)?"  # one or two words: "RMSE", "box recall"
#: after a verb of change: its objects, then "by"
_OBJECT_LIST = re.compile(rf"\s+((?:{_OBJECT},\s+)*{_OBJECT},?\s+and\s+{_OBJECT})\s+by\b")


def _object_lists(text: str, start: int, end: int) -> list[tuple[int, int, list[str]]]:
    """Lists of metrics of one or two words that a verb of change takes as its objects, as :func:`_metric_lists` gives
    them: "improving Rel and RMSE by 27% and 18%"; one of them a metric, none a model or dataset the vocabulary knows.

    >>> _object_lists("It improves Rel and RMSE by 27% and 18%.", 0, 40)
    [(12, 24, ['Rel', 'RMSE'])]
    """
    lists = []
    for verb in _CUE_WORD.finditer(text, start, end):
        match = _is_change_verb(verb.group()) and _OBJECT_LIST.match(text, verb.end(), end)
        names = re.split(r",?\s+and\s+|,\s+", match.group(1)) if match else []
        if any(_is_metric(name) for name in names) \
                and not any(_model_or_dataset(name) or _MODEL_LIKE.fullmatch(name) for name in names):
            lists.append((match.start(1), match.end(1), names))
    return lists


_BY_GAP = re.compile(r"\s+by\s+" + _QUALIFIERS)


#: between a run of values and the list of their metrics: "12.3% and 9.3% recall and precision", "by 2.46% and 4.00% in
#: terms of Balanced Accuracy and G-Mean"
_VALUES_METRICS_GAP = re.compile(r"[\s$]*(?:in(?:\s+terms\s+of)?\s+(?:the\s+)?)?")


def _respective_metrics(text: str, start: int, end: int, mentions, numbers, readings) -> None:
    """Coordinated values take a metric list of their own length, in order: anywhere in the sentence when it
    says "respectively" ("improves driving score and success rate by +15.7 and +26.2, respectively"), else
    right after the last value ("12.3% and 9.3% recall and precision gains", "by 2.46% and 4.00% in terms of Balanced
    Accuracy and G-Mean") or right before "by" and the first
    ("improving RMSE and Rel by 22% and 11%"). Only when one list fits."""
    groups = [group for group in _groups(readings) if len(group) > 1]
    lists = _metric_lists(text, start, end, mentions) if groups else None
    respectively = "respectively" in text[start:end]
    if groups:  # the objects of a verb of change the vocabulary does not know all of ("improving Rel and RMSE by"),
        # and with "respectively" the metrics of values before ("83.2% accuracy and 86.2% Hmean, ... by +5.1% and +4.6%")
        objects = _object_lists(text, start, end)
        more = objects + (_valued_lists(numbers, readings, groups) if respectively else [])
        for found in more:
            if not any(position < found[1] and found[0] < stop for position, stop, _ in lists):
                lists.append(found)  # "boosts average R@1 and R@5 by": the metric mentions' list stands
    if respectively:
        _pair_halves(readings, groups)
    if not lists:
        return
    objects = {(position, stop) for position, stop, _ in objects}  # a verb's objects are the values' after "by" alone
    for group in groups:
        after = numbers[group[-1]].after
        matching = [(names, stop) for position, stop, names in lists if len(names) == len(group) > 1 and (
            respectively and (position, stop) not in objects or position >= after and _VALUES_METRICS_GAP.fullmatch(text, after, position)
            or _BY_GAP.fullmatch(text, stop, numbers[group[0]].start))]  # "improving RMSE and Rel by 22% and 11%"
        if len(matching) != 1 or any(readings[index].other for index in group):
            continue
        names, stop = matching[0]
        noun = re.match(r"\s+(\w+)", text[stop:end])  # "recall and precision gains": the kind comes last
        for index, name in zip(group, names):
            readings[index].metric, readings[index].unnamed, readings[index].vague = name, False, False
            if noun and _kind_of(noun.group(1)) and stop > after:
                readings[index].kind = _kind_of(noun.group(1))


def _one_metric_each(names: list) -> bool:
    """Values that name a metric each, all different ones."""
    return all(names) and len(set(names)) == len(names)


def _pair_halves(readings, groups) -> None:
    """With "respectively", a run of values that names no metric takes, in order, the metrics of as many values
    right before it, one metric each, all different: "an 89.30% F1 score and an 87.30% exact match score, compared
    with 67.40% and 60.20%, respectively", "an accuracy of 91.59%, precision of 91.72%, ..., compared to ViT
    86.54%, 88.28%, ..., respectively"."""
    for group in groups:
        size = len(group) // 2 if len(group) >= 4 and not len(group) % 2 and readings[group[0]].metric else len(group)
        targets = group[len(group) - size:]
        sources = list(range(targets[0] - size, targets[0]))
        if size < 2 or sources[0] < 0 or any(readings[index].metric or readings[index].other for index in targets):
            continue
        if _one_metric_each([readings[index].metric for index in sources]):
            for index, source in zip(targets, sources):
                target = readings[index]
                target.metric, target.unnamed, target.vague = readings[source].metric, False, False
                if target.kind == "absolute":  # "(improving A by 81.81% and B by 37.10%), ... (9.6% and 37.10% ...)"
                    target.kind = readings[source].kind


def _valued_lists(numbers, readings, groups) -> list[tuple[int, int, list[str]]]:
    """The metrics of each run of coordinated values that names one metric per value, all different, as
    :func:`_metric_lists` gives lists: "83.2% recognition accuracy and 86.2% detection Hmean"."""
    lists = []
    for group in groups:
        names = [readings[index].metric for index in group]
        if _one_metric_each(names) and not any(readings[index].other for index in group):
            lists.append((numbers[group[0]].start, numbers[group[-1]].after, names))
    return lists


def _factor_of_metric(reading: _Reading) -> bool:
    """A factor ("4x") that is a change of a metric the words around it name ("reduces calibration error by 4x"):
    not a level, a cost, nor a quality noun ("4x lower dimensionality", "a 3 times productivity gain")."""
    metric = reading.metric
    last = metric.split()[-1].lower() if metric else ""
    return reading.kind in ("gain", "reduction") and _is_metric(metric) and not _efficiency(metric) \
        and not (_QUALITY_NOUN.fullmatch(last) and last not in _metric_names())


def _kind(number: _Number, reading: _Reading) -> str:
    if reading.other or number.unit in ("K", "M", "B") or number.unit in _COST_UNITS \
            or number.unit == "x" and not _factor_of_metric(reading) or number.unit in _IMAGE_SIZE and not reading.metric:
        return "other"  # sizes and costs; a factor is a result only as a change of a metric ("reduces error by 4x"),
        # pixels only as a metric's ("an error of 0.5 px"; "at 512px" is an image size)
    return _signed_kind(number, reading)


def _signed_kind(number: _Number, reading: _Reading) -> str:
    """The kind of a reading, a signed level ("+1.2pp", not an end of "from X to Y") being a gain."""
    if number.signed and reading.kind == "absolute" and not reading.from_start and not reading.to_end:
        return "gain"
    return reading.kind


def _readings(text: str, start: int, end: int, numbers) -> list[_Reading]:
    """The reading of each number; numbers coordinated with the one before share its kind and metric."""
    readings, previous = [], None
    for index, number in enumerate(numbers):
        clause = max(start, text.rfind(";", start, number.start) + 1)
        lead_start = max(clause, readings[-1].after if readings else start)
        lead = text[max(lead_start, number.start - _LEAD_CHARS):number.start]
        limit = numbers[index + 1].start if index + 1 < len(numbers) else end
        reading = _Reading()
        described = _FROM_DESCRIBED.search(lead)
        if described and _CLOSES_THEN_TO.match(text, number.after):
            lead = lead[:described.end(1)]  # "raises AUC from near-chance levels (0.53-0.62) to 0.81": from 0.53
        closing = lead.find(")")  # the bracket of the value before closes in this lead
        aside = closing >= 0 and readings and "(" not in lead[:closing] and (
            not lead[:closing].strip(" $") or readings[-1].other)
        opening = text.rfind("(", clause, lead_start) if aside else -1
        # "outperforming baselines (0.732-0.757) by 10%", "surpasses X (with 40 labels per class) by 35.1%": the words
        # before a bracketed aside lead on after it
        _read_lead(text[max(clause, opening - _LEAD_CHARS):opening] + " " + lead[closing + 1:] if opening >= 0 else lead,
                   reading)
        _read_tail(text[number.after:limit], reading, whole="." not in number.value, signed=number.signed)
        if _operating_point(text, number, limit):
            reading.other = True  # "62% less review effort at 95% recall", "TPR at 1% FPR": where it was measured
        if _CONDITION.search(text, clause, number.start):
            reading.other = True  # "when word error rate is below 20%", "91.2% precision if the overlap is above
            # 50%": a condition, no level reached
        if _BASELINE_BRACKET.search(lead, max(0, len(lead) - 40)) and not _VS.search(text, number.after, limit):
            reading.baseline = True  # "over the Citrinet baseline (WER = 0.163)": the baseline's score; not
            # "outperforms the baseline (26.3% vs 23.8%)": its own, then the baseline's
        named = reading.metric is None and not reading.other and _METRIC_BEFORE_BRACKET.search(lead)
        if named and load_lexicon().lookup("metric", named.group(1)):
            reading.metric = named.group(1)  # "SSIM (0.8970) and PSNR (16.07)": a metric's name, then its value
        reading.falls = number.negative and number.unit in ("%", "points") and not reading.from_start \
            and not _OF.search(lead, max(0, len(lead) - _CUE_CHARS))  # not "a maximum drawdown of -12.7%"
        reading.after += number.after
        if reading.unit and not number.unit:
            number.unit = reading.unit
        if reading.degree and reading.kind == "absolute":  # "reduces WER by 1.2 points (12% relative)"
            cues = list(_CUE_WORD.finditer(text, clause, number.start))
            reading.kind = "reduction" if cues and re.match(_REDUCTION_CUE, cues[-1].group(), re.I) else "gain"
        # "2.0% on GSM8K, 4.3% on MATH500": the dataset of the number before does not break the list
        core = _AFTER_DATASET.sub("", lead, count=1)
        if _RANGE_GAP.fullmatch(_WORDS_ASIDE.sub("", core)):
            core = _WORDS_ASIDE.sub("", core)  # "from 90.2 (VIS-only) to 93.0%": the aside says whose value it is
        elif _LIST_GAP.fullmatch(_LOWER_ASIDE.sub("", core)):
            core = _LOWER_ASIDE.sub("", core)  # "57.6%p (basic), 75.1%p (intermediate), and 62.9%p (advanced)"
        coordinated = previous is not None and lead_start > clause and _COORDINATION.match(core)
        if reading.kind == "same":
            _continue_change(lead, reading, readings)
        if coordinated:
            _join_coordinated(text, numbers, readings, index, lead, reading)
        elif previous is not None and lead_start > clause and (number.unit == "x") == (previous.unit == "x"):
            # a factor and a value of another unit measure different things ("by 1,000x ... 1.1pp ... or by up to 10,000x")
            _borrow_metric(text[readings[-1].after:number.start], reading, readings[-1])
        reading.coordinated = bool(coordinated)
        readings.append(reading)
        previous = number
    return readings


_FROM_DESCRIBED = re.compile(r"\b(from\s+)(?:[a-z][\w\-]*\s+){1,2}\(\s*[~$]?$")  # "from near-chance levels (0.53"
_CLOSES_THEN_TO = re.compile(r"[^()]{0,20}?\)\s*to\b")
_AT = re.compile(r"\bat\s+(?:an?\s+|the\s+)?(?P<fixed>(?:fixed|given|target)\s+)?$", re.I)
_VALUE_BEFORE = re.compile(r"\d\S*\s*(?:\w+\s*)?$")  # "85.3% (selective) accuracy", "0.91 F1"


def _operating_point(text: str, number: _Number, limit: int) -> bool:
    """ "at a fixed 1% FPR", "TPR at 1% FPR", "mAP at 50% IoU": the level of another metric at which a result holds, a
    setting as a threshold is; not "ahead at 97.17% accuracy", nor "85.3% selective accuracy at 78.3% coverage"
    (a pair of levels reached)."""
    at = _AT.search(text, max(0, number.start - 30), number.start)
    if not at or not _is_metric(_phrase_after(text[number.after:limit])[0], known=True):
        return False
    metric = _phrase_before(text[max(0, at.start() - 60):at.start()])
    return bool(at.group("fixed")) or _is_metric(metric, known=True) and not _VALUE_BEFORE.search(
        text, max(0, at.start() - len(metric) - 20), at.start() - len(metric) - 1)


def _continue_change(lead: str, reading: _Reading, readings: list[_Reading]) -> None:
    """A value whose lead has no verb of its own ("... and Y by 0.9 points") takes the kind of the value before, and its
    competitor's metric or the name in the place of its object."""
    reading.kind = readings[-1].kind if readings else "absolute"
    reading.continues = reading.continues and bool(readings)  # "up to 30x" first: continues nothing
    prior = readings[-1] if readings else None
    if prior and prior.against and reading.unnamed and not _CLAUSE_BREAK.search(lead):
        # "outperforms X by 1.6 points and Y by 0.9 points": Y is a competitor too, the metric the same
        reading.metric, reading.unnamed, reading.against = reading.metric or prior.metric, False, True
    elif reading.parallel and prior and prior.metric and prior.kind in ("gain", "reduction") and not prior.other \
            and (prior.from_object
                 or not any(rules.is_name_like(word) and not _is_metric(word) for word in prior.metric.split())):
        reading.metric, reading.unnamed = reading.parallel, False  # "improving accuracy by X and CEA by Y"


_WORDS_ASIDE = re.compile(r"\s*\([^()\d]*\)")  # a bracketed aside of words, no numbers
_LOWER_ASIDE = re.compile(r"\s*\([a-z][a-z\s\-]*\)")  # of words in lower case, no names


def _join_coordinated(text: str, numbers, readings: list[_Reading], index: int, lead: str, reading: _Reading) -> None:
    """A value joined to the one before ("80.1% and 75.2%", "from 38.2% to 39.9%", "1.0-7.4%"): units, kinds and the
    metric pass between them, in the direction the words say."""
    number, previous = numbers[index], numbers[index - 1]
    prior = readings[-1]
    aside = text[numbers[index - 2].after:previous.start] if index > 1 else ""
    if _ASIDE_END.match(lead) and "(" in aside and not re.search(r";|\bfrom\b", aside):
        prior = readings[-2]  # "97.3% on A (11.8% improvement) and 93.5% on B": the aside is no list member
    gap = _WORDS_ASIDE.sub("", lead)
    if number.unit and not previous.unit and (_RANGE_GAP.fullmatch(gap) and prior.after == previous.after
                                              or not re.search(r"\b(?:to|vs\.?|versus)\b|\(", lead)):
        previous.unit = number.unit  # "1.0-7.4%", "17.2 to 40.3 points", "$2.56$ and $2.84$ points": the unit
        # comes last
        prior.other = prior.other or reading.other
        if _LIST_GAP.fullmatch(lead):
            _lend_unit_back(text, numbers, readings, index - 2, number.unit)
    elif prior.unit and previous.unit == prior.unit and not number.unit and not re.search(r"\b(?:to|vs\.?|versus)\b|\(", lead):
        number.unit = reading.unit = prior.unit  # "an average percentage point improvement of +6.2, +17.9 and +1.5": the unit came first
    if reading.other and (prior.from_start or _RANGE_GAP.fullmatch(lead)):
        prior.other = True  # "from 256 to 2048 frames", "10 to 120 pods": the count noun comes last
    apart = re.search(r"\b(?:vs\.?|versus)\b|->|→|\\rightarrow|\\to\b", lead) or (
        prior.from_start and re.search(r"\bto\b", lead))
    reading.to_end = bool(apart)
    reading.baseline = reading.baseline or re.search(r"\b(?:vs\.?|versus)\b", lead) is not None  # "67.18 vs. 210.4"
    if prior.lent_kind and re.search(r"\b(?:vs\.?|versus)\b", lead):
        prior.kind = "absolute"  # "improves FID by 2.11 (7.56 vs 9.67)": the values compared are levels
    if (prior.to_end or prior.from_start) and re.fullmatch(r"[\s$]*(?:to|and|vs\.?|versus|-|–)?[\s$]*", lead):
        # "0.14 vs 0.22 to 0.69 X drop": levels compared, all absolute; not "to 0.41 (43% improvement)"
        change, reading.kind = reading.kind, "absolute"
        head = index - 2  # "50% (from 38% to 57%) relative improvement": the change is the value before
        if change != "absolute" and head >= 0 and readings[head].kind == "absolute" \
                and re.fullmatch(r"[\s$]*\(\s*from\s*", text[numbers[head].after:previous.start]):
            readings[head].kind = change
    elif reading.kind == "absolute" and not apart:  # a range's end, "+1.2-2.8pp", takes the sign's gain too
        reading.kind = _signed_kind(previous, prior) if _RANGE_GAP.fullmatch(lead) else prior.kind
        reading.lent_kind = True
    elif prior.kind == "absolute" and _bare_or_same(prior, previous, reading) and not apart and not prior.to_end:
        for earlier in range(index - 1, -1, -1):  # "15% and 24% lower error", "12.9% mAP and 10.4% mAP
            # improvements": the cue comes last, for the list
            if readings[earlier].kind != "absolute" or not _bare_or_same(readings[earlier], numbers[earlier], reading) \
                    or readings[earlier].to_end or numbers[earlier].unit == "%" and number.unit == "points":
                break  # not "82.9% on X, 17.8 and 10.7 points above": a level in % before changes in points
            readings[earlier].kind = reading.kind
            if not readings[earlier].coordinated:
                break
    reading.other = reading.other or prior.other
    if reading.metric is None and not reading.unnamed and not prior.own_metric:
        reading.metric = prior.metric
        reading.unnamed = reading.unnamed or prior.unnamed
        reading.vague = reading.vague or prior.vague
    elif prior.metric is None and not reading.own_metric:
        for earlier, value in zip(reversed(readings), reversed(numbers[:index])):  # "94.7% and 60.5% pass@4":
            if earlier.metric is not None or earlier.kind != reading.kind or earlier.after > value.after \
                    or value.unit and value.unit != number.unit:  # "by 2.03 dB and 0.04 SSIM": another metric
                break  # the metric comes last; not over words of the value's own ("98.4% execution success")
            earlier.metric = reading.metric
    elif reading.metric and _RANGE_GAP.fullmatch(lead) and prior.after == previous.after:
        prior.metric = reading.metric  # "13% in accuracy and 40% to 55% in the F1 measure": one range, one metric


def _bare_or_same(reading: _Reading, number: _Number, last: _Reading) -> bool:
    """A value with no words of its own after it, or with the same metric as the `last` of its list."""
    return reading.after == number.after or bool(reading.metric) and reading.metric == last.metric


def _lend_unit_back(text: str, numbers, readings, last: int, unit: str) -> None:
    """The values of a plain list that ends at `last` and has no units take the unit printed after the list's last
    value: "by 2.34, 4.68, 1.40 and 1.80 percentage points"."""
    for earlier in range(last, -1, -1):
        reading, number = readings[earlier], numbers[earlier]
        if number.unit or not readings[earlier + 1].coordinated or reading.after != number.after \
                or not _LIST_GAP.fullmatch(text, number.after, numbers[earlier + 1].start):
            return
        number.unit = unit


#: what may stand between a value and one about the same metric: "98.64%, a gain of 23 points",
#: "2.13% mAP@50 (achieving 97.65%)"
_SAME_METRIC_GAP = re.compile(r"[\s$]*(?:,\s*(?:a|an)\s+(?:[a-z]+\s+)?(?:improvement|gain|increase|reduction|decrease|drop)"
                              r"\s+of|\(\s*(?:achieving|reaching|attaining|i\.e\.,?|from|to|vs\.?)?)\s*" + _QUALIFIERS + "$")


def _borrow_metric(gap: str, reading: _Reading, prior: _Reading) -> None:
    """A value that names no subject takes the metric of the value before it when the words between say
    it is about the same thing: "and up to X" after "by Y", an apposition "a gain of X", "(achieving X)"."""
    if reading.metric or reading.unnamed or reading.vague or reading.other or not prior.metric:
        return
    if reading.continues or _SAME_METRIC_GAP.fullmatch(gap):
        reading.metric = prior.metric


_VALUE_IN_BRACKETS = re.compile(r"\s*\(\s*[~≈]?\d[\d.,]*\s*(?:\\?%|points?|pp)?\s*\)")  # "(78.3%)", not "(100 classes)"


def _assign_datasets(text, start, end, numbers, readings, datasets) -> list[_Dataset | None]:
    """The dataset of each number: "respectively" lists, "X on D", "on D ... X", "On D, ...", the only one;
    ``_UNKNOWN`` for values of a list whose datasets cannot be told apart (such a record is dropped)."""
    assigned: list[_Dataset | None] = [None] * len(numbers)
    ambiguous = _respectively(text, readings, datasets, assigned) if "respectively" in text[start:end] else set()
    by_start = {d.start: d for d in datasets}
    listed = {d.group for d in datasets for other in datasets  # "A, B and C": a list ends in "and"/"or"
              if other.group == d.group and other.start > d.end and re.search(r"\b(?:and|or)\b", text[d.end:other.start])}
    listed -= {d.group for d in datasets if _VALUE_IN_BRACKETS.match(text, d.end)}  # "on A and B (78.3%)": each its own
    bracketed_lists = _bracketed_value_lists(text, numbers, readings, datasets, listed)
    clause_scope = {}
    for match in _CLAUSE_START.finditer(text, start, end):
        listed_next = by_start.get(_LIST_AFTER_COMMA.match(text, match.end()).end())
        clause_scope[match.start(1)] = None if listed_next and listed_next.reliable and _LIST_GAP.match(text, listed_next.end) \
            else by_start.get(match.start(1))
        # "Across CIFAR-10/100, MNIST, and ImageNet-1K, X reduces": a clause over several datasets scopes none of them
    for index, (number, reading) in enumerate(zip(numbers, readings)):
        if assigned[index] or index in ambiguous:
            continue
        immediate = _IMMEDIATE_ON.match(text, reading.after)
        if immediate and immediate.end() in by_start and not _STOP.intersection(immediate.group("words").split()):
            # "2% across A, B and C": one value over a list of datasets is an aggregate, of none of them
            first = by_start[immediate.end()]
            assigned[index] = None if first.group in listed or _list_goes_on(text, first, datasets) else first
            continue
        competitor = _COMPETITOR_ON.match(text, reading.after)
        if competitor and competitor.end() in by_start and by_start[competitor.end()].group not in listed:
            assigned[index] = by_start[competitor.end()]
            continue
        inside = _BRACKET_AFTER.match(text, reading.after)
        named = inside and by_start.get(inside.end())
        if named and text[named.end:named.end + 1] == ")":  # "91.2% (MMLU), 85.4% (GSM8K)": the name in its brackets
            assigned[index] = named
            continue
        bracketed = _bracketed_dataset(text, number, datasets, assigned[index - 1] if index else None)
        if bracketed and index in bracketed_lists:
            continue  # "on A, B and C (3.1%, 3.8% and 7.9%)": the parallel lists below pair them
        if bracketed:
            assigned[index] = bracketed
            continue
        if reading.coordinated and assigned[index - 1] and not any(
                numbers[index - 1].start < d.start < number.start for d in datasets):
            assigned[index] = assigned[index - 1]
            continue
        lead_start = max(start, readings[index - 1].after if index else start,
                         assigned[index - 1].end if index and assigned[index - 1] else start)
        before = [d for d in datasets if lead_start <= d.start < number.start and d.reliable]
        if len(before) > 1:  # "experiments on A and B, achieving ... on the A dataset with 35.7": the value's own clause
            clause = max((match.end() for pattern in (_CLAUSE_BREAK, _PARTICIPLE_CLAUSE)
                          for match in pattern.finditer(text, before[0].end, number.start)), default=0)
            before = [d for d in before if d.start > clause] if clause else before
        if len(before) == 1:
            assigned[index] = None if _one_of_several(text, start, before[0]) else before[0]
            continue
        scopes = [d for s, d in clause_scope.items() if s <= number.start and d and ";" not in text[s:number.start]]
        if scopes and scopes[-1].group not in listed:
            assigned[index] = scopes[-1]
    if "respectively" not in text[start:end]:
        _parallel_lists(text, numbers, readings, datasets, listed, assigned)
    for index in range(len(numbers) - 1, 0, -1):  # "6.22%-7.66% on GSM8K": a range's dataset comes last, so does
        gap = text[readings[index - 1].after:numbers[index].start]  # a pair's: "45.1 AP and 60.2 AR on COCO"
        if assigned[index] and not assigned[index - 1] and (re.fullmatch(r"\s*[-–]\s*", gap) or _PAIR_GAP.fullmatch(gap)
                                                             and _immediately_on(text, readings[index].after, assigned[index])):
            assigned[index - 1] = assigned[index]
    only = datasets[0] if len({d.name for d in datasets}) == 1 else None
    if only and only.reliable and not _UNREAD_LIST_AFTER.match(text, only.end) and not _one_of_several(text, start, only):
        _lend_only_dataset(text, start, numbers, readings, only, assigned, ambiguous)
    for index in ambiguous:
        assigned[index] = _UNKNOWN
    return assigned


#: between two values that share what follows the second: "45.1 AP and 60.2 AR", "MPJPE of 38.0mm and P-MPJPE of"
_PAIR_GAP = re.compile(r"\s*and\s+(?:an?\s+|the\s+)?(?:[A-Za-z][\w\-@]*\s+){0,2}(?:[A-Za-z][\w\-@]*\s*(?:of\s+|=\s*)?)?")


def _immediately_on(text: str, position: int, dataset) -> bool:
    """`dataset` follows "on" right at `position` (not "in": "an improvement in SubER" names a metric)."""
    return bool(re.fullmatch(r"\s*,?\s*on\s+(?:the\s+(?:[a-z][\w\-]*\s+){0,2})?", text[position:dataset.start]))


def _list_goes_on(text, first, datasets) -> bool:
    """Datasets named in a list after `first` ("across ALFWorld, GAIA, and WebShop"), none with a bracketed value
    of its own ("on GSM8K and HumanEval (81.2%)" lists two datasets with a value each)."""
    chain, last = [], first
    for other in sorted((d for d in datasets if d.start > first.end), key=lambda d: d.start):
        if not re.fullmatch(r",?\s*(?:and|or)?\s*", text[last.end:other.start]):
            break
        chain.append(other)
        last = other
    return bool(chain) and not any(_VALUE_IN_BRACKETS.match(text, d.end) for d in [first, *chain])


def _bracketed_value_lists(text, numbers, readings, datasets, listed) -> set[int]:
    """Indexes of a list of values in brackets right after a list of datasets of the same length:
    "on GSM8K, MATH500 and HumanEval (3.1%, 3.8% and 6.8%)"."""
    lists = _dataset_lists(datasets)
    found = set()
    for group in _groups(readings):
        before = [d for d in datasets if d.group in listed and _PAREN_LEAD.fullmatch(text, d.end, numbers[group[0]].start)]
        if len(group) > 1 and before and len(lists[before[0].group]) == len(group):
            found.update(group)
    return found


def _dataset_lists(datasets) -> dict[int, list]:
    """The datasets of each coordinated list ("on COIN and CrossTask"), by group, in text order."""
    lists: dict[int, list] = {}
    for dataset in datasets:
        lists.setdefault(dataset.group, []).append(dataset)
    return lists


def _parallel_lists(text, numbers, readings, datasets, listed, assigned) -> None:
    """ "on VerilogEval and RTLLM, X achieves 97.5% and 94.5%": the one list of scores and the one list of
    datasets ("A, B and C") of the same length in a clause go together in order, as "respectively" says
    outright. Not a range ("13-15% on A and B"), the two ends of a change ("from 38.2% to 39.9%"), values
    of different metrics ("85.2% accuracy and 0.91 F1"), nor values that a list of their own follows
    ("21.4 and 13.4 points on the seen and unseen splits")."""
    lists = _dataset_lists(datasets)
    value_lists = [group for group in _groups(readings) if len(group) > 1]
    dataset_lists = [names for group, names in lists.items() if len(names) > 1 and group in listed]
    if len(value_lists) != 1 or len(dataset_lists) != 1 or len(value_lists[0]) != len(dataset_lists[0]):
        return
    group, names = value_lists[0], dataset_lists[0]
    if any(assigned[i] or _kind(numbers[i], readings[i]) == "other" or readings[i].unnamed or readings[i].from_start
           or readings[i].to_end for i in group) or len({readings[i].metric for i in group}) > 1 \
            or any(_RANGE_GAP.fullmatch(text, readings[i].after, numbers[i + 1].start)
                   for i in range(max(0, group[0] - 1), min(group[-1] + 1, len(numbers) - 1))):
        return
    first, last = min(names[0].start, numbers[group[0]].start), max(names[-1].end, numbers[group[-1]].end)
    if _CLAUSE_BREAK.search(text, first, last) or _OWN_LIST_AFTER.match(text, readings[group[-1]].after):
        return
    for index, dataset in zip(group, names):
        assigned[index] = dataset


#: "on the seen and unseen splits", "in zero-shot and few-shot settings": a list the values map onto instead
_OWN_LIST_AFTER = re.compile(r"[^,;.]{0,40}?\b(?:on|in|for|under|with|across)\s+(?:the\s+)?[a-z][\w\-]*\s+(?:and|or)\s+[a-z]")
_RANGE_GAP = re.compile(r"[\s$]*(?:-{1,2}|–|to)[\s$]*")
_CLAUSE_BREAK = re.compile(r";|\b(?:while|whereas|but|although)\b")


_BRACKET_AFTER = re.compile(r"[\s$]*\(\s*(?:on\s+)?")
_NEXT_BRACKETED = re.compile(rf"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?({_NAMES})(?:\s+(?:dataset|benchmark|corpus))?"
                             r"\s*\(\s*" + _QUALIFIERS + "$")  # "LogicCat (24.28 EX) and the Archer dataset (37.28 EX)"


def _bracketed_dataset(text, number, datasets, previous) -> _Dataset | None:
    """ "on BlenderGym (35.32%) and SlideBench (117.17%)": a value in brackets belongs to the dataset just before
    them, and a name coordinated with such a dataset, with its own bracketed value, is a dataset too."""
    found = [d for d in datasets if _PAREN_LEAD.fullmatch(text, d.end, number.start)]
    if found:
        return found[0]
    if previous and text[previous.end:previous.end + 2].lstrip().startswith("("):
        name = _NEXT_BRACKETED.search(text, max(previous.end, number.start - 60), number.start)
        if name:
            return _Dataset(name.start(1), name.end(1), name.group(1), None, previous.group)
    return None


def _lend_only_dataset(text, start, numbers, readings, dataset, assigned, ambiguous) -> None:
    """The one dataset a sentence names stands for its values with none, except those with a scope of their own."""
    scoped = False
    for index, reading in enumerate(readings):  # "... on dialogue (AUC 0.71)": a scope of its own
        lead = text[readings[index - 1].after if index else start:numbers[index].start]
        scoped = bool(_OWN_SCOPE.search(lead)) or (scoped and reading.coordinated)
        if not assigned[index] and not reading.other and not scoped and index not in ambiguous \
                and not _OWN_SCOPE_AFTER.match(text, reading.after) \
                and not _named_scope_after(text, reading.after, dataset):  # "12% gains across challenging benchmarks"
            assigned[index] = dataset


_OWN_SCOPE = re.compile(r"\b(?:on|in)\s+(?:the\s+)?(?![a-z]+ing\s+(?:the|an?|its|their|our)\b)[a-z]{4,}")  # not "resulted
# in estimating the heart rate": a gerund and its object
def _named_scope_after(text: str, position: int, dataset) -> bool:
    """A name right after "on" after a value that is not `dataset`: a scope of its own, even one the
    parser does not take for a dataset ("96.8% F1 on Kaggle and 91.9% on WELFake")."""
    match = _NAMED_SCOPE_AFTER.match(text, position)  # not "on Chinese AISHELL-1": a word before the name
    return bool(match) and not (match.start(1) <= dataset.start <= match.end(1) + 1) and not _is_label(match.group(1)) \
        and not load_lexicon().lookup("model", match.group(1)) and not _is_metric(match.group(1)) \
        and not re.search(r"(?:^|[\-\s])\d+(?:\.\d+)?B$", match.group(1))  # "on DeiT (ImageNet-1K)", "on 5B models"


_NAMED_SCOPE_AFTER = re.compile(rf"\s*on\s+(?:the\s+)?({_NAME})")
#: a value's own scope after it, over many unnamed sets: "across challenging benchmarks", "on all tasks",
#: "on average across 7 benchmarks"
_OWN_SCOPE_AFTER = re.compile(r"\s*,?\s*(?:on\s+average\s+)?(?:on|in|across|over)\s+(?:the\s+|all\s+)?(?:(?:[a-z\-]+|\d+)\s+){0,3}"
                              r"(?:benchmarks|datasets|corpora|tasks|domains|settings|scenarios|environments)\b")


#: more names after a dataset's, which the parser did not read: "YouTube-VIS 2019/2021/2022 and Occluded VIS",
#: "(HotpotQA, 2WikiMultihopQA)": the one dataset read is one of several, none to lend to a value
#: "16 KGQA datasets, including WebQSP": one of several, named as an example (a value of the sentence is of them all)
_EXAMPLE_OF_SEVERAL = re.compile(r"\b(?:datasets|benchmarks|corpora)\s*,?\s*(?:such\s+as|including|like|e\.g\.,?)\s+(?:the\s+)?$")
_UNREAD_LIST_AFTER = re.compile(r"\s*(?:/\s*\w|,\s*(?:and\s+)?[A-Z0-9][\w\-.]*\s*[,)]|,?\s+and\s+[A-Z0-9][\w\-.]*\s*[,)])")


def _one_of_several(text: str, start: int, dataset: _Dataset) -> bool:
    """ "on the X variants", "16 datasets, including X": the dataset stands for several, a value is of none alone."""
    return bool(_SEVERAL_AFTER.match(text, dataset.end) or _EXAMPLE_OF_SEVERAL.search(text, max(start, dataset.start - 40),
                                                                                        dataset.start))


#: a name that stands for several sets: "three MMLU variants", "the GLUE tasks", "LIBERO suites"
_SEVERAL_AFTER = re.compile(r"\s+(?:variants|versions|subsets|splits|tasks|suites|categories|domains|languages)\b")
#: the rest of a list of names up to "respectively" (", 2.0, and Pro, respectively"), no values in it
_UNREAD_LIST = re.compile(r"(?:(?:,\s*(?:and\s+)?|\s+and\s+)[A-Z0-9][\w.\-+']*(?:\s[\w.\-+']+){0,3})+"  # "..., Pneumonia
                          r",?\s+respectively")  # Chest X-ray images and Retinal OCT images respectively"


def _respectively(text, readings, datasets, assigned) -> set[int]:
    """Map coordinated values onto a coordinated dataset list of the same length, in order.

    Returns the values of lists left unmapped while a dataset list the parser could not read follows a
    name ("on Terminal Bench 1.0, 2.0, and Pro"): which value goes with which dataset is then unknown.
    """
    lists = _dataset_lists(datasets)
    unread_list = any(_UNREAD_LIST.match(text, d.end) and not any(o.start > d.end and _LIST_GAP.fullmatch(
        text, d.end, o.start) for o in datasets) for d in datasets)
    ambiguous, named = set(), list({d.name: d for d in datasets if d.reliable}.values())
    for group in _groups(readings):
        matching = [names for names in lists.values() if len(names) == len(group) > 1]
        if not matching and len(lists) == len(named) == len(group) > 1 and all(
                re.search(r"\d", text[a.end:b.start]) for a, b in zip(named, named[1:])):
            matching = [named]  # "by X% in A and Y% in B, improving Z to U% and V% respectively": each named with a value
        if len(matching) == 1:
            for index, dataset in zip(group, matching[0]):
                assigned[index] = dataset
        elif len(group) > 1 and unread_list:
            ambiguous.update(group)
    return ambiguous
