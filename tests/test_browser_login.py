"""Login through a real OpenID Connect provider into the real app, in Chromium.

The provider is panva's `oidc-provider` (npm) on a loopback port; the app is `streamlit run` with
`[auth]` and `[workspaces]` in its own `.streamlit/secrets.toml`. Ana (workspace alpha) logs in,
sees alpha's plans and not beta's, cannot open beta's plan by its link, and her new plan is
alpha's; Kim, in both workspaces by her domain, picks the workspace.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from assistant.plan import PlanStore, Recommender
from assistant.sessions import PlanSessions
from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, free_port, running_app
from tests.support.oidc_provider import Provider, oidc_provider
from tests.support.pages import NEW_PLAN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing: `make test` installs it"),
]

ANA, BEN, KIM = "ana@alpha.example", "ben@beta.example", "kim@shared.example"
SHOTS = Path("/tmp/login-shots")


def _site(root: Path, app_port: int, provider: Provider) -> Path:
    """A folder to run the app from, with its own secrets: [auth] pointing at the provider, and the workspaces."""
    (root / ".streamlit").mkdir(parents=True)
    (root / ".streamlit" / "secrets.toml").write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "a-long-random-cookie-secret-for-the-test-7c1d"
client_id = "{provider.client_id}"
client_secret = "{provider.client_secret}"
server_metadata_url = "{provider.metadata_url}"
# Streamlit asks for `prompt=select_account` unless told otherwise; this provider knows only the
# standard prompts (none, login, consent).
client_kwargs = {{ prompt = "login" }}

[workspaces]
alpha = ["{ANA}", "@shared.example"]
beta = ["{BEN}", "@shared.example"]
"""
    )
    return root


def _log_in(page: Any, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Log in").click()
    # The provider's own sign-in page, then its consent page.
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("any password will do")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Logged in as").first.wait_for()
    # The address is shown as plain text (a word joiner keeps it from becoming a link).
    assert f"Logged in as {email}" in page.inner_text("body").replace("\u2060", "")


def test_login_through_a_real_oidc_provider_shows_only_the_users_workspace(kb_copy: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(exist_ok=True)
    plans = PlanStore(f"sqlite:///{kb_copy / 'plans.sqlite3'}")
    alpha_plan, _ = PlanSessions(plans.for_workspace("alpha"), None, Recommender()).create("Alpha support bot")
    beta_plan, _ = PlanSessions(plans.for_workspace("beta"), None, Recommender()).create("Beta contract reader")
    plans.close()

    app_port = free_port()
    redirect = f"http://127.0.0.1:{app_port}/oauth2callback"
    with (
        oidc_provider(redirect, [ANA, BEN, KIM]) as provider,
        running_app(kb_copy, port=app_port, cwd=_site(tmp_path / "site", app_port, provider)) as url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Not logged in: a login button and nothing of any workspace.
            page = browser.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{url}/?plan={alpha_plan.id}")
            page.get_by_role("button", name="Log in").wait_for()
            expect(page.get_by_text("Alpha support bot")).to_have_count(0)
            page.screenshot(path=str(SHOTS / "1-login-gate.png"), full_page=True)

            # Ana logs in through the provider: alpha's plans, not beta's.
            _log_in(page, url, ANA)
            page.get_by_text("Workspace: alpha").first.wait_for()
            page.get_by_role("button", name="Alpha support bot", exact=False).wait_for()
            expect(page.get_by_text("Beta contract reader")).to_have_count(0)
            page.screenshot(path=str(SHOTS / "2-ana-plan-list.png"), full_page=True)

            # Beta's plan by its link is refused like a plan that does not exist.
            page.goto(f"{url}/?plan={beta_plan.id}")
            page.get_by_text("That plan no longer exists").first.wait_for()
            expect(page.get_by_text("Beta contract reader")).to_have_count(0)
            page.screenshot(path=str(SHOTS / "3-ana-beta-link.png"), full_page=True)

            # Her own plan opens by link, and a new plan is alpha's.
            page.goto(f"{url}/?plan={alpha_plan.id}")
            page.get_by_role("heading", name="Alpha support bot").wait_for()
            page.goto(url)
            page.get_by_role("button", name=NEW_PLAN).click()
            page.get_by_text("Question 1 of 9").first.wait_for()
            page.close()

            # Kim belongs to both by her domain: she picks the workspace; each shows its own plans.
            kim = browser.new_context().new_page()
            kim.set_default_timeout(60_000)
            _log_in(kim, url, KIM)
            kim.get_by_role("button", name="Alpha support bot", exact=False).wait_for()
            kim.get_by_role("combobox", name="Workspace").click()  # the workspace picker
            kim.get_by_role("option", name="beta").click()
            kim.get_by_role("button", name="Beta contract reader", exact=False).wait_for()
            expect(kim.get_by_text("Alpha support bot")).to_have_count(0)
            kim.screenshot(path=str(SHOTS / "4-kim-beta.png"), full_page=True)
        except Exception:
            for n, open_page in enumerate(p for c in browser.contexts for p in c.pages):
                open_page.screenshot(path=str(SHOTS / f"failed-{n}.png"), full_page=True)
            raise
        finally:
            browser.close()

    after = PlanStore(f"sqlite:///{kb_copy / 'plans.sqlite3'}")
    assert len(after.for_workspace("alpha").list()) == 2  # Ana's new plan went to alpha
    assert [p.title for p in after.for_workspace("beta").list()] == ["Beta contract reader"]
    assert after.list() == []  # nothing landed in the default workspace
