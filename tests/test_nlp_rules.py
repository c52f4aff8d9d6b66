"""Discovery rules on hand-written sentences: each rule, a positive and a negative case."""
from __future__ import annotations

import pytest

from kg.nlp import rules


def texts(candidates, kind=None):
    return [c.text for c in candidates if kind is None or c.type == kind]


@pytest.mark.parametrize("token, expected", [
    ("HiFace", True), ("SD-DeTail", True), ("GeneFace++", True), ("UniF^2ace", True), ("S2TD-Face", True),
    ("DaGAN++", True), ("High-Fidelity", False), ("method", False), ("3D", False), ("We", False), ("What", False),
])
def test_is_name_like(token, expected):
    assert rules.is_name_like(token) is expected


@pytest.mark.parametrize("token", ["HiFace", "c++", "c++-based", "x^2", "ÉtudeNet", "étudeNet", "ab-CD", "aB", "abc", "3d"])
def test_name_like_tokens_hold_a_name_mark(token):
    """``_name_after`` skips windows without such a mark: no token in them can be name-like."""
    assert not rules.is_name_like(token) or rules._NAME_MARK.search(token)


@pytest.mark.parametrize("sentence, expected", [
    ("We propose FaceCom, a method for 3D facial shape completion.", [("FaceCom", "model")]),
    ("In this paper we present GeneFace++ for talking heads.", [("GeneFace++", "model")]),
    ("We introduce FFHQ-UV, a large-scale dataset of facial textures.", [("FFHQ-UV", "dataset")]),
    ("The method uses a module called SD-DeTail to decouple details.", [("SD-DeTail", "model")]),
    ("This paper proposes High-Fidelity 3D Face Reconstruction by Learning Details.", []),
    ("We propose a simple method for face parsing.", []),
    ("We propose FaceNet; HeadNet is next.", []),
    ("We propose a method; HeadNet is next.", []),
    ("We propose a simple but effective method for faces, HeadNet.", [("HeadNet", "model")]),
])
def test_proposal_names(sentence, expected):
    assert [(c.text, c.type) for c in rules.proposal_names(sentence)] == expected


@pytest.mark.parametrize("title, expected", [
    ("HeadRecon: High-Fidelity 3D Head Reconstruction from Monocular Video", ("HeadRecon", "model")),
    ("EasyPortrait -- Face Parsing and Portrait Segmentation Dataset", ("EasyPortrait", "dataset")),
    ("Learning to parse faces under makeup", None),
    ("Towards a better understanding of the many ways in which faces are parsed: a survey", None),
])
def test_title_name(title, expected):
    found = rules.title_name(title)
    assert (found and (found.text, found.type)) == expected or (found is None and expected is None)


@pytest.mark.parametrize("sentence, expected", [
    ("using Neural Radiance Fields (NeRFs) driven by a skeleton", [("NeRFs", "Neural Radiance Fields")]),
    ("a 3D Morphable Model (3DMM) fitted to the image", [("3DMM", "3D Morphable Model")]),
    ("Static and Dynamic Decoupling for Detail (SD-DeTail) module", [("SD-DeTail", "Static and Dynamic Decoupling for Detail")]),
    ("we keep the identity (ID) fixed", []),
    ("results (see Table 2) are better", []),
])
def test_abbreviation_pairs(sentence, expected):
    assert [(p.short, p.long) for p in rules.abbreviation_pairs(sentence)] == expected


def test_abbreviation_offsets_slice_the_text():
    sentence = "We render with Neural Radiance Fields (NeRF) at speed."
    (pair,) = rules.abbreviation_pairs(sentence)
    assert sentence[pair.short_start:pair.short_start + len(pair.short)] == "NeRF"
    assert sentence[pair.long_start:pair.long_start + len(pair.long)] == "Neural Radiance Fields"


@pytest.mark.parametrize("sentence, expected", [
    ("We evaluate on the CelebAMask-HQ dataset.", ["CelebAMask-HQ"]),
    ("Results on LAION-5B and FaceDB are reported.", ["LAION-5B", "FaceDB"]),
    ("We collected the Portrait benchmark last year.", ["Portrait"]),
    ("What datasets were used to train the model?", []),
    ("Constructing benchmarks is hard.", []),
    ("Results on The ImageNet dataset are good.", ["ImageNet"]),
    ("In This Large ImageNet benchmark we test.", ["ImageNet"]),
])
def test_dataset_names(sentence, expected):
    assert sorted(set(texts(rules.dataset_names(sentence)))) == sorted(expected)


