"""The privacy guard (PRODUCT.md P2): finds client data in text a member is about to post.

`scan(text)` returns non-overlapping findings, in text order. Only a citizen service
number (BSN) blocks: there is no reason to post one, and the 11-test plus the rules below
keep look-alikes (amounts, dates, company numbers) out. Everything else is a warning the
member may confirm, because a phone number, e-mail address or address may be their own
or their organisation's. Actions call `guard(title, body, confirmed=...)`.

What is found, and what is left alone on purpose to keep ordinary professional text quiet:

- **bsn**: 9 digits, or 8 (read with a leading zero), passing the 11-test
  (`stdnum.nl.bsn`), written together or in groups with any separators between them
  (spaces of any kind, line breaks, dashes, dots, slashes, underscores, doubled or mixed,
  with spaces around). It is looked for in the text as readers see it (`find_bsns`): the
  typed text and the rendered Markdown as plain text, both folded first (NFKC, every
  script's digits as 0-9, invisible characters and soft hyphens dropped, every space and
  dash alike), so `12 34 56 782`, fullwidth or Arabic-Indic digits, a zero-width space,
  `&#49;23456782` and `1234**5**6782` are all found. Not when the digits continue a longer
  number, are glued to a word (a VAT number NL123456782B01) or a reference (Z/24/123456),
  are part of an IBAN or of a phone number with more digits, look like an amount (euro
  sign or word, decimals), or follow the name of an organisation's number (KvK, AGB, RSIN,
  btw, kenmerk, factuur-, ordernummer, ...) without "BSN" nearby. A dot followed by a
  space ends a number (a sentence ends there). Dates (12-03-1980, 1980-03-12), periods of
  years (2019-2023) and times (09.00-17.00) are what they look like, so they never block.
- **phone**: `phonenumbers.PhoneNumberMatcher` for region NL (also +31, 0031 and foreign
  numbers written with +). Only number types a person can have: organisation-only ranges
  (0800, 0900, 088, 14 0xx) are skipped; they also match opening hours like 09.00-17.00.
- **email**: any address except role addresses (info@, secretariaat@, ...), which are
  never a client's.
- **iban**: with a valid checksum (`stdnum.iban`), written together or in groups of four.
- **birth_date**: see `_is_birth_date`.
- **postcode_house_number**: a postcode followed by a house number (7511 AB 12, 7511ab,
  12a) or a street and number followed by a postcode (Dorpsstraat 12, 7511 AB). A postcode
  alone is not personal data. Lower-case letters that form a common word (2019 en 12) are
  not a postcode, and an address right after an organisation word (bezoekadres, postbus,
  gemeentehuis, kantoor, locatie, ...) is the office's, not a client's.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

import phonenumbers
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from plein.core.errors import PleinError
from plein.core.markdown import render_markdown


class FindingKind(models.TextChoices):
    BSN = "bsn", _("citizen service number (BSN)")
    PHONE = "phone", _("phone number")
    EMAIL = "email", _("e-mail address")
    IBAN = "iban", _("bank account number (IBAN)")
    BIRTH_DATE = "birth_date", _("date of birth")
    POSTCODE_HOUSE_NUMBER = "postcode_house_number", _("postcode and house number")


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    start: int
    end: int
    excerpt: str  # text[start:end]

    @property
    def blocks(self) -> bool:
        return self.kind == FindingKind.BSN


# Which kind wins when two findings overlap (lower wins).
_PRIORITY = {
    FindingKind.BSN: 0,
    FindingKind.IBAN: 1,
    FindingKind.EMAIL: 2,
    FindingKind.PHONE: 3,
    FindingKind.POSTCODE_HOUSE_NUMBER: 4,
    FindingKind.BIRTH_DATE: 5,
}

# --- BSN -------------------------------------------------------------------------------

# Digit groups with any separators between them: spaces, dashes, dots, slashes and
# underscores, alone, doubled or mixed, with spaces around ("12 - 34 / 56_782"). Read on
# folded text (see `_fold`), where every kind of space or line break is " " and every dash
# "-". Chains are matched whole, so a BSN's digits never come out of a longer number.
_DIGIT_CHAIN_RE = re.compile(r"[0-9]+(?:(?:[ ]{0,4}[-./_]{1,3}[ ]{0,4}|[ ]{1,4})[0-9]+)*")
_DIGIT_RUN_RE = re.compile(r"[0-9]+")
_ASCII_DIGIT_RE = re.compile(r"[0-9]")
# A dot right after a number and then a space ends a sentence ("BSN 123456782. 12
# kinderen"): the number does not go on after it.
_SENTENCE_END_RE = re.compile(r"(?<=[0-9])\.+[ ]+")
_AMOUNT_BEFORE_RE = re.compile(r"(?:€|\beur|\beuro)\s*$", re.IGNORECASE)
_AMOUNT_AFTER_RE = re.compile(r"^\s*(?:€|eur\b|euro\b|,-)", re.IGNORECASE)
# Numbers an organisation gives out: company registers, provider codes, and the
# references of its letters and invoices (never what a BSN is called).
_ORG_ID_BEFORE_RE = re.compile(
    r"\b(?:kvk|kamer van koophandel|agb|rsin|btw|oin|uzi|kenmerk|factuur\w*|order\w*|"
    r"offerte\w*|bestelnummer|isbn)\b",
    re.IGNORECASE,
)
_BSN_WORD_RE = re.compile(r"bsn|burgerservicenummer|sofi", re.IGNORECASE)
# "BSN123456782" or "bsn-123456782": glued to the word that names it, still a BSN.
_BSN_WORD_GLUED_RE = re.compile(r"(?:bsn|burgerservicenummer|sofinummer)[-./_]?$", re.IGNORECASE)
_PHONE_WINDOW = 20  # characters either side of a number where a longer phone number may be
# When a text has fewer digits than this (after folding), neither view can hold a BSN.
_BSN_MIN_DIGITS = 8

# --- what readers see ------------------------------------------------------------------

# ASCII whitespace, folded one for one (positions stay the same) in the common ASCII text.
_ASCII_SPACES = str.maketrans(dict.fromkeys("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", " "))
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_OTHER_DASHES = frozenset("\u2212\u2043\u02d7\u2796")  # minus signs, hyphen bullet
# Format characters (zero-width space and joiners, word joiner, BOM, soft hyphen,
# direction marks) and combining marks (an accent, underline or keycap on a digit).
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me"})
# Where the rendered text breaks a line, so words on either side stay apart.
_BLOCK_TAGS = frozenset(
    {"p", "br", "li", "ul", "ol", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote"}
    | {"table", "thead", "tbody", "tr"}
)
# Table cells stand side by side: a column border, not a separator, so the figures of one
# row ("| 2023 | 1.234 | 12 |") never read as one number.
_CELL_TAGS = frozenset({"th", "td"})
_LINE_BREAKS_RE = re.compile(r"\s*\n\s*")
# What can stand for a digit in typed text: an ASCII digit, an HTML character reference
# (markdown-it and nh3 turn &#49; into 1), or any non-ASCII character (folding decides).
_TYPED_DIGIT_RE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|[0-9]|[^\x00-\x7f]"
)

# --- phone -----------------------------------------------------------------------------

_T = phonenumbers.PhoneNumberType
_PERSONAL_PHONE_TYPES = frozenset(
    {
        _T.MOBILE,
        _T.FIXED_LINE,
        _T.FIXED_LINE_OR_MOBILE,
        _T.VOIP,
        _T.PERSONAL_NUMBER,
        _T.PAGER,
        _T.UNKNOWN,  # a foreign number the library cannot type: better warn
    }
)

# --- e-mail ----------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+\-])(?P<local>[\w.+\-]+)@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}(?![\w\-])"
)
_ROLE_MAILBOXES = frozenset(
    {
        "info",
        "contact",
        "secretariaat",
        "receptie",
        "servicedesk",
        "helpdesk",
        "support",
        "noreply",
        "no-reply",
        "privacy",
        "communicatie",
        "klantcontact",
        "postbus",
        "webmaster",
        "redactie",
        "gemeente",
    }
)

# --- IBAN ------------------------------------------------------------------------------

_IBAN_RE = re.compile(
    r"""
    (?<![0-9A-Za-z])
    [A-Z]{2}[0-9]{2}
    (?: [0-9A-Z]{11,30} | (?:\ [0-9A-Z]{4}){2,7}(?:\ [0-9A-Z]{1,4})? )
    (?![0-9A-Za-z])
    """,
    re.VERBOSE | re.IGNORECASE,
)

# --- dates -----------------------------------------------------------------------------

_MONTHS = {
    # Dutch
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "oktober": 10,
    "okt": 10,
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "mar": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "oct": 10,
    # both
    "jan": 1,
    "feb": 2,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RES = (
    re.compile(
        r"(?<![0-9.\-/])(?P<d>[0-9]{1,2})(?P<sep>[\-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})"
        r"(?![0-9])(?![.\-/][0-9])"
    ),
    re.compile(r"(?<![0-9.\-/])(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?![0-9\-])"),
    re.compile(
        rf"(?<![0-9])(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th|e|ste|de)?\s+(?P<mon>{_MONTH_ALT})\.?,?"
        r"\s+(?P<y>[0-9]{4})(?![0-9])",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<![\w])(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?"
        r"\s+(?P<y>[0-9]{4})(?![0-9])",
        re.IGNORECASE,
    ),
)
_BIRTH_WORDS_RE = re.compile(
    r"(?<!\w)(?:geboren|geb\.?|geboortedatum|geboortedag|geboortejaar|gebdat|jarig|"
    r"verjaardag|leeftijd|born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|aged?)(?!\w)",
    re.IGNORECASE,
)
# Words that put a date on a calendar (a meeting, a decision, a law taking effect).
_EVENT_WORDS_BEFORE_RE = re.compile(
    r"(?<!\w)(?:per|sinds|vanaf|tot|tot en met|t/m|sedert|d\.d\.|dd|datum|op|van|in|na|voor|"
    r"besluit|brief|wet|vergadering|bijeenkomst|overleg|uitspraak|maandag|dinsdag|woensdag|"
    r"donderdag|vrijdag|zaterdag|zondag|since|from|until|on|dated|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)[\s:,]*$",
    re.IGNORECASE,
)
_BIRTH_CONTEXT_BEFORE = 40
_BIRTH_CONTEXT_AFTER = 15
_PERIOD_GAP = 25  # two dates this close together are a period, not a birthday

# --- postcode and house number ---------------------------------------------------------

_POSTCODE = r"[1-9][0-9]{3}\ ?[A-Za-z]{2}(?![\w])"
_HOUSE_NUMBER = r"[0-9]{1,5}(?:[A-Za-z]{1,2}|-[0-9A-Za-z]{1,4})?(?![\w])"
_POSTCODE_RES = (
    re.compile(
        rf"(?<![\w])(?P<pc>{_POSTCODE})[ \t]*,?[ \t]*(?:nr\.?\s*|nummer\s+)?{_HOUSE_NUMBER}"
    ),
    # Street and number first: the street is a word just before the number.
    re.compile(rf"(?<=[^\W\d_]\ ){_HOUSE_NUMBER}[ \t]*,?[ \t]*(?P<pc>{_POSTCODE})"),
)
# Letter pairs that are never issued in postcodes, or are ordinary words when lower case.
_NOT_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})
_COMMON_WORD_RE = re.compile(
    r"en|op|de|in|te|is|om|of|al|nu|zo|ik|we|je|ze|er|na|ja|af|an|at|uw|ie|he|me|ge|"
    r"to|on|or|as|by|it|so|up|go|do|no|my|be|if|us|am|ad|"
    r"mg|ml|kg|km|cm|mm|ha|kb|mb|gb|kw|pk|ct|pp|nr|st"  # units and abbreviations
)
_OFFICE_WORDS_RE = re.compile(
    r"\b(?:postbus|antwoordnummer|bezoekadres|postadres|gemeentehuis|stadhuis|stadskantoor|"
    r"raadhuis|kantoor|vestiging|wijkcentrum|buurthuis|bibliotheek|locatie|vergaderlocatie|"
    r"kvk)\b",
    re.IGNORECASE,
)
_OFFICE_CONTEXT_BEFORE = 60


# --- scanning --------------------------------------------------------------------------


def scan(text: str, *, today: datetime.date | None = None) -> list[Finding]:
    """Client data in `text`: non-overlapping findings in text order."""
    if today is None:
        today = timezone.localdate()
    candidates: list[Finding] = []
    iban_spans = _ibans(text, candidates)
    phones = [p for p in _phones(text) if not _overlaps_any(p, iban_spans)]
    bsns = [b for b in find_bsns(text) if not _overlaps_any(b, iban_spans)]
    for bsn in bsns:
        around = [p for p in phones if _overlaps(p, bsn)]
        if any(_digit_count(p.excerpt) > _digit_count(bsn.excerpt) for p in around):
            continue  # the digits belong to a longer phone number
        phones = [p for p in phones if p not in around]  # a BSN wins over a phone
        candidates.append(bsn)
    candidates += phones
    candidates += _emails(text)
    candidates += _postcodes(text)
    candidates += _birth_dates(text, today)
    return _without_overlaps(candidates)


def _ibans(text: str, out: list[Finding]) -> list[tuple[int, int]]:
    """Adds valid IBANs to `out`; returns the spans of everything shaped like an account
    number, valid or not, so that its digits are not read as a BSN or phone number."""
    spans = []
    for match in _IBAN_RE.finditer(text):
        start, end = match.span()
        raw = match.group()
        found = False
        # A grouped IBAN may have swallowed a following four-letter word; drop groups
        # from the end until it checks out.
        while len(raw.replace(" ", "")) >= 15:
            if stdnum_iban.is_valid(raw.upper()):
                out.append(Finding(FindingKind.IBAN, start, start + len(raw), raw))
                spans.append((start, start + len(raw)))
                found = True
                break
            if " " not in raw:
                break
            raw = raw.rsplit(" ", 1)[0]
        if not found and _digit_count(match.group()) >= 8:
            spans.append((start, end))
    return spans


def _phones(text: str) -> list[Finding]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        if phonenumbers.number_type(match.number) in _PERSONAL_PHONE_TYPES:
            found.append(Finding(FindingKind.PHONE, match.start, match.end, match.raw_string))
    return found


def find_bsns(text: str, *, markdown: bool = True) -> list[Finding]:
    """BSNs in `text` as readers will see it, with spans in `text` itself.

    Two views are read, each folded first (see `_fold`): the text as typed, and, with
    `markdown`, the text as the page shows it (rendered Markdown, sanitised, as plain
    text), where `1234**5**6782` and `&#49;23456782` read 123456782. A number found only
    in the rendered view is mapped back to the typed text by its digits; where that fails
    the whole text is marked, since a BSN must block either way."""
    typed = _fold(text)
    found = [
        Finding(FindingKind.BSN, start, end, text[start:end])
        for start, end in (typed.source_span(s, e) for s, e in _bsn_spans(typed.text))
    ]
    if not markdown or (
        len(_ASCII_DIGIT_RE.findall(typed.text)) < _BSN_MIN_DIGITS and "&" not in text
    ):
        return found
    shown = _fold(_rendered_text(text)).text
    wanted = [_digits(shown[start:end]) for start, end in _bsn_spans(shown)]
    for start, end in _spans_of_digits(text, wanted):
        finding = Finding(FindingKind.BSN, start, end, text[start:end])
        if not any(_overlaps(finding, f) for f in found):
            found.append(finding)
    return sorted(found, key=lambda f: f.start)


def _bsn_spans(folded: str) -> list[tuple[int, int]]:
    spans = []
    for chain in _DIGIT_CHAIN_RE.finditer(folded):
        start = chain.start()
        for sentence_end in _SENTENCE_END_RE.finditer(folded, chain.start(), chain.end()):
            if _is_bsn(folded, start, sentence_end.start()):
                spans.append((start, sentence_end.start()))
            start = sentence_end.end()
        if _is_bsn(folded, start, chain.end()):
            spans.append((start, chain.end()))
    return spans


def _is_bsn(folded: str, start: int, end: int) -> bool:
    """Whether the digit groups at folded[start:end] are a BSN: 9 digits, or 8 read with a
    leading zero, passing the 11-test, and not an amount, a date, a time range, a period
    of years, a reference, an organisation's number or part of a longer phone number."""
    groups = _DIGIT_RUN_RE.findall(folded, start, end)
    digits = "".join(groups)
    if len(digits) not in (8, 9) or not stdnum_bsn.is_valid(digits.zfill(9)):
        return False
    separators = _DIGIT_RUN_RE.split(folded[start:end])[1:-1]
    if _is_date_or_period(groups, separators):
        return False
    before = folded[max(0, start - 30) : start]
    glued_before = folded[start - 1 : start] if start else ""
    glued = glued_before.isalnum() or (
        glued_before in ("-", ".", "/", "_", ",") and folded[start - 2 : start - 1].isalnum()
    )
    if glued and not _BSN_WORD_GLUED_RE.search(before):
        return False  # NL123456782B01, Z/24/123456, 1,123456782: a code's tail, a decimal
    after = folded[end : end + 2]
    if after[:1].isalnum() or (after[:1] == "," and after[1:2].isdigit()):
        return False  # glued to a word, or an amount with decimals
    if _AMOUNT_BEFORE_RE.search(folded[max(0, start - 8) : start]) or _AMOUNT_AFTER_RE.search(
        folded[end : end + 8]
    ):
        return False
    if _ORG_ID_BEFORE_RE.search(before) and not _BSN_WORD_RE.search(before):
        return False
    window_start = max(0, start - _PHONE_WINDOW)
    window = folded[window_start : end + _PHONE_WINDOW]
    for phone in phonenumbers.PhoneNumberMatcher(window, "NL"):
        overlaps = phone.start + window_start < end and start < phone.end + window_start
        if overlaps and _digit_count(phone.raw_string) > len(digits):
            return False  # the digits belong to a longer phone number
    return True


