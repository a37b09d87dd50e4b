"""Snippets with the searched words highlighted, made in Python from the document text so
both databases show the same thing (PostgreSQL's ts_headline would re-parse every result,
and SQLite's index holds stems, not the words as written)."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from plein.search.text import MAX_WORD_LENGTH, Query, stem

_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_#>`~]+|^\s*[-+]\s", re.MULTILINE)
# Words around the first cluster of matches.
SNIPPET_WORDS = 32
# Reading a whole 50,000-character thread for one snippet is wasted work.
SCAN_CHARS = 20_000


class _Matcher:
    """Whether a word as written is one of the searched words, in any form. Built once
    per text: the stems of the query are worked out once, not for every word."""

    def __init__(self, query: Query) -> None:
        self.stems = frozenset(query.stems)
        self.prefix = query.prefix or ""
        self.prefix_stem = stem(self.prefix) if self.prefix else ""

    def __call__(self, word: str) -> bool:
        lowered = word.lower()
        if len(lowered) > MAX_WORD_LENGTH:
            return False
        stemmed_word = stem(lowered)
        if self.prefix and (
            lowered.startswith(self.prefix) or stemmed_word.startswith(self.prefix_stem)
        ):
            return True
        return stemmed_word in self.stems


def highlight(text: str, query: Query) -> SafeString:
    """`text` escaped, with every searched word (any form: "wachtlijsten" for
    "wachtlijst") wrapped in <mark>."""
    return _marked(text, _Matcher(query), 0, len(text))


def snippet(text: str, query: Query, *, words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of `text` around the first place where searched words
    cluster, highlighted, with an ellipsis where text was left out."""
    text = _plain(text[:SCAN_CHARS])
    matches = _Matcher(query)
    # Read words only up to the first match and the window after it: a long thread is
    # mostly never looked at.
    spans: list[tuple[int, int]] = []
    first_hit: int | None = None
    for found in _WORD.finditer(text):
        spans.append(found.span())
        if first_hit is None and matches(found.group()):
            first_hit = len(spans) - 1
        if len(spans) >= (first_hit if first_hit is not None else len(spans)) + words:
            break
    if not spans:
        return mark_safe("")
    # Start a few words before the first match so the reader sees what it is about.
    first = max(0, first_hit - 6) if first_hit is not None else 0
    last = min(len(spans), first + words) - 1
    start = spans[first][0]
    read_all = last == len(spans) - 1 and _WORD.search(text, spans[last][1]) is None
    end = len(text) if read_all else spans[last][1]
    marked = _marked(text, matches, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + marked + suffix)


def _plain(markdown: str) -> str:
    """Markdown as the reader sees it, near enough for a snippet: link texts without
    their addresses, no emphasis or heading marks, one line."""
    text = _LINK.sub(r"\1", markdown)
    text = _MARKUP.sub("", text)
    return " ".join(text.split())


def _marked(text: str, matches: _Matcher, start: int, end: int) -> SafeString:
    parts: list[str] = []
    position = start
    for match in _WORD.finditer(text, start, end):
        if matches(match.group()):
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:end]))
    return mark_safe("".join(parts))
