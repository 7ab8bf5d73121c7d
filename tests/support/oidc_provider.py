"""A real OpenID Connect provider on a loopback port for the login tests: panva's `oidc-provider`
(npm, installed by `make test` into tests/support/oidc/node_modules), run with Node."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.servers import free_port

OIDC_DIR = Path(__file__).resolve().parent / "oidc"


@dataclass
class Provider:
    issuer: str
    client_id: str
    client_secret: str

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


def install_hint() -> str:
    return "run `make test` (it installs the test OIDC provider with `npm ci` in tests/support/oidc)"


@contextmanager
def oidc_provider(redirect_uri: str, accounts: list[str], timeout: float = 30) -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None or not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError(f"the test OIDC provider is not installed: {install_hint()}")
    port = free_port()
    provider = Provider(f"http://127.0.0.1:{port}", "lifecycle-assistant", "test-client-secret-3f9a1c")
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": provider.client_id,
        "CLIENT_SECRET": provider.client_secret,
        "REDIRECT_URI": redirect_uri,
        "ACCOUNTS": json.dumps(accounts),
    }
    proc = subprocess.Popen(
        [node, str(OIDC_DIR / "provider.mjs")],
        cwd=OIDC_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the OIDC provider exited with {proc.returncode}: {proc.stderr.read()[-2000:]}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(provider.metadata_url, timeout=2) as response:
                    if json.load(response)["issuer"] == provider.issuer:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the OIDC provider did not answer within {timeout} s")
            time.sleep(0.2)
        yield provider
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