def _is_date_or_period(groups: Sequence[str], separators: Sequence[str]) -> bool:
    """12-03-1980, 1980-03-12, 2019-2023 and 09.00-17.00 are what they look like, also
    when their digits pass the 11-test; dates never block."""
    lengths = [len(group) for group in groups]
    numbers = [int(group) for group in groups]
    if lengths == [2, 2, 4]:
        day, month, year = numbers
        return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100
    if lengths == [4, 2, 2]:
        year, month, day = numbers
        return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100
    if lengths == [4, 4]:
        return all(1900 <= year <= 2100 for year in numbers)
    if lengths == [2, 2, 2, 2]:
        hour, minute, hour2, minute2 = numbers
        dotted = separators[0].strip() == "." and separators[2].strip() == "."
        return dotted and hour <= 24 and hour2 <= 24 and minute < 60 and minute2 < 60
    return False


@dataclass(frozen=True)
class _Folded:
    """Folded text and how to find each of its positions in the text it came from: from
    `breaks_out[i]` on, position p came from `breaks_source[i] + p - breaks_out[i]`."""

    text: str
    breaks_out: list[int]
    breaks_source: list[int]
    source_length: int

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self._source(start), self._source(end - 1) + 1

    def _source(self, position: int) -> int:
        i = bisect.bisect_right(self.breaks_out, position) - 1
        source = self.breaks_source[i] + position - self.breaks_out[i]
        return min(source, self.source_length - 1)


