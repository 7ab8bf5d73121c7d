"""Making text safe to render as Markdown in the browser."""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def safe_markdown(text: str) -> str:
    """No remote images (they leak the reader's address) and no HTML tags.

    Streamlit already refuses raw HTML unless told otherwise; removing tags also
    keeps them from showing up as confusing literal text.
    """
    text = _IMAGE.sub(lambda m: m.group(1), text)
    return _HTML_TAG.sub("", text)


def quote_block(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in safe_markdown(text).splitlines())
