"""Speed and memory: ingestion, warm query latency at 1k/10k/100k chunks, cold starts, peak RSS.

    .venv/bin/python benchmarks/speed.py [--sizes 1000 10000 100000] [--skip-app]

The corpus is synthetic and deterministic: chunks of realistic length (6-9 sentences
drawn from the knowledge base, plus invented project names so keyword search has
rare terms to find). At 1,000 chunks everything is embedded for real; at 10,000 and
100,000 the vectors are synthesised from real embeddings of 2,000 chunks (plus
noise) to keep the run short, but they are written through the same store code and
queried through the same retrieval and answer code as the app.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import ROOT, SHARED_EVAL, machine, percentile, table

from assistant.bootstrap import build
from assistant.evaluation import load_questions
from assistant.knowledge.documents import load_chunks
from assistant.knowledge import shared_embedder
from assistant.knowledge.ingest import ingest
from assistant.knowledge.models import Chunk
from assistant.knowledge.sentences import split_sentences
from assistant.settings import load_settings

SEED = 20261122
CHUNKS_PER_FILE = 20
BASE_VECTORS = 2000


def kb_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted((ROOT / "knowledge").glob("*.md")):
        for chunk in load_chunks(path):
            sentences += [s for s in split_sentences(chunk.text) if len(s.split()) >= 6]
    return sentences


def synthetic_texts(n: int, sentences: list[str], rng: random.Random) -> list[str]:
    texts = []
    for i in range(n):
        parts = [f"Project ZX{i:06d} notes."]
        for sentence in rng.sample(sentences, 9):
            if len(" ".join(parts)) + len(sentence) > 1150:
                break
            parts.append(sentence)
        texts.append(" ".join(parts))
    return texts


def questions() -> list[str]:
    files = [SHARED_EVAL / "qa_dev.json", ROOT / "eval" / "qa_holdout.json"]
    return [q.q for f in files if f.exists() for q in load_questions(f)]


def write_files(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(0, len(texts), CHUNKS_PER_FILE):
        parts = [f"# Synthetic notes {f // CHUNKS_PER_FILE}\n\nStages: Adapt & align\n"]
        parts += [f"## Section {j}\n\n{text}\n" for j, text in enumerate(texts[f : f + CHUNKS_PER_FILE])]
        (folder / f"notes-{f // CHUNKS_PER_FILE:05d}.md").write_text("\n".join(parts))


def bench_ingestion(data_dir: Path, texts: list[str]) -> dict[str, float]:
    settings = load_settings(data_dir=data_dir / "store", llm_backend="none")
    assistant = build(settings)
    folder = data_dir / "docs"
    write_files(folder, texts)
    chunk_texts = [c.embedding_text() for p in sorted(folder.glob("*.md")) for c in load_chunks(p)]
    assistant.store.embedder.embed(chunk_texts[:64])  # load and warm the model outside both timings

    started = time.perf_counter()
    assistant.store.embedder.embed(chunk_texts)
    raw = len(chunk_texts) / (time.perf_counter() - started)

    report = ingest([folder], assistant.store)
    rate = report.chunks_written / report.seconds
    assistant.store.close()
    return {"chunks": report.chunks_written, "raw_per_s": raw, "ingest_per_s": rate, "ratio": rate / raw}


def build_synthetic_store(
    data_dir: Path,
    n: int,
    texts: list[str],
    base: np.ndarray,
    rng: np.random.Generator,
    sentence_vectors: dict[str, np.ndarray],
):
    settings = load_settings(data_dir=data_dir, llm_backend="none")
    assistant = build(settings)
    started = time.perf_counter()
    for f in range(0, n, 1000):
        batch = texts[f : f + 1000]
        noise = rng.normal(0, 0.02, size=(len(batch), base.shape[1])).astype(np.float32)
        vectors = base[np.arange(f, f + len(batch)) % len(base)] + noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        source = f"synthetic/part-{f // 1000:04d}.md"
        chunks = [
            Chunk(
                id=hashlib.sha1(f"{source}{i}".encode()).hexdigest()[:20],
                source=source,
                title=f"Synthetic part {f // 1000}",
                section=f"Section {i}",
                stages=["adapt_align"],
                order=i,
                text=text,
            )
            for i, text in enumerate(batch)
        ]
        per_chunk = [
            np.vstack(
                [sentence_vectors.get(s, np.zeros(base.shape[1], dtype=np.float32)) for s in split_sentences(c.text)]
            )
            for c in chunks
        ]
        assistant.store.replace_file(source, hashlib.sha256(source.encode()).hexdigest(), chunks, vectors, per_chunk)
    assistant.store.mark_built()
    return assistant, time.perf_counter() - started


def bench_queries(assistant, qs: list[str], repeats: int = 2) -> dict[str, float]:
    for q in qs[:5]:
        assistant.answerer.answer(q)  # warm: model, index and page cache
    retrieval, answers = [], []
    for _ in range(repeats):
        for q in qs:
            started = time.perf_counter()
            assistant.retriever.retrieve(q)
            retrieval.append((time.perf_counter() - started) * 1000)
    for q in qs:
        assistant.store.embedder._cache.clear()  # measure answers without the sentence cache's help
        started = time.perf_counter()
        assistant.answerer.answer(q)
        answers.append((time.perf_counter() - started) * 1000)
    return {
        "retrieval_p50": percentile(retrieval, 50),
        "retrieval_p95": percentile(retrieval, 95),
        "answer_p50": percentile(answers, 50),
        "answer_p95": percentile(answers, 95),
    }


def bench_cli_cold_start(data_dir: Path) -> tuple[float, float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "What is LoRA?"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DATA_DIR": str(data_dir)},
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or "Sources:" not in result.stdout:
        raise RuntimeError(f"CLI failed: {result.stderr[-500:]}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bench_app(data_dir: Path) -> dict[str, float]:
    import psutil
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app

    started = time.perf_counter()
    with running_app(data_dir, timeout=180) as url:
        healthy = time.perf_counter() - started
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            page.get_by_text("Question 1 of 9").first.wait_for()
            page_ready = time.perf_counter() - started
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill("What is a model card?")
            box.press("Enter")
            page.get_by_test_id("stChatMessage").nth(2).get_by_text("[1]").first.wait_for()
            answered = time.perf_counter() - started
            browser.close()
        port = int(url.rsplit(":", 1)[1])
        server = next(
            p
            for p in psutil.process_iter(["cmdline"])
            if p.info["cmdline"] and str(port) in " ".join(p.info["cmdline"])
        )
        rss = server.memory_info().rss / 2**20
    return {"healthy_s": healthy, "page_ready_s": page_ready, "answered_s": answered, "rss_mb": rss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--skip-app", action="store_true", help="skip the streamlit start-up measurement")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    rng = random.Random(SEED)
    sentences = kb_sentences()
    qs = questions()
    figures: dict[str, object] = {"machine": machine()}

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        texts_1k = synthetic_texts(1000, sentences, rng)
        ing = bench_ingestion(tmp_path / "ingest", texts_1k)
        figures["ingestion"] = ing
        print(
            f"\nIngestion of {ing['chunks']} chunks: {ing['ingest_per_s']:.1f} chunks/s; raw embedding of the same texts "
            f"{ing['raw_per_s']:.1f} chunks/s; ratio {ing['ratio']:.2f}"
        )

        embedder = shared_embedder()
        # Real vectors for every sentence the synthetic chunks are made of (ingestion derives them the same way).
        unique = sorted(set(sentences))
        sentence_vectors = dict(zip(unique, embedder.embed(unique), strict=False))
        base_texts = synthetic_texts(BASE_VECTORS, sentences, random.Random(SEED + 1))
        base = embedder.embed([f"Synthetic. Section.\n{t}" for t in base_texts])
        all_texts = synthetic_texts(max(args.sizes), sentences, random.Random(SEED + 2))
        np_rng = np.random.default_rng(SEED)
        rows = []
        for n in args.sizes:
            data_dir = tmp_path / f"store-{n}"
            assistant, build_s = build_synthetic_store(data_dir, n, all_texts, base, np_rng, sentence_vectors)
            # The knowledge base itself goes in too, so questions have real answers among the noise.
            ingest([ROOT / "knowledge"], assistant.store)
            q = bench_queries(assistant, qs)
            figures[f"queries_{n}"] = {**q, "build_s": build_s}
            rows.append(
                [
                    f"{n:,}",
                    f"{q['retrieval_p50']:.1f}",
                    f"{q['retrieval_p95']:.1f}",
                    f"{q['answer_p50']:.1f}",
                    f"{q['answer_p95']:.1f}",
                    f"{build_s:.0f}",
                ]
            )
            assistant.store.close()
        print(
            f"\nWarm latency over {len(qs)} questions (ms; retrieval includes the query's embedding; answers measured "
            "with the sentence cache cleared):"
        )
        print(
            table(
                [
                    "chunks (+157 KB)",
                    "retrieval p50",
                    "retrieval p95",
                    "no-LLM answer p50",
                    "no-LLM answer p95",
                    "build s",
                ],
                rows,
            )
        )

        kb_dir = tmp_path / "kb"
        bench_cli_cold_start(kb_dir)  # the first run builds the knowledge base
        colds = [bench_cli_cold_start(kb_dir)[0] for _ in range(3)]
        biggest = tmp_path / f"store-{max(args.sizes)}"
        big_cold, big_rss = bench_cli_cold_start(biggest)
        figures["cli"] = {"cold_s_runs": colds, "cold_s_at_max": big_cold, "peak_rss_mb_children": big_rss}
        print(
            f"\nCLI `ask`, new process to printed answer: median {percentile(colds, 50):.1f} s, worst {max(colds):.1f} s "
            f"of 3 runs (157 chunks); {big_cold:.1f} s at {max(args.sizes):,} chunks; "
            f"peak RSS of the CLI processes {big_rss:.0f} MB"
        )

        if not args.skip_app:
            app = bench_app(kb_dir)
            figures["app"] = app
            print(
                f"App: `streamlit run` to health ok {app['healthy_s']:.1f} s, page ready in the browser "
                f"{app['page_ready_s']:.1f} s, first answer {app['answered_s']:.1f} s; "
                f"server RSS after answering {app['rss_mb']:.0f} MB"
            )

    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["benchmark_peak_rss_mb"] = own_peak
    print(f"Peak RSS of this benchmark process (holds the {max(args.sizes):,}-chunk store): {own_peak:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