def _fold(text: str) -> _Folded:
    """`text` as a reader looking for digits sees it (see `_fold_character`). ASCII, the
    usual case, only has its whitespace folded, one for one."""
    if text.isascii():
        return _Folded(text.translate(_ASCII_SPACES), [0], [0], len(text))
    parts: list[str] = []
    breaks_out, breaks_source = [0], [0]
    length = position = 0
    for match in _NON_ASCII_RE.finditer(text):
        ascii_part = text[position : match.start()].translate(_ASCII_SPACES)
        parts.append(ascii_part)
        length += len(ascii_part)
        for index in range(match.start(), match.end()):
            folded = _fold_character(text[index])
            parts.append(folded)
            if len(folded) == 1:
                length += 1
                continue
            for offset in range(len(folded)):  # each character of an expansion: this one
                breaks_out.append(length + offset)
                breaks_source.append(index)
            length += len(folded)
            breaks_out.append(length)
            breaks_source.append(index + 1)
        position = match.end()
    parts.append(text[position:].translate(_ASCII_SPACES))
    return _Folded("".join(parts), breaks_out, breaks_source, len(text))


@functools.lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    """One character as a reader looking for digits sees it: NFKC (fullwidth and
    mathematical digits; no-break, thin and other spaces), every decimal digit as 0-9
    (Arabic-Indic, extended Arabic-Indic, Devanagari, ...), every space or line break a
    " ", every dash a "-", and nothing for what is not seen (`_INVISIBLE_CATEGORIES`)."""
    folded = []
    for ch in unicodedata.normalize("NFKC", character):
        category = unicodedata.category(ch)
        if category in _INVISIBLE_CATEGORIES:
            continue
        if ch.isspace() or category[0] == "Z":
            folded.append(" ")
        elif category == "Pd" or ch in _OTHER_DASHES:
            folded.append("-")
        elif (digit := unicodedata.decimal(ch, None)) is not None:
            folded.append(str(digit))
        else:
            folded.append(ch)
    return "".join(folded)


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" | ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _rendered_text(text: str) -> str:
    """What the page shows of Markdown `text`, as plain text: blocks (paragraphs, list items,
    lines) one line break apart, however far apart they were typed, as a reader sees them."""
    parser = _PlainText()
    parser.feed(render_markdown(text))
    parser.close()
    return _LINE_BREAKS_RE.sub("\n", "".join(parser.parts))


