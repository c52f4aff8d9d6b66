"""Discovery rules on hand-written sentences: each rule, a positive and a negative case."""
from __future__ import annotations

import pytest

from kg.nlp import rules


def texts(candidates, kind=None):
    return [c.text for c in candidates if kind is None or c.type == kind]


@pytest.mark.parametrize("token, expected", [
    ("HiFace", True), ("SD-DeTail", True), ("GeneFace++", True), ("UniF^2ace", True), ("S2TD-Face", True),
    ("DaGAN++", True), ("High-Fidelity", False), ("method", False), ("3D", False), ("We", False), ("What", False),
    # generic acronyms and descriptors name nothing (a fresh-clone user met "LLM", "RGB" and "LLM-based" as models
    # carrying papers' code links); a descriptor's name part keeps a name its own
    ("LLM", False), ("VLMs", False), ("GitHub", False), ("LLM-based", False), ("AI-driven", False),
    ("GPT-4o-generated", False), ("human-AI", False), ("SAM-Based", True), ("EBA-AI", True), ("PedX-LLM", True),
])
def test_is_name_like(token, expected):
    assert rules.is_name_like(token) is expected


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
    # the arXiv sample's 2504.12322: LLMs is the class the framework is made of, GRA what is proposed
    ("we propose a multiple small LLMs involved framework, GRA, that aggregates specialized roles across small LLMs",
     [("GRA", "model")]),
    # a class used, not proposed: no proposal, not the next name (a review found GSM8K and CLIP "proposed")
    ("We propose to fine-tune LLMs on GSM8K.", []),
    ("We propose a framework leveraging Vision-Language Models (VLMs) and CLIP for retrieval.", []),
    ("This paper presents an analysis of biases in seven LLMs: GPT-4o-mini, Claude-3-Sonnet and Gemini.", []),
    # sample sentences (2506.04715 and 2504.01848): a generic acronym or a descriptor is a kind of thing, the name (if
    # any) follows it set apart
    ("Moreover, considering the outstanding performance of large language models (LLMs) in various vision and "
     "language tasks, we introduce a LLM as the quality regression module.", []),
    ("To enable scalable evaluation, we also develop an LLM-based judge to automatically grade replication attempts "
     "against rubrics.", []),
    ("We have created a GitHub repository to index the relevant papers.", []),
    ("we propose a novel LLM-based framework, PedX, for pedestrian crossing", [("PedX", "model")]),
    # a review's findings: a descriptor is skipped, not a stop ("reward-free", "fine-grained"); a generic acronym the
    # cue spells out as a name is the paper's (sample 2511.22064), spelled out in lower case it is the class
    ("we propose reward-free guidance (RFG), a principled method", [("RFG", "model")]),
    ("we propose a fine-grained detection framework FAID for images", [("FAID", "model")]),
    ("To tackle this challenge, we propose a Dual-branch Network with Adaptation (DNA), which comprises two branches",
     [("DNA", "model")]),
    ("This study aims to develop a large language model (LLM)-based tool for identifying HIV stigma from notes.", []),
    # a plural acronym defined right where it is proposed is the proposal
    ("We propose Kolmogorov-Arnold Networks (KANs) as an alternative to MLPs.", [("KANs", "model")]),
    ("we introduce efficient non-linear aggregators (NLAs) that reduce complexity", [("NLAs", "model")]),
    # a benchmark by the end of its long form (a sample sentence, 2603.07286) or of its name; not a generator of
    # benchmarks (2605.12022)
    ("To address these gaps, we introduce TS-Bench (Taiwan Safety Benchmark), a standardized evaluation suite for "
     "assessing safety performance in Taiwanese Mandarin.", [("TS-Bench", "dataset")]),
    ("We present DirectorBench to evaluate camera control.", [("DirectorBench", "dataset")]),
    ("We propose SAGE (Scalable Automated Generation of Robustness BEnchmarks), a framework for scalable robustness "
     "augmentation of knowledge evaluation benchmarks.", [("SAGE", "model")]),
])
def test_proposal_names(sentence, expected):
    found = rules.proposal_names(sentence) + rules.called_names(sentence)
    assert [(c.text, c.type) for c in found] == expected


