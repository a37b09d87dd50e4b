"""Valid BSNs in the disguises of issue 14 (what got past the guard), for the scan-level
test here and the action-level test of every kind of content (tests/test_privacy_guard_actions.py).

A disguise keeps what a reader sees: the page still shows the nine (or eight) digits of a
valid BSN, in order, with only separators, invisible characters or markup between them."""

from dataclasses import dataclass

from hypothesis import assume
from hypothesis import strategies as st

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)

# Each digit can be written in another script or as an HTML character reference.
DIGIT_WRITINGS = {
    "ascii": lambda d: str(d),
    "fullwidth": lambda d: chr(0xFF10 + d),
    "arabic-indic": lambda d: chr(0x0660 + d),
    "extended arabic-indic": lambda d: chr(0x06F0 + d),
    "decimal reference": lambda d: f"&#{48 + d};",
    "hex reference": lambda d: f"&#x{48 + d:x};",
}
SEPARATORS = (
    " ",
    "\u00a0",  # no-break space
    "\u2009",  # thin space
    "\u202f",  # narrow no-break space
    "\n",
    "\r\n",
    "  ",
    "/",
    "_",
    " - ",
    "-",
    ".",
    " . ",
    " / ",
    "\u2013",  # en dash
    " \u2014 ",  # em dash
    "-\n",
    " -/ ",
    "\u00a0-\u00a0",
)
INVISIBLES = (
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # BOM
    "\u00ad",  # soft hyphen
)
EMPHASIS = ("**", "*", "`")
# Shapes an eight-digit number shares with dates (12-03-1980, 1980-03-12), periods of years
# (2019-2023) and times (09.00-17.00), which never block: not a disguise, a different thing.
DATE_SHAPES = ([2, 2, 4], [4, 2, 2], [4, 4], [2, 2, 2, 2])


def check_digit(prefix: list[int]) -> int:
    return sum(d * w for d, w in zip(prefix, WEIGHTS, strict=True)) % 11


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    """Nine digits passing the 11-test; a leading zero may make it eight visible digits."""
    prefix = draw(
        st.lists(st.integers(0, 9), min_size=8, max_size=8).filter(
            lambda p: any(p) and check_digit(p) < 10
        )
    )
    return "".join(map(str, prefix)) + str(check_digit(prefix))


@dataclass(frozen=True)
class Disguised:
    bsn: str  # the nine digits
    written: str  # how it is typed


@st.composite
def disguised_bsns(draw: st.DrawFn) -> Disguised:
    bsn = draw(valid_bsns())
    digits = bsn[1:] if bsn[0] == "0" and draw(st.booleans()) else bsn
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=len(digits) - 1)))
    lengths = [b - a for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    assume(lengths not in DATE_SHAPES)
    writing = draw(st.sampled_from(sorted(DIGIT_WRITINGS)))
    mixed = draw(st.booleans())  # each digit in a script of its own
    pieces: list[str] = []  # one per digit, with what follows it
    for i, digit in enumerate(digits):
        how = draw(st.sampled_from(sorted(DIGIT_WRITINGS))) if mixed else writing
        piece = DIGIT_WRITINGS[how](int(digit))
        if i + 1 < len(digits) and draw(st.integers(0, 5)) == 0:
            piece += draw(st.sampled_from(INVISIBLES))
        pieces.append(piece)
    # Markdown emphasis or code around some digits, not across a group border. Code shows
    # a character reference as typed, so only around plain digits; emphasis next to one
    # is not emphasis (a "&" is punctuation to CommonMark) and the page would show "**".
    if draw(st.booleans()):
        first = draw(st.integers(0, len(digits) - 1))
        last = draw(st.integers(first, len(digits) - 1))
        group_of = [g for g, length in enumerate(lengths) for _ in range(length)]
        marker = draw(st.sampled_from(EMPHASIS))
        inside = range(first, last + 1) if marker == "`" else (first, last)
        plain = all(not pieces[i].startswith("&") for i in inside)
        if group_of[first] == group_of[last] and plain:
            pieces[first] = marker + pieces[first]
            pieces[last] = pieces[last] + marker
    written = ""
    for i, piece in enumerate(pieces):
        written += piece
        if i + 1 in cuts:
            written += draw(st.sampled_from(SEPARATORS))
    return Disguised(bsn, written)


CONTEXTS = (
    "{}",
    "Cliënt {} belde gisteren.",
    "BSN: {}.",
    "De moeder (nummer {}) vroeg om hulp.",
    "Zoek {} even op in het systeem, wil je?",
)

# One of each disguise the issue names, on 123456782, for tests that go through every
# field of every kind of content.
NAMED = {
    "no-break spaces": "123\u00a0456\u00a0782",
    "thin spaces": "123\u2009456\u2009782",
    "narrow no-break spaces": "123\u202f456\u202f782",
    "split across lines": "1234\n56782",
    "pairs": "12 34 56 782",
    "slashes": "123/456/782",
    "underscores": "123_456_782",
    "spaced dashes": "123 - 456 - 782",
    "double spaces": "123  456  782",
    "mixed separators": "12.34-56/782",
    "zero-width space": "1234\u200b56782",
    "soft hyphen": "1234\u00ad56782",
    "fullwidth digits": "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12",
    "arabic-indic digits": "١٢٣٤٥٦٧٨٢",
    "extended arabic-indic digits": "۱۲۳۴۵۶۷۸۲",
    "character reference": "&#49;23456782",
    "hex character reference": "&#x31;23456782",
    "emphasis": "1234**5**6782",
    "code": "1234`5`6782",
}