def _digits(text: str) -> str:
    return "".join(_DIGIT_RUN_RE.findall(text))


def _spans_of_digits(text: str, wanted: Sequence[str]) -> list[tuple[int, int]]:
    """Where in typed `text` each digit string in `wanted` was typed, in order, reading the
    digits as the rendered page does (folded, character references decoded, anything else
    between them ignored): `1234**5**6782` holds 123456782 from its first to its last digit.
    The whole text when a string cannot be found (so it is still marked)."""
    if not wanted:
        return []
    digits: list[str] = []
    sources: list[tuple[int, int]] = []
    for match in _TYPED_DIGIT_RE.finditer(text):
        typed = match.group()
        shown = html.unescape(typed) if typed.startswith("&") else typed
        for digit in _digits("".join(_fold_character(ch) for ch in shown)):
            digits.append(digit)
            sources.append(match.span())
    all_digits = "".join(digits)
    spans = []
    search_from = 0
    for number in wanted:
        at = all_digits.find(number, search_from)
        if at < 0:
            at = all_digits.find(number)
        if at < 0:
            spans.append((0, len(text)))
            continue
        spans.append((sources[at][0], sources[at + len(number) - 1][1]))
        search_from = at + len(number)
    return spans


def _emails(text: str) -> list[Finding]:
    return [
        Finding(FindingKind.EMAIL, m.start(), m.end(), m.group())
        for m in _EMAIL_RE.finditer(text)
        if m.group("local").lower() not in _ROLE_MAILBOXES
    ]


