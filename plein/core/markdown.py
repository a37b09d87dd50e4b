"""Markdown that members write, rendered to HTML that is safe to show to everyone.

Actions render once, when the text is saved (`body_html`); templates show the stored HTML.
markdown-it-py (CommonMark plus tables and strikethrough) parses with raw HTML switched
off, so `<script>` typed by a member comes out as text; nh3 then cleans the result against
an allow-list, as a second wall should a rule ever emit something unexpected.

Choices:
- Headings move two levels down (# becomes h3, ## h4, ### and deeper h5/h6): the page
  owns h1 (the title) and h2 (its sections), and the writer's own hierarchy survives.
- Images are never shown (no huge pictures, no tracking pixels, no outside requests made
  by the reader's browser): an image becomes a link to its http(s) address with the alt
  text as link text, or just the alt text for any other address or inside a link.
- Links keep only http, https and mailto addresses (and relative ones), and get
  rel="nofollow ugc noopener". No classes, styles or event attributes survive: table
  cell alignment is therefore lost, which is fine.
- Bare addresses are not turned into links: that needs linkify-it-py, not a dependency.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "del",
        "s",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"*": set(), "a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
HEADING_SHIFT = 2


def render_markdown(text: str) -> str:
    """Safe HTML for a member's Markdown `text`."""
    md = _parser()
    env: EnvType = {}
    tokens = md.parse(text, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"
    html = md.renderer.render(tokens, md.options, env)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def plain_text_excerpt(text: str, length: int = 200) -> str:
    """`text` without Markdown, whitespace collapsed, cut at a word to at most `length`
    characters (with "…"): for notifications, mails and meta descriptions. Plain text:
    escape it where it goes into HTML."""
    parts: list[str] = []
    for token in _parser().parse(text):
        if token.type == "inline":
            parts.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
        parts.append(" ")
    plain = re.sub(r"\s+", " ", "".join(parts)).strip()
    if len(plain) <= length:
        return plain
    cut = plain[: max(length - 1, 0)]
    if " " in cut[length // 2 :]:  # end at a word, unless that throws away half
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _render_image)
    return md


def _render_image(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    alt = _inline_text(token.children or [])
    src = str(token.attrGet("src") or "")
    inside_link = _open_links(tokens[:idx]) > 0  # a link in a link is not HTML
    if inside_link or not src.lower().startswith(("http://", "https://")):
        return escapeHtml(alt)
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt or src)}</a>'


def _open_links(tokens: Sequence[Token]) -> int:
    depth = 0
    for token in tokens:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
    return depth


def _inline_text(children: Sequence[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)