@pytest.mark.parametrize("sentence, expected", [
    ("We study the task of facial shape completion from partial scans.", ["facial shape completion"]),
    ("Face parsing aims to assign a label to each pixel.", ["Face parsing"]),
    ("Talking head generation remains a challenging problem.", ["Talking head generation"]),
    ("The model aims to be fast.", []),
    ("Face parsing is a challenging problems area.", []),
    ("We study the task of making things better.", []),
])
def test_task_phrases(sentence, expected):
    assert texts(rules.task_phrases(sentence)) == expected


@pytest.mark.parametrize("sentence, kind, expected", [
    ("We study 3D facial shape completion.", "task", ["3D facial shape completion"]),
    ("This is an optimization problem.", "task", ["optimization problem"]),
    ("It is a hard problem.", "task", []),
    ("A graph-based ranking model is used.", "model", ["graph-based ranking model"]),
    ("The method is simple.", "model", []),
    ("The parser feeds a classifier; our approach uses them.", "model", ["parser", "classifier"]),
    ("We train the decoder and then the tagger.", "model", ["decoder", "tagger"]),
    ("We transcribe spontaneous speech and Arabic documents.", "dataset", ["spontaneous speech", "Arabic documents"]),
    ("We need more training data and labeled corpora.", "dataset", []),
    ("The documents are long.", "dataset", []),
])
def test_head_phrases(sentence, kind, expected):
    assert texts(rules.head_phrases(sentence), kind) == expected


def _plain_sentence_candidates(text, sentences):
    """What `sentence_candidates` computes, the obvious way: the three finders on each sentence's copy."""
    found = []
    for start, end in sentences:
        for finder in (rules.proposal_names, rules.dataset_names, rules.task_phrases):
            found += [(c.start + start, c.end + start, c.type, c.rule, c.text) for c in finder(text[start:end])]
    return found


@pytest.mark.parametrize("text", [
    "We propose FaceNet. In this paper we propose HeadNet, a model. Our method introduces X-Net; we present Foo.",
    "This work presents the FFHQ-UV dataset. We also release FaceDB and LAION-5B with 15M images.",
    "Results for we\n\npropose FaceNet here. We propose\n\nBarNet now. Then we\n\nwe propose BazNet.",
    "A module called SD-DeTail is used, namely DeTail. It is referred to as GeneFace++ (GF).",
    "We evaluate on the CelebAMask-HQ dataset and the benchmark named Portrait. Datasets, ImageNet and MNIST.",
    "We use the ImageNet benchmarksuite and the MNIST treebanks. The ImageNet benchmarks.",
    "We study the task of facial shape completion. Face parsing aims to label pixels. Talking head generation "
    "remains a challenging problem. The problem of X. THE TASK OF speech recognition. Face parsing is a challenging "
    "problems area. Face parsing is a challenging problem.",
    "Wir schlagen vor: We propose NaïveNet. Ünïcode dataset ImageNet. The task of face parsing is old.",
    "We propose ſomething named Kelvin\u212a-Net on the corpuſ called Data\u212aB.",
    "", "we", "We propose", "benchmark 3D", "The ImageNet benchmarks.",
])
def test_sentence_candidates_equal_the_plain_way(text):
    """The fast path (searches between sentence bounds, cue patterns tried at cue words only, the
    propose cues found in the whole text) against each finder on a copy of each sentence."""
    from kg.nlp.pipeline import split_sentences

    spans = [split_sentences(text), [(0, len(text))], [(0, 12), (10, len(text))]]  # the last overlap
    spans += [[(0, end), (end + 1, len(text))] for end in range(min(len(text), 40))]  # ends inside words
    spans += [[(0, start - 1), (start, len(text))] for start in range(1, min(len(text), 40))]  # starts inside words
    for sentences in spans:
        fast = [(c.start, c.end, c.type, c.rule, c.text) for c in rules.sentence_candidates(text, sentences)]
        assert fast == _plain_sentence_candidates(text, sentences), sentences


