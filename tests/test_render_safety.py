"""One rendering path: no HTML, no images, no links except to cited sources — in answers, titles, lists, exports.

Bypasses that used to work: nested-bracket alt text, reference-style images, images
split across streamed pieces, a plan title taken from the first message.
"""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from streamlit.testing.v1 import AppTest

from assistant.plan.export import to_markdown
from assistant.plan.recommend import Recommender
from assistant.plan.scope import Scope
from assistant.render import _active_tokens, plain_text, quote_block, safe_markdown, safe_stream
from assistant.settings import PROJECT_ROOT
from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app
from tests.support.pages import new_plan, new_plan_in_browser

HOST = "http://127.0.0.1:9"
ATTACKS = [
    f"![a [b] c]({HOST}/nested.png)",
    f"![ref][r]\n\n[r]: {HOST}/ref.png",
    f"![x][]\n\n[x]: {HOST}/collapsed.png",
    f'<img src="{HOST}/html.png">',
    f"<IMG SRC={HOST}/upper.png>",
    f"<div><img src={HOST}/block.png></div>",
    f"[click me]({HOST}/link)",
    f"[1]\n\n[1]: {HOST}/citation-hijack",
    f"<{HOST}/autolink>",
    f"{HOST}/bare www.attacker.example leak@attacker.example",
    f"<script>fetch('{HOST}/js')</script>",
    f"<!-- x --><svg onload=fetch('{HOST}/svg')>",
    f'![a]({HOST}/title.png "t")',
    f"![a](<{HOST}/angle brackets.png>)",
    f"- item ![x]({HOST}/in-list.png)\n> quote ![y]({HOST}/in-quote.png)",
    f"**bold ![x]({HOST}/in-bold.png)**",
    f"![outer ![inner]({HOST}/inner.png)]({HOST}/outer.png)",
    f"\u200b![hid\u200bden]({HOST}/zw.png)",
]


def _no_active_markup(markdown: str) -> bool:
    return not _active_tokens(markdown, ())


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_known_bypass_renders_inert(attack: str) -> None:
    for text in (attack, f"Some answer text [1]. {attack} More text [2]."):
        assert _no_active_markup(safe_markdown(text)), safe_markdown(text)
        assert _no_active_markup(plain_text(text))
        assert _no_active_markup(quote_block(text))


@pytest.mark.parametrize("attack", ATTACKS)
def test_streamed_text_is_sanitised_whole_at_every_piece(attack: str) -> None:
    text = f"LoRA trains small matrices [1]. {attack} The rest of the answer."
    for size in (1, 3, 7):
        pieces = [text[i : i + size] for i in range(0, len(text), size)]
        assert all(_no_active_markup(shown) for shown in safe_stream(pieces))


def test_ordinary_formatting_survives() -> None:
    text = "LoRA **trains** small *matrices* [1].\n\n- one `code`\n- two [2]\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert safe_markdown(text) == text


def test_links_to_cited_sources_are_kept_and_others_are_not() -> None:
    text = "See [the guide](https://docs.example/guide) and [this](https://attacker.example/x)."
    kept = safe_markdown(text, allowed_links=["https://docs.example/guide"])
    assert "[the guide](https://docs.example/guide)" in kept and "attacker.example/x)" not in kept


def test_plan_export_carries_no_active_markup_from_team_text() -> None:
    title = f"Support bot ![t]({HOST}/export.png) <img src={HOST}/x.png>"
    scope = Scope(use_case=title, users=f"[agents]({HOST}/u)")
    plan = Recommender().plan(scope).model_copy(update={"title": title})
    exported = to_markdown(plan)
    assert _no_active_markup(exported)
    assert exported.splitlines()[0].startswith("# Support bot")


# ------------------------------------------------------------------ the real page
def _all_markdown(at: AppTest) -> list[str]:
    values = [m.value for m in at.markdown] + [t.value for t in at.title] + [c.value for c in at.caption]
    values += [str(b.proto.label) for b in at.button] + [w.value for w in at.warning] + [e.value for e in at.error]
    return values


def test_page_renders_no_markup_from_a_hostile_first_message_and_llm_reply(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake LLM answers the knowledge question with a split image, a link and HTML.
    reply = (
        f"A model card documents a model's intended use [1]. ![a [b] c]({HOST}/llm.png) "
        f"<img src={HOST}/llm2.png> [more]({HOST}/llm3)"
    )
    monkeypatch.setenv("LLM_BACKEND", "fake")
    monkeypatch.setenv("LLM_FAKE_REPLIES", json.dumps([reply] * 6))
    at = new_plan(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run())
    first = (
        f"We want a support bot ![t [x] y]({HOST}/title.png) that drafts replies for our agents <img src={HOST}/t.png>"
    )
    at.chat_input[0].set_value(first).run()
    at.chat_input[0].set_value("What is a model card?").run()
    assert not at.exception, at.exception
    values = _all_markdown(at)
    assert any("support bot" in v for v in values)
    bad = [v for v in values if not _no_active_markup(v)]
    assert not bad, bad


# ----------------------------------------------------------------- a real browser
class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing")
def test_browser_fetches_nothing_from_attacker_markup(kb_copy: Path) -> None:
    from playwright.sync_api import sync_playwright

    server = HTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{server.server_port}"
    _Counter.hits = []
    reply = (
        f"A model card documents a model's intended use [1]. ![a [b] c]({host}/llm-nested.png) "
        f"![r][img]\n\n[img]: {host}/llm-ref.png\n\n<img src={host}/llm-html.png>"
    )
    env = {"LLM_BACKEND": "fake", "LLM_FAKE_REPLIES": json.dumps([reply] * 6)}
    try:
        with running_app(kb_copy, env) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(90_000)
            new_plan_in_browser(page, url)
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill(f"We want a support bot ![t [x] y]({host}/title.png) that drafts replies <img src={host}/t.png>")
            box.press("Enter")
            page.get_by_test_id("stChatMessage").nth(2).wait_for()
            box.fill("What is a model card?")
            box.press("Enter")
            page.get_by_test_id("stChatMessage").get_by_text("Back to planning").last.wait_for()
            page.get_by_text("Plan", exact=True).first.click()
            page.wait_for_timeout(1500)
            page.screenshot(path=str(kb_copy / "render-safety.png"), full_page=True)
            images = page.locator("img").evaluate_all("els => els.map(e => e.src)")
            links = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
            browser.close()
    finally:
        server.shutdown()
    assert _Counter.hits == []
    assert not [s for s in images if str(server.server_port) in s]
    assert not [h for h in links if str(server.server_port) in h]
