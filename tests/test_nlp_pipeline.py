"""The spaCy pipeline and canonicalisation on hand-written sentences."""
from __future__ import annotations

import pytest

from kg.nlp.lexicon import canonical_key, load_lexicon
from kg.nlp.pipeline import build_pipeline, extract, extract_many


def found(text, **kwargs):
    return {(m.text, m.type) for m in extract(text, **kwargs).mentions}


def keys(text):
    return {m.text: m.key for m in extract(text).mentions}


def test_pipeline_is_blank_english_with_kg_components():
    nlp = build_pipeline()
    assert nlp.pipe_names == ["kg_sentences", "kg_vocabulary", "kg_rules", "kg_abbreviations", "kg_canonical", "kg_results"]


def test_vocabulary_component_matches_case_and_hyphen_variants():
    assert ("Face-Parsing", "task") in found("Face-Parsing under makeup is hard.")
    assert ("face parsing", "task") in found("We improve face parsing.")


def test_vocabulary_names_match_with_their_closing_number_split_off():
    # a TDMSci training sentence: text taken from a PDF writes "F1" as "F 1"
    text = ("Given microblog posts as test data, the F 1 of ICTCLAS drops from 0.985 10 to 0.698, clearly showing the "
            "difficulty of processing microtext.")
    assert ("F 1", "metric") in found(text)


def test_metric_acronyms_match_written_as_words():
    # a TDMSci training sentence
    text = ("Machine translation systems are often only evaluated quantitatively by using automatic metrics, such as "
            "Bleu (), which compares the system output to one or more human reference translations.")
    assert ("Bleu", "metric") in found(text)
    assert not any(t == "bleu" for t, _ in found("the bleu sky"))


def test_short_acronyms_match_case_sensitively():
    assert ("SAM", "model") in found("We prompt SAM with boxes.")
    assert not any(t == "sam" for t, _ in found("I met sam yesterday."))


def test_acronym_inside_a_hyphenated_name_is_not_matched():
    mentions = found("The method uses a module called SD-DeTail to decouple details.")
    assert ("SD-DeTail", "model") in mentions and ("SD", "model") not in mentions


def test_title_rule_only_for_titles():
    assert ("HeadRecon", "model") in found("HeadRecon: High-Fidelity 3D Head Reconstruction", title=True)


def test_name_reuse_marks_later_mentions():
    result = extract("We propose FaceCom for completion. FaceCom is fast.")
    assert [m.rule for m in result.mentions if m.text == "FaceCom"] == ["propose", "name-reuse"]


@pytest.mark.parametrize("a, b", [
    ("NeRF", "NeRFs"), ("NeRF", "Neural Radiance Fields"), ("NeRF", "neural radiance field"),
    ("3DMM", "3D Morphable Model"), ("3DMM", "3DMMs"), ("CLIP", "CLIP"), ("SAM", "Segment Anything"),
])
def test_vocabulary_aliases_and_abbreviations_share_a_node(a, b):
    lexicon = load_lexicon()
    assert lexicon.lookup("model", a) is not None
    assert lexicon.lookup("model", a).key == lexicon.lookup("model", b).key


@pytest.mark.parametrize("entity_type, a, b", [
    ("task", "Face Parsing", "face-parsing"),
    ("task", "face parsings", "face parsing"),
    ("task", "Face\u00a0parsing", "face parsing"),
    ("model", "Gene{F}ace++", "GeneFace++"),
    ("model", "NeRFs", "NeRF"),
    ("model", "Instant-NGP", "instant ngp"),
    ("model", "Se\u0301ance-Net", "Seance-Net"),
])
def test_canonical_keys_collapse_noise(entity_type, a, b):
    assert canonical_key(entity_type, a) == canonical_key(entity_type, b)


def test_canonical_keys_keep_real_differences():
    assert canonical_key("model", "GeneFace++") != canonical_key("model", "GeneFace")
    assert canonical_key("task", "face parsing") != canonical_key("task", "human parsing")


