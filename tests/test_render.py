"""safe_markdown: what the browser is given never loads a remote image or runs markup."""

import re

import pytest

from assistant.render import quote_block, safe_markdown

REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*https?://", re.I)
# A tag the browser would act on: one whose angle bracket is not escaped as text.
TAG = re.compile(r"(?<!\\)</?[a-z][^>]*>", re.I)


@pytest.mark.parametrize(
    "text",
    [
        "See ![chart](http://evil.example/x.png) here.",
        "![](https://evil.example/pixel.gif)",
        "Two: ![a](http://a.example/1.png) and ![b](http://b.example/2.png)",
    ],
)
def test_remote_images_are_removed_but_their_alt_text_stays(text: str) -> None:
    out = safe_markdown(text)
    assert not REMOTE_IMAGE.search(out)


def test_alt_text_is_kept_as_plain_words() -> None:
    assert safe_markdown("See ![the chart](http://x.example/c.png) here.") == "See the chart here."


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>hello",
        '<img src="http://x.example/p.png" onerror="alert(1)">',
        "<iframe src='http://x.example'></iframe>",
        "<b>bold</b> and <a href='javascript:alert(1)'>link</a>",
    ],
)
def test_html_tags_are_stripped(text: str) -> None:
    assert not TAG.search(safe_markdown(text))


def test_ordinary_markdown_is_left_alone() -> None:
    text = "**LoRA** trains low-rank matrices [1].\n\n- fewer parameters\n- `rank` 8 < 16"
    assert safe_markdown(text) == text


def test_quote_block_quotes_every_line_and_is_sanitised() -> None:
    quoted = quote_block("first line\n\n<b>second</b> ![x](http://x.example/i.png)")
    lines = quoted.splitlines()
    assert lines[:2] == ["> first line", ">"] and all(line.startswith(">") for line in lines)
    assert not TAG.search(quoted) and not REMOTE_IMAGE.search(quoted) and "second" in lines[2]