def test_a_name_after_a_dataset_phrase_and_a_comma_is_its_clauses_subject_not_a_dataset():
    # a fresh-clone user's sentence: "DepthWeaver" (the paper's model) became a dataset; 160 sample abstracts alike
    # ("Across all three self-collected datasets, MobiAct achieves ...")
    assert [c.text for c in rules.dataset_names("On the NYUv2 dataset, DepthWeaver reduces the AbsRel error to 5.2%.")
            ] == ["NYUv2"]
    assert not [c for c in rules.dataset_names("Across all three self-collected datasets, MobiAct achieves an average "
                                               "recognition accuracy of 92%.") if c.text == "MobiAct"]
    # an apposition stays a dataset's name
    assert [c.text for c in rules.dataset_names("We introduce a new dataset, FooBench, for tagging.")] == ["FooBench"]


@pytest.mark.parametrize("title, expected", [
    ("HeadRecon: High-Fidelity 3D Head Reconstruction from Monocular Video", ("HeadRecon", "model")),
    ("EasyPortrait -- Face Parsing and Portrait Segmentation Dataset", ("EasyPortrait", "dataset")),
    ("Learning to parse faces under makeup", None),
    ("Towards a better understanding of the many ways in which faces are parsed: a survey", None),
])
def test_title_name(title, expected):
    found = rules.title_name(title)
    assert (found and (found.text, found.type)) == expected or (found is None and expected is None)


# titles of the arXiv sample (2503.12014, 2503.12261, 2503.12527, 2503.11995, 2503.12701) and made-up negatives
@pytest.mark.parametrize("title, expected", [
    ("Learning Dual-Domain Multi-Scale Representations for Single Image Deraining", ["Single Image Deraining"]),
    ("Handling Weak Complementary Relationships for Audio-Visual Emotion Recognition", ["Audio-Visual Emotion Recognition"]),
    ("A Plug-and-Play Learning-based IMU Bias Factor for Robust Visual-Inertial Odometry", ["Robust Visual-Inertial Odometry"]),
    ("AnyCalib: On-Manifold Learning for Model-Agnostic Single-View Camera Calibration",
     ["Model-Agnostic Single-View Camera Calibration"]),
    # the phrase ends at a preposition or a colon; an opening verb is not part of the task
    ("Towards Camera Calibration in the Wild: A Study", ["Camera Calibration"]),
    ("Prompts for Improving Food Recognition", ["Food Recognition"]),
    # no task: a plural (what it is for), an acronym, one word alone, a stop word first
    ("Sparse Attention for Large Language Models", []),
    ("Fraesormer: Learning Adaptive Sparse Transformer for Efficient FR", []),
    ("Tools for Segmentation", []),
    ("A Benchmark for the Evaluation of Agents", []),
    ("Towards Metrical Reconstruction of Human Faces", []),
    ("A Rich Database for Audio-Visual Emotion and Sentiment Research in the Wild", []),
])
def test_title_tasks(title, expected):
    found = rules.title_tasks(title)
    assert texts(found) == expected and all(c.type == "task" and title[c.start:c.end] == c.text for c in found)


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
    ("Results on LAION-400M and FaceDB are reported.", ["LAION-400M", "FaceDB"]),
    ("We fine-tune Qwen3-8B and Qwen2.5-VL-7B-Instruct.", []),
    ("We collected the Portrait benchmark last year.", ["Portrait"]),
    ("What datasets were used to train the model?", []),
    ("Constructing benchmarks is hard.", []),
    ("Results on The ImageNet dataset are good.", ["ImageNet"]),
    ("In This Large ImageNet benchmark we test.", ["ImageNet"]),
])
def test_dataset_names(sentence, expected):
    named = rules.dataset_names(sentence) + [c for c in rules.sized_names(sentence) if c.type == "dataset"]
    assert sorted(set(texts(named))) == sorted(expected)


def test_a_size_in_billions_names_a_model_unless_the_vocabulary_knows_a_dataset():
    # the sample had 286 "datasets" such as Qwen3-8B, Llama-3-8B and "VL-7B" (cut out of Qwen2.5-VL-7B)
    from kg.nlp.pipeline import extract

    found = {m.text: m.type for m in extract("We fine-tune Qwen3-8B and Qwen2.5-VL-7B on LAION-5B and LAION-400M.").mentions}
    assert found == {"Qwen3-8B": "model", "Qwen2.5-VL-7B": "model", "LAION-5B": "dataset", "LAION-400M": "dataset"}


