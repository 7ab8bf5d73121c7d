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
import os
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
from assistant.knowledge import Embedder, LocalEmbedder, shared_embedder
from assistant.knowledge.documents import load_chunks
from assistant.knowledge.ingest import ingest
from assistant.knowledge.models import Chunk
from assistant.knowledge.onnx_export import ensure_export
from assistant.knowledge.sentences import split_sentences
from assistant.settings import load_settings

SEED = 20261122
CHUNKS_PER_FILE = 20
BASE_VECTORS = 2000
PARTS = ("ingestion", "queries", "cli", "app")


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


def bench_ingestion(data_dir: Path, texts: list[str], embedder: Embedder | None = None) -> dict[str, float]:
    """Ingestion rate against the raw embedding rate of the same embedder on the same chunks."""
    settings = load_settings(data_dir=data_dir / "store", llm_backend="none")
    assistant = build(settings, embedder=embedder)
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


def synthetic_materials(sentences: list[str], n: int) -> tuple:
    """(texts, base vectors, noise generator, sentence vectors) for `build_synthetic_store`."""
    embedder = shared_embedder()
    # Real vectors for every sentence the synthetic chunks are made of (ingestion derives them the same way).
    unique = sorted(set(sentences))
    sentence_vectors = dict(zip(unique, embedder.embed(unique), strict=False))
    base_texts = synthetic_texts(BASE_VECTORS, sentences, random.Random(SEED + 1))
    base = embedder.embed([f"Synthetic. Section.\n{t}" for t in base_texts])
    all_texts = synthetic_texts(n, sentences, random.Random(SEED + 2))
    return all_texts, base, np.random.default_rng(SEED), sentence_vectors


def bench_queries(assistant, qs: list[str], repeats: int = 2, answers: bool = True) -> dict[str, float]:
    for q in qs[:5]:
        assistant.answerer.answer(q)  # warm: model, index and page cache
    retrieval, answers = [], []
    for _ in range(repeats):
        for q in qs:
            started = time.perf_counter()
            assistant.retriever.retrieve(q)
            retrieval.append((time.perf_counter() - started) * 1000)
    for q in qs if answers else []:
        assistant.store.embedder._cache.clear()  # measure answers without the sentence cache's help
        started = time.perf_counter()
        assistant.answerer.answer(q)
        answers.append((time.perf_counter() - started) * 1000)
    return {
        "retrieval_p50": percentile(retrieval, 50),
        "retrieval_p95": percentile(retrieval, 95),
        # The first pass alone: no question has been asked before (the keyword index's term counts are cached).
        "retrieval_first_pass_p95": percentile(retrieval[: len(qs)], 95),
        "answer_p50": percentile(answers, 50),
        "answer_p95": percentile(answers, 95),
    }


