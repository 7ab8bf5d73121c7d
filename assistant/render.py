"""The one rendering path for user- and document-derived text (OWASP LLM05).

Everything a user, a document or a model wrote goes through here before Streamlit
renders it as Markdown: answers (the whole accumulated text on every streamed
piece, never piece by piece), sources, plan titles and lists, exports.

- `safe_markdown` keeps ordinary formatting (paragraphs, lists, emphasis, code,
  quotes) but renders no HTML, no images and no links except to `allowed_links`:
  the text is parsed with markdown-it (the CommonMark parser Streamlit's own
  renderer agrees with) and written back as Markdown by mdformat, with images,
  links, autolinks and raw HTML turned into escaped, inert text. So nested-bracket
  alt text, reference-style images and images split across streamed pieces are
  all seen as what they are: parser tokens, not regex guesses.
- `plain_text` makes any string literal Markdown (every active character escaped):
  for titles, button labels and list entries, where no formatting is wanted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import mdformat
import mdformat.plugins
from markdown_it import MarkdownIt
from mdformat.renderer import DEFAULT_RENDERERS, RenderContext, RenderTreeNode

# Bidi overrides, zero-width characters and Unicode tags can hide or reorder text on screen.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Streamlit's renderer turns bare URLs, www. names and e-mail addresses into links after parsing
# (GFM autolink literals; escapes do not stop it). A word joiner (U+2060, invisible) inside
# "://", "www." and before "@" does, and the text still reads the same.
_WJ = "\u2060"
_SCHEME = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]{0,20}:/)(?=/)")
_WWW = re.compile(r"(?i)\b(www)(?=\\?\.)")
_AT = re.compile(r"(?<=[\w.+-])(?=\\?@[\w-])")
# Characters that can start markup anywhere in a line; the others only matter at a line start.
_ACTIVE = re.compile(r"([\\`*_\[\]<>!|~$])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_PLUGIN = "lifecycle_safe"


def _clean(text: str) -> str:
    return _CONTROL.sub("", _INVISIBLE.sub("", text))


def _escape(text: str) -> str:
    text = _ENTITY.sub("&amp;", _ACTIVE.sub(r"\\\1", text))
    # "1." escapes its dot (a backslash before a digit would show); "#", "-"... their own character.
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def plain_text(text: str) -> str:
    """`text` as literal Markdown on one line: nothing in it can format, link, embed or hide anything."""
    return _defuse_urls(_escape(" ".join(_clean(str(text)).split())))


def _defuse_urls(rendered: str) -> str:
    rendered = _SCHEME.sub(lambda m: m.group(1) + _WJ, rendered)
    rendered = _WWW.sub(lambda m: m.group(1) + _WJ, rendered)
    return _AT.sub(_WJ, rendered)


def _text(node: RenderTreeNode, context: RenderContext) -> str:
    return _defuse_urls(DEFAULT_RENDERERS["text"](node, context))


def _as_text(content: str) -> str:
    """Arbitrary source (raw HTML, an autolink) as inert text: every active character escaped."""
    return _defuse_urls(_escape(content))


def _image(node: RenderTreeNode, context: RenderContext) -> str:
    # The alt text stays readable; the image and its address go.
    return "".join(child.render(context) for child in node.children)


def _link(node: RenderTreeNode, context: RenderContext) -> str:
    href = str(node.attrs.get("href", ""))
    allowed: Iterable[str] = context.options.get("mdformat", {}).get("allowed_links", ())
    if node.info != "auto" and href in allowed:
        return DEFAULT_RENDERERS["link"](node, context)
    if node.info == "auto":
        return _as_text(href)
    text = "".join(child.render(context) for child in node.children)
    # A reference link ("[1]" with a planted "[1]: http://…") keeps its brackets, as inert text.
    return f"\\[{text}\\]" if node.meta.get("label") else text


def _html(node: RenderTreeNode, context: RenderContext) -> str:
    return _as_text(node.content.strip("\n"))


def _html_block(node: RenderTreeNode, context: RenderContext) -> str:
    lines = [_as_text(line) for line in node.content.strip("\n").split("\n")]
    return "\n\n".join(line for line in lines if line.strip())


class _SafePlugin:
    """An mdformat parser extension that only swaps renderers; the parser is plain CommonMark."""

    RENDERERS: Mapping[str, Any] = {
        "text": _text,
        "image": _image,
        "link": _link,
        "html_inline": _html,
        "html_block": _html_block,
    }
    POSTPROCESSORS: Mapping[str, Any] = {}

    @staticmethod
    def update_mdit(mdit: MarkdownIt) -> None:
        return None


mdformat.plugins.PARSER_EXTENSIONS[_PLUGIN] = _SafePlugin  # type: ignore[index]

_checker = MarkdownIt("commonmark")


_LINKIFIABLE = re.compile(r"(?i)[a-z]://|\bwww\.|[\w.+-]@[\w-]+\.")


def _active_tokens(markdown: str, allowed_links: Iterable[str]) -> bool:
    """True when the rendered Markdown still holds HTML, an image or a link not allowed."""
    allowed = set(allowed_links)
    for token in _checker.parse(markdown):
        if token.type == "html_block":
            return True
        for child in token.children or []:
            if child.type in {"html_inline", "image"}:
                return True
            if child.type == "link_open" and (child.info == "auto" or child.attrs.get("href") not in allowed):
                return True
            if child.type == "text" and _LINKIFIABLE.search(child.content):
                return True  # Streamlit would turn it into a link after parsing
    return False


def safe_markdown(text: str, allowed_links: Iterable[str] = ()) -> str:
    """Markdown with its formatting but no HTML, no images and no links except `allowed_links`."""
    text = _clean(str(text))
    if not text.strip():
        return ""
    allowed = tuple(allowed_links)
    try:
        rendered = mdformat.text(text, extensions=[_PLUGIN], options={"allowed_links": allowed})
    except Exception:
        rendered = None
    # Trust, but verify with the parser itself; anything still active falls back to plain text.
    if rendered is None or _active_tokens(rendered, allowed):
        return "\n\n".join(plain_text(p) for p in text.split("\n\n") if p.strip())
    return rendered.rstrip("\n")


def quote_block(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in safe_markdown(text).splitlines())


def safe_stream(pieces: Iterable[str]) -> Iterable[str]:
    """For each streamed piece, the sanitised *whole* text so far (an image split across pieces stays text)."""
    text = ""
    for piece in pieces:
        text += piece
        yield safe_markdown(text)