def _postcodes(text: str) -> list[Finding]:
    found = []
    for pattern in _POSTCODE_RES:
        for match in pattern.finditer(text):
            letters = match.group("pc")[-2:]
            if letters.upper() in _NOT_POSTCODE_LETTERS:
                continue
            if not letters.isupper() and _COMMON_WORD_RE.fullmatch(letters.lower()):
                continue
            start, end = match.span()
            if _OFFICE_WORDS_RE.search(text[max(0, start - _OFFICE_CONTEXT_BEFORE) : start]):
                continue
            found.append(Finding(FindingKind.POSTCODE_HOUSE_NUMBER, start, end, match.group()))
    return found


def _birth_dates(text: str, today: datetime.date) -> list[Finding]:
    dates: list[tuple[int, int, datetime.date]] = []
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            month = match.group("m") if "m" in match.groupdict() else None
            number = int(month) if month else _MONTHS[match.group("mon").lower()]
            try:
                day = datetime.date(int(match.group("y")), number, int(match.group("d")))
            except ValueError:
                continue  # 31-02-2010 is not a date
            dates.append((match.start(), match.end(), day))
    dates.sort()
    found = []
    for i, (start, end, day) in enumerate(dates):
        neighbours = [(s, e) for s, e, _d in dates[max(i - 1, 0) : i] + dates[i + 1 : i + 2]]
        if _is_birth_date(text, start, end, day, today, neighbours):
            found.append(Finding(FindingKind.BIRTH_DATE, start, end, text[start:end]))
    return found