def test_discovered_abbreviation_and_long_form_are_one_node():
    text = "We use Mesh Deformation Graphs (MeDG) here, and MeDG is fast."
    by_text = keys(text)
    assert by_text["MeDG"] == by_text["Mesh Deformation Graphs"] == "model:medg"


def test_an_acronym_a_text_defines_for_a_new_task_is_an_alias_of_its_long_form():
    # the opening of a sample abstract (2604.08287): "VCOD" was a task node of its own beside its long form
    by_text = keys("Existing video camouflaged object detection (VCOD) methods primarily rely on\nspatial appearance "
                   "features to perceive motion cues for breaking camouflage.\nHowever, the high similarity between "
                   "foreground and background in VCOD results\nin limited discriminability.")
    assert by_text["VCOD"] == by_text["video camouflaged object detection"] == "task:video camouflaged object detection"


def test_an_acronym_the_text_spells_out_as_another_vocabulary_entry_is_that_entry():
    # a sample abstract (2602.05467): "SR" is the vocabulary's super-resolution; here it is the success rate metric
    text = ("However, existing methods are still unsatisfactory in terms of both success rate (SR) and generalization: "
            "Supervised Fine-Tuning (SFT) approaches typically achieve higher SR, while Training-Free (TF) approaches "
            "often generalize better, but it is difficult to obtain both simultaneously.")
    found = [(m.text, m.type, m.key) for m in extract(text).mentions if m.text == "SR"]
    assert found == [("SR", "metric", "metric:successrate")] * 2
    # the long form of the entry the acronym names is no redefinition
    assert keys("Image Super-Resolution (SR) recovers detail. SR is ill-posed.")["SR"] == keys("SR is ill-posed.")["SR"]


def test_the_vocabulary_keeps_its_match_of_a_long_forms_very_span():
    # a sample sentence (2504.17114): another rule's phrase over the same span as the vocabulary's match does not
    # take it over (results read vocabulary metrics, not head-word phrases, as a sentence's named metric)
    text = ("Our method was evaluated on dynamic [$^{18}$F]FDG PET data from nine patients, resulting in a mean squared "
            "error (MSE) reduction of $13.39\\%$ for the liver and $10.42\\%$ for the lungs.")
    found = {m.text: (m.key, m.rule) for m in extract(text).mentions}
    assert found["mean squared error"] == ("metric:mse", "vocabulary")


def test_the_long_form_of_a_vocabulary_task_acronym_is_that_task():
    # a sample sentence; the long form was a task node of its own ("bird s eye view", 37 mentions in the sample)
    by_text = keys("Learned Bird's-Eye View (BEV) encoders are commonly used to combine a set of camera images from "
                   "multiple views into one joint latent BEV grid.")
    assert by_text["Bird's-Eye View"] == by_text["BEV"] == load_lexicon().lookup("task", "BEV").key


def test_a_long_form_that_spells_out_something_else_is_not_the_vocabulary_entry_of_its_acronym():
    # a sample sentence: the vocabulary's TTA is test-time augmentation (a review found 16 such mentions merged into it)
    by_text = keys("Test-Time Adaptation (TTA) offers a promising solution by allowing models to adapt using only "
                   "test samples.")
    assert by_text["Test-Time Adaptation"] != load_lexicon().lookup("model", "TTA").key


# sentences of the arXiv sample (../shared/data/arxiv_cs_sample.jsonl)
SAM_AS_MINIMIZATION = ("Sharpness-Aware Minimization (SAM) has recently emerged as an effective technique for improving "
                       "DNN robustness to input variations.")
SAM_AS_SEGMENTER = ("Recently, the Segment Anything Model (SAM), especially in its Automatic Mask Generation (AMG) mode, "
                    "has shown potential for holistic image segmentation.")
