"""Messages sent in quick succession from a real browser are all saved, in order, each answered once."""

import os
import time
from pathlib import Path

import pytest

from assistant.plan.store import PlanStore
from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing: `make test` installs it"),
]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/inbox-shots"))

MESSAGES = [
    "Our engineers want to ask questions about the internal wiki and get answers with links",
    "what is a model card?",
    "waht is LoRA",
    "and RLHF?",
    "how do I evaluate retrieval quality",
    "what does quantization do to latency?",
    "what is a vector database",
    "explain prompt injection",
    "what is RAG",
    "how big should the eval set be?",
]


def _user_and_replies(store: PlanStore, plan_id: str) -> list[tuple[str, str]]:
    messages = store.get(plan_id).state["messages"]
    return [(m["role"], m["content"]) for m in messages[1:]]  # after the greeting


def test_ten_messages_sent_0_3_s_apart_are_all_saved_in_order_and_answered_once(kb_copy: Path) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with running_app(kb_copy) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        page.get_by_role("button", name="➕ New plan").click()
        page.get_by_text("Question 1 of 9").first.wait_for()
        plan_id = page.url.split("plan=")[1].split("&")[0]
        box = page.get_by_test_id("stChatInputTextArea")
        # Note whether a waiting message is ever shown as queued (it may be for a moment only).
        page.evaluate(
            """() => { window.sawQueued = false;
            new MutationObserver(() => { if (document.body.innerText.includes('queued — answered in turn'))
                window.sawQueued = true; }).observe(document.body, {subtree: true, childList: true}); }"""
        )
        for text in MESSAGES:
            # Typed (not pasted) and sent with Enter, 0.3 s apart, as an impatient participant would.
            box.click()
            box.press_sequentially(text, delay=0)
            box.press("Enter")
            time.sleep(0.3)
        page.screenshot(path=str(SHOTS / "inbox-after-sending.png"))
        store = PlanStore(f"sqlite:///{kb_copy / 'plans.sqlite3'}")
        deadline = time.monotonic() + float(os.environ.get("INBOX_WAIT_S", "240"))
        while time.monotonic() < deadline:
            sent = [c for r, c in _user_and_replies(store, plan_id) if r == "user"]
            if len(sent) >= len(MESSAGES) and not store.pending(plan_id):
                break
            time.sleep(1)
        # The page shows the last answer once the queue is empty; waiting messages were shown as queued.
        page.get_by_text(MESSAGES[-1]).first.wait_for()
        assert page.evaluate("() => window.sawQueued")
        page.screenshot(path=str(SHOTS / "inbox-done.png"), full_page=True)
        browser.close()
    if os.environ.get("INBOX_DEBUG"):
        from sqlalchemy import create_engine, text

        with create_engine(f"sqlite:///{kb_copy / 'plans.sqlite3'}").connect() as db:
            for row in db.execute(text("SELECT seq, sender, text, applied_version, failed FROM plan_inbox")):
                print("INBOX", tuple(row))
    pairs = _user_and_replies(store, plan_id)
    sent = [c for r, c in pairs if r == "user"]
    assert sent == MESSAGES  # all ten, in the order typed, none twice
    # Each message is followed by exactly one reply.
    assert [r for r, _ in pairs] == ["user", "assistant"] * len(MESSAGES)
    assert store.pending(plan_id) == []
    store.close()