def _is_birth_date(
    text: str,
    start: int,
    end: int,
    day: datetime.date,
    today: datetime.date,
    other_dates: Sequence[tuple[int, int]],
) -> bool:
    """The rule for dates (dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd, "3 maart 2012",
    "March 3, 2012"), tuned so that the many dates of meetings, decisions and laws in
    professional text stay quiet:

    1. Only real calendar dates from 1900 up to today: a future date is an appointment.
    2. A birth word (geboren, geb., geboortedatum, leeftijd, jarig, born, DOB, ...) up to
       40 characters before or 15 after the date: always a finding.
    3. Without one, a date from the last two years is a meeting or a deadline: no finding.
    4. Without one, an older date is still a calendar date, not a birthday, when a word
       like per, sinds, vanaf, tot, op, van, d.d., besluit, wet or a weekday comes right
       before it, or when another date stands within 25 characters (a period: "van
       1-1-2015 tot 31-12-2018"). Otherwise, such a lone older date ("Jan (03-04-2011)
       woont bij...") is a finding.
    """
    if not datetime.date(1900, 1, 1) <= day <= today:
        return False
    before = text[max(0, start - _BIRTH_CONTEXT_BEFORE) : start]
    after = text[end : end + _BIRTH_CONTEXT_AFTER]
    if _BIRTH_WORDS_RE.search(before) or _BIRTH_WORDS_RE.search(after):
        return True
    if day > _years_before(today, 2):
        return False
    if _EVENT_WORDS_BEFORE_RE.search(text[max(0, start - 20) : start]):
        return False
    return not any(s - end <= _PERIOD_GAP and start - e <= _PERIOD_GAP for s, e in other_dates)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _overlaps_any(finding: Finding, spans: Iterable[tuple[int, int]]) -> bool:
    return any(finding.start < end and start < finding.end for start, end in spans)