SVD_AS_DECOMPOSITION = ("StableAnimator++ first uses learnable layers to predict the similarity transformation matrices "
                        "between the reference image and the driven poses via injecting guidance from Singular Value "
                        "Decomposition (SVD).")


def test_an_acronym_the_text_spells_out_as_something_else_is_not_the_vocabulary_entry():
    assert load_lexicon().lookup("model", "SAM") and load_lexicon().lookup("model", "SVD")  # the vocabulary's SAM, SVD
    for text, acronym in ((SAM_AS_MINIMIZATION, "SAM"), (SVD_AS_DECOMPOSITION, "SVD")):
        (mention,) = [m for m in extract(text).mentions if m.text == acronym]
        assert not mention.in_vocabulary
        assert mention.key != load_lexicon().lookup("model", acronym).key
    (segmenter,) = [m for m in extract(SAM_AS_SEGMENTER).mentions if m.text == "SAM"]
    assert segmenter.in_vocabulary and segmenter.key == load_lexicon().lookup("model", "SAM").key


# sentences of the arXiv sample: a metric spelled out as another one; a long form a pair misread
DER_AS_DIACRITICS = ("Evaluation uses Word Error Rate (WER) and Character Error Rate (CER) for orthographic fidelity, "
                     "plus a task-specific Diacritic Error Rate (DER) that isolates accent edits.")  # 2511.23088
MIOU_AFTER_A_PHRASE = ("Experimental results on benchmark datasets (e.g., COCO, Cityscapes) demonstrate that our approach "
                       "outperforms the existing methods in both pixel-level accuracy (mIoU) and contextual "
                       "understanding (mAP).")  # 2503.19276


def test_an_acronym_is_redefined_only_by_a_plausible_expansion_sharing_no_telling_word():
    lexicon = load_lexicon()
    # "error rate" is shared with diarization error rate, but says nothing: DER is not that metric here
    (der,) = [m for m in extract(DER_AS_DIACRITICS).mentions if m.text == "DER"]
    assert der.key != lexicon.lookup("metric", "DER").key
    # "methods in both pixel-level accuracy" does not spell mIoU: the vocabulary's mIoU stays
    (miou,) = [m for m in extract(MIOU_AFTER_A_PHRASE).mentions if m.text == "mIoU"]
    assert miou.key == lexicon.lookup("metric", "mIoU").key
    # a variant of a one-word name ("LLaVA-NeXT") is no spelled-out name: its expansion is not a redefinition
    expansion = "Large Language and Vision Assistant (LLaVA) answers questions about images."
    assert {m.key for m in extract(expansion).mentions} == {lexicon.lookup("model", "LLaVA").key}


# sample sentences: a vocabulary dataset with no spelled-out name (GQA, "Compositional questions over Visual Genome
# scene graphs") spelled out as something else (2512.20650); another one spelled out as itself
GQA_AS_ATTENTION = ("Multi-Query Attention (MQA) and Grouped-Query Attention (GQA) reduce memory usage but often at the "
                    "cost of model performance.")


def test_a_dataset_acronym_spelled_out_with_no_word_of_its_description_is_something_else():
    lexicon = load_lexicon()
    by_text = keys(GQA_AS_ATTENTION)
    assert by_text["GQA"] == by_text["Grouped-Query Attention"] != lexicon.lookup("dataset", "GQA").key
    assert keys("We evaluate on GQA and VQAv2.")["GQA"] == lexicon.lookup("dataset", "GQA").key
    # a long form sharing a word with the description ("object"), or ending in a dataset's head word, is the dataset
    coco = keys("Common Objects in Context (COCO) holds 330k images.")
    assert coco["COCO"] == coco["Common Objects in Context"] == lexicon.lookup("dataset", "COCO").key
    # a spelled-out name the vocabulary lists keeps the dataset (a review found ACE 2005 and VCTK lost)
    ace = keys("We evaluate on Automatic Content Extraction (ACE) 2005 and the Voice Cloning Toolkit (VCTK) corpus.")
    assert ace["ACE"] == lexicon.lookup("dataset", "ACE 2005").key and ace["VCTK"] == lexicon.lookup("dataset", "VCTK").key
    assert keys("the Grouped Query Answering Dataset (GQA) is used")["GQA"] == lexicon.lookup("dataset", "GQA").key