@pytest.mark.parametrize("sentence, expected", [
    ("The parser is trained on WSJ and tested on the Brown corpus.", ["WSJ"]),
    ("We report results on CoNLL 2003 and experiments on SemEval-2010.", ["CoNLL 2003", "SemEval-2010"]),
    ("The model is evaluated on images and trained on the Web.", []),
])
def test_evaluated_on_names(sentence, expected):
    assert texts(rules.evaluated_on_names(sentence)) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("We study the task of facial shape completion from partial scans.", ["facial shape completion"]),
    ("Face parsing aims to assign a label to each pixel.", ["Face parsing"]),
    ("Talking head generation remains a challenging problem.", ["Talking head generation"]),
    ("The model aims to be fast.", []),
    ("Face parsing is a challenging problems area.", []),
    ("We study the task of making.", []),  # a gerund names a task with its object only
    # sentences of the annotated training data: a gerund and its object after "the task of", "a method for"
    ("In this paper we address the task of taxonomizing Wikipedia in away that is fully independent of other existing "
     "ontologies.", ["taxonomizing Wikipedia"]),
    ("In this paper , we investigate the problem of automatically predicting segment boundaries in spoken multiparty "
     "dialogue .", ["predicting segment boundaries"]),
    # arXiv sample: a head word after "(I2V)" ends a longer name, it is no task alone
    ("Image-to-video (I2V) generation seeks to produce realistic motion sequences from a single reference image.", []),
])
def test_task_phrases(sentence, expected):
    assert texts(rules.task_phrases(sentence)) == expected


@pytest.mark.parametrize("sentence, expected", [
    # SciERC training sentences
    ("This paper presents an approach to localizing functional objects in surveillance videos without domain knowledge "
     "about semantic object classes that may appear in the scene .", ["localizing functional objects"]),
    ("We present a method for detecting 3D objects using multi-modalities .", ["detecting 3D objects"]),
    ("We propose a method for face parsing and a module for computing features.", ["face parsing"]),
    ("The method to use is simple.", []),
])
def test_purpose_tasks(sentence, expected):
    assert texts(rules.purpose_tasks(sentence)) == expected


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
    ("The score rises as the top-5 accuracy falls.", "metric", ["top-5 accuracy"]),
    ("The PARSEVAL measure and a similarity metric beat the evaluation metrics.", "metric",
     ["PARSEVAL measure", "similarity metric"]),
    ("On the CTB test set and the WMT data sets, not the test set nor a feature set.", "dataset",
     ["CTB test set", "WMT data", "WMT data sets"]),
])
def test_head_phrases(sentence, kind, expected):
    assert texts(_head_phrases(sentence), kind) == expected


def _head_phrases(text):
    """The phrases of every head word the pipeline's matcher pass finds."""
    from kg.nlp.pipeline import build_pipeline

    return list(filter(None, (rules.head_phrase(text, start, end) for start, end in build_pipeline()(text)._.kg_heads)))


@pytest.mark.parametrize("text, expected", [
    ("image super-resolution and face-parsing models, balanced F-score", ["image super-resolution", "face-parsing models",
                                                                            "balanced F-score"]),
    ("Les données: a large café dataset and Arabic documents", ["café dataset", "Arabic documents"]),
    ("the detection's cost and detection-based tracking", ["detection-based tracking"]),
])
def test_head_phrases_take_whole_words_only(text, expected):
    assert texts(_head_phrases(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("We propose FaceNet. In this paper we\npropose HeadNet, a model. The task of face parsing is old.",
     [("FaceNet", "propose"), ("HeadNet", "propose"), ("face parsing", "task-cue")]),
    ("A module called SD-DeTail is used. We use the ImageNet benchmark and the dataset named Portrait.",
     [("SD-DeTail", "named"), ("Portrait", "named"), ("ImageNet", "x-dataset"), ("Portrait", "dataset-x")]),
    ("We propose\n\nBarNet now.", []),  # the name search ends with the sentence
    ("", []),
])
def test_sentence_candidates_read_each_sentence(text, expected):
    from kg.nlp.pipeline import build_pipeline

    found = [c for c in build_pipeline()(text)._.kg_candidates if c.rule != "head-word"]
    assert [(c.text, c.rule) for c in found] == expected
    assert all(text[c.start:c.end] == c.text for c in found)


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


def test_word_lists_are_consistent():
    """Tool heads are method heads that need no modifier; every list is non-empty and stripped."""
    assert rules.TOOL_HEADS <= rules.MODEL_HEADS
    assert all(words and all(w == w.strip() and w for w in words) for words in rules._WORDS.values())