def _without_overlaps(candidates: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for candidate in sorted(
        candidates, key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start)
    ):
        if not any(_overlaps(candidate, k) for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda f: f.start)


# --- telling the member ----------------------------------------------------------------


def describe(finding: Finding) -> str:
    """A plain-language explanation of one finding, for next to the highlighted text."""
    kind = finding.kind
    if kind == FindingKind.BSN:
        return gettext(
            "This looks like a citizen service number (BSN). Client data must never be "
            "posted here; remove it to continue."
        )
    if kind == FindingKind.PHONE:
        return gettext(
            "This looks like a phone number. If it belongs to a client, remove it. If it is "
            "not client data (for example your own work number), you can confirm and post "
            "anyway."
        )
    if kind == FindingKind.EMAIL:
        return gettext(
            "This looks like an e-mail address. If it belongs to a client, remove it. If it "
            "is not client data (for example your own work address), you can confirm and "
            "post anyway."
        )
    if kind == FindingKind.IBAN:
        return gettext(
            "This looks like a bank account number (IBAN). If it belongs to a client, "
            "remove it. If it is not client data (for example your organisation's account), "
            "you can confirm and post anyway."
        )
    if kind == FindingKind.BIRTH_DATE:
        return gettext(
            "This looks like a date of birth. If it belongs to a client, remove it. If it "
            "is not a date of birth, you can confirm and post anyway."
        )
    return gettext(
        "This looks like a home address (postcode and house number). If it belongs to a "
        "client, remove it. If it is not client data (for example your office's address), "
        "you can confirm and post anyway."
    )