@pytest.mark.parametrize("sentence, expected", [
    ("a Gated Recurrent Unit (G-RU) cell", [("G-RU", "Gated Recurrent Unit")]),
    ("a naïve Gated Recurrent Unit (G-RU) cell", [("G-RU", "Gated Recurrent Unit")]),
    ("a Graph Neural Network++ (GNN++) layer", [("GNN++", "Graph Neural Network++")]),
    ("a Gated Recurrent Unit (GRU_s) cell", []),
    ("the Alpha y z Beta (AB) case", [("AB", "Alpha y z Beta")]),
    ("an Alpha x y z Beta (AB) case", []),  # a long form may not take up the whole window
    ("Convolutional Neural Networks (CNNs) and Long Short-Term Memory (LSTM)", [
        ("CNNs", "Convolutional Neural Networks"), ("LSTM", "Long Short-Term Memory")]),
])
def test_abbreviation_pairs_ascii_and_not(sentence, expected):
    assert [(p.short, p.long) for p in rules.abbreviation_pairs(sentence)] == expected


@pytest.mark.parametrize("text, sentences, expected", [
    ("One. Two.", [(0, 4), (5, 9)], True),
    ("One. Two.", [(0, 4), (4, 9)], True),  # after "."
    ("One. Two.", [(0, 2), (5, 9)], False),  # ends before the "e" of "One"
    ("One. Two.", [(0, 4), (6, 9)], False),  # starts after the "T" of "Two"
    ("One. Two.", [(5, 9), (0, 4)], False),
    ("One. Two.", [(0, 6), (5, 9)], False),
    ("One. Two.", [(0, 10)], False),
])
def test_separated_sentence_bounds(text, sentences, expected):
    assert rules._separated(text, sentences) is expected


def _fields(candidates):
    return [(c.start, c.end, c.type, c.rule, c.text) for c in candidates]


@pytest.mark.parametrize("text", [
    "We study 3D facial shape completion on a large face dataset.",
    "(dataset) 'dataset' dataset. dataset- -dataset _dataset dataset_ dataset+ x.dataset dataset's dataset.-x",
    "image super-resolution, image super resolution, high-resolution images, F-score and f-measure, F1 score",
    "the 3D facial  shape completion task\nfacial\nshape completion (face) parsing,speech recognition",
    "a b c d e f speech recognition; graph-based U.S. census data; e.g. web-scale GPT-3.5 text",
    "we transcribe speech. It can parse text. To cannot translate documents. also Arabic documents",
    "new novel large robust detection, the proposed method, general era model, labeled training corpora",
    "state-of-the-art models ranking model\n\nrecall rate accuracy  score",
    "model", " model", "Arabic  texts", "datasets", "x+ model", "x_ model", "(x) model", "+x model",
    "a self-supervised multi-task deep model, a graph-based state-of-the-art ranking model, C++ code model",
])
def test_ascii_head_phrases_equal_split_formulation(text):
    assert _fields(rules._ascii_head_phrases(text)) == _fields(rules._head_phrases_by_split(text))


def test_ascii_head_phrases_equal_split_formulation_on_random_texts():
    import random

    rng = random.Random(0)
    words = sorted(rules._HEAD_KIND) + sorted(rules.STOP) + sorted(rules._GENERIC_MODIFIERS) + [
        "Arabic", "news", "training", "graph", "3D", "GPT-3.5", "e.g.", "super", "f", "measure", "We", "cannot"]
    separators = [" "] * 12 + ["  ", "\n", ", ", ". ", " (", ") ", "-", "_", "'", "+", ".", "^", "/", ".-", " _"]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(separators) for _ in range(rng.randint(1, 20)))
        assert _fields(rules._ascii_head_phrases(text)) == _fields(rules._head_phrases_by_split(text)), text


def test_head_phrases_non_ascii_text_uses_split_formulation():
    text = "Les données: a large café dataset and Arabic documents — naïve model"
    assert _fields(rules.head_phrases(text)) == _fields(rules._head_phrases_by_split(text))
    assert texts(rules.head_phrases(text), "dataset") == ["café dataset", "Arabic documents"]