# Sentences from the annotated training data (SciERC train, the first 900 TDMSci sentences).
@pytest.mark.parametrize("sentence, expected", [
    ("Experimental results on the Olympic Sports and UCF101 datasets demonstrate that the proposed method outperforms",
     [("Olympic Sports", "dataset")]),
    ("We evaluate the performance of Chinese word segmentation on the PKU and MSRA benchmark datasets in the second "
     "International Chinese Word Segmentation Bakeoff.", [("PKU", "dataset")]),
    ("We applied the proposed method to question classification and sentence alignment tasks to evaluate its performance .",
     [("question classification", "task")]),
    ("We report ranking and regression performance using the rAcc, vBLEU, MAE, and TE metrics.",
     [("rAcc", "metric"), ("vBLEU", "metric"), ("MAE", "metric")]),
    # a dataset conjunct must read as a name; "text" is the kind of data, not which
    ("VBQ outper-forms uniform quantisation by up to 168% for retrieval across standard text and image datasets.", []),
])
def test_coordinated_names(sentence, expected):
    assert [(c.text, c.type) for c in rules.coordinated_names(sentence)] == expected


def test_coordinated_names_are_mentions():
    text = "Experimental results on the Olympic Sports and UCF101 datasets demonstrate that the proposed method works ."
    from kg.nlp.pipeline import extract

    assert [(m.text, m.type) for m in extract(text).mentions if m.type == "dataset"] == [
        ("Olympic Sports", "dataset"), ("UCF101", "dataset")]


@pytest.mark.parametrize("sentence, kind, expected", [
    # a phrase does not start at a wh-word nor run across a preposition
    ("Besides, CLMM can improve the accuracy of cross-lingual sentiment classification consistently regardless of whether "
     "labeled data in the target language are present or not.", "dataset", []),
    ("Instead of taking abroad view of topic context in spoken documents , variability of word co-occurrence statistics "
     "across corpora leads us to focus instead the on phenomenon of word repetition within single documents.", "dataset",
     []),
])
def test_head_phrases_stop_at_function_words(sentence, kind, expected):
    assert texts(_head_phrases(sentence), kind) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a name in a list with a known metric or dataset takes its type, on either side
    ("The outputs were scored with QuxScore, BLEU and ZorbMetric.", [("QuxScore", "metric"), ("ZorbMetric", "metric")]),
    ("We train on the Penn Treebank and FooBank-2.", [("FooBank-2", "dataset")]),
    # a list of plain words stays out
    ("We report BLEU and fluency.", []),
    # a comma alone ends an opening phrase, it lists nothing; a slash in a web address lists nothing
    ("On ImageNet, FooNet-50 reaches 76.1% top-1 accuracy.", []),
    ("The dataset is available at https://github.com/SOME-LabX/FooHan97K.", []),
])
def test_names_coordinated_with_known_names(sentence, expected):
    from kg.nlp.pipeline import extract

    assert [(m.text, m.type) for m in extract(sentence).mentions if m.rule == "coordinated"] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("We use NewsDev7 as the development set and report BLEU on NewsTest9.", ["NewsDev7", "NewsTest9"]),
    ("We use this split as the test set and report BLEU on average.", []),
    # "AUC over X" names the method beaten, not data
    ("Our method improves the mean AUC over PatchCore from 83.0% to 84.5%.", []),
])
def test_data_named_by_role(sentence, expected):
    from kg.nlp.pipeline import extract

    assert [m.text for m in extract(sentence).mentions if m.type == "dataset"] == expected


@pytest.mark.parametrize("sentence, expected", [
    # a one-word metric name in a plural that no verb has is still the metric
    ("Reported accuracies vary widely across the splits.", [("accuracies", "metric")]),
    # a plural in -s may be a verb: "the agent recalls" names no metric
    ("The agent recalls past observations when planning.", []),
])
def test_one_word_metric_names_in_the_plural(sentence, expected):
    from kg.nlp.pipeline import extract

    assert [(m.text, m.type) for m in extract(sentence).mentions if m.type == "metric"] == expected


def test_an_acronym_defined_earlier_for_a_description_is_not_a_proposal():
    # a sample abstract (2504.01722): "HR" abbreviates "high-resolution", so "address HR AGB estimation" names nothing
    text = ("To enable global, high-resolution (HR) mapping, several works propose to regress AGB from HR satellite "
            "observations such as ESA Sentinel-1/2 images. We propose a novel way to address HR AGB estimation, by "
            "leveraging both HR satellite observations and existing low-resolution (LR) biomass products.")
    assert [c.text for c in rules.proposal_names(text)] == []
    # an acronym the proposal itself defines is still its name
    assert [c.text for c in rules.proposal_names("We propose multi-scale guidance (MSG) for this task.")] == ["MSG"]
