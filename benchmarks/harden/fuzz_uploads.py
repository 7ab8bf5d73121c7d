"""Hostile-upload fuzz harness: ≥ 1,000 generated files through the app's upload path.

    .venv/bin/python benchmarks/harden/fuzz_uploads.py             # 1,000+ files and a burst of 100 uploads
    .venv/bin/python benchmarks/harden/fuzz_uploads.py --scale 0.05 --no-burst

Files: truncated, byte-flipped, encrypted, zero-page and huge-page-count PDFs;
binary named .md; invalid UTF-8; UTF-16 and Latin-1 text; 0-byte files; one 20 MB
line; files at and over the size limit; deeply nested Markdown; names with `../`,
NUL, RTL and other odd Unicode (drawn by hypothesis); then a burst of 100 uploads
from 10 threads at once. Counted: crashes (an exception out of `add_uploads`),
hangs (a file over the per-file deadline), files refused without a message naming
them, files written outside the uploads folder, and whether the store is
consistent afterwards (manifest = uploads folder = passages = vectors).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from benchmarks._common import table
from tests.support.hostile import claimed_pages_pdf, encrypted_pdf, odd_title_pdf, text_pdf, zero_page_pdf

GOOD = "# {title}\n\n## Notes\n\nTeam note {n}: golden test sets are versioned together with the prompts they test.\n"


def _nested_markdown(rng: random.Random) -> bytes:
    depth = rng.choice([100, 1_000, 10_000, 50_000])
    kind = rng.choice([">", "- ", "* ", "1. ", "[", "![", "*", "_", "`", "#"])
    return (f"# Nested\n\n{kind * depth} deep text here for the reader\n").encode()


def generate(scale: float, seed: int = 7) -> list[tuple[str, str, bytes]]:
    """(category, name, data) for every generated file."""
    rng = random.Random(seed)
    files: list[tuple[str, str, bytes]] = []

    def add(category: str, count: int, make) -> None:
        for i in range(max(1, round(count * scale))):
            name, data = make(i)
            files.append((category, name, data))

    base_pdf = text_pdf("Golden test sets are versioned with the prompts they test.", title="Guide")
    add("truncated PDF", 150, lambda i: (f"cut-{i}.pdf", base_pdf[: rng.randrange(0, len(base_pdf))]))

    def flipped(i: int) -> tuple[str, bytes]:
        data = bytearray(base_pdf)
        for _ in range(rng.randint(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return f"flip-{i}.pdf", bytes(data)

    add("byte-flipped PDF", 200, flipped)
    add("encrypted PDF", 10, lambda i: (f"locked-{i}.pdf", encrypted_pdf()))
    add("zero-page PDF", 10, lambda i: (f"empty-{i}.pdf", zero_page_pdf()))
    add(
        "huge page count PDF", 10, lambda i: (f"pages-{i}.pdf", claimed_pages_pdf(rng.choice([2_001, 50_000, 200_000])))
    )
    add(
        "odd /Title PDF",
        10,
        lambda i: (
            f"title-{i}.pdf",
            text_pdf(
                "Evaluation sets grow.",
                title=rng.choice(["42", "[1 2 3]", "<< /A 1 >>", "/Name", "true", "null", "(\\377\\376)"]),
            ),
        ),
    )
    add("odd /Title PDF", 5, lambda i: (f"dict-title-{i}.pdf", odd_title_pdf()))
    add("binary named .md", 60, lambda i: (f"binary-{i}.md", rng.randbytes(rng.randint(1, 200_000))))
    add(
        "invalid UTF-8",
        60,
        lambda i: (
            f"bad-utf8-{i}.txt",
            GOOD.format(title="T", n=i).encode() + b"\xff\xfe\xc3\x28" * rng.randint(1, 40),
        ),
    )
    add(
        "UTF-16 / Latin-1",
        30,
        lambda i: (
            f"enc-{i}.txt",
            (GOOD.format(title="Équipe été", n=i)).encode(rng.choice(["utf-16", "utf-16-le", "latin-1", "cp1252"])),
        ),
    )
    add("0-byte", 5, lambda i: (f"zero-{i}.md", b""))
    add("nested Markdown", 40, lambda i: (f"nested-{i}.md", _nested_markdown(rng)))
    add("blank lines", 10, lambda i: (f"blank-{i}.md", b"\n" * rng.choice([100_000, 1_000_000, 5_000_000])))
    files.append(("one 20 MB line", "line.md", b"a" * (20 * 1024 * 1024 - 1)))
    files.append(("at the size limit", "at-limit.txt", (b"word " * (20 * 1024 * 1024 // 5 + 1))[: 20 * 1024 * 1024]))
    files.append(("over the size limit", "over-limit.txt", b"x" * (20 * 1024 * 1024 + 1)))

    # Names and contents drawn by hypothesis: path tricks, NUL, RTL, odd Unicode, long names.
    names: list[tuple[str, bytes]] = []
    name_parts = st.one_of(
        st.text(min_size=0, max_size=40),
        st.sampled_from(["../", "..\\", "/etc/", "\x00", "\u202e", "\u200b", "\U000e0041", "CON", "..", ".", "~", " "]),
        st.text(alphabet=st.characters(categories=["Lo", "Mn", "So", "Cf", "Zs"]), max_size=30),
    )
    name_strategy = st.tuples(
        st.lists(name_parts, min_size=1, max_size=6).map("".join),
        st.sampled_from([".md", ".txt", ".pdf", ".MD", ".markdown", ".exe", ""]),
        st.integers(0, 300),
    )

    @hsettings(
        max_examples=max(1, round(400 * scale)), deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(name_strategy, st.binary(max_size=2_000) | st.text(max_size=3_000).map(str.encode))
    def collect(parts: tuple[str, str, int], body: bytes) -> None:
        stem, suffix, pad = parts
        names.append((stem + "n" * pad + suffix, body))

    collect()
    files += [("hypothesis names and bodies", name, body) for name, body in names]
    return files


def check_outside(root: Path, data_dir: Path, before: set[Path]) -> list[Path]:
    allowed = [data_dir / "uploads", data_dir / "chroma", data_dir]
    outside = []
    for path in root.parent.rglob("*") if False else root.rglob("*"):
        if path in before or not path.is_file():
            continue
        if path.parent == data_dir or any(path.is_relative_to(a) for a in allowed[:2]):
            continue
        outside.append(path)
    return outside


def store_consistent(store, uploads: Path) -> tuple[bool, str]:
    files = store.files()
    on_disk = {p.name for p in uploads.rglob("*") if p.is_file() and not p.name.startswith(".")}
    manifest = {Path(s).name for s in files}
    chunk_rows = store.records.chunk_count()
    vectors = store.collection.count()
    declared = sum(r.chunks for r in files.values())
    ok = manifest == on_disk and chunk_rows == declared == vectors
    return (
        ok,
        f"manifest {len(manifest)} files / uploads folder {len(on_disk)}; passages {chunk_rows} / declared {declared} / vectors {vectors}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--no-burst", action="store_true")
    parser.add_argument("--deadline", type=float, default=20.0, help="per-file parse deadline, seconds")
    args = parser.parse_args()
    results = run(args.scale, args.batch, not args.no_burst, args.deadline)
    print_results(results)


def run(scale: float, batch: int, burst: bool, deadline: float, only: str | None = None) -> dict:
    from assistant import bootstrap
    from assistant.knowledge import add_uploads, display_name
    from assistant.settings import load_settings

    files = [f for f in generate(scale) if only is None or f[0] == only]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data_dir = root / "data"
        settings = load_settings(
            data_dir=data_dir, llm_backend="none", parse_timeout_s=deadline, max_documents_per_upload=1000
        )
        assistant = bootstrap.build(settings)
        before = set(root.rglob("*"))
        crashes: list[str] = []
        unexplained: list[str] = []
        slow: list[str] = []
        outcome_by_category: dict[str, Counter[str]] = {}
        started = time.perf_counter()

        def upload(chunk: list[tuple[str, str, bytes]]) -> None:
            t0 = time.perf_counter()
            try:
                result = add_uploads(settings, assistant.store, [(n, d) for _, n, d in chunk])
            except Exception as exc:
                crashes.append(f"{type(exc).__name__}: {exc}"[:200])
                return
            elapsed = time.perf_counter() - t0
            if elapsed > deadline * len(chunk) + 60:
                slow.append(f"batch of {len(chunk)} took {elapsed:.0f}s")
            messages = result.errors
            ok = set(result.report.added + result.report.updated + result.report.unchanged)
            for category, name, _ in chunk:
                shown = display_name(name)
                counter = outcome_by_category.setdefault(category, Counter())
                named = [m for m in messages if m.startswith(shown + ":")]
                if any("took longer" in m for m in named):
                    slow.append(f"{shown}: {named[0]}")
                if named:
                    counter["refused with a message"] += 1
                elif any(Path(s).name.endswith(_stored_suffix(shown)) for s in ok):
                    counter["accepted"] += 1
                else:
                    counter["no message"] += 1
                    unexplained.append(f"{name!r} ({len(_data_of(chunk, name))} bytes): batch messages {messages[:3]}")

        for i in range(0, len(files), batch):
            upload(files[i : i + batch])
        burst_s = None
        if burst:
            burst_files = [
                ("burst of 100 uploads", f"burst-{i}.md", GOOD.format(title=f"Burst {i}", n=i).encode())
                for i in range(100)
            ]
            t0 = time.perf_counter()
            threads = [threading.Thread(target=upload, args=(burst_files[i::10],)) for i in range(10)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            burst_s = time.perf_counter() - t0
            files += burst_files
        total_s = time.perf_counter() - started
        outside = check_outside(root, data_dir, before)
        consistent, detail = store_consistent(assistant.store, data_dir / "uploads")
        assistant.close()
    return {
        "files": len(files),
        "by_category": outcome_by_category,
        "crashes": crashes,
        "slow": slow,
        "unexplained": unexplained,
        "outside": outside,
        "consistent": consistent,
        "detail": detail,
        "seconds": total_s,
        "burst_s": burst_s,
        "deadline": deadline,
    }


def _data_of(chunk: list[tuple[str, str, bytes]], name: str) -> bytes:
    return next(d for _, n, d in chunk if n == name)


def _stored_suffix(shown: str) -> str:
    from assistant.knowledge.uploads import _safe_stem

    return _safe_stem(shown) + Path(shown).suffix.lower()


def print_results(results: dict) -> None:
    rows = [
        [category, sum(c.values()), c["accepted"], c["refused with a message"], c["no message"]]
        for category, c in results["by_category"].items()
    ]
    print(table(["category", "files", "accepted", "refused with a message", "refused without a message"], rows))
    print(
        f"\nfiles tried: {results['files']}; crashes: {len(results['crashes'])}; "
        f"hangs over the {results['deadline']:g} s per-file deadline: {len(results['slow'])}; "
        f"refused without a message: {len(results['unexplained'])}; "
        f"files written outside the uploads folder: {len(results['outside'])}; "
        f"store consistent: {results['consistent']} ({results['detail']}); "
        f"total {results['seconds']:.0f} s"
        + (f"; burst of 100 uploads {results['burst_s']:.0f} s" if results["burst_s"] else "")
    )
    for line in (results["crashes"] + results["slow"] + results["unexplained"] + [str(p) for p in results["outside"]])[
        :10
    ]:
        print("  ", line)


if __name__ == "__main__":
    main()
