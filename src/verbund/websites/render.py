"""Markdown to safe HTML: markdown-it-py renders (CommonMark with tables), nh3 (the Ammonia
sanitiser) keeps only harmless tags and attributes. Raw HTML in the Markdown is allowed to
reach the sanitiser, so what it removes (scripts, event handlers, ``javascript:`` links) is
removed and not shown as text."""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")

TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "img", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "del", "sup", "sub",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"scope"}}


def markdown_to_html(text: str) -> str:
    """Safe HTML for a text in Markdown. Headings start at level 2 (the page has its h1)."""
    html = _MARKDOWN.render(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def markdown_to_text(text: str) -> str:
    """Plain text for an e-mail: the Markdown as written, without raw HTML."""
    return html.unescape(nh3.clean(text or "", tags=set()))
