"""The ONNX Runtime embedder: same vectors as sentence-transformers, built offline, no torch at query time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import EmbeddingModelError
from assistant.knowledge import LocalEmbedder, OnnxEmbedder, load_chunks, shared_embedder
from assistant.knowledge.embeddings import MAX_SEQ_LENGTH
from assistant.knowledge.onnx_export import MANIFEST_FILE, MODEL_FILE, check_export, file_sha256
from assistant.knowledge.sentences import split_sentences
from assistant.settings import PROJECT_ROOT

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
HEAVY = ("torch", "transformers", "sentence_transformers", "sklearn")


@pytest.fixture(scope="module")
def onnx() -> OnnxEmbedder:
    embedder = shared_embedder()
    assert isinstance(embedder, OnnxEmbedder)
    return embedder


@pytest.fixture(scope="module")
def reference() -> LocalEmbedder:
    return LocalEmbedder()


@pytest.fixture(scope="module")
def kb_texts() -> tuple[list[str], list[list[str]]]:
    chunks = [c for path in sorted(KNOWLEDGE_DIR.glob("*.md")) for c in load_chunks(path)]
    return [c.embedding_text() for c in chunks], [split_sentences(c.text) for c in chunks]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_chunk_and_sentence_vectors_match_sentence_transformers_on_the_whole_kb(
    onnx: OnnxEmbedder, reference: LocalEmbedder, kb_texts: tuple[list[str], list[list[str]]]
) -> None:
    texts, sentences = kb_texts
    got_chunks, got_sentences = onnx.embed_with_sentences(texts, sentences)
    want_chunks, want_sentences = reference.embed_with_sentences(texts, sentences)
    assert got_chunks.shape == want_chunks.shape == (len(texts), 384)
    assert _cosines(got_chunks, want_chunks).min() >= 0.9999
    assert np.allclose(np.linalg.norm(got_chunks, axis=1), 1.0, atol=1e-5)

    assert len(got_sentences) == len(want_sentences) == len(texts)
    compared = 0
    for got, want in zip(got_sentences, want_sentences, strict=True):
        assert got.shape == want.shape
        found = np.linalg.norm(want, axis=1) > 0
        # The same sentences are found in the chunk's tokens (the others stay zero rows).
        assert np.array_equal(np.linalg.norm(got, axis=1) > 0, found)
        if found.any():
            assert _cosines(got[found], want[found]).min() >= 0.9999
            compared += int(found.sum())
    assert compared > 1000  # every KB sentence, not a handful


def test_plain_and_query_vectors_match_including_truncated_long_texts(
    onnx: OnnxEmbedder, reference: LocalEmbedder, kb_texts: tuple[list[str], list[list[str]]]
) -> None:
    texts = kb_texts[0]
    long_text = " ".join(texts[:4])  # far beyond the model's 256 tokens: both must cut it the same way
    mixed = ["What is LoRA?", "ok", long_text, *texts[10:40]]
    assert _cosines(onnx.embed(mixed), reference.embed(mixed)).min() >= 0.9999
    question = "how do we pick between RAG and fine tuning??"
    assert float(onnx.embed_query(question) @ reference.embed_query(question)) >= 0.9999
    assert reference.model.max_seq_length == MAX_SEQ_LENGTH
    assert onnx.embed([]).shape == (0, 384)
    empty_chunks, empty_sentences = onnx.embed_with_sentences([], [])
    assert empty_chunks.shape == (0, 384) and empty_sentences == []


def test_missing_export_is_built_on_first_use_with_a_progress_message(tmp_path: Path) -> None:
    folder = tmp_path / "models" / "minilm-onnx"
    messages: list[str] = []
    embedder = OnnxEmbedder(folder, progress=messages.append)
    vector = embedder.embed_query("What is a model card?")
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-5
    assert any("Exporting the embedding model to ONNX" in m and str(folder) in m for m in messages)
    assert check_export(folder).state == "ready"
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    assert manifest["onnx_sha256"] == file_sha256(folder / MODEL_FILE)
    # Atomic build: nothing half-written is left beside it.
    assert sorted(p.name for p in folder.parent.iterdir() if not p.name.endswith(".lock")) == ["minilm-onnx"]


def test_stale_corrupt_or_missing_exports_are_recognised(onnx: OnnxEmbedder, tmp_path: Path) -> None:
    onnx.embed_query("warm")  # makes sure the shared export exists
    copy = tmp_path / "export"
    shutil.copytree(onnx.folder, copy)
    assert check_export(copy).state == "ready"

    manifest = json.loads((copy / MANIFEST_FILE).read_text())
    manifest["source"]["export_code_sha256"] = "0" * 64  # as if built by older export code
    (copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    assert check_export(copy).state == "stale"

    shutil.copyfile(onnx.folder / MANIFEST_FILE, copy / MANIFEST_FILE)
    built = (copy / MODEL_FILE).stat()
    data = bytearray((copy / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / MODEL_FILE).write_bytes(bytes(data))
    assert check_export(copy).state == "corrupt"  # a rewritten file is re-hashed
    # Same size and time as when built: only the full check (make knowledge) re-hashes it.
    os.utime(copy / MODEL_FILE, ns=(built.st_atime_ns, built.st_mtime_ns))
    assert check_export(copy).state == "ready"
    assert check_export(copy, full=True).state == "corrupt"

    (copy / MODEL_FILE).unlink()
    assert check_export(copy).state == "missing"


def test_an_unwritable_export_location_fails_with_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the models folder should be")
    embedder = OnnxEmbedder(blocker / "minilm-onnx", progress=None)
    with pytest.raises(EmbeddingModelError) as caught:
        embedder.embed_query("anything")
    assert "cannot write the ONNX export" in caught.value.one_line()
    assert caught.value.one_line().startswith("embedding model:")


def _run_python(code: str, data_dir: Path, onnx_dir: Path) -> dict:
    env = {**os.environ, "DATA_DIR": str(data_dir), "ONNX_MODEL_DIR": str(onnx_dir), "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cli_answer_does_not_import_torch(kb_copy: Path, onnx: OnnxEmbedder) -> None:
    onnx.embed_query("warm")
    code = f"""
import contextlib, io, json, sys
from assistant.cli.main import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    status = main(["ask", "What is LoRA and when should we use it?"])
print(json.dumps({{"status": status, "answer": out.getvalue(),
                  "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""
    result = _run_python(code, kb_copy, onnx.folder)
    assert result["status"] == 0
    assert "LoRA" in result["answer"] and "Sources:" in result["answer"]
    assert result["heavy"] == []


def test_app_answer_does_not_import_torch(kb_copy: Path, onnx: OnnxEmbedder) -> None:
    onnx.embed_query("warm")
    code = f"""
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(PROJECT_ROOT / "app.py")!r}, default_timeout=120)
at.run()
next(b for b in at.button if b.label == "➕ New plan").click().run()
at.chat_input[0].set_value("what's a model card").run()
assert not at.exception, at.exception
reply = at.chat_message[-1].markdown[0].value
print(json.dumps({{"reply": reply, "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""
    result = _run_python(code, kb_copy, onnx.folder)
    assert "model card" in result["reply"].lower() and "[1]" in result["reply"]
    assert result["heavy"] == []