OOD_DETECTION = ("Out-of-distribution (OOD) detection attempts to distinguish outlier samples to prevent models trained "
                 "on the in-distribution (ID) dataset from producing unavailable outputs.")  # arXiv sample, 2506.17633
NERF_RENDERING = "Neural Radiance Fields (NeRF) rendering is slow."
IMAGE_AND_VIDEO = ("Extensive experiments on image and video understanding tasks demonstrate that DyMU can reduce the "
                   "average visual token count by 32%-85%.")  # arXiv sample


def test_a_task_head_after_an_abbreviated_long_form_makes_one_task_of_the_whole_phrase():
    tasks = [(m.text, m.key) for m in extract(OOD_DETECTION).mentions if m.type == "task"]
    assert tasks[0] == ("Out-of-distribution (OOD) detection", load_lexicon().lookup("task", "OOD detection").key)
    assert "task:detection" not in {key for _, key in tasks}  # not the bare head
    # a long form the vocabulary names keeps its mention: the head is not glued to it
    assert [m.key for m in extract(NERF_RENDERING).mentions][:2] == ["model:nerf", "model:nerf"]
    sfm = "Structure-from-Motion (SfM) processing is slow."
    assert extract(sfm).mentions[0].key == load_lexicon().lookup("task", "structure from motion").key


def test_a_one_word_modifier_before_a_coordinated_task_is_no_task():
    tasks = {m.text for m in extract(IMAGE_AND_VIDEO).mentions if m.type == "task"}
    assert "image" not in tasks


def test_vocabulary_wins_over_a_longer_low_confidence_phrase():
    (mention,) = [m for m in extract("We tackle tattooed face parsing.").mentions if m.type == "task"]
    assert (mention.key, mention.in_vocabulary) == ("task:face parsing", True)


