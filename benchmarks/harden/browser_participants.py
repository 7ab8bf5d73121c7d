"""Many participants in real browsers: Chromium contexts on one plan, through a real `streamlit run` server.

    .venv/bin/python benchmarks/harden/browser_participants.py                       # 8 participants, 3 messages
    .venv/bin/python benchmarks/harden/browser_participants.py --participants 10 --messages 2

The smaller companion of `participants.py` (threads on the session API): here every participant
is a Chromium context with its own Streamlit session, all on one plan, joining with a name and
sending `--messages` messages with a short think time (0.3–1.5 s) between them, without waiting
for answers. Counted: errors (a turn the page reported as failed, an exception on a page, an
inbox message given up on), lost messages (sent but not in the saved plan at the end), messages
still waiting in the inbox at the end, messages answered more than once, and latency from pressing Enter until the message and
its reply are saved. Target: 0 errors, 0 lost, 0 duplicates. SQLite (the default store).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._common import percentile, table

MESSAGES = [
    "Our support agents want draft replies to customer emails in our own tone",
    "what is a model card?",
    "the users are about forty support agents in two time zones",
    "how do we evaluate retrieval quality?",
    "replies must cite the help-centre article they rely on",
    "what is LoRA",
    "a budget of a few hundred euros a month",
    "decision: we pilot with one support team first",
    "success means agents accept most drafts with light edits",
    "risk: drafts may quote outdated refund rules",
]
ERROR_SELECTOR = '[data-testid="stException"], [data-testid="stAlertContentError"]'


async def participant(
    browser, url: str, n: int, messages: int, sent: dict[str, float], saved_at: dict[str, float], errors: list[str]
) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(180_000)
    await page.goto(url)
    await page.get_by_text("On this plan now:").first.wait_for()
    name = f"P{n:02d}"
    box = page.get_by_label("Your name (recorded with your edits)")
    await box.fill(name)
    await box.press("Enter")
    await page.get_by_text(f"{name} joined").first.wait_for()
    chat = page.get_by_test_id("stChatInputTextArea")
    rng = random.Random(n)
    mine = []
    for t in range(messages):
        text = f"{MESSAGES[(n * messages + t) % len(MESSAGES)]} ({name}, message {t + 1})"
        await chat.click()
        await chat.fill(text)
        sent[text] = time.perf_counter()
        mine.append(text)
        await chat.press("Enter")
        await asyncio.sleep(rng.uniform(0.3, 1.5))
        for element in await page.locator(ERROR_SELECTOR).all():
            errors.append(f"{name}: {(await element.inner_text())[:120]}")
    # Stay on the page until its own messages are answered: a page answers its own queue (a closed
    # tab's waiting messages wait 30 s for another page of the plan to take them).
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and any(t not in saved_at for t in mine):
        await asyncio.sleep(0.5)
    for element in await page.locator(ERROR_SELECTOR).all():
        errors.append(f"{name}: {(await element.inner_text())[:120]}")
    await context.close()


async def watch(store, plan_id: str, sent: dict[str, float], saved_at: dict[str, float], stop: asyncio.Event) -> None:
    """Note when each sent message is first saved with its reply (polling the plan database)."""
    while not stop.is_set():
        messages = (await asyncio.to_thread(store.get, plan_id)).state["messages"]
        now = time.perf_counter()
        for i, m in enumerate(messages[:-1]):
            if m["role"] == "user" and m["content"] not in saved_at and messages[i + 1]["role"] == "assistant":
                saved_at[m["content"]] = now
        await asyncio.sleep(0.2)


async def run(url: str, store, plan_id: str, participants: int, messages: int) -> dict:
    from playwright.async_api import async_playwright

    from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS

    sent: dict[str, float] = {}
    saved_at: dict[str, float] = {}
    errors: list[str] = []
    stop = asyncio.Event()
    plan_url = f"{url}/?plan={plan_id}"
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        watcher = asyncio.create_task(watch(store, plan_id, sent, saved_at, stop))
        wall = time.perf_counter()
        results = await asyncio.gather(
            *(participant(browser, plan_url, n, messages, sent, saved_at, errors) for n in range(participants)),
            return_exceptions=True,
        )
        errors += [f"participant failed: {r!r}"[:200] for r in results if isinstance(r, BaseException)]
        # Every message is either saved or still waiting in the inbox; wait for the queue to drain.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and (store.pending(plan_id) or len(saved_at) < len(sent)):
            await asyncio.sleep(0.5)
        wall = time.perf_counter() - wall
        stop.set()
        await watcher
        await browser.close()
    final = [m["content"] for m in store.get(plan_id).state["messages"] if m["role"] == "user"]
    failed = store.failed(plan_id)
    latencies = [saved_at[t] - sent[t] for t in sent if t in saved_at]
    return {
        "participants": participants,
        "sent": len(sent),
        "errors": errors + [f"inbox gave up: {f}" for f in failed],
        "lost": sum(1 for t in sent if t not in final),
        "queued": len(store.pending(plan_id)),
        "duplicates": sum(final.count(t) - 1 for t in sent if final.count(t) > 1),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "max": max(latencies, default=float("nan")),
        "wall": wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, nargs="*", default=[8])
    parser.add_argument("--messages", type=int, default=3)
    args = parser.parse_args()

    from assistant import bootstrap
    from assistant.knowledge import ingest
    from assistant.plan import PlanStore, Recommender
    from assistant.sessions import PlanSessions
    from assistant.settings import load_settings
    from tests.support.live_app import running_app

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        settings = load_settings(data_dir=data_dir, llm_backend="none")
        kb = bootstrap.build(settings)
        ingest([settings.knowledge_dir], kb.store)
        kb.close()
        store = PlanStore(settings.plans_url)
        with running_app(data_dir, extra_env={"LLM_BACKEND": "none", "MESSAGES_PER_MINUTE": "60"}, timeout=180) as url:
            for n in args.participants:
                plan_id = PlanSessions(store, None, Recommender()).create()[0].id
                result = asyncio.run(run(url, store, plan_id, n, args.messages))
                rows.append(
                    [
                        n,
                        result["sent"],
                        len(result["errors"]),
                        result["lost"],
                        result["queued"],
                        result["duplicates"],
                        f"{result['p50']:.1f}",
                        f"{result['p95']:.1f}",
                        f"{result['max']:.1f}",
                        f"{result['wall']:.0f}",
                    ]
                )
                for error in result["errors"][:5]:
                    print(f"  error: {error}")
        store.close()
    print("One plan, Chromium contexts on one `streamlit run` server, SQLite (the default store)")
    print(
        table(
            [
                "participants",
                "messages",
                "errors",
                "lost",
                "still queued",
                "answered twice",
                "p50 s",
                "p95 s",
                "max s",
                "wall s",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
