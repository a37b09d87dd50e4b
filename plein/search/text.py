"""Words for the search index and for queries: lowercase, letters and digits only, Dutch
stop words dropped, and (for SQLite) Snowball's Dutch stemmer, the same algorithm as
PostgreSQL's 'dutch' configuration, so both databases find the same questions."""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

# The brief's list plus Snowball's Dutch stop words (what PostgreSQL's 'dutch' drops), so
# SQLite neither indexes nor ranks on words PostgreSQL ignores.
STOP_WORDS = frozenset(
    """
    de het een en van in op is hoe wat wie voor met aan bij dat die te om er ook als zijn
    niet of je ik we wij jullie mijn onze kan kun kunnen gaan over naar door
    the a an how what to of for and do does with
    was had maar hem dan zou men dit zo ze zich tot mij uit der daar haar heb heeft hebben
    deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen
    toen moet ben zonder hun dus alles onder ja eens hier werd altijd doch wordt wezen ons
    zelf tegen na reeds wil kon niets uw iemand geweest andere hij
    """.split()  # noqa: SIM905 (reads as the word list it is)
)

# Letters and digits; everything else (punctuation, FTS operators, quotes, emoji) separates.
_WORD = re.compile(r"[^\W_]+")
# Longer "words" are pasted links or noise; PostgreSQL refuses very long ones in a query.
MAX_WORD_LENGTH = 60
# A query is what someone types as a title, perhaps with a body: more words than this
# add cost without changing which questions come first.
MAX_QUERY_WORDS = 24
MAX_QUERY_CHARS = 4000
# Shorter prefixes match too many words to be useful while typing.
MIN_PREFIX_LENGTH = 3


def words(text: str) -> list[str]:
    """Lowercased words without stop words, in order (duplicates kept). Accents typed
    as a letter plus a combining mark (NFD) are composed first, as most text has them."""
    return [
        word
        for word in _WORD.findall(unicodedata.normalize("NFC", text.lower()))
        if 1 < len(word) <= MAX_WORD_LENGTH and word not in STOP_WORDS
    ]


_local = threading.local()


def _stemmer() -> Any:
    # Snowball stemmer objects keep state between calls: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        # snowballstemmer 3 renamed PostgreSQL's algorithm "dutch_porter" and gave "dutch"
        # a new one; 2.x has only the old one, as "dutch".
        name = "dutch_porter" if "dutch_porter" in snowballstemmer.algorithms() else "dutch"
        stemmer = _local.stemmer = snowballstemmer.stemmer(name)
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Dutch stem of one lowercased word ("wachtlijsten" -> "wachtlijst")."""
    return str(_stemmer().stemWord(word))


def stemmed(text: str) -> str:
    """Text as the SQLite index stores it: stems separated by spaces."""
    return " ".join(stem(word) for word in words(text))


@dataclass(frozen=True)
class Query:
    """What to look for: whole words (any of them may match) and the last word as typed,
    which matches as the start of a longer word ("wachtl" finds "wachtlijst"). The
    prefix word is not repeated in `words`: it would count twice in the ranking."""

    words: tuple[str, ...]
    prefix: str | None = None

    def __bool__(self) -> bool:
        return bool(self.words or self.prefix)

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(stem(word) for word in self.words))

    @property
    def unstemmed_prefix(self) -> str | None:
        """The prefix as typed, when its stem's prefix would not cover it: "gemeen" must
        find "gemeente" (stem "gemeent"), though the stem of "gemeen" is "gemen"."""
        if self.prefix is None or self.prefix.startswith(stem(self.prefix)):
            return None
        return self.prefix


def parse_query(text: str) -> Query:
    """Never raises: anything that is not a letter or digit is a separator."""
    truncated = len(text) > MAX_QUERY_CHARS
    found = words(text[:MAX_QUERY_CHARS])
    if not found:
        return Query(())
    last = found[-1]
    # A cut-off text does not end in a word being typed.
    prefix = last if not truncated and len(last) >= MIN_PREFIX_LENGTH else None
    unique = tuple(word for word in dict.fromkeys(found) if word != prefix)
    return Query(unique[:MAX_QUERY_WORDS], prefix)