def bench_cli_cold_start(data_dir: Path) -> tuple[float, float]:
    """Wall time and peak RSS of one `ask` in a new process, measured by /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-o", report.name, "-f", "%M", sys.executable, "-m", "assistant", "ask", "What is LoRA?"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "DATA_DIR": str(data_dir)},
            timeout=300,
        )
        elapsed = time.perf_counter() - started
        peak_kb = float(report.read().strip().splitlines()[-1])
    if result.returncode != 0 or "Sources:" not in result.stdout:
        raise RuntimeError(f"CLI failed: {result.stderr[-500:]}")
    return elapsed, peak_kb / 1024


def _peak_and_current_rss_mb(pid: int) -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024


def bench_app(data_dir: Path, qs: list[str], answers: int = 20) -> dict[str, float]:
    """`streamlit run` → page ready in Chromium → first answer → `answers` answers → server RSS."""
    import psutil
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app
    from tests.support.pages import new_plan_in_browser

    started = time.perf_counter()
    with running_app(data_dir, timeout=180) as url:
        healthy = time.perf_counter() - started
        port = int(url.rsplit(":", 1)[1])
        server = next(
            p
            for p in psutil.process_iter(["cmdline"])
            if p.info["cmdline"] and str(port) in " ".join(p.info["cmdline"])
        )
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(120_000)
            # The bare address lists the space's plans; the page is ready when a new plan's first
            # question shows (where a team can type).
            new_plan_in_browser(page, url)
            page_ready = time.perf_counter() - started
            messages = page.get_by_test_id("stChatMessage")
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill("What is a model card?")
            box.press("Enter")
            messages.nth(2).get_by_text("[1]").first.wait_for()
            answered = time.perf_counter() - started
            turn_s = []
            for i, question in enumerate(qs[: answers - 1], start=2):
                _wait_idle(page)
                t0 = time.perf_counter()
                box.fill(question)
                box.press("Enter")
                # The welcome, then a question and a reply per turn; the turn ends with a rerun.
                messages.nth(2 * i).wait_for()
                _wait_idle(page)
                turn_s.append(time.perf_counter() - t0)
            peak, current = _peak_and_current_rss_mb(server.pid)
            browser.close()
    return {
        "healthy_s": healthy,
        "page_ready_s": page_ready,
        "answered_s": answered,
        "first_answer_after_page_s": answered - page_ready,
        "answers": answers,
        "turn_p50_s": percentile(turn_s, 50),
        "rss_mb": current,
        "peak_rss_mb": peak,
    }


def _wait_idle(page) -> None:
    """Until the script run has finished (Streamlit shows its status widget while running)."""
    page.wait_for_timeout(150)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument(
        "--only", nargs="+", choices=PARTS, default=list(PARTS), help="run only these parts (default: all)"
    )
    parser.add_argument("--skip-app", action="store_true", help="skip the streamlit measurements")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-answers", action="store_true", help="queries: time retrieval only")
    parser.add_argument(
        "--stores",
        type=Path,
        help="keep the synthetic query stores in this folder and reuse them on later runs (same seed, same corpus)",
    )
    args = parser.parse_args()
    parts = set(args.only) - ({"app"} if args.skip_app else set())
    print(f"Machine: {machine()}")
    rng = random.Random(SEED)
    sentences = kb_sentences()
    qs = questions()
    figures: dict[str, object] = {"machine": machine()}
    # One ONNX export for every store below and every process started (as `make knowledge` builds it).
    settings = load_settings()
    os.environ.setdefault("ONNX_MODEL_DIR", str(settings.embedding_export_dir))
    ensure_export(Path(os.environ["ONNX_MODEL_DIR"]), print)

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        texts_1k = synthetic_texts(1000, sentences, rng)
        if "ingestion" in parts:
            rows = []
            for name, embedder in (
                ("ONNX Runtime (used)", shared_embedder()),
                ("sentence-transformers", LocalEmbedder()),
            ):
                ing = bench_ingestion(tmp_path / f"ingest-{len(rows)}", texts_1k, embedder)
                figures[f"ingestion_{name.split()[0].lower()}"] = ing
                rows.append([name, f"{ing['raw_per_s']:.1f}", f"{ing['ingest_per_s']:.1f}", f"{ing['ratio']:.2f}"])
            print(f"\nIngestion of {ing['chunks']} chunks (chunks/s):")
            print(table(["embedder", "raw embedding", "ingestion", "ratio"], rows))

        biggest = None
        if "queries" in parts:
            rows = []
            materials: tuple | None = None
            for n in args.sizes:
                data_dir = (args.stores or tmp_path) / f"store-{n}"
                if args.stores and (data_dir / "built").exists():
                    # Reused as built (no ingest: another checkout's knowledge/ path would add the KB twice).
                    assistant, build_s = build(load_settings(data_dir=data_dir, llm_backend="none")), 0.0
                else:
                    materials = materials or synthetic_materials(sentences, max(args.sizes))
                    assistant, build_s = build_synthetic_store(data_dir, n, *materials)
                    # The knowledge base itself goes in too, so questions have real answers among the noise.
                    ingest([ROOT / "knowledge"], assistant.store)
                    (data_dir / "built").touch()
                q = bench_queries(assistant, qs, answers=not args.no_answers)
                figures[f"queries_{n}"] = {**q, "build_s": build_s}
                rows.append(
                    [
                        f"{n:,}",
                        f"{q['retrieval_p50']:.1f}",
                        f"{q['retrieval_p95']:.1f} (first pass {q['retrieval_first_pass_p95']:.1f})",
                        f"{q['answer_p50']:.1f}",
                        f"{q['answer_p95']:.1f}",
                        f"{build_s:.0f}",
                    ]
                )
                assistant.store.close()
                biggest = data_dir
            print(
                f"\nWarm latency over {len(qs)} questions (ms; retrieval includes the query's embedding; answers "
                "measured with the sentence cache cleared):"
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
        if "cli" in parts or "app" in parts:
            bench_cli_cold_start(kb_dir)  # the first run builds the knowledge base
        if "cli" in parts:
            runs = [bench_cli_cold_start(kb_dir) for _ in range(5)]
            colds = [r[0] for r in runs]
            cli: dict[str, object] = {"cold_s_runs": colds, "peak_rss_mb": max(r[1] for r in runs)}
            line = (
                f"\nCLI `ask`, new process to printed answer (157 chunks): median {percentile(colds, 50):.2f} s, "
                f"worst {max(colds):.2f} s of 5; peak RSS {cli['peak_rss_mb']:.0f} MB"
            )
            if biggest is not None:
                big_cold, big_rss = bench_cli_cold_start(biggest)
                cli |= {"cold_s_at_max": big_cold, "peak_rss_mb_at_max": big_rss}
                line += f"; at {max(args.sizes):,} chunks {big_cold:.2f} s, peak RSS {big_rss:.0f} MB"
            figures["cli"] = cli
            print(line)

        if "app" in parts:
            app = bench_app(kb_dir, qs)
            figures["app"] = app
            print(
                f"App: `streamlit run` to health ok {app['healthy_s']:.1f} s, page ready in the browser "
                f"{app['page_ready_s']:.1f} s, first answer {app['answered_s']:.1f} s "
                f"({app['first_answer_after_page_s']:.1f} s after page ready); after {app['answers']} answers "
                f"(turn p50 {app['turn_p50_s']:.1f} s) server RSS {app['rss_mb']:.0f} MB, peak {app['peak_rss_mb']:.0f} MB"
            )

    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["benchmark_peak_rss_mb"] = own_peak
    print(f"Peak RSS of this benchmark process: {own_peak:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