def highlight(text: str, findings: Iterable[Finding]) -> SafeString:
    """`text` HTML-escaped, each finding wrapped in <mark class="plein-privacy-mark">.
    Expects findings of this very text, as `scan` returns them (no overlaps)."""
    parts: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue  # overlapping: keep the first
        parts.append(escape(text[position : finding.start]))
        parts.append('<mark class="plein-privacy-mark">')
        parts.append(escape(text[finding.start : finding.end]))
        parts.append("</mark>")
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every piece of text is escaped above


# --- for the actions -------------------------------------------------------------------


class PrivacyFindings(PleinError):
    """Base of the two guard errors. `findings_per_text[i]` holds the findings of the i-th
    text given to `guard`, so a view can highlight the title and the body separately."""

    status_code = 400

    def __init__(self, message: str, findings_per_text: Sequence[Sequence[Finding]]) -> None:
        super().__init__(message)
        self.findings_per_text: tuple[tuple[Finding, ...], ...] = tuple(
            tuple(findings) for findings in findings_per_text
        )

    @property
    def findings(self) -> list[Finding]:
        return [f for findings in self.findings_per_text for f in findings]


class PrivacyBlocked(PrivacyFindings):
    """A BSN: the text cannot be posted, confirmed or not."""


class PrivacyWarning(PrivacyFindings):
    """Possible client data: the member may post after confirming it is not."""


def guard(*texts: str, confirmed: bool) -> None:
    """Raises PrivacyBlocked for a BSN in any of `texts`, else PrivacyWarning for other
    findings unless the member `confirmed` they are not client data."""
    findings_per_text = [scan(text) for text in texts]
    found = [f for findings in findings_per_text for f in findings]
    if any(f.blocks for f in found):
        raise PrivacyBlocked(
            gettext(
                "This text contains what looks like a citizen service number (BSN). Client "
                "data must never be posted here; remove it to continue."
            ),
            findings_per_text,
        )
    if found and not confirmed:
        kinds = list(dict.fromkeys(f.kind for f in found))
        raise PrivacyWarning(
            gettext(
                "This text may contain client data: %(kinds)s. Remove it if it belongs to a "
                "client. If it is not client data, confirm and post anyway."
            )
            % {"kinds": ", ".join(str(kind.label) for kind in kinds)},
            findings_per_text,
        )


def privacy_box(error: Exception, **texts: str) -> dict:
    """The context of the privacy box a form shows when `error` came from the guard: each
    of the member's named `texts` in which something was found, with the findings marked,
    and whether posting is blocked. Empty for any other error."""
    if not isinstance(error, PrivacyBlocked | PrivacyWarning):
        return {}
    return {
        "privacy_findings": {
            name: highlight(text, findings)
            for name, text in texts.items()
            if (findings := scan(text))
        },
        "privacy_blocked": isinstance(error, PrivacyBlocked),
    }