def test_offsets_and_sentences_slice_the_input():
    text = "Intro.\nWe propose FaceCom, a method for 3D facial shape completion. It uses NeRF (NeRF) too."
    result = extract(text)
    assert result.mentions
    for m in result.mentions:
        assert text[m.start:m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        assert m.text in result.sentence_of(m)


def test_extract_many_equals_extract():
    texts = ["Face parsing with SAM.", "", "We introduce the FaceDB dataset."]
    assert [r.mentions for r in extract_many(texts)] == [extract(t).mentions for t in texts]


@pytest.mark.parametrize("text, expected", [
    ("We use NeRF, e.g. for heads. It works.", ["We use NeRF, e.g. for heads.", "It works."]),
    ("Results improve by 3.5 points. See Fig. 2 for details.", ["Results improve by 3.5 points.", "See Fig. 2 for details."]),
    ("Smith et al. proposed it. J. Doe agreed!", ["Smith et al. proposed it.", "J. Doe agreed!"]),
    ("Is it hard? Yes. 3D faces are hard.", ["Is it hard?", "Yes.", "3D faces are hard."]),
    ("no capital after. so one sentence", ["no capital after. so one sentence"]),
    # a sample abstract (2506.04673) left a space out; its metric "accuracy" was lent across the two sentences
    ("relative gains in 5-way 5-shot classification.These findings highlight the\nefficacy of coupling",
     ["relative gains in 5-way 5-shot classification.", "These findings highlight the\nefficacy of coupling"]),
    ("We subclass torch.nn.Module and serve www.idiap.Ch pages.", ["We subclass torch.nn.Module and serve www.idiap.Ch pages."]),
])
def test_sentence_splitter_cuts_at_sentence_ends_only(text, expected):
    from kg.nlp.sentences import split_sentences

    assert [text[start:end] for start, end in split_sentences(text)] == expected


def test_mention_is_a_record_read_by_name():
    from kg.nlp.pipeline import Mention

    values = dict(text="NeRF", type="model", start=3, end=7, key="model:nerf", name="NeRF", rule="vocabulary",
                  in_vocabulary=True, sentence_start=0, sentence_end=20)
    mention = Mention(**values)
    assert (mention.parent, mention.long_form) == (None, None)
    assert mention._asdict() == {**values, "parent": None, "long_form": None}
    assert mention == Mention(**values) and hash(mention) == hash(Mention(**values))
    assert repr(mention).startswith("Mention(text='NeRF', type='model', start=3, end=7,")
    with pytest.raises(AttributeError):
        mention.key = "model:other"


def test_component_results_are_readable_as_doc_extensions():
    from kg.nlp.pipeline import build_pipeline, extract

    text = "We propose FaceCom for face parsing (FP) on the CelebAMask-HQ dataset."
    doc = build_pipeline()(text)
    assert doc._.kg_mentions == extract(text).mentions
    assert [p.short for p in doc._.kg_pairs] == ["FP"]
    assert doc._.kg_vocabulary and doc._.kg_candidates is not None


def test_name_form_of_text_that_folds_to_spaces_is_empty():
    from kg.nlp.lexicon import canonical_key, name_form

    assert name_form("{ }") == "" and name_form(" \\ { } ") == ""
    assert canonical_key("model", "{ }") == "model:"


def test_an_acronym_of_lower_case_words_with_no_model_head_names_no_model():
    # the embedded corpus's rPPG abstract: blood pressures listed as models in an export; names of things measured or
    # imaged ("magnetic resonance imaging (MRI)", "unmanned aerial vehicles (UAVs)") are no models either
    text = ("The MAE for estimating the systolic blood pressure (SBP) and diastolic blood pressure (DBP) were 10.19 mmHg "
            "and 7.09 mmHg. We fly unmanned aerial vehicles (UAVs) over the site.")
    assert not [m.text for m in extract(text).mentions if m.type == "model"]
    # a long form in capitals, or one whose head is a model word, still names a model (a possessive head too)
    models = {m.text for m in extract("We propose Mesh Deformation Graphs (MeDG). Vectors steer large language models' "
                                      "(LLMs) behaviour and a dual remote photoplethysmography network (DRP-Net).").mentions
              if m.type == "model"}
    assert {"MeDG", "LLMs", "DRP-Net"} <= models


def test_a_sentence_initial_capital_does_not_make_a_description_a_name():
    text = "Unmanned aerial vehicles (UAVs) fly over the site while systolic blood pressure (SBP) is measured."
    assert not [m.text for m in extract(text).mentions if m.type == "model"]


def test_a_vocabulary_metric_at_a_cut_off_is_a_metric_mention():
    # sample sentences (2602.23953, 2606.12594): "mAP@50", "pass@32" are the vocabulary's mAP and pass@k at a cut-off the
    # vocabulary does not list; each is a metric node of its own, and a result table's column
    text = ("The model achieves a precision of 0.844, recall of 0.846, mAP@50 of 0.914, and mAP@50:95 of 0.636, "
            "outperforming YOLO11n by 5.1%, 1.3%, and 1.0% in precision, mAP@50, and mAP@50:95, respectively.")
    found = extract(text)
    assert {(m.text, m.type) for m in found.mentions if "@" in m.text} == {("mAP@50", "metric"), ("mAP@50:95", "metric")}
    assert [r.metric for r in found.results if r.kind == "gain"] == ["precision", "mAP@50", "mAP@50:95"]
    text = ("Empirically, Pythagoras-Prover-4B surpasses DeepSeek-Prover-V2-671B at pass@32 on MiniF2F-Test "
            "(86.1% vs 82.4%) with ~167x fewer parameters.")
    assert [(r.value, r.metric) for r in extract(text).results if r.kind == "absolute"] == [("86.1", "pass@32"),
                                                                                              ("82.4", "pass@32")]
    # written without "@" (2603.23742): a two-digit threshold or range after the name; not a gene nor a percentile
    text = "The ensemble achieves a mAP50-95 of 0.201 on the preliminary test set, with p53 mutations and a P99 latency."
    assert [m.text for m in extract(text).mentions if m.type == "metric" and m.text != "latency"] == ["mAP50-95"]
    # a name that is no vocabulary metric stays out ("user@2", an e-mail-like token)
    assert not [m for m in extract("Write to user@2 for the data.").mentions if m.type == "metric"]


def test_an_acronym_of_an_area_under_a_curve_is_a_metric():
    # a sample sentence (2511.03212): the long form ends in "Curve"; the name-like acronym made it a model
    text = ("The model achieves an accuracy of 84.62% and an Area Under the Receiver Operating Characteristic Curve "
            "(AUC-ROC) of 0.724 on the independent test set.")
    assert {(m.text, m.type) for m in extract(text).mentions if "AUC" in m.text or "Curve" in m.text} == {
        ("Area Under the Receiver Operating Characteristic Curve", "metric"), ("AUC-ROC", "metric")}


# sample abstracts written with LaTeX ties (2504.13092, 2505.14239) and a bracket before a long form (2506.17900)
TIED_VAD = "Video Anomaly Detection~(VAD) focuses on identifying anomalies within videos."
TIED_FSOD = ("This paper focus on few-shot object detection~(FSOD) and instance\nsegmentation~(FSIS), which requires a "
             "model to quickly adapt to novel classes\nwith a few labeled instances.")
BRACKET_BEFORE = ("In order to solve this problem, this\npaper proposes an intelligent log processing and automatic debugging "
                  "framework\nbased on Large Language Model (LLM), named Intelligent Debugger (LLM-ID).")


def test_a_latex_tie_reads_as_a_space_and_the_text_keeps_it():
    found = extract(TIED_FSOD)
    by_text = {m.text: m.key for m in found.mentions}
    assert by_text["few-shot object detection"] == by_text["FSOD"] == "task:few shot object detection"
    assert found.text == TIED_FSOD and "detection~(FSOD)" in found.sentence_of(found.mentions[0])  # quoted as written
    # no long form starts inside a bracket: "FSOD) and instance segmentation" spells no FSIS
    assert not [m for m in found.mentions if ")" in m.text]
    assert not [m for m in extract(BRACKET_BEFORE).mentions if ")" in m.text]


def test_a_long_form_that_is_another_vocabulary_entry_takes_its_acronym_there():
    lexicon = load_lexicon()
    assert lexicon.lookup("task", "VAD").key == "task:voice activity detection"  # the vocabulary's VAD
    by_text = keys(TIED_VAD)
    assert by_text["VAD"] == by_text["Video Anomaly Detection"] == lexicon.lookup("task", "video anomaly detection").key
    assert keys("Image Super-Resolution (SR) recovers detail.")["SR"] == lexicon.lookup("task", "super-resolution").key


def test_a_dataset_or_model_noun_after_an_abbreviation_types_the_pair():
    # arXiv sample 2506.17958: a name the vocabulary does not know, typed by the noun after its acronym
    text = "Extensive experiments on the View-of-Delft (VoD) dataset highlight the effectiveness of our method."
    assert [(m.text, m.type) for m in extract(text).mentions][:2] == [("View-of-Delft", "dataset"), ("VoD", "dataset")]
    text = "We build on the Segment Everything Everywhere (SEEM) model for referring segmentation."
    assert ("SEEM", "model") in [(m.text, m.type) for m in extract(text).mentions]
